public import KithCore

/// What an import would do to the config, worked out before anything is written (pure): people
/// to add, empty fields of existing people to fill, values that differ (conflicts, left alone),
/// and rows skipped. Two rows of one import that are one person become one; a row is an existing
/// person when an address matches (ignoring case) or the names are equal as the config compares
/// names. Importing the same file twice plans nothing the second time.
public struct ImportPlan: Sendable {
    /// A value to write into a person's entry.
    public enum Value: Sendable, Equatable {
        case string(String)
        case strings([String])
    }

    public struct Addition: Sendable {
        public var name: String
        /// The entry's fields in order, `name` first.
        public var fields: [(key: String, value: Value)]
        public var firstSeen: LocalDate?
        public var source: String
    }

    public struct Fill: Sendable, Equatable {
        public var person: String
        public var key: String
        public var value: Value
    }

    public struct Conflict: Sendable, Equatable {
        public var person: String
        public var key: String
        public var existing: String
        public var imported: String
    }

    public var additions: [Addition] = []
    public var fills: [Fill] = []
    public var conflicts: [Conflict] = []
    public var skipped: [(file: String, row: SkippedRow)] = []
    /// Values left out because the config could not hold them (an address that is not one).
    public var dropped: [(file: String, line: Int, what: String)] = []
    /// Whether the plan adds the circle `imported` (no --circle, --every or default given).
    public var addsImportedCircle = false

    /// The circle added for imported people when nothing else is said.
    public static let importedCircle = (name: "imported", every: "6m")

    public var isEmpty: Bool { additions.isEmpty && fills.isEmpty }

    /// - Parameters:
    ///   - circle, every: the cadence of new people (`--circle`, `--every`); without either,
    ///     `defaults.importCircle`, else a circle `imported` (every 6 months), added if missing.
    ///   - categories: category or label → circle (`--map-category FRIENDS=close`), compared
    ///     ignoring case; it wins over `circle`.
    public static func make(
        files: [(name: String, contents: ImportedFile)], config: Config, circle: String?, every: String?,
        categories: [String: String] = [:]
    ) -> ImportPlan {
        var plan = ImportPlan()
        // One contact a person: rows of the import that share an address or a name merge.
        var merged: [(contact: ImportedContact, file: String)] = []
        var byAddress: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (file, contents) in files {
            plan.skipped += contents.skipped.map { (file, $0) }
            for var contact in contents.contacts {
                contact.name = singleLine(contact.name)
                guard !contact.name.isEmpty else {
                    plan.skipped.append((file, SkippedRow(line: contact.line, reason: "a row with no name")))
                    continue
                }
                let valid = contact.emails.filter { EmailAddress.isValid($0) && singleLine($0) == $0 }
                for invalid in contact.emails where !valid.contains(invalid) {
                    plan.dropped.append((file, contact.line, "\(UserText.quoted(invalid)) is not an e-mail address"))
                }
                contact.emails = valid
                let key = Person.comparisonKey(contact.name)
                let index = contact.emails.lazy.compactMap { byAddress[$0.lowercased()] }.first ?? byName[key]
                if let index {
                    merge(contact, into: &merged[index].contact)
                } else {
                    merged.append((contact, file))
                }
                let at = index ?? merged.count - 1
                byName[key] = byName[key] ?? at
                for address in merged[at].contact.emails where byAddress[address.lowercased()] == nil {
                    byAddress[address.lowercased()] = at
                }
            }
        }

        var peopleByAddress: [String: Int] = [:]
        var peopleByName: [String: Int] = [:]
        for (index, person) in config.people.enumerated() {
            peopleByName[Person.comparisonKey(person.name)] = index
            for address in person.addresses {
                peopleByAddress[address.lowercased()] = peopleByAddress[address.lowercased()] ?? index
            }
        }
        let defaultCircle = circle ?? (every == nil ? config.defaults.importCircle : nil)
        let circleNames = Set(config.circles.map(\.name))
        let mapped = Dictionary(categories.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        for (contact, file) in merged {
            let match =
                contact.emails.lazy.compactMap { peopleByAddress[$0.lowercased()] }.first
                ?? peopleByName[Person.comparisonKey(contact.name)]
            if let match {
                plan.compare(contact, with: config.people[match])
                continue
            }
            var fields: [(key: String, value: Value)] = [("name", .string(contact.name))]
            if let first = contact.emails.first { fields.append(("email", .string(first))) }
            if contact.emails.count > 1 { fields.append(("emails", .strings(Array(contact.emails.dropFirst())))) }
            if let category = contact.categories.lazy.compactMap({ mapped[$0.lowercased()] }).first {
                fields.append(("circle", .string(category)))
            } else if let defaultCircle {
                fields.append(("circle", .string(defaultCircle)))
            } else if let every {
                fields.append(("every", .string(every)))
            } else {
                fields.append(("circle", .string(importedCircle.name)))
                plan.addsImportedCircle = !circleNames.contains(importedCircle.name)
            }
            for (key, value) in details(contact) { fields.append((key, value)) }
            plan.additions.append(
                Addition(
                    name: contact.name, fields: fields, firstSeen: contact.firstSeen, source: "\(file):\(contact.line)")
            )
        }
        return plan
    }

    /// The optional fields a contact brings: phone, nickname, birthday, notes.
    static func details(_ contact: ImportedContact) -> [(key: String, value: Value)] {
        var fields: [(key: String, value: Value)] = []
        if let phone = contact.phones.first.map(singleLine), !phone.isEmpty { fields.append(("phone", .string(phone))) }
        if let nickname = contact.nickname.map(singleLine), !nickname.isEmpty, nickname != contact.name {
            fields.append(("nickname", .string(nickname)))
        }
        if let birthday = contact.birthday { fields.append(("birthday", .string(text(birthday)))) }
        let notes = contact.notes.joined(separator: "; ")
        if !notes.isEmpty { fields.append(("notes", .string(notes))) }
        return fields
    }

    /// Fills the person's empty fields from `contact`, and notes the values that differ.
    private mutating func compare(_ contact: ImportedContact, with person: Person) {
        func fill(_ key: String, _ value: Value) { fills.append(Fill(person: person.name, key: key, value: value)) }
        func conflict(_ key: String, _ existing: String, _ imported: String) {
            conflicts.append(Conflict(person: person.name, key: key, existing: existing, imported: imported))
        }
        let known = Set(person.addresses.map { $0.lowercased() })
        if person.email == nil, let first = contact.emails.first {
            fill("email", .string(first))
            if person.emails.isEmpty, contact.emails.count > 1 {
                fill("emails", .strings(Array(contact.emails.dropFirst())))
            }
        } else {
            for address in contact.emails where !known.contains(address.lowercased()) {
                conflict("email", person.addresses.joined(separator: ", "), address)
            }
        }
        for (key, value) in ImportPlan.details(contact) {
            guard case .string(let imported) = value else { continue }
            let existing: String?
            switch key {
            case "phone": existing = person.phone
            case "nickname": existing = person.nickname
            case "birthday": existing = person.birthday.map(ImportPlan.text)
            case "notes": existing = person.notes
            default: existing = nil
            }
            if let existing {
                let same = key == "notes" ? existing.contains(imported) : existing == imported
                if !same { conflict(key, existing, imported) }
            } else {
                fill(key, value)
            }
        }
    }

    private static func merge(_ contact: ImportedContact, into target: inout ImportedContact) {
        for address in contact.emails where !target.emails.contains(where: { $0.lowercased() == address.lowercased() })
        {
            target.emails.append(address)
        }
        for phone in contact.phones where !target.phones.contains(phone) { target.phones.append(phone) }
        target.nickname = target.nickname ?? contact.nickname
        target.birthday = target.birthday ?? contact.birthday
        for note in contact.notes where !target.notes.contains(note) { target.notes.append(note) }
        for category in contact.categories where !target.categories.contains(category) {
            target.categories.append(category)
        }
        if let seen = contact.firstSeen { target.firstSeen = min(target.firstSeen ?? seen, seen) }
    }

    /// `MM-DD`, or `YYYY-MM-DD` when the year is known: as the config writes birthdays.
    static func text(_ birthday: Birthday) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(two(birthday.month))-\(two(birthday.day))"
        guard let year = birthday.year, (1...9999).contains(year) else { return day }
        return String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)-" + day
    }

    /// Text for a one-line field: line breaks and other control characters become spaces.
    static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == " " || scalar.properties.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(scalar)
        }
        return String(out)
    }
}
