import ArgumentParser
import Foundation
import KithCore
import KithMail

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the digest that would be sent at a time, exactly as it would be mailed.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, eml
    }

    @OptionGroup var common: CommonOptions
    @OptionGroup var time: TimeOptions

    @Option(name: .long, help: "text, html, or eml (the whole message, exactly the bytes kith send would send).")
    var format: Format = .text

    func run() throws {
        let config = try common.loadConfig()
        let renderer = try common.renderer(for: config)
        let moment = time.moment(in: config)
        let today = moment.local.date
        let digest = Digest.build(
            config: config, state: try common.contactState(for: config), today: today,
            hour: moment.local.secondOfDay / 3600)
        switch format {
        case .text: Output.out(renderer.text(digest))
        case .html: Output.out(renderer.html(digest))
        case .eml:
            do {
                let message = try DigestMail.message(
                    for: digest, renderer: renderer, config: config, date: moment.instant)
                Output.out(message.rendered)
            } catch {
                Output.error("kith: \(error.message)")
                throw ExitCode(.configuration)
            }
        }
    }
}
