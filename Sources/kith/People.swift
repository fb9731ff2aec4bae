import ArgumentParser
import Foundation
import KithConfigEdit
import KithCore
import KithStore

/// Runs a config edit, reporting a refusal with its exit status.
func editConfig<T>(_ common: CommonOptions, _ change: (inout ConfigEditor) throws -> T) throws -> (
    result: T, config: Config, path: String
) {
    guard common.config != "-" else {
        Output.error("kith: a config read from standard input cannot be edited; pass --config FILE")
        throw ExitCode(.usage)
    }
    let path: String
    do {
        path = try ConfigLoader.resolvePath(explicit: common.config, environment: ProcessInfo.processInfo.environment)
    } catch {
        Output.error(error.description)
        throw ExitCode(.configuration)
    }
    do {
        let (result, config) = try ConfigFile.edit(path: path, change)
        return (result, config, path)
    } catch let error as ConfigEditError {
        Output.error(error.message)
        throw ExitCode(error.status)
    } catch let error as ConfigText.Malformed {
        Output.error("kith did not change \(path): it cannot be read at byte \(error.offset); kith check says why")
        throw ExitCode(.problems)
    }
}

/// The line that tells the user how the running service picks a change up.
func reloadLine(_ path: String) -> String {
    "If kith runs as a service, apply it with: \(ConfigFile.reloadHint(path: path))\n"
}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add one person to the config (comments and layout are kept).")

    @OptionGroup var common: CommonOptions

    @Argument(help: "Their full name.")
    var name: String

    @Option(name: .long, help: "An e-mail address (repeat for several; the first is the main one).")
    var email: [String] = []

    @Option(name: .long, help: "How often to be in touch, e.g. 2w, 1m, 3m.")
    var every: String?

    @Option(name: .long, help: "A circle defined in the config.")
    var circle: String?

    @Option(name: .long, help: "The day you met, YYYY-MM-DD: starts the follow-ups.")
    var met: String?

    @Option(name: .customLong("at"), help: "Where you met (with --met).")
    var place: String?

    @Option(name: .long, help: "A note to remember them by.")
    var note: String?

    @Option(name: .long, help: "Their birthday, MM-DD or YYYY-MM-DD.")
    var birthday: String?

    @Option(name: .long, help: "What to call them in the digest's sentences.")
    var nickname: String?

    @Option(name: .long, help: "A phone number.")
    var phone: String?

    func validate() throws {
        if every == nil && circle == nil { throw ValidationError("give --every (e.g. 1m) or --circle NAME") }
        if every != nil && circle != nil { throw ValidationError("give --every or --circle, not both") }
        if let every, case .failure = Cadence.parse(every) {
            throw ValidationError("\"\(every)\" is not a duration; use e.g. 10d, 2w, 3m or 1y")
        }
        if let met, LocalDate(iso: met) == nil {
            throw ValidationError("\"\(met)\" is not a date; write it as YYYY-MM-DD")
        }
        if place != nil && met == nil { throw ValidationError("--at goes with --met") }
    }

    func run() throws {
        let current = try common.loadConfig()
        if let existing = existing(in: current) {
            var message = "kith: \(UserText.quoted(existing.name)) is in the config already; nothing was added"
            // The entry as it stands in the file.
            if let path = current.sourcePath, let bytes = try? FileBytes.read(path, limit: FileBytes.configLimit) {
                let editor = ConfigEditor(bytes: bytes)
                if let span = try? editor.entry(named: existing.name) {
                    message += ":\n" + String(decoding: bytes[span], as: UTF8.self)
                }
            }
            Output.error(message)
            throw ExitCode(.problems)
        }
        var fields: [ConfigEditor.Field] = [("name", ConfigEditor.string(name.trimmingCharacters(in: .whitespaces)))]
        if let first = email.first { fields.append(("email", ConfigEditor.string(first))) }
        if email.count > 1 { fields.append(("emails", ConfigEditor.strings(Array(email.dropFirst())))) }
        if let circle { fields.append(("circle", ConfigEditor.string(circle))) }
        if let every { fields.append(("every", ConfigEditor.string(every))) }
        if let met { fields.append(("met", ConfigEditor.string(met))) }
        if let place { fields.append(("metAt", ConfigEditor.string(place))) }
        if let birthday { fields.append(("birthday", ConfigEditor.string(birthday))) }
        if let nickname { fields.append(("nickname", ConfigEditor.string(nickname))) }
        if let phone { fields.append(("phone", ConfigEditor.string(phone))) }
        if let note { fields.append(("notes", ConfigEditor.string(note))) }
        let (_, config, path) = try editConfig(common) { editor in try editor.addPerson(fields) }
        let added = config.people.last { Person.comparisonKey($0.name) == Person.comparisonKey(name) }
        Output.out(
            "Added \(added?.name ?? name) (\(added?.cadence.phrase ?? "")) to \(path).\n" + reloadLine(path))
    }

    /// The person this one would duplicate: the same name, or one of the same addresses.
    private func existing(in config: Config) -> Person? {
        let key = Person.comparisonKey(name)
        let addresses = Set(email.map { $0.lowercased() })
        return config.people.first { person in
            Person.comparisonKey(person.name) == key
                || person.addresses.contains { addresses.contains($0.lowercased()) }
        }
    }
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take someone out of the config; their history stays unless --forget.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it.")
    var name: String

    @Flag(name: .long, help: "Also delete everything kith recorded about them.")
    var forget = false

    func run() throws {
        let current = try common.loadConfig()
        let person = try findPerson(name, in: current)
        let (_, _, path) = try editConfig(common) { editor in try editor.removePerson(named: person.name) }
        var out = "Removed \(person.name) from \(path)."
        if forget {
            let store = try common.openStore()
            try common.store { () throws(StoreError) in try store.forget(personKey: person.key) }
            out += " Their history is deleted."
        } else {
            out += " Their history stays in kith's state; add them again and it is theirs again."
        }
        Output.out(out + "\n" + reloadLine(path))
    }
}

struct Rename: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Rename someone in the config and in kith's state at once; their history follows.")

    @OptionGroup var common: CommonOptions

    @Argument(help: "The person: their name, or a unique start of it.")
    var old: String

    @Argument(help: "Their new name.")
    var new: String

    func run() throws {
        let current = try common.loadConfig()
        let person = try findPerson(old, in: current)
        let newName = new.trimmingCharacters(in: .whitespaces)
        guard !newName.isEmpty else { throw ValidationError("the new name is empty") }
        if let other = current.people.first(where: {
            Person.comparisonKey($0.name) == Person.comparisonKey(newName) && $0.key != person.key
        }) {
            Output.error("kith: \(UserText.quoted(other.name)) is in the config already; nothing was renamed")
            throw ExitCode(.problems)
        }
        let newKey = newName.lowercased()
        let store = try common.openStore()
        // The state first, then the config; if the config cannot be written, the state goes back.
        try common.store { () throws(StoreError) in try store.rename(personKey: person.key, to: newKey, name: newName) }
        let path: String
        do {
            (_, _, path) = try editConfig(common) { editor in
                try editor.setField(ofPersonNamed: person.name, key: "name", json: ConfigEditor.string(newName))
            }
        } catch {
            try? store.rename(personKey: newKey, to: person.key, name: person.name)
            throw error
        }
        Output.out("Renamed \(person.name) to \(newName) in \(path) and in kith's state.\n" + reloadLine(path))
    }
}

struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "List everyone: circle, cadence, last contact, next due date, snooze.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Only the people of this circle.")
    var circle: String?

    @Flag(name: .long, help: "Only the people due today.")
    var due = false

    @Flag(name: .long, help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
        let config = try common.loadConfig()
        let today = ZoneClock(timeZone: config.timeZone).local(Date()).date
        let state = try common.contactState(for: config)
        // The same answer `kith due` and the digest use.
        let next = DueEngine.nextDueDates(config: config, state: state, today: today)
        if let circle, !config.circles.contains(where: { $0.name == circle }) {
            Output.error("kith: there is no circle \(UserText.quoted(circle)) in the config")
            throw ExitCode(.problems)
        }
        var rows: [(person: Person, last: (date: LocalDate, kind: String)?, next: LocalDate?, snoozed: LocalDate?)] = []
        for (index, person) in config.people.enumerated() {
            if let circle, person.circle != circle { continue }
            if due, next[index] != today { continue }
            let history = state.history[person.key]
            var last: (date: LocalDate, kind: String)?
            if let logged = history?.last { last = (logged, history?.recent.last?.kind.rawValue ?? "contact") }
            if let configured = person.lastContact, last.map({ configured > $0.date }) ?? true {
                last = (configured, "config")
            }
            let snoozed = state.snoozedUntil[person.key].flatMap { $0 > today ? $0 : nil }
            rows.append((person, last, next[index], snoozed))
        }
        if json {
            var out = "["
            for (index, row) in rows.enumerated() {
                out += index == 0 ? "\n  {" : ",\n  {"
                out += "\"name\": \(JSONText.quoted(row.person.name))"
                out += ", \"circle\": \(row.person.circle.map(JSONText.quoted) ?? "null")"
                out += ", \"cadence\": \"\(row.person.cadence)\""
                out += ", \"lastContact\": \(row.last.map { "\"\($0.date)\"" } ?? "null")"
                out += ", \"lastKind\": \(row.last.map { "\"\($0.kind)\"" } ?? "null")"
                out += ", \"nextDue\": \(row.next.map { "\"\($0)\"" } ?? "null")"
                out += ", \"snoozedUntil\": \(row.snoozed.map { "\"\($0)\"" } ?? "null")}"
            }
            Output.out(out + (rows.isEmpty ? "]\n" : "\n]\n"))
            return
        }
        guard !rows.isEmpty else {
            Output.out(
                due ? "Nobody is due today.\n" : "Nobody in the config\(circle.map { " in circle \($0)" } ?? "").\n")
            return
        }
        let width = min(32, max(4, rows.map { $0.person.name.count }.max() ?? 4))
        func pad(_ text: String, _ width: Int) -> String {
            text.count > width
                ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
        }
        var out = pad("NAME", width) + "  CIRCLE      CADENCE  LAST CONTACT          NEXT DUE    SNOOZED UNTIL\n"
        for row in rows {
            out += pad(UserText.escaped(row.person.name), width) + "  "
            out += pad(row.person.circle ?? "-", 10) + "  " + pad(row.person.cadence.description, 7) + "  "
            out += pad(row.last.map { "\($0.date) \($0.kind)" } ?? "-", 20) + "  "
            out += pad(row.next?.description ?? "-", 10) + "  " + (row.snoozed?.description ?? "-") + "\n"
        }
        out += "\(rows.count) \(rows.count == 1 ? "person" : "people").\n"
        Output.out(out)
    }
}
