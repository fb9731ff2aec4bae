import Foundation

/// RFC 5322 / RFC 2047 header text: ASCII only, long lines folded, non-ASCII in encoded words.
enum HeaderEncoding {
    /// The longest header line kith writes where a space allows, well within the 998-byte hard
    /// limit. No token is longer than `longestWord`, so every line stays far below 998.
    static let lineLimit = 78
    /// The longest word written as it is; a longer one goes into encoded words, which split it.
    static let longestWord = 66

    /// `Name: value`, folded at spaces so no line exceeds `lineLimit` where a space allows.
    static func fold(name: String, tokens: [String]) -> String {
        var out = name + ":"
        var lineLength = out.utf8.count
        for token in tokens {
            let length = token.utf8.count
            if lineLength + 1 + length > lineLimit, lineLength > name.utf8.count + 1 {
                out += "\r\n "
                lineLength = 1
            } else {
                out += " "
                lineLength += 1
            }
            out += token
            lineLength += length
        }
        return out + "\r\n"
    }

    /// Words for an unstructured header such as Subject: ASCII words as they are, runs of
    /// words with other characters as RFC 2047 encoded words.
    static func unstructured(_ text: String) -> [String] {
        var tokens: [String] = []
        var run: [Substring] = []
        func flush() {
            if !run.isEmpty { tokens += encodedWords(run.joined(separator: " ")) }
            run = []
        }
        for word in headerSafe(text).split(separator: " ", omittingEmptySubsequences: true) {
            if word.utf8.count <= longestWord, isPrintableASCII(String(word)), !word.contains("=?") {
                flush()
                tokens.append(String(word))
            } else {
                run.append(word)
            }
        }
        flush()
        return tokens
    }

    /// A display name for From/To: an atom phrase, a quoted string, or encoded words.
    static func phrase(_ name: String) -> [String] {
        let name = headerSafe(name)
        if isPrintableASCII(name), !name.contains("=?") {
            let specials = Set("()<>[]:;@\\,.\"")
            if name.contains(where: { specials.contains($0) }) {
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"")
                if escaped.utf8.count + 2 <= longestWord { return ["\"" + escaped + "\""] }
            } else {
                let words = name.split(separator: " ").map(String.init)
                if !words.isEmpty, words.allSatisfy({ $0.utf8.count <= longestWord }) { return words }
            }
        }
        return encodedWords(name)
    }

    /// `text` with control characters (C0, DEL, C1), which no header may show, as spaces.
    static func headerSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? " " : scalar) }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `Name <address>` as header tokens.
    static func mailbox(_ mailbox: Mailbox) -> [String] {
        guard let name = mailbox.displayName, !name.isEmpty else { return [mailbox.address] }
        return phrase(name) + ["<\(mailbox.address)>"]
    }

    /// RFC 2047 B-encoded words, each holding whole characters and short enough that a header
    /// name and one word still fit in 78 characters.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 39 bytes encode to 52 base64 characters; with `=?UTF-8?B?` and `?=` that is 64, and
        // `Content-Type: ` or `Subject: ` before it still leaves the line under 78.
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        }
        return words
    }

    /// Whether `id` is a message id that can go into a header as it is: `<…>`, printable
    /// ASCII without spaces, at most 900 octets (ids come from other people's mail).
    static func isMessageID(_ id: String) -> Bool {
        id.hasPrefix("<") && id.hasSuffix(">") && id.utf8.count <= 900 && id.count > 2
            && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
