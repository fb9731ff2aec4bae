public import ArgumentParser
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
        commandName: "log",
        abstract: "Record that you were in touch with someone; their clock restarts.",
        discussion: """
            Kinds: \(Interaction.Kind.allCases.map(\.rawValue).joined(separator: ", ")). A meeting (met) with \
            someone not known before starts the follow-up series; with someone known it is contact like any \
            other. `kith log --undo [NAME]` takes back the last entry kith log added.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it (case does not matter).")
    var name: String?

    @Option(name: .long, help: "The day it happened, YYYY-MM-DD (default: today).")
    var on: String?

    @Option(name: .long, help: "What kind of contact it was.")
    var kind: InteractionKind = .message

    @Option(name: .long, help: "A few words to remember it by.")
    var note: String?

    @Flag(name: .long, help: "Take back the last entry kith log added (for NAME, if given).")
    var undo = false

    func validate() throws {
        if undo {
            guard on == nil, note == nil, kind == .message else {
                throw ValidationError("--undo takes back the last entry; it takes no --on, --kind or --note")
            }
            return
        }
        guard name != nil else { throw ValidationError("give the name of the person you were in touch with") }
        if let on, LocalDate(iso: on) == nil {
            throw ValidationError("\"\(on)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23")
        }
        if let note, note.utf8.contains(0) {
            throw ValidationError("the note contains a NUL character")
        }
    }

    func run() throws {
        let config = try common.loadConfig()
        let person = try name.map { try findPerson($0, in: config) }
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        let store = try common.openStore(for: config)
        if undo {
            let removed = try common.store { () throws(StoreError) in try store.undoLastLogged(personKey: person?.key) }
            guard let removed else {
                Output.error(
                    "kith: there is nothing kith log added\(person.map { " for \($0.name)" } ?? "") to take back")
                throw ExitCode(.problems)
            }
            var line = "Took back \(removed.kind.rawValue) with \(removed.personName) on \(removed.date)"
            if let note = removed.note, !note.isEmpty { line += " (\(UserText.escaped(note, limit: 60)))" }
            Output.out(line + ".\n" + (try nextDueLine(removed.personName, config: config, store: store, today: today)))
            return
        }
        guard let person else { throw ExitCode(.usage) }  // validate() asked for it
        let recordedFirstSeen = try common.store { () throws(StoreError) in try store.firstSeen(personKey: person.key) }
        let day = on.flatMap { LocalDate(iso: $0) } ?? today
        if let problem = LogRules.problem(logging: day, with: person.name, today: today, firstSeen: recordedFirstSeen) {
            Output.error("kith: \(problem)")
            throw ExitCode(.problems)
        }
        let kindValue = kind
        try common.store { () throws(StoreError) in
            try store.log(
                Interaction(
                    personKey: person.key, personName: person.name, date: day, kind: kindValue, note: note,
                    loggedAt: Date()))
        }
        let made = Introduction.made(by: kindValue, with: person, note: note, people: config.people)
        try common.store { () throws(StoreError) in try store.recordIntroduced(made, on: day) }
        Output.out(
            "Logged \(kindValue.rawValue) with \(person.name) on \(day). "
                + (try nextDueLine(person.name, config: config, store: store, today: today)))
    }

    /// `Next due 2026-12-07 (every week).`, from the due engine, as `kith due` sees it.
    private func nextDueLine(_ name: String, config: Config, store: Store, today: LocalDate) throws -> String {
        guard let person = config.people.first(where: { $0.key == name.lowercased() }) else { return "\n" }
        // Someone with any contact is due by their own history alone: read only their rows. Only
        // someone with none takes their turn among everyone else without contact.
        var state = try common.store { () throws(StoreError) in try store.contactState(personKey: person.key) }
        if state.history[person.key] == nil, person.lastContact == nil, person.met == nil {
            state = try common.store { () throws(StoreError) in try store.contactState() }
        }
        state = state.assumingFirstSeen(config.people, on: today)
        guard let next = DueEngine.nextDue(of: person, config: config, state: state, today: today) else {
            return "Not due again for now (\(person.cadence.phrase)).\n"
        }
        return "Next due \(next) (\(person.cadence.phrase)).\n"
    }
}

/// `--kind met`: ArgumentParser reads it, lists the values in the help and refuses others.
extension InteractionKind: ExpressibleByArgument {}
