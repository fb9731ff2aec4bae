import Foundation
import KithTestSupport
import Testing

/// Date arithmetic for checking command output in tests.
enum LocalDateLike {
    static func matches(_ word: Substring) -> Bool {
        word.count >= 10 && word.prefix(10).allSatisfy { $0.isNumber || $0 == "-" }
            && word.prefix(4).allSatisfy(\.isNumber)
    }
}

extension ISO8601DateFormatter {
    static func date(_ day: String) -> TimeInterval {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: day)!.timeIntervalSince1970
    }

    static func dayBefore(_ day: String) -> String {
        string(
            from: Date(timeIntervalSince1970: date(day) - 86_400), timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withFullDate])
    }
}

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
        // A week after the call, or today if that day has passed: the first day `kith due` lists her.
        let next = max("2026-11-29", today)
        #expect(logged.stdout == "Logged call with Grace Hopper on 2026-11-22. Next due \(next) (every week).\n")
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
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("The value 'lunch' is invalid for '--kind <kind>'"), "\(kind.stderr)")
        let date = try kith(["log", "Grace", "--on", "2026-02-30"], config)
        #expect(date.status != 0)
        #expect(date.stderr.contains("is not a date"))
        let ancient = try kith(["log", "Grace", "--on", "2001-01-01"], config)
        #expect(ancient.status == 1)
        #expect(ancient.stderr.contains("more than 10 years before kith first saw Grace Hopper"), "\(ancient.stderr)")
        #expect(try kith(["log", "Grace", "--on", "2020-01-01"], config).status == 0)
    }

    /// Today in UTC, the config's zone, as YYYY-MM-DD.
    private var today: String {
        ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }

    @Test func theNextDueLineIsTheDayKithDueFirstListsThem() throws {
        let config = try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam" }, "timezone": "UTC", "followUp": { "after": ["3d", "2w"] },
              "people": [ { "name": "Nia New", "every": "3m" }, { "name": "Kai Known", "every": "1m", "lastContact": "2026-01-01" } ] }
            """)
        for (name, expectedFollowUp) in [("Nia New", true), ("Kai Known", false)] {
            let logged = try kith(["log", name, "--kind", "met"], config)
            #expect(logged.status == 0, "\(logged.stderr)")
            let next = try #require(logged.stdout.split(separator: " ").last { LocalDateLike.matches($0) })
            let day = String(next.prefix(10))
            // The follow-up after meeting someone new comes in 3 days; a known person's clock restarts.
            let gap = Int((ISO8601DateFormatter.date(day) - ISO8601DateFormatter.date(today)) / 86_400)
            #expect(expectedFollowUp ? gap == 3 : gap >= 28, "\(name): \(logged.stdout)")
            let before = try kith(["due", "--at", "\(ISO8601DateFormatter.dayBefore(day))T12:00"], config)
            #expect(!before.stdout.contains(name), "\(before.stdout)")
            let on = try kith(["due", "--at", "\(day)T12:00"], config)
            #expect(on.stdout.contains(name), "\(name) is not due on \(day): \(on.stdout)")
        }
    }

    @Test func undoTakesBackTheLastEntryKithLogAdded() throws {
        let config = try config()
        #expect(try kith(["log", "Grace", "--note", "first"], config).status == 0)
        #expect(try kith(["log", "king", "--kind", "call", "--note", "second"], config).status == 0)
        let undone = try kith(["log", "--undo"], config)
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(undone.stdout.hasPrefix("Took back call with Ada King on \(today) (second)."), "\(undone.stdout)")
        #expect(!(try kith(["history", "king"], config).stdout.contains("second")))
        #expect(try kith(["history", "Grace"], config).stdout.contains("first"))
        #expect(try kith(["log", "--undo", "Grace"], config).stdout.hasPrefix("Took back message with Grace Hopper"))
        let nothing = try kith(["log", "--undo"], config)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("nothing kith log added"))
        #expect(try kith(["log", "--undo", "--note", "x"], config).status != 0)
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
