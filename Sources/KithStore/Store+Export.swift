public import Foundation
import GRDB
public import KithCore

/// Everything of a single-user store that team mode keeps, for `kith-team db import-sqlite`.
public struct StoreExport: Sendable {
    public struct Logged: Sendable {
        public var personKey: String
        public var day: LocalDate
        public var kind: String
        public var note: String?
        public var source: String
        public var loggedAt: Date
    }

    public struct SentDigest: Sendable {
        public var day: LocalDate
        public var state: String
        public var messageID: String
        public var people: [String]
        public var sentAt: Date?
    }

    public var interactions: [Logged] = []
    public var snoozes: [(key: String, until: LocalDate)] = []
    public var firstSeen: [(key: String, day: LocalDate)] = []
    /// Digests that are done (sent, empty, uncertain); ones still to send are left to team mode.
    public var digests: [SentDigest] = []
}

extension Store {
    /// The whole history, in the order it was logged, with first-seen days, snoozes and the
    /// digests that are done. Read in one transaction, so it is one consistent picture.
    public func export() throws(StoreError) -> StoreExport {
        try read { db in
            var export = StoreExport()
            let rows = try Row.fetchCursor(
                db, sql: "SELECT personKey, day, kind, note, source, loggedAt FROM interaction ORDER BY loggedAt, id")
            while let row = try rows.next() {
                export.interactions.append(
                    StoreExport.Logged(
                        personKey: row[0], day: LocalDate(dayNumber: row[1]), kind: row[2], note: row[3],
                        source: row[4],
                        loggedAt: Date(timeIntervalSince1970: row[5])))
            }
            for row in try Row.fetchAll(db, sql: "SELECT personKey, untilDay FROM snooze") {
                export.snoozes.append((row[0], LocalDate(dayNumber: row[1])))
            }
            for row in try Row.fetchAll(db, sql: "SELECT personKey, day FROM firstSeen") {
                export.firstSeen.append((row[0], LocalDate(dayNumber: row[1])))
            }
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT day, state, messageID, people, sentAt FROM digest WHERE state IN ('sent', 'empty', 'uncertain')"
            ) {
                let people: String = row[3]
                export.digests.append(
                    StoreExport.SentDigest(
                        day: LocalDate(dayNumber: row[0]), state: row[1], messageID: row[2],
                        people: people.split(separator: "\n").map(String.init),
                        sentAt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:))))
            }
            return export
        }
    }
}
