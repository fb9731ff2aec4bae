/// User text echoed in messages: control and bidirectional-formatting characters escaped, so a
/// value cannot rewrite the terminal or reorder what is shown, and cut to a readable length.
public enum UserText {
    /// The longest an echoed value is shown, in characters.
    public static let echoLimit = 200

    /// `text` in double quotes, escaped and cut at `echoLimit` characters.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// `text` escaped and cut at `echoLimit` characters (an ellipsis says it was cut).
    public static func escaped(_ text: String, limit: Int = echoLimit) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            if needsEscape(scalar) {
                out +=
                    scalar.value < 0x80
                    ? "\\x" + hex(scalar.value, width: 2) : "\\u{" + hex(scalar.value, width: 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Control characters (C0, DEL, C1) and the bidirectional formatting characters.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
