import ArgumentParser
import KithCore

/// `0.6.0 (git 1a2b3c4d5e6f)`, or the number alone for a build outside a checkout.
let versionText = KithVersion.number + (gitRevision.map { " (git \($0))" } ?? "")

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print kith's version.")

    func run() throws {
        Output.out("kith \(versionText)\n")
    }
}
