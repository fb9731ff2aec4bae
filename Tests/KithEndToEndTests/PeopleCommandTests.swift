import Foundation
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kith add`, `remove`, `rename` and `people` on a real file: the config keeps every byte
/// outside the entry changed, and the state follows the person.
@Suite(.serialized) struct PeopleCommandTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-people-\(UUID().uuidString)")
    private var state: String { root.appendingPathComponent("state").path }

    static let original = """
        // Sam's people.
        {
          "owner": { "name": "Sam" },  // me
          "timezone": "UTC",
          "circles": { "close": { "every": "2w" }, "wider": { "every": "3m" } },
          "people": [
            /* family first */
            { "name": "Ada Lovelace", "circle": "close", "email": "ada@example.org" },
            {
              "name": "Tomás Ñúñez",
              "circle": "wider",
              "nickname": "Tom",
            },
          ],
        }

        """

    private func write(_ text: String = PeopleCommandTests.original, mode: mode_t = 0o640) throws -> String {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let path = root.appendingPathComponent("config.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    private func kith(_ arguments: [String], _ config: String, environment: [String: String] = [:]) throws
        -> KithBinary.Result
    {
        try KithBinary.run(arguments + ["--config", config, "--state", state], environment: environment)
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func addKeepsEveryOtherByteTheModeAndABackup() throws {
        let config = try write()
        let added = try kith(
            [
                "add", "Grace Hopper", "--email", "grace@example.org", "--every", "1m", "--met", "2026-11-20", "--at",
                "PyCon",
            ],
            config)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added Grace Hopper (every month)"))
        #expect(added.stdout.contains("systemctl --user reload kith"))
        let expected = Self.original.replacingOccurrences(
            of: "      \"nickname\": \"Tom\",\n    },\n",
            with: "      \"nickname\": \"Tom\",\n    },\n    {\n      \"name\": \"Grace Hopper\",\n"
                + "      \"email\": \"grace@example.org\",\n      \"every\": \"1m\",\n      \"met\": \"2026-11-20\",\n"
                + "      \"metAt\": \"PyCon\"\n    },\n")
        #expect(try read(config) == expected)
        #expect(try read(config + ".bak") == Self.original)
        let attributes = try FileManager.default.attributesOfItem(atPath: config)
        #expect(attributes[.posixPermissions] as? Int == 0o640)

        let again = try kith(["add", "grace hopper", "--every", "1w"], config)
        #expect(again.status == 1)
        #expect(again.stderr.contains("in the config already"))
        #expect(
            again.stderr.contains("\"name\": \"Grace Hopper\",\n      \"email\": \"grace@example.org\""),
            "the entry is shown")
        let byAddress = try kith(["add", "G. Hopper", "--email", "GRACE@example.org", "--every", "1w"], config)
        #expect(byAddress.status == 1, "the same address is the same person")
        #expect(try read(config) == expected, "a refused add changes nothing")

        let invalid = try kith(["add", "Alan Turing", "--circle", "nosuch"], config)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("would not load"), "\(invalid.stderr)")
        #expect(try read(config) == expected)
    }

    @Test func peopleListsTheNextDueDateTheDigestUses() throws {
        let config = try write()
        #expect(try kith(["log", "Ada", "--on", "2026-11-01", "--kind", "call"], config).status == 0)
        let people = try kith(["people"], config)
        #expect(people.status == 0, "\(people.stderr)")
        #expect(people.stdout.contains("Ada Lovelace"))
        #expect(people.stdout.contains("2026-11-01 call"))
        let json = try kith(["people", "--json", "--circle", "close"], config)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["lastKind"] as? String == "call")
        // The same date `kith log` announced.
        let logged = try kith(["log", "Ada", "--on", "2026-11-02"], config)
        let announced = logged.stdout.components(separatedBy: "Next due ").last?.prefix(10)
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(try kith(["people", "--json"], config).stdout.utf8))
                as? [[String: Any]])
        #expect(listed.first?["nextDue"] as? String == announced.map(String.init))
        #expect(try kith(["people", "--circle", "nosuch"], config).status == 1)
    }

    @Test func renameCarriesTheHistoryAndLookupIgnoresAccents() throws {
        let config = try write()
        #expect(try kith(["log", "tomas", "--note", "found without the accent"], config).status == 0)
        #expect(try kith(["log", "Tom", "--note", "found by nickname"], config).status == 0)
        #expect(try kith(["snooze", "Tomás", "2w"], config).status == 0)
        let renamed = try kith(["rename", "tomas", "Tomás Ñúñez García"], config)
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(
            try read(config) == Self.original.replacingOccurrences(of: "Tomás Ñúñez\"", with: "Tomás Ñúñez García\""))
        let history = try kith(["history", "García"], config)
        #expect(history.stdout.contains("found without the accent") && history.stdout.contains("found by nickname"))
        #expect(try kith(["people", "--json"], config).stdout.contains("\"snoozedUntil\": \""), "the snooze follows")
        #expect(try kith(["rename", "Ada", "Tom"], config).status == 0, "a nickname is not a name")
        let taken = try kith(["rename", "Tom", "Tomás Ñúñez García"], config)
        #expect(taken.status == 1)
    }

    @Test func aRenameByHandKeepsTheHistoryThroughAkaAndCheckExplainsIt() throws {
        let config = try write()
        #expect(try kith(["log", "Ada", "--note", "tea"], config).status == 0)
        _ = try write(Self.original.replacingOccurrences(of: "\"Ada Lovelace\",", with: "\"Ada King\","))
        let check = try kith(["check"], config)
        #expect(check.stderr.contains("\"Ada Lovelace\", who is not in the config any more"), "\(check.stderr)")
        #expect(check.stderr.contains("\"aka\""))
        _ = try write(
            Self.original.replacingOccurrences(
                of: "\"Ada Lovelace\",", with: "\"Ada King\", \"aka\": [\"Ada Lovelace\"],"))
        #expect(!(try kith(["check"], config).stderr.contains("not in the config any more")))
        #expect(try kith(["history", "Ada"], config).stdout.contains("tea"))
        #expect(try kith(["log", "Ada", "--note", "cake"], config).status == 0)
        let history = try kith(["history", "Ada King"], config).stdout
        #expect(history.contains("tea") && history.contains("cake"), "\(history)")
    }

    @Test func removeKeepsTheHistoryUnlessForgetAndAReadOnlyConfigIsExit73() throws {
        let config = try write()
        #expect(try kith(["log", "Ada", "--note", "tea"], config).status == 0)
        let removed = try kith(["remove", "Ada"], config)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!(try read(config)).contains("Ada Lovelace"))
        #expect(try read(config).contains("/* family first */"))
        _ = try write()
        #expect(try kith(["history", "Ada"], config).stdout.contains("tea"), "kept")
        #expect(try kith(["remove", "Ada", "--forget"], config).status == 0)
        _ = try write()
        #expect(!(try kith(["history", "Ada"], config).stdout.contains("tea")), "forgotten")

        // A read-only file system: one sentence, exit 73, nothing changed.
        let directory = root.appendingPathComponent("ro").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try run("/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", directory)
        defer { try? run("/bin/umount", "-l", directory) }
        let frozen = directory + "/config.json"
        try Self.original.write(toFile: frozen, atomically: false, encoding: .utf8)
        try run("/bin/mount", "-o", "remount,ro", directory)
        #expect(try kith(["log", "Ada", "--note", "scones"], frozen).status == 0, "the state is elsewhere, writable")
        let rename = try kith(["rename", "Ada", "Ada King"], frozen)
        #expect(rename.status == 73, "\(rename.stderr)")
        let history = try kith(["history", "Ada Lovelace"], frozen)
        #expect(history.stdout.contains("scones"), "the state's rename is undone")
        let refused = try kith(["add", "Grace", "--every", "1m"], frozen)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("read-only"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try read(frozen) == Self.original)
    }

    @Test func aSecondEditorWaitsForTheLockThenGivesUpClearly() throws {
        let config = try write()
        // Another kith holds the lock (flock on the sidecar file) for 3 seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'a'); fcntl.flock(f,fcntl.LOCK_EX); print('locked',flush=True); time.sleep(3)",
            root.appendingPathComponent(".config.json.lock").path,
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        _ = output.fileHandleForReading.readData(ofLength: 7)
        let gaveUp = try kith(["add", "Grace", "--every", "1m"], config, environment: ["KITH_LOCK_WAIT_SECONDS": "1"])
        #expect(gaveUp.status == 75)
        #expect(gaveUp.stderr.contains("another kith"), "\(gaveUp.stderr)")
        let waited = try kith(["add", "Grace", "--every", "1m"], config, environment: ["KITH_LOCK_WAIT_SECONDS": "10"])
        #expect(waited.status == 0, "it waits for the lock: \(waited.stderr)")
        holder.waitUntilExit()
        #expect(try read(config).contains("Grace"))
    }

    private func run(_ command: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPTestServer.ServerError(
                message: "\(command) \(arguments.joined(separator: " ")) failed; these tests need root")
        }
    }
}

/// An introduction logged as done (`gave`, naming the other person) is never suggested again.
@Suite struct IntroductionDoneTests {
    @Test func aLoggedIntroductionIsNotSuggestedAgain() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("kith-intro-\(UUID().uuidString)")
            .path
        let config = KithBinary.root.appendingPathComponent("config.example.json").path
        let common = ["--config", config, "--state", state]
        let before = try KithBinary.run(["due", "--json", "--at", "2026-12-01T07:30"] + common)
        #expect(before.stdout.contains("\"reason\": \"introduction\""), "the example suggests Ada and Linus")
        let logged = try KithBinary.run(
            ["log", "Ada", "--kind", "gave", "--note", "introduced her to Linus Pauling about engine funding"] + common)
        #expect(logged.status == 0, "\(logged.stderr)")
        let after = try KithBinary.run(["due", "--json", "--at", "2027-06-01T07:30"] + common)
        #expect(!after.stdout.contains("\"reason\": \"introduction\""), "\(after.stdout)")
    }
}
