import ArgumentParser
import Foundation
import KithCore

@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Keep in touch with the people you care about: a daily digest of who to reach out to.",
        version: "kith " + versionText,
        subcommands: [
            Check.self, Due.self, Preview.self, Send.self, Run.self, Log.self, Snooze.self, History.self, Status.self,
            Repair.self, Scan.self, Add.self, Remove.self, Rename.self, People.self, Import.self, Version.self,
            Deliver.self,
        ]
    )

    /// `kith help bogus` is a usage error (64), not the overview with success.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count >= 2, arguments[0] == "help",
            !configuration.subcommands.contains(where: { $0._commandName == arguments[1] })
        {
            Output.error(
                "kith: there is no command \(UserText.quoted(arguments[1])); kith --help lists them")
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
