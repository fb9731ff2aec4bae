import ArgumentParser
import Foundation
import KithCore
import KithMail
import Logging

struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the digest and send it now.",
        discussion: """
            Exit codes: 0 the server accepted the digest (or nobody was due); 75 a passing failure, \
            try again later; 69 the server rejected the message; 78 the settings are wrong.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap(label: "kith.send")
        let config = try common.loadConfig(failureCode: 78)
        let renderer = try common.renderer(for: config, failureCode: 78)
        let moment = time.moment(in: config)
        let digest = Digest.build(config: config, state: .empty, today: moment.local.date)
        if digest.isEmpty && !config.digest.sendWhenEmpty {
            Output.out("Nobody is due on \(moment.local.date); no digest sent.\n")
            return
        }
        do {
            let endpoint = try SMTPEndpoint.make(config: config, environment: ProcessInfo.processInfo.environment)
            let message = try DigestMail.message(for: digest, renderer: renderer, config: config, date: moment.instant)
            let transport = SMTPTransport(logger: logger)
            logger.info(
                "Sending the digest",
                metadata: ["digest.date": "\(digest.date)", "digest.people": "\(digest.nudges.count)"])
            try transport.send(message, via: endpoint)
            let recipients = endpoint.recipients.map(\.address).joined(separator: ", ")
            let people = digest.nudges.count == 1 ? "1 person" : "\(digest.nudges.count) people"
            Output.out("Sent the digest for \(digest.date) to \(recipients) (\(people)).\n")
        } catch {
            Output.error("kith: the digest was not sent: \(error.message)")
            throw ExitCode(error.exitCode)
        }
    }
}
