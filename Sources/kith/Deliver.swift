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
        commandName: "deliver",
        abstract: "Send a digest already recorded in the outbox (used by kith run).", shouldDisplay: false)

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .long, help: "The day of the recorded digest, YYYY-MM-DD.")
    var day: String

    func validate() throws {
        guard LocalDate(iso: day) != nil else { throw ValidationError("\"\(day)\" is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        // The send is bounded by its own timeouts. A stop signal meant for the daemon (systemd
        // signals the whole unit) must not cut it between the hand-over and the server's answer.
        for number in [SIGTERM, SIGINT, SIGHUP] { signal(number, SIG_IGN) }
        let environment = ProcessInfo.processInfo.environment
        let logger = logging.bootstrapJournal(label: "kith.deliver", environment: environment)
        let config = try common.loadConfig()
        let store = try common.openStore()
        let date = LocalDate(iso: day)!
        let claimed: DigestRecord?
        do {
            claimed = try store.claim(day: date, pid: getpid())
        } catch {
            logger.error("The state store failed", metadata: ["store.error": "\(error)"])
            throw ExitCode(error.exitStatus)
        }
        guard let claimed else {
            logger.notice(
                "The digest is not there to send (sent, or being sent elsewhere)", metadata: ["digest.date": "\(date)"])
            throw ExitCode(.notClaimed)
        }
        let outbox = DigestOutbox(
            store: store, transport: SMTPTransport(logger: logger),
            retry: RetryPolicy.current(environment: environment),
            logger: logger)
        if case .failure(let error) = outbox.deliver(claimed, config: config, environment: environment) {
            throw ExitCode(error.exitStatus)
        }
    }
}
