import KithCore
import Testing

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2026-01-31", "1m", "2026-02-28"),
        ("2028-01-31", "1m", "2028-02-29"),
        ("2026-03-31", "1m", "2026-04-30"),
        ("2026-12-15", "1m", "2027-01-15"),
        ("2026-11-30", "3m", "2027-02-28"),
        ("2028-02-29", "1y", "2029-02-28"),
        ("2028-02-29", "4y", "2032-02-29"),
        ("2026-12-25", "2w", "2027-01-08"),
        ("2026-02-20", "10d", "2026-03-02"),
        ("2028-02-20", "10d", "2028-03-01"),
        ("1999-12-31", "1d", "2000-01-01"),
    ])
    func calendarArithmetic(start: String, cadence: String, expected: String) throws {
        let every = try Cadence.parse(cadence).get()
        #expect(every.after(date(start)).description == expected)
    }

    @Test(arguments: [
        "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01", "2026/01/01",
    ])
    func impossibleOrMalformedDatesAreRejected(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test func leapDaysExistOnlyInLeapYears() {
        #expect(LocalDate(iso: "2028-02-29") != nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "1900-02-29") == nil)
    }

    @Test func roundTripsThroughDayNumbers() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let d = LocalDate(dayNumber: day)
            let (y, m, dd) = d.parts
            #expect(LocalDate(year: y, month: m, day: dd) == d)
        }
    }

    @Test func weekdays() {
        #expect(date("2026-11-23").weekday == 0)  // Monday
        #expect(date("2026-11-22").weekday == 6)  // Sunday
        #expect(date("1970-01-01").weekday == 3)  // Thursday
    }

    @Test(arguments: ["2w", "10d", "3m", "1y", "12W"])
    func durationsParse(text: String) {
        #expect((try? Cadence.parse(text).get()) != nil)
    }

    @Test(arguments: ["", "w", "2", "two weeks", "2 w", "2x", "1.5w", "monthly-ish", "+2w"])
    func malformedDurationsAreRejected(text: String) {
        guard case .failure(.malformed) = Cadence.parse(text) else {
            Issue.record("\(text) should be malformed")
            return
        }
    }

    @Test(arguments: ["0d", "-2w", "00m"])
    func nonPositiveDurationsAreRejected(text: String) {
        guard case .failure(.notPositive) = Cadence.parse(text) else {
            Issue.record("\(text) should be refused as not positive")
            return
        }
    }

    @Test(arguments: [
        ("2026-11-23T07:30", "2026-11-23", 27000),
        ("2026-11-23T23:59", "2026-11-23", 86340),
        ("2026-11-24T00:00", "2026-11-24", 0),
        ("2026-11-23 07:30:15", "2026-11-23", 27015),
    ])
    func localDateTimesParse(text: String, day: String, second: Int) throws {
        let parsed = try #require(LocalDateTime(iso: text))
        #expect(parsed.date == date(day))
        #expect(parsed.secondOfDay == second)
    }

    @Test(arguments: ["2026-11-23", "2026-11-23T24:00", "2026-11-23T7:30", "2026-02-30T07:30", "tomorrow"])
    func badLocalDateTimesAreRejected(text: String) {
        #expect(LocalDateTime(iso: text) == nil)
    }
}
