import KithCore
import Testing

/// Team mode's colleague contact, in the engine: held back for `days` after a colleague's newer
/// contact, then shown with who and when.
@Suite struct ColleagueTests {
    @Test(arguments: [(1, false), (2, false), (3, true), (10, true)])
    func aColleaguesNewerContactHoldsTheNudgeBackThenShowsIt(daysAgo: Int, shown: Bool) throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2026-01-01" }"#
            ]))
        let today = date("2026-11-30")
        var state = ContactState()
        state.colleagues = ["ada lovelace": ColleagueContact(who: "Cy", day: today.adding(days: -daysAgo))]
        state = state.respectingColleagues(cfg.people, days: 3)
        let digest = Digest.build(config: cfg, state: state, today: today)
        #expect(!digest.nudges.isEmpty == shown)
        if shown {
            let nudge = try #require(digest.nudges.first)
            #expect(nudge.colleague?.who == "Cy")
            let text = try DigestRenderer(config: cfg).text(digest)
            #expect(text.contains("Cy was in touch with Ada on "), "\(text)")
        }
    }

    @Test func anOlderColleagueContactThanYoursIsNotMentioned() throws {
        let cfg = try parseConfig(
            config(people: [#"{ "name": "Ada Lovelace", "every": "1w", "lastContact": "2026-11-01" }"#]))
        var state = ContactState()
        state.colleagues = ["ada lovelace": ColleagueContact(who: "Cy", day: date("2026-10-01"))]
        state = state.respectingColleagues(cfg.people, days: 3)
        let digest = Digest.build(config: cfg, state: state, today: date("2026-11-30"))
        #expect(digest.nudges.first?.colleague == nil)
        #expect(!(try DigestRenderer(config: cfg).text(digest)).contains("in touch with Ada"))
    }
}
