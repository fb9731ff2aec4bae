import Foundation
import KithConfigEdit
import KithCore
import Testing

/// Edits leave every byte outside the entries they touch as it was.
@Suite struct ConfigEditorTests {
    /// The one contiguous change between `old` and `new`: what was removed and what was inserted.
    private func change(_ old: String, _ new: String) -> (removed: String, inserted: String) {
        let a = Array(old.utf8)
        let b = Array(new.utf8)
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        return (
            String(decoding: a[prefix..<(a.count - suffix)], as: UTF8.self),
            String(decoding: b[prefix..<(b.count - suffix)], as: UTF8.self)
        )
    }

    private func load(_ text: String) throws -> Config {
        try ConfigLoader.load(bytes: Array(text.utf8), path: "t.json")
    }

    private static let commented = """
        // My people. Keep this tidy!
        {
          "owner": { "name": "Sam" },   // me
          "timezone": "UTC",
          /* circles,
             in order */
          "circles": { "close": { "every": "2w" } },
          "people": [
            { "name": "Ada Lovelace", "circle": "close" },   // met in London
            {
              "name": "Grace Hopper",
              "every": "1m",
            },
            // the last one
            { "name": "Tomás Ñúñez", "every": "3m" }   // no trailing comma
          ],
        }

        """

    @Test func addingCopiesTheLayoutAndTouchesNothingElse() throws {
        var editor = ConfigEditor(bytes: Array(Self.commented.utf8))
        try editor.addPerson([("name", ConfigEditor.string("Kurt \"K\" Gödel")), ("every", ConfigEditor.string("1y"))])
        let new = String(decoding: editor.bytes, as: UTF8.self)
        // The last entry gets its comma, and the new one its own line after that entry's comment.
        let expected = Self.commented.replacingOccurrences(
            of: "{ \"name\": \"Tomás Ñúñez\", \"every\": \"3m\" }   // no trailing comma\n",
            with: "{ \"name\": \"Tomás Ñúñez\", \"every\": \"3m\" },   // no trailing comma\n"
                + "    { \"name\": \"Kurt \\\"K\\\" Gödel\", \"every\": \"1y\" }\n")
        #expect(new == expected, "\(new)")
        let people = try load(new).people.map(\.name)
        #expect(people == ["Ada Lovelace", "Grace Hopper", "Tomás Ñúñez", "Kurt \"K\" Gödel"])
    }

    @Test func addingToMultiLineEntriesWritesOneMemberALine() throws {
        let text = """
            {
              "owner": { "name": "Sam" }, "timezone": "UTC",
              "people": [
                {
                  "name": "Ada",
                  "every": "1w",
                },
              ],
            }
            """
        var editor = ConfigEditor(bytes: Array(text.utf8))
        try editor.addPerson([("name", ConfigEditor.string("Grace")), ("every", ConfigEditor.string("2w"))])
        let new = String(decoding: editor.bytes, as: UTF8.self)
        let expected = text.replacingOccurrences(
            of: "      \"every\": \"1w\",\n    },\n",
            with:
                "      \"every\": \"1w\",\n    },\n    {\n      \"name\": \"Grace\",\n      \"every\": \"2w\"\n    },\n"
        )
        #expect(new == expected, "\(new)")
        #expect(try load(new).people.count == 2)
    }

    @Test func anEmptyOrMissingListGetsItsFirstEntry() throws {
        for text in [
            #"{ "owner": { "name": "Sam" }, "timezone": "UTC", "people": [] }"#,
            "{\n  \"owner\": { \"name\": \"Sam\" },\n  \"timezone\": \"UTC\"\n}\n",
            "{\n  \"owner\": { \"name\": \"Sam\" },\n  \"timezone\": \"UTC\", // zone\n}\n",
        ] {
            var editor = ConfigEditor(bytes: Array(text.utf8))
            try editor.addPerson([("name", ConfigEditor.string("Ada")), ("every", ConfigEditor.string("1w"))])
            let new = String(decoding: editor.bytes, as: UTF8.self)
            #expect(try load(new).people.map(\.name) == ["Ada"], "\(new)")
            #expect(change(text, new).removed.isEmpty || text.contains("[]"))
        }
    }

    @Test(arguments: ["Ada Lovelace", "Grace Hopper", "Tomás Ñúñez"])
    func removingTakesTheEntryItsCommaAndItsComment(name: String) throws {
        var editor = ConfigEditor(bytes: Array(Self.commented.utf8))
        #expect(try editor.removePerson(named: name))
        let new = String(decoding: editor.bytes, as: UTF8.self)
        let (removed, inserted) = change(Self.commented, new)
        #expect(inserted.isEmpty)
        #expect(removed.contains(name))
        let people = try load(new).people.map(\.name)
        #expect(people.count == 2 && !people.contains(name))
        #expect(new.contains("// My people. Keep this tidy!") && new.contains("/* circles,"))
        if name == "Ada Lovelace" { #expect(!new.contains("met in London")) }
        if name == "Grace Hopper" { #expect(new.contains("// met in London\n    // the last one")) }
        #expect(try editor.removePerson(named: "Nobody") == false)
    }

    @Test func settingAFieldReplacesOnlyItsValueOrAddsItLast() throws {
        var editor = ConfigEditor(bytes: Array(Self.commented.utf8))
        #expect(try editor.setField(ofPersonNamed: "ada lovelace", key: "name", json: ConfigEditor.string("Ada King")))
        var new = String(decoding: editor.bytes, as: UTF8.self)
        #expect(change(Self.commented, new) == ("Lovelace", "King"))
        try editor.setField(ofPersonNamed: "Ada King", key: "aka", json: ConfigEditor.strings(["Ada Lovelace"]))
        try editor.setField(ofPersonNamed: "Grace Hopper", key: "nickname", json: ConfigEditor.string("Amazing Grace"))
        new = String(decoding: editor.bytes, as: UTF8.self)
        #expect(
            new.contains(#"{ "name": "Ada King", "circle": "close", "aka": ["Ada Lovelace"] },   // met in London"#))
        #expect(new.contains("      \"every\": \"1m\",\n      \"nickname\": \"Amazing Grace\",\n    },"), "\(new)")
        let config = try load(new)
        #expect(config.people[0].aka == ["Ada Lovelace"])
        #expect(config.people[1].nickname == "Amazing Grace")
    }

    @Test func textItCannotReadIsNotEdited() {
        var editor = ConfigEditor(bytes: Array(#"{ "people": [ { "name": "Ada" "#.utf8))
        #expect(throws: ConfigText.Malformed.self) { try editor.addPerson([("name", "\"Bob\"")]) }
    }
}
