import ArgumentParser
import Foundation
import KithCore
import KithStore

/// Turns a command-line name into a person of the config, or exits 1 with the candidates.
func findPerson(_ name: String, in config: Config) throws -> Person {
    do {
        return try PersonMatch.find(name, in: config.people)
    } catch {
        Output.error("kith: \(error.message)")
        throw ExitCode(.problems)
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that you were in touch with someone; their clock restarts.",
        discussion: "Kinds: \(Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it (case does not matter).")
    var name: String

    @Option(name: .long, help: "The day it happened, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(name: .long, help: "met, call, message, meet, gave, asked or received (default: message).")
    var kind: String = "message"

    @Option(name: .long, help: "A few words to remember it by.")
    var note: String?

    func validate() throws {
        guard Interaction.Kind(rawValue: kind) != nil else {
            throw ValidationError(
                "\"\(kind)\" is not a kind of contact; use one of: \(Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let on, LocalDate(iso: on) == nil {
            throw ValidationError("\"\(on)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23")
        }
        if let note, note.utf8.contains(0) {
            throw ValidationError("the note contains a NUL character")
        }
    }

    func run() throws {
        let config = try common.loadConfig()
        let person = try findPerson(name, in: config)
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        let day = on.flatMap { LocalDate(iso: $0) } ?? today
        guard day <= today else {
            Output.error("kith: \(day) is in the future; log contact once it has happened")
            throw ExitCode(.problems)
        }
        let store = try common.openStore()
        let kindValue = Interaction.Kind(rawValue: kind)!
        try common.store { () throws(StoreError) in
            try store.log(
                Interaction(
                    personKey: person.key, personName: person.name, date: day, kind: kindValue, note: note,
                    loggedAt: Date()))
        }
        let last = max(day, DueEngine.lastContact(of: person, state: (try? store.contactState()) ?? .empty) ?? day)
        let next = person.cadence.after(last)
        Output.out(
            "Logged \(kindValue.rawValue) with \(person.name) on \(day). Next due \(next) (\(person.cadence.phrase)).\n"
        )
    }
}
