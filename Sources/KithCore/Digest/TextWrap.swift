/// Wraps plain text for a mail client that shows it as it is: every line at most `width`
/// columns where a break is possible. A line is broken at spaces, and between two wide (CJK)
/// characters, which need none; a longer word such as a link stays whole on its own line. The
/// rest of a broken line keeps its indent, and under a `* ` bullet, lines up with the text.
public enum TextWrap {
    /// The width of a mail's text part, by long custom.
    public static let mailWidth = 72

    public static func wrap(_ text: String, width: Int = mailWidth) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out.append("\n") }
            first = false
            if columns(line) <= width {
                out += line
            } else {
                wrapLine(line, width: width, into: &out)
            }
        }
        return out
    }

    /// How many columns `text` takes in a fixed-width font: two for a wide character, none for a
    /// combining mark, one for the rest.
    public static func columns<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        for character in text { total += columns(character) }
        return total
    }

    static func columns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if scalar.value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(scalar) ? 2 : 1
    }

    /// East Asian wide and full-width characters, and emoji shown as pictures.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    private static func wrapLine(_ line: Substring, width: Int, into out: inout String) {
        var body = line.drop { $0 == " " || $0 == "\t" }
        let indent = String(line[..<body.startIndex])
        // A bullet belongs to the first line's indent, so it is never left alone on a line, and
        // the rest lines up with the text after it.
        var first = indent
        var continuation = indent
        if body.hasPrefix("* ") || body.hasPrefix("- ") {
            first += body.prefix(2)
            continuation += "  "
            body = body.dropFirst(2)
        }
        let continuationColumns = columns(continuation)

        var lineText = first
        var lineColumns = columns(first)
        var lineHasWords = false
        func place(_ word: Substring, wordColumns: Int, spaced: Bool) {
            let gap = spaced && lineHasWords ? 1 : 0
            if lineHasWords && lineColumns + gap + wordColumns > width {
                out += lineText
                out.append("\n")
                lineText = continuation
                lineColumns = continuationColumns
                lineHasWords = false
            }
            if spaced && lineHasWords {
                lineText.append(" ")
                lineColumns += 1
            }
            lineText += word
            lineColumns += wordColumns
            lineHasWords = true
        }

        // Words are runs of characters between spaces; a wide character is a word of its own that
        // needs no space to break before it.
        var spaced = false
        var wordStart = body.startIndex
        var wordColumns = 0
        /// Places the word read so far (if any), ending at `end`; the next one starts at `next`.
        func endWord(at end: Substring.Index, next: Substring.Index) {
            if wordStart < end {
                place(body[wordStart..<end], wordColumns: wordColumns, spaced: spaced)
                spaced = false
            }
            wordStart = next
            wordColumns = 0
        }
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            let next = body.index(after: index)
            if character == " " {
                endWord(at: index, next: next)
                spaced = true
            } else if columns(character) == 2 {
                endWord(at: index, next: next)
                place(body[index..<next], wordColumns: 2, spaced: spaced)
                spaced = false
            } else {
                wordColumns += columns(character)
            }
            index = next
        }
        endWord(at: body.endIndex, next: body.endIndex)
        out += lineText
    }
}
