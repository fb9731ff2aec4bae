import Foundation

/// Reading what an IMAP server said (RFC 3501): the untagged responses kith asks for, from the
/// raw bytes of a session, literals included. Pure, so it is tested without a server.
public enum IMAPResponse {
    /// One message's fetched header fields.
    public struct Fetched: Sendable, Equatable {
        public var uid: Int
        /// `INTERNALDATE`, as the server wrote it (`23-Nov-2026 07:30:00 +0100`).
        public var internalDate: String?
        /// The header fields, as the message has them.
        public var header: [UInt8]
    }

    /// The untagged responses in `bytes`, each with its literals inlined: `(text, literals)`.
    static func responses(_ bytes: [UInt8]) -> [(line: [UInt8], literals: [[UInt8]])] {
        var result: [(line: [UInt8], literals: [[UInt8]])] = []
        var index = 0
        while index < bytes.count {
            var line: [UInt8] = []
            var literals: [[UInt8]] = []
            // A response is a line, and where it ends in {n}, n bytes and more of the line.
            while index < bytes.count {
                guard let end = firstCRLF(bytes, from: index) else {
                    line += bytes[index...]
                    index = bytes.count
                    break
                }
                let part = Array(bytes[index..<end])
                index = end + 2
                line += part
                guard let count = literalLength(part), index + count <= bytes.count else { break }
                literals.append(Array(bytes[index..<(index + count)]))
                index += count
            }
            if line.first == UInt8(ascii: "*") { result.append((line, literals)) }
        }
        return result
    }

    private static func firstCRLF(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// `n` when `part` ends in `{n}` (or `{n+}`).
    private static func literalLength(_ part: [UInt8]) -> Int? {
        guard part.last == UInt8(ascii: "}"), let open = part.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = part[(open + 1)..<(part.count - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The messages of `UID FETCH … (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (…)])` responses.
    public static func fetched(_ bytes: [UInt8]) -> [Fetched] {
        responses(bytes).compactMap { response in
            let text = String(decoding: response.line, as: UTF8.self)
            guard text.contains(" FETCH ("), let uid = number(after: "UID ", in: text) else { return nil }
            var date: String?
            if let range = text.range(of: "INTERNALDATE \"") {
                let rest = text[range.upperBound...]
                date = rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            return Fetched(uid: uid, internalDate: date, header: response.literals.first ?? [])
        }
    }

    /// The numbers of `* SEARCH` responses.
    public static func searched(_ bytes: [UInt8]) -> [Int] {
        responses(bytes).flatMap { response -> [Int] in
            let text = String(decoding: response.line, as: UTF8.self)
            guard text.hasPrefix("* SEARCH") else { return [] }
            return text.dropFirst("* SEARCH".count).split(separator: " ").compactMap { Int($0) }
        }
    }

    /// A response code's number, such as `* OK [UIDVALIDITY 1796056202]`.
    public static func code(_ name: String, in bytes: [UInt8]) -> Int? {
        for response in responses(bytes) {
            let text = String(decoding: response.line, as: UTF8.self)
            if let value = number(after: "[\(name) ", in: text) { return value }
        }
        return nil
    }

    /// The mailbox a `LIST` response marks `\Sent` (RFC 6154), if one does.
    public static func sentFolder(_ bytes: [UInt8]) -> String? {
        for response in responses(bytes) {
            let text = String(decoding: response.line, as: UTF8.self)
            guard text.hasPrefix("* LIST ("), let close = text.firstIndex(of: ")") else { continue }
            let attributes = text[text.index(text.startIndex, offsetBy: 8)..<close].lowercased()
            guard attributes.split(separator: " ").contains("\\sent") else { continue }
            // After the attributes: the delimiter, then the name (quoted, a literal, or an atom).
            if let literal = response.literals.last { return String(decoding: literal, as: UTF8.self) }
            let rest = text[text.index(after: close)...].trimmingCharacters(in: .whitespaces)
            guard let space = rest.firstIndex(of: " ") else { continue }
            var name = rest[rest.index(after: space)...].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            return name
        }
        return nil
    }

    private static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// A mailbox name as an IMAP quoted string.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
