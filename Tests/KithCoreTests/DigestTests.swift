import Foundation
import KithCore
import Testing

@Suite struct DigestTests {
    private let many = (1...9).map {
        #"{ "name": "Person \#($0)", "every": "1w", "lastContact": "2026-10-0\#($0)" }"#
    }

    @Test func digestIsCappedAtMaxPeopleAndSaysHowManyMore() throws {
        let cfg = try parseConfig(config(people: many, extra: #""digest": { "maxPeople": 4 }, "#))
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        #expect(digest.nudges.count == 4)
        #expect(digest.totalDue == 9)
        // Most overdue first.
        #expect(digest.nudges.map(\.person.name) == ["Person 1", "Person 2", "Person 3", "Person 4"])
        let text = try DigestRenderer(config: cfg).text(digest)
        #expect(text.contains("5 more people are due"))
        #expect(text.contains("Person 4"))
        #expect(!text.contains("Person 5"))
    }

    @Test func followUpsTakeTheirPlaceBeforeOverduePeople() throws {
        let people = many + [#"{ "name": "Grace", "every": "1m", "met": "2026-11-20", "metAt": "PyCon" }"#]
        let cfg = try parseConfig(config(people: people, extra: #""digest": { "maxPeople": 3 }, "#))
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        #expect(digest.followUps.map(\.person.name) == ["Grace"])
        #expect(digest.overdue.count == 2)
        let text = try DigestRenderer(config: cfg).text(digest)
        #expect(text.contains("FOLLOW UP\n* Grace: met 3 days ago at PyCon"))
        #expect(text.contains("You met Grace at PyCon 3 days ago"))
    }

    @Test func textDigestSaysWhoHowLongCadenceAndWhatToDo() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Ada Lovelace", "circle": "inner", "lastContact": "2026-10-30", "needs": ["engine funding"] }"#
            ]))
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        let text = try DigestRenderer(config: cfg).text(digest)
        // Wrapped at 72 columns, the rest lined up under the bullet's text.
        #expect(
            text.contains(
                "* Ada Lovelace: last in touch 3 weeks ago (30 Oct); you wanted to be in\n  touch every 2 weeks")
        )
        #expect(text.contains("Ada is looking for engine funding"))
        #expect(text.contains(#"kith log "Ada Lovelace" --note "coffee""#))
        #expect(text.hasPrefix("Good morning, Sam. One person to reach out to today."))
    }

    @Test func htmlEscapesAllUserText() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Bob <b>&amp;</b>", "circle": "inner", "lastContact": "2026-10-01", "notes": "<script>alert(1)</script>" }"#
            ]))
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        let html = try DigestRenderer(config: cfg).html(digest)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<b>&amp;</b>"))
        #expect(html.contains("Bob &lt;b&gt;&amp;amp;&lt;/b&gt;"))
        // The text part is not HTML and keeps the characters as they are.
        #expect(try DigestRenderer(config: cfg).text(digest).contains("<script>alert(1)</script>"))
    }

    @Test func emptyDayRendersAQuietDigest() throws {
        let cfg = try parseConfig(config(people: [#"{ "name": "Ada", "every": "1m", "lastContact": "2026-11-20" }"#]))
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        #expect(digest.isEmpty)
        let text = try DigestRenderer(config: cfg).text(digest)
        #expect(text.contains("Nobody is due today"))
        #expect(try DigestRenderer(config: cfg).subject(digest).contains("nobody due"))
    }

    @Test func userTemplateReplacesTheBuiltInOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "Hi {{ownerFirstName}}!{{#overdue}} [{{name}}]{{/overdue}}".write(
            to: dir.appendingPathComponent("mine.mustache"), atomically: true, encoding: .utf8)
        let json = config(
            people: [#"{ "name": "Ada & Co", "every": "1w", "lastContact": "2026-10-01" }"#],
            extra: #""digest": { "textTemplate": "mine.mustache" }, "#)
        try json.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let cfg = try ConfigLoader.load(path: dir.appendingPathComponent("config.json").path)
        let digest = Digest.build(config: cfg, state: .empty, today: date("2026-11-23"))
        #expect(try DigestRenderer(config: cfg).text(digest) == "Hi Sam! [Ada & Co]")
    }

    @Test func missingOrBrokenTemplateIsAConfigProblem() throws {
        let missing = try parseConfig(
            config(people: [], extra: #""digest": { "htmlTemplate": "/nonexistent.mustache" }, "#))
        #expect(throws: ConfigError.self) { try DigestRenderer(config: missing) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.mustache")
        try "Hello.\n{{#open}} never closed".write(to: broken, atomically: true, encoding: .utf8)
        let cfg = try parseConfig(config(people: [], extra: #""digest": { "textTemplate": "\#(broken.path)" }, "#))
        do {
            _ = try DigestRenderer(config: cfg)
            Issue.record("a broken template must be refused")
        } catch {
            #expect(error.problems.first?.path == "digest.textTemplate")
            // File, line and column of the user's file, and what is wrong, in words.
            let message = error.problems.first?.message ?? ""
            #expect(message.hasPrefix("\(broken.path):2:"), "\(message)")
            #expect(message.contains("is never closed with {{/name}}"))
            #expect(!message.contains("ParserError") && !message.contains("Mustache."))
        }
    }

    @Test func dueJSONListsTheDaysIntroductionsDatesAndBeyondFieldPerson() throws {
        let json = config(
            people: [
                #"{ "name": "Ada", "every": "1w", "lastContact": "2026-11-01", "needs": ["Rust"], "field": "software" }"#,
                #"{ "name": "Bob", "every": "1y", "lastContact": "2026-11-20", "offers": ["rust"], "birthday": "11-25" }"#,
                #"{ "name": "Cy", "every": "1m", "lastContact": "2026-10-26", "field": "biology" }"#,
            ]
        ).replacingOccurrences(
            of: #""email": "sam@example.org" }"#, with: #""email": "sam@example.org", "field": "software" }"#)
        let cfg = try parseConfig(json)
        let report = DueReport(config: cfg, state: .empty, today: date("2026-11-23"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [[String: Any]])
        let reasons = parsed.map { $0["reason"] as? String }
        #expect(reasons == ["overdue", "beyond-field", "introduction", "date"])
        #expect(parsed[1]["name"] as? String == "Cy")
        #expect(parsed[1]["dueOn"] as? String == "2026-11-26", "due within the week, not yet")
        #expect(parsed[2]["name"] as? String == "Ada")
        #expect(parsed[2]["with"] as? String == "Bob")
        #expect(parsed[2]["topic"] as? String == "Rust")
        #expect(
            parsed[2]["suggestion"] as? String
                == "Ada is looking for Rust; Bob offers it. Introduce them, with a line to each on why.")
        #expect(parsed[3]["name"] as? String == "Bob")
        #expect(parsed[3]["date"] as? String == "2026-11-25")
        #expect(parsed[3]["label"] as? String == "birthday")
        #expect(parsed[3]["daysAway"] as? Int == 2)
    }

    /// The JSON goes out in pieces as it is made: the output is the same whatever the size of the
    /// pieces, and an empty list is `[]`.
    @Test func dueJSONIsTheSameInPiecesOfAnySize() throws {
        var people = (0..<500).map {
            #"{ "name": "P\#($0)", "every": "1w", "lastContact": "2026-10-\#($0 % 18 + 10)" }"#
        }
        people.append(#"{ "name": "Ada", "every": "1w", "lastContact": "2026-11-01", "needs": ["Rust"] }"#)
        people.append(
            #"{ "name": "Bob", "every": "1y", "lastContact": "2026-11-20", "offers": ["rust"], "birthday": "11-25" }"#)
        let report = DueReport(
            config: try parseConfig(config(people: people)), state: .empty, today: date("2026-11-23"))
        func render(chunk: Int) -> String {
            var out = ""
            report.writeJSON(chunk: chunk) { out += $0 }
            return out
        }
        let one = render(chunk: 1 << 16)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(one.utf8)) as? [[String: Any]])
        let reasons = parsed.compactMap { $0["reason"] as? String }
        #expect(parsed.count == 500 + 1 + 2 && reasons.suffix(2) == ["introduction", "date"], "\(reasons.suffix(3))")
        for chunk in [1000, 1, 4000] {
            #expect(render(chunk: chunk) == one, "pieces of \(chunk)")
        }
        let nobody = DueReport(config: try parseConfig(config(people: [])), state: .empty, today: date("2026-11-23"))
        #expect(nobody.json == "[]\n")
    }

    @Test func dueJSONHasTheDocumentedFields() throws {
        let cfg = try parseConfig(
            config(people: [
                #"{ "name": "Ada \"Q\"", "every": "1w", "lastContact": "2026-11-01" }"#,
                #"{ "name": "Grace", "every": "1m", "met": "2026-11-20" }"#,
            ]))
        let json = DueReport(config: cfg, state: .empty, today: date("2026-11-23")).json
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["name"] as? String == "Grace")
        #expect(parsed[0]["reason"] as? String == "follow-up")
        #expect(parsed[0]["lastContact"] is NSNull)
        #expect(parsed[1]["name"] as? String == "Ada \"Q\"")
        #expect(parsed[1]["reason"] as? String == "overdue")
        #expect(parsed[1]["lastContact"] as? String == "2026-11-01")
        #expect(parsed[1]["dueOn"] as? String == "2026-11-08")
        #expect(parsed[1]["daysOverdue"] as? Int == 15)
        #expect(parsed.allSatisfy { ($0["suggestion"] as? String)?.isEmpty == false })
        #expect(parsed.allSatisfy { $0["giveFirst"] as? Bool == false })
    }
}
