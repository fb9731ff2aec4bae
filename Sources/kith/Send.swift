import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithStore
import Logging

struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Build the digest and send it now, through the same outbox as the daemon.",
        discussion: """
            Exit codes: 0 the server accepted the digest (or nobody was due, or it was already sent); \
            75 a passing failure, try again later; 69 the server rejected the message; 78 the settings are wrong; \
            11 the whole digest went to the server but no answer came back (not sent again without --force); \
            74 the state database is damaged (see kith repair).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(name: .long, help: "Send even if today's digest was already sent.")
    var force = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrap(label: "kith.send")
        let config = try common.loadConfig()
        let renderer = try common.renderer(for: config)
        let store = try common.openStore(for: config)
        let moment = time.moment(in: config)
        let day = moment.local.date
        do {
            // Check the mail settings before anything is recorded.
            _ = try SMTPEndpoint.make(config: config, environment: environment)
        } catch {
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
        let record: DigestRecord
        do {
            try store.recordFirstSeen(config.people.map(\.key), on: day)
            record = try DigestOutbox.prepare(
                store: store, config: config, renderer: renderer, day: day, now: moment.instant)
        } catch let error as DeliveryError {
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitStatus)
        } catch let error as StoreError {
            Output.error("kith: \(error.message)")
            throw ExitCode(error.exitStatus)
        } catch {
            Output.error("kith: \(error)")
            throw ExitCode(.temporaryFailure)
        }
        if record.state == .empty {
            Output.out("Nobody is due on \(day); no digest sent.\n")
            return
        }
        if record.state == .sent && !force {
            let when = record.sentAt.map { ZoneClock(timeZone: config.timeZone).local($0).description } ?? "earlier"
            Output.out("The digest for \(day) was already sent (\(when)); --force sends it again.\n")
            return
        }
        if !force, Store.isUncertain(record, now: Date()) {
            Output.error(
                "kith: the digest for \(day) was handed to the server but no answer came back, so it may have arrived; look in your mailbox, and use --force to send it again"
            )
            throw ExitCode(.uncertain)
        }
        let claimed = try common.store { () throws(StoreError) in
            try store.claim(day: day, pid: getpid(), force: force)
        }
        guard let claimed else {
            Output.error("kith: the digest for \(day) is being sent by another kith process right now")
            throw ExitCode(.temporaryFailure)
        }
        // libcurl is loaded here, only once there is something to send.
        let outbox = DigestOutbox(
            store: store, transport: SMTPTransport(logger: logger),
            retry: RetryPolicy.current(environment: environment),
            logger: logger)
        switch outbox.deliver(claimed, config: config, environment: environment) {
        case .success(let report):
            let refused = Set(report.refused.map { $0.prefix { $0 != ":" } })
            let recipients = ((try? DigestMail.addressing(config: config))?.to ?? []).map(\.address)
                .filter { !refused.contains(Substring($0)) }.joined(separator: ", ")
            let people = claimed.people.count == 1 ? "1 person" : "\(claimed.people.count) people"
            Output.out("Sent the digest for \(day) to \(recipients) (\(people)).\n")
            for line in report.refused {
                Output.error("kith: the server refused one recipient, who did not get it: \(line)")
            }
        case .failure(let error):
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitStatus)
        }
    }
}
