public import Foundation
public import KithCore

/// Turns a day's digest into the message kith mails.
public enum DigestMail {
    /// The sender and recipients: `smtp.from` (else the owner) and `smtp.to` (else the owner).
    public static func addressing(config: Config) throws(DeliveryError) -> (from: Mailbox, to: [Mailbox]) {
        let ownerMailbox = config.owner.email.flatMap(Mailbox.init(parsing:)).map {
            Mailbox(displayName: config.owner.name, address: $0.address)
        }
        let from: Mailbox
        if let text = config.smtp?.from {
            guard let mailbox = Mailbox(parsing: text) else {
                throw DeliveryError(
                    kind: .configuration, message: "smtp.from: \"\(text)\" is not an address kith can send from")
            }
            from = mailbox
        } else if let ownerMailbox {
            from = Mailbox(displayName: "kith", address: ownerMailbox.address)
        } else {
            throw DeliveryError(kind: .configuration, message: "no sender address: set smtp.from or owner.email")
        }
        var to: [Mailbox] = []
        for text in config.smtp?.to ?? [] {
            guard let mailbox = Mailbox(parsing: text) else {
                throw DeliveryError(kind: .configuration, message: "smtp.to: \"\(text)\" is not an address")
            }
            to.append(mailbox)
        }
        if to.isEmpty {
            guard let ownerMailbox else {
                throw DeliveryError(
                    kind: .configuration, message: "nowhere to send the digest: set owner.email or smtp.to")
            }
            to = [ownerMailbox]
        }
        func ascii(_ mailbox: Mailbox, _ place: String) throws(DeliveryError) -> Mailbox {
            guard let converted = mailbox.withASCIIDomain() else {
                throw DeliveryError(
                    kind: .configuration,
                    message:
                        "\(place): the domain of \(UserText.quoted(mailbox.address)) is not a valid internationalised domain name"
                )
            }
            return converted
        }
        var asciiTo: [Mailbox] = []
        for mailbox in to { asciiTo.append(try ascii(mailbox, "smtp.to")) }
        return (try ascii(from, "smtp.from"), asciiTo)
    }

    /// Where replies to the digest go: the mailbox kith reads (`imap.address`, else the
    /// owner's address); nil when kith reads no mailbox.
    public static func replyAddress(config: Config) -> Mailbox? {
        guard let imap = config.imap, let text = imap.address ?? config.owner.email,
            let mailbox = Mailbox(parsing: text)
        else { return nil }
        let named = Mailbox(displayName: "kith", address: mailbox.address)
        return named.withASCIIDomain() ?? named
    }

    /// The message for `digest`, dated `date`. With a mailbox to read, it gets `Reply-To` that
    /// mailbox, and its Message-ID and reply links carry `token`.
    public static func message(
        for digest: Digest, renderer: DigestRenderer, config: Config, date: Date, token: String = ReplyToken.make()
    ) throws(DeliveryError) -> MailMessage {
        let (from, to) = try addressing(config: config)
        let replyTo = replyAddress(config: config)
        let links = replyTo.map { DigestRenderer.ReplyLinks(address: $0.address, tag: ReplyToken.subjectTag(token)) }
        return MailMessage(
            from: from, to: to, subject: renderer.subject(digest), text: renderer.text(digest, replies: links),
            html: renderer.html(digest, replies: links), date: date, timeZone: config.timeZone, uniqueTag: token,
            replyTo: replyTo)
    }

    /// kith's answer to a command message: from the digest's sender to `author`, in the thread
    /// of the digest and the reply.
    public static func confirmation(
        subject: String, text: String, html: String, to author: Mailbox, inReplyTo: String, digestID: String,
        config: Config, date: Date
    ) throws(DeliveryError) -> MailMessage {
        let (from, _) = try addressing(config: config)
        return MailMessage(
            from: from, to: [author], subject: subject, text: text, html: html, date: date, timeZone: config.timeZone,
            replyTo: replyAddress(config: config), inReplyTo: inReplyTo, references: [digestID, inReplyTo])
    }
}
