import ArgumentParser
import Foundation
import KithCore
import KithDaemon
import KithMail
import KithStore
import Logging

/// What `kith run` starts to send a recorded digest: a separate process, so the daemon itself
/// never loads libcurl and its TLS stack, and a crash in delivery cannot take the daemon down.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a digest already recorded in the outbox (used by kith run).", shouldDisplay: false)

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .long, help: "The day of the recorded digest, YYYY-MM-DD.")
    var day: String

    func validate() throws {
        guard LocalDate(iso: day) != nil else { throw ValidationError("\"\(day)\" is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrapJournal(label: "kith.deliver", environment: environment)
        let config = try common.loadConfig(failureCode: 78)
        let store = try common.openStore()
        let date = LocalDate(iso: day)!
        let claimed: DigestRecord?
        do {
            claimed = try store.claim(day: date, pid: getpid())
        } catch {
            logger.error("The state store failed", metadata: ["store.error": "\(error)"])
            throw ExitCode(75)
        }
        guard let claimed else {
            logger.notice(
                "The digest is not there to send (sent, or being sent elsewhere)", metadata: ["digest.date": "\(date)"])
            throw ExitCode(DeliveryExit.notClaimed)
        }
        let outbox = DigestOutbox(
            store: store, transport: SMTPTransport(logger: logger),
            retry: RetryPolicy.current(environment: environment),
            logger: logger)
        if case .failure(let error) = outbox.deliver(claimed, config: config, environment: environment) {
            throw ExitCode(error.exitCode)
        }
    }
}
