public import Foundation
public import KithCore
public import KithMail
import KithStore

/// Every statement team mode runs against PostgreSQL, in one place. Each method is one round
/// trip unless it says otherwise.
public struct TeamStore: Sendable {
    public let db: PostgresConnection

    public init(db: PostgresConnection) {
        self.db = db
    }

    /// The first day "recent" covers (status, STATUS=, retries after a reload): yesterday in UTC,
    /// so that every member's today, whatever their zone, is inside it.
    public static func recentSince(_ now: Date) -> LocalDate {
        ZoneClock(timeZone: TimeZone(identifier: "UTC")!).local(now).date.adding(days: -1)
    }

    // MARK: Members

    /// Adds the members not in the table yet and updates their address; never deletes one (a
    /// removed member file keeps its history until `kith-team db forget`).
    public func register(members: [(name: String, email: String?)]) throws(PostgresError) {
        guard !members.isEmpty else { return }
        try db.execute(
            """
            INSERT INTO member (name, email) SELECT * FROM unnest($1::text[], $2::text[])
            ON CONFLICT (name) DO UPDATE SET email = EXCLUDED.email
            """, [Self.array(members.map(\.name)), Self.array(members.map(\.email))])
    }

    // MARK: History

    public func log(
        member: String, personKey: String, email: String?, day: LocalDate, kind: InteractionKind, note: String?,
        source: String = "log"
    ) throws(PostgresError) {
        try db.execute(
            """
            INSERT INTO interaction (member, person_key, person_email, day, kind, note, source)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [member, personKey, email?.lowercased(), String(day.dayNumber), kind.rawValue, note, source])
    }

    /// What the due engine needs about a member's people: per person the first, last and last
    /// met day and the last few contacts (`Store.recentPerPerson`, as in single-user mode), plus
    /// first-seen days, snoozes and what recent digests showed. Two round trips, each reading
    /// only this member's rows through an index.
    /// The day kith first saw one of a member's people, if it has (`Store.firstSeen` for a team).
    public func firstSeen(member: String, personKey: String) throws(PostgresError) -> LocalDate? {
        let rows = try db.execute(
            "SELECT day FROM first_seen WHERE member = $1 AND person_key = $2", [member, personKey])
        return rows.rows.first?[0].flatMap(Int.init).map(LocalDate.init(dayNumber:))
    }

    public func contactState(member: String, today: LocalDate) throws(PostgresError) -> ContactState {
        var state = ContactState()
        // The last few contacts of each person, oldest first, each row carrying its person's
        // first, last and last-met day (window aggregates over all of that person's rows).
        let recent = try db.execute(
            """
            SELECT person_key, day, kind, note, first_day, last_day, last_met FROM (
                SELECT person_key, day, kind, note, id,
                       min(day) OVER person AS first_day, max(day) OVER person AS last_day,
                       max(day) FILTER (WHERE kind = 'met') OVER person AS last_met,
                       row_number() OVER (PARTITION BY person_key ORDER BY day DESC, id DESC) AS newest
                FROM interaction WHERE member = $1
                WINDOW person AS (PARTITION BY person_key)) AS t
            WHERE newest <= $2 ORDER BY person_key, day, id
            """, [member, String(Store.recentPerPerson)])
        for row in recent.rows {
            guard let key = row[0], let day = row[1].flatMap(Int.init), let first = row[4].flatMap(Int.init),
                let last = row[5].flatMap(Int.init)
            else { continue }
            var history =
                state.history[key]
                ?? PersonHistory(
                    first: LocalDate(dayNumber: first), last: LocalDate(dayNumber: last),
                    lastMet: row[6].flatMap(Int.init).map(LocalDate.init(dayNumber:)))
            history.recent.append(
                LoggedContact(
                    date: LocalDate(dayNumber: day), kind: row[2].flatMap(InteractionKind.init(rawValue:)) ?? .message,
                    note: row[3]))
            state.history[key] = history
            state.lastLogged = max(state.lastLogged ?? LocalDate(dayNumber: last), LocalDate(dayNumber: last))
        }
        let rest = try db.execute(
            """
            SELECT 'seen', person_key, day FROM first_seen WHERE member = $1
            UNION ALL SELECT 'snooze', person_key, until_day FROM snooze WHERE member = $1
            UNION ALL SELECT 'shown', lower(p), max(day) FROM digest, unnest(people) AS p
                WHERE member = $1 AND state = 'sent' AND day >= $2 GROUP BY lower(p)
            """, [member, String(today.adding(days: -60).dayNumber)])
        for row in rest.rows {
            guard let what = row[0], let key = row[1], let day = row[2].flatMap(Int.init) else { continue }
            let date = LocalDate(dayNumber: day)
            switch what {
            case "seen":
                state.firstSeen[key] = date
                state.trackingSince = min(state.trackingSince ?? date, date)
            case "snooze": state.snoozedUntil[key] = date
            default: state.lastShown[key] = date
            }
        }
        return state
    }

    /// The latest contact other members had with any of `addresses` (lowercased): per address,
    /// the member and the day. Never the note. One round trip through `interaction_email`.
    public func colleagueContacts(member: String, addresses: [String]) throws(PostgresError) -> [String: (
        member: String, day: LocalDate
    )] {
        guard !addresses.isEmpty else { return [:] }
        var found: [String: (member: String, day: LocalDate)] = [:]
        for row in try db.execute(
            """
            SELECT DISTINCT ON (lower(person_email)) lower(person_email), member, day FROM interaction
            WHERE lower(person_email) = ANY($2::text[]) AND member <> $1
            ORDER BY lower(person_email), day DESC, id DESC
            """, [member, Self.array(addresses)]
        ).rows {
            if let address = row[0], let other = row[1], let day = row[2].flatMap(Int.init) {
                found[address] = (other, LocalDate(dayNumber: day))
            }
        }
        return found
    }

    /// Records today as first-seen for the member's people seen for the first time.
    public func recordFirstSeen(member: String, keys: [String], day: LocalDate) throws(PostgresError) {
        guard !keys.isEmpty else { return }
        try db.execute(
            """
            INSERT INTO first_seen (member, person_key, day) SELECT $1, k, $3 FROM unnest($2::text[]) AS k
            ON CONFLICT DO NOTHING
            """, [member, Self.array(keys), String(day.dayNumber)])
    }

    // MARK: The outbox

    /// Makes an `open` row for each (member, day) whose digest time has come, unless one exists.
    public func open(due: [(member: String, day: LocalDate)]) throws(PostgresError) {
        guard !due.isEmpty else { return }
        try db.execute(
            """
            INSERT INTO digest (member, day, state)
            SELECT m, d, 'open' FROM unnest($1::text[], $2::integer[]) AS t(m, d)
            ON CONFLICT DO NOTHING
            """, [Self.array(due.map(\.member)), Self.array(due.map { String($0.day.dayNumber) })])
    }

    /// A digest this instance claimed: its row as it was when claimed.
    public struct Claim: Sendable {
        public let member: String
        public let day: LocalDate
        /// The message recorded by an earlier claim (sent again byte for byte), or nil.
        public let message: [UInt8]?
        public let messageID: String?
        public let attempts: Int
    }

    /// Claims one digest that needs sending, for one of `members`: an open one, one whose
    /// claim expired before its hand-over, or a transient failure whose retry time came. Rows
    /// another instance holds are skipped (`SKIP LOCKED`), so instances never wait on each other.
    public func claimOne(instance: String, members: [String], leaseSeconds: Int) throws(PostgresError) -> Claim? {
        let rows = try db.execute(
            """
            UPDATE digest d SET state = 'sending', claimed_by = $1, attempts = d.attempts + 1,
                lease_until = now() + make_interval(secs => $2)
            FROM (SELECT member, day FROM digest
                  WHERE member = ANY($3::text[]) AND (
                      state = 'open'
                      OR (state = 'sending' AND handed_over_at IS NULL AND lease_until < now())
                      OR (state = 'failed' AND failure_kind = 'transient' AND next_attempt_at <= now()))
                  ORDER BY day, member LIMIT 1 FOR UPDATE SKIP LOCKED) c
            WHERE d.member = c.member AND d.day = c.day
            RETURNING d.member, d.day, encode(d.message, 'hex'), d.message_id, d.attempts
            """, [instance, String(leaseSeconds), Self.array(members)])
        guard let row = rows.rows.first, let member = row[0], let day = row[1].flatMap(Int.init) else { return nil }
        return Claim(
            member: member, day: LocalDate(dayNumber: day), message: row[2].flatMap(Self.bytes(hex:)),
            messageID: row[3], attempts: row[4].flatMap(Int.init) ?? 1)
    }

    /// Records the message a claim will send, so that a takeover sends the same bytes.
    public func recordMessage(
        _ claim: Claim, instance: String, message: [UInt8], messageID: String, people: [String], token: String
    ) throws(PostgresError) -> Bool {
        try db.execute(
            """
            UPDATE digest SET message = decode($4, 'hex'), message_id = $5, people = $6::text[], token = $7
            WHERE member = $1 AND day = $2 AND claimed_by = $3 AND state = 'sending'
            """,
            [
                claim.member, String(claim.day.dayNumber), instance, Self.hex(message), messageID,
                Self.array(people), token,
            ]
        ).affected == 1
    }

    /// After a reload: digests since yesterday that failed for a configuration reason (a
    /// refused login, a bad address) are tried again, as the single-user daemon does. Returns
    /// how many.
    @discardableResult
    public func reopenConfigurationFailures(since day: LocalDate) throws(PostgresError) -> Int {
        try db.execute(
            """
            UPDATE digest SET state = 'open', failure_kind = NULL, claimed_by = NULL, lease_until = NULL
            WHERE state = 'failed' AND failure_kind = 'configuration' AND day >= $1
            """, [String(day.dayNumber)]
        ).affected
    }

    /// Nobody was due and the member does not want an empty digest.
    public func markEmpty(_ claim: Claim, instance: String) throws(PostgresError) {
        try db.execute(
            "UPDATE digest SET state = 'empty' WHERE member = $1 AND day = $2 AND claimed_by = $3",
            [claim.member, String(claim.day.dayNumber), instance])
    }

    /// The moment before the end of the message goes to the server: true only while this
    /// instance still holds an unexpired claim. From here on no instance takes the row over.
    public func markHandedOver(_ claim: Claim, instance: String) throws(PostgresError) -> Bool {
        try db.execute(
            """
            UPDATE digest SET handed_over_at = now()
            WHERE member = $1 AND day = $2 AND claimed_by = $3 AND state = 'sending' AND lease_until > now()
            """, [claim.member, String(claim.day.dayNumber), instance]
        ).affected == 1
    }

    /// Outcomes are written only under this instance's claim: one that lost its claim (it
    /// expired before the hand-over, and another instance took the row) changes nothing.
    /// - Parameter refused: recipients the server refused while it took the digest for the others.
    public func markSent(_ claim: Claim, instance: String, refused: [String] = []) throws(PostgresError) {
        try db.execute(
            """
            UPDATE digest SET state = 'sent', sent_at = now(), refused = $4::jsonb
            WHERE member = $1 AND day = $2 AND claimed_by = $3
            """,
            [
                claim.member, String(claim.day.dayNumber), instance,
                "[" + refused.map(JSONText.quoted).joined(separator: ", ") + "]",
            ])
    }

    public func markFailed(_ claim: Claim, instance: String, kind: DeliveryError.Kind, error: String, retryAt: Date?)
        throws(PostgresError)
    {
        try db.execute(
            """
            UPDATE digest SET state = $4, failure_kind = $5, last_error = $6,
                next_attempt_at = to_timestamp($7::double precision)
            WHERE member = $1 AND day = $2 AND claimed_by = $3 AND state = 'sending'
            """,
            [
                claim.member, String(claim.day.dayNumber), instance, kind == .uncertain ? "uncertain" : "failed",
                kind.rawValue,
                String(error.prefix(500)), retryAt.map { String($0.timeIntervalSince1970) },
            ])
    }

    /// How many digests are in each state, for STATUS= and `kith-team status`.
    public func counts(day: LocalDate) throws(PostgresError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.execute(
            "SELECT state, count(*) FROM digest WHERE day >= $1 GROUP BY state", [String(day.dayNumber)]
        ).rows {
            if let state = row[0], let count = row[1].flatMap(Int.init) { counts[state] = count }
        }
        return counts
    }

    /// Digests since `day` that need a person to look: uncertain ones (maybe delivered, never
    /// sent again by themselves) and failures that will not be retried by time alone.
    public func needingAttention(since day: LocalDate) throws(PostgresError) -> [(
        member: String, day: LocalDate, state: String, error: String?
    )] {
        try db.execute(
            """
            SELECT member, day, state, last_error FROM digest
            WHERE day >= $1 AND (state = 'uncertain' OR (state = 'failed' AND failure_kind <> 'transient')
                OR (state = 'sending' AND handed_over_at IS NOT NULL AND lease_until < now()))
            ORDER BY day, member
            """, [String(day.dayNumber)]
        ).rows.compactMap { row in
            guard let member = row[0], let day = row[1].flatMap(Int.init), let state = row[2] else { return nil }
            return (member, LocalDate(dayNumber: day), state, row[3])
        }
    }

    /// Digests since `day` per instance that claimed them.
    public func claimsByInstance(since day: LocalDate) throws(PostgresError) -> [(instance: String, count: Int)] {
        try db.execute(
            """
            SELECT claimed_by, count(*) FROM digest WHERE day >= $1 AND claimed_by IS NOT NULL
            GROUP BY claimed_by ORDER BY claimed_by
            """, [String(day.dayNumber)]
        ).rows.compactMap { row in
            guard let instance = row[0], let count = row[1].flatMap(Int.init) else { return nil }
            return (instance, count)
        }
    }

    // MARK: The team mailbox

    public func mailboxState(account: String, folder: String) throws(PostgresError) -> (uidValidity: Int, lastUID: Int)?
    {
        let rows = try db.execute(
            "SELECT uid_validity, last_uid FROM team_mailbox WHERE account = $1 AND folder = $2", [account, folder])
        guard let row = rows.rows.first, let validity = row[0].flatMap(Int.init), let last = row[1].flatMap(Int.init)
        else { return nil }
        return (validity, last)
    }

    public func saveMailboxState(account: String, folder: String, uidValidity: Int, lastUID: Int) throws(PostgresError)
    {
        try db.execute(
            """
            INSERT INTO team_mailbox (account, folder, uid_validity, last_uid) VALUES ($1, $2, $3, $4)
            ON CONFLICT (account, folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid
            """, [account, folder, String(uidValidity), String(lastUID)])
    }

    /// The digest a reply's token names, sent in the last 30 days.
    public func digest(token: String) throws(PostgresError) -> (member: String, day: LocalDate, messageID: String)? {
        let rows = try db.execute(
            """
            SELECT member, day, message_id FROM digest
            WHERE token = $1 AND state IN ('sent', 'sending', 'uncertain') AND created_at > now() - interval '30 days'
            """, [token])
        guard let row = rows.rows.first, let member = row[0], let day = row[1].flatMap(Int.init) else { return nil }
        return (member, LocalDate(dayNumber: day), row[2] ?? "")
    }

    public func replyWasApplied(messageID: String) throws(PostgresError) -> Bool {
        !(try db.execute("SELECT 1 FROM reply_command WHERE message_id = $1", [messageID]).rows.isEmpty)
    }

    /// What a reply changes for its member: contacts logged and people snoozed.
    public struct ReplyChanges: Sendable {
        public var interactions: [(key: String, email: String?, day: LocalDate, kind: InteractionKind, note: String?)] =
            []
        public var snoozes: [(key: String, until: LocalDate)] = []
        public init() {}
    }

    /// Applies a reply once, in one transaction with its confirmation: false when a reply with
    /// this Message-ID was applied before.
    public func applyReply(
        messageID: String, member: String, day: LocalDate, changes: ReplyChanges, confirmation: [UInt8]
    ) throws(PostgresError) -> Bool {
        try db.transaction { () throws(PostgresError) -> Bool in
            let inserted = try db.execute(
                """
                INSERT INTO reply_command (message_id, member, day, confirmation)
                VALUES ($1, $2, $3, decode($4, 'hex')) ON CONFLICT DO NOTHING
                """, [messageID, member, String(day.dayNumber), Self.hex(confirmation)])
            guard inserted.affected == 1 else { return false }
            for item in changes.interactions {
                try log(
                    member: member, personKey: item.key, email: item.email, day: item.day, kind: item.kind,
                    note: item.note, source: "reply")
            }
            for snooze in changes.snoozes {
                try db.execute(
                    """
                    INSERT INTO snooze (member, person_key, until_day) VALUES ($1, $2, $3)
                    ON CONFLICT (member, person_key) DO UPDATE SET until_day = EXCLUDED.until_day
                    """, [member, snooze.key, String(snooze.until.dayNumber)])
            }
            return true
        }
    }

    /// Confirmations recorded and not sent yet, oldest first.
    public func unsentConfirmations() throws(PostgresError) -> [(messageID: String, member: String, message: [UInt8])] {
        try db.execute(
            """
            SELECT message_id, member, encode(confirmation, 'hex') FROM reply_command
            WHERE confirmed_at IS NULL ORDER BY processed_at
            """
        ).rows.compactMap { row in
            guard let id = row[0], let member = row[1] else { return nil }
            return (id, member, row[2].flatMap(Self.bytes(hex:)) ?? [])
        }
    }

    public func markConfirmed(messageID: String) throws(PostgresError) {
        try db.execute("UPDATE reply_command SET confirmed_at = now() WHERE message_id = $1", [messageID])
    }

    // MARK: Text forms of values

    /// A PostgreSQL array literal of text values (`{"a","b"}`), NULL elements for nil.
    static func array(_ values: [String?]) -> String {
        "{"
            + values.map { value in
                guard let value else { return "NULL" }
                return "\""
                    + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }.joined(separator: ",") + "}"
    }

    static func array(_ values: [String]) -> String { array(values.map(Optional.some)) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for c in hex.utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = c - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out.isEmpty ? nil : out
    }
}
