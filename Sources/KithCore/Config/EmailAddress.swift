/// The shape checks kith applies to mail addresses. Deliberately simple: it refuses what would
/// break a header or the SMTP envelope, and typos such as a missing `@`, not every odd address
/// RFC 5322 allows.
public enum EmailAddress {
    /// `name@example.org`: a local part and a domain of dot-separated labels.
    public static func isValid(_ address: String) -> Bool {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = address.utf8[..<at]
        let domain = address.utf8[address.utf8.index(after: at)...]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty, domain.count <= 253 else { return false }
        let forbiddenInLocal = Set("()<>[]:;,\\\"@ \t".utf8)
        guard !local.contains(where: { forbiddenInLocal.contains($0) || $0 < 0x20 || $0 == 0x7F }) else { return false }
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                return false
            }
            let ok = label.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                    || byte >= 0x80
            }
            guard ok else { return false }
        }
        return labels.count >= 2 || String(decoding: domain, as: UTF8.self).lowercased() == "localhost"
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
}
