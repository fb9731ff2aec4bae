import Foundation
import KithCore
import KithTestSupport
import Testing

@testable import KithStore

/// The per-person summary agrees with the whole history after any sequence of changes, and an
/// older store gets it built when it is opened.
@Suite struct ContactSummaryTests {
    private func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kith-summary-\(UUID().uuidString)").path
    }

    private static let names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Emmy Noether", "Kurt Gödel"]

    private func config(_ names: [String]) throws -> Config {
        let people = names.enumerated().map { index, name in
            #"{ "name": "\#(name)", "every": "\#(["1w", "2w", "1m"][index % 3])" }"#
        }
        let json = """
            { "owner": { "name": "Sam" }, "timezone": "UTC", "followUp": { "after": ["2d", "2w"] },
              "people": [ \(people.joined(separator: ",")) ] }
            """
        return try ConfigLoader.parse(bytes: Array(json.utf8), file: "t.json")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func theSummaryAgreesWithTheHistoryAfterEveryStep(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let store = try Store(directory: directory())
        var names = Self.names
        let today = LocalDate(iso: "2026-11-23")!
        let kinds = InteractionKind.allCases
        for step in 0..<120 {
            let name = names.randomElement(using: &random)!
            let key = name.lowercased()
            switch Int.random(in: 0..<10, using: &random) {
            case 0...4:  // log, on a random day, sometimes several at once
                let count = Int.random(in: 1...3, using: &random)
                let batch = (0..<count).map { _ in
                    Interaction(
                        personKey: key, personName: name,
                        date: today.adding(days: -Int.random(in: 0..<60, using: &random)),
                        kind: kinds.randomElement(using: &random)!,
                        note: Bool.random(using: &random) ? "note \(step) with a : colon and 12:34" : nil,
                        loggedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(step)))
                }
                try store.log(batch)
            case 5, 6:
                _ = try store.undoLastLogged(personKey: Bool.random(using: &random) ? key : nil)
            case 7:
                let other = Self.names.randomElement(using: &random)! + " II"
                if !names.contains(other) {
                    try store.rename(personKey: key, to: other.lowercased(), name: other)
                    names[names.firstIndex(of: name)!] = other
                }
            case 8:
                try store.forget(personKey: key)
            default:
                if Bool.random(using: &random) {
                    try store.snooze(
                        personKey: key, personName: name,
                        until: today.adding(days: Int.random(in: 1..<20, using: &random)))
                } else {
                    try store.unsnooze(personKey: key)
                }
            }
            let fromSummary = try store.contactState()
            let fromHistory = try store.contactStateFromHistory()
            #expect(fromSummary == fromHistory, "seed \(seed), step \(step)")
            let cfg = try config(names)
            for offset in [0, 3, 10] {
                let day = today.adding(days: offset)
                let a = DueEngine.due(config: cfg, state: fromSummary, today: day)
                let b = DueEngine.due(config: cfg, state: fromHistory, today: day)
                #expect(a == b, "seed \(seed), step \(step), day \(day)")
            }
            // `kith log` asks about one person with contact: their rows alone give the same answer.
            for person in cfg.people where fromSummary.history[person.key] != nil {
                let alone = try store.contactState(personKey: person.key)
                #expect(
                    DueEngine.nextDue(of: person, config: cfg, state: alone, today: today)
                        == DueEngine.nextDue(of: person, config: cfg, state: fromSummary, today: today),
                    "seed \(seed), step \(step), \(person.name)")
            }
            if fromSummary != fromHistory { return }
        }
    }

    @Test func recentContactsSurviveAnyNote() {
        let contacts = [
            LoggedContact(date: LocalDate(iso: "2026-11-01")!, kind: .met, note: nil),
            LoggedContact(date: LocalDate(iso: "2026-11-02")!, kind: .gave, note: "12:34 -: and\nlines ✨"),
            LoggedContact(date: LocalDate(iso: "2026-11-03")!, kind: .asked, note: ""),
        ]
        let bytes = RecentContacts.encode(contacts)
        #expect(RecentContacts.decode(bytes) == contacts)
        // A damaged row gives the whole contacts before the damage, never a crash.
        #expect(RecentContacts.decode(Array(bytes.dropLast(3))) == Array(contacts.prefix(2)))
        #expect(RecentContacts.decode(Array("9999:1".utf8)).isEmpty)
        #expect(RecentContacts.decode(Array("x:y:z".utf8)).isEmpty)
    }

    @Test func aStoreFromThePreviousSchemaGetsItsSummaryOnOpening() throws {
        // A store as kith wrote it before the summary existed (migrations v1 to v3), with history.
        let dir = directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/kith.sqlite"
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript('''
            PRAGMA journal_mode=WAL;
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('v1'), ('v2: introductions'), ('v3: hand-over and refused recipients');
            CREATE TABLE interaction (id INTEGER PRIMARY KEY AUTOINCREMENT, personKey TEXT NOT NULL, personName TEXT NOT NULL,
              day INTEGER NOT NULL, kind TEXT NOT NULL, note TEXT, loggedAt DOUBLE NOT NULL, source TEXT NOT NULL DEFAULT 'log');
            CREATE INDEX interaction_on_personKey ON interaction(personKey);
            CREATE TABLE digest (day INTEGER PRIMARY KEY, state TEXT NOT NULL, messageID TEXT NOT NULL, message BLOB NOT NULL,
              people TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, failureKind TEXT, lastError TEXT, nextAttemptAt DOUBLE,
              claimedBy INTEGER, createdAt DOUBLE NOT NULL, sentAt DOUBLE, introductions TEXT NOT NULL DEFAULT '',
              claimedAt DOUBLE, handedOverAt DOUBLE, refused TEXT NOT NULL DEFAULT '');
            CREATE INDEX index_digest_on_state_day ON digest(state, day);
            CREATE TABLE snooze (personKey TEXT PRIMARY KEY, personName TEXT NOT NULL, untilDay INTEGER NOT NULL);
            CREATE TABLE firstSeen (personKey TEXT PRIMARY KEY, day INTEGER NOT NULL);
            ''')
            for i in range(3000):
                key = ["ada lovelace", "grace hopper", "alan turing"][i % 3]
                kind = ["met", "call", "message", "gave", "asked", "received"][i % 6]
                db.execute("INSERT INTO interaction (personKey, personName, day, kind, note, loggedAt) VALUES (?,?,?,?,?,?)",
                           (key, key.title(), 20000 + (i * 7) % 400, kind, f"note {i}", 1.0 * i))
            db.execute("INSERT INTO firstSeen VALUES ('ada lovelace', 20000)")
            db.commit()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let store = try Store(directory: dir)
        let fromSummary = try store.contactState()
        #expect(fromSummary == (try store.contactStateFromHistory()))
        #expect(fromSummary.recent["ada lovelace"]?.count == Store.recentPerPerson)
        #expect(fromSummary.lastInteraction.count == 3)
        #expect(try store.interactions(personKey: "grace hopper").count == 1000)
    }
}
