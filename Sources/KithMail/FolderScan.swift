public import Foundation
public import KithCore

/// One message of a folder, as a scan read it: header fields only.
public struct ScannedMessage: Sendable, Equatable {
    public var uid: Int
    public var messageID: String?
    /// `Date`, else the server's INTERNALDATE.
    public var date: Date?
    /// To, Cc and Bcc, lowercased.
    public var recipients: [String]
    /// From, lowercased.
    public var from: [String]
    /// The Message-IDs in In-Reply-To and References.
    public var replyTo: [String]
    public var subject: String?
    public var isListTraffic: Bool

    public init(uid: Int, headers: MailHeaders, internalDate: String?) {
        self.uid = uid
        messageID = headers.value("message-id")
        date = headers.value("date").flatMap(MailText.date) ?? internalDate.flatMap(MailText.date)
        recipients = headers.addresses()
        from = headers.addresses(in: ["from"])
        replyTo = (headers.values("in-reply-to") + headers.values("references")).flatMap(MailHeaders.messageIDs)
        subject = headers.value("subject").map(MailText.decode)
        isListTraffic = headers.isListTraffic
    }

    /// Whether the message says anything about the owner's contact: not mailing-list traffic,
    /// and not kith's own mail (its digests and confirmations, Message-ID `<kith.…>`).
    var isPersonal: Bool { !isListTraffic && !(messageID?.hasPrefix("<kith.") ?? false) }

    /// Its Message-ID, or, when it has none, one made from its place in the mailbox.
    func identity(folder: String, uidValidity: Int) -> String {
        messageID ?? "<uid.\(uidValidity).\(uid)@\(folder)>"
    }

    /// When it was written, never later than `now`.
    func writtenAt(now: Date) -> Date { min(date ?? now, now) }
}

/// Reads the new messages of a folder (Sent, or INBOX): EXAMINE (read-only), the UIDs after the last one
/// seen (or, the first time or after UIDVALIDITY changed, those of the last `backfillDays`), and
/// their header fields with `BODY.PEEK`. Nothing in the mailbox changes.
public struct FolderScan: Sendable {
    public struct Result: Sendable {
        public var folder: String
        public var uidValidity: Int
        /// The highest UID the folder held when scanned (what the next scan starts after).
        public var lastUID: Int
        public var messages: [ScannedMessage]
        /// Whether the folder was read from `since` rather than after `lastUID`.
        public var backfilled: Bool
    }

    /// The header fields a scan asks for; no body is ever fetched.
    static let fields = "FROM TO CC BCC DATE MESSAGE-ID IN-REPLY-TO REFERENCES SUBJECT LIST-ID PRECEDENCE"
    /// How many UIDs one SEARCH covers: its answer (at most ~7 bytes a UID) stays well inside
    /// `IMAPClient.bufferSize`.
    static let searchWindow = 20_000
    /// How many messages one FETCH asks for. libcurl refuses an answer of more than 300 KB of
    /// response lines, so a batch whose header fields are larger is split in halves.
    static let batch = 100

    let client: IMAPClient
    let endpoint: IMAPEndpoint

    public init(client: IMAPClient, endpoint: IMAPEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    /// - Parameters:
    ///   - folder: the configured folder, or nil to find the one marked `\Sent`.
    ///   - previous: the UIDVALIDITY and last UID of the scan before, if any.
    ///   - since: the first day a backfill reads.
    public func run(folder configured: String?, previous: (uidValidity: Int, lastUID: Int)?, since: LocalDate)
        throws(MailboxError) -> Result
    {
        var folder = configured ?? "Sent"
        if configured == nil {
            let list = try client.run("LIST \"\" \"*\"", on: endpoint)
            folder = IMAPResponse.sentFolder(list.header) ?? "Sent"
        }
        let examined = try client.run("EXAMINE " + IMAPResponse.quoted(folder), on: endpoint)
        guard let uidValidity = IMAPResponse.code("UIDVALIDITY", in: examined.header) else {
            throw MailboxError(
                kind: .configuration,
                message:
                    "the IMAP server did not open the folder \(UserText.quoted(folder)); name it in imap.sentFolder")
        }
        let uidNext = IMAPResponse.code("UIDNEXT", in: examined.header)
        var result = Result(
            folder: folder, uidValidity: uidValidity, lastUID: previous?.lastUID ?? 0, messages: [], backfilled: false)
        var uids: [Int] = []
        var first = 1
        var criteria = "SINCE \(Self.imapDate(since))"
        if let previous, previous.uidValidity == uidValidity {
            // Nothing new: the one round trip above says so.
            if let uidNext, uidNext <= previous.lastUID + 1 { return result }
            first = previous.lastUID + 1
            criteria = ""
        } else {
            result.backfilled = true
            result.lastUID = 0
        }
        // In windows of UIDs, so that no SEARCH answer outgrows libcurl's buffer.
        let last = (uidNext ?? Int(Int32.max)) - 1
        guard first <= last else { return result }  // an empty folder
        var low = first
        repeat {
            let high = uidNext == nil ? "*" : String(min(low + Self.searchWindow - 1, last))
            let found = try client.run(
                "UID SEARCH UID \(low):\(high) \(criteria)".trimmingCharacters(in: .whitespaces), on: endpoint,
                sameConnection: true)
            uids += searched(found).filter { $0 >= first }
            low += Self.searchWindow
        } while uidNext != nil && low <= last
        uids = Array(Set(uids)).sorted()
        for start in stride(from: 0, to: uids.count, by: Self.batch) {
            try fetch(Array(uids[start..<min(start + Self.batch, uids.count)]), folder: folder, into: &result.messages)
        }
        result.lastUID = max(result.lastUID, uids.max() ?? 0, (uidNext ?? 1) - 1)
        return result
    }

    /// The first `limit` bytes of message `uid` in `folder`, read with `BODY.PEEK` in a folder
    /// opened with EXAMINE: reading it does not mark it `\Seen`.
    public func peekMessage(uid: Int, folder: String, limit: Int = 65_536) throws(MailboxError) -> [UInt8] {
        _ = try client.run("EXAMINE " + IMAPResponse.quoted(folder), on: endpoint)
        let answer = try client.run(
            "UID FETCH \(uid) (UID BODY.PEEK[]<0.\(limit)>)", on: endpoint, sameConnection: true)
        return IMAPResponse.fetched(answer.header).first { $0.uid == uid }?.header ?? []
    }

    /// Flags processed replies to digests `\Seen` and `$KithDone`: the only change kith makes
    /// to a mailbox. The folder is closed again with EXAMINE, which expunges nothing.
    public func markDone(uids: [Int], folder: String) throws(MailboxError) {
        guard !uids.isEmpty else { return }
        _ = try client.run("SELECT " + IMAPResponse.quoted(folder), on: endpoint)
        _ = try client.run(
            "UID STORE \(Self.set(uids)) +FLAGS.SILENT (\\Seen $KithDone)", on: endpoint, sameConnection: true)
        _ = try client.run("EXAMINE " + IMAPResponse.quoted(folder), on: endpoint, sameConnection: true)
    }

    /// Fetches the header fields of `uids`, halving the batch when the answer is too large for
    /// libcurl; a single message whose header fields alone are too large is left out.
    private func fetch(_ uids: [Int], folder: String, into messages: inout [ScannedMessage]) throws(MailboxError) {
        let answer: IMAPClient.Answer
        do {
            answer = try client.run(
                "UID FETCH \(Self.set(uids)) (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (\(Self.fields))])",
                on: endpoint, sameConnection: true)
        } catch  where error.cause == .responseTooLarge {
            // libcurl closed the connection over it: open the folder again on a new one.
            _ = try client.run("EXAMINE " + IMAPResponse.quoted(folder), on: endpoint)
            guard uids.count > 1 else { return }
            let half = uids.count / 2
            try fetch(Array(uids[..<half]), folder: folder, into: &messages)
            try fetch(Array(uids[half...]), folder: folder, into: &messages)
            return
        }
        for fetched in IMAPResponse.fetched(answer.header) {
            messages.append(
                ScannedMessage(
                    uid: fetched.uid, headers: MailHeaders(fetched.header), internalDate: fetched.internalDate))
        }
    }

    private func searched(_ answer: IMAPClient.Answer) -> [Int] {
        Array(Set(IMAPResponse.searched(answer.header) + IMAPResponse.searched(answer.body))).sorted()
    }

    /// `1:3,7,9:10` for [1, 2, 3, 7, 9, 10].
    static func set(_ uids: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = uids.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index]):\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// `1-Sep-2026`, as SEARCH SINCE takes it.
    static func imapDate(_ day: LocalDate) -> String {
        let (y, m, d) = day.parts
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(d)-\(months[m - 1])-\(y)"
    }
}

/// Which people a scan's messages were written to: the contacts to record. Pure.
public enum MailCapture {
    /// One contact found in the mailbox.
    public struct Contact: Sendable, Equatable {
        public var messageID: String
        public var personKey: String
        public var personName: String
        public var date: LocalDate
        /// When it was written, never later than now.
        public var at: Date
        public var subject: String?
    }

    /// The contacts in `messages`: one per person addressed (any of their addresses), at the
    /// message's date in `timeZone`, never later than `now`. List traffic and kith's own mail
    /// (its digests and confirmations, Message-ID `<kith.…>`) never count.
    public static func contacts(
        in messages: [ScannedMessage], people: [Person], timeZone: TimeZone, now: Date, folder: String,
        uidValidity: Int
    ) -> [Contact] {
        let byAddress = MailCapture.byAddress(people)
        guard !byAddress.isEmpty else { return [] }
        let clock = ZoneClock(timeZone: timeZone)
        var contacts: [Contact] = []
        for message in messages where message.isPersonal {
            let id = message.identity(folder: folder, uidValidity: uidValidity)
            let at = message.writtenAt(now: now)
            let day = clock.local(at).date
            var seen = Set<Int>()
            for address in message.recipients {
                guard let index = byAddress[address], seen.insert(index).inserted else { continue }
                contacts.append(
                    Contact(
                        messageID: id, personKey: people[index].key, personName: people[index].name, date: day, at: at,
                        subject: message.subject))
            }
        }
        return contacts
    }

    /// Each address of the people, lowercased, with the index of the first person who has it.
    static func byAddress(_ people: [Person]) -> [String: Int] {
        var byAddress: [String: Int] = [:]
        for index in people.indices {
            for address in people[index].addresses where byAddress[address.lowercased()] == nil {
                byAddress[address.lowercased()] = index
            }
        }
        return byAddress
    }
}
