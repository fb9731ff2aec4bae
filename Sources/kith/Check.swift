import ArgumentParser
import Foundation
import KithCore
import KithMail
import KithStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config file; list every problem with its place and exit 1 if there are any.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try common.loadConfig(failure: .problems)
        _ = try common.renderer(for: config, failure: .problems)
        // A name with history that left the config: most likely renamed by hand.
        if let store = try? common.readStore(), let gone = try? store.peopleWithHistory(except: config.keysWithHistory)
        {
            for person in gone {
                Output.error(
                    "kith: note: the state has \(person.count) contact\(person.count == 1 ? "" : "s") with \(UserText.quoted(person.name)), who is not in the config any more. If you renamed them, add \"aka\": [\(UserText.quoted(person.name))] to their entry and their history follows; kith rename does both in one step."
                )
            }
        }
        // What kith send and kith run check before sending, with the same words: the URL, TLS,
        // addresses and the password. systemd runs this before start and reload.
        do {
            _ = try SMTPEndpoint.make(config: config, environment: environment)
        } catch {
            Output.error("\(config.sourcePath ?? "config"): \(error.message)")
            Output.error("kith: 1 problem in the config.")
            throw ExitCode(.problems)
        }
        for warning in SMTPEndpoint.passwordWarnings(config: config, environment: environment) {
            Output.error("kith: warning: \(warning)")
        }
        let schedule = DigestSchedule(settings: config.digest, timeZone: config.timeZone)
        let next = schedule.nextSlot(after: Date())
        let people = config.people.count == 1 ? "1 person" : "\(config.people.count) people"
        let circles = config.circles.count == 1 ? "1 circle" : "\(config.circles.count) circles"
        Output.out(
            "\(config.sourcePath ?? "config") is valid: \(people), \(circles); next digest \(schedule.describe(next.instant)).\n"
        )
    }
}
