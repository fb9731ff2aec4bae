import Foundation
import KithTestSupport
import Testing

/// The built binary, run as a user runs it.
@Suite struct CommandTests {
    let example = KithBinary.root.appendingPathComponent("config.example.json").path

    /// The example config, pointed at a mail server on this machine as scripts/run-example does.
    private func runnableExample(smtp: String = #""url": "smtp://127.0.0.1:2525", "tls": "none","#) throws -> String {
        let text = try String(contentsOfFile: example, encoding: .utf8)
            .replacingOccurrences(of: #""url": "smtp://mail.example.org:587","#, with: smtp)
            .replacingOccurrences(of: #""username": "sam@example.org","#, with: "")
        return try KithBinary.temporaryFile(text)
    }

    @Test func checkAcceptsTheExampleConfigOnceItNamesARealServer() throws {
        let result = try KithBinary.run(["check", "--config", runnableExample()])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is valid: 7 people, 3 circles; next digest"))
        #expect(result.stdout.contains("(Europe/Berlin)"))
    }

    @Test(arguments: [
        ("", "smtp.url still names mail.example.org, a placeholder"),  // the untouched example
        (#""url": "http://127.0.0.1:2525", "tls": "none","#, "the scheme must be smtp:// (with STARTTLS) or smtps://"),
        (
            #""url": "smtps://mail.invalid:465", "username": "u", "passwordFile": "/nonexistent/pw","#,
            "smtp.url still names mail.invalid"
        ),
        (
            #""url": "smtps://127.0.0.1:465", "username": "u", "passwordFile": "/nonexistent/pw","#,
            "cannot read smtp.passwordFile: /nonexistent/pw: No such file or directory"
        ),
    ])
    func checkRunsWhatSendWouldAndSaysTheSame(smtp: String, message: String) throws {
        let path = smtp.isEmpty ? example : try runnableExample(smtp: smtp)
        let check = try KithBinary.run(["check", "--config", path])
        #expect(check.status == 1)
        #expect(check.stderr.contains(message), "\(check.stderr)")
        let send = try KithBinary.run(["send", "--config", path])
        #expect(send.status == 78)
        #expect(send.stderr.contains(message), "\(send.stderr)")
    }

    @Test func checkRefusesAConfigWithoutMailSettings() throws {
        let path = try KithBinary.temporaryFile(
            #"{ "owner": { "name": "S", "email": "s@example.org" }, "people": [] }"#)
        let check = try KithBinary.run(["check", "--config", path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("the config has no \"smtp\" section"), "\(check.stderr)")
    }

    @Test func checkListsEveryProblemWithItsPlaceAndExitsOne() throws {
        let path = try KithBinary.temporaryFile(
            """
            {
              "owner": { "name": "Sam" },
              "timezone": "Europe/Berlln",
              "circles": { "inner": { "every": "2w" } },
              "people": [
                { "name": "Ada", "evry": "2w" },
                { "name": "Grace", "circle": "inner", "met": "2026-02-30" },
              ]
            }
            """)
        let result = try KithBinary.run(["check", "--config", path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(path):3:15: timezone: \"Europe/Berlln\" is not a time zone") })
        #expect(
            lines.contains {
                $0.contains(
                    ":6:22: people[0].evry (Ada): \"evry\" is not a setting kith knows; did you mean \"every\"?")
            })
        #expect(lines.contains { $0.contains("people[0] (Ada): give Ada a \"circle\" or an \"every\"") })
        #expect(lines.contains { $0.contains("people[1].met (Grace): \"2026-02-30\" is not a real date") })
        #expect(lines.last == "kith: 4 problems in the config.")
        // In file order.
        #expect(lines.firstIndex { $0.contains("timezone") }! < lines.firstIndex { $0.contains("people[1].met") }!)
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.isEmpty)
    }

    @Test func malformedJSONNamesLineAndColumn() throws {
        let path = try KithBinary.temporaryFile("{\n  \"owner\": { \"name\": \"Sam\" }\n  \"people\": []\n}\n")
        let result = try KithBinary.run(["check", "--config", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):3:3: this is not valid JSON: expected ',' or '}'"))
    }

    @Test func missingFileIsAClearErrorInEveryCommand() throws {
        for command in ["check", "due", "preview"] {
            let result = try KithBinary.run([command, "--config", "/nonexistent/config.json"])
            #expect(result.status == (command == "check" ? 1 : 78))
            #expect(
                result.stderr.contains(
                    "cannot read the config file: /nonexistent/config.json: No such file or directory"))
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    @Test func noConfigAnywhereSaysWhereItLooked() throws {
        let result = try KithBinary.run(
            ["due"], environment: ["XDG_CONFIG_HOME": "/nonexistent-xdg", "CONFIGURATION_DIRECTORY": "/nonexistent-cd"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("no config file found; looked in /nonexistent-cd/config.json"))
    }

    @Test func dueJSONListsEveryoneDueInRankOrder() throws {
        let result = try KithBinary.run(["due", "--config", example, "--at", "2026-11-23T08:00", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["name"] as? String == "Grace Hopper")
        #expect(entries.first?["reason"] as? String == "follow-up")
        let katherine = try #require(entries.first { $0["name"] as? String == "Katherine Johnson" })
        #expect(katherine["lastContact"] as? String == "2026-09-12")
        #expect(katherine["dueOn"] as? String == "2026-10-12")
        #expect(katherine["daysOverdue"] as? Int == 42)
        #expect(!entries.contains { $0["name"] as? String == "Margaret Hamilton" })
    }

    @Test func atAMinuteBeforeAndAfterMidnight() throws {
        let path = try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam" }, "timezone": "Pacific/Kiritimati",
              "people": [ { "name": "Ada", "every": "1w", "lastContact": "2026-11-16" } ] }
            """)
        let before = try KithBinary.run(["due", "--config", path, "--at", "2026-11-22T23:59", "--json"])
        let after = try KithBinary.run(["due", "--config", path, "--at", "2026-11-23T00:00", "--json"])
        #expect(before.stdout == "[]\n")
        #expect(after.stdout.contains("\"dueOn\": \"2026-11-23\", \"daysOverdue\": 0"))
    }

    @Test func dueTableIsReadable() throws {
        let result = try KithBinary.run(["due", "--config", example, "--at", "2026-11-23T08:00"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines[1].hasPrefix("Grace Hopper"))
        #expect(lines.last?.hasSuffix("due on 2026-11-23.") == true)
    }

    @Test func badAtIsRefusedWithAHint() throws {
        let result = try KithBinary.run(["due", "--config", example, "--at", "tomorrow"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("YYYY-MM-DDTHH:MM"))
    }

    @Test func badLogLevelIsRefusedWithTheChoices() throws {
        let result = try KithBinary.run(["send", "--config", example, "--log-level", "loud"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\"loud\" is not a log level; use trace, debug, info"))
    }

    @Test func previewRendersTheDigestAsText() throws {
        let result = try KithBinary.run(["preview", "--config", example, "--at", "2026-11-23T07:30"])
        #expect(result.status == 0, "\(result.stderr)")
        // Hedy's birthday is one of the five actions (maxPeople 5): four more people.
        #expect(result.stdout.hasPrefix("Good morning, Sam. 4 people to reach out to today."))
        #expect(result.stdout.contains("FOLLOW UP\n* Grace Hopper: met 5 days ago at PyCon"))
        #expect(result.stdout.contains("COMING UP\n* Thursday 26 Nov: Hedy Lamarr's birthday; send Hedy a note"))
    }

    @Test func previewRendersHTMLThatEscapesUserText() throws {
        let path = try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam" }, "timezone": "UTC",
              "people": [ { "name": "Mallory", "every": "1w", "lastContact": "2026-11-01", "notes": "<script>alert(1)</script>" } ] }
            """)
        let result = try KithBinary.run(["preview", "--config", path, "--at", "2026-11-23T07:30", "--format", "html"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!result.stdout.contains("<script>"))
    }
}
