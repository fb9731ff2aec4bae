import Foundation
import KithTestSupport
import Testing

/// `kith send` against a real SMTP server on 127.0.0.1, run as a user runs it.
@Suite(.serialized) struct SendTests {
    static let password = "hunter2-secret"

    private func writeConfig(server: SMTPTestServer, people: String? = nil, extra: String = "") throws -> String {
        let everyone =
            people ?? """
                { "name": "Zoë Ñúñez", "email": "zoe@example.org", "every": "1w", "lastContact": "2026-10-01",
                  "notes": "🎉 <script>alert(1)</script>" },
                { "name": "李小龙", "every": "2w", "lastContact": "2026-10-05" },
                { "name": "Ørjan O'Brien", "every": "1m", "lastContact": "2026-09-01" }
                """
        return try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam Rivera", "email": "sam@example.org" }, "timezone": "Europe/Berlin",
              "smtp": { "url": "smtp://127.0.0.1:\(server.port)", "username": "sam", "from": "kith <kith@example.org>",
                        "caFile": "\(server.certificate)", "timeoutSeconds": 5 },
              \(extra)
              "people": [ \(everyone) ] }
            """)
    }

    private func send(_ config: String, password: String = SendTests.password, extra: [String] = []) throws
        -> KithBinary.Result
    {
        try KithBinary.run(
            ["send", "--config", config, "--at", "2026-11-23T07:30"] + extra,
            environment: ["KITH_SMTP_PASSWORD": password])
    }

    @Test func sendsADigestThatARealParserReadsBackExactly() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let config = try writeConfig(server: server)
        let result = try send(config)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Sent the digest for 2026-11-23 to sam@example.org (3 people).\n")
        let message = try ParsedMessage(file: try #require(server.messages.first))
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.subject == "kith: Zoë, 李小龙 and 1 more (Mon 23 Nov)")
        #expect(message.to.first?["name"] == "Sam Rivera")
        let text = try #require(message.part("text/plain"))
        #expect(text.contains("* 李小龙: last in touch"))
        #expect(text.contains("🎉 <script>alert(1)</script>"))
        let html = try #require(message.part("text/html"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("Ørjan O&#39;Brien"))
        #expect(message.sevenBit)
        #expect(message.maxLine <= 78)
    }

    @Test func previewEmlIsTheMessageSendSends() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let config = try writeConfig(server: server)
        let preview = try KithBinary.run(["preview", "--config", config, "--at", "2026-11-23T07:30", "--format", "eml"])
        #expect(preview.status == 0)
        #expect(try send(config).status == 0)
        let sent = try String(contentsOf: try #require(server.messages.first), encoding: .utf8)
        // Only the per-message tag (in Message-ID and the MIME boundary) differs.
        func tag(_ text: String) -> String? {
            text.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: <kith.") }
                .map { String($0.split(separator: ".")[2].prefix(while: { $0 != "@" })) }
        }
        let previewTag = try #require(tag(preview.stdout))
        let sentTag = try #require(tag(sent))
        #expect(
            preview.stdout.replacingOccurrences(of: previewTag, with: "TAG")
                == sent.replacingOccurrences(of: sentTag, with: "TAG"))
    }

    @Test(arguments: [
        (["--fail-rcpt", "451 4.3.0 Try again later"], Int32(75), "451 4.3.0 Try again later"),
        (["--fail-data", "452 4.3.1 Insufficient system storage"], 75, "452 4.3.1"),
        (["--fail-rcpt", "550 5.1.1 No such user"], 69, "550 5.1.1 No such user"),
        (["--fail-data", "554 5.7.1 Message rejected"], 69, "554 5.7.1"),
    ])
    func failuresExitWithTheirSysexitsCode(arguments: [String], status: Int32, reply: String) throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"] + arguments)
        let result = try send(try writeConfig(server: server))
        #expect(result.status == status)
        #expect(result.stderr.contains(reply), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func wrongPasswordExitsSeventyEightAndNamesTheServerReply() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let result = try send(try writeConfig(server: server), password: "not-it")
        #expect(result.status == 78)
        #expect(result.stderr.contains("the server refused the login (535 5.7.8 Authentication credentials invalid)"))
    }

    @Test func passwordNeverAppearsInAnyOutputAtAnyVerbosity() throws {
        for mechanism in ["PLAIN", "LOGIN"] {
            let server = try SMTPTestServer(["--auth", "sam:\(Self.password)", "--mechanisms", mechanism])
            let config = try writeConfig(server: server)
            for password in [Self.password, "wrong-\(Self.password)"] {
                for level in ["trace", "debug", "info"] {
                    let result = try send(config, password: password, extra: ["--log-level", level])
                    let all = result.stdout + result.stderr
                    #expect(!all.contains(Self.password))
                    // Nor its base64 forms, as AUTH PLAIN and LOGIN would put it on the wire.
                    for encoded in [Data(Self.password.utf8), Data("\0sam\0\(password)".utf8), Data(password.utf8)] {
                        #expect(!all.contains(encoded.base64EncodedString()))
                    }
                    if level == "trace" { #expect(all.contains("smtp.reply")) }
                }
            }
        }
    }

    @Test func headerInjectionIsRejectedAtLoadAndNothingIsSent() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        for person in [
            #"{ "name": "Eve\r\nBcc: x@example.org", "every": "1w", "lastContact": "2026-10-01" }"#,
            #"{ "name": "Eve", "email": "eve@example.org\r\nBcc: x@example.org", "every": "1w", "lastContact": "2026-10-01" }"#,
        ] {
            let result = try send(try writeConfig(server: server, people: person))
            #expect(result.status == 78)
            #expect(result.stderr.contains("line break"))
        }
        #expect(server.messages.isEmpty)
        #expect(!server.commands.contains("MAIL"))
    }

    @Test func nothingDueSendsNothingUnlessAskedTo() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let quiet = #"{ "name": "Ada", "every": "1m", "lastContact": "2026-11-20" }"#
        let result = try send(try writeConfig(server: server, people: quiet))
        #expect(result.status == 0)
        #expect(result.stdout == "Nobody is due on 2026-11-23; no digest sent.\n")
        #expect(server.messages.isEmpty)
        let always = try writeConfig(server: server, people: quiet, extra: #""digest": { "sendWhenEmpty": true },"#)
        #expect(try send(always).status == 0)
        #expect(server.messages.count == 1)
    }

    @Test func passwordInTheConfigIsRefusedWithWhereToPutIt() throws {
        let path = try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam", "email": "sam@example.org" },
              "smtp": { "url": "smtp://127.0.0.1:1", "from": "k@example.org", "password": "hunter2-secret" },
              "people": [] }
            """)
        let result = try KithBinary.run(["send", "--config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("passwordFile"))
        #expect(!result.stderr.contains("hunter2-secret"))
    }
}
