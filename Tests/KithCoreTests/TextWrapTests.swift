import Foundation
import KithCore
import Testing

@Suite struct TextWrapTests {
    @Test func shortLinesStayAsTheyAre() {
        let text = "Good morning, Sam.\n\n* Ada: last in touch 3 weeks ago\n  Say hello.\n"
        #expect(TextWrap.wrap(text) == text)
    }

    @Test func longLinesBreakAtSpacesAndKeepTheirIndent() {
        let line =
            "  Send Ada something about compilers you came across, with a line on why it made you think of them."
        let wrapped = TextWrap.wrap(line)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { TextWrap.columns($0) <= 72 })
        #expect(lines.allSatisfy { $0.hasPrefix("  ") && !$0.hasPrefix("   ") })
        #expect(wrapped.replacingOccurrences(of: "\n  ", with: " ") == line, "only line breaks were added")
    }

    @Test func bulletsContinueUnderTheirText() {
        let line = "* " + Array(repeating: "word", count: 30).joined(separator: " ")
        let lines = TextWrap.wrap(line).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("* word"))
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  word") })
        #expect(lines.allSatisfy { TextWrap.columns($0) <= 72 })
    }

    @Test func aWordLongerThanTheLineStaysWhole() {
        let link = "https://example.org/" + String(repeating: "a", count: 80)
        let wrapped = TextWrap.wrap("See \(link) now")
        #expect(wrapped == "See\n\(link)\nnow")
    }

    @Test func wideCharactersCountTwiceAndBreakWithoutSpaces() {
        let line = String(repeating: "山田太郎さんに連絡", count: 8)  // 72 wide characters: 144 columns
        #expect(TextWrap.columns(line) == 144)
        let lines = TextWrap.wrap(line).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { TextWrap.columns($0) <= 72 })
        #expect(lines.joined() == line)
    }

    @Test func oddLinesComeThroughWhole() {
        let blank = String(repeating: " ", count: 100)
        #expect(TextWrap.wrap(blank) == blank, "a line of spaces has nowhere to break")
        #expect(TextWrap.wrap("") == "")
        #expect(TextWrap.wrap("\n\n") == "\n\n")
        let bullet = "* " + String(repeating: "x", count: 100)
        #expect(TextWrap.wrap(bullet) == bullet, "one long word after a bullet stays on its line")
    }

    @Test func combiningMarksTakeNoColumn() {
        #expect(TextWrap.columns("Zoe\u{0308}") == 3)
        #expect(TextWrap.columns("Zoë") == 3)
    }
}
