import Foundation
import KithCore
import KithTestSupport
import Testing

@testable import KithMail

@Suite struct MailMessageTests {
    private func judge(_ message: MailMessage) throws -> ParsedMessage {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kith-msg-\(UUID().uuidString).eml")
        try Data(message.bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ParsedMessage(file: file)
    }

    private func message(
        fromName: String = "kith", toName: String? = "Sam Rivera", subject: String = "kith: Ada (Mon 23 Nov)",
        text: String = "Hello\n", html: String = "<p>Hello</p>\n"
    ) -> MailMessage {
        MailMessage(
            from: Mailbox(displayName: fromName, address: "kith@example.org"),
            to: [Mailbox(displayName: toName, address: "sam@example.org")], subject: subject, text: text, html: html,
            date: Date(timeIntervalSince1970: 1_795_415_400), timeZone: TimeZone(identifier: "Europe/Berlin")!)
    }

    @Test(arguments: ["Zoë Ñúñez", "李小龙", "Ørjan O'Brien", "Sam \"The Man\" Rivera, Jr.", "Émile 🎉 Zola"])
    func displayNamesAndSubjectsDecodeToTheExactInput(name: String) throws {
        let parsed = try judge(message(fromName: name, toName: name, subject: "kith: \(name) and more (Mon 23 Nov)"))
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.from.first?["name"] == name)
        #expect(parsed.to.first?["name"] == name)
        #expect(parsed.subject == "kith: \(name) and more (Mon 23 Nov)")
        #expect(parsed.sevenBit)
        #expect(parsed.maxLine <= 78)
    }

    @Test func bodiesAreQuotedPrintableUTF8WithCRLF() throws {
        let long = String(repeating: "Zoë says hello to everyone = ", count: 20)
        let text = "First line\n\(long)\nTrailing space \n.starts with a dot\n🎉 emoji\n"
        let parsed = try judge(message(text: text, html: "<p>\(long)</p>\n"))
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.json["content_type"] as? String == "multipart/alternative")
        #expect(parsed.parts.map { $0["type"] } == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0["cte"] == "quoted-printable" && $0["charset"] == "utf-8" })
        #expect(parsed.part("text/plain") == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parsed.maxLine <= 78)
        #expect(parsed.sevenBit)
        #expect(!parsed.bareLineEnds)
    }

    @Test func requiredHeadersArePresent() throws {
        let parsed = try judge(message())
        #expect(parsed.header("date") == "Mon, 23 Nov 2026 07:30:00 +0100")
        #expect(parsed.header("mime_version") == "1.0")
        let id = try #require(parsed.header("message_id"))
        #expect(id.hasPrefix("<kith.") && id.hasSuffix("@example.org>"))
    }

    @Test func messageIDsAreUnique() {
        let ids = Set((0..<50).map { _ in message().messageID })
        #expect(ids.count == 50)
    }

    @Test func quotedPrintableKeepsLinesShortAndEscapesWhatItMust() {
        let encoded = QuotedPrintable.encode(String(repeating: "é", count: 100) + " \n=\t")
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
        #expect(encoded.hasSuffix("=3D=09"))
        #expect(encoded.contains("=20\r\n"))
        #expect(encoded.utf8.allSatisfy { $0 < 128 })
    }

    @Test(arguments: [
        (1...30).map { "word\($0)" }.joined(separator: " "),
        String(repeating: "Ü", count: 60) + " and " + String(repeating: "李", count: 40) + " 🎉",
    ])
    func longSubjectsAreFoldedAndDecodeExactly(subject: String) throws {
        let parsed = try judge(message(subject: subject))
        #expect(parsed.subject == subject)
        #expect(parsed.maxLine <= 78)
    }

    @Test(arguments: [
        "Eve\r\nBcc: x@example.org <eve@example.org>", "eve@example.org\nBcc: x@example.org", "eve@example.org\0",
    ])
    func mailboxesWithLineBreaksAreRefused(text: String) {
        #expect(Mailbox(parsing: text) == nil)
    }
}
