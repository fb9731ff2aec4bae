import Foundation
import KithCore
import KithReplies
import Testing

@Suite struct ReplyCommandsTests {
    private let people: [Person] = {
        let json = """
            { "owner": { "name": "Sam" }, "timezone": "UTC", "people": [
              { "name": "Ada Lovelace", "every": "1w" },
              { "name": "Ada King", "every": "1w" },
              { "name": "Grace Hopper", "every": "1w" },
              { "name": "Kurt Gödel", "every": "1w" } ] }
            """
        return try! ConfigLoader.load(bytes: Array(json.utf8), path: "t").people
    }()
    private let day = LocalDate(iso: "2026-11-30")!

    private func read(_ body: String) -> [ReplyCommands.Line] {
        ReplyCommands.read(body, people: people, day: day)
    }

    @Test func eachVerbBecomesItsAction() {
        let lines = read(
            """
            done Grace: coffee at the lab
            Met Kurt at Princeton: long walk
            gave Ada Lovelace: the Babbage paper
            asked grace: a reference
            thanks Kurt: the proof
            snooze Grace 2w
            snooze Kurt 2027-01-10
            skip ada lovelace
            done Grace on 2026-11-28
            done Kurt yesterday
            """)
        let outcomes = lines.map { try? $0.outcome.get() }
        #expect(
            outcomes == [
                .log(
                    personKey: "grace hopper", personName: "Grace Hopper", kind: .message, date: day,
                    note: "coffee at the lab"),
                .log(
                    personKey: "kurt gödel", personName: "Kurt Gödel", kind: .met, date: day,
                    note: "at Princeton: long walk"),
                .log(
                    personKey: "ada lovelace", personName: "Ada Lovelace", kind: .gave, date: day,
                    note: "the Babbage paper"),
                .log(
                    personKey: "grace hopper", personName: "Grace Hopper", kind: .asked, date: day, note: "a reference"),
                .log(
                    personKey: "kurt gödel", personName: "Kurt Gödel", kind: .message, date: day,
                    note: "thanked them: the proof"),
                .snooze(personKey: "grace hopper", personName: "Grace Hopper", until: LocalDate(iso: "2026-12-14")!),
                .snooze(personKey: "kurt gödel", personName: "Kurt Gödel", until: LocalDate(iso: "2027-01-10")!),
                .skip(personKey: "ada lovelace", personName: "Ada Lovelace", day: day),
                .log(
                    personKey: "grace hopper", personName: "Grace Hopper", kind: .message,
                    date: LocalDate(iso: "2026-11-28")!, note: nil),
                .log(
                    personKey: "kurt gödel", personName: "Kurt Gödel", kind: .message,
                    date: LocalDate(iso: "2026-11-29")!, note: nil),
            ])
    }

    @Test func anAmbiguousNameOrAnUnknownLineAppliesNothingAndSaysWhy() throws {
        let lines = read("done Ada\nsnooze Grace\ndone Grace on 2026-12-25\nhello there\ndone Nobody")
        #expect(lines.allSatisfy { (try? $0.outcome.get()) == nil })
        func problem(_ index: Int) -> String {
            if case .failure(let problem) = lines[index].outcome { return problem.message }
            return ""
        }
        #expect(problem(0).contains("\"Ada Lovelace\"") && problem(0).contains("\"Ada King\""))
        #expect(problem(1).contains("how long"))
        #expect(problem(2).contains("after the day of this reply"))
        #expect(problem(3).contains("not a command"))
        #expect(problem(4).contains("nobody called"))
    }

    @Test func theQuotedDigestAndSignaturesAreNotCommands() {
        let body = """
            done Grace

            Sent from my iPhone

            On Mon, 30 Nov 2026 at 07:30, kith <sam@example.org>
            wrote:
            > done Kurt
            done Ada Lovelace
            """
        #expect(ReplyCommands.commandLines(body) == ["done Grace"])
        #expect(ReplyCommands.commandLines("> done Kurt\nskip Grace\n-- \nSam\ndone Kurt") == ["skip Grace"])
        #expect(ReplyCommands.commandLines("done Kurt\n-----Original Message-----\ndone Grace") == ["done Kurt"])
        #expect(ReplyCommands.commandLines("Le lun. 30 nov. 2026, kith a écrit :\ndone Grace").isEmpty)
    }

    @Test func theConfirmationEscapesWhatTheUserWrote() {
        let lines = read("done Grace: <b>cake</b> & tea\u{1B}[31m\nwhat <script>")
        let confirmation = Confirmation(lines: lines)
        #expect(confirmation.applied == 1)
        #expect(confirmation.subject == "kith: recorded 1 of 2 lines; please check the rest")
        #expect(!confirmation.html.contains("<b>cake"))
        #expect(!confirmation.html.contains("<script>"))
        #expect(confirmation.html.contains("&lt;b&gt;cake&lt;/b&gt; &amp; tea"))
        #expect(!confirmation.text.contains("\u{1B}"))
        #expect(!confirmation.html.contains("\u{1B}"))
        #expect(confirmation.text.contains("✓ Recorded contact with Grace Hopper on 2026-11-30"))
        #expect(confirmation.text.contains("✗ Nothing recorded for this line: not a command"))
    }
}
