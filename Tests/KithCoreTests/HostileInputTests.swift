import Foundation
import Testing

@testable import KithCore

#if canImport(Glibc)
    import Glibc
#endif

/// Config input that must not hurt: odd files, duplicate keys, bad bytes, text that would
/// rewrite a terminal, and inputs that made the decoder slow.
@Suite struct HostileInputTests {
    private func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kith-\(UUID().uuidString)-\(name)").path
    }

    private func readError(_ path: String) -> String? {
        do {
            _ = try ConfigLoader.read(path: path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = temporary("fifo")
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let message = try #require(readError(path))
        #expect(message.contains("is a FIFO (named pipe), not a regular file"), "\(message)")
        #expect(message.contains(path))
    }

    @Test(arguments: [("/dev/zero", "character device"), ("/tmp", "directory")])
    func aDeviceOrADirectoryIsRefused(path: String, kind: String) throws {
        let message = try #require(readError(path))
        #expect(message.contains(kind), "\(message)")
    }

    @Test func anOversizedFileIsRefusedBeforeItIsRead() throws {
        let path = temporary("big.json")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        #expect(truncate(path, off_t(FileBytes.configLimit + 1)) == 0)  // sparse: nothing to read
        let message = try #require(readError(path))
        #expect(message.contains("more than the 16 MiB kith reads"), "\(message)")
        #expect(throws: FileBytes.Failure.self) {
            let small = temporary("pw")
            _ = FileManager.default.createFile(atPath: small, contents: Data(repeating: 0x61, count: 5000))
            defer { unlink(small) }
            _ = try FileBytes.read(small, limit: FileBytes.passwordLimit)
        }
    }

    /// A file is read into an array of the size `fstat` gave; one that holds more than that
    /// (here a /proc file, which says 0) is still read whole, and still within the limit.
    @Test func aFileLargerThanItsStatSizeIsReadWholeAndWithinTheLimit() throws {
        let status = try FileBytes.read("/proc/self/status", limit: FileBytes.configLimit)
        let text = String(decoding: status, as: UTF8.self)
        #expect(text.hasPrefix("Name:") && text.contains("\nVmRSS:") && text.hasSuffix("\n"), "\(text.prefix(80))")
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read("/proc/self/status", limit: 64) }
        let exact = temporary("exact")
        _ = FileManager.default.createFile(atPath: exact, contents: Data(repeating: 0x61, count: 64))
        defer { unlink(exact) }
        #expect(try FileBytes.read(exact, limit: 64).count == 64, "exactly the limit is allowed")
    }

    @Test func aDuplicateKeyNamesBothPlaces() throws {
        let json = "{\n  \"owner\": { \"name\": \"S\" },\n  \"people\": [],\n  \"owner\": { \"name\": \"T\" }\n}"
        let problem = try #require(problems(json).first)
        #expect(problem.position == SourcePosition(line: 4, column: 3))
        #expect(problem.message.contains("\"owner\" appears twice"), "\(problem.message)")
        #expect(problem.message.contains("first at line 2, column 3"), "\(problem.message)")
        // Inside a person, among many keys, too.
        let person = config(people: [#"{ "name": "Ada", "every": "1w", "notes": "a", "every": "2w" }"#])
        #expect(problems(person).first?.message.contains("\"every\" appears twice") == true)
        // A person's keys are matched on their bytes: a key written with an escape is the same
        // key, an unknown key is still named, and a first place is still given.
        let escaped = config(people: [#"{ "name": "Ada", "every": "1w", "na\u006de": "Bea" }"#])
        let twice = try #require(problems(escaped).first)
        #expect(twice.message.contains("\"name\" appears twice") && twice.message.contains("first at line"), "\(twice)")
        let typo = config(people: [#"{ "name": "Ada", "evrey": "1w", "every": "1w" }"#])
        #expect(problems(typo).first?.message.contains("did you mean \"every\"") == true, "\(problems(typo))")
        // Keys longer than eight bytes are told apart by the rest too (the first eight are
        // compared as one number).
        let sameStart = config(people: [#"{ "name": "Ada", "every": "1w", "lastContaXX": "2026-01-01" }"#])
        #expect(
            problems(sameStart).first?.message.contains("\"lastContaXX\" is not a setting kith knows") == true,
            "\(problems(sameStart))")
        let unknownTwice = config(people: [#"{ "name": "Ada", "every": "1w", "x": 1, "x": 2 }"#])
        #expect(problems(unknownTwice).first?.message.contains("\"x\" appears twice") == true)
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        var bytes = Array("{ \"owner\": { \"name\": \"S".utf8)
        let offset = bytes.count
        bytes += [0xC3, 0x28]  // a lead byte followed by a non-continuation byte
        bytes += Array("\" }, \"people\": [] }".utf8)
        do {
            _ = try ConfigLoader.parse(bytes: bytes, file: "t.json")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            let message = error.description
            #expect(message.contains("not valid UTF-8"), "\(message)")
            #expect(message.contains("byte offset \(offset)"), "\(message)")
            #expect(error.problems.first?.position == SourcePosition(line: 1, column: offset + 1))
        }
        // Overlong forms and surrogates are invalid too; real multi-byte text is not.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80]] {
            #expect(JSONReader.firstInvalidUTF8(bad) == 0)
        }
        let good = Array("Zoë 李 🎉".utf8)
        #expect(JSONReader.firstInvalidUTF8(good) == nil)
    }

    @Test(arguments: [
        ("Zoë Ñúñez", "Zoe\u{308} N\u{303}u\u{301}n\u{303}ez"),  // composed and decomposed
        ("Ada Lovelace", "ada   LOVELACE"),  // case and repeated spaces
        ("Straße", "STRASSE"),  // case folding, not just lowercasing
    ])
    func namesThatAreEqualOnceNormalisedAreDuplicates(first: String, second: String) throws {
        let found = problems(
            config(people: [#"{ "name": "\#(first)", "every": "1w" }"#, #"{ "name": "\#(second)", "every": "1w" }"#]))
        #expect(found.count == 1 && found[0].message.contains("listed twice"), "\(found)")
    }

    @Test func echoedTextIsEscapedAndCut() throws {
        // In JSON escapes, as a config can carry them: ESC [2J (clear the screen), RIGHT-TO-LEFT OVERRIDE.
        let hostile = #"\u001b[2J\u202Eevil"# + String(repeating: "x", count: 500)
        let found = problems(config(people: [#"{ "name": "Ada", "every": "\#(hostile)" }"#]))
        let text = try #require(found.first).description
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}"), "\(text)")
        #expect(text.contains("\\x1B[2J\\u{202E}evil"))
        #expect(text.contains("…") && text.count < 500, "\(text.count) characters")
        // Unknown keys are user text as well, and show in the path.
        let key = problems("{ \"owner\": { \"name\": \"S\" }, \"\\u001b[31m\": 1 }")
        #expect(key.first.map { !$0.description.contains("\u{1B}") } == true)
    }

    @Test func aLongReportListsFiftyProblemsThenACount() throws {
        let people = (0..<80).map { #"{ "name": "P\#($0)", "every": "soon" }"# }
        var caught: ConfigError?
        do {
            _ = try parseConfig(config(people: people))
        } catch {
            caught = error
        }
        let error = try #require(caught)
        #expect(error.problems.count == 80)
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 51)
        #expect(lines.last?.contains("… and 30 more problems") == true, "\(lines.last ?? "")")
    }

    @Test func suggestionsStayCheapOnPathologicalInput() throws {
        // Many long circle names and many people naming circles that do not exist: the case that
        // once took ten minutes. Suggestions are bounded; this finishes in well under a second.
        let circles = (0..<3000).map { #""\#(String(repeating: "c", count: 40))\#($0)": { "every": "1w" }"# }
        let people = (0..<3000).map {
            #"{ "name": "P\#($0)", "circle": "\#(String(repeating: "d", count: 40))\#($0)" }"#
        }
        let json = """
            { "owner": { "name": "S" }, "circles": { \(circles.joined(separator: ",")) },
              "\(String(repeating: "k", count: 5000))": 1, "people": [ \(people.joined(separator: ",")) ] }
            """
        let started = Date()
        let found = problems(json)
        #expect(found.count == 3001)
        #expect(Date().timeIntervalSince(started) < 10, "took \(Date().timeIntervalSince(started)) s")
    }

    @Test func datesBefore1900AreRefused() throws {
        let found = problems(config(people: [#"{ "name": "Ada", "every": "1w", "lastContact": "1899-12-31" }"#]))
        #expect(found.first?.message.contains("before 1900") == true, "\(found)")
        #expect(LocalDateTime(iso: "0800-01-01T07:00") == nil)
        #expect(LocalDate(iso: "1900-01-01") != nil)
    }

    /// Dates and birthdays are read straight from the file's bytes when they are valid; an
    /// escaped one is still read, and each kind of wrong one still gets its own message.
    @Test(
        arguments: [
            (#""birthday": "12-10""#, "", Birthday(month: 12, day: 10, year: nil)),
            (#""birthday": "02-29""#, "", Birthday(month: 2, day: 29, year: nil)),
            (#""birthday": "1990-12-10""#, "", Birthday(month: 12, day: 10, year: 1990)),
            (#""birthday": "12\u002d10""#, "", Birthday(month: 12, day: 10, year: nil)),
            (#""birthday": "02-30""#, "is not a real day of the year", nil),
            (#""birthday": "1985-02-29""#, "is not a birthday", nil),
            (#""birthday": "tomorrow""#, "is not a birthday", nil),
            (#""birthday": 1210"#, "expected a string", nil),
        ] as [(String, String, Birthday?)])
    func birthdaysAreReadOrRefusedWithTheirReason(entry: String, problem: String, expected: Birthday?) throws {
        let json = config(people: [#"{ "name": "Ada", "every": "1w", \#(entry) }"#])
        let found = problems(json)
        if problem.isEmpty {
            #expect(found.isEmpty, "\(found)")
            #expect(try parseConfig(json).people[0].birthday == expected)
        } else {
            #expect(found.count == 1 && found[0].message.contains(problem), "\(found)")
        }
    }

    @Test func anEscapedDateIsStillADate() throws {
        let json = config(people: [#"{ "name": "Ada", "every": "1w", "lastContact": "2026-11-\u00330" }"#])
        #expect(try parseConfig(json).people[0].lastContact == LocalDate(iso: "2026-11-30"))
    }

    @Test func theNextSlotSearchIsBoundedEvenWithoutDigestDays() throws {
        let settings = DigestSettings(
            at: LocalTime(hour: 7, minute: 30)!, days: [], maxPeople: 5, datesAhead: 7, sendWhenEmpty: false)
        let now = Date(timeIntervalSince1970: 1_795_415_400)
        let next = DigestSchedule(settings: settings, timeZone: TimeZone(identifier: "UTC")!).nextSlot(after: now)
        #expect(next.instant > now)
        let empty = problems(config(people: [], extra: #""digest": { "days": [] },"#))
        #expect(empty.first?.message.contains("no digest would ever be sent") == true)
    }
}
