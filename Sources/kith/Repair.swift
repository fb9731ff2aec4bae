import ArgumentParser
import KithCore
import KithStore

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Move a damaged or empty state database aside and start a new one.",
        discussion: """
            kith never starts a new state database by itself where one was: that would forget which \
            digests were sent. Run this after a disk problem left kith.sqlite empty or damaged. The old \
            file is kept beside it as kith.sqlite.broken-TIME. A healthy database is left alone.
            """)

    @OptionGroup var common: CommonOptions

    func run() throws {
        let directory = try common.stateDirectory()
        let aside = try common.store { () throws(StoreError) in try Store.repair(directory: directory) }
        if let aside {
            Output.out(
                "Moved the damaged state database to \(aside) and started a new one in \(directory).\n"
                    + "What it recorded (sent digests, logged contact, snoozes) starts over; today's digest may be sent again.\n"
            )
        } else {
            Output.out("The state database in \(directory) is healthy (or not there yet); nothing to repair.\n")
        }
    }
}
