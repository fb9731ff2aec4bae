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
/// 100k-person config fast and small.
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
    /// of 100,000 objects does not allocate a set for each.
    private var keySets: [KeySet] = []

    /// Which of `readObject`'s known keys the key just handed to its body is, if it is one.
    package private(set) var knownKey: Int?

    /// Whether the last string read had escapes; only then can it hold control characters.
    package private(set) var lastStringHadEscapes = false

    /// Calls `body` with a reader over `bytes`.
    package static func read<T>(
        _ bytes: [UInt8], _ body: (inout JSONReader) throws(JSONSyntaxError) -> T
    ) throws(JSONSyntaxError) -> T {
        let result: Result<T, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            if let offset = firstInvalidUTF8(buffer) {
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

    /// The keys an object is expected to hold (a person's, say), matched on their bytes as they
    /// are read, so that a known key makes no new string: the list's own is handed on.
    package struct KnownKeys: Sendable {
        package let keys: [String]
        /// Each key's length and first eight bytes (zero-padded), compared before the rest.
        private let heads: [(count: Int, head: UInt64)]
        private let utf8: [[UInt8]]

        package init(_ keys: [String]) {
            precondition(keys.count <= 64, "duplicates of known keys are tracked in 64 bits")
            self.keys = keys
            self.utf8 = keys.map { Array($0.utf8) }
            self.heads = utf8.map { bytes in bytes.withUnsafeBufferPointer { (bytes.count, KnownKeys.head($0)) } }
        }

        /// The first eight bytes, zero-padded, as one number.
        private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var head: UInt64 = 0
            for (offset, byte) in bytes.prefix(8).enumerated() { head |= UInt64(byte) << (8 * UInt64(offset)) }
            return head
        }

        /// - Parameter head: `head(key)`, when the caller has it.
        func index(of key: UnsafeBufferPointer<UInt8>, head: UInt64? = nil) -> Int? {
            let head = head ?? KnownKeys.head(key)
            for (index, candidate) in heads.enumerated() where candidate.count == key.count && candidate.head == head {
                if key.count <= 8
                    || utf8[index].withUnsafeBufferPointer({
                        memcmp($0.baseAddress! + 8, key.baseAddress! + 8, key.count - 8) == 0
                    })
                {
                    return index
                }
            }
            return nil
        }

        func index(of key: String) -> Int? {
            keys.firstIndex(of: key)
        }
    }

    /// Reads an object, calling `body` with each key; `body` must consume the key's value.
    /// - Parameter known: keys expected here, read without making strings (see `KnownKeys`).
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
            let firstPosition: SourcePosition?
            var knownKey: Int?
            if let known, let found = readKnownKey(known) {
                key = known.keys[found]
                knownKey = found
                firstPosition = keys.insertKnown(found, at: keyPosition)
            } else {
                key = try readStringLiteral()
                if let known, let found = known.index(of: key) {
                    // A known key written with escapes is still the same key.
                    knownKey = found
                    firstPosition = keys.insertKnown(found, at: keyPosition)
                } else {
                    firstPosition = keys.insert(key, at: keyPosition)
                }
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
            self.knownKey = knownKey
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

    /// At a key's opening quote: the key's index in `known` when it is one of them written
    /// without escapes, with the reader moved past its closing quote; else nil, reader unmoved.
    private mutating func readKnownKey(_ known: KnownKeys) -> Int? {
        guard let content = plainStringContent() else { return nil }
        // The first eight bytes in one load where the document goes on that far (the key is
        // followed at least by its quote and a value), masked to the key's length.
        var head: UInt64?
        if content.lowerBound + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + content.lowerBound).loadUnaligned(as: UInt64.self)
            head = content.count >= 8 ? word : word & ((1 << (8 * UInt64(content.count))) - 1)
        }
        guard let found = known.index(of: UnsafeBufferPointer(rebasing: bytes[content]), head: head) else {
            return nil
        }
        index = content.upperBound + 1
        return found
    }

    /// At a string's opening quote: where its text is, when it is written without escapes (and
    /// so without control characters); nil otherwise. The reader does not move.
    private func plainStringContent() -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let end = ByteSearch.next(
            in: bytes, from: index + 1, flags: JSONReader.stringStops, matches: JSONReader.isStringStop)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        return (index + 1)..<end
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

    /// The next value, when it is a string written without escapes that `parse` takes (a
    /// date, say), read without making a `String`; else nil, with the reader unmoved.
    package mutating func readPlainString<T>(
        _ parse: (UnsafeBufferPointer<UInt8>) -> T?
    ) throws(JSONSyntaxError) -> T? {
        try skipSpace()
        guard let content = plainStringContent(), let value = parse(UnsafeBufferPointer(rebasing: bytes[content]))
        else {
            return nil
        }
        index = content.upperBound + 1
        lastStringHadEscapes = false
        return value
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

    /// A place in the document a copy of the reader can start from (`readElements`).
    package struct Mark: Sendable {
        fileprivate let index: Int
        fileprivate let line: Int
        fileprivate let lineStart: Int
    }

    /// What a byte scan of a list found: its element count, where every `stride`th element
    /// starts (so that parts of a long list can be read on several threads) and its closing `]`.
    package struct ListScan: Sendable {
        package let count: Int
        package let stride: Int
        /// Where elements 0, `stride`, 2 × `stride` ... start (just after the `[` or comma before).
        package let starts: [Mark]
        package let end: Mark
    }

    /// The list that starts here, scanned without reading a value or moving the reader. Nil
    /// when the list is not well formed enough to scan (reading it says where).
    package func scanList(markingEvery stride: Int) -> ListScan? {
        precondition(stride > 0)
        var i = index
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        let base = bytes.baseAddress!
        let end = bytes.count
        var line = self.line
        var lineStart = self.lineStart
        var starts = [Mark(index: i + 1, line: line, lineStart: lineStart)]
        var depth = 0
        var count = 0
        // Elements to go before the next mark.
        var untilMark = stride
        var sawValue = false
        let classes = JSONReader.scanClasses
        while i < end {
            switch classes[Int(base[i])] {
            case .other:
                sawValue = true
            case .space:
                break
            case .quote:
                // To the closing quote, past escapes, eight bytes at a time.
                i += 1
                while true {
                    i = ByteSearch.next(
                        in: bytes, from: i, flags: JSONReader.quotesOrBackslashes,
                        matches: JSONReader.isQuoteOrBackslash)
                    guard i < end else { return nil }
                    if base[i] == UInt8(ascii: "\"") { break }
                    i += 2  // a backslash and the byte it escapes
                }
                sawValue = true
            case .newline:
                line += 1
                lineStart = i + 1
            case .slash:
                if i + 1 < end && base[i + 1] == UInt8(ascii: "/") {
                    // To the end of the line; the line break is counted on the next turn.
                    while i + 1 < end, base[i + 1] != UInt8(ascii: "\n") { i += 1 }
                } else if i + 1 < end && base[i + 1] == UInt8(ascii: "*") {
                    i += 2
                    while i + 1 < end, !(base[i] == UInt8(ascii: "*") && base[i + 1] == UInt8(ascii: "/")) {
                        if base[i] == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = i + 1
                        }
                        i += 1
                    }
                    i += 1
                } else {
                    sawValue = true
                }
            case .open:
                depth += 1
                if depth > 1 { sawValue = true }
            case .close:
                depth -= 1
                if depth == 0 {
                    if sawValue { count += 1 }
                    return ListScan(
                        count: count, stride: stride, starts: starts,
                        end: Mark(index: i, line: line, lineStart: lineStart))
                }
            case .comma:
                if depth == 1 {
                    if sawValue {
                        count += 1
                        untilMark -= 1
                        if untilMark == 0 {
                            starts.append(Mark(index: i + 1, line: line, lineStart: lineStart))
                            untilMark = stride
                        }
                    }
                    sawValue = false
                }
            }
            i += 1
        }
        return nil
    }

    /// What a byte is to `scanList`, looked up rather than tested case by case.
    private enum ScanClass: UInt8 {
        case other, space, quote, newline, slash, open, close, comma
    }

    private static let scanClasses: [ScanClass] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ":"): return .space
        case UInt8(ascii: "\""): return .quote
        case UInt8(ascii: "\n"): return .newline
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "["), UInt8(ascii: "{"): return .open
        case UInt8(ascii: "]"), UInt8(ascii: "}"): return .close
        case UInt8(ascii: ","): return .comma
        default: return .other
        }
    }

    /// Where a string's text may end: a quote or a backslash (as flags on eight bytes, and as a
    /// test of one; see `ByteSearch`).
    @inline(__always)
    static func quotesOrBackslashes(_ word: UInt64) -> UInt64 {
        ByteSearch.equal(word, UInt8(ascii: "\"")) | ByteSearch.equal(word, UInt8(ascii: "\\"))
    }

    @inline(__always)
    static func isQuoteOrBackslash(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Where the plain run of a string's text ends: a quote, a backslash or a control character.
    @inline(__always)
    static func stringStops(_ word: UInt64) -> UInt64 {
        quotesOrBackslashes(word) | ByteSearch.below(word, 0x20)
    }

    @inline(__always)
    static func isStringStop(_ byte: UInt8) -> Bool {
        isQuoteOrBackslash(byte) || byte < 0x20
    }

    /// Reads elements `range` of the list `scan` found here, on a copy of this reader that starts
    /// at the first one's mark (the reader itself does not move), calling `body` with each
    /// element's index. Returns false when the commas are not where the scan put them (reading
    /// the whole list in one piece then says what is wrong).
    package func readElements(
        _ range: Range<Int>, of scan: ListScan,
        _ body: (inout JSONReader, Int) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) -> Bool {
        precondition(range.lowerBound % scan.stride == 0 && range.upperBound <= scan.count)
        guard !range.isEmpty else { return true }
        var r = self
        r.move(to: scan.starts[range.lowerBound / scan.stride])
        try r.enter()
        for element in range {
            try r.skipSpace()
            try body(&r, element)
            try r.skipSpace()
            if element + 1 == scan.count {
                // The list's last element: a trailing comma may follow, then the `]`.
                if try r.consume(UInt8(ascii: ",")) { try r.skipSpace() }
                // The scan ends a list at a `}` too (`[1}`), for the reader to refuse.
                return r.index == scan.end.index && bytes[r.index] == UInt8(ascii: "]")
            }
            guard try r.consume(UInt8(ascii: ",")) else { return false }
        }
        // Just past the comma before the next part's first element, where the scan marked it.
        return r.index == scan.starts[range.upperBound / scan.stride].index
    }

    /// Moves past the list `scan` found here, once its elements were read with `readElements`.
    package mutating func skipList(_ scan: ListScan) {
        move(to: scan.end)
        index += 1
    }

    private mutating func move(to mark: Mark) {
        index = mark.index
        line = mark.line
        lineStart = mark.lineStart
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

    /// The keys of one object so far: a short list for the usual handful, a table past that.
    private struct KeySet {
        private var few: [(String, SourcePosition)] = []
        private var many: [String: SourcePosition]?

        /// Known keys (`KnownKeys`) seen, one bit each, and where each was first seen.
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
            if knownPositions.count <= index {
                knownPositions.append(contentsOf: repeatElement(position, count: index + 1 - knownPositions.count))
            }
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
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time: most of a config is ASCII.
            while index + 8 <= count,
                UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F  // no surrogates
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
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
        // Fast path: no escapes. Eight bytes at a time to the first quote, backslash or control;
        // from a backslash (or the end of the file) on, the way below.
        index = ByteSearch.next(in: bytes, from: index, flags: JSONReader.stringStops, matches: JSONReader.isStringStop)
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
