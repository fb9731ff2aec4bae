import Foundation
import KithTestSupport
import Testing

/// `kith log`, `snooze`, `history` and `status` against a real state directory.
@Suite struct StoreCommandTests {
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("kith-cmd-\(UUID().uuidString)").path

    private func config() throws -> String {
        try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC",
              "people": [
                { "name": "Ada Lovelace", "every": "1w", "lastContact": "2026-01-01" },
                { "name": "Ada King", "every": "1w", "lastContact": "2026-01-01" },
                { "name": "Grace Hopper", "every": "1w", "lastContact": "2026-01-01" }
              ] }
            """)
    }

    private func kith(_ arguments: [String], _ config: String) throws -> KithBinary.Result {
        try KithBinary.run(arguments + ["--config", config, "--state", state])
    }

    @Test func loggingRestartsTheClockAndShowsInHistory() throws {
        let config = try config()
        #expect(try kith(["due", "--at", "2026-11-23T08:00"], config).stdout.contains("Grace Hopper"))
        let logged = try kith(
            ["log", "grace", "--on", "2026-11-22", "--kind", "call", "--note", "long chat\nabout COBOL"], config)
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(logged.stdout == "Logged call with Grace Hopper on 2026-11-22. Next due 2026-11-29 (every week).\n")
        #expect(!(try kith(["due", "--at", "2026-11-23T08:00"], config).stdout.contains("Grace Hopper")))
        let history = try kith(["history", "Grace Hopper"], config)
        #expect(history.stdout.contains("2026-11-22  call: long chat about COBOL"))
        #expect(history.stdout.contains("2026-01-01  last contact (config)"))
    }

    @Test func namesMustMatchOnePerson() throws {
        let config = try config()
        let ambiguous = try kith(["log", "ada"], config)
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("\"ada\" could mean \"Ada Lovelace\", \"Ada King\""))
        let unknown = try kith(["log", "Grase Hopper"], config)
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr.contains("nobody called \"Grase Hopper\" is in the config; did you mean \"Grace Hopper\"?"))
        #expect(try kith(["log", "king"], config).status == 0, "a unique start of any word matches")
    }

    @Test func badLogInputIsRefused() throws {
        let config = try config()
        let future = try kith(["log", "Grace", "--on", "2999-01-01"], config)
        #expect(future.status == 1)
        #expect(future.stderr.contains("is in the future"))
        let kind = try kith(["log", "Grace", "--kind", "lunch"], config)
        #expect(kind.status != 0)
        #expect(kind.stderr.contains("\"lunch\" is not a kind of contact; use one of: met, call"))
        let date = try kith(["log", "Grace", "--on", "2026-02-30"], config)
        #expect(date.status != 0)
        #expect(date.stderr.contains("is not a date"))
    }

    @Test func snoozeLeavesSomeoneOutUntilItEnds() throws {
        let config = try config()
        let snoozed = try kith(["snooze", "Grace", "2w"], config)
        #expect(snoozed.status == 0, "\(snoozed.stderr)")
        #expect(snoozed.stdout.hasPrefix("Grace Hopper is left out of digests until "))
        #expect(!(try kith(["due"], config).stdout.contains("Grace Hopper")))
        #expect(try kith(["preview"], config).stdout.contains("Grace") == false)
        #expect(try kith(["snooze", "Grace", "--off"], config).stdout == "Grace Hopper is back in the digests.\n")
        #expect(try kith(["due"], config).stdout.contains("Grace Hopper"))
        let bad = try kith(["snooze", "Grace", "a while"], config)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is not a duration"))
    }

    @Test func statusBeforeAnyDigest() throws {
        let config = try config()
        let status = try kith(["status"], config)
        #expect(status.status == 0)
        #expect(status.stdout.contains("Next digest: "))
        #expect(status.stdout.contains("No digest recorded yet."))
    }
}
