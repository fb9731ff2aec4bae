public import Foundation
import KithCore

/// A digest as an RFC 5322 message: multipart/alternative with a text and an HTML part,
/// UTF-8, quoted-printable, CRLF line endings, 7-bit on the wire.
public struct MailMessage: Sendable {
    public let from: Mailbox
    public let to: [Mailbox]
    public let subject: String
    public let text: String
    public let html: String
    public let date: Date
    /// The zone the Date header is written in.
    public let timeZone: TimeZone
    /// `<kith.STAMP.TAG@domain>`, unique per message; a digest's tag is its reply token.
    public let messageID: String
    /// Where replies go: the mailbox kith reads, when it reads one.
    public let replyTo: Mailbox?
    /// The message this one answers, and the thread before it.
    public let inReplyTo: String?
    public let references: [String]
    private let boundary: String

    public init(
        from: Mailbox, to: [Mailbox], subject: String, text: String, html: String, date: Date, timeZone: TimeZone,
        uniqueTag: String = ReplyToken.make(), replyTo: Mailbox? = nil, inReplyTo: String? = nil,
        references: [String] = []
    ) {
        self.replyTo = replyTo
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.timeZone = timeZone
        let stamp = Int(date.timeIntervalSince1970)
        self.messageID = "<kith.\(stamp).\(uniqueTag)@\(from.domain)>"
        self.boundary = "=_kith_\(uniqueTag)"
    }

    /// The message as it goes on the wire.
    public var bytes: [UInt8] {
        Array(rendered.utf8)
    }

    public var rendered: String {
        var out = ""
        out += HeaderEncoding.fold(name: "Date", tokens: [MailMessage.rfc5322Date(date, in: timeZone)])
        out += HeaderEncoding.fold(name: "From", tokens: HeaderEncoding.mailbox(from))
        var toTokens: [String] = []
        for (index, mailbox) in to.enumerated() {
            var tokens = HeaderEncoding.mailbox(mailbox)
            if index < to.count - 1 { tokens[tokens.count - 1] += "," }
            toTokens += tokens
        }
        out += HeaderEncoding.fold(name: "To", tokens: toTokens)
        out += HeaderEncoding.fold(name: "Subject", tokens: HeaderEncoding.unstructured(subject))
        if let replyTo { out += HeaderEncoding.fold(name: "Reply-To", tokens: HeaderEncoding.mailbox(replyTo)) }
        out += HeaderEncoding.fold(name: "Message-ID", tokens: [messageID])
        if let inReplyTo, HeaderEncoding.isMessageID(inReplyTo) {
            out += HeaderEncoding.fold(name: "In-Reply-To", tokens: [inReplyTo])
        }
        let thread = references.filter(HeaderEncoding.isMessageID)
        if !thread.isEmpty { out += HeaderEncoding.fold(name: "References", tokens: thread) }
        out += "MIME-Version: 1.0\r\n"
        out += HeaderEncoding.fold(
            name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""])
        out += "\r\n"
        out += "This is a multi-part message in MIME format.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=utf-8\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n"
            out += "\r\n"
            out += QuotedPrintable.encode(body)
        }
        out += "\r\n--\(boundary)--\r\n"
        return out
    }

    /// `Mon, 23 Nov 2026 07:30:00 +0100`.
    static func rfc5322Date(_ date: Date, in zone: TimeZone) -> String {
        let local = ZoneClock(timeZone: zone).local(date)
        let offset = zone.secondsFromGMT(for: date)
        let (y, m, d) = local.date.parts
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let s = local.secondOfDay
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return
            "\(days[local.date.weekday]), \(d) \(months[m - 1]) \(y) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60)) "
            + "\(sign)\(two(minutes / 60))\(two(minutes % 60))"
    }
}
