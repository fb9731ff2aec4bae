import ArgumentParser
import KithCore

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the digest that would be sent at a time, exactly as it would be mailed.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html
    }

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions

    @Option(name: .long, help: "text or html.")
    var format: Format = .text

    func run() throws {
        let config = try common.loadConfig(failureCode: 78)
        let renderer: DigestRenderer
        do {
            renderer = try DigestRenderer(config: config)
        } catch {
            Output.error(error.description)
            throw ExitCode(78)
        }
        let today = time.moment(in: config).local.date
        let digest = Digest.build(config: config, state: .empty, today: today)
        switch format {
        case .text: Output.out(renderer.text(digest))
        case .html: Output.out(renderer.html(digest))
        }
    }
}
