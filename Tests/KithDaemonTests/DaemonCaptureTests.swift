import Foundation
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's capture passes against a real Dovecot and a real SMTP server on 127.0.0.1:
/// the digest reflects yesterday's mail, and a mailbox that refuses kith never holds it up.
@Suite(.serialized) struct DaemonCaptureTests {
    private let directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent(
        "kith-capture-\(UUID().uuidString)")
    private var state: String { directory.appendingPathComponent("state").path }

    private func writeConfig(
        smtp: SMTPTestServer, imap: DovecotTestServer, password: String, user: String = "sam", pollMinutes: Int = 0,
        timeout: Int = 4
    ) throws -> String {
        let passwordFile = try DovecotTestServer.passwordFile(in: directory, password: password)
        let path = directory.appendingPathComponent("config.json").path
        // The digest time (00:00 UTC) has passed: a started daemon owes today's digest.
        try """
        { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC", "digest": { "at": "00:00" },
          "smtp": { "url": "smtp://127.0.0.1:\(smtp.port)", "from": "kith@example.org", "tls": "none", "timeoutSeconds": 5 },
          "imap": { "url": "imaps://127.0.0.1:\(imap.tlsPort)", "username": "\(user)", "passwordFile": "\(passwordFile)",
                    "caFile": "\(imap.certificate)", "timeoutSeconds": \(timeout), "pollMinutes": \(pollMinutes) },
          "people": [
            { "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Grace Hopper", "email": "grace@example.org", "every": "1w", "lastContact": "2026-01-01" } ] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private var yesterday: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date().addingTimeInterval(-86_400))
    }

    @Test func theDigestReflectsTheMailCapturedJustBeforeIt() throws {
        let smtp = try SMTPTestServer(["--tls", "none"])
        let imap = try DovecotTestServer()
        try imap.append([
            "From: Sam <sam@example.org>\nTo: Ada <ada@example.org>\nSubject: Engines\nDate: \(yesterday)\n"
                + "Message-ID: <engines@example.org>\n\nHello.\n"
        ])
        let config = try writeConfig(smtp: smtp, imap: imap, password: DovecotTestServer.password)
        let daemon = try DaemonProcess(arguments: ["--config", config, "--state", state], environment: [:])
        #expect(DaemonProcess.eventually(timeout: 20) { smtp.messages.count == 1 }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 10) == 0)
        let digest = try ParsedMessage(file: try #require(smtp.messages.first))
        let text = try #require(digest.part("text/plain"))
        #expect(text.contains("Grace Hopper"))
        #expect(!text.contains("Ada Lovelace"), "Ada was written to yesterday: \(text)")
        #expect(text.contains("Reply to this mail"), "the digest says how to act by replying")
    }

    @Test func aMailboxRefusingTheLoginNeverStopsTheDigestAndIsLoggedOnce() throws {
        let smtp = try SMTPTestServer(["--tls", "none"])
        let imap = try DovecotTestServer()
        let wrong = "wrong-password-Zq9"
        // Dovecot answers a repeated failed login slowly (its auth penalty): give it time, so
        // the second pass fails as the first did.
        let config = try writeConfig(smtp: smtp, imap: imap, password: wrong, pollMinutes: 1, timeout: 20)
        let started = Date()
        let daemon = try DaemonProcess(arguments: ["--config", config, "--state", state], environment: [:])
        #expect(DaemonProcess.eventually(timeout: 20) { smtp.messages.count == 1 }, "\(daemon.log)")
        // The pass fails in about two seconds (Dovecot's failure delay), and the digest goes.
        #expect(Date().timeIntervalSince(started) < 12)
        // Another user name is another account: a reload starts its first pass at once. It
        // fails the same way, which is not logged again.
        _ = try writeConfig(smtp: smtp, imap: imap, password: wrong, user: "samuel", pollMinutes: 1, timeout: 20)
        daemon.signal(SIGHUP)
        #expect(
            DaemonProcess.eventually(timeout: 30) {
                (try? Command.sqlite(state + "/kith.sqlite", "SELECT COUNT(*) FROM scan")) == "2"
            }, "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 10) == 0)
        let log = daemon.log
        #expect(log.components(separatedBy: "The mailbox could not be read").count == 2, "logged once: \(log)")
        #expect(log.contains("configuration"))
        #expect(log.contains("refused the login"), "\(log)")
        #expect(!log.contains(wrong), "the password never appears in a log")
        let status = try KithBinary.run(["status", "--config", config, "--state", state])
        #expect(status.stdout.contains("refused the login"), "\(status.stdout)")
        #expect(!status.stdout.contains(wrong))
    }
}
