import KithTestSupport
import Testing

@testable import KithCore

/// The quick ways kith words its sentences (taken for most text, to keep `kith due` on many people
/// fast) give exactly what the character-by-character definitions give, for awkward text: marks
/// and joiners beside spaces, prepended Arabic signs, titles in any case, CJK, punctuation runs.
@Suite struct QuickPathTests {
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

    @Test func givenNamesAgree() {
        for name in Self.samples() {
            for familyFirst in [false, true] {
                let quick = Person.givenName(name, familyFirst: familyFirst)
                let long = Person.givenNameByWords(name, familyFirst: familyFirst)
                #expect(quick == long, "\(Array(name.unicodeScalars)) familyFirst \(familyFirst)")
            }
        }
    }

    /// Lowercasing agrees with the standard library for every Unicode scalar, alone and in text;
    /// the comparison key of a plain name is the one the general way gives.
    @Test func lowercasingAgreesEverywhere() {
        var differing: [Unicode.Scalar] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(scalar)
            if Person.lowercased(text) != text.lowercased() { differing.append(scalar) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
        // Every Latin-1 letter in a name, alone, doubled, beside spaces and in capitals.
        for value in UInt32(0x80)...0xFF {
            let letter = String(Unicode.Scalar(value)!)
            for name in [
                "a" + letter + "b", letter, letter + letter, "x " + letter, letter + " y", "Z" + letter + " Ñ",
            ] {
                let lowered = Person.lowercased(name)
                #expect(lowered == name.lowercased(), "\(value)")
                #expect(
                    Person.comparisonKey(name, lowercased: lowered)
                        == Person.comparisonKeyInGeneral(name, lowercased: lowered), "\(value) in \(name)")
            }
        }
        for text in Self.samples() {
            #expect(Person.lowercased(text) == text.lowercased(), "\(Array(text.unicodeScalars))")
            let lowered = text.lowercased()
            #expect(
                Person.comparisonKey(text, lowercased: lowered)
                    == Person.comparisonKeyInGeneral(text, lowercased: lowered), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func tidyAndFragmentAgree() {
        for text in Self.samples() {
            #expect(Advice.tidy(text) == Advice.tidyByCharacters(text), "\(Array(text.unicodeScalars))")
            #expect(Phrases.fragment(text) == Phrases.fragmentByCharacters(text), "\(Array(text.unicodeScalars))")
        }
    }

    /// JSON strings written as bytes escape exactly what the rule says, scalar by scalar.
    @Test func jsonStringsAgreeWithTheRule() throws {
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
        // Each special character at each place of a long line, read eight bytes at a time.
        for special in ["\"", "\\", "\u{1F}", "\u{7F}", "\u{2028}", "é", "\n"] {
            for place in 0...24 {
                var text = String(repeating: "a", count: 24)
                text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: place))
                #expect(JSONText.quoted(text) == byRule(text), "\(special) at \(place)")
            }
        }
        #expect(JSONText.quoted("a\u{2028}\u{1B}\"") == #""a\u2028\u001b\"""#)
    }

    /// The byte scan that sizes the people array counts what reading the list finds.
    @Test(arguments: [
        "[]", "[ ]", "[1]", "[1,]", "[1, 2 ,]", "[{}, {}]", "[[], [[]], {\"a\": [1, 2]}]",
        #"["a,b", "]", "\"]\\", "}"]"#, "[ // one, two\n 1, /* 2, 3 ] */ 4 ,\n]", "[true, false, null, -1.5e3]",
        #"[{"name": "Ada", "tags": ["x", "y,z"]}, {"name": "B\u00e9a"}]"#,
    ])
    func countingAListAgreesWithReadingIt(text: String) throws {
        let (counted, read) = try JSONReader.read(Array(text.utf8)) { r throws(JSONSyntaxError) in
            _ = try r.peekKind()
            let counted = r.scanList(markingEvery: 1)?.count
            var read = 0
            try r.readArray { r, _ throws(JSONSyntaxError) in
                try r.skipValue()
                read += 1
            }
            return (counted, read)
        }
        #expect(counted == read, "\(text)")
    }

    @Test(arguments: ["[1, 2", #"["never closed]"#, "[ /* never closed ]", "{}"])
    func aListThatCannotBeCountedIsLeftToTheReader(text: String) throws {
        let counted = try JSONReader.read(Array(text.utf8)) { r throws(JSONSyntaxError) in
            _ = try r.peekKind()
            return r.scanList(markingEvery: 1)?.count
        }
        #expect(counted == nil, "\(text)")
    }

    /// The searches that look at eight bytes at once, against looking at each byte in turn: the
    /// first quote or backslash (scanning a list), also a control character (reading a string),
    /// the first stop, comma, semicolon or colon (tidying a sentence).
    @Test func eightBytesAtOnceFindTheFirstByteOneAtATimeWould() {
        let searches: [(name: String, flags: (UInt64) -> UInt64, matches: (UInt8) -> Bool)] = [
            ("quote or backslash", JSONReader.quotesOrBackslashes, JSONReader.isQuoteOrBackslash),
            ("quote, backslash or control", JSONReader.stringStops, JSONReader.isStringStop),
            ("punctuation", Advice.punctuation, Advice.isPunctuation),
            ("may need a JSON escape", JSONText.escapeCandidates, JSONText.isEscapeCandidate),
        ]
        let ordinary: [UInt8] = [
            0x20, 0x21, 0x23, 0x2B, 0x2D, 0x2F, 0x39, 0x3C, 0x5B, 0x5D, 0x61, 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ]
        let special: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x22, 0x5C, 0x2E, 0x2C, 0x3B, 0x3A]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            var bytes = (0..<8).map { _ in ordinary.randomElement(using: &generator)! }
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                bytes[Int.random(in: 0..<8, using: &generator)] = special.randomElement(using: &generator)!
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            for (name, flags, matches) in searches {
                #expect(ByteSearch.first(flags(word)) == bytes.firstIndex(where: matches), "\(name): \(bytes)")
                // The same through `next`, on a longer run with the word at any place in it.
                let place = Int.random(in: 0..<12, using: &generator)
                let run = Array(repeating: UInt8(ascii: "a"), count: place) + bytes
                let found = run.withUnsafeBufferPointer {
                    ByteSearch.next(in: $0, from: 0, flags: flags, matches: matches)
                }
                #expect(found == (run.firstIndex(where: matches) ?? run.count), "\(name): \(run)")
            }
        }
    }

    /// A string is read to its closing quote eight bytes at a time: an escape, a raw control
    /// character or the quote itself is found at any place in a long string.
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

    /// `kith due --json` writes numbers and dates as bytes: the same bytes as their strings.
    @Test func numbersAndDatesWrittenAsBytesAreTheirStrings() {
        // A buffer that starts too small, so that writing grows it.
        let out = JSONBytes(reserving: 0)
        var expected = ""
        for n in [0, 1, 9, 10, 99, 100, 12_345, -1, -40, Int.max, Int.min] {
            out.decimal(n)
            out.raw(" ")
            expected += String(n) + " "
        }
        for day in [-719_528, -1, 0, 1, 20_415, 2_932_896, 2_932_897, -800_000] {
            let date = LocalDate(dayNumber: day)
            out.date(date)
            out.string("é\"")
            expected += date.description + JSONText.quoted("é\"")
        }
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
        #expect(LocalDate(dayNumber: 20_415).description == "2025-11-23")
        #expect(LocalDate(dayNumber: -719_528).description == "0000-01-01")
    }

    @Test func theQuickPathsAreTakenAndStillChangeWhatNeedsIt() {
        // Plain names take the byte path; a mark beside a space, or "Dr. Smith", the long way.
        #expect(Person.givenNameOfPlainWords("Dr. Ada Lovelace", familyFirst: false) == "Ada")
        #expect(Person.givenNameOfPlainWords("Zoë Ñúñez", familyFirst: true) == "Ñúñez")
        #expect(Person.givenNameOfPlainWords("Ada \u{301}Lovelace", familyFirst: false) == nil)
        #expect(Person.givenNameOfPlainWords("Dr. Smith", familyFirst: false) == nil)
        #expect(Person.givenName("Dr. Ada Lovelace") == "Ada")
        #expect(Person.givenName("Dr. Smith") == "Dr. Smith")
        #expect(Person.givenName("PROF  Grace   Hopper") == "Grace")
        #expect(Person.givenName("Lovelace Ada", familyFirst: true) == "Ada")
        #expect(Advice.tidy("You met Robert Smith Jr.. Then !.") == "You met Robert Smith Jr. Then !")
        #expect(Phrases.fragment("Rust!?. ") == "Rust")
    }
}
