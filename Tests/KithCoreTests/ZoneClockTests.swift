import Foundation
import KithCore
import Testing

@Suite struct ZoneClockTests {
    private func utc(_ text: String) -> Date {
        let local = LocalDateTime(iso: text)!
        return Date(timeIntervalSince1970: TimeInterval(local.secondsAsIfUTC))
    }

    private func clock(_ zone: String) -> ZoneClock {
        ZoneClock(timeZone: TimeZone(identifier: zone)!)
    }

    /// Local wall-clock time → instant, including spring-forward gaps and fall-back repeats.
    @Test(arguments: [
        ("Europe/Berlin", "2027-01-15T07:30", "2027-01-15T06:30"),
        ("Europe/Berlin", "2027-03-28T02:30", "2027-03-28T01:00"),  // gap: first instant after it (03:00 CEST)
        ("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30"),  // repeated: the first one (CEST)
        ("America/New_York", "2027-03-14T02:30", "2027-03-14T07:00"),  // gap: 03:00 EDT
        ("America/New_York", "2027-11-07T01:30", "2027-11-07T05:30"),  // repeated: 01:30 EDT
        ("Australia/Lord_Howe", "2027-10-03T02:15", "2027-10-02T15:30"),  // 30-minute gap: 02:30 +11
        ("Australia/Lord_Howe", "2027-04-04T01:45", "2027-04-03T14:45"),  // 30-minute repeat: first (+11)
        ("Asia/Kathmandu", "2027-03-28T07:30", "2027-03-28T01:45"),
        ("Pacific/Kiritimati", "2026-11-23T07:30", "2026-11-22T17:30"),
        ("America/St_Johns", "2026-11-23T07:30", "2026-11-23T11:00"),
    ])
    func localTimeToInstant(zone: String, local: String, expectedUTC: String) {
        #expect(clock(zone).instant(LocalDateTime(iso: local)!) == utc(expectedUTC))
    }

    @Test(arguments: [
        ("Pacific/Kiritimati", "2026-11-22T09:59", "2026-11-22"),
        ("Pacific/Kiritimati", "2026-11-22T10:00", "2026-11-23"),
        ("America/St_Johns", "2026-11-23T03:29", "2026-11-22"),
        ("America/St_Johns", "2026-11-23T03:30", "2026-11-23"),
        ("Asia/Kathmandu", "2026-11-22T18:14", "2026-11-22"),
        ("Asia/Kathmandu", "2026-11-22T18:15", "2026-11-23"),
    ])
    func instantToLocalDateFarFromUTC(zone: String, instantUTC: String, localDate: String) {
        #expect(clock(zone).local(utc(instantUTC)).date == date(localDate))
    }

    @Test func nextSlotSkipsDaysWithoutDigest() throws {
        let cfg = try parseConfig(
            config(
                people: [], extra: #""digest": { "at": "07:30", "days": ["mon", "tue", "wed", "thu", "fri"] }, "#,
                timezone: "Europe/Berlin"))
        let schedule = DigestSchedule(settings: cfg.digest, timeZone: cfg.timeZone)
        // Friday 2026-11-27 08:00 Berlin, after the slot → Monday 30th 07:30 (06:30 UTC).
        let next = schedule.nextSlot(after: utc("2026-11-27T07:00"))
        #expect(next.date == date("2026-11-30"))
        #expect(next.instant == utc("2026-11-30T06:30"))
        // Before today's slot → today.
        #expect(schedule.nextSlot(after: utc("2026-11-26T06:29")).date == date("2026-11-26"))
        #expect(schedule.nextSlot(after: utc("2026-11-26T06:30")).date == date("2026-11-27"))
    }

    @Test func nextSlotOnDSTDays() throws {
        let cfg = try parseConfig(
            config(people: [], extra: #""digest": { "at": "02:30" }, "#, timezone: "Europe/Berlin"))
        let schedule = DigestSchedule(settings: cfg.digest, timeZone: cfg.timeZone)
        let spring = schedule.nextSlot(after: utc("2027-03-27T12:00"))
        #expect(spring.date == date("2027-03-28"))
        #expect(spring.instant == utc("2027-03-28T01:00"))
        // Fall back: 02:30 happens twice; after the first, the next slot is the following day.
        let autumn = schedule.nextSlot(after: utc("2027-10-31T00:30"))
        #expect(autumn.date == date("2027-11-01"))
        #expect(autumn.instant == utc("2027-11-01T01:30"))
    }
}
