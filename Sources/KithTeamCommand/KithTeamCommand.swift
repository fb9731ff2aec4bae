import ArgumentParser
import Dispatch
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithStore
import KithTeam
import Logging

@main
struct KithTeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith-team",
        abstract: "kith for a team: each member's digest from one PostgreSQL database, shared by several instances.",
        version: KithVersion.number + (gitRevision.map { " (git \($0))" } ?? ""),
        subcommands: [Run.self, Database.self, Log.self, Check.self, Status.self])
}

/// `--config`: the team file.
struct TeamOptions: ParsableArguments {
    @Option(name: .long, help: "The team file (default: /etc/kith/team.json).")
    var config: String = "/etc/kith/team.json"

    func load() throws -> TeamConfig {
        do {
            return try TeamConfig.load(path: config)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
    }

    /// A connection, with the password from `databasePasswordFile`, the credential
    /// `database-password` or `KITH_DATABASE_PASSWORD`; the schema brought up to date.
    func connect(_ team: TeamConfig, migrate: Bool = true) throws -> PostgresConnection {
        let environment = ProcessInfo.processInfo.environment
        let password: String?
        do {
            password = try PasswordSource(section: "database", passwordFile: team.databasePasswordFile).read(
                environment: environment)
        } catch {
            fail("kith-team: \(error.message)", .configuration)
        }
        let db: PostgresConnection
        do {
            db = try PostgresConnection(conninfo: team.database, password: password)
        } catch {
            fail("kith-team: cannot connect to the database: \(error.message)", .temporaryFailure)
        }
        guard migrate else { return db }
        do {
            let (from, to) = try TeamSchema.migrate(db)
            if from != to { FileHandle.standardError.write(Data("kith-team: database schema \(from) → \(to)\n".utf8)) }
        } catch let error as TeamSchema.TooNew {
            fail("kith-team: \(error.description)", .configuration)
        } catch {
            fail("kith-team: the database schema could not be brought up to date: \(error)", .temporaryFailure)
        }
        return db
    }
}

func fail(_ message: String, _ status: ExitStatus) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status.rawValue)
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one instance in the foreground (systemd runs this); start as many as you like.",
        discussion: "SIGHUP rereads the team file and the members folder; SIGTERM or SIGINT stops.")

    @OptionGroup var team: TeamOptions

    @Option(name: .long, help: "This instance's name in the database (default: HOST:PID).")
    var instance: String?

    @Option(name: .long, help: "Seconds between two looks for digests whose time came.")
    var pollSeconds: Int = 30

    func validate() throws {
        guard (1...3600).contains(pollSeconds) else { throw ValidationError("--poll-seconds must be 1 to 3600") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { _ in JournalLogHandler(level: .notice, environment: environment) }
        let logger = Logger(label: "kith-team")
        let config = try team.load()
        let members: [TeamMember]
        do {
            members = try TeamMembers.load(team: config)
        } catch {
            fail(error.description, .configuration)
        }
        let db = try team.connect(config)
        let store = TeamStore(db: db)
        let name = instance ?? "\(HostName.fullyQualified()):\(getpid())"
        let worker = TeamWorker(
            instance: name, team: config, members: members, store: store, logger: logger, environment: environment)
        do {
            try worker.replace(members: members)
        } catch {
            fail("kith-team: cannot register the members: \(error.message)", .temporaryFailure)
        }
        let mailbox = config.imap.map { _ in TeamMailbox(store: store, logger: logger, environment: environment) }
        let daemon = TeamDaemon(
            worker: worker, mailbox: mailbox, teamPath: team.config, pollSeconds: pollSeconds, logger: logger,
            environment: environment)
        daemon.start()
        withExtendedLifetime(daemon) { dispatchMain() }
    }
}

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "The team database's schema.",
        subcommands: [Migrate.self, Version.self, ImportSQLite.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Bring the schema up to date (run also by `run` at start); refuses a newer one.")
        @OptionGroup var team: TeamOptions

        func run() throws {
            let config = try team.load()
            let db = try team.connect(config, migrate: false)
            do {
                let (from, to) = try TeamSchema.migrate(db)
                print(from == to ? "The schema is at version \(to), the newest." : "Schema \(from) → \(to).")
            } catch let error as TeamSchema.TooNew {
                fail("kith-team: \(error.description)", .configuration)
            }
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "version", abstract: "Print the schema version of the database.")
        @OptionGroup var team: TeamOptions

        func run() throws {
            let config = try team.load()
            let db = try team.connect(config, migrate: false)
            print(try TeamSchema.version(db))
        }
    }
}

extension Database {
    struct ImportSQLite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-sqlite",
            abstract: "Move a single-user store (kith.sqlite) into a member, in one transaction.",
            discussion:
                "Copies every logged contact, snooze, first-seen day and finished digest. Refused when the member already has history in the database."
        )

        @OptionGroup var team: TeamOptions

        @Argument(help: "The single-user state directory, or its kith.sqlite.")
        var path: String

        @Option(name: .long, help: "The member (the name of their file in the members folder, without .json).")
        var member: String

        func run() throws {
            let config = try team.load()
            let found = findMember(member, team: config)
            let directory = path.hasSuffix(".sqlite") ? (path as NSString).deletingLastPathComponent : path
            let export: StoreExport
            do {
                guard let store = try Store.openForReading(directory: directory.isEmpty ? "." : directory) else {
                    fail("kith-team: there is no kith store in \(directory)", .noInput)
                }
                export = try store.export()
            } catch {
                fail("kith-team: \(error.message)", .ioError)
            }
            var addresses: [String: String] = [:]
            for person in found.config.people { addresses[person.key] = person.addresses.first }
            let db = try team.connect(config)
            do {
                let report = try TeamImport.run(
                    export, into: found.name, email: found.config.owner.email, addresses: addresses,
                    store: TeamStore(db: db))
                print(
                    "Imported into \(found.name): \(report.interactions) contacts, \(report.snoozes) snoozes, \(report.firstSeen) first-seen days, \(report.digests) digests."
                )
            } catch let error as TeamImport.Refused {
                fail("kith-team: \(error.description); nothing was imported", .problems)
            }
        }
    }
}

/// The member named on the command line, or a clear exit.
func findMember(_ name: String, team: TeamConfig) -> TeamMember {
    let members: [TeamMember]
    do {
        members = try TeamMembers.load(team: team)
    } catch {
        fail(error.description, .configuration)
    }
    guard let found = members.first(where: { $0.name == name }) else {
        fail(
            "kith-team: no member \(UserText.quoted(name)) in \(team.membersPath); members: "
                + members.map(\.name).joined(separator: ", "), .problems)
    }
    return found
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record that a member was in touch with someone; their clock restarts.")

    @OptionGroup var team: TeamOptions

    @Option(name: .long, help: "The member (the name of their file in the members folder, without .json).")
    var member: String

    @Argument(help: "The person, as the member's config names them.")
    var name: String

    @Option(name: .long, help: "The day it happened, YYYY-MM-DD (default: today in the member's zone).")
    var on: String?

    @Option(name: .long, help: "met, call, message, meet, gave, asked, received or mail.")
    var kind: String = "message"

    @Option(name: .long, help: "A few words to remember it by.")
    var note: String?

    func run() throws {
        let config = try team.load()
        let found = findMember(member, team: config)
        guard let kind = InteractionKind(rawValue: kind) else {
            fail("kith-team: \(UserText.quoted(kind)) is not a kind of contact", .usage)
        }
        let person: Person
        do {
            person = try PersonMatch.find(name, in: found.config.people)
        } catch {
            fail("kith-team: \(error.message)", .problems)
        }
        let today = ZoneClock(timeZone: found.config.timeZone).local(Date()).date
        let day: LocalDate
        if let on {
            guard let parsed = LocalDate(iso: on) else { fail("kith-team: --on takes YYYY-MM-DD", .usage) }
            day = parsed
        } else {
            day = today
        }
        let store = TeamStore(db: try team.connect(config))
        // The day checked as `kith log` checks it, from when the member first had contact with them.
        let firstSeen = try store.firstSeen(member: found.name, personKey: person.key)
        if let problem = LogRules.problem(logging: day, with: person.name, today: today, firstSeen: firstSeen) {
            fail("kith-team: \(problem)", .problems)
        }
        try store.register(members: [(found.name, found.config.owner.email)])
        try store.log(
            member: found.name, personKey: person.key, email: person.email, day: day, kind: kind, note: note)
        print("Logged \(kind.rawValue) with \(person.name) for \(found.name) on \(day).")
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the digests since yesterday: by state, by instance, and any that need you to look.")
    @OptionGroup var team: TeamOptions

    func run() throws {
        let config = try team.load()
        let store = TeamStore(db: try team.connect(config, migrate: false))
        let since = TeamStore.recentSince(Date())
        print("Schema version \(try TeamSchema.version(store.db)) (this kith-team: \(TeamSchema.newest)).")
        let counts = try store.counts(day: since)
        print(
            "Digests since \(since): "
                + (counts.isEmpty
                    ? "none"
                    : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
                + ".")
        for (instance, count) in try store.claimsByInstance(since: since) {
            print("  \(instance): \(count)")
        }
        let attention = try store.needingAttention(since: since)
        if attention.isEmpty {
            print("Nothing needs you.")
        } else {
            print("Needs you (never sent again by itself):")
            for item in attention {
                print(
                    "  \(item.member) \(item.day): \(item.state)"
                        + (item.error.map { " (\(UserText.escaped($0, limit: 200)))" } ?? ""))
            }
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the team file and every member file.")
    @OptionGroup var team: TeamOptions

    func run() throws {
        let config = try team.load()
        do {
            let members = try TeamMembers.load(team: config)
            print("The team file and \(members.count) member files are valid.")
        } catch {
            fail(error.description, .problems)
        }
    }
}
