import Foundation
import KithCore
import Testing

/// The relationship rules, each with the case where it must not fire.
@Suite struct PracticesTests {
    let today = date("2026-11-23")

    private func digest(_ people: [String], extra: String = "", state: ContactState = .empty, owner: String? = nil)
        throws -> (Config, Digest)
    {
        var json = config(people: people, extra: extra)
        if let owner {
            json = json.replacingOccurrences(
                of: #""owner": { "name": "Sam Rivera", "email": "sam@example.org" }"#, with: owner)
        }
        let cfg = try parseConfig(json)
        return (cfg, Digest.build(config: cfg, state: state, today: today))
    }

    private func entries(_ people: [String], state: ContactState = .empty, extra: String = "") throws -> [(
        String, DueEntry
    )] {
        let cfg = try parseConfig(config(people: people, extra: extra))
        return DueEngine.due(config: cfg, state: state, today: today).map { (cfg.people[$0.personIndex].name, $0) }
    }

    // MARK: Follow-up

    @Test func loggedMeetingWithSomeoneAlreadyKnownStartsNoFollowUps() throws {
        let known = #"{ "name": "Grace Hopper", "every": "3m", "lastContact": "2026-01-01", "metAt": "PyCon" }"#
        let met = ContactState(
            lastInteraction: ["grace hopper": date("2026-11-20")], lastMet: ["grace hopper": date("2026-11-20")],
            recent: ["grace hopper": [LoggedContact(date: date("2026-11-20"), kind: .met)]],
            firstInteraction: ["grace hopper": date("2026-11-20")])
        let (_, withMeeting) = try digest([known], state: met)
        #expect(withMeeting.followUps.isEmpty)
        #expect(withMeeting.nudges.isEmpty, "the meeting restarted the clock")
        // Known from the log alone, too.
        let loggedBefore = #"{ "name": "Grace Hopper", "every": "3m", "metAt": "PyCon" }"#
        var earlier = met
        earlier.firstInteraction["grace hopper"] = date("2026-06-01")
        #expect(try digest([loggedBefore], state: earlier).1.followUps.isEmpty)
    }

    @Test func loggedMeetingStartsFollowUpsThatMentionWhere() throws {
        let person = #"{ "name": "Grace Hopper", "every": "3m", "metAt": "PyCon" }"#
        let met = ContactState(
            lastInteraction: ["grace hopper": date("2026-11-20")], lastMet: ["grace hopper": date("2026-11-20")],
            recent: ["grace hopper": [LoggedContact(date: date("2026-11-20"), kind: .met)]],
            firstInteraction: ["grace hopper": date("2026-11-20")])
        let (_, withMeeting) = try digest([person], state: met)
        let followUp = try #require(withMeeting.followUps.first)
        #expect(followUp.entry.dueOn == date("2026-11-22"))
        #expect(followUp.suggestion.contains("You met Grace at PyCon 3 days ago"))
        // Anything logged after the meeting ends the follow-ups.
        var after = met
        after.lastInteraction["grace hopper"] = date("2026-11-22")
        after.recent["grace hopper"]!.append(LoggedContact(date: date("2026-11-22"), kind: .message))
        let (_, followedUp) = try digest([person], state: after)
        #expect(followedUp.followUps.isEmpty)
        // Without a meeting there is no follow-up at all.
        #expect(try digest([person]).1.followUps.isEmpty)
    }

    // MARK: Suggestions

    @Test func suggestionPrefersAnIntroductionThenNeedsThenTagsThenNotes() throws {
        let base = #""every": "1w", "lastContact": "2026-10-01""#
        let people = [
            #"{ "name": "Ada Lovelace", \#(base), "needs": ["Engine Funding"], "tags": ["poetry"], "notes": "n" }"#,
            #"{ "name": "Linus Pauling", "every": "1y", "lastContact": "2026-11-01", "offers": ["engine funding"] }"#,
            #"{ "name": "Bea Need", \#(base), "needs": ["a reviewer"], "tags": ["poetry"] }"#,
            #"{ "name": "Cal Tag", \#(base), "tags": ["radio"], "notes": "likes jazz" }"#,
            #"{ "name": "Dee Note", \#(base), "notes": "training for a marathon" }"#,
            #"{ "name": "Eve Plain", \#(base) }"#,
            #"{ "name": "Fay Field", \#(base), "field": "biology" }"#,
        ]
        let (_, result) = try digest(people, extra: #""digest": { "maxPeople": 10 }, "#)
        let byName = Dictionary(uniqueKeysWithValues: result.nudges.map { ($0.person.name, $0.suggestion) })
        #expect(byName["Ada Lovelace"]?.hasPrefix("Introduce Ada to Linus Pauling, who offers Engine Funding") == true)
        #expect(byName["Bea Need"]?.hasPrefix("Bea is looking for a reviewer") == true)
        #expect(byName["Cal Tag"]?.contains("something about radio") == true)
        #expect(byName["Dee Note"]?.contains("training for a marathon") == true)
        #expect(byName["Eve Plain"]?.contains("short note") == true)
        #expect(byName["Fay Field"]?.contains("biology") == true)
        #expect(Set(byName.values).count == byName.count, "wording varies with the data")
    }

    @Test func nobodyIsIntroducedToThemselves() throws {
        let (_, result) = try digest([
            #"{ "name": "Solo", "every": "1w", "lastContact": "2026-10-01", "needs": ["x"], "offers": ["X"] }"#
        ])
        #expect(result.introductions.isEmpty)
        #expect(result.nudges.first?.suggestion.contains("Introduce") == false)
    }

    // MARK: Give first

    @Test func twoAsksInARowSayGiveFirst() throws {
        let person = #"{ "name": "Ada", "every": "1w", "lastContact": "2026-09-01" }"#
        func state(_ kinds: [InteractionKind]) -> ContactState {
            let contacts = kinds.enumerated().map {
                LoggedContact(date: date("2026-10-0\($0.offset + 1)"), kind: $0.element)
            }
            return ContactState(lastInteraction: ["ada": contacts.last!.date], recent: ["ada": contacts])
        }
        let asked = try #require(try entries([person], state: state([.gave, .asked, .asked])).first?.1)
        #expect(asked.onlyAsked)
        let (_, result) = try digest([person], state: state([.gave, .asked, .asked]))
        #expect(
            result.nudges.first?.suggestion.hasPrefix("Your last 2 contacts with Ada were asks; give first this time.")
                == true)
        #expect(try entries([person], state: state([.asked, .gave])).first?.1.onlyAsked == false)
        #expect(try entries([person], state: state([.message, .asked])).first?.1.onlyAsked == false)
        #expect(try entries([person], state: state([.asked, .asked, .gave])).first?.1.onlyAsked == false)
    }

    // MARK: Thank the givers

    @Test(arguments: [(0, true), (3, true), (4, false)])
    func helpReceivedGetsAThankYouWithinThreeDays(daysAgo: Int, expected: Bool) throws {
        let person = #"{ "name": "Ada", "every": "1y", "lastContact": "2026-11-01" }"#
        let day = today.adding(days: -daysAgo)
        let state = ContactState(
            lastInteraction: ["ada": day],
            recent: ["ada": [LoggedContact(date: day, kind: .received, note: "the intro to Bob")]])
        let (_, result) = try digest([person], state: state)
        #expect((result.thanks.first != nil) == expected)
        if expected {
            #expect(
                result.thanks.first?.suggestion.contains("Thank them for their help (\u{201C}the intro to Bob\u{201D})")
                    == true)
        }
    }

    @Test func noThankYouOnceYouWereInTouchOrWhenTheyDidNotGiveLast() throws {
        let received = LoggedContact(date: date("2026-11-22"), kind: .received)
        let replied = ContactState(
            lastInteraction: ["ada": date("2026-11-23")],
            recent: ["ada": [received, LoggedContact(date: date("2026-11-23"), kind: .message)]])
        let person = #"{ "name": "Ada", "every": "1y", "lastContact": "2026-11-01" }"#
        #expect(try digest([person], state: replied).1.thanks.isEmpty)
        let asked = ContactState(
            lastInteraction: ["ada": date("2026-11-22")],
            recent: ["ada": [LoggedContact(date: date("2026-11-22"), kind: .asked)]])
        #expect(try digest([person], state: asked).1.thanks.isEmpty)
    }

    // MARK: Introductions

    @Test func introductionsPairNeedsWithOffersAtMostTwoAndNotAgainWithinThirtyDays() throws {
        let people = [
            #"{ "name": "A1", "every": "1y", "lastContact": "2026-11-01", "needs": ["Rust"] }"#,
            #"{ "name": "A2", "every": "1y", "lastContact": "2026-11-01", "needs": ["design"] }"#,
            #"{ "name": "A3", "every": "1y", "lastContact": "2026-11-01", "needs": ["hiring"] }"#,
            #"{ "name": "B1", "every": "1y", "lastContact": "2026-11-01", "offers": ["rust", "design", "HIRING"] }"#,
            #"{ "name": "B2", "every": "1y", "lastContact": "2026-11-01", "offers": ["design"] }"#,
            #"{ "name": "B3", "every": "1y", "lastContact": "2026-11-01", "offers": ["hiring"] }"#,
        ]
        let (_, first) = try digest(people)
        #expect(first.introductions.count == 2)
        let keys = first.introductions.map(\.introduction.key)
        var state = ContactState()
        for key in keys { state.recentIntroductions[key] = today.adding(days: -29) }
        let (_, next) = try digest(people, state: state)
        #expect(Set(next.introductions.map(\.introduction.key)).isDisjoint(with: keys))
        for key in keys { state.recentIntroductions[key] = today.adding(days: -30) }
        #expect(!Set(try digest(people, state: state).1.introductions.map(\.introduction.key)).isDisjoint(with: keys))
        #expect(try digest([people[0], people[1]]).1.introductions.isEmpty, "no offers, no introductions")
    }

    // MARK: Goals

    @Test func activeGoalsGetASectionOfUpToThreeMostOverdueFirst() throws {
        let goals =
            #""goals": [ { "id": "book", "title": "Launch the book", "until": "2027-03-31" }, { "id": "old", "title": "Old", "until": "2026-01-01" } ], "digest": { "maxPeople": 6 }, "#
        let people =
            (1...5).map {
                #"{ "name": "G\#($0)", "every": "1w", "lastContact": "2026-10-0\#($0)", "goals": ["book"] }"#
            } + [#"{ "name": "Past", "every": "1w", "lastContact": "2026-09-01", "goals": ["old"] }"#]
        let (_, result) = try digest(people, extra: goals)
        let section = try #require(result.goals.first)
        #expect(result.goals.count == 1, "a goal whose until has passed has no section")
        #expect(section.goal.id == "book")
        #expect(section.nudges.map(\.person.name) == ["G1", "G2", "G3"])
        #expect(section.nudges.allSatisfy { $0.entry.reason == .goal })
        #expect(result.overdue.map(\.person.name).contains("Past"))
    }

    @Test func goalPeopleRankHigherAmongTheOverdue() throws {
        let people = [
            #"{ "name": "Plain", "every": "1w", "lastContact": "2026-11-06" }"#,  // 17/7 = 2.43
            #"{ "name": "Goal", "every": "1w", "lastContact": "2026-11-09", "goals": ["book"] }"#,  // 14/7 × 1.5 = 3
        ]
        let ranked = try entries(people, extra: #""goals": [ { "id": "book", "title": "Book" } ], "#)
        #expect(ranked.map(\.0) == ["Goal", "Plain"])
        let expired = #""goals": [ { "id": "book", "title": "Book", "until": "2026-11-22" } ], "#
        #expect(try entries(people, extra: expired).map(\.0) == ["Plain", "Goal"], "a finished goal gives no boost")
    }

    // MARK: Dates

    @Test func personDatesComeUpWithinDatesAhead() throws {
        let people = [
            #"{ "name": "Ada", "every": "1y", "lastContact": "2026-11-20", "dates": [ { "label": "wedding anniversary", "on": "11-25" }, { "label": "later", "on": "12-24" } ] }"#
        ]
        let (_, result) = try digest(people)
        #expect(result.dates.map { $0.upcoming.label } == ["wedding anniversary"])
        #expect(result.nudges.isEmpty)
        #expect(!result.isEmpty, "a date alone is worth a digest")
    }

    @Test func badPersonDatesAreConfigProblems() {
        let found = problems(
            config(people: [
                #"{ "name": "A", "every": "1w", "dates": [ { "label": "x", "on": "13-01" }, { "on": "01-01" } ] }"#
            ]))
        #expect(found.contains { $0.path == "people[0].dates[0].on" })
        #expect(found.contains { $0.path == "people[0].dates[1]" && $0.message.contains("label") })
    }

    // MARK: Beyond your field

    private let owner = #""owner": { "name": "Sam", "email": "sam@example.org", "field": "software" }"#

    @Test func someoneFromAnotherFieldJoinsWhenNobodyIs() throws {
        let people = [
            #"{ "name": "Dev", "every": "1w", "lastContact": "2026-10-01", "field": "Software" }"#,
            #"{ "name": "Bio", "every": "1m", "lastContact": "2026-10-28", "field": "biology" }"#,  // due 11-28
            #"{ "name": "Far", "every": "1y", "lastContact": "2026-10-28", "field": "music" }"#,
        ]
        let (_, result) = try digest(people, owner: owner)
        #expect(result.beyondField.map(\.person.name) == ["Bio"])
        #expect(result.beyondField.first?.entry.reason == .beyondField)
        let off = try digest(people, extra: #""digest": { "beyondField": false }, "#, owner: owner).1
        #expect(off.beyondField.isEmpty)
        let noField = try digest(people).1
        #expect(noField.beyondField.isEmpty, "no owner.field, no rule")
        let farOnly = try digest([people[0], people[2]], owner: owner).1
        #expect(farOnly.beyondField.isEmpty, "nobody from another field is due within the week")
    }

    @Test func beyondFieldDoesNotFireWhenTheDayAlreadyReachesOut() throws {
        let people = [
            #"{ "name": "Dev", "every": "1w", "lastContact": "2026-10-01", "field": "software" }"#,
            #"{ "name": "Chem", "every": "1w", "lastContact": "2026-10-02", "field": "chemistry" }"#,
            #"{ "name": "Bio", "every": "1m", "lastContact": "2026-10-28", "field": "biology" }"#,
        ]
        let (_, result) = try digest(people, owner: owner)
        #expect(result.beyondField.isEmpty)
    }

    @Test func beyondFieldNeverPushesTheDigestOverMaxPeople() throws {
        let people =
            (1...6).map {
                #"{ "name": "Dev\#($0)", "every": "1w", "lastContact": "2026-10-0\#($0)", "field": "software" }"#
            }
            + [#"{ "name": "Bio", "every": "1m", "lastContact": "2026-10-28", "field": "biology" }"#]
        let (_, result) = try digest(people, extra: #""digest": { "maxPeople": 3 }, "#, owner: owner)
        #expect(result.nudges.count == 3)
        #expect(result.nudges.last?.person.name == "Bio")
    }

    // MARK: Rotation

    @Test func someoneShownAndNotContactedRestsThenComesBack() throws {
        let people = [#"{ "name": "Ada", "every": "1w", "lastContact": "2026-10-01" }"#]
        func shown(_ daysAgo: Int, contacted: Bool = false) -> ContactState {
            var state = ContactState(lastShown: ["ada": today.adding(days: -daysAgo)])
            if contacted { state.lastInteraction["ada"] = today.adding(days: -daysAgo) }
            return state
        }
        #expect(try digest(people, state: shown(1)).1.nudges.isEmpty)
        #expect(try digest(people, state: shown(2)).1.nudges.isEmpty)
        #expect(try digest(people, state: shown(3)).1.nudges.count == 1)
        let restLonger = try digest(people, extra: #""digest": { "restDays": 5 }, "#, state: shown(4)).1
        #expect(restLonger.nudges.isEmpty)
    }

    @Test func peopleNeverShownGoBeforeThoseShownBefore() throws {
        let people = (1...4).map { #"{ "name": "P\#($0)", "every": "1w", "lastContact": "2026-10-0\#($0)" }"# }
        let state = ContactState(lastShown: ["p1": today.adding(days: -5), "p2": today.adding(days: -4)])
        let (_, result) = try digest(people, extra: #""digest": { "maxPeople": 2 }, "#, state: state)
        #expect(result.nudges.map(\.person.name) == ["P3", "P4"])
    }

    // MARK: Staleness

    @Test(arguments: [(21, true), (20, false)])
    func staleNoteWhenNothingWasLoggedForAWhile(daysAgo: Int, expected: Bool) throws {
        let people = [#"{ "name": "Ada", "every": "1w", "lastContact": "2026-10-01" }"#]
        let state = ContactState(lastLogged: today.adding(days: -daysAgo), trackingSince: date("2026-01-01"))
        let (cfg, result) = try digest(people, state: state)
        #expect((result.staleDays != nil) == expected)
        let text = try DigestRenderer(config: cfg).text(result)
        #expect(text.hasPrefix("Nothing has been logged for 21 days") == expected)
        let stale = try digest(people, extra: #""digest": { "staleAfter": 30 }, "#, state: state).1
        #expect(stale.staleDays == nil)
    }

    // MARK: Wording

    @Test func circleNamesNeverAppearAsARanking() throws {
        let people = [#"{ "name": "Ada", "circle": "inner", "lastContact": "2026-10-01" }"#]
        let (cfg, result) = try digest(people)
        let text = try DigestRenderer(config: cfg).text(result) + DigestRenderer(config: cfg).html(result)
        #expect(!text.lowercased().contains("inner"))
        #expect(!text.lowercased().contains("most important"))
    }

    @Test func sectionsRenderInTextAndHTML() throws {
        let people = [
            #"{ "name": "Ada", "every": "1w", "lastContact": "2026-10-01", "needs": ["rust"], "goals": ["book"] }"#,
            #"{ "name": "Bob", "every": "1y", "lastContact": "2026-11-20", "offers": ["Rust"] }"#,
        ]
        let (cfg, result) = try digest(people, extra: #""goals": [ { "id": "book", "title": "Launch <the> book" } ], "#)
        let renderer = try DigestRenderer(config: cfg)
        let text = renderer.text(result)
        #expect(text.contains("FOR YOUR GOAL: Launch <the> book\n* Ada"))
        #expect(text.contains("INTRODUCTIONS YOU COULD MAKE\n* Ada is looking for rust; Bob offers it."))
        let html = renderer.html(result)
        #expect(html.contains("For your goal: Launch &lt;the&gt; book"))
        #expect(html.contains("Introductions you could make"))
    }
}
