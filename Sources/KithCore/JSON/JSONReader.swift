import Glibc

/// A line and column in a text file, both counted from 1 (columns in bytes).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A syntax error in a JSON document, with where it was found.
public struct JSONSyntaxError: Error, Sendable {
    public let message: String
    public let position: SourcePosition
}

/// A pull parser over UTF-8 JSON that also accepts `//` and `/* */` comments and trailing
/// commas, as config files written by hand have.
///
/// It builds no tree: the caller asks for the value it expects next, which keeps decoding a
/// 30,000-person config fast and small.
package struct JSONReader {
    /// What kind of value comes next.
    package enum Kind: Sendable {
        case object, array, string, number, bool, null

        package var noun: String {
            switch self {
            case .object: return "an object"
            case .array: return "a list"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "true or false"
            case .null: return "null"
            }
        }
    }

    /// The document. The reader never outlives the buffer: it is only made inside
    /// `JSONReader.read(_:_:)`, which holds the array's storage for the reader's whole life.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var line = 1
    private var lineStart = 0
    /// The key sets of the objects being read, one a level, kept between objects so that a list
    /// of 30,000 objects does not allocate a set for each.
    private var keySets: [KeySet] = []

    /// Whether the last string read had escapes; only then can it hold control characters.
    package private(set) var lastStringHadEscapes = false

    /// Calls `body` with a reader over `bytes`.
    package static func read<T>(
        _ bytes: [UInt8], _ body: (inout JSONReader) throws(JSONSyntaxError) -> T
    ) throws(JSONSyntaxError) -> T {
        let invalid = firstInvalidUTF8(bytes)
        let result: Result<T, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            if let offset = invalid {
                return .failure(reader.invalidUTF8(at: offset))
            }
            do throws(JSONSyntaxError) {
                return .success(try body(&reader))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is allowed and skipped.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
    }

    /// Where the reader is now.
    package var position: SourcePosition {
        SourcePosition(line: line, column: index - lineStart + 1)
    }

    /// Where the next value starts, after white space and comments.
    package mutating func valuePosition() throws(JSONSyntaxError) -> SourcePosition {
        try skipSpace()
        return position
    }

    /// The kind of the next value, after skipping white space and comments.
    package mutating func peekKind() throws(JSONSyntaxError) -> Kind {
        try skipSpace()
        guard index < bytes.count else { throw error("the file ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "'"):
            throw error("strings must use double quotes (\"), not single quotes")
        default:
            throw error(
                "expected a value (a string, number, object, list, true, false or null), found \(describeHere())")
        }
    }

    /// Reads an object, calling `body` with each key; `body` must consume the key's value.
    /// - Parameter known: the keys expected here (a person's), matched on the document's bytes:
    ///   reading one makes no string, and `knownKey` says which it is.
    package mutating func readObject(
        known: KnownKeys? = nil,
        _ body: (inout JSONReader, String, SourcePosition) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "{"))
        try skipSpace()
        if try consume(UInt8(ascii: "}")) { return }
        let level = depth - 1
        while keySets.count <= level { keySets.append(KeySet()) }
        var keys = KeySet()
        swap(&keys, &keySets[level])
        keys.removeAll()
        defer { swap(&keys, &keySets[level]) }
        while true {
            try skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a key in double quotes, found \(describeHere())")
            }
            let keyPosition = position
            let key: String
            if let known, let found = readKnownKey(known) {
                key = known.keys[found]
                knownKey = found
            } else {
                key = try readStringLiteral()
                knownKey = known?.keys.firstIndex(of: key)
            }
            let firstPosition =
                if let knownKey { keys.insertKnown(knownKey, at: keyPosition) } else {
                    keys.insert(key, at: keyPosition)
                }
            if let first = firstPosition {
                throw JSONSyntaxError(
                    message:
                        "the key \(UserText.quoted(key)) appears twice in this object (first at line \(first.line), column \(first.column)); keep one",
                    position: keyPosition)
            }
            try skipSpace()
            guard try consume(UInt8(ascii: ":")) else {
                throw error("expected ':' after the key \"\(key)\", found \(describeHere())")
            }
            try body(&self, key, keyPosition)
            try skipSpace()
            if try consume(UInt8(ascii: ",")) {
                try skipSpace()
                if try consume(UInt8(ascii: "}")) { return }
                continue
            }
            if try consume(UInt8(ascii: "}")) { return }
            throw error("expected ',' or '}' after the value of \"\(key)\", found \(describeHere())")
        }
    }

    /// The keys an object is expected to hold, with their UTF-8 to match the document's bytes.
    package struct KnownKeys: Sendable {
        package let keys: [String]
        fileprivate let utf8: [[UInt8]]

        package init(_ keys: [String]) {
            precondition(keys.count <= 64, "a key set tracks known keys in 64 bits")
            self.keys = keys
            self.utf8 = keys.map { Array($0.utf8) }
        }
    }

    /// Which of `readObject`'s known keys the key just handed to its body is, if it is one.
    package private(set) var knownKey: Int?

    /// At a key's opening quote: its index in `known` when it is one of them written without
    /// escapes, with the reader moved past its closing quote; else nil, with the reader unmoved.
    private mutating func readKnownKey(_ known: KnownKeys) -> Int? {
        let start = index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let length = end - start
        guard
            let found = known.utf8.firstIndex(where: { key in
                key.count == length && key.elementsEqual(bytes[start..<end])
            })
        else {
            return nil
        }
        index = end + 1
        return found
    }

    /// Reads a list, calling `body` with each element's index; `body` must consume the element.
    package mutating func readArray(
        _ body: (inout JSONReader, Int) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try enter()
        defer { depth -= 1 }
        try expect(UInt8(ascii: "["))
        try skipSpace()
        if try consume(UInt8(ascii: "]")) { return }
        var count = 0
        while true {
            try body(&self, count)
            count += 1
            try skipSpace()
            if try consume(UInt8(ascii: ",")) {
                try skipSpace()
                if try consume(UInt8(ascii: "]")) { return }
                continue
            }
            if try consume(UInt8(ascii: "]")) { return }
            throw error("expected ',' or ']' in the list, found \(describeHere())")
        }
    }

    package mutating func readString() throws(JSONSyntaxError) -> String {
        try skipSpace()
        return try readStringLiteral()
    }

    package mutating func readNumber() throws(JSONSyntaxError) -> Double {
        try skipSpace()
        let start = index
        let startPosition = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard index > digitsStart, let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(message: "\"\(text)\" is not a number", position: startPosition)
        }
        return value
    }

    package mutating func readBool() throws(JSONSyntaxError) -> Bool {
        try skipSpace()
        if matchWord("true") { return true }
        if matchWord("false") { return false }
        throw error("expected true or false, found \(describeHere())")
    }

    package mutating func readNull() throws(JSONSyntaxError) {
        try skipSpace()
        guard matchWord("null") else { throw error("expected null, found \(describeHere())") }
    }

    /// Reads and discards the next value, whatever it is (still checking its syntax).
    package mutating func skipValue() throws(JSONSyntaxError) {
        switch try peekKind() {
        case .object: try readObject { reader, _, _ throws(JSONSyntaxError) in try reader.skipValue() }
        case .array: try readArray { reader, _ throws(JSONSyntaxError) in try reader.skipValue() }
        case .string: _ = try readStringLiteral()
        case .number: _ = try readNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        }
    }

    /// Checks that nothing but white space and comments follows the document.
    package mutating func finish() throws(JSONSyntaxError) {
        try skipSpace()
        guard index >= bytes.count else {
            throw error("unexpected \(describeHere()) after the end of the document")
        }
    }

    /// How deeply objects and lists may nest; a config needs 4 levels, and a limit keeps a
    /// malformed file from exhausting the stack.
    static let maximumDepth = 64

    private mutating func enter() throws(JSONSyntaxError) {
        guard depth < JSONReader.maximumDepth else {
            throw error("objects and lists are nested more than \(JSONReader.maximumDepth) levels deep")
        }
        depth += 1
    }

    /// The keys of one object so far: known keys (`KnownKeys`) one bit each; others in a short
    /// list for the usual handful, a table past that.
    private struct KeySet {
        private var few: [(String, SourcePosition)] = []
        private var many: [String: SourcePosition]?
        private var knownSeen: UInt64 = 0
        private var knownPositions: [SourcePosition] = []

        /// Empties the set, keeping its storage for the next object.
        mutating func removeAll() {
            few.removeAll(keepingCapacity: true)
            many = nil
            knownSeen = 0
        }

        /// Adds the known key at `index`; returns where it was first seen if it is there already.
        mutating func insertKnown(_ index: Int, at position: SourcePosition) -> SourcePosition? {
            let bit: UInt64 = 1 << UInt64(index)
            if knownSeen & bit != 0 { return knownPositions[index] }
            knownSeen |= bit
            while knownPositions.count <= index { knownPositions.append(position) }
            knownPositions[index] = position
            return nil
        }

        /// Adds `key`; returns where it was first seen if it is there already.
        mutating func insert(_ key: String, at position: SourcePosition) -> SourcePosition? {
            if many == nil {
                if let found = few.first(where: { $0.0 == key }) { return found.1 }
                few.append((key, position))
                if few.count > 16 {
                    many = Dictionary(few, uniquingKeysWith: { first, _ in first })
                    few = []
                }
                return nil
            }
            if let first = many![key] { return first }
            many![key] = position
            return nil
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        do {
            _ = try UTF8Span(validating: bytes.span)
            return nil
        } catch {
            return error.byteOffsets.lowerBound
        }
    }

    /// The error for an invalid byte at `offset`, with its line and column.
    private func invalidUTF8(at offset: Int) -> JSONSyntaxError {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(
            message:
                "the file is not valid UTF-8: \(hexByte(bytes[offset])) at byte offset \(offset) does not start a valid character; save the file as UTF-8",
            position: SourcePosition(line: line, column: offset - lineStart + 1))
    }

    // MARK: - Lexing

    @inline(__always)
    private mutating func skipSpace() throws(JSONSyntaxError) {
        // Most calls find a token at once (the reader skips before every value and mark).
        if index < bytes.count, bytes[index] > UInt8(ascii: " "), bytes[index] != UInt8(ascii: "/") { return }
        try skipSpaceAndComments()
    }

    private mutating func skipSpaceAndComments() throws(JSONSyntaxError) {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = position
                index += 2
                while true {
                    guard index + 1 < bytes.count else {
                        throw JSONSyntaxError(message: "this comment is never closed with */", position: start)
                    }
                    if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    if bytes[index] == UInt8(ascii: "\n") {
                        line += 1
                        lineStart = index + 1
                    }
                    index += 1
                }
            default:
                return
            }
        }
    }

    private mutating func readStringLiteral() throws(JSONSyntaxError) -> String {
        let start = position
        try expect(UInt8(ascii: "\""))
        let contentStart = index
        lastStringHadEscapes = false
        // Most strings have no escapes: their bytes are taken as they are.
        let bytes = self.bytes
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20
        {
            end += 1
        }
        index = end
        if index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[contentStart..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte < 0x20 { throw controlCharacterError(byte, stringStart: start) }
        }
        lastStringHadEscapes = true
        var buffer = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("a \\u escape starts a surrogate pair that is not completed") }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw error("a \\u escape starts a surrogate pair that is not completed")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw error("\\u escape names no Unicode character")
                    }
                    buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    index -= 2
                    throw error("\\\(Character(Unicode.Scalar(escape))) is not a JSON escape")
                }
            default:
                if byte < 0x20 { throw controlCharacterError(byte, stringStart: start) }
                buffer.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(message: "this string is never closed with a double quote", position: start)
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("\\u must be followed by four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("\\u must be followed by four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func controlCharacterError(_ byte: UInt8, stringStart: SourcePosition) -> JSONSyntaxError {
        if byte == UInt8(ascii: "\n") {
            return JSONSyntaxError(
                message: "this string is never closed on its line (write a line break as \\n)",
                position: stringStart)
        }
        return error("a string contains a raw control character; write it as an escape such as \\t")
    }

    private func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
            UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private mutating func matchWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { return false }
        index += count
        return true
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard index < bytes.count, bytes[index] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))', found \(describeHere())")
        }
        index += 1
    }

    private mutating func consume(_ byte: UInt8) throws(JSONSyntaxError) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func describeHere() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return hexByte(byte)
    }

    private func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "the byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, position: position)
    }
}
