public import Foundation
public import KithCore

/// What a scan of INBOX means (pure): messages from people, which may wait for an answer, and
/// replies from the owner to a digest, which may hold commands (docs/replies.md).
public enum Inbox {
    /// A message from one of the people.
    public struct Incoming: Sendable, Equatable {
        public var messageID: String
        public var personKey: String
        public var at: Date
        public var subject: String?
    }

    /// A message from the owner that carries what may be a digest's token.
    public struct Reply: Sendable, Equatable {
        public var uid: Int
        public var messageID: String
        /// Candidate tokens, the likeliest first: the store knows which is a digest's.
        public var tokens: [String]
        /// The owner's address it came from, where the confirmation goes.
        public var author: String
        public var at: Date
    }

    /// Sorts `messages` into messages from people and replies to digests. List traffic and
    /// kith's own mail (Message-ID `<kith.…>`) are neither; a message from the owner without a
    /// token is left alone.
    public static func read(
        _ messages: [ScannedMessage], people: [Person], ownerAddresses: [String], now: Date, folder: String,
        uidValidity: Int
    ) -> (incoming: [Incoming], replies: [Reply]) {
        let byAddress = MailCapture.byAddress(people)
        let owner = Set(ownerAddresses.map { $0.lowercased() })
        var incoming: [Incoming] = []
        var replies: [Reply] = []
        for message in messages where message.isPersonal {
            let id = message.identity(folder: folder, uidValidity: uidValidity)
            let at = message.writtenAt(now: now)
            // Only the first From address is the author (RFC 5322 allows several, with a Sender).
            guard let author = message.from.first else { continue }
            if owner.contains(author) {
                let tokens = tokens(of: message)
                if !tokens.isEmpty {
                    replies.append(Reply(uid: message.uid, messageID: id, tokens: tokens, author: author, at: at))
                }
            } else if let index = byAddress[author] {
                incoming.append(
                    Incoming(messageID: id, personKey: people[index].key, at: at, subject: message.subject))
            }
        }
        return (incoming, replies)
    }

    /// The digest tokens a message may carry: in its subject as `[kith TOKEN]`, and in
    /// In-Reply-To and References (kith's Message-IDs, `<kith.STAMP.TOKEN@host>`; a reply to a
    /// confirmation names the confirmation and the digest).
    public static func tokens(of message: ScannedMessage) -> [String] {
        var tokens: [String] = []
        if let token = message.subject.flatMap(ReplyToken.inSubject) { tokens.append(token) }
        for id in message.replyTo.reversed() {
            if let token = ReplyToken.inMessageID(id), !tokens.contains(token) { tokens.append(token) }
        }
        return tokens
    }
}

/// The random 128-bit token that ties a reply to the digest it answers.
public enum ReplyToken {
    /// 32 random lowercase hex digits.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static func isToken(_ text: Substring) -> Bool {
        text.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The token in a digest's Message-ID, `<kith.1796000000.TOKEN@host>`.
    public static func inMessageID(_ id: String) -> String? {
        guard id.hasPrefix("<kith."), let at = id.firstIndex(of: "@") else { return nil }
        let parts = id[id.index(id.startIndex, offsetBy: 6)..<at].split(separator: ".")
        guard parts.count == 2, let token = parts.last, isToken(token) else { return nil }
        return String(token)
    }

    /// The token in a subject's `[kith TOKEN]`.
    public static func inSubject(_ subject: String) -> String? {
        guard let range = subject.range(of: "[kith ", options: .caseInsensitive) else { return nil }
        let rest = subject[range.upperBound...]
        guard let close = rest.firstIndex(of: "]") else { return nil }
        let token = rest[..<close].lowercased()
        return isToken(Substring(token)) ? token : nil
    }

    /// `[kith TOKEN]`, as a reply link's subject carries it.
    public static func subjectTag(_ token: String) -> String { "[kith \(token)]" }
}
