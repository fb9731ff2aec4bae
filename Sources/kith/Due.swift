import ArgumentParser
import KithCore

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List everyone due as of a time, ranked, with the reason.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions

    @Flag(name: .long, help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
        let config = try common.loadConfig()
        let today = time.moment(in: config).local.date
        let report = DueReport(config: config, state: try common.contactState(for: config), today: today)
        if json {
            report.writeJSON(Output.out)
        } else {
            Output.out(report.table)
        }
        Output.keepUntilExit(report)
    }
}
