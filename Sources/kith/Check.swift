import ArgumentParser
import Foundation
import KithCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the config file; list every problem with its place and exit 1 if there are any.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let config = try common.loadConfig(failure: .problems)
        _ = try common.renderer(for: config, failure: .problems)
        let schedule = DigestSchedule(settings: config.digest, timeZone: config.timeZone)
        let next = schedule.nextSlot(after: Date())
        let people = config.people.count == 1 ? "1 person" : "\(config.people.count) people"
        let circles = config.circles.count == 1 ? "1 circle" : "\(config.circles.count) circles"
        Output.out(
            "\(config.sourcePath ?? "config") is valid: \(people), \(circles); next digest \(schedule.describe(next.instant)).\n"
        )
    }
}
