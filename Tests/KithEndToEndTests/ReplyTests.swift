import Foundation
import KithTestSupport
import Testing

/// Replies to the digest, read from a real Dovecot and confirmed through a real SMTP server,
/// both on 127.0.0.1: commands applied once, from the owner only, with the digest's token only.
@Suite(.serialized) struct ReplyTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-reply-\(UUID().uuidString)")
    private var state: String { root.appendingPathComponent("state").path }
    static let smtpPassword = "smtp-secret"

    private func config(_ imap: DovecotTestServer, _ smtp: SMTPTestServer) throws -> String {
        let passwordFile = try DovecotTestServer.passwordFile(in: root, password: DovecotTestServer.password)
        let path = root.appendingPathComponent("config.json").path
        try """
        { "owner": { "name": "Sam", "email": "sam@example.org", "emails": ["sam@phone.example"] }, "timezone": "UTC",
          "digest": { "maxPeople": 10 },
          "smtp": { "url": "smtp://127.0.0.1:\(smtp.port)", "username": "sam", "from": "kith <kith@example.org>",
                    "caFile": "\(smtp.certificate)", "timeoutSeconds": 5 },
          "imap": { "url": "imaps://127.0.0.1:\(imap.tlsPort)", "username": "sam", "passwordFile": "\(passwordFile)",
                    "caFile": "\(imap.certificate)", "timeoutSeconds": 10, "address": "sam+kith@example.org" },
          "people": [
            { "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Ada King", "email": "king@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Grace Hopper", "email": "grace@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Kurt Gödel", "email": "kurt@example.org", "every": "1w", "lastContact": "2026-01-01" },
            { "name": "Alan Turing", "email": "alan@example.org", "every": "1y", "lastContact": "2026-11-01" } ] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func kith(_ arguments: [String], _ config: String) throws -> KithBinary.Result {
        try KithBinary.run(
            arguments + ["--config", config, "--state", state], environment: ["KITH_SMTP_PASSWORD": Self.smtpPassword])
    }

    private func mailDate(daysAgo: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date().addingTimeInterval(-86_400 * daysAgo))
    }

    private func mail(from: String, id: String, subject: String, inReplyTo: String? = nil, body: String) -> String {
        var text =
            "From: \(from)\nTo: kith <sam+kith@example.org>\nSubject: \(subject)\nDate: \(mailDate(daysAgo: 0))\n"
        text += "Message-ID: <\(id)>\n"
        if let inReplyTo { text += "In-Reply-To: \(inReplyTo)\nReferences: \(inReplyTo)\n" }
        return text + "Content-Type: text/plain; charset=utf-8\n\n" + body
    }

    private func header(_ name: String, in file: URL) throws -> String? {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
            .map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func repliesFromTheOwnerWithTheTokenAreAppliedOnceAndConfirmed() throws {
        let imap = try DovecotTestServer()
        let smtp = try SMTPTestServer(["--auth", "sam:\(Self.smtpPassword)"])
        let config = try config(imap, smtp)
        let sent = try kith(["send"], config)
        #expect(sent.status == 0, "\(sent.stderr)")
        let digestFile = try #require(smtp.messages.first)
        let digestID = try #require(try header("Message-ID", in: digestFile))
        #expect(try header("Reply-To", in: digestFile) == "kith <sam+kith@example.org>")
        let token = String(try #require(digestID.split(separator: ".").dropFirst(2).first?.split(separator: "@").first))
        #expect(token.count == 32, "a 128-bit token in \(digestID)")
        let html = try #require(ParsedMessage(file: digestFile).part("text/html"))
        #expect(html.contains("mailto:sam+kith@example.org?subject=%5Bkith%20\(token)%5D%20done%20Grace%20Hopper"))

        let reply = mail(
            from: "Sam <SAM@example.org>", id: "reply-1@example.org", subject: "Re: kith", inReplyTo: digestID,
            body: """
                done Grace: coffee at the lab
                snooze Kurt 2w
                met Ada Lovelace at the museum: engines
                done Ada

                On Mon, 30 Nov 2026 at 07:30, kith <kith@example.org> wrote:
                > done Ada King
                > skip Grace Hopper
                """)
        try imap.append(
            [
                reply,
                reply,  // the same reply seen twice
                mail(
                    from: "Mallory <mallory@evil.example>", id: "stranger@evil.example", subject: "Re: kith",
                    inReplyTo: digestID, body: "done Alan Turing\n"),
                mail(from: "sam@example.org", id: "no-token@example.org", subject: "notes", body: "done Alan Turing\n"),
                mail(
                    from: "sam@phone.example", id: "tap@phone.example", subject: "[kith \(token)] done Ada King",
                    body: "done Ada King\n"),
                mail(
                    from: "Alan <alan@example.org>", id: "alan@example.org", subject: "A question about machines",
                    body: "Can they think?\n"
                ).replacingOccurrences(of: mailDate(daysAgo: 0), with: mailDate(daysAgo: 5)),
            ], to: "INBOX")

        let scan = try kith(["scan"], config)
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("Applied a reply to a digest"), "\(scan.stdout)")
        #expect(scan.stdout.contains("Sent 2 confirmations"), "\(scan.stdout)")

        let grace = try kith(["history", "Grace"], config).stdout
        #expect(grace.contains("coffee at the lab"), "\(grace)")
        #expect(grace.components(separatedBy: "coffee at the lab").count == 2, "applied once: \(grace)")
        #expect(try kith(["history", "Ada Lovelace"], config).stdout.contains("at the museum: engines"))
        #expect(try kith(["history", "Ada King"], config).stdout.contains("message"), "the tapped link")
        #expect(
            !(try kith(["history", "Alan"], config).stdout.contains("message")),
            "a stranger and no token change nothing")
        let due = try kith(["due"], config).stdout
        #expect(!due.contains("Kurt"), "snoozed: \(due)")
        #expect(!due.contains("Grace"))

        // Two confirmations (the copy is not confirmed again), each in its thread.
        let confirmations = Array(smtp.messages.dropFirst())
        #expect(confirmations.count == 2)
        let first = try #require(confirmations.first)
        #expect(try header("In-Reply-To", in: first) == "<reply-1@example.org>")
        let text = try #require(ParsedMessage(file: first).part("text/plain"))
        #expect(text.contains("✓ Recorded contact with Grace Hopper"), "\(text)")
        #expect(text.contains("✓ Kurt Gödel is left out of digests until"))
        #expect(text.contains("✓ Recorded that you met Ada Lovelace"))
        #expect(text.contains("\"Ada Lovelace\", \"Ada King\""), "the ambiguous line names the candidates: \(text)")
        #expect(!text.contains("skip Grace"), "the quoted digest is not read")
        #expect(try header("To", in: confirmations[1])?.contains("sam@phone.example") == true)

        // Flags: the command messages (and the copy) are \Seen $KithDone; the rest untouched.
        let snapshot = try imap.snapshot(["INBOX"])
        let flagged = snapshot.components(separatedBy: "$KithDone").count - 1
        #expect(flagged == 3, "\(snapshot)")

        // Alan wrote five days ago and nobody answered: the digest says so.
        let preview = try kith(["preview", "--format", "text"], config).stdout
        #expect(preview.contains("THEY WROTE TO YOU"), "\(preview)")
        #expect(preview.contains("Alan Turing: wrote"))
        #expect(preview.contains("\"A question about machines\""))

        // Nothing new: nothing applied again, no confirmation.
        let again = try kith(["scan"], config)
        #expect(!again.stdout.contains("Applied"), "\(again.stdout)")
        #expect(smtp.messages.count == 3)
    }
}
