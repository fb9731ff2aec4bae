import KithCore

/// The config file as text, with just enough structure found to edit it in place: where each
/// member of an object and each element of an array starts and ends, in bytes. Comments, white
/// space and trailing commas are read as `JSONReader` reads them, and never rewritten.
public struct ConfigText: Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// One member of an object: `"key": value`.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var keyStart: Int
        public var value: Range<Int>
    }

    /// What the text does not allow editing (it would not load either).
    public struct Malformed: Error, Sendable, Equatable {
        public var offset: Int
    }

    // MARK: - Scanning

    /// The first byte at or after `index` that is not white space or a comment.
    func skipTrivia(_ start: Int) -> Int {
        var index = start
        if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count,
                    !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/"))
                {
                    index += 1
                }
                index = min(bytes.count, index + 2)
            } else {
                break
            }
        }
        return index
    }

    /// The end (just past the closing quote) of the string starting at `start`.
    func stringEnd(_ start: Int) throws(Malformed) -> Int {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { throw Malformed(offset: start) }
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        throw Malformed(offset: start)
    }

    /// The end of the value starting at `start` (an object, array, string or literal).
    func valueEnd(_ start: Int) throws(Malformed) -> Int {
        guard start < bytes.count else { throw Malformed(offset: start) }
        switch bytes[start] {
        case UInt8(ascii: "\""): return try stringEnd(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                index = skipTrivia(index)
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "\""): index = try stringEnd(index)
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    index += 1
                    if depth == 0 { return index }
                default: index += 1
                }
            }
            throw Malformed(offset: start)
        default:
            var index = start
            while index < bytes.count, !",]} \t\r\n/".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw Malformed(offset: start) }
            return index
        }
    }

    /// The members of the object whose `{` is at `start`.
    public func members(ofObjectAt start: Int) throws(Malformed) -> [Member] {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { throw Malformed(offset: start) }
        var members: [Member] = []
        var index = skipTrivia(start + 1)
        while index < bytes.count, bytes[index] != UInt8(ascii: "}") {
            let keyEnd = try stringEnd(index)
            let key = ConfigText.decodeString(bytes[(index + 1)..<(keyEnd - 1)])
            var colon = skipTrivia(keyEnd)
            guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { throw Malformed(offset: colon) }
            colon += 1
            let valueStart = skipTrivia(colon)
            let end = try valueEnd(valueStart)
            members.append(Member(key: key, keyStart: index, value: valueStart..<end))
            index = skipTrivia(end)
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipTrivia(index + 1) }
        }
        guard index < bytes.count else { throw Malformed(offset: start) }
        return members
    }

    /// The elements of the array whose `[` is at `start`.
    public func elements(ofArrayAt start: Int) throws(Malformed) -> [Range<Int>] {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "[") else { throw Malformed(offset: start) }
        var elements: [Range<Int>] = []
        var index = skipTrivia(start + 1)
        while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
            let end = try valueEnd(index)
            elements.append(index..<end)
            index = skipTrivia(end)
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index = skipTrivia(index + 1) }
        }
        guard index < bytes.count else { throw Malformed(offset: start) }
        return elements
    }

    /// Where the top-level object starts.
    public func rootObject() throws(Malformed) -> Int {
        let start = skipTrivia(0)
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { throw Malformed(offset: start) }
        return start
    }

    // MARK: - Lines

    /// The start of the line holding `index`.
    func lineStart(_ index: Int) -> Int {
        var position = index
        while position > 0, bytes[position - 1] != 0x0A { position -= 1 }
        return position
    }

    /// The white space before `index` on its line, if only white space is there.
    func indentation(before index: Int) -> [UInt8]? {
        let start = lineStart(index)
        let prefix = bytes[start..<index]
        return prefix.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? Array(prefix) : nil
    }

    /// The end of the line holding `index` (the position of its line feed, or the end).
    func lineEnd(_ index: Int) -> Int {
        var position = index
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        return position
    }

    /// Whether only white space and a `//` comment follow `index` on its line.
    func restOfLineIsTrivia(_ index: Int) -> Bool {
        var position = index
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0D {
            position += 1
        }
        if position >= bytes.count || bytes[position] == 0x0A { return true }
        return position + 1 < bytes.count && bytes[position] == UInt8(ascii: "/")
            && bytes[position + 1] == UInt8(ascii: "/")
    }

    // MARK: - JSON strings

    /// The text of a JSON string's content (between the quotes), escapes undone.
    public static func decodeString(_ content: ArraySlice<UInt8>) -> String {
        guard content.contains(UInt8(ascii: "\\")) else { return String(decoding: content, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll()
        }
        var index = content.startIndex
        var pendingHigh: UInt32?
        while index < content.endIndex {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < content.endIndex else {
                utf8.append(byte)
                index += 1
                continue
            }
            flush()
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u") where index + 4 <= content.endIndex:
                let value = UInt32(String(decoding: content[index..<(index + 4)], as: UTF8.self), radix: 16) ?? 0xFFFD
                index += 4
                if (0xD800...0xDBFF).contains(value) {
                    pendingHigh = value
                    continue
                }
                if let high = pendingHigh, (0xDC00...0xDFFF).contains(value) {
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                    scalars.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                } else {
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                }
            default: scalars.append(Unicode.Scalar(escape))
            }
            pendingHigh = nil
        }
        flush()
        return String(scalars)
    }
}
