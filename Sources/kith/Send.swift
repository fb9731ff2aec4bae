import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithStore
import Logging

struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the digest and send it now, through the same outbox as the daemon.",
        discussion: """
            Exit codes: 0 the server accepted the digest (or nobody was due, or it was already sent); \
            75 a passing failure, try again later; 69 the server rejected the message; 78 the settings are wrong.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(name: .long, help: "Send even if today's digest was already sent.")
    var force = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrap(label: "kith.send")
        let config = try common.loadConfig(failureCode: 78)
        let renderer = try common.renderer(for: config, failureCode: 78)
        let store = try common.openStore()
        let moment = time.moment(in: config)
        let day = moment.local.date
        do {
            // Check the mail settings before anything is recorded.
            _ = try SMTPEndpoint.make(config: config, environment: environment)
        } catch {
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitCode)
        }
        let record: DigestRecord
        do {
            try store.recordFirstSeen(config.people.map(\.key), on: day)
            record = try DigestOutbox.prepare(
                store: store, config: config, renderer: renderer, day: day, now: moment.instant)
        } catch let error as DeliveryError {
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitCode)
        } catch {
            Output.error("kith: \(error)")
            throw ExitCode(75)  // the store: worth trying again
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
        let claimed = try common.store { () throws(StoreError) in
            try store.claim(day: day, pid: getpid(), force: force)
        }
        guard let claimed else {
            Output.error("kith: the digest for \(day) is being sent by another kith process right now")
            throw ExitCode(75)
        }
        // libcurl is loaded here, only once there is something to send.
        let outbox = DigestOutbox(
            store: store, transport: SMTPTransport(logger: logger),
            retry: RetryPolicy.current(environment: environment),
            logger: logger)
        switch outbox.deliver(claimed, config: config, environment: environment) {
        case .success:
            let recipients = ((try? DigestMail.addressing(config: config))?.to ?? []).map(\.address)
                .joined(separator: ", ")
            let people = claimed.people.count == 1 ? "1 person" : "\(claimed.people.count) people"
            Output.out("Sent the digest for \(day) to \(recipients) (\(people)).\n")
        case .failure(let error):
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitCode)
        }
    }
}
