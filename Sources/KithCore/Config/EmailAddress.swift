/// The shape checks kith applies to mail addresses. Deliberately simple: it refuses what would
/// break a header or the SMTP envelope, and typos such as a missing `@`, not every odd address
/// RFC 5322 allows.
public enum EmailAddress {
    /// `name@example.org`: a local part and a domain of dot-separated labels.
    public static func isValid(_ address: String) -> Bool {
        let bytes = address.utf8.span
        guard let at = bytes.indices.last(where: { bytes[$0] == UInt8(ascii: "@") }) else { return false }
        let local = bytes.extracting(..<at)
        let domain = bytes.extracting((at + 1)...)
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty, domain.count <= 253 else { return false }
        guard !local.indices.contains(where: { isForbiddenInLocal(local[$0]) }) else { return false }
        guard local[0] != UInt8(ascii: "."), local[local.count - 1] != UInt8(ascii: ".") else { return false }
        // Dot-separated labels of letters, digits, hyphens (not at either end) or non-ASCII.
        var labels = 1
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for index in domain.indices {
            let byte = domain[index]
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                labelLength = 0
            } else {
                guard isDomainByte(byte), labelLength > 0 || byte != UInt8(ascii: "-") else { return false }
                labelLength += 1
            }
            previous = byte
        }
        guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
        return labels >= 2
            || address.utf8.suffix(domain.count).elementsEqual("localhost".utf8) { $0 | 0x20 == $1 }
    }

    /// Bytes a local part may not hold: specials, space and control characters.
    private static func isForbiddenInLocal(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ","),
            UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "@"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    /// The address in `Name <name@example.org>` or a bare `name@example.org`; nil if neither.
    public static func mailboxAddress(_ mailbox: String) -> String? {
        let trimmed = mailbox.trimmingSpaces()
        if let open = trimmed.lastIndex(of: "<") {
            guard trimmed.hasSuffix(">") else { return nil }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            return isValid(address) ? address : nil
        }
        return isValid(trimmed) ? trimmed : nil
    }

    /// The display name in `Name <name@example.org>`, without quotes; nil when there is none.
    public static func displayName(_ mailbox: String) -> String? {
        let trimmed = mailbox.trimmingSpaces()
        guard let open = trimmed.lastIndex(of: "<") else { return nil }
        var name = trimmed[..<open].description.trimmingSpaces()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
        }
        return name.isEmpty ? nil : name
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }

    /// Whether the string is nothing but spaces and tabs: `trimmingSpaces().isEmpty`, found
    /// without making a copy.
    package var isBlank: Bool {
        utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }
}
