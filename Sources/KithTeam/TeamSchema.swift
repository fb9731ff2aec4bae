/// The team database's schema, in numbered steps. `migrate` brings a database up to the newest
/// step in one transaction, holding an advisory lock so that instances starting together do it
/// once; it refuses a database newer than this build.
public enum TeamSchema {
    /// Each step's statements; step N takes a database from version N-1 to N.
    static let steps: [[String]] = [
        // 1: members, their history, the outbox, capture state.
        [
            """
            CREATE TABLE member (
                name text PRIMARY KEY,
                email text,
                added_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE interaction (
                id bigserial PRIMARY KEY,
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                person_key text NOT NULL,
                person_email text,
                day integer NOT NULL,
                kind text NOT NULL,
                note text,
                source text NOT NULL DEFAULT 'log',
                logged_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX interaction_member_person ON interaction (member, person_key, day)",
            """
            CREATE TABLE snooze (
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                person_key text NOT NULL,
                until_day integer NOT NULL,
                PRIMARY KEY (member, person_key)
            )
            """,
            """
            CREATE TABLE first_seen (
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                person_key text NOT NULL,
                day integer NOT NULL,
                PRIMARY KEY (member, person_key)
            )
            """,
            """
            CREATE TABLE digest (
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                day integer NOT NULL,
                state text NOT NULL,
                message_id text,
                message bytea,
                people text[] NOT NULL DEFAULT '{}',
                claimed_by text,
                lease_until timestamptz,
                handed_over_at timestamptz,
                attempts integer NOT NULL DEFAULT 0,
                failure_kind text,
                last_error text,
                next_attempt_at timestamptz,
                sent_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (member, day)
            )
            """,
            "CREATE INDEX digest_open ON digest (day, member) WHERE state IN ('open', 'sending', 'failed')",
            """
            CREATE TABLE capture_state (
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                account text NOT NULL,
                folder text NOT NULL,
                uid_validity bigint NOT NULL,
                last_uid bigint NOT NULL,
                PRIMARY KEY (member, account, folder)
            )
            """,
        ],
        // 2: colleagues' contact is found by the person's address.
        [
            "CREATE INDEX interaction_email ON interaction (lower(person_email), day) WHERE person_email IS NOT NULL"
        ],
        // 3: the team mailbox: replies to digests, found by the digest's token, applied once.
        [
            "ALTER TABLE digest ADD COLUMN token text",
            "CREATE INDEX digest_token ON digest (token) WHERE token IS NOT NULL",
            """
            CREATE TABLE team_mailbox (
                account text NOT NULL,
                folder text NOT NULL,
                uid_validity bigint NOT NULL,
                last_uid bigint NOT NULL,
                PRIMARY KEY (account, folder)
            )
            """,
            """
            CREATE TABLE reply_command (
                message_id text PRIMARY KEY,
                member text NOT NULL REFERENCES member(name) ON DELETE CASCADE,
                day integer NOT NULL,
                processed_at timestamptz NOT NULL DEFAULT now(),
                confirmation bytea,
                confirmed_at timestamptz
            )
            """,
        ],
        // 4: the recipients the server refused while it took a digest for the others.
        ["ALTER TABLE digest ADD COLUMN refused jsonb NOT NULL DEFAULT '[]'"],
    ]

    public static var newest: Int { steps.count }

    /// A database newer than this build, or one that cannot be read.
    public struct TooNew: Error, Sendable, CustomStringConvertible {
        public let found: Int
        public var description: String {
            "the team database is at schema version \(found), newer than this kith-team knows (\(TeamSchema.newest)); run the newer kith-team"
        }
    }

    /// The database's schema version; 0 for an empty one.
    public static func version(_ db: PostgresConnection) throws(PostgresError) -> Int {
        try db.execute("CREATE TABLE IF NOT EXISTS kith_schema (version integer NOT NULL)")
        return Int(try db.execute("SELECT max(version) FROM kith_schema")[0, 0] ?? "0") ?? 0
    }

    /// Brings the database to `target` (the newest by default). Returns the versions before and
    /// after. Every row is kept: steps only add.
    @discardableResult
    public static func migrate(_ db: PostgresConnection, to target: Int = newest) throws -> (from: Int, to: Int) {
        let (from, to) = try db.transaction { () throws(PostgresError) -> (Int, Int) in
            // One instance migrates; the others wait here, then find nothing to do.
            try db.execute("SELECT pg_advisory_xact_lock(7040000001)")
            let current = try version(db)
            guard current <= newest else { return (current, -1) }
            for step in current..<max(current, min(target, newest)) {
                for statement in steps[step] { try db.execute(statement) }
                try db.execute("INSERT INTO kith_schema (version) VALUES ($1)", [String(step + 1)])
            }
            return (current, max(current, min(target, newest)))
        }
        if to < 0 { throw TooNew(found: from) }
        return (from, to)
    }
}
