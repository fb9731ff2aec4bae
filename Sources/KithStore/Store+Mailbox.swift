public import Foundation
import GRDB
import KithCore

/// What scans of the mailbox recorded: where each folder's last scan stopped, which messages
/// were counted for whom, and how the last scan went.
extension Store {
    /// How the last scan of an account went.
    public struct ScanRecord: Sendable, Equatable {
        public var at: Date
        public var folder: String?
        public var messages: Int
        public var recorded: Int
        /// `transient` or `configuration`, when it failed.
        public var errorKind: String?
        public var error: String?

        public init(
            at: Date, folder: String?, messages: Int, recorded: Int, errorKind: String? = nil, error: String? = nil
        ) {
            self.at = at
            self.folder = folder
            self.messages = messages
            self.recorded = recorded
            self.errorKind = errorKind
            self.error = error
        }
    }

    /// Where the last scan of `folder` stopped: its UIDVALIDITY and the highest UID seen.
    public func mailboxState(account: String, folder: String) throws(StoreError) -> (uidValidity: Int, lastUID: Int)? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT uidValidity, lastUID FROM mailbox WHERE account = ? AND folder = ?",
                arguments: [account, folder]
            ).map { (uidValidity: $0[0], lastUID: $0[1]) }
        }
    }

    /// How many contacts are recorded in one transaction.
    static let captureBatch = 500

    /// Records the contacts a scan found, each (message, person) once ever, in transactions of
    /// `captureBatch`, then, with a `folder`, where the scan of it stopped (a scan of chosen days
    /// passes none and moves nothing). Returns how many were new.
    public func recordCapture(
        account: String, folder: String?, uidValidity: Int, lastUID: Int,
        contacts: [(messageID: String, at: Date, interaction: Interaction)]
    ) throws(StoreError) -> Int {
        var recorded = 0
        var start = 0
        repeat {
            let chunk = contacts[start..<min(start + Store.captureBatch, contacts.count)]
            let isLast = start + Store.captureBatch >= contacts.count
            recorded += try write { db in
                let mark = try db.makeStatement(
                    sql: "INSERT OR IGNORE INTO capturedMail (messageID, personKey, at) VALUES (?, ?, ?)")
                var keys = Set<String>()
                var count = 0
                for (messageID, at, interaction) in chunk {
                    try mark.execute(arguments: [messageID, interaction.personKey, at.timeIntervalSince1970])
                    guard db.changesCount > 0 else { continue }
                    try Store.insert(interaction, source: "mail", db)
                    keys.insert(interaction.personKey)
                    count += 1
                }
                for key in keys { try Store.refreshSummary(db, personKey: key) }
                if isLast, let folder {
                    try Store.saveMailboxState(
                        account: account, folder: folder, uidValidity: uidValidity, lastUID: lastUID, db)
                }
                return count
            }
            start += Store.captureBatch
        } while start < contacts.count
        return recorded
    }

    /// Notes where the scan of `folder` stopped.
    static func saveMailboxState(account: String, folder: String, uidValidity: Int, lastUID: Int, _ db: Database)
        throws
    {
        try db.execute(
            sql: "INSERT OR REPLACE INTO mailbox (account, folder, uidValidity, lastUID) VALUES (?, ?, ?, ?)",
            arguments: [account, folder, uidValidity, lastUID])
    }

    /// Records how a scan went, for `kith status`.
    public func recordScan(account: String, _ record: ScanRecord) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO scan (account, at, folder, messages, recorded, errorKind, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account, record.at.timeIntervalSince1970, record.folder, record.messages, record.recorded,
                    record.errorKind, record.error,
                ])
        }
    }

    /// The most recent scan of any account.
    public func lastScan() throws(StoreError) -> ScanRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scan ORDER BY at DESC LIMIT 1").map { row in
                ScanRecord(
                    at: Date(timeIntervalSince1970: row["at"]), folder: row["folder"], messages: row["messages"],
                    recorded: row["recorded"], errorKind: row["errorKind"], error: row["error"])
            }
        }
    }
}
