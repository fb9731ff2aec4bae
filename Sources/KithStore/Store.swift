public import Foundation
import GRDB
public import KithCore

#if canImport(Glibc)
    import Glibc
#endif

/// kith's state in SQLite (WAL, with a busy timeout), safe for the daemon and the command line
/// to use at once: logged interactions, the digest outbox, snoozes and first-seen dates.
public final class Store: Sendable {
    private let pool: DatabasePool
    /// The database file.
    public let path: String
    /// The state directory holding it.
    public let directory: String

    /// Where state lives when `--state` is not given: `$STATE_DIRECTORY` (systemd), then
    /// `$XDG_STATE_HOME/kith`, then `~/.local/state/kith`.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let dir = environment["STATE_DIRECTORY"], !dir.isEmpty {
            return String(dir.split(separator: ":").first ?? Substring(dir))
        }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/kith" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/kith" }
        return nil
    }

    /// Opens (creating if needed) `kith.sqlite` in `directory` and brings its schema up to date.
    public init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError("cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        self.directory = directory
        path = directory + "/kith.sqlite"
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "kith"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Store.migrator.migrate(pool)
        } catch {
            throw StoreError("cannot open the state database \(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "interaction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("personKey", .text).notNull().indexed()
                t.column("personName", .text).notNull()
                t.column("day", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("note", .text)
                t.column("loggedAt", .double).notNull()
            }
            try db.create(table: "digest") { t in
                t.primaryKey("day", .integer)
                t.column("state", .text).notNull()
                t.column("messageID", .text).notNull()
                t.column("message", .blob).notNull()
                t.column("people", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("failureKind", .text)
                t.column("lastError", .text)
                t.column("nextAttemptAt", .double)
                t.column("claimedBy", .integer)
                t.column("createdAt", .double).notNull()
                t.column("sentAt", .double)
            }
            try db.create(table: "snooze") { t in
                t.primaryKey("personKey", .text)
                t.column("personName", .text).notNull()
                t.column("untilDay", .integer).notNull()
            }
            try db.create(table: "firstSeen") { t in
                t.primaryKey("personKey", .text)
                t.column("day", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: introductions") { db in
            try db.alter(table: "digest") { t in
                t.add(column: "introductions", .text).notNull().defaults(to: "")
                t.add(column: "claimedAt", .double)
            }
            try db.create(indexOn: "digest", columns: ["state", "day"])
        }
        return migrator
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("the state database \(path) could not be written: \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError("the state database \(path) could not be read: \(error)")
        }
    }

    // MARK: - Interactions

    public func log(_ interaction: Interaction) throws(StoreError) {
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO interaction (personKey, personName, day, kind, note, loggedAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    interaction.personKey, interaction.personName, interaction.date.dayNumber,
                    interaction.kind.rawValue,
                    interaction.note, interaction.loggedAt.timeIntervalSince1970,
                ])
        }
    }

    /// Someone's interactions, oldest first.
    public func interactions(personKey: String) throws(StoreError) -> [Interaction] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM interaction WHERE personKey = ? ORDER BY day, loggedAt", arguments: [personKey]
            ).map(Store.interaction)
        }
    }

    private static func interaction(_ row: Row) -> Interaction {
        Interaction(
            personKey: row["personKey"], personName: row["personName"], date: LocalDate(dayNumber: row["day"]),
            kind: Interaction.Kind(rawValue: row["kind"]) ?? .message, note: row["note"],
            loggedAt: Date(timeIntervalSince1970: row["loggedAt"]))
    }

    /// How many recent interactions per person the due engine sees.
    public static let recentPerPerson = 5
    /// How many sent digests are read for rotation and introductions.
    static let digestsRemembered = 60

    /// What the due engine needs from the store, read in one transaction.
    public func contactState() throws(StoreError) -> ContactState {
        try read { db in
            var state = ContactState()
            let interactions = try Row.fetchCursor(
                db, sql: "SELECT personKey, day, kind, note FROM interaction ORDER BY personKey, day, loggedAt")
            while let row = try interactions.next() {
                let key: String = row["personKey"]
                let day = LocalDate(dayNumber: row["day"])
                let kind = InteractionKind(rawValue: row["kind"]) ?? .message
                state.lastInteraction[key] = max(state.lastInteraction[key] ?? day, day)
                if kind == .met { state.lastMet[key] = max(state.lastMet[key] ?? day, day) }
                var recent = state.recent[key] ?? []
                recent.append(LoggedContact(date: day, kind: kind, note: row["note"]))
                if recent.count > Store.recentPerPerson { recent.removeFirst() }
                state.recent[key] = recent
                state.lastLogged = max(state.lastLogged ?? day, day)
            }
            let seen = try Row.fetchCursor(db, sql: "SELECT personKey, day FROM firstSeen")
            while let row = try seen.next() {
                let day = LocalDate(dayNumber: row["day"])
                state.firstSeen[row["personKey"]] = day
                state.trackingSince = min(state.trackingSince ?? day, day)
            }
            let snoozes = try Row.fetchCursor(db, sql: "SELECT personKey, untilDay FROM snooze")
            while let row = try snoozes.next() {
                state.snoozedUntil[row["personKey"]] = LocalDate(dayNumber: row["untilDay"])
            }
            // Oldest first, so later digests overwrite earlier days.
            let sent = try Row.fetchAll(
                db,
                sql: "SELECT day, people, introductions FROM digest WHERE state = 'sent' ORDER BY day DESC LIMIT ?",
                arguments: [Store.digestsRemembered]
            ).reversed()
            for row in sent {
                let day = LocalDate(dayNumber: row["day"])
                let people: String = row["people"]
                for name in people.split(separator: "\n") { state.lastShown[name.lowercased()] = day }
                let introductions: String = row["introductions"]
                for key in introductions.split(separator: "\n") { state.recentIntroductions[String(key)] = day }
            }
            return state
        }
    }

    /// Notes `day` as the first-seen date of every key not seen before.
    public func recordFirstSeen(_ keys: [String], on day: LocalDate) throws(StoreError) {
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO firstSeen (personKey, day) VALUES (?, ?)")
            for key in keys {
                try statement.execute(arguments: [key, day.dayNumber])
            }
        }
    }

    // MARK: - Snoozes

    public func snooze(personKey: String, personName: String, until day: LocalDate) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO snooze (personKey, personName, untilDay) VALUES (?, ?, ?)",
                arguments: [personKey, personName, day.dayNumber])
        }
    }

    /// Ends a snooze; returns whether there was one.
    @discardableResult
    public func unsnooze(personKey: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM snooze WHERE personKey = ?", arguments: [personKey])
            return db.changesCount > 0
        }
    }

    // MARK: - Digests

    public func digest(on day: LocalDate) throws(StoreError) -> DigestRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [day.dayNumber]).map(
                Store.record)
        }
    }

    /// The most recent digests, newest first.
    public func recentDigests(limit: Int) throws(StoreError) -> [DigestRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM digest ORDER BY day DESC LIMIT ?", arguments: [limit]).map(
                Store.record)
        }
    }

    /// Records `record` unless that day already has one; returns the day's record either way.
    @discardableResult
    public func insertIfAbsent(_ record: DigestRecord) throws(StoreError) -> DigestRecord {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO digest (day, state, messageID, message, people, introductions, attempts, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [
                    record.date.dayNumber, record.state.rawValue, record.messageID, Data(record.message),
                    record.people.joined(separator: "\n"), record.introductions.joined(separator: "\n"),
                    record.createdAt.timeIntervalSince1970,
                ])
            return try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [record.date.dayNumber])
                .map(Store.record)!
        }
    }

    /// Claims the day's digest for sending by process `pid`: only a pending one, a failed one, or
    /// one whose claiming process has died. Returns the claimed record, or nil if it is not
    /// there to claim (sent, empty, or being sent by a live process).
    public func claim(day: LocalDate, pid: Int32, force: Bool = false) throws(StoreError) -> DigestRecord? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [day.dayNumber])
            else { return nil }
            let record = Store.record(row)
            let claimable: Bool
            switch record.state {
            case .pending, .failed: claimable = true
            case .sending: claimable = !Store.claimIsLive(record, now: Date())
            case .sent, .empty: claimable = force
            }
            guard claimable else { return nil }
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'sending', claimedBy = ?, claimedAt = ?, attempts = attempts + 1
                    WHERE day = ?
                    """,
                arguments: [pid, Date().timeIntervalSince1970, day.dayNumber])
            var claimed = record
            claimed.state = .sending
            claimed.claimedBy = pid
            claimed.attempts += 1
            return claimed
        }
    }

    public func markSent(day: LocalDate, at instant: Date) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'sent', sentAt = ?, claimedBy = NULL, failureKind = NULL,
                    lastError = NULL, nextAttemptAt = NULL WHERE day = ?
                    """,
                arguments: [instant.timeIntervalSince1970, day.dayNumber])
        }
    }

    public func markFailed(day: LocalDate, kind: String, error: String, nextAttemptAt: Date?) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'failed', failureKind = ?, lastError = ?, nextAttemptAt = ?, claimedBy = NULL
                    WHERE day = ?
                    """,
                arguments: [kind, error, nextAttemptAt?.timeIntervalSince1970, day.dayNumber])
        }
    }

    /// Puts a digest this process claimed back to pending (an abandoned send at shutdown).
    public func release(day: LocalDate) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE digest SET state = 'pending', claimedBy = NULL WHERE day = ? AND state = 'sending'",
                arguments: [day.dayNumber])
        }
    }

    private static func record(_ row: Row) -> DigestRecord {
        let people: String = row["people"]
        let introductions: String = row["introductions"]
        let message: Data = row["message"]
        return DigestRecord(
            date: LocalDate(dayNumber: row["day"]), state: DigestRecord.State(rawValue: row["state"]) ?? .pending,
            messageID: row["messageID"], message: [UInt8](message),
            people: people.isEmpty ? [] : people.split(separator: "\n").map(String.init),
            introductions: introductions.isEmpty ? [] : introductions.split(separator: "\n").map(String.init),
            attempts: row["attempts"],
            failureKind: row["failureKind"], lastError: row["lastError"],
            nextAttemptAt: (row["nextAttemptAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            claimedBy: (row["claimedBy"] as Int64?).map { Int32(truncatingIfNeeded: $0) },
            claimedAt: (row["claimedAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            sentAt: (row["sentAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    /// The longest a send may hold its claim: older claims are taken over even if a process
    /// with that pid runs (after a reboot the pid may belong to someone else).
    public static let claimLifetime: TimeInterval = 3600

    /// Whether a `sending` record is held by a process that is still at it.
    public static func claimIsLive(_ record: DigestRecord, now: Date) -> Bool {
        guard record.state == .sending, let pid = record.claimedBy else { return false }
        if let at = record.claimedAt, now.timeIntervalSince(at) > claimLifetime { return false }
        return isRunning(pid)
    }

    /// True when `pid` is a process that has not exited (a zombie has).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        // The state follows the command name: "pid (name) S …".
        let state = stat[stat.index(after: close)...].dropFirst().first
        return state != "Z" && state != "X"
    }
}
