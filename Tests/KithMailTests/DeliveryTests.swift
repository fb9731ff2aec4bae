import Foundation
import KithCore
import KithTestSupport
import Logging
import Testing

@testable import KithMail

#if canImport(Glibc)
    import Glibc
#endif

/// Delivery against a real SMTP server on 127.0.0.1.
@Suite(.serialized) struct DeliveryTests {
    private static let password = "hunter2-secret"

    private func config(port: Int, scheme: String = "smtp", tls: String = "required", ca: String?, timeout: Int = 10)
        throws -> Config
    {
        let caLine = ca.map { #""caFile": "\#($0)","# } ?? ""
        let json = """
            { "owner": { "name": "Zoë Ñúñez", "email": "zoe@example.org" }, "timezone": "Europe/Berlin",
              "smtp": { "url": "\(scheme)://127.0.0.1:\(port)", "username": "sam", "from": "kith <kith@example.org>",
                        \(caLine) "tls": "\(tls)", "timeoutSeconds": \(timeout) },
              "people": [ { "name": "Ada", "every": "1w", "lastContact": "2026-10-01" } ] }
            """
        return try ConfigLoader.parse(bytes: Array(json.utf8), file: "test.json")
    }

    private func endpoint(_ config: Config, password: String = DeliveryTests.password) throws(DeliveryError)
        -> SMTPEndpoint
    {
        try SMTPEndpoint.make(config: config, environment: ["KITH_SMTP_PASSWORD": password])
    }

    private func message(_ n: Int = 1) -> MailMessage {
        MailMessage(
            from: Mailbox(displayName: "kith", address: "kith@example.org"),
            to: [Mailbox(displayName: "Zoë", address: "zoe@example.org")], subject: "Test \(n)", text: "Hello \(n)\n",
            html: "<p>Hello \(n)</p>\n", date: Date(), timeZone: TimeZone(identifier: "UTC")!)
    }

    private func transport() -> SMTPTransport {
        SMTPTransport(logger: Logger(label: "test"))
    }

    private func sendError(_ body: () throws -> Void) -> DeliveryError? {
        do {
            try body()
            return nil
        } catch let error as DeliveryError {
            return error
        } catch {
            Issue.record("expected a DeliveryError, got \(error)")
            return nil
        }
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func acceptedWithStartTLSAndAuth(mechanism: String) throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)", "--mechanisms", mechanism])
        let cfg = try config(port: server.port, ca: server.certificate)
        try transport().send(message(), via: endpoint(cfg))
        #expect(server.messages.count == 1)
        #expect(server.commands.contains("STARTTLS"))
        #expect(server.commands.contains("AUTH-\(mechanism)-OK"))
        let data = try Data(contentsOf: server.directory.appendingPathComponent("msg-1.json"))
        let envelope = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["authenticated"] as? Bool == true)
        #expect(envelope["mail_from"] as? String == "kith@example.org")
        #expect(envelope["rcpt_tos"] as? [String] == ["zoe@example.org"])
    }

    @Test func acceptedOverImplicitTLS() throws {
        let server = try SMTPTestServer(["--tls", "implicit", "--auth", "sam:\(Self.password)"])
        let cfg = try config(port: server.port, scheme: "smtps", ca: server.certificate)
        try transport().send(message(), via: endpoint(cfg))
        #expect(server.messages.count == 1)
    }

    @Test func untrustedCertificateIsAConfigurationError() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let cfg = try config(port: server.port, ca: nil)
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        #expect(error.kind == .configuration)
        #expect(error.message.contains("not trusted"))
        #expect(!server.commands.contains { $0.hasPrefix("AUTH") })
    }

    @Test func serverWithoutStartTLSIsRefusedBeforeAnyAuth() throws {
        let server = try SMTPTestServer(["--tls", "none", "--auth", "sam:\(Self.password)"])
        let cfg = try config(port: server.port, ca: server.certificate)
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        #expect(error.kind == .configuration)
        #expect(error.message.contains("STARTTLS"))
        #expect(!server.commands.contains { $0.hasPrefix("AUTH") })
        #expect(server.messages.isEmpty)
    }

    @Test func wrongPasswordIsAConfigurationErrorWithTheServerReply() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let cfg = try config(port: server.port, ca: server.certificate)
        let error = try #require(
            sendError { try transport().send(message(), via: try endpoint(cfg, password: "wrong")) })
        #expect(error.kind == .configuration)
        #expect(error.message.contains("refused the login (535"), "\(error.message)")
        // Never what was sent after AUTH: neither the password nor its base64 form.
        let encoded = Data("\u{0}sam\u{0}wrong".utf8).base64EncodedString()
        #expect(!error.message.contains("wrong") && !error.message.contains(encoded), "\(error.message)")
        #expect(error.exitStatus == .configuration)
    }

    @Test(arguments: [
        (["--fail-rcpt", "451 4.3.0 Try again later"], DeliveryError.Kind.transient, 451),
        (["--fail-data", "452 4.3.1 Insufficient system storage"], .transient, 452),
        (["--fail-rcpt", "550 5.1.1 No such user"], .permanent, 550),
        (["--fail-data", "554 5.7.1 Message rejected"], .permanent, 554),
        (["--fail-rcpt", "421 4.7.0 Shutting down"], .transient, 421),
    ])
    func serverRepliesAreClassified(arguments: [String], kind: DeliveryError.Kind, code: Int) throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"] + arguments)
        let cfg = try config(port: server.port, ca: server.certificate)
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        #expect(error.kind == kind, "\(error.message)")
        #expect(error.smtpCode == code)
        #expect(error.message.contains("\(code)"), "\(error.message)")
    }

    @Test func refusedConnectionIsTransient() throws {
        let port = Ports.free()  // nothing listens there
        let cfg = try config(port: port, ca: nil)
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        #expect(error.kind == .transient)
        #expect(error.exitStatus == .temporaryFailure)
    }

    @Test func silentServerFailsWithinTheTimeout() throws {
        let server = try SMTPTestServer(["--silent"])
        let cfg = try config(port: server.port, ca: nil, timeout: 2)
        let start = Date()
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        let elapsed = Date().timeIntervalSince(start)
        #expect(error.kind == .transient)
        #expect(elapsed < 2 + 5, "took \(elapsed) s")
    }

    @Test func secondMessageOnAConnectionTheServerClosedIsDelivered() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)", "--close-after-message"])
        let cfg = try config(port: server.port, ca: server.certificate)
        let sender = transport()
        let target = try endpoint(cfg)
        try sender.send(message(1), via: target)
        Thread.sleep(forTimeInterval: 0.5)  // the server has closed the connection by now
        try sender.send(message(2), via: target)
        #expect(server.messages.count == 2)
    }

    @Test func plainTextOnlyToLoopbackAndNeverWithCredentials() throws {
        let remote = """
            { "owner": { "name": "S", "email": "s@example.org" },
              "smtp": { "url": "smtp://mail.example.org:25", "from": "k@example.org", "tls": "none" }, "people": [] }
            """
        let remoteConfig = try ConfigLoader.parse(bytes: Array(remote.utf8), file: "t")
        let error = try #require(sendError { _ = try SMTPEndpoint.make(config: remoteConfig, environment: [:]) })
        #expect(error.kind == .configuration)
        #expect(error.message.contains("only allowed for a server on this machine"))
        let server = try SMTPTestServer(["--tls", "none"])
        let local = try config(port: server.port, tls: "none", ca: nil)
        // A username is set in that config: refused, as it would travel unencrypted.
        let withCredentials = try #require(sendError { _ = try endpoint(local) })
        #expect(withCredentials.message.contains("never sends credentials unencrypted"))
    }

    @Test func plainTextToLoopbackDelivers() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let json = """
            { "owner": { "name": "S", "email": "s@example.org" },
              "smtp": { "url": "smtp://127.0.0.1:\(server.port)", "from": "k@example.org", "tls": "none" }, "people": [] }
            """
        let cfg = try ConfigLoader.parse(bytes: Array(json.utf8), file: "t")
        try transport().send(message(), via: SMTPEndpoint.make(config: cfg, environment: [:]))
        #expect(server.messages.count == 1)
    }

    @Test func passwordComesFromFileThenCredentialThenEnvironment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "from-credential\n".write(
            to: dir.appendingPathComponent("smtp-password"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("pw")
        try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
        let base = SMTPSettings(
            url: "smtp://127.0.0.1", username: "u", passwordFile: nil, from: "k@example.org", to: [], caFile: nil,
            tls: .required, timeoutSeconds: 5)
        var withFile = base
        withFile.passwordFile = file.path
        let env = ["CREDENTIALS_DIRECTORY": dir.path, "KITH_SMTP_PASSWORD": "from-env"]
        #expect(try SMTPEndpoint.readPassword(smtp: withFile, environment: env) == "from-file")
        #expect(try SMTPEndpoint.readPassword(smtp: base, environment: env) == "from-credential")
        #expect(
            try SMTPEndpoint.readPassword(smtp: base, environment: ["KITH_SMTP_PASSWORD": "from-env"]) == "from-env")
        var missing = base
        missing.passwordFile = dir.appendingPathComponent("nope").path
        #expect(throws: DeliveryError.self) { try SMTPEndpoint.readPassword(smtp: missing, environment: env) }
    }

    @Test func anEmptyIMAPCredentialCountsAsNoneAndTheSMTPPasswordOfTheSameHostIsUsed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "smtp-secret\n".write(to: dir.appendingPathComponent("smtp-password"), atomically: true, encoding: .utf8)
        try "".write(to: dir.appendingPathComponent("imap-password"), atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(
            bytes: Array(
                """
                { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC",
                  "smtp": { "url": "smtps://mail.kith-test.net", "username": "sam", "from": "sam@example.org" },
                  "imap": { "url": "imaps://MAIL.kith-test.net", "username": "sam" }, "people": [] }
                """.utf8), path: "t")
        let endpoint = try IMAPEndpoint.make(config: config, environment: ["CREDENTIALS_DIRECTORY": dir.path])
        #expect(endpoint.password == "smtp-secret")
        try "imap-secret\n".write(to: dir.appendingPathComponent("imap-password"), atomically: true, encoding: .utf8)
        #expect(
            try IMAPEndpoint.make(config: config, environment: ["CREDENTIALS_DIRECTORY": dir.path]).password
                == "imap-secret")
        #expect(!"\(endpoint)".contains("secret"), "never printed")
    }

    /// A config for a server on 127.0.0.1 with extra `smtp` settings.
    private func config(port: Int, ca: String?, smtp extra: String, owner: String = "zoe@example.org") throws
        -> Config
    {
        let caLine = ca.map { #""caFile": "\#($0)","# } ?? ""
        let json = """
            { "owner": { "name": "Zoë", "email": "\(owner)" }, "timezone": "UTC",
              "smtp": { "url": "smtp://127.0.0.1:\(port)", "from": "kith <kith@example.org>", \(caLine) \(extra) },
              "people": [] }
            """
        return try ConfigLoader.parse(bytes: Array(json.utf8), file: "test.json")
    }

    @Test(arguments: [
        ["--fail-starttls", "454 4.7.0 TLS not available due to temporary reason"],
        ["--auth", "sam:\(DeliveryTests.password)", "--fail-auth", "454 4.7.0 Temporary authentication failure"],
        ["--drop-at-starttls"],
    ])
    func deferralsAtStartTLSOrAuthAndADroppedHandshakeAreTransient(arguments: [String]) throws {
        let server = try SMTPTestServer(arguments)
        let cfg = try config(port: server.port, ca: server.certificate)
        let error = try #require(sendError { try transport().send(message(), via: try endpoint(cfg)) })
        #expect(error.kind == .transient, "\(error.message)")
        #expect(error.exitStatus == .temporaryFailure)
        if let reply = arguments.last, reply.hasPrefix("454") { #expect(error.message.contains(reply)) }
        #expect(server.messages.isEmpty)
    }

    @Test func oneRefusedRecipientDoesNotStopTheOthers() throws {
        let server = try SMTPTestServer(["--tls", "none", "--refuse-rcpt", "gone@example.org"])
        let cfg = try config(
            port: server.port, ca: nil,
            smtp: #""tls": "none", "to": ["gone@example.org", "zoe@example.org", "sam@example.org"]"#)
        let target = try SMTPEndpoint.make(config: cfg, environment: [:])
        let report = try transport().send(message(), via: target)
        #expect(report.refused.count == 1)
        #expect(report.refused.first?.hasPrefix("gone@example.org: 550") == true, "\(report.refused)")
        #expect(server.messages.count == 1)
        let envelope =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: server.directory.appendingPathComponent("msg-1.json"))) as? [String: Any]
        #expect(envelope?["rcpt_tos"] as? [String] == ["zoe@example.org", "sam@example.org"])
    }

    @Test func aServerThatStallsAfterTheMessageIsBoundedByTheTimeoutAndLeavesItUncertain() throws {
        let server = try SMTPTestServer(["--tls", "none", "--delay-data", "60"])
        let cfg = try config(port: server.port, ca: nil, smtp: #""tls": "none", "timeoutSeconds": 2"#)
        let target = try SMTPEndpoint.make(config: cfg, environment: [:])
        var handedOver = 0
        let start = Date()
        let error = try #require(
            sendError {
                try transport().send(bytes: message().bytes, via: target) {
                    handedOver += 1
                    return true
                }
            })
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 2 + 5, "the send took \(elapsed) s")
        #expect(handedOver == 1)
        #expect(error.kind == .uncertain, "\(error.message)")
        #expect(error.exitStatus == .uncertain)
    }

    @Test func aHandOverThatCannotBeRecordedStopsTheSendBeforeTheServerCanAccept() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let cfg = try config(port: server.port, ca: nil, smtp: #""tls": "none""#)
        let target = try SMTPEndpoint.make(config: cfg, environment: [:])
        let error = try #require(sendError { try transport().send(bytes: message().bytes, via: target) { false } })
        #expect(error.kind == .transient, "\(error.message)")
        #expect(error.message.contains("could not record"))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(server.messages.isEmpty)
    }

    @Test func aCertificateForAnotherHostIsCalledThat() throws {
        let server = try SMTPTestServer(["--cert-host", "mail.other.example"])
        let cfg = try config(port: server.port, ca: server.certificate, smtp: #""timeoutSeconds": 5"#)
        let error = try #require(
            sendError { try transport().send(message(), via: SMTPEndpoint.make(config: cfg, environment: [:])) })
        #expect(error.kind == .configuration)
        #expect(error.message.contains("for another host name"), "\(error.message)")
    }

    @Test func theGreetingNamesThisMachineFullyOrTheConfiguredName() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let named = try config(port: server.port, ca: nil, smtp: #""tls": "none", "heloName": "kith.example.org""#)
        try transport().send(message(), via: SMTPEndpoint.make(config: named, environment: [:]))
        let plain = try config(port: server.port, ca: nil, smtp: #""tls": "none""#)
        try transport().send(message(), via: SMTPEndpoint.make(config: plain, environment: [:]))
        let greetings = server.commands.filter { $0.hasPrefix("EHLO ") }
        #expect(greetings.first == "EHLO kith.example.org")
        // What the resolver calls this machine, asked independently of kith.
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [
            "python3", "-c",
            "import socket; h = socket.gethostname(); print(socket.getaddrinfo(h, None, flags=socket.AI_CANONNAME)[0][3] or h)",
        ]
        let output = Pipe()
        probe.standardOutput = output
        try probe.run()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        probe.waitUntilExit()
        #expect(greetings.last == "EHLO \(expected)", "\(greetings)")
        #expect(throws: ConfigError.self, "a bad heloName is refused") {
            try config(port: 25, ca: nil, smtp: #""heloName": "bad name!""#)
        }
    }

    @Test func anInternationalisedDomainGoesOutInASCII() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let cfg = try config(port: server.port, ca: nil, smtp: #""tls": "none", "to": "Zoë <zoe@bücher.example>""#)
        let target = try SMTPEndpoint.make(config: cfg, environment: [:])
        #expect(target.recipients.map(\.address) == ["zoe@xn--bcher-kva.example"])
        let mail = try DigestMail.addressing(config: cfg)
        try transport().send(
            MailMessage(
                from: mail.from, to: mail.to, subject: "Hi", text: "x\n", html: "<p>x</p>\n", date: Date(),
                timeZone: TimeZone(identifier: "UTC")!), via: target)
        let envelope =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: server.directory.appendingPathComponent("msg-1.json"))) as? [String: Any]
        #expect(envelope?["rcpt_tos"] as? [String] == ["zoe@xn--bcher-kva.example"])
        let parsed = try ParsedMessage(file: server.messages[0])
        #expect(parsed.sevenBit)
        #expect(parsed.to.first?["address"] == "zoe@xn--bcher-kva.example", "\(parsed.to)")
    }

    @Test func aNonASCIILocalPartNeedsSMTPUTF8() throws {
        let plain = try SMTPTestServer(["--tls", "none"])
        let cfg = try config(port: plain.port, ca: nil, smtp: #""tls": "none", "to": "zoë@example.org""#)
        let error = try #require(
            sendError { try transport().send(message(), via: SMTPEndpoint.make(config: cfg, environment: [:])) })
        #expect(error.kind == .permanent, "\(error.message)")
        #expect(error.message.contains("zoë@example.org") && error.message.contains("SMTPUTF8"), "\(error.message)")
        #expect(plain.messages.isEmpty)
        let modern = try SMTPTestServer(["--tls", "none", "--smtputf8"])
        let ok = try config(port: modern.port, ca: nil, smtp: #""tls": "none", "to": "zoë@example.org""#)
        try transport().send(message(), via: SMTPEndpoint.make(config: ok, environment: [:]))
        #expect(modern.messages.count == 1)
    }

    @Test func aPasswordFileEndingInCRLFIsTrimmedAndAnOpenOneIsWarnedAbout() throws {
        let server = try SMTPTestServer(["--auth", "sam:\(Self.password)"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kith-pw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("\(Self.password)\r\n".utf8).write(to: file)
        chmod(file.path, 0o600)
        let cfg = try config(
            port: server.port, ca: server.certificate, smtp: #""username": "sam", "passwordFile": "\#(file.path)""#)
        try transport().send(message(), via: SMTPEndpoint.make(config: cfg, environment: [:]))
        #expect(server.messages.count == 1)
        #expect(SMTPEndpoint.passwordWarnings(config: cfg, environment: [:]).isEmpty)
        chmod(file.path, 0o644)
        let warnings = SMTPEndpoint.passwordWarnings(config: cfg, environment: [:])
        #expect(warnings.count == 1 && warnings[0].contains("chmod 600"), "\(warnings)")
    }

    @Test func endpointDescriptionHidesThePassword() throws {
        let json = """
            { "owner": { "name": "S", "email": "s@example.org" },
              "smtp": { "url": "smtp://127.0.0.1:2525", "username": "u", "from": "k@example.org" }, "people": [] }
            """
        let cfg = try ConfigLoader.parse(bytes: Array(json.utf8), file: "t")
        let target = try SMTPEndpoint.make(config: cfg, environment: ["KITH_SMTP_PASSWORD": Self.password])
        #expect(!"\(target)".contains(Self.password))
        #expect(!String(reflecting: target).contains(Self.password))
        var dumped = ""
        dump(target, to: &dumped)
        #expect(!dumped.contains(Self.password))
        #expect(dumped.contains("127.0.0.1"))
    }
}

@Suite struct ClassificationTests {
    @Test(
        arguments: [
            (6, nil, DeliveryError.Kind.transient),  // DNS
            (7, nil, .transient),  // refused
            (28, nil, .transient),  // timeout
            (56, nil, .transient),  // a dropped connection, no reply
            (35, nil, .transient),  // a TLS handshake the server broke off
            (67, "535 5.7.8 Authentication failed", .configuration),  // login denied
            (67, "454 4.7.0 Temporary authentication failure", .transient),  // AUTH deferred
            (64, nil, .configuration),  // no STARTTLS offered
            (64, "454 4.7.0 TLS not available due to temporary reason", .transient),  // STARTTLS deferred
            (64, "502 5.5.1 STARTTLS not implemented", .configuration),
            (60, nil, .configuration),  // untrusted certificate
            (3, nil, .configuration),  // bad URL
            (55, "451 4.3.0 Try later", .transient),  // RCPT 451
            (55, "421 4.7.0 Shutting down", .transient),
            (8, "452 4.3.1 Insufficient storage", .transient),  // 452 after DATA
            (55, "550 5.1.1 No such user", .permanent),
            (8, "554 5.7.1 Rejected", .permanent),
            (55, "530 5.7.0 Authentication required", .configuration),
        ] as [(Int, String?, DeliveryError.Kind)])
    func theReplyDecidesAndTheCurlCodeCoversTheRest(curl: Int, reply: String?, kind: DeliveryError.Kind) {
        let error = DeliveryError.classify(curlCode: curl, reply: reply, detail: "detail")
        #expect(error.kind == kind, "\(error.message)")
        if let reply { #expect(error.message.contains(reply)) }
    }

    @Test func aCertificateForAnotherHostSaysSo() {
        let error = DeliveryError.classify(
            curlCode: 60, reply: nil,
            detail: "SSL: no alternative certificate subject name matches target host name '127.0.0.1'")
        #expect(error.kind == .configuration)
        #expect(error.message.contains("for another host name"), "\(error.message)")
        #expect(!error.message.contains("not trusted"))
        let untrusted = DeliveryError.classify(
            curlCode: 60, reply: nil, detail: "SSL certificate problem: self-signed certificate")
        #expect(untrusted.message.contains("not trusted"))
    }
}

/// libcurl's codes are read in one place, `CurlFailure`, for SMTP and IMAP alike.
@Suite struct CurlFailureTests {
    @Test(
        arguments: [
            (1, "", CurlFailure.unusableURL), (3, "", .unusableURL), (6, "", .unresolvedHost), (7, "", .noConnection),
            (28, "", .timedOut), (67, "", .loginDenied), (64, "", .startTLSRefused),
            (
                60, "SSL: no alternative certificate subject name matches target host name 'x'",
                .certificateForAnotherHost
            ),
            (60, "SSL certificate problem: self-signed certificate", .untrustedCertificate),
            (77, "", .untrustedCertificate), (83, "", .untrustedCertificate), (90, "", .untrustedCertificate),
            (91, "", .untrustedCertificate), (35, "", .handshakeFailed), (58, "", .localTLSSettings),
            (59, "", .localTLSSettings), (66, "", .localTLSSettings), (56, "Too large response", .responseTooLarge),
            (56, "Recv failure: Connection reset by peer", .other), (55, "", .other), (0, "", .other),
        ] as [(Int, String, CurlFailure)])
    func eachCodeMeansOneThing(code: Int, detail: String, failure: CurlFailure) {
        #expect(CurlFailure(code: code, detail: detail) == failure)
    }

    @Test func smtpAndIMAPWordTheSameFailureForTheirOwnSettings() {
        let smtp = DeliveryError.classify(curlCode: 67, reply: nil, detail: "Login denied")
        let imap = MailboxError.classify(curlCode: 67, reply: nil, detail: "Login denied")
        #expect(smtp.kind == .configuration && smtp.message.contains("smtp.username"))
        #expect(imap.kind == .configuration && imap.message.contains("imap.username"))
        #expect(imap.cause == .loginDenied)
        // The scan halves a batch whose answer libcurl found too large: known by its cause.
        let large = MailboxError.classify(curlCode: 56, reply: nil, detail: "Too large response")
        #expect(large.cause == .responseTooLarge && large.kind == .transient)
        #expect(MailboxError(kind: .transient, message: "Too large response").cause == nil)
    }
}
