import Foundation
import KithCore
import Testing

/// "They wrote to you", `skip` from a reply, and the reply links, in the pure digest.
@Suite struct WaitingAndRepliesTests {
    private let people = [
        #"{ "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2026-10-01" }"#,
        #"{ "name": "Grace Hopper", "every": "1w", "lastContact": "2026-10-01" }"#,
        #"{ "name": "Kurt Gödel", "every": "1y", "lastContact": "2026-11-01" }"#,
        #"{ "name": "Alan Turing", "every": "1y", "lastContact": "2026-11-01" }"#,
    ]
    private let today = date("2026-11-30")

    private func noon(_ day: String) -> Date {
        ZoneClock(timeZone: TimeZone(identifier: "UTC")!).instant(
            LocalDateTime(date: date(day), secondOfDay: 12 * 3600))
    }

    @Test func someoneWhoWroteTwoToThirtyDaysAgoIsListedOnceWithTheSubject() throws {
        let cfg = try parseConfig(config(people: people))
        var state = ContactState()
        state.waiting = [
            "ada lovelace": WaitingMail(at: noon("2026-11-25"), subject: "Engines \u{1B}[31m and <b>cards</b>"),
            "kurt gödel": WaitingMail(at: noon("2026-11-29"), subject: "too recent"),
            "alan turing": WaitingMail(at: noon("2026-10-20"), subject: "too old"),
        ]
        let digest = Digest.build(config: cfg, state: state, today: today)
        #expect(digest.waiting.map(\.person.name) == ["Ada Lovelace"])
        #expect(!digest.nudges.contains { $0.person.name == "Ada Lovelace" }, "listed once, under its own heading")
        #expect(digest.nudges.contains { $0.person.name == "Grace Hopper" })
        let renderer = try DigestRenderer(config: cfg)
        let text = renderer.text(digest)
        #expect(
            text.contains(
                "THEY WROTE TO YOU\n* Ada Lovelace: wrote 5 days ago (25 Nov)\n  \"Engines \\x1B[31m and <b>cards</b>\""
            ))
        let html = renderer.html(digest)
        #expect(html.contains("&lt;b&gt;cards&lt;/b&gt;"))
        #expect(!text.contains("too recent") && !text.contains("too old"))
    }

    @Test func aSkippedPersonSitsOutThatDayAndTheNext() throws {
        let cfg = try parseConfig(config(people: people))
        var state = ContactState()
        state.skipped = ["grace hopper": date("2026-11-29")]
        for (day, shown) in [("2026-11-29", false), ("2026-11-30", false), ("2026-12-01", true)] {
            let digest = Digest.build(config: cfg, state: state, today: date(day))
            #expect(digest.nudges.contains { $0.person.name == "Grace Hopper" } == shown, "\(day)")
        }
    }

    @Test func replyLinksOpenAReadyReplyAndTheTextListsTheCommands() throws {
        let cfg = try parseConfig(config(people: people))
        let digest = Digest.build(config: cfg, state: .empty, today: today)
        let renderer = try DigestRenderer(config: cfg)
        let links = DigestRenderer.ReplyLinks(
            address: "sam+kith@example.org", tag: "[kith 0123456789abcdef0123456789abcdef]")
        let html = renderer.html(digest, replies: links)
        #expect(
            html.contains(
                "href=\"mailto:sam+kith@example.org?subject=%5Bkith%200123456789abcdef0123456789abcdef%5D%20done%20Ada%20Lovelace&amp;body=done%20Ada%20Lovelace\""
            ))
        #expect(html.contains("snooze%20Grace%20Hopper%202w"))
        let text = renderer.text(digest, replies: links)
        #expect(text.contains("Reply to this mail, one line each"))
        #expect(!text.contains("kith log"))
        // Without a mailbox to read, no reply links and the shell command instead; the person's
        // own address is still a link.
        #expect(!renderer.html(digest).contains("?subject="))
        #expect(renderer.html(digest).contains("<a href=\"mailto:ada@example.org\">ada@example.org</a>"))
        #expect(renderer.text(digest).contains("kith log"))
    }
}
