import Foundation
import KithCore
public import KithStore

/// `kith-team db import-sqlite`: a single-user store moved into one member, in one transaction.
public enum TeamImport {
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public struct Report: Sendable, Equatable {
        public var interactions = 0
        public var snoozes = 0
        public var firstSeen = 0
        public var digests = 0
    }

    /// Copies every interaction (with its note, kind, source and time), snooze, first-seen day
    /// and finished digest. Refused when the member already has history in the database, since
    /// a second import would double it. `addresses` gives each person's e-mail (by key), so that
    /// colleagues find the history.
    public static func run(
        _ export: StoreExport, into member: String, email: String?, addresses: [String: String], store: TeamStore
    ) throws -> Report {
        let db = store.db
        return try db.transaction { () throws(PostgresError) -> Result<Report, Refused> in
            try store.register(members: [(member, email)])
            // Serializes imports into one member.
            try db.execute("SELECT 1 FROM member WHERE name = $1 FOR UPDATE", [member])
            let existing =
                Int(try db.execute("SELECT count(*) FROM interaction WHERE member = $1", [member])[0, 0] ?? "0") ?? 0
            if existing > 0 {
                return .failure(
                    Refused(
                        description:
                            "member \(UserText.quoted(member)) already has \(existing) interactions in the database; an import would double them"
                    ))
            }
            var report = Report()
            let batch = 5_000
            var start = 0
            while start < export.interactions.count {
                let slice = export.interactions[start..<min(start + batch, export.interactions.count)]
                let touched = try db.execute(
                    """
                    INSERT INTO interaction (member, person_key, person_email, day, kind, note, source, logged_at)
                    SELECT $1, k, e, d, kd, n, s, to_timestamp(t)
                    FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[],
                                $8::double precision[]) AS x(k, e, d, kd, n, s, t)
                    """,
                    [
                        member, TeamStore.array(slice.map(\.personKey)),
                        TeamStore.array(slice.map { addresses[$0.personKey]?.lowercased() }),
                        TeamStore.array(slice.map { String($0.day.dayNumber) }), TeamStore.array(slice.map(\.kind)),
                        TeamStore.array(slice.map(\.note)), TeamStore.array(slice.map(\.source)),
                        TeamStore.array(slice.map { String($0.loggedAt.timeIntervalSince1970) }),
                    ])
                report.interactions += touched.affected
                start += batch
            }
            report.snoozes =
                try db.execute(
                    """
                    INSERT INTO snooze (member, person_key, until_day)
                    SELECT $1, k, d FROM unnest($2::text[], $3::integer[]) AS x(k, d)
                    ON CONFLICT (member, person_key) DO UPDATE SET until_day = EXCLUDED.until_day
                    """,
                    [
                        member, TeamStore.array(export.snoozes.map(\.key)),
                        TeamStore.array(export.snoozes.map { String($0.until.dayNumber) }),
                    ]
                ).affected
            report.firstSeen =
                try db.execute(
                    """
                    INSERT INTO first_seen (member, person_key, day)
                    SELECT $1, k, d FROM unnest($2::text[], $3::integer[]) AS x(k, d)
                    ON CONFLICT (member, person_key) DO UPDATE SET day = LEAST(first_seen.day, EXCLUDED.day)
                    """,
                    [
                        member, TeamStore.array(export.firstSeen.map(\.key)),
                        TeamStore.array(export.firstSeen.map { String($0.day.dayNumber) }),
                    ]
                ).affected
            for digest in export.digests {
                report.digests +=
                    try db.execute(
                        """
                        INSERT INTO digest (member, day, state, message_id, people, sent_at)
                        VALUES ($1, $2, $3, $4, $5::text[], to_timestamp($6::double precision))
                        ON CONFLICT DO NOTHING
                        """,
                        [
                            member, String(digest.day.dayNumber), digest.state, digest.messageID,
                            TeamStore.array(digest.people), digest.sentAt.map { String($0.timeIntervalSince1970) },
                        ]
                    ).affected
            }
            return .success(report)
        }.get()
    }
}
