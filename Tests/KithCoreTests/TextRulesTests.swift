import KithTestSupport
import Testing

@testable import KithCore

/// How kith writes and reads text, held to the rules themselves on awkward text: marks and
/// joiners beside spaces, titles in any case, CJK, punctuation runs, escapes, control characters.
@Suite struct TextRulesTests {
    static let pieces = [
        "Ada", "ada", "Dr.", "DR", "dr", "Prof", "prof.", "Mx.", "Sir", "Ms", "Lovelace", "Zoë", "Ñúñez", "李", "小龙",
        "\u{0301}", "\u{200D}", "\u{0600}", "\u{0605}", "\r\n", "\n", "\t", "\u{00A0}", "\u{3000}", "e\u{0301}",
        "1", "Jr.", ".", "..", "...", "!", "?", ";", ":", ",", " ", " ", "  ", "\u{1F469}\u{200D}\u{1F4BB}", "K",
        "\u{212A}", "İ", "\"", "\\", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{1B}", "\u{0}", "/",
    ]

    /// Deterministic awkward strings: every pair of pieces joined by a space or not, then random runs.
    static func samples() -> [String] {
        var out: [String] = []
        for a in pieces {
            for b in pieces {
                out.append(a + b)
                out.append(a + " " + b)
                out.append(" " + a + " " + b + " ")
            }
        }
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 6) + 1
            out.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        return out
    }

    @Test func jsonStringsFollowTheRule() throws {
        func byRule(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case let s where s.value < 0x20 || s.value == 0x7F || s.value == 0x2028 || s.value == 0x2029:
                    let hex = String(s.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        for text in Self.samples() {
            #expect(JSONText.quoted(text) == byRule(text), "\(Array(text.unicodeScalars))")
        }
        // Each special character at each place of a long line.
        for special in ["\"", "\\", "\u{1F}", "\u{7F}", "\u{2028}", "é", "\n"] {
            for place in 0...24 {
                var text = String(repeating: "a", count: 24)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: place))
                #expect(JSONText.quoted(text) == byRule(text), "\(special) at \(place)")
            }
        }
        #expect(JSONText.quoted("a\u{2028}\u{1B}\"") == #""a\u2028\u001b\"""#)
    }

    @Test func stringsAreReadRightWhateverTheirLength() throws {
        for length in 0...20 {
            for place in 0...length {
                let before = String(repeating: "a", count: place)
                let after = String(repeating: "é", count: (length - place) / 2)
                let escaped = try JSONReader.read(Array("\"\(before)\\n\\u00e9\(after)\" ".utf8)) {
                    r throws(JSONSyntaxError) in
                    try r.readString()
                }
                #expect(escaped == before + "\né" + after)
                for control: UInt8 in [0x01, 0x09, 0x1F, 0x0A] {
                    let bytes = Array("\"\(before)".utf8) + [control] + Array("\(after)\"".utf8)
                    do {
                        _ = try JSONReader.read(bytes) { r throws(JSONSyntaxError) in try r.readString() }
                        Issue.record("a raw \(control) at \(place) was read")
                    } catch {
                        #expect(
                            error.message.contains(
                                control == 0x0A ? "never closed on its line" : "raw control character"))
                        #expect(error.position.column == (control == 0x0A ? 1 : place + 2))
                    }
                }
            }
        }
    }

    @Test func datesAreWrittenAsISO() {
        #expect(LocalDate(dayNumber: 20_415).description == "2025-11-23")
        #expect(LocalDate(dayNumber: -719_528).description == "0000-01-01")
        #expect(LocalDate(dayNumber: 2_932_896).description == "9999-12-31")
        #expect(LocalDate(iso: "2025-11-23") == LocalDate(dayNumber: 20_415))
        #expect(LocalDate(iso: "2025-11-2x") == nil)
        #expect(LocalDate(iso: "2025-02-29") == nil)
        #expect(LocalDate(iso: "2025/11/23") == nil)
        #expect(LocalDate(iso: "２０２５-11-23") == nil)
    }

    @Test func namesAndSentencesAreWordedByTheirRules() {
        #expect(Person.givenName("Dr. Ada Lovelace") == "Ada")
        #expect(Person.givenName("Zoë Ñúñez", familyFirst: true) == "Ñúñez")
        #expect(Person.givenName("Dr. Smith") == "Dr. Smith")
        #expect(Person.givenName("PROF  Grace   Hopper") == "Grace")
        #expect(Person.givenName("Lovelace Ada", familyFirst: true) == "Ada")
        #expect(Person.givenName("李小龙") == "李小龙")
        #expect(Person.comparisonKey("  Zoë   ÑÚÑEZ ") == "zoë ñúñez")
        #expect(Person.comparisonKey("Straße") == Person.comparisonKey("STRASSE"))
        #expect(Person.comparisonKey("Zoe\u{0308}") == Person.comparisonKey("Zoë"))
        #expect(Advice.tidy("You met Robert Smith Jr.. Then !.") == "You met Robert Smith Jr. Then !")
        #expect(Advice.tidy("Wait... then go , now") == "Wait... then go, now")
        #expect(Phrases.fragment("Rust!?. ") == "Rust")
        #expect(Phrases.fragment("Rust") == "Rust")
    }
}

extension TextRulesTests {
    /// A name's words are what splitting its characters at spaces gives, for awkward text too: a
    /// space joined to a mark or a prepended sign is part of a word.
    @Test func wordsAreTheCharactersSplitAtSpaces() {
        for name in Self.samples() {
            #expect(Person.words(of: name) == name.split(separator: " "), "\(Array(name.unicodeScalars))")
        }
        #expect(Person.givenName("Ada \u{301}Lovelace") == "Ada \u{301}Lovelace")
    }
}
