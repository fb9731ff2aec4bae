import Foundation
import KithCore

/// Google Contacts and LinkedIn `Connections.csv` exports: RFC 4180 CSV (quoted fields with
/// commas, quotes and line breaks), read by their header.
enum ContactsCSV {
    /// The records of a CSV text, each with the line it starts on.
    static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else if scalar == "\r" {
                    // A CRLF inside a quoted field is one line break.
                    let following = next()
                    if following == "\n" {
                        field.unicodeScalars.append("\n")
                        line += 1
                    } else {
                        field.unicodeScalars.append("\r")
                        pending = following
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    static func read(_ text: String, file: String, format: AddressBookFormat) throws(ImportError) -> ImportedFile {
        let all = records(text)
        // LinkedIn puts a "Notes:" preamble before the header: the header is the first record
        // that names the columns kith needs.
        guard
            let headerIndex = all.firstIndex(where: { record in
                let names = Set(record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                switch format {
                case .linkedin: return names.contains("first name") && names.contains("last name")
                case .google:
                    return names.contains("given name") || names.contains("first name") || names.contains("name")
                case .vcard: return false
                }
            })
        else {
            throw ImportError(
                file: file, line: all.first?.line ?? 1,
                message: format == .linkedin
                    ? "no header line with \"First Name\" and \"Last Name\": this is not a LinkedIn Connections.csv"
                    : "no header line with \"Given Name\" or \"First Name\": this is not a Google Contacts CSV")
        }
        let header = all[headerIndex].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() where column[name] == nil { column[name] = index }
        var contacts: [ImportedContact] = []
        var skipped: [SkippedRow] = []
        for record in all[(headerIndex + 1)...] {
            func value(_ name: String) -> String {
                guard let index = column[name], index < record.fields.count else { return "" }
                return record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let contact: ImportedContact?
            switch format {
            case .linkedin: contact = linkedIn(value, line: record.line)
            default: contact = google(value, header: header, fields: record.fields, line: record.line)
            }
            if let contact {
                contacts.append(contact)
            } else {
                skipped.append(SkippedRow(line: record.line, reason: "a row with no name"))
            }
        }
        return ImportedFile(format: format, contacts: contacts, skipped: skipped)
    }

    private static func linkedIn(_ value: (String) -> String, line: Int) -> ImportedContact? {
        let name = [value("first name"), value("last name")].filter { !$0.isEmpty }.joined(separator: " ")
        guard !name.isEmpty else { return nil }
        var contact = ImportedContact(name: name, line: line)
        let email = value("email address")
        if !email.isEmpty { contact.emails = [email] }
        switch (value("position"), value("company")) {
        case ("", ""): break
        case (let position, ""): contact.notes = [position]
        case ("", let company): contact.notes = [company]
        case (let position, let company): contact.notes = ["\(position) at \(company)"]
        }
        contact.firstSeen = connectedOn(value("connected on"))
        return contact
    }

    /// `12 Mar 2021` (LinkedIn's Connected On); also `12-Mar-21` and ISO dates.
    static func connectedOn(_ text: String) -> LocalDate? {
        if let iso = LocalDate(iso: text) { return iso }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" })
        guard parts.count == 3, let day = Int(parts[0]), var year = Int(parts[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: String(parts[1].prefix(3)).lowercased()) else { return nil }
        if year < 100 { year += 2000 }
        return LocalDate(year: year, month: month + 1, day: day)
    }

    private static func google(_ value: (String) -> String, header: [String], fields: [String], line: Int)
        -> ImportedContact?
    {
        var name = value("name")
        if name.isEmpty {
            name = [
                value("name prefix"), value("given name"), value("first name"), value("additional name"),
                value("middle name"), value("family name"), value("last name"), value("name suffix"),
            ].filter { !$0.isEmpty }.joined(separator: " ")
        }
        guard !name.isEmpty else { return nil }
        var contact = ImportedContact(name: name, line: line)
        func values(matching suffix: String, prefix: String) -> [String] {
            header.indices.filter { header[$0].hasPrefix(prefix) && header[$0].hasSuffix(suffix) && $0 < fields.count }
                .flatMap { fields[$0].components(separatedBy: ":::") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        for address in values(matching: " - value", prefix: "e-mail ")
        where !contact.emails.contains(where: { $0.lowercased() == address.lowercased() }) {
            contact.emails.append(address)
        }
        contact.phones = values(matching: " - value", prefix: "phone ")
        let nickname = value("nickname")
        contact.nickname = nickname.isEmpty ? nil : nickname
        let birthday = value("birthday")
        if !birthday.isEmpty { contact.birthday = VCard.birthday(birthday) }
        let organization = [value("organization 1 - name"), value("organization name")].first { !$0.isEmpty }
        let title = [value("organization 1 - title"), value("organization title")].first { !$0.isEmpty }
        switch (organization, title) {
        case (let org?, let title?): contact.notes.append("\(title) at \(org)")
        case (let org?, nil): contact.notes.append(org)
        case (nil, let title?): contact.notes.append(title)
        default: break
        }
        let notes = value("notes")
        if !notes.isEmpty { contact.notes.append(notes) }
        let labels = [value("labels"), value("group membership")].first { !$0.isEmpty } ?? ""
        contact.categories = labels.components(separatedBy: ":::").map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "* ", with: "")
        }.filter { !$0.isEmpty && $0.lowercased() != "mycontacts" && $0.lowercased() != "starred" }
        return contact
    }
}
