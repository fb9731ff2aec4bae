/// Text written as a JSON string, one way everywhere (`kith due --json`, `kith people --json`,
/// and values written into the config): quotes, backslashes and control characters escaped, and
/// U+2028/U+2029 too (JavaScript reads those as line breaks); everything else as it is (UTF-8).
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    public static func append(_ text: String, to out: inout String) {
        var sink = ArraySink(bytes: [])
        append(text, to: &sink)
        out += String(decoding: sink.bytes, as: UTF8.self)
    }

    /// `text` quoted and escaped, as UTF-8 bytes, into any sink: the one place the rules are
    /// written.
    static func append<Sink: JSONSink>(_ text: String, to out: inout Sink) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs that need no escape (most names and sentences are one run) are copied whole.
            var runStart = 0
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time to the next one that may need an escape.
                index = ByteSearch.next(
                    in: bytes, from: index, flags: JSONText.escapeCandidates, matches: JSONText.isEscapeCandidate)
                guard index < bytes.count else { break }
                let byte = bytes[index]
                let escape: String?
                var length = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20, 0x7F: escape = unicodeEscape(UInt32(byte))
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                    length = 3
                default: escape = nil
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    var escape = escape
                    escape.withUTF8 { out.append(contentsOf: $0) }
                    index += length
                    runStart = index
                } else {
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The bytes `append` must look at one by one: control characters, `"`, `\\`, DEL and any
    /// byte not ASCII (which might start U+2028 or U+2029); as flags on eight bytes, and as a
    /// test of one (see `ByteSearch`).
    @inline(__always)
    static func escapeCandidates(_ word: UInt64) -> UInt64 {
        ByteSearch.nonASCII(word) | ByteSearch.below(word, 0x20) | ByteSearch.equal(word, UInt8(ascii: "\""))
            | ByteSearch.equal(word, UInt8(ascii: "\\")) | ByteSearch.equal(word, 0x7F)
    }

    @inline(__always)
    static func isEscapeCandidate(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// `\u001b`: four lowercase hex digits.
    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

/// Where JSON text is written, a byte or a run of bytes at a time.
protocol JSONSink {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

/// An array as a `JSONSink`.
struct ArraySink: JSONSink {
    var bytes: [UInt8]

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes.append(contentsOf: bytes)
    }
}
