import Foundation

/// The header fields of a message, read leniently as mail in a real mailbox needs: folded lines
/// joined, names compared ignoring case, RFC 2047 encoded words decoded where text is wanted.
public struct MailHeaders: Sendable {
    private var fields: [(name: String, value: String)] = []

    public init(_ bytes: [UInt8]) {
        // Bytes that are not UTF-8 (8-bit Latin-1 headers) are kept as replacement characters:
        // addresses, dates and ids are ASCII anyway.
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(line)
            if line.last == "\r" { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append(
                    (
                        String(line[..<colon]).lowercased(),
                        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    ))
            }
        }
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return fields.filter { $0.name == key }.map(\.value)
    }

    /// The first value of the field `name`.
    public func value(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name == key }?.value
    }

    /// The addresses in To, Cc and Bcc (or the fields named), lowercased, display names ignored.
    public func addresses(in names: [String] = ["to", "cc", "bcc"]) -> [String] {
        names.flatMap { values($0) }.flatMap(MailHeaders.addresses(in:))
    }

    /// Whether the message is mailing-list traffic (`List-Id`, or `Precedence: bulk` or `list`).
    public var isListTraffic: Bool {
        if value("list-id") != nil { return true }
        let precedence = value("precedence")?.lowercased() ?? ""
        return precedence == "bulk" || precedence == "list" || precedence == "junk"
    }

    /// The addr-specs of an address list (RFC 5322), lowercased: `Ada <ada@x.org>, "King, A"
    /// <a@y.org>, group: b@z.org;` gives three. Quoted strings and comments are skipped.
    public static func addresses(in value: String) -> [String] {
        var result: [String] = []
        var bare = ""
        var inAngle: String?
        var taken: String?
        var inQuotes = false
        var commentDepth = 0
        var escaped = false
        func finish() {
            let candidate = (taken ?? bare).trimmingCharacters(in: .whitespaces)
            // A route (`@a,@b:c@d`) keeps only what follows its colon.
            let address = candidate.split(separator: ":").last.map(String.init) ?? candidate
            if address.contains("@"), !address.contains(" "), !result.contains(address.lowercased()) {
                result.append(address.lowercased())
            }
            bare = ""
            taken = nil
        }
        for character in value {
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" && (inQuotes || commentDepth > 0) {
                escaped = true
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 } else if character == ")" { commentDepth -= 1 }
                continue
            }
            if inAngle != nil {
                if character == ">" {
                    taken = inAngle
                    inAngle = nil
                } else {
                    inAngle! += String(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "(": commentDepth = 1
            case "<": inAngle = ""
            case ",", ";": finish()
            case ":": bare = ""  // what came before was a group's name
            default: bare += String(character)
            }
        }
        finish()
        return result
    }

    /// The `<…>` message ids in an In-Reply-To or References value, as written.
    public static func messageIDs(in value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            ids.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }
}
