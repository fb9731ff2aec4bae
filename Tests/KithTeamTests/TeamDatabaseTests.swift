import Foundation
import KithCore
import KithMail
import KithStore
import KithTeam
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Against a real PostgreSQL cluster started for each test (Debian's postgresql, initdb and
/// pg_ctl in a temporary directory, port on 127.0.0.1).
@Suite(.serialized) struct TeamDatabaseTests {
    private func connect(_ server: PostgresTestServer) throws -> PostgresConnection {
        try PostgresConnection(conninfo: server.conninfo, password: PostgresTestServer.password)
    }

    @Test func migrationsRunFromEmptyAndFromThePreviousVersionKeepingEveryRow() throws {
        let server = try PostgresTestServer()
        let db = try connect(server)
        #expect(try TeamSchema.version(db) == 0)
        // Up to the previous version, with rows in it.
        #expect(try TeamSchema.migrate(db, to: TeamSchema.newest - 1) == (0, TeamSchema.newest - 1))
        let store = TeamStore(db: db)
        try store.register(members: [("ann", "ann@example.org")])
        try store.log(
            member: "ann", personKey: "ada lovelace", email: "Ada@Example.org", day: LocalDate(iso: "2026-11-02")!,
            kind: .met, note: "PyCon, \"keynote\"")
        try store.open(due: [("ann", LocalDate(iso: "2026-11-30")!)])
        // Then to the newest: the rows are all there, and a second run does nothing.
        #expect(try TeamSchema.migrate(db) == (TeamSchema.newest - 1, TeamSchema.newest))
        #expect(try TeamSchema.migrate(db) == (TeamSchema.newest, TeamSchema.newest))
        #expect(try server.psql("SELECT count(*) FROM member") == "1\n")
        #expect(try server.psql("SELECT person_email, note FROM interaction") == "ada@example.org|PyCon, \"keynote\"\n")
        #expect(try server.psql("SELECT state FROM digest") == "open\n")
        let state = try store.contactState(member: "ann", today: LocalDate(iso: "2026-11-30")!)
        #expect(state.history["ada lovelace"]?.lastMet == LocalDate(iso: "2026-11-02"))
        #expect(state.history["ada lovelace"]?.recent.first?.note == "PyCon, \"keynote\"")
        #expect(try server.psql("SELECT indexname FROM pg_indexes WHERE indexname = 'interaction_email'") != "")
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let server = try PostgresTestServer()
        let db = try connect(server)
        try TeamSchema.migrate(db)
        try server.psql("INSERT INTO kith_schema (version) VALUES (\(TeamSchema.newest + 1))")
        #expect(throws: TeamSchema.TooNew.self) { try TeamSchema.migrate(db) }
        #expect(try TeamSchema.version(db) == TeamSchema.newest + 1)
    }

    @Test func aWrongPasswordIsAConnectionErrorThatDoesNotShowIt() throws {
        let server = try PostgresTestServer()
        #expect {
            _ = try PostgresConnection(conninfo: server.conninfo, password: "not-the-password")
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .connection && error.message.contains("password authentication failed")
                && !error.message.contains("not-the-password")
        }
    }

    @Test func aClaimedDigestIsNotClaimedAgainUntilItsLeaseExpires() throws {
        let server = try PostgresTestServer()
        let one = TeamStore(db: try connect(server))
        let two = TeamStore(db: try connect(server))
        try TeamSchema.migrate(one.db)
        try one.register(members: [("ann", nil)])
        try one.open(due: [("ann", LocalDate(iso: "2026-11-30")!)])
        try one.open(due: [("ann", LocalDate(iso: "2026-11-30")!)])  // opened once only
        #expect(try server.psql("SELECT count(*) FROM digest") == "1\n")
        let claim = try #require(try one.claimOne(instance: "one", members: ["ann"], leaseSeconds: 1))
        #expect(try two.claimOne(instance: "two", members: ["ann"], leaseSeconds: 1) == nil)
        sleep(2)
        // Expired before its hand-over: the other instance takes it, and the first one's
        // hand-over and outcome no longer count.
        let taken = try #require(try two.claimOne(instance: "two", members: ["ann"], leaseSeconds: 30))
        #expect(taken.attempts == 2)
        #expect(try one.markHandedOver(claim, instance: "one") == false)
        try one.markSent(claim, instance: "one")
        #expect(try server.psql("SELECT state, claimed_by FROM digest") == "sending|two\n")
        // A configuration failure waits for a reload; a transient one is not reopened by it.
        try two.markFailed(taken, instance: "two", kind: .configuration, error: "login refused", retryAt: nil)
        #expect(try one.claimOne(instance: "one", members: ["ann"], leaseSeconds: 30) == nil)
        #expect(try one.reopenConfigurationFailures(since: LocalDate(iso: "2026-11-29")!) == 1)
        let again = try #require(try one.claimOne(instance: "one", members: ["ann"], leaseSeconds: 30))
        #expect(again.attempts == 3)
        try one.markFailed(again, instance: "one", kind: .transient, error: "try later", retryAt: Date() + 3600)
        #expect(try one.reopenConfigurationFailures(since: LocalDate(iso: "2026-11-29")!) == 0)
        try server.psql("UPDATE digest SET state = 'sending', claimed_by = 'two'")
        // Handed over: nobody takes it again, even after its lease.
        #expect(try two.markHandedOver(taken, instance: "two"))
        try server.psql("UPDATE digest SET lease_until = now() - interval '1 hour'")
        #expect(try one.claimOne(instance: "one", members: ["ann"], leaseSeconds: 30) == nil)
        // Its instance gone after the hand-over: `kith-team status` lists it for a person.
        let attention = try one.needingAttention(since: LocalDate(iso: "2026-11-29")!)
        #expect(attention.map(\.member) == ["ann"])
        #expect(attention.first?.state == "sending")
    }
}

/// `kith-team db import-sqlite`: a store made by the single-user `kith` moved into a member.
@Suite(.serialized) struct TeamImportTests {
    @Test func aSingleUserStoreMovesIntoAMemberWithoutLossAndOnlyOnce() throws {
        let team = try TeamFixture(members: 1)
        let config = team.directory.appendingPathComponent("members/m000.json").path
        let state = team.directory.appendingPathComponent("state").path
        for arguments in [
            ["log", "Ada", "--on", "2026-11-02", "--kind", "met", "--note", "PyCon, \"keynote\"; {braces}"],
            ["log", "Ada", "--on", "2026-11-20", "--kind", "received", "--note", "sent me the draft"],
            ["log", "Grace", "--on", "2026-10-01"],
            ["snooze", "Grace", "3w"],
        ]
            // More contacts with Ada than the summary keeps, two on one day: which five are kept,
            // and in which order, must match the single-user store.
            + (1...5).map({ ["log", "Ada", "--on", "2026-11-2\($0 / 2 + 1)", "--note", "n\($0)"] })
        {
            let result = try KithBinary.run(arguments + ["--config", config, "--state", state])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let imported = try team.run(["db", "import-sqlite", state, "--member", "m000"])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("8 contacts, 1 snoozes"), "\(imported.output)")

        let original = try #require(try Store.openForReading(directory: state)).contactState()
        let db = try PostgresConnection(conninfo: team.postgres.conninfo, password: PostgresTestServer.password)
        let moved = try TeamStore(db: db).contactState(member: "m000", today: LocalDate(iso: "2026-11-30")!)
        #expect(moved.history == original.history)
        #expect(moved.history["ada lovelace"]?.recent.count == 5, "cut to the last five, as in the single-user store")
        #expect(moved.snoozedUntil == original.snoozedUntil)
        #expect(moved.firstSeen == original.firstSeen)
        #expect(
            try team.postgres.psql("SELECT person_email FROM interaction WHERE kind = 'met'") == "ada@example.org\n")

        // A second import would double the history: refused, nothing changed.
        let again = try team.run(["db", "import-sqlite", state, "--member", "m000"])
        #expect(again.status == 1)
        #expect(again.output.contains("already has 8 interactions"), "\(again.output)")
        #expect(try team.postgres.psql("SELECT count(*) FROM interaction") == "8\n")
        // An unknown member and a folder with no store are clear errors.
        #expect(try team.run(["db", "import-sqlite", state, "--member", "nobody"]).output.contains("no member"))
        let empty = try team.run(["db", "import-sqlite", team.directory.path, "--member", "m000"])
        #expect(empty.status == 66 && empty.output.contains("no kith store"), "\(empty.output)")
    }
}

/// `kith-team log`: what it records, and every bad input refused with nothing written.
@Suite(.serialized) struct TeamLogTests {
    @Test func logRecordsForItsMemberAndRefusesBadInputWritingNothing() throws {
        let team = try TeamFixture(members: 1)
        let good = try team.run(["log", "--member", "m000", "ada", "--on", "2026-11-02", "--kind", "met"])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("Logged met with Ada Lovelace for m000 on 2026-11-02."), "\(good.output)")
        for (arguments, status, words) in [
            (["--member", "nobody", "Ada"], Int32(1), "no member \"nobody\""),
            (["--member", "m000", "Zed"], 1, "Zed"),
            (["--member", "m000", "Ada", "--kind", "dance"], 64, "not a kind of contact"),
            (["--member", "m000", "Ada", "--on", "2026-13-40"], 64, "--on takes YYYY-MM-DD"),
            // The days `kith log` refuses, refused here too.
            (["--member", "m000", "Ada", "--on", "2999-01-01"], 1, "2999-01-01 is in the future"),
            (["--member", "m000", "Ada", "--on", "1990-01-01"], 1, "more than 10 years before"),
        ] {
            let result = try team.run(["log"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.output)")
            #expect(result.output.contains(words), "\(arguments): \(result.output)")
        }
        #expect(
            try team.postgres.psql("SELECT member, person_key, day, kind FROM interaction")
                == "m000|ada lovelace|\(LocalDate(iso: "2026-11-02")!.dayNumber)|met\n")
    }
}
