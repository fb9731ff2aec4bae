public import Foundation
import GRDB
public import KithCore

/// What the INBOX tells kith: messages from people waiting for an answer, and replies to digests
/// that carry commands, each applied once and then confirmed (docs/replies.md).
extension Store {
    /// A message from someone in INBOX.
    public struct IncomingMail: Sendable, Equatable {
        public var messageID: String
        public var personKey: String
        public var at: Date
        public var subject: String?

        public init(messageID: String, personKey: String, at: Date, subject: String?) {
            self.messageID = messageID
            self.personKey = personKey
            self.at = at
            self.subject = subject
        }
    }

    /// What one command message changes, applied in one transaction.
    public struct ReplyChanges: Sendable {
        public var interactions: [Interaction] = []
        public var snoozes: [(personKey: String, personName: String, until: LocalDate)] = []
        public var skips: [(personKey: String, day: LocalDate)] = []

        public init() {}
    }

    /// How long a digest's token is honoured in replies, and an incoming message waits for an answer.
    public static let replyWindowDays = 30

    /// Records the messages from people that a scan of INBOX found (each once), then where the
    /// scan of `folder` stopped. Returns how many were new.
    @discardableResult
    public func recordIncoming(
        account: String, folder: String?, uidValidity: Int, lastUID: Int, messages: [IncomingMail]
    ) throws(StoreError) -> Int {
        try write { db in
            let insert = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO incomingMail (messageID, personKey, at, subject) VALUES (?, ?, ?, ?)")
            var count = 0
            for message in messages {
                try insert.execute(arguments: [
                    message.messageID, message.personKey, message.at.timeIntervalSince1970, message.subject,
                ])
                count += db.changesCount
            }
            if let folder {
                try Store.saveMailboxState(
                    account: account, folder: folder, uidValidity: uidValidity, lastUID: lastUID, db)
            }
            return count
        }
    }

    /// The sent digest whose reply token is `token`, if one was sent in the last
    /// `replyWindowDays` days before `now`.
    public func digest(token: String, now: Date) throws(StoreError) -> DigestRecord? {
        guard !token.isEmpty else { return nil }
        let record = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE token = ?", arguments: [token]).map(Store.record)
        }
        guard let record, let sent = record.sentAt ?? record.handedOverAt,
            now.timeIntervalSince(sent) <= TimeInterval(Store.replyWindowDays) * 86_400
        else { return nil }
        return record
    }

    /// Whether the command message `messageID` was already applied.
    public func replyWasApplied(messageID: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM replyCommand WHERE messageID = ?", arguments: [messageID]) ?? false
        }
    }

    /// Applies a command message's changes and keeps its confirmation to send, all in one
    /// transaction and only once per message: returns false (and changes nothing) when
    /// `messageID` was applied before.
    public func applyReply(
        messageID: String, digestDay: LocalDate, changes: ReplyChanges, confirmation: [UInt8], at now: Date
    ) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO replyCommand (messageID, digestDay, processedAt, confirmation)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [messageID, digestDay.dayNumber, now.timeIntervalSince1970, Data(confirmation)])
            guard db.changesCount > 0 else { return false }
            for interaction in changes.interactions { try Store.insert(interaction, source: "reply", db) }
            for key in Set(changes.interactions.map(\.personKey)) { try Store.refreshSummary(db, personKey: key) }
            for snooze in changes.snoozes {
                try Store.snooze(personKey: snooze.personKey, personName: snooze.personName, until: snooze.until, db)
            }
            for skip in changes.skips {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO skip (personKey, day) VALUES (?, ?)",
                    arguments: [skip.personKey, skip.day.dayNumber])
            }
            return true
        }
    }

    /// Confirmations kept by `applyReply` and not yet sent, oldest first.
    public func unsentConfirmations() throws(StoreError) -> [(messageID: String, message: [UInt8])] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT messageID, confirmation FROM replyCommand
                    WHERE confirmedAt IS NULL AND confirmation IS NOT NULL ORDER BY processedAt
                    """
            ).map { (messageID: $0["messageID"], message: [UInt8]($0["confirmation"] as Data)) }
        }
    }

    /// Notes that the confirmation of `messageID` was sent (or given up), and drops its bytes.
    public func markConfirmed(messageID: String, at instant: Date) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE replyCommand SET confirmedAt = ?, confirmation = NULL WHERE messageID = ?",
                arguments: [instant.timeIntervalSince1970, messageID])
        }
    }

    /// Reads, into `state`, who wrote and was not answered since (by a captured sent message
    /// to them, or by anything logged after), in the last `replyWindowDays` days, and skips.
    static func readMail(_ db: Database, now: Date, into state: inout ContactState) throws {
        let since = now.timeIntervalSince1970 - TimeInterval(Store.replyWindowDays + 1) * 86_400
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT personKey, at, subject FROM incomingMail AS i
                WHERE at >= ?
                  AND NOT EXISTS (SELECT 1 FROM capturedMail AS c WHERE c.personKey = i.personKey AND c.at > i.at)
                  AND NOT EXISTS (SELECT 1 FROM interaction AS x
                                  WHERE x.personKey = i.personKey AND x.source != 'mail' AND x.loggedAt > i.at)
                ORDER BY at
                """, arguments: [since])
        while let row = try rows.next() {
            // Ordered by time: the latest unanswered message of each person wins.
            state.waiting[row["personKey"]] = WaitingMail(
                at: Date(timeIntervalSince1970: row["at"]), subject: row["subject"])
        }
        let skips = try Row.fetchCursor(db, sql: "SELECT personKey, day FROM skip")
        while let row = try skips.next() {
            state.skipped[row["personKey"]] = LocalDate(dayNumber: row["day"])
        }
    }
}
