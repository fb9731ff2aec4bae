import ArgumentParser
import KithCore

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List everyone due as of a time, ranked, with the reason.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions

    @Flag(name: .long, help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let today = time.moment(in: config).local.date
        let entries = DueEngine.due(config: config, state: try common.contactState(), today: today)
        Output.out(
            json
                ? DueReport.json(entries, people: config.people)
                : DueReport.table(entries, people: config.people, today: today))
    }
}
