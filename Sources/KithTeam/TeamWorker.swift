public import Foundation
public import KithCore
import KithDaemon
import KithMail
public import Logging

/// One member: their config (with the team's `smtp`) and its templates.
public struct TeamMember: Sendable {
    public let name: String
    public let config: Config
    public let renderer: DigestRenderer
}

/// The members folder read: `NAME.json` each, in the single-user format, without secrets.
public enum TeamMembers {
    /// Every member file checked; all problems of all files at once.
    public static func load(team: TeamConfig) throws(ConfigError) -> [TeamMember] {
        let folder = team.membersPath
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
                $0.hasSuffix(".json") && !$0.hasPrefix(".")
            }.sorted()
        } catch {
            throw ConfigError(
                file: team.sourcePath ?? "team",
                problems: [ConfigProblem(path: "members", position: nil, message: "cannot read the folder \(folder)")])
        }
        var members: [TeamMember] = []
        var problems: [ConfigProblem] = []
        // One renderer for every member with the same template files: parsed templates are
        // large, and 10,000 copies of them took 800 MB. (The built-in ones are parsed once by
        // `DigestRenderer` itself.)
        var renderers: [String: DigestRenderer] = [:]
        var firstFile: String?
        for file in names {
            let path = folder + "/" + file
            do throws(ConfigError) {
                var config = try ConfigLoader.load(path: path)
                if config.smtp != nil || config.imap != nil {
                    throw ConfigError(
                        file: path,
                        problems: [
                            ConfigProblem(
                                path: config.smtp != nil ? "smtp" : "imap", position: nil,
                                message: "a member file holds no mail server settings; the team file's are used")
                        ])
                }
                config.smtp = team.smtp
                // The team mailbox, when there is one, is where replies to every digest go.
                config.imap = team.imap
                let templates = [config.digest.textTemplate, config.digest.htmlTemplate].map { path in
                    path.map { DigestRenderer.resolve($0, relativeTo: config.sourcePath) } ?? ""
                }.joined(separator: "\n")
                let renderer: DigestRenderer
                if let shared = renderers[templates] {
                    renderer = shared
                } else {
                    renderer = try DigestRenderer(config: config)
                    renderers[templates] = renderer
                }
                members.append(
                    TeamMember(name: String(file.dropLast(".json".count)), config: config, renderer: renderer))
            } catch {
                firstFile = firstFile ?? path
                problems += error.problems.map {
                    ConfigProblem(path: "\(file): \($0.path)", position: $0.position, message: $0.message)
                }
            }
        }
        guard problems.isEmpty else { throw ConfigError(file: firstFile ?? folder, problems: problems) }
        return members
    }
}

/// One pass of an instance's work: open the rows of digests whose time came, then claim, build,
/// send and record them one at a time until none is left for it. The same durable rule as the
/// single-user outbox: the message is recorded before it is sent, the hand-over is recorded
/// before the end of the message goes out (and only under an unexpired claim), and a digest
/// handed over is never sent again by itself.
public final class TeamWorker: @unchecked Sendable {
    // @unchecked: used from one queue at a time (the daemon's), or one test.
    public let instance: String
    public private(set) var members: [String: TeamMember]
    private let team: TeamConfig
    private let store: TeamStore
    private let transport: SMTPTransport
    private let retry: RetryPolicy
    private let logger: Logger
    private let environment: [String: String]
    /// The (member, day) rows this instance already opened: a row, once there, stays, so each is
    /// sent to the database once instead of at every tick of the day.
    private var opened: Set<Opened> = []
    private struct Opened: Hashable {
        let member: String
        let day: LocalDate
    }
    /// The team's SMTP server with its password, read once per reload rather than per digest;
    /// each digest goes to its own member's addresses.
    private var server: SMTPEndpoint?

    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var empty = 0
        public var failed = 0
    }

    public init(
        instance: String, team: TeamConfig, members: [TeamMember], store: TeamStore, logger: Logger,
        environment: [String: String]
    ) {
        self.instance = instance
        self.team = team
        self.members = Self.byName(members)
        self.store = store
        self.transport = SMTPTransport(logger: logger)
        self.retry = RetryPolicy.current(environment: environment)
        self.logger = logger
        self.environment = environment
    }

    /// The digests of the last two days in each state, across all instances, for STATUS=.
    public func counts(now: Date = Date()) throws(PostgresError) -> [String: Int] {
        try store.counts(day: TeamStore.recentSince(now))
    }

    /// Digests that failed for a configuration reason since yesterday, opened again after a
    /// reload (which may have fixed it).
    public func reopenConfigurationFailures(now: Date = Date()) throws(PostgresError) -> Int {
        try store.reopenConfigurationFailures(since: TeamStore.recentSince(now))
    }

    public func replace(members: [TeamMember]) throws(PostgresError) {
        try store.register(members: members.map { ($0.name, $0.config.owner.email) })
        self.members = Self.byName(members)
        server = nil  // the reload may have changed the server or its password
    }

    private static func byName(_ members: [TeamMember]) -> [String: TeamMember] {
        Dictionary(members.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Where `member`'s digest goes: the team's server, to the member's addresses.
    private func endpoint(for member: TeamMember) throws(DeliveryError) -> SMTPEndpoint {
        let server: SMTPEndpoint
        if let known = self.server {
            server = known
        } else {
            server = try SMTPEndpoint.make(config: member.config, environment: environment)
            self.server = server
        }
        return server.addressed(to: try DigestMail.addressing(config: member.config).to)
    }

    /// The (member, day) digests whose time has come at `now`, in each member's own zone.
    public func due(at now: Date) -> [(member: String, day: LocalDate)] {
        members.values.compactMap { member in
            let config = member.config
            let today = ZoneClock(timeZone: config.timeZone).local(now).date
            guard let slot = DigestSchedule(settings: config.digest, timeZone: config.timeZone).slot(on: today),
                slot <= now
            else { return nil }
            return (member.name, today)
        }
    }

    /// Opens what is due and works until nothing is left to claim.
    public func pass(now: Date = Date()) throws(PostgresError) -> Report {
        try store.db.ensureConnected()
        let due = due(at: now).filter { !opened.contains(Opened(member: $0.member, day: $0.day)) }
        try store.open(due: due)
        // Remembered only once the database took them; older days are forgotten.
        let oldest = TeamStore.recentSince(now)
        opened = opened.filter { $0.day >= oldest }
        for item in due { opened.insert(Opened(member: item.member, day: item.day)) }
        var report = Report()
        let names = Array(members.keys)
        while let claim = try store.claimOne(instance: instance, members: names, leaseSeconds: team.leaseSeconds) {
            guard let member = members[claim.member] else { continue }
            try work(claim, member: member, report: &report)
        }
        return report
    }

    /// Per person of `member`, the newest contact a colleague had with them, named as the
    /// colleague's own digest greets them.
    private func colleagueContacts(for member: TeamMember) throws(PostgresError) -> [String: ColleagueContact] {
        var keyByAddress: [String: String] = [:]
        for person in member.config.people {
            for address in person.addresses { keyByAddress[address.lowercased()] = person.key }
        }
        var contacts: [String: ColleagueContact] = [:]
        for (address, found) in try store.colleagueContacts(
            member: member.name, addresses: Array(keyByAddress.keys))
        {
            guard let key = keyByAddress[address] else { continue }
            let who = members[found.member]?.config.owner.callName ?? found.member
            if contacts[key].map({ $0.day < found.day }) ?? true {
                contacts[key] = ColleagueContact(who: who, day: found.day)
            }
        }
        return contacts
    }

    private func work(_ claim: TeamStore.Claim, member: TeamMember, report: inout Report) throws(PostgresError) {
        var bytes = claim.message
        if bytes == nil {
            let config = member.config
            let now = Date()
            var state = try store.contactState(member: member.name, today: claim.day)
            let unseen = config.people.map(\.key).filter { state.firstSeen[$0] == nil }
            try store.recordFirstSeen(member: member.name, keys: unseen, day: claim.day)
            state = state.adoptingAliases(config.people).assumingFirstSeen(config.people, on: claim.day)
            state.colleagues = try colleagueContacts(for: member)
            state = state.respectingColleagues(config.people, days: team.respectColleaguesDays)
            let hour = ZoneClock(timeZone: config.timeZone).local(now).secondOfDay / 3600
            let digest = Digest.build(config: config, state: state, today: claim.day, hour: hour)
            if digest.isEmpty && !config.digest.sendWhenEmpty {
                try store.markEmpty(claim, instance: instance)
                report.empty += 1
                return
            }
            let message: MailMessage
            let token = ReplyToken.make()
            do {
                message = try DigestMail.message(
                    for: digest, renderer: member.renderer, config: config, date: now, token: token)
            } catch {
                try store.markFailed(
                    claim, instance: instance, kind: error.kind, error: error.message, retryAt: nil)
                report.failed += 1
                logger.error(
                    "The digest cannot be made", metadata: ["member": "\(member.name)", "error": "\(error.message)"])
                return
            }
            guard
                try store.recordMessage(
                    claim, instance: instance, message: message.bytes, messageID: message.messageID,
                    people: digest.nudges.map(\.person.name), token: token)
            else { return }  // the claim was lost meanwhile; whoever holds it sends
            bytes = message.bytes
        }
        guard let bytes else { return }
        let result: Result<SMTPTransport.Report, DeliveryError>
        do {
            let endpoint = try endpoint(for: member)
            let report = try transport.send(bytes: bytes, via: endpoint) {
                // False (the database is gone, or the claim expired) stops the send before the
                // server can accept it.
                (try? self.store.markHandedOver(claim, instance: self.instance)) ?? false
            }
            result = .success(report)
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let sent):
            try store.markSent(claim, instance: instance, refused: sent.refused)
            report.sent += 1
            logger.notice(
                "Sent the digest", metadata: ["member": "\(member.name)", "digest.date": "\(claim.day)"])
            for refused in sent.refused {
                logger.warning(
                    "The server refused one recipient; the others got the digest",
                    metadata: ["member": "\(member.name)", "digest.date": "\(claim.day)", "smtp.refused": "\(refused)"])
            }
        case .failure(let error):
            let retryAt =
                error.kind == .transient ? Date().addingTimeInterval(retry.delay(afterAttempt: claim.attempts)) : nil
            try store.markFailed(
                claim, instance: instance, kind: error.kind, error: error.message, retryAt: retryAt)
            report.failed += 1
            logger.error(
                "The digest was not delivered",
                metadata: [
                    "member": "\(member.name)", "digest.date": "\(claim.day)",
                    "delivery.kind": "\(error.kind.rawValue)",
                    "delivery.error": "\(error.message)",
                ])
        }
    }
}
