import ArgumentParser
import Foundation
import KithAddressBook
import KithConfigEdit
import KithCore
import KithStore

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Take people in from vCard files, a Google Contacts CSV or LinkedIn's Connections.csv.",
        discussion: """
            Without --apply nothing is written: kith shows the people it would add, the empty fields it \\
            would fill in for people already in the config, the values that differ (left as they are) and \\
            the rows it skips. A row is someone already in the config when an address or the name matches. \\
            Importing the same file again changes nothing.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The files to read.")
    var files: [String]

    /// The formats `--format` takes: the file formats, or `auto` to recognise them.
    enum FormatOption: String, CaseIterable, ExpressibleByArgument {
        case auto, vcard, google, linkedin
    }

    @Option(name: .long, help: "The file format; auto recognises it from the content.")
    var format: FormatOption = .auto

    @Option(
        name: .long,
        help: "The circle for new people (default: defaults.importCircle, else a circle \"imported\", every 6 months).")
    var circle: String?

    @Option(name: .long, help: "The cadence for new people instead of a circle, e.g. 3m.")
    var every: String?

    @Option(
        name: .customLong("map-category"),
        help: "Put people of a category or label into a circle: FRIENDS=close (repeatable).")
    var mapCategory: [String] = []

    @Flag(name: .long, help: "Write the changes (without it, only show them).")
    var apply = false

    func validate() throws {
        if circle != nil && every != nil { throw ValidationError("give --circle or --every, not both") }
        if let every, case .failure = Cadence.parse(every) {
            throw ValidationError("\"\(every)\" is not a duration; use e.g. 10d, 2w, 3m or 1y")
        }
        for mapping in mapCategory where !mapping.contains("=") {
            throw ValidationError("--map-category takes CATEGORY=circle, e.g. FRIENDS=close")
        }
    }

    func run() throws {
        let config = try common.loadConfig()
        var categories: [String: String] = [:]
        for mapping in mapCategory {
            let parts = mapping.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            categories[parts[0]] = parts[1]
        }
        for target in Array(categories.values) + (circle.map { [$0] } ?? [])
        where !config.circles.contains(where: { $0.name == target }) {
            Output.error(
                "kith: there is no circle \(UserText.quoted(target)) in the config; define it under \"circles\" first")
            throw ExitCode(.problems)
        }
        var read: [(name: String, contents: ImportedFile)] = []
        for file in files {
            do {
                let bytes = try FileBytes.read(file, limit: Import.fileLimit)
                read.append(
                    (
                        file,
                        try AddressBook.read(bytes, file: file, format: AddressBookFormat(rawValue: format.rawValue))
                    ))
            } catch let error as ImportError {
                Output.error("kith: \(error); nothing was imported")
                throw ExitCode(.problems)
            } catch let error as FileBytes.Failure {
                Output.error("kith: cannot read \(error.reason); nothing was imported")
                throw ExitCode(.noInput)
            }
        }
        let plan = ImportPlan.make(files: read, config: config, circle: circle, every: every, categories: categories)
        Output.out(describe(plan))
        guard apply else {
            if !plan.isEmpty { Output.out("Nothing was written; run again with --apply to make these changes.\n") }
            return
        }
        guard !plan.isEmpty else { return }
        let (_, updated, path) = try editConfig(common) { editor in
            if plan.addsImportedCircle {
                try editor.addCircle(ImportPlan.importedCircle.name, every: ImportPlan.importedCircle.every)
            }
            try editor.setFields(plan.fills.map { ($0.person, $0.key, Import.json($0.value)) })
            try editor.addPeople(
                plan.additions.map { addition in addition.fields.map { ($0.key, Import.json($0.value)) } })
        }
        let seen = plan.additions.compactMap { addition -> (key: String, day: LocalDate)? in
            guard let day = addition.firstSeen else { return nil }
            return (addition.name.lowercased(), day)
        }
        if !seen.isEmpty {
            let store = try common.openStore()
            try common.store { () throws(StoreError) in try store.recordFirstSeen(seen) }
        }
        Output.out(
            "Imported into \(path): \(plan.additions.count) added, \(plan.fills.count) field\(plan.fills.count == 1 ? "" : "s") filled in; the config now has \(updated.people.count) people.\n"
                + reloadLine(path))
    }

    /// The largest file read (a LinkedIn export of 30,000 connections is about 4 MB).
    static let fileLimit = 64 * 1024 * 1024

    static func json(_ value: ImportPlan.Value) -> String {
        switch value {
        case .string(let text): ConfigEditor.string(text)
        case .strings(let list): ConfigEditor.strings(list)
        }
    }

    private func describe(_ plan: ImportPlan) -> String {
        var out = ""
        let verb = apply ? "" : "would "
        if plan.additions.isEmpty {
            out += "Nobody new to add.\n"
        } else {
            out +=
                "\(plan.additions.count) \(plan.additions.count == 1 ? "person" : "people") \(apply ? "added" : "to add"):\n"
            for addition in plan.additions {
                let details = addition.fields.dropFirst().map { "\($0.key) \(Import.shown($0.value))" }
                out += "  + \(UserText.escaped(addition.name)) (\(details.joined(separator: ", ")))\n"
            }
        }
        if plan.addsImportedCircle {
            out += "The circle \"imported\" (every 6 months) \(verb.isEmpty ? "was" : "would be") added for them.\n"
        }
        if !plan.fills.isEmpty {
            out += "Empty fields \(apply ? "filled in" : "to fill in") for people already in the config:\n"
            for fill in plan.fills {
                out += "  ~ \(UserText.escaped(fill.person)): \(fill.key) \(Import.shown(fill.value))\n"
            }
        }
        if !plan.conflicts.isEmpty {
            out += "Different values, left as they are in the config:\n"
            for conflict in plan.conflicts {
                out +=
                    "  ! \(UserText.escaped(conflict.person)): \(conflict.key) is \(UserText.quoted(conflict.existing)); the import says \(UserText.quoted(conflict.imported))\n"
            }
        }
        if !plan.skipped.isEmpty || !plan.dropped.isEmpty {
            out += "Skipped:\n"
            for (file, row) in plan.skipped { out += "  - \(file):\(row.line): \(row.reason)\n" }
            for (file, line, what) in plan.dropped { out += "  - \(file):\(line): \(what)\n" }
        }
        if plan.isEmpty { out += "Nothing to change.\n" }
        return out
    }

    static func shown(_ value: ImportPlan.Value) -> String {
        switch value {
        case .string(let text): UserText.quoted(text)
        case .strings(let list): list.map(UserText.quoted).joined(separator: ", ")
        }
    }
}
