import Foundation
import KithCore

/// vCard 2.1, 3.0 and 4.0 (RFC 2425/6350 and the 2.1 spec): folded lines, quoted-printable and
/// `CHARSET=` (2.1), escapes, several cards a file. Binary properties (photos, logos, sounds,
/// keys) are skipped line by line, never decoded.
enum VCard {
    struct Property {
        var name: String
        var parameters: [(name: String, value: String)]
        var value: String
        var line: Int

        func has(_ name: String, _ value: String? = nil) -> Bool {
            parameters.contains { parameter in
                if let value {
                    return parameter.name == name
                        && parameter.value.lowercased().split(separator: ",").contains { $0 == value.lowercased() }
                }
                return parameter.name == name || parameter.value.uppercased() == name
            }
        }

        func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
    }

    static let binary: Set<String> = ["PHOTO", "LOGO", "SOUND", "KEY"]

    static func read(_ text: String, file: String) throws(ImportError) -> ImportedFile {
        var contacts: [ImportedContact] = []
        var skipped: [SkippedRow] = []
        var card: [Property]?
        var cardLine = 0
        for property in try properties(text, file: file) {
            switch property.name {
            case "BEGIN" where property.value.uppercased() == "VCARD":
                if card != nil {
                    throw ImportError(
                        file: file, line: cardLine,
                        message: "a vCard that begins here has no END:VCARD before the next one")
                }
                card = []
                cardLine = property.line
            case "END" where property.value.uppercased() == "VCARD":
                guard let properties = card else {
                    throw ImportError(file: file, line: property.line, message: "END:VCARD without a BEGIN:VCARD")
                }
                switch contact(properties, line: cardLine) {
                case .success(let contact): contacts.append(contact)
                case .failure(let row): skipped.append(row)
                }
                card = nil
            default:
                card?.append(property)
            }
        }
        if card != nil {
            throw ImportError(
                file: file, line: cardLine,
                message: "the vCard that begins here has no END:VCARD; the file is cut short")
        }
        if contacts.isEmpty && skipped.isEmpty {
            throw ImportError(file: file, line: 1, message: "there is no BEGIN:VCARD in this file")
        }
        return ImportedFile(format: .vcard, contacts: contacts, skipped: skipped)
    }

    /// The file's properties, lines unfolded.
    static func properties(_ text: String, file: String) throws(ImportError) -> [Property] {
        var result: [Property] = []
        var current: (text: String, line: Int)?
        var skippingBinary = false
        var lineNumber = 0
        func finish() {
            guard let (logical, line) = current else { return }
            current = nil
            if let property = parse(logical, line: line) { result.append(property) }
        }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            // 2.1 quoted-printable: a line ending in "=" goes on with the next line as it is.
            if let open = current, open.text.hasSuffix("="), isQuotedPrintable(open.text) {
                current?.text = String(open.text.dropLast()) + "=\r\n" + line
                continue
            }
            if line.first == " " || line.first == "\t" {
                // A folded continuation (of a binary property: dropped as it comes).
                if skippingBinary { continue }
                current?.text += line.dropFirst()
                continue
            }
            finish()
            if line.isEmpty { continue }
            let name = line.prefix { $0 != ":" && $0 != ";" }.split(separator: ".").last.map { $0.uppercased() } ?? ""
            skippingBinary = binary.contains(name)
            if skippingBinary { continue }
            current = (String(line), lineNumber)
        }
        finish()
        return result
    }

    private static func isQuotedPrintable(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[..<colon].uppercased().contains("QUOTED-PRINTABLE")
    }

    /// `group.NAME;PARAM=value;PARAM:value`, its value decoded (quoted-printable, charset).
    static func parse(_ line: String, line number: Int) -> Property? {
        guard let colon = firstUnquotedColon(line) else { return nil }
        let head = line[..<colon]
        var raw = String(line[line.index(after: colon)...])
        var parts = head.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first else { return nil }
        parts.removeFirst()
        let name = (first.split(separator: ".").last.map(String.init) ?? first).uppercased()
        let parameters = parts.map { part -> (name: String, value: String) in
            if let equals = part.firstIndex(of: "=") {
                var value = String(part[part.index(after: equals)...])
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return (part[..<equals].uppercased(), value)
            }
            // 2.1: bare values such as `PREF`, `WORK`, `QUOTED-PRINTABLE`.
            return ("TYPE", part)
        }
        var property = Property(name: name, parameters: parameters, value: "", line: number)
        if property.has("ENCODING", "QUOTED-PRINTABLE") || property.has("QUOTED-PRINTABLE") {
            let bytes = decodeQuotedPrintable(raw)
            let charset = property.parameter("CHARSET") ?? "UTF-8"
            let encoding =
                String.Encoding(ianaName: charset) ?? (charset.lowercased() == "utf-8" ? .utf8 : .isoLatin1)
            raw = String(data: Data(bytes), encoding: encoding) ?? String(decoding: bytes, as: UTF8.self)
        }
        property.value = raw
        return property
    }

    private static func firstUnquotedColon(_ line: String) -> String.Index? {
        var quoted = false
        for index in line.indices {
            if line[index] == "\"" { quoted.toggle() }
            if line[index] == ":" && !quoted { return index }
        }
        return nil
    }

    static func decodeQuotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: return byte - 48
            case 65...70: return byte - 55
            case 97...102: return byte - 87
            default: return nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, bytes[index + 1] == 0x0D,
                bytes[index + 2] == 0x0A
            {
                index += 3
            } else if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, let high = hex(bytes[index + 1]),
                let low = hex(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// A text value with its escapes undone (`\,` `\;` `\n` `\\`).
    static func unescape(_ text: Substring) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The components of a structured value (`N`, `ORG`), split at unescaped `;`.
    static func components(_ text: String, separator: Character = ";") -> [String] {
        var parts: [String] = []
        var current = Substring()
        var start = text.startIndex
        var escaped = false
        for index in text.indices {
            if escaped {
                escaped = false
                continue
            }
            if text[index] == "\\" {
                escaped = true
            } else if text[index] == separator {
                current = text[start..<index]
                parts.append(unescape(current))
                start = text.index(after: index)
            }
        }
        parts.append(unescape(text[start...]))
        return parts
    }

    private static func contact(_ properties: [Property], line: Int) -> Result<ImportedContact, SkippedRow> {
        var name = properties.first { $0.name == "FN" }.map { unescape(Substring($0.value)) }?
            .trimmingCharacters(in: .whitespaces)
        if name?.isEmpty ?? true, let structured = properties.first(where: { $0.name == "N" }) {
            let parts = components(structured.value)
            func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
            // prefix given additional family suffix
            name = [part(3), part(1), part(2), part(0), part(4)].filter { !$0.isEmpty }.joined(separator: " ")
        }
        guard let name, !name.isEmpty else {
            return .failure(SkippedRow(line: line, reason: "a card with no name (FN or N)"))
        }
        var contact = ImportedContact(name: name, line: line)
        let emails = properties.filter { $0.name == "EMAIL" }
        let preferred = emails.filter { $0.has("PREF") || $0.has("TYPE", "pref") || $0.parameter("PREF") != nil }
        for email in preferred + emails.filter({ e in !preferred.contains { $0.line == e.line } }) {
            let address = unescape(Substring(email.value)).trimmingCharacters(in: .whitespaces)
            if !address.isEmpty, !contact.emails.contains(where: { $0.lowercased() == address.lowercased() }) {
                contact.emails.append(address)
            }
        }
        contact.phones = properties.filter { $0.name == "TEL" }.map {
            unescape(Substring($0.value)).replacingOccurrences(of: "tel:", with: "").trimmingCharacters(
                in: .whitespaces)
        }.filter { !$0.isEmpty }
        contact.nickname = properties.first { $0.name == "NICKNAME" }.flatMap {
            components($0.value, separator: ",").first?.trimmingCharacters(in: .whitespaces)
        }.flatMap { $0.isEmpty ? nil : $0 }
        if let bday = properties.first(where: { $0.name == "BDAY" }) {
            contact.birthday = birthday(bday.value)
        }
        let org = properties.first { $0.name == "ORG" }.map {
            components($0.value).filter { !$0.isEmpty }.joined(separator: ", ")
        }
        let title = properties.first { $0.name == "TITLE" }.map { unescape(Substring($0.value)) }
        switch (org?.isEmpty == false ? org : nil, title?.isEmpty == false ? title : nil) {
        case (let org?, let title?): contact.notes.append("\(title) at \(org)")
        case (let org?, nil): contact.notes.append(org)
        case (nil, let title?): contact.notes.append(title)
        default: break
        }
        for note in properties where note.name == "NOTE" {
            let text = unescape(Substring(note.value)).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { contact.notes.append(text) }
        }
        contact.categories = properties.filter { $0.name == "CATEGORIES" }.flatMap {
            components($0.value, separator: ",")
        }
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return .success(contact)
    }

    /// `1985-04-12`, `19850412`, `--0412`, `--04-12` (and a date-time, of which the date counts).
    static func birthday(_ text: String) -> Birthday? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if let t = value.firstIndex(of: "T") { value = String(value[..<t]) }
        let digits = value.filter(\.isNumber)
        if value.hasPrefix("--") {
            guard digits.count == 4, let month = Int(digits.prefix(2)), let day = Int(digits.suffix(2)) else {
                return nil
            }
            return valid(month, day, nil)
        }
        guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
            let day = Int(digits.suffix(2))
        else { return nil }
        return valid(month, day, year)
    }

    static func valid(_ month: Int, _ day: Int, _ year: Int?) -> Birthday? {
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day) else { return nil }
        return Birthday(month: month, day: day, year: year)
    }
}
