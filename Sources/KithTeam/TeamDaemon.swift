import Dispatch
import Foundation
import KithCore
import KithDaemon
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `kith-team run`: one instance. Every `pollSeconds` (and at once after start and reload) it
/// runs a `TeamWorker` pass. Several instances share the work through the database alone. When
/// the database cannot be reached the instance claims nothing and says so, once, and tries again
/// at the next tick. SIGHUP rereads the team file and the members folder; SIGTERM stops after
/// the digest in hand.
public final class TeamDaemon: @unchecked Sendable {
    // @unchecked: every mutable field is touched only on `queue`.
    private let queue = DispatchQueue(label: "kith-team")
    private let worker: TeamWorker
    private let teamPath: String
    private let pollSeconds: Int
    private let logger: Logger
    private let notifier: SystemdNotifier
    private var timer: (any DispatchSourceTimer)?
    private var watchdog: (any DispatchSourceTimer)?
    private var signals: SignalPipe?
    private var sentTotal = 0
    private var databaseDown = false
    private let mailbox: TeamMailbox?
    private var lastMailboxPass: Date?
    private var mailboxFailing = false

    public init(
        worker: TeamWorker, mailbox: TeamMailbox? = nil, teamPath: String, pollSeconds: Int, logger: Logger,
        environment: [String: String]
    ) {
        self.worker = worker
        self.mailbox = mailbox
        self.teamPath = teamPath
        self.pollSeconds = pollSeconds
        self.logger = logger
        self.notifier = SystemdNotifier(environment: environment)
    }

    public func start() {
        signals = SignalPipe(signals: [SIGHUP, SIGTERM, SIGINT], queue: queue) { [self] number in
            if number == SIGHUP {
                reload()
            } else {
                logger.notice("Stopping", metadata: ["instance": "\(worker.instance)"])
                notifier.notify("STOPPING=1")
                exit(0)
            }
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .seconds(pollSeconds), leeway: .seconds(1))
        timer.setEventHandler { [self] in tick() }
        self.timer = timer
        // On a queue of its own: a long pass (thousands of digests) must not starve it.
        watchdog = notifier.startWatchdog(on: DispatchQueue(label: "kith-team.watchdog"))
        notifier.notify("READY=1\nSTATUS=\(worker.members.count) members; starting")
        logger.notice(
            "Started", metadata: ["instance": "\(worker.instance)", "members": "\(worker.members.count)"])
        timer.resume()
    }

    /// The team mailbox every `imap.pollMinutes` (and at once after a reload): replies first, so
    /// that a digest made next knows what they said.
    private func readMailbox(force: Bool) {
        guard let mailbox, let settings = worker.members.values.first?.config.imap else { return }
        let now = Date()
        if !force, let last = lastMailboxPass, now.timeIntervalSince(last) < Double(settings.pollMinutes * 60) {
            return
        }
        lastMailboxPass = now
        do {
            let report = try mailbox.pass(members: worker.members, now: now)
            if mailboxFailing {
                mailboxFailing = false
                logger.notice("The team mailbox can be read again")
            }
            if report.applied > 0 || report.confirmed > 0 {
                logger.notice(
                    "Read the team mailbox",
                    metadata: ["replies.applied": "\(report.applied)", "confirmations.sent": "\(report.confirmed)"])
            }
        } catch {
            if !mailboxFailing {
                logger.error("The team mailbox could not be read", metadata: ["imap.error": "\(error)"])
            }
            mailboxFailing = true
        }
    }

    private func tick(forceMailbox: Bool = false) {
        readMailbox(force: forceMailbox)
        do {
            let report = try worker.pass()
            sentTotal += report.sent
            if databaseDown {
                databaseDown = false
                logger.notice("The database is reachable again; claiming work")
            }
            // Claims across all instances since yesterday, then this instance's share.
            let counts = try worker.counts()
            let states = ["sent", "sending", "open", "failed", "uncertain"].compactMap { state in
                counts[state].map { "\($0) \(state)" }
            }
            notifier.notify(
                "STATUS=\(worker.members.count) members; digests since yesterday: "
                    + (states.isEmpty ? "none" : states.joined(separator: ", "))
                    + "; \(sentTotal) sent by this instance")
        } catch {
            if error.kind == .connection {
                if !databaseDown {
                    logger.error(
                        "The database cannot be reached; this instance claims nothing until it can",
                        metadata: ["database.error": "\(error.message)"])
                }
                databaseDown = true
                notifier.notify("STATUS=database unreachable; claiming nothing")
            } else {
                logger.error("A database statement failed", metadata: ["database.error": "\(error.message)"])
            }
        }
    }

    private func reload() {
        notifier.notify("RELOADING=1")
        do {
            let team = try TeamConfig.load(path: teamPath)
            let members = try TeamMembers.load(team: team)
            try worker.replace(members: members)
            let reopened = try worker.reopenConfigurationFailures()
            logger.notice("Reloaded", metadata: ["members": "\(members.count)", "digests.retried": "\(reopened)"])
        } catch let error as ConfigError {
            logger.error("The reload was refused; the previous members stay", metadata: ["config.error": "\(error)"])
        } catch {
            logger.error("The reload failed; the previous members stay", metadata: ["error": "\(error)"])
        }
        notifier.notify("READY=1")
        tick(forceMailbox: true)
    }
}
