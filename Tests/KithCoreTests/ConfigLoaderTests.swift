import Foundation
import KithCore
import Testing

@Suite struct ConfigLoaderTests {
    @Test func fullFixtureLoadsEveryKey() throws {
        let config = try ConfigLoader.load(path: fixture("full.json"), systemTimeZone: TimeZone(identifier: "UTC")!)
        #expect(config.owner.name == "Sam Rivera")
        #expect(config.owner.field == "software")
        #expect(config.timeZone.identifier == "America/St_Johns")
        #expect(config.digest.at.description == "06:45")
        #expect(config.digest.days == [0, 2, 4])
        #expect(config.digest.maxPeople == 3)
        #expect(config.digest.datesAhead == 10)
        #expect(config.digest.sendWhenEmpty)
        let smtp = try #require(config.smtp)
        #expect(smtp.to == ["sam@example.org", "Sam <sam.rivera@example.net>"])
        #expect(smtp.timeoutSeconds == 12)
        #expect(smtp.caFile == "/etc/ssl/ca.pem")
        #expect(config.circles.map(\.name) == ["inner", "friends"])
        #expect(config.followUpAfter.map(\.description) == ["3d", "2w"])
        #expect(config.goals.first?.until == date("2027-03-31"))
        let ada = config.people[0]
        #expect(ada.cadence.description == "10d")  // every overrides the circle
        #expect(ada.birthday == Birthday(month: 12, day: 10, year: 1815))
        #expect(ada.notes == "Line one.\nLine two.")
        #expect(ada.metAt == "the Royal Society")
        let zoe = config.people[1]
        #expect(zoe.name == "Zoë Ñúñez")
        #expect(zoe.cadence.description == "1m")
        #expect(zoe.birthday == Birthday(month: 2, day: 29, year: nil))
    }

    @Test func exampleConfigIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try ConfigLoader.load(path: root.appendingPathComponent("config.example.json").path)
        #expect(config.people.count >= 5)
    }

    @Test func defaultsApplyWhenKeysAreLeftOut() throws {
        let config = try parseConfig(config(people: [#"{ "name": "Ada", "circle": "inner" }"#]))
        #expect(config.digest.at.description == "07:30")
        #expect(config.digest.days == DigestSettings.allDays)
        #expect(config.digest.maxPeople == 5)
        #expect(config.digest.datesAhead == 7)
        #expect(config.followUpAfter.map(\.description) == ["2d", "2w"])
        #expect(config.smtp == nil)
    }

    @Test func systemZoneIsTheDefault() throws {
        let json = #"{ "owner": { "name": "S" }, "people": [] }"#
        let zone = TimeZone(identifier: "Asia/Kathmandu")!
        let config = try ConfigLoader.parse(bytes: Array(json.utf8), file: "t", systemTimeZone: zone)
        #expect(config.timeZone.identifier == "Asia/Kathmandu")
    }

    /// One bad config per row: the path the problem must name and words its message must contain.
    @Test(arguments: [
        (#"{ "name": "Ada", "evry": "2w" }"#, "people[0].evry", "did you mean \"every\""),
        (#"{ "name": "Ada", "circle": "innr" }"#, "people[0].circle", "did you mean \"inner\""),
        (#"{ "name": "Ada", "circle": "family" }"#, "people[0].circle", "not a circle"),
        (#"{ "name": "Ada" }"#, "people[0]", "\"circle\" or an \"every\""),
        (#"{ "name": "Ada", "every": "monthly-ish" }"#, "people[0].every", "is not a duration; use"),
        (#"{ "name": "Ada", "every": "0d" }"#, "people[0].every", "not a positive duration"),
        (#"{ "name": "Ada", "every": "-2w" }"#, "people[0].every", "not a positive duration"),
        (#"{ "name": "Ada", "every": 14 }"#, "people[0].every", "expected a string, found a number"),
        (
            #"{ "name": "Ada", "circle": "inner", "lastContact": "2026-02-30" }"#, "people[0].lastContact",
            "not a real date"
        ),
        (#"{ "name": "Ada", "circle": "inner", "met": "30/10/2026" }"#, "people[0].met", "write it as YYYY-MM-DD"),
        (#"{ "name": "Ada", "circle": "inner", "birthday": "02-30" }"#, "people[0].birthday", "not a real day"),
        (#"{ "name": "Ada", "circle": "inner", "birthday": "Dec 10" }"#, "people[0].birthday", "MM-DD"),
        (
            #"{ "name": "Ada", "circle": "inner", "email": "ada.example.org" }"#, "people[0].email",
            "not an email address"
        ),
        (
            #"{ "name": "Ada", "circle": "inner", "email": "ada@@example.org" }"#, "people[0].email",
            "not an email address"
        ),
        (#"{ "name": "Eve\r\nBcc: x@example.org", "circle": "inner" }"#, "people[0].name", "line break"),
        (
            #"{ "name": "Eve", "email": "eve@example.org\r\nBcc: x@example.org", "circle": "inner" }"#,
            "people[0].email", "line break"
        ),
        (#"{ "name": "Eve\u0000", "circle": "inner" }"#, "people[0].name", "NUL"),
        (#"{ "name": "Eve", "circle": "inner", "metAt": "a\nb" }"#, "people[0].metAt", "line break"),
        (#"{ "name": "Ada", "circle": "inner", "goals": ["bok"] }"#, "people[0].goals[0]", "not the id of any goal"),
        (#"{ "circle": "inner" }"#, "people[0].name", "needs a \"name\""),
        (#"{ "name": "Ada", "circle": "inner", "offers": "analysis" }"#, "people[0].offers", "expected a list"),
    ])
    func badPersonIsReported(person: String, path: String, message: String) throws {
        let found = problems(config(people: [person]))
        let problem = try #require(found.first { $0.path == path }, "no problem at \(path) in \(found)")
        #expect(problem.message.contains(message), "\(problem.message)")
        #expect(problem.position != nil)
    }

    @Test(arguments: [
        (#""digest": { "at": "7:30" }, "#, "digest.at", "HH:MM"),
        (#""digest": { "at": "25:00" }, "#, "digest.at", "HH:MM"),
        (#""digest": { "days": ["mon", "funday"] }, "#, "digest.days[1]", "not a day of the week"),
        (#""digest": { "days": [] }, "#, "digest.days", "empty"),
        (#""digest": { "maxPeople": 0 }, "#, "digest.maxPeople", "whole number from 1"),
        (#""digest": { "maxPeople": 2.5 }, "#, "digest.maxPeople", "whole number"),
        (#""digest": { "maxPeopel": 3 }, "#, "digest.maxPeopel", "did you mean \"maxPeople\""),
        (#""followUp": { "after": ["2d", "soon"] }, "#, "followUp.after[1]", "not a duration"),
        (
            #""smtp": { "url": "smtp://x", "from": "kith <kith@example.org>", "password": "hunter2" }, "#,
            "smtp.password", "passwordFile"
        ),
        (#""smtp": { "url": "smtp://x", "from": "kith" }, "#, "smtp.from", "not an email address"),
        (
            #""smtp": { "url": "smtp://x", "from": "k@example.org", "to": ["a@example.org\nBcc: b@example.org"] }, "#,
            "smtp.to[0]", "line break"
        ),
        (#""smtp": { "url": "smtp://x", "from": "k@example.org", "tls": "maybe" }, "#, "smtp.tls", "not a TLS mode"),
        (#""smtp": { "from": "k@example.org" }, "#, "smtp", "needs a \"url\""),
        (#""goals": [ { "title": "No id" } ], "#, "goals[0]", "needs an \"id\""),
        (#""peeple": [], "#, "peeple", "did you mean \"people\""),
        (#""imap": { "url": "imaps://x", "password": "hunter2" }, "#, "imap.password", "does not belong in the config"),
        (#""imap": { "url": "imaps://x", "tls": "maybe" }, "#, "imap.tls", "not a TLS mode"),
        (#""imap": { "username": "u" }, "#, "imap", "needs a \"url\""),
        (#""imap": { "url": "imaps://x", "backfillDays": -1 }, "#, "imap.backfillDays", "whole number from 0"),
        (#""imap": { "url": "imaps://x", "sentfolder": "Sent" }, "#, "imap.sentfolder", "did you mean \"sentFolder\""),
    ])
    func badSettingIsReported(extra: String, path: String, message: String) throws {
        try expectProblem(in: config(people: [], extra: extra), at: path, saying: message)
    }

    @Test func unknownTimeZoneIsReported() throws {
        try expectProblem(in: config(people: [], timezone: "Mars/Olympus"), at: "timezone", saying: "not a time zone")
    }

    private func expectProblem(in text: String, at path: String, saying message: String) throws {
        let found = problems(text)
        let problem = try #require(found.first { $0.path == path }, "no problem at \(path) in \(found)")
        #expect(problem.message.contains(message), "\(problem.message)")
    }

    @Test func passwordValueNeverAppearsInTheMessage() {
        let found = problems(
            config(
                people: [],
                extra: #""smtp": { "url": "smtp://x", "from": "k@example.org", "password": "hunter2-secret" }, "#))
        #expect(!found.isEmpty)
        #expect(!found.description.contains("hunter2-secret"))
    }

    @Test func duplicateNamesAreCaughtIgnoringCase() throws {
        let found = problems(
            config(people: [
                #"{ "name": "Ada Lovelace", "circle": "inner" }"#, #"{ "name": "ada lovelace", "every": "1m" }"#,
            ]))
        let problem = try #require(found.first)
        #expect(problem.path == "people[1].name")
        #expect(problem.message.contains("listed twice"))
        #expect(problem.message.contains("people[0]"))
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        let found = problems(
            config(
                people: [
                    #"{ "name": "Ada", "circle": "innr" }"#,
                    #"{ "name": "Grace", "every": "soon" }"#,
                    #"{ "name": "Linus", "circle": "inner", "birthday": "13-01" }"#,
                ], extra: #""timezone2": "x", "#))
        #expect(Set(found.map(\.path)) == ["people[0].circle", "people[1].every", "people[2].birthday", "timezone2"])
    }

    @Test func problemsInsideAPersonNameThePerson() throws {
        let found = problems(config(people: [#"{ "every": "soon", "name": "Grace Hopper" }"#]))
        let problem = try #require(found.first)
        #expect(problem.person == "Grace Hopper")
        #expect(
            problem.description
                == #"people[0].every (Grace Hopper): "soon" is not a duration; use a number and a unit: d (days), w (weeks), m (months) or y (years), e.g. "2w" or "3m""#
        )
    }

    @Test func problemsCarryLineAndColumn() throws {
        let json =
            "{\n  \"owner\": { \"name\": \"S\" },\n  \"people\": [\n    { \"name\": \"A\", \"every\": \"xx\" }\n  ]\n}"
        let problem = try #require(problems(json).first)
        #expect(problem.position == SourcePosition(line: 4, column: 29))
    }

    @Test(arguments: [
        ("{ \"owner\": { \"name\": \"S\" }\n  \"people\": [] }", 2, "expected ',' or '}'"),
        ("{ \"owner\": { \"name\": \"S\" }, \"people\": [ { \"name\": \"A\" ] }", 1, "expected ',' or '}'"),
        ("{ \"owner\": { 'name': \"S\" } }", 1, "expected a key in double quotes"),
        ("{ \"owner\": { \"name\": \"S\n\" } }", 1, "never closed"),
        ("{ \"owner\": /* oops", 1, "never closed"),
        ("", 1, "ends where a value was expected"),
        ("{ } }", 1, "after the end of the document"),
        ("{ \"a\": tru }", 1, "expected true or false"),
    ])
    func malformedJSONGivesLineAndColumn(json: String, line: Int, message: String) throws {
        let found = problems(json)
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.position?.line == line)
        #expect(problem.message.hasPrefix("this is not valid JSON: "))
        #expect(problem.message.contains(message), "\(problem.message)")
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let json = "{ \"owner\": { \"name\": \"S\" }, \"x\": " + String(repeating: "[", count: 100_000)
        let problem = try #require(problems(json).first)
        #expect(problem.message.contains("nested more than 64 levels deep"))
    }

    @Test func commentsAndTrailingCommasAreAccepted() throws {
        let json = """
            // leading comment
            {
              /* owner */ "owner": { "name": "S", },  // trailing comma in an object
              "people": [ { "name": "A", "every": "1w", "tags": ["x", "y",], }, ],
            }
            """
        let config = try parseConfig(json)
        #expect(config.people[0].tags == ["x", "y"])
    }

    @Test func escapesDecode() throws {
        let json = #"{ "owner": { "name": "S\u00e9bastien \ud83d\ude00 \"Q\"" }, "people": [] }"#
        let config = try parseConfig(json)
        #expect(config.owner.name == "Sébastien 😀 \"Q\"")
    }

    @Test func missingFileSaysWhy() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/kith/config.json")
            Issue.record("a missing file must be an error")
        } catch {
            #expect(error.description.contains("No such file or directory"))
        }
    }

    @Test func noDefaultFileListsWhereItLooked() {
        do {
            _ = try ConfigLoader.resolvePath(
                explicit: nil,
                environment: ["XDG_CONFIG_HOME": "/nonexistent-xdg", "CONFIGURATION_DIRECTORY": "/nonexistent-cd"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent-cd/config.json"))
            #expect(error.description.contains("/nonexistent-xdg/kith/config.json"))
        }
    }

    @Test func configurationDirectoryComesFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-cd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(FileManager.default.createFile(atPath: dir.path + "/config.json", contents: Data("{}".utf8)))
        let path = try ConfigLoader.resolvePath(explicit: nil, environment: ["CONFIGURATION_DIRECTORY": dir.path])
        #expect(path == dir.path + "/config.json")
    }
}

/// People are built as they are read when the circles come first, and after the whole file
/// otherwise: both ways give the same people and the same problems.
@Suite struct ConfigSectionOrderTests {
    static let circles = #""circles": { "inner": { "every": "2w" }, "friends": { "every": "1m" } }"#
    static let goals = #""goals": [ { "id": "book", "title": "The book" } ]"#
    static let people = #"""
        "people": [
          { "name": "Ada", "circle": "inner", "goals": ["book"], "aka": ["Ada L"] },
          { "name": "Bob", "circle": "inenr", "goals": ["bok"] },
          { "name": "ada", "every": "1w" },
          { "name": "Cy", "every": "3d", "aka": ["Bob"] },
          { "name": "Dee" }
        ]
        """#

    func read(_ sections: [String]) -> (people: [String], problems: [String]) {
        let text =
            "{ \"owner\": { \"name\": \"Sam\" }, \"timezone\": \"UTC\", " + sections.joined(separator: ", ") + " }"
        do {
            let config = try parseConfig(text)
            return (config.people.map { "\($0.name) \($0.cadence.phrase) \($0.circleRank)" }, [])
        } catch {
            return ([], error.problems.map { "\($0.path): \($0.message)" }.sorted())
        }
    }

    @Test func theOrderOfSectionsChangesNothing() {
        let first = read([Self.circles, Self.goals, Self.people])
        #expect(first.problems.count == 5, "\(first.problems)")
        #expect(first.problems.contains { $0.hasPrefix("people[1].circle:") && $0.contains("did you mean \"inner\"") })
        #expect(first.problems.contains { $0.hasPrefix("people[1].goals[0]:") && $0.contains("did you mean \"book\"") })
        #expect(first.problems.contains { $0.hasPrefix("people[2].name:") })
        #expect(first.problems.contains { $0.hasPrefix("people[3].aka:") })
        #expect(first.problems.contains { $0.hasPrefix("people[4]:") })
        for order in [
            [Self.people, Self.circles, Self.goals], [Self.circles, Self.people, Self.goals],
            [Self.goals, Self.people, Self.circles],
        ] {
            #expect(read(order).problems == first.problems, "\(order.map { $0.prefix(8) })")
        }
        let valid = Self.people.replacingOccurrences(of: "inenr", with: "friends").replacingOccurrences(
            of: "bok", with: "book"
        ).replacingOccurrences(of: #"{ "name": "ada", "every": "1w" },"#, with: "").replacingOccurrences(
            of: #", "aka": ["Bob"]"#, with: ""
        ).replacingOccurrences(of: #"{ "name": "Dee" }"#, with: #"{ "name": "Dee", "every": "1y" }"#)
        let built = read([Self.circles, Self.goals, valid])
        #expect(built.problems.isEmpty, "\(built.problems)")
        #expect(built.people == ["Ada every 2 weeks 0", "Bob every month 1", "Cy every 3 days 2", "Dee every year 2"])
        for order in [[valid, Self.circles, Self.goals], [Self.circles, valid, Self.goals]] {
            #expect(read(order).people == built.people)
        }
    }
}
