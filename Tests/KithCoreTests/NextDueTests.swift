import Foundation
import Testing

@testable import KithCore

/// "When is X next due" has one answer: `DueEngine.nextDue` is the first day the due list
/// itself shows the person, in every case the rules know.
@Suite struct NextDueTests {
    let today = date("2026-11-23")

    /// The first day from `today` on which `due` lists the person, found by asking day by day.
    private func firstListed(_ name: String, config: Config, state: ContactState) -> LocalDate? {
        for offset in 0..<800 {
            let day = today.adding(days: offset)
            let listed = DueEngine.due(config: config, state: state, today: day).map {
                config.people[$0.personIndex].name
            }
            if listed.contains(name) { return day }
        }
        return nil
    }

    private static let key = "grace hopper"

    @Test(
        arguments: [
            ("regular cadence, not due yet", #""every": "1m", "lastContact": "2026-11-10""#, ContactState()),
            ("overdue", #""every": "1w", "lastContact": "2026-10-01""#, ContactState()),
            (
                "snoozed while overdue", #""every": "1w", "lastContact": "2026-10-01""#,
                ContactState(snoozedUntil: [key: date("2026-12-05")])
            ),
            ("month ends", #""every": "1m", "lastContact": "2026-10-31""#, ContactState()),
            (
                "never in touch, first seen last week", #""every": "2w""#,
                ContactState(firstSeen: [key: date("2026-11-16")])
            ),
            ("met at a conference (config)", #""every": "3m", "met": "2026-11-22""#, ContactState()),
            (
                "met, logged, a new acquaintance", #""every": "3m""#,
                ContactState(
                    lastInteraction: [key: date("2026-11-20")], lastMet: [key: date("2026-11-20")],
                    recent: [key: [LoggedContact(date: date("2026-11-20"), kind: .met)]],
                    firstInteraction: [key: date("2026-11-20")])
            ),
            (
                "met, logged, known before", #""every": "3m", "lastContact": "2026-05-01""#,
                ContactState(
                    lastInteraction: [key: date("2026-11-20")], lastMet: [key: date("2026-11-20")],
                    recent: [key: [LoggedContact(date: date("2026-11-20"), kind: .met)]],
                    firstInteraction: [key: date("2026-11-20")])
            ),
            (
                "helped yesterday", #""every": "3m", "lastContact": "2026-11-01""#,
                ContactState(
                    lastInteraction: [key: date("2026-11-22")],
                    recent: [key: [LoggedContact(date: date("2026-11-22"), kind: .received)]],
                    firstInteraction: [key: date("2026-11-22")])
            ),
            (
                "a goal raises the rank, not the date",
                #""every": "1w", "lastContact": "2026-11-20", "goals": ["book"]"#, ContactState()
            ),
        ] as [(String, String, ContactState)])
    func nextDueIsTheFirstDayTheDueListShowsThem(label: String, fields: String, state: ContactState) throws {
        let cfg = try parseConfig(
            config(
                people: [#"{ "name": "Grace Hopper", \#(fields) }"#],
                extra: #""goals": [ { "id": "book", "title": "The book" } ],"#))
        let expected = firstListed("Grace Hopper", config: cfg, state: state)
        let next = DueEngine.nextDue(of: cfg.people[0], config: cfg, state: state, today: today)
        #expect(
            next == expected, "\(label): nextDue \(String(describing: next)), listed \(String(describing: expected))")
        #expect(expected != nil, "\(label): never listed")
    }

    @Test func aLookAheadSpreadsPeopleAddedTodayFromToday() throws {
        let people = (0..<20).map { #"{ "name": "New \#($0)", "every": "2w" }"# }
        let cfg = try parseConfig(config(people: people))
        // Nothing recorded yet: they will be first seen today.
        let state = ContactState.empty.assumingFirstSeen(cfg.people, on: today)
        let now = DueEngine.due(config: cfg, state: state, today: today).count
        let inTwoWeeks = DueEngine.due(config: cfg, state: state, today: today.adding(days: 14)).count
        #expect(now <= 2, "at most ⌈20 / 14⌉ are due on the first day, got \(now)")
        #expect(inTwoWeeks == 20, "two weeks on, everyone added today has come due, got \(inTwoWeeks)")
        // A state that already knows when they were seen keeps that day.
        let known = ContactState(firstSeen: ["new 0": date("2026-01-01")]).assumingFirstSeen(cfg.people, on: today)
        #expect(known.firstSeen["new 0"] == date("2026-01-01"))
        #expect(known.firstSeenDay("new 0") == date("2026-01-01") && known.firstSeenDay("new 1") == today)
        #expect(state.firstSeenDay("new 7") == today && state.trackingSince == today)
        #expect(known.trackingSince == today, "someone not seen before is first seen today")
        let everyone = ContactState(
            firstSeen: Dictionary(uniqueKeysWithValues: cfg.people.map { ($0.key, date("2026-01-01")) }))
        #expect(
            everyone.assumingFirstSeen(cfg.people, on: today).trackingSince == nil, "nobody new: nothing starts today")
    }
}
