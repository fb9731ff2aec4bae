/// Text written as a JSON string, one way everywhere (`kith due --json`, `kith people --json`,
/// and values written into the config): quotes, backslashes and control characters escaped, and
/// U+2028/U+2029 too (JavaScript reads those as line breaks); everything else as it is (UTF-8).
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// `text` quoted and escaped: the one place the rules are written.
    static func append(_ text: String, to out: inout String) {
        out.append("\"")
        if needsNoEscape(text) {
            out.append(text)
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out.append(#"\""#)
                case "\\": out.append(#"\\"#)
                case "\n": out.append(#"\n"#)
                case "\r": out.append(#"\r"#)
                case "\t": out.append(#"\t"#)
                case "\u{0}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}": out.append(unicodeEscape(scalar.value))
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    /// Whether no byte of `text` may need an escape, as most names and sentences (U+2028 and
    /// U+2029 start with the byte E2).
    private static func needsNoEscape(_ text: String) -> Bool {
        let bytes = text.utf8.span
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 { return false }
        }
        return true
    }

    /// `\u001b`: four lowercase hex digits.
    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
