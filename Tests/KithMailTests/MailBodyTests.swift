import Foundation
import KithMail
import Testing

@Suite struct MailBodyTests {
    private func bytes(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test func thePlainPartOfAnAlternativeWinsAndIsDecoded() {
        let message = bytes(
            """
            From: Sam <sam@example.org>
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/html; charset=utf-8

            <p>done Ada</p>
            --b1
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: quoted-printable

            done Kurt G=C3=B6del: a long note that goes on and on and on and on and=
             on
            --b1--
            """)
        #expect(MailBody.text(of: message) == "done Kurt Gödel: a long note that goes on and on and on and on and on")
    }

    @Test func base64Latin1AndNestedMultipartsAreRead() {
        let encoded = Data("snooze Gödel 2w\n".data(using: .isoLatin1)!).base64EncodedString()
        let message = bytes(
            """
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: base64

            \(encoded)
            --inner--
            --outer
            Content-Type: text/plain
            Content-Disposition: attachment; filename=x.txt

            done Nobody
            --outer--
            """)
        #expect(MailBody.text(of: message) == "snooze Gödel 2w\n")
    }

    @Test func htmlOnlyRepliesLoseTheirMarkupAndTheirQuote() {
        let message = bytes(
            """
            Content-Type: text/html; charset=utf-8

            <html><head><style>p { color: red }</style></head><body><div>done Ada &amp; co</div><div>skip Grace<br></div>
            <blockquote><p>done Kurt</p></blockquote></body></html>
            """)
        let text = MailBody.text(of: message)
        #expect(text.split(separator: "\n").map(String.init) == ["done Ada & co", "skip Grace"])
    }

    @Test func aMessageCutShortGivesWhatItHas() {
        let message = bytes(
            """
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/plain

            done Ada
            """)
        #expect(MailBody.text(of: message).hasPrefix("done Ada"))
        #expect(MailBody.text(of: bytes("Subject: only headers")) == "")
    }
}
