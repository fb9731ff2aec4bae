import Foundation
import KithTestSupport
import Testing

/// `kith import` on real files: a dry run writes nothing, --apply writes once, a second import
/// changes nothing, and a file kith cannot read changes nothing either.
@Suite(.serialized) struct ImportTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-import-\(UUID().uuidString)")
    private var state: String { root.appendingPathComponent("state").path }

    static let original = """
        // Sam's people.
        {
          "owner": { "name": "Sam" },  // me
          "timezone": "UTC",
          "circles": { "close": { "every": "2w" } },
          "people": [
            { "name": "Ada Lovelace", "circle": "close", "email": "ada@example.org" },  // keep this comment
          ],
        }

        """

    private func file(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let path = root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func kith(_ arguments: [String], _ config: String) throws -> KithBinary.Result {
        try KithBinary.run(arguments + ["--config", config, "--state", state])
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aDryRunWritesNothingApplyWritesOnceAndASecondImportChangesNothing() throws {
        let config = try file("config.json", Self.original)
        let linkedIn = try file(
            "Connections.csv",
            "\u{FEFF}Notes:\n\"Some addresses may be missing, \"\"as always\"\".\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                + "Barbara,Liskov,https://example.org/bl,barbara@example.org,MIT,\"Professor, Emerita\",12 Mar 2021\n"
                + "Ada,Lovelace,https://example.org/al,ADA@example.org,Engines,Analyst,5 Jun 2020\n")
        let vcard = try file(
            "friends.vcf",
            "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:grace@example.org\nCATEGORIES:Friends\nBDAY:--12-09\nEND:VCARD\n"
                + "BEGIN:VCARD\nVERSION:3.0\nFN:Barbara Liskov\nTEL:+1 555 0100\nEND:VCARD\n")
        let dry = try kith(["import", linkedIn, vcard, "--map-category", "friends=close"], config)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("2 people to add"), "\(dry.stdout)")
        #expect(dry.stdout.contains("+ Grace Hopper (email \"grace@example.org\", circle \"close\""))
        #expect(
            dry.stdout.contains(
                "+ Barbara Liskov (email \"barbara@example.org\", circle \"imported\", phone \"+1 555 0100\""))
        #expect(dry.stdout.contains("~ Ada Lovelace: notes \"Analyst at Engines\""))
        #expect(try read(config) == Self.original, "a dry run writes nothing")

        let applied = try kith(["import", linkedIn, vcard, "--map-category", "friends=close", "--apply"], config)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("2 added, 1 field filled in; the config now has 3 people"), "\(applied.stdout)")
        let after = try read(config)
        #expect(after.hasPrefix("// Sam's people.\n{\n  \"owner\": { \"name\": \"Sam\" },  // me\n"))
        #expect(
            after.contains("\"email\": \"ada@example.org\", \"notes\": \"Analyst at Engines\" },  // keep this comment")
        )
        #expect(after.contains("\"imported\": { \"every\": \"6m\" }"))
        #expect(try read(config + ".bak") == Self.original)
        // LinkedIn's "Connected On" is Barbara's first-seen day (2021-03-12 is day 18,698).
        #expect(
            try Command.sqlite(
                state + "/kith.sqlite", "SELECT day FROM firstSeen WHERE personKey = ?", ["barbara liskov"]) == "18698")

        let again = try kith(["import", linkedIn, vcard, "--map-category", "friends=close", "--apply"], config)
        #expect(again.stdout.contains("Nothing to change."), "\(again.stdout)")
        #expect(try read(config) == after, "the second import changes nothing")
    }

    @Test func aFileItCannotReadChangesNothingAndSaysWhereTheProblemIs() throws {
        let config = try file("config.json", Self.original)
        let good = try file("good.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n")
        let cut = try file("cut.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Alan Turing\n")
        let result = try kith(["import", good, cut, "--apply"], config)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.vcf:1: the vCard that begins here has no END:VCARD"), "\(result.stderr)")
        #expect(try read(config) == Self.original)
        let unknown = try kith(["import", try file("x.csv", "a,b\n1,2\n"), "--apply"], config)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("x.csv:1: kith cannot tell what this is"))
        let noCircle = try kith(["import", good, "--circle", "nosuch"], config)
        #expect(noCircle.status == 1)
        #expect(noCircle.stderr.contains("no circle \"nosuch\""))
    }
}

/// What the people commands refuse before touching the file.
@Suite struct PeopleCommandBadInputTests {
    @Test func badArgumentsChangeNothing() throws {
        let config = try KithBinary.temporaryFile(ImportTests.original)
        let vcard = try KithBinary.temporaryFile(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n", name: "a.vcf")
        for (arguments, status, words) in [
            (["add", "Grace", "--every", "1m", "--email", "not an address"], 1, "would not load"),
            (["add", "Grace", "--every", "soon"], 64, "is not a duration"),
            (["add", "Grace"], 64, "give --every"),
            (["rename", "Ada", "  "], 64, "the new name is empty"),
            (["import", vcard, "--map-category", "friends"], 64, "CATEGORY=circle"),
            (["import", vcard, "--map-category", "friends=nosuch", "--apply"], 1, "no circle \"nosuch\""),
            (["import", vcard, "--format", "csv"], 64, "'csv' is invalid for '--format"),
        ] as [([String], Int32, String)] {
            let result = try KithBinary.run(arguments + ["--config", config, "--state", config + ".state"])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(try String(contentsOfFile: config, encoding: .utf8) == ImportTests.original)
        }
    }
}
