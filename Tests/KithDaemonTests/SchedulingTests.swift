import Foundation
import KithCore
import KithStore
import Testing

@testable import KithDaemon

@Suite struct SchedulingTests {
    private func utc(_ text: String) -> Date {
        Date(timeIntervalSince1970: TimeInterval(LocalDateTime(iso: text)!.secondsAsIfUTC))
    }

    private func schedule(_ zone: String, at: String, days: Set<Int> = DigestSettings.allDays) -> DigestSchedule {
        let settings = DigestSettings(
            at: LocalTime(text: at)!, days: days, maxPeople: 5, datesAhead: 7, sendWhenEmpty: false)
        return DigestSchedule(settings: settings, timeZone: TimeZone(identifier: zone)!)
    }

    /// (zone, digest time, now in UTC, expected next fire in UTC)
    @Test(arguments: [
        // Berlin spring forward 2027-03-28 02:00 → 03:00: 02:30 does not exist, fires at 03:00 CEST.
        ("Europe/Berlin", "02:30", "2027-03-27T12:00", "2027-03-28T01:00"),
        // Berlin fall back 2027-10-31 03:00 → 02:00: 02:30 happens twice, fires once, the first time.
        ("Europe/Berlin", "02:30", "2027-10-30T12:00", "2027-10-31T00:30"),
        ("Europe/Berlin", "02:30", "2027-10-31T00:30", "2027-11-01T01:30"),
        ("America/New_York", "02:30", "2027-03-13T12:00", "2027-03-14T07:00"),
        ("America/New_York", "02:30", "2027-11-06T12:00", "2027-11-07T07:30"),
        ("America/New_York", "01:30", "2027-11-07T05:30", "2027-11-08T06:30"),
        // Lord Howe moves 30 minutes: 02:00 → 02:30 on 2027-10-03.
        ("Australia/Lord_Howe", "02:15", "2027-10-02T12:00", "2027-10-02T15:30"),
        ("Asia/Kathmandu", "07:30", "2027-01-01T00:00", "2027-01-01T01:45"),
        ("Asia/Kathmandu", "07:30", "2027-01-01T01:45", "2027-01-02T01:45"),
    ])
    func nextFireTime(zone: String, at: String, now: String, expected: String) {
        #expect(schedule(zone, at: at).nextSlot(after: utc(now)).instant == utc(expected))
    }

    @Test func theNextDigestIsDescribedAtTheTimeItReallyFires() {
        let berlin = schedule("Europe/Berlin", at: "02:30")
        let spring = berlin.nextSlot(after: utc("2027-03-27T12:00"))
        #expect(berlin.describe(spring.instant) == "Sunday 28 March 2027 at 03:00 (Europe/Berlin)")
        let usual = berlin.nextSlot(after: utc("2027-01-01T12:00"))
        #expect(berlin.describe(usual.instant) == "Saturday 2 January 2027 at 02:30 (Europe/Berlin)")
    }

    @Test func weekendsAreSkipped() {
        let weekdays = schedule("Europe/Berlin", at: "07:30", days: [0, 1, 2, 3, 4])
        // Friday 2027-01-08 after the slot → Monday 2027-01-11 07:30 CET.
        let next = weekdays.nextSlot(after: utc("2027-01-08T07:00"))
        #expect(next.date == LocalDate(iso: "2027-01-11"))
        #expect(next.instant == utc("2027-01-11T06:30"))
        #expect(weekdays.slot(on: LocalDate(iso: "2027-01-09")!) == nil)
    }

    private func record(_ state: DigestRecord.State, kind: DigestRecord.FailureKind? = nil, next: Date? = nil)
        -> DigestRecord
    {
        DigestRecord(
            date: LocalDate(iso: "2027-01-08")!, state: state, messageID: "<x@y>", message: [], people: [],
            failureKind: kind, nextAttemptAt: next, createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func planSendsOnceAfterTheSlotAndNeverBefore() {
        let slot = utc("2027-01-08T06:30")
        let before = utc("2027-01-08T06:00")
        let after = utc("2027-01-08T09:00")
        #expect(DigestPlan.decide(now: before, slot: slot, record: nil, configChanged: false) == .idle)
        #expect(DigestPlan.decide(now: after, slot: slot, record: nil, configChanged: false) == .sendNow)
        #expect(DigestPlan.decide(now: after, slot: nil, record: nil, configChanged: false) == .idle)
        #expect(DigestPlan.decide(now: after, slot: slot, record: record(.pending), configChanged: false) == .sendNow)
        #expect(DigestPlan.decide(now: after, slot: slot, record: record(.sending), configChanged: false) == .sendNow)
        #expect(DigestPlan.decide(now: after, slot: slot, record: record(.sent), configChanged: true) == .idle)
        #expect(DigestPlan.decide(now: after, slot: slot, record: record(.empty), configChanged: true) == .idle)
    }

    @Test func planRetriesTransientFailuresWaitsForAReloadAfterConfigurationOnesAndDropsPermanentOnes() {
        let slot = utc("2027-01-08T06:30")
        let now = utc("2027-01-08T09:00")
        let later = now.addingTimeInterval(120)
        let transient = record(.failed, kind: .transient, next: later)
        #expect(DigestPlan.decide(now: now, slot: slot, record: transient, configChanged: false) == .retry(at: later))
        #expect(DigestPlan.decide(now: later, slot: slot, record: transient, configChanged: false) == .sendNow)
        let configuration = record(.failed, kind: .configuration)
        #expect(DigestPlan.decide(now: now, slot: slot, record: configuration, configChanged: false) == .idle)
        #expect(DigestPlan.decide(now: now, slot: slot, record: configuration, configChanged: true) == .sendNow)
        let permanent = record(.failed, kind: .permanent)
        #expect(DigestPlan.decide(now: now, slot: slot, record: permanent, configChanged: true) == .idle)
    }

    @Test func backoffDoublesFromOneMinuteToAnHour() {
        let policy = RetryPolicy()
        #expect((1...8).map { policy.delay(afterAttempt: $0) } == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(RetryPolicy.current(environment: ["KITH_RETRY_BASE_SECONDS": "0.5"]).delay(afterAttempt: 2) == 1)
    }

    @Test func watchdogOnlyForThisProcess() {
        let mine = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())",
        ])
        #expect(mine.watchdogInterval == .seconds(2))
        let other = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1",
        ])
        #expect(other.watchdogInterval == nil)
        #expect(other.startWatchdog(on: DispatchQueue(label: "test")) == nil, "no pings for another process")
        #expect(SystemdNotifier(environment: [:]).isActive == false)
    }
}
