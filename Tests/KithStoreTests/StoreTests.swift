import Foundation
import KithCore
import KithStore
import Testing

@Suite struct StoreTests {
    private func store() throws -> Store {
        try Store(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("kith-store-\(UUID().uuidString)")
                .path)
    }

    private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    private func record(_ date: String, people: [String] = ["Ada"], introductions: [String] = []) -> DigestRecord {
        DigestRecord(
            date: day(date), state: .pending, messageID: "<m@x>", message: Array("hello".utf8), people: people,
            introductions: introductions, createdAt: Date())
    }

    @Test func aSentDigestWithTheStalenessNoteIsRemembered() throws {
        let store = try Store(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent(
                "kith-stale-\(UUID().uuidString)"
            ).path)
        var said = record("2026-11-23")
        said.staleNote = true
        said.suggestions = [DigestRecord.Suggestion(key: "ada", text: "Ask Ada about engines.")]
        try store.insertIfAbsent(said)
        #expect(try store.contactState().lastStaleNote == nil, "only a sent digest counts")
        try store.markSent(day: day("2026-11-23"), at: Date())
        try store.insertIfAbsent(record("2026-11-24"))
        try store.markSent(day: day("2026-11-24"), at: Date())
        #expect(try store.contactState().lastStaleNote == day("2026-11-23"))
        #expect(try store.digest(on: day("2026-11-23"))?.staleNote == true)
        #expect(
            try store.contactState().recentSuggestions["ada"]
                == [ShownSuggestion(day: day("2026-11-23"), text: "Ask Ada about engines.")])
    }

    @Test func interactionsFeedTheContactState() throws {
        let store = try store()
        func log(_ date: String, _ kind: InteractionKind, _ note: String? = nil) throws {
            try store.log(
                Interaction(
                    personKey: "ada", personName: "Ada", date: day(date), kind: kind, note: note, loggedAt: Date()))
        }
        try log("2026-11-01", .met)
        try log("2026-11-03", .asked)
        try log("2026-11-05", .received, "an intro")
        let state = try store.contactState()
        #expect(state.lastInteraction["ada"] == day("2026-11-05"))
        #expect(state.lastMet["ada"] == day("2026-11-01"))
        #expect(state.recent["ada"]?.map(\.kind) == [.met, .asked, .received])
        #expect(state.recent["ada"]?.last?.note == "an intro")
        #expect(state.lastLogged == day("2026-11-05"))
        #expect(try store.interactions(personKey: "ada").count == 3)
        #expect(try store.interactions(personKey: "bob").isEmpty)
    }

    @Test func recentKeepsOnlyTheLastFew() throws {
        let store = try store()
        for i in 1...9 {
            try store.log(
                Interaction(
                    personKey: "ada", personName: "Ada", date: day("2026-11-0\(i)"), kind: .message, note: "\(i)",
                    loggedAt: Date()))
        }
        #expect(try store.contactState().recent["ada"]?.map(\.note) == ["5", "6", "7", "8", "9"])
    }

    @Test func firstSeenIsRecordedOnceAndSnoozesComeAndGo() throws {
        let store = try store()
        try store.recordFirstSeen(["ada", "bob"], on: day("2026-11-01"))
        try store.recordFirstSeen(["ada", "cy"], on: day("2026-11-05"))
        var state = try store.contactState()
        #expect(state.firstSeen == ["ada": day("2026-11-01"), "bob": day("2026-11-01"), "cy": day("2026-11-05")])
        #expect(state.trackingSince == day("2026-11-01"))
        try store.snooze(personKey: "ada", personName: "Ada", until: day("2026-12-01"))
        state = try store.contactState()
        #expect(state.snoozedUntil["ada"] == day("2026-12-01"))
        #expect(try store.unsnooze(personKey: "ada"))
        #expect(try !store.unsnooze(personKey: "ada"))
    }

    @Test func aDigestIsRecordedOnceAndClaimedOnce() throws {
        let store = try store()
        let first = try store.insertIfAbsent(record("2026-11-23"))
        var second = record("2026-11-23")
        second.messageID = "<other@x>"
        #expect(try store.insertIfAbsent(second).messageID == first.messageID, "the day's first record stays")
        let claimed = try #require(try store.claim(day: day("2026-11-23"), pid: getpid()))
        #expect(claimed.attempts == 1)
        #expect(try store.claim(day: day("2026-11-23"), pid: getpid()) == nil, "a live process holds it")
        try store.markSent(day: day("2026-11-23"), at: Date())
        #expect(try store.claim(day: day("2026-11-23"), pid: getpid()) == nil, "sent is never sent again")
        #expect(try store.claim(day: day("2026-11-23"), pid: getpid(), force: true) != nil, "unless forced")
        #expect(try store.claim(day: day("2026-11-24"), pid: getpid()) == nil, "nothing recorded, nothing to claim")
    }

    @Test func aSendByADeadProcessCanBeTakenOver() throws {
        let store = try store()
        try store.insertIfAbsent(record("2026-11-23"))
        // A pid that cannot be alive: beyond the kernel's pid_max.
        _ = try store.claim(day: day("2026-11-23"), pid: 99_999_999)
        let again = try #require(try store.claim(day: day("2026-11-23"), pid: getpid()))
        #expect(again.attempts == 2)
    }

    @Test func failuresAreRecordedWithTheirNextAttempt() throws {
        let store = try store()
        try store.insertIfAbsent(record("2026-11-23"))
        _ = try store.claim(day: day("2026-11-23"), pid: getpid())
        let next = Date(timeIntervalSince1970: 1_800_000_000)
        try store.markFailed(day: day("2026-11-23"), kind: .transient, error: "451 later", nextAttemptAt: next)
        let failed = try #require(try store.digest(on: day("2026-11-23")))
        #expect(failed.state == .failed)
        #expect(failed.failureKind == .transient)
        #expect(failed.nextAttemptAt == next)
        #expect(try store.claim(day: day("2026-11-23"), pid: getpid()) != nil, "a failed digest can be retried")
    }

    @Test func sentDigestsTellWhoWasShownAndWhichIntroductions() throws {
        let store = try store()
        try store.insertIfAbsent(record("2026-11-20", people: ["Ada Lovelace", "Bob"], introductions: ["a→b"]))
        try store.insertIfAbsent(record("2026-11-21", people: ["Ada Lovelace"]))
        try store.insertIfAbsent(record("2026-11-22", people: ["Cy"]))
        for d in ["2026-11-20", "2026-11-21"] {
            _ = try store.claim(day: day(d), pid: getpid())
            try store.markSent(day: day(d), at: Date())
        }
        let state = try store.contactState()
        #expect(state.lastShown["ada lovelace"] == day("2026-11-21"))
        #expect(state.lastShown["bob"] == day("2026-11-20"))
        #expect(state.lastShown["cy"] == nil, "only sent digests count")
        #expect(state.recentIntroductions["a→b"] == day("2026-11-20"))
    }

    @Test func aSecondProcessSeesTheSameDatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kith-store-\(UUID().uuidString)")
            .path
        let a = try Store(directory: directory)
        let b = try Store(directory: directory)
        try a.log(
            Interaction(
                personKey: "ada", personName: "Ada", date: day("2026-11-01"), kind: .call, note: nil, loggedAt: Date()))
        #expect(try b.contactState().lastInteraction["ada"] == day("2026-11-01"))
    }

    @Test func anUnusableDirectoryIsAClearError() {
        #expect(throws: StoreError.self) { try Store(directory: "/proc/kith-cannot-be-here") }
    }
}

@Suite struct ClaimTests {
    private func sending(pid: Int32, claimedSecondsAgo: TimeInterval) -> DigestRecord {
        DigestRecord(
            date: LocalDate(iso: "2026-11-23")!, state: .sending, messageID: "<m@x>", message: [], people: [],
            claimedBy: pid, claimedAt: Date().addingTimeInterval(-claimedSecondsAgo), createdAt: Date())
    }

    @Test func aFreshClaimByALiveProcessHolds() {
        #expect(Store.claimIsLive(sending(pid: getpid(), claimedSecondsAgo: 60), now: Date()))
    }

    @Test func anOldClaimIsTakenOverEvenIfThePidRuns() {
        // After a reboot the pid may belong to another program: an hour-old claim is stale.
        #expect(!Store.claimIsLive(sending(pid: getpid(), claimedSecondsAgo: 2 * 3600), now: Date()))
    }

    @Test func aClaimByAnExitedProcessIsTakenOver() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        #expect(!Store.claimIsLive(sending(pid: process.processIdentifier, claimedSecondsAgo: 1), now: Date()))
    }
}
