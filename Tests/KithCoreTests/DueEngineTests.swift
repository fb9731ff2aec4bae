import KithCore
import Testing

@Suite struct DueEngineTests {
    private func due(_ people: [String], on day: String, extra: String = "") throws -> [(String, DueEntry)] {
        let cfg = try parseConfig(config(people: people, extra: extra))
        return DueEngine.due(config: cfg, state: .empty, today: date(day)).map { (cfg.people[$0.personIndex].name, $0) }
    }

    @Test(arguments: [
        // lastContact, cadence, today, due?
        ("2026-01-31", "1m", "2026-02-27", false),
        ("2026-01-31", "1m", "2026-02-28", true),
        ("2028-01-31", "1m", "2028-02-28", false),
        ("2028-01-31", "1m", "2028-02-29", true),
        ("2026-11-09", "2w", "2026-11-22", false),
        ("2026-11-09", "2w", "2026-11-23", true),
        ("2025-02-28", "1y", "2026-02-27", false),
        ("2025-02-28", "1y", "2026-02-28", true),
    ])
    func dueWhenCadenceElapsesInCalendarArithmetic(last: String, every: String, today: String, isDue: Bool) throws {
        let entries = try due([#"{ "name": "Ada", "every": "\#(every)", "lastContact": "\#(last)" }"#], on: today)
        #expect(entries.isEmpty == !isDue)
        if isDue {
            #expect(entries[0].1.reason == .overdue)
            #expect(entries[0].1.dueOn == date(today))
            #expect(entries[0].1.daysOverdue == 0)
        }
    }

    @Test func rankedByOverdueRelativeToCadence() throws {
        let entries = try due(
            [
                #"{ "name": "Weekly", "every": "1w", "lastContact": "2026-11-08" }"#,  // 15/7 = 2.14
                #"{ "name": "Quarterly", "every": "3m", "lastContact": "2026-05-23" }"#,  // 184/92 = 2.0
                #"{ "name": "Monthly", "every": "1m", "lastContact": "2026-09-25" }"#,  // 59/30 = 1.97
                #"{ "name": "NotYet", "every": "1m", "lastContact": "2026-11-01" }"#,
            ], on: "2026-11-23")
        #expect(entries.map(\.0) == ["Weekly", "Quarterly", "Monthly"])
        #expect(entries[0].1.daysOverdue == 8)
    }

    @Test func circleOrderBreaksTies() throws {
        let entries = try due(
            [
                #"{ "name": "B-network", "circle": "network", "every": "2w", "lastContact": "2026-11-01" }"#,
                #"{ "name": "A-inner", "circle": "inner", "lastContact": "2026-11-01" }"#,
            ], on: "2026-11-23")
        #expect(entries.map(\.0) == ["A-inner", "B-network"])
    }

    @Test func followUpsComeFirstAtEachPoint() throws {
        let people = [
            #"{ "name": "Old", "every": "1w", "lastContact": "2026-01-01" }"#,
            #"{ "name": "New", "every": "3m", "met": "2026-11-18", "metAt": "PyCon" }"#,
        ]
        #expect(try due(people, on: "2026-11-19").map(\.0) == ["Old"])  // met yesterday: too early
        let atFirst = try due(people, on: "2026-11-20")
        #expect(atFirst.map(\.0) == ["New", "Old"])
        #expect(atFirst[0].1.reason == .followUp)
        #expect(atFirst[0].1.dueOn == date("2026-11-20"))
        let atSecond = try due(people, on: "2026-12-02")
        #expect(atSecond[0].1.reason == .followUp)
        #expect(atSecond[0].1.dueOn == date("2026-12-02"))
    }

    @Test func followUpStopsOnceInTouch() throws {
        let entries = try due(
            [#"{ "name": "New", "every": "3m", "met": "2026-11-18", "lastContact": "2026-11-21" }"#], on: "2026-11-23")
        #expect(entries.isEmpty)
        let logged = try parseConfig(config(people: [#"{ "name": "New", "every": "3m", "met": "2026-11-18" }"#]))
        let state = ContactState(lastInteraction: ["new": date("2026-11-21")])
        #expect(DueEngine.due(config: logged, state: state, today: date("2026-11-23")).isEmpty)
        #expect(DueEngine.due(config: logged, state: .empty, today: date("2026-11-23")).count == 1)
    }

    @Test func followUpGivesWayToTheCadenceAfterItsLastPoint() throws {
        // met + 2w = 12-02, grace 7 days; then the cadence (1m from met) rules: due 12-18.
        let person = [#"{ "name": "New", "every": "1m", "met": "2026-11-18" }"#]
        #expect(try due(person, on: "2026-12-08").first?.1.reason == .followUp)
        #expect(try due(person, on: "2026-12-09").isEmpty)
        let later = try due(person, on: "2026-12-18")
        #expect(later.first?.1.reason == .overdue)
    }

    @Test func loggedInteractionRestartsTheClock() throws {
        let cfg = try parseConfig(config(people: [#"{ "name": "Ada", "every": "2w", "lastContact": "2026-10-01" }"#]))
        let state = ContactState(lastInteraction: ["ada": date("2026-11-20")])
        #expect(DueEngine.due(config: cfg, state: state, today: date("2026-11-23")).isEmpty)
        // An older log does not move the config's newer date back.
        let older = ContactState(lastInteraction: ["ada": date("2026-09-01")])
        #expect(
            DueEngine.due(config: cfg, state: older, today: date("2026-11-23")).first?.lastContact == date("2026-10-01")
        )
    }

    @Test func twentyNewPeopleAreSpreadOverTheirCadence() throws {
        let people = (1...20).map { #"{ "name": "Guest \#($0)", "circle": "inner" }"# }
        let cfg = try parseConfig(config(people: people))
        let added = date("2026-11-23")
        let state = ContactState(firstSeen: Dictionary(uniqueKeysWithValues: cfg.people.map { ($0.key, added) }))
        var becameDue: [Int: Int] = [:]
        var seen = Set<Int>()
        for offset in 0..<14 {
            let today = added.adding(days: offset)
            let dueNow = Set(DueEngine.due(config: cfg, state: state, today: today).map(\.personIndex))
            #expect(dueNow.isSuperset(of: seen), "nobody drops out before contact")
            becameDue[offset] = dueNow.subtracting(seen).count
            seen.formUnion(dueNow)
        }
        #expect(seen.count == 20, "all due by day 14")
        #expect(becameDue.values.max()! <= 3, "\(becameDue)")
        #expect(becameDue[0]! < 20)
        let days = DueEngine.firstContactDueDates(config: cfg, state: state, today: added)
        #expect(Set(days.compactMap { $0 }).count >= 10)
    }

    /// The same inputs give the same days in every process and on every machine: the order comes
    /// from FNV-1a of the names (Swift's `Hasher` is seeded per process and would not do).
    /// Expected days worked out independently: FNV-1a order guest 3, guest 2, guest 1; phases
    /// 0, 4, 9 of 14, counted from day numbers.
    @Test func firstContactDaysAreTheSameInEveryRun() throws {
        let cfg = try parseConfig(config(people: (1...3).map { #"{ "name": "Guest \#($0)", "circle": "inner" }"# }))
        let added = date("2026-11-23")
        let state = ContactState(firstSeen: Dictionary(uniqueKeysWithValues: cfg.people.map { ($0.key, added) }))
        let days = DueEngine.firstContactDueDates(config: cfg, state: state, today: added)
        #expect(days == [date("2026-12-03"), date("2026-11-28"), date("2026-11-23")])
    }

    @Test func withoutStateNewPeopleStillAreNotAllDueToday() throws {
        let people = (1...20).map { #"{ "name": "Guest \#($0)", "circle": "inner" }"# }
        let entries = try due(people, on: "2026-11-23")
        #expect(entries.count <= 3)
    }

    @Test func birthdaysWithinDatesAhead() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Soon", "every": "1y", "lastContact": "2026-11-01", "birthday": "1980-11-30" }"#,
                #"{ "name": "Later", "every": "1y", "lastContact": "2026-11-01", "birthday": "12-01" }"#,
                #"{ "name": "Today", "every": "1y", "lastContact": "2026-11-01", "birthday": "11-23" }"#,
                #"{ "name": "NewYear", "every": "1y", "lastContact": "2026-11-01", "birthday": "01-02" }"#,
            ]))
        let upcoming = DueEngine.upcomingDates(config: cfg, today: date("2026-11-23"))
        #expect(upcoming.map { cfg.people[$0.personIndex].name } == ["Today", "Soon"])
        #expect(upcoming[1].turning == 46)
        #expect(upcoming[1].daysAway == 7)
        let acrossYear = DueEngine.upcomingDates(config: cfg, today: date("2026-12-28"))
        #expect(acrossYear.map { cfg.people[$0.personIndex].name } == ["NewYear"])
        #expect(acrossYear[0].date == date("2027-01-02"))
    }

    @Test(arguments: [("2026-02-25", "2026-02-28"), ("2028-02-25", "2028-02-29"), ("2026-03-01", "2027-02-28")])
    func leapDayBirthdaysFallOnTheTwentyEighthInOtherYears(today: String, expected: String) {
        #expect(Birthday(month: 2, day: 29, year: nil).next(onOrAfter: date(today)) == date(expected))
    }
}
