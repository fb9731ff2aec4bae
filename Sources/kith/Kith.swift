import ArgumentParser

@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Keep in touch with the people you care about: a daily digest of who to reach out to.",
        subcommands: [
            Check.self, Due.self, Preview.self, Send.self, Run.self, Log.self, Snooze.self, History.self, Status.self,
            Repair.self, Scan.self, Add.self, Remove.self, Rename.self, People.self, Import.self,
            Deliver.self,
        ]
    )
}
