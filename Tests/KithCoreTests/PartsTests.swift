import Foundation
import Testing

@testable import KithCore

/// A long people list is read, and its due list worked out, in parts on several threads. Each
/// test here holds the parts to what doing it in one piece gives, for good input and bad.
@Suite struct PartsTests {
    /// Person `i` of a varied list: escapes, accents, CJK, former names, goals, dates, comments.
    static func person(_ i: Int) -> String {
        let names = [
            "Ada Lovelace", "Zoë Ñúñez", "李小龙", "Grace \\\"Amazing\\\" Hopper", "Dr. Alan Turing", "B\\u00e9a",
        ]
        // A known key written with an escape is still that key, in parts as in one piece.
        let nameKey = i % 14 == 0 ? #""n\u0061me""# : #""name""#
        var fields = [#"\#(nameKey): "\#(names[i % names.count]) \#(i)""#]
        if i % 2 == 0 { fields.append(#""email": "p\#(i)@example.org""#) }
        if i % 5 == 1 { fields.append(#""emails": ["q\#(i)@example.org", "r\#(i)@example.net"]"#) }
        fields.append(
            i % 4 == 3 ? #""every": "\#(1 + i % 9)w""# : #""circle": "\#(["inner", "friends", "network"][i % 3])""#)
        if i % 3 != 2 { fields.append(#""lastContact": "2026-\#(String(format: "%02d", 1 + i % 11))-1\#(i % 10)""#) }
        if i % 7 == 0 { fields.append(#""met": "2026-11-1\#(i % 10)", "metAt": "the \#(i)th meetup""#) }
        if i % 3 == 0 { fields.append(#""birthday": "\#(i % 2 == 0 ? "1990-" : "")11-2\#(i % 8)""#) }
        if i % 6 == 0 { fields.append(#""field": "\#(["software", "medicine", "music"][i % 3])""#) }
        if i % 8 == 0 { fields.append(#""offers": ["Rust", "design"], "needs": ["a co-founder"]"#) }
        if i % 9 == 0 { fields.append(#""goals": ["book"], "tags": ["climbing"]"#) }
        if i % 10 == 0 { fields.append(#""notes": "line one\nline two // not a comment""#) }
        if i % 11 == 0 { fields.append(#""dates": [ { "label": "wedding", "on": "11-2\#(i % 9)" } ]"#) }
        if i % 12 == 0 { fields.append(#""phone": "+1 555 \#(i)", "nickname": "Nick \#(i)""#) }
        if i % 13 == 0 { fields.append(#""aka": ["Formerly \#(i)"], "nameOrder": "family-first""#) }
        // Comments and line breaks between and inside people move where each one starts.
        let separator =
            i % 5 == 0 ? ",\r\n      /* a comment, with a comma */ " : (i % 5 == 1 ? ", // note, here\n " : ", ")
        return "{" + fields.joined(separator: separator) + "}"
    }

    static func document(people: [String], trailingComma: Bool = false) -> String {
        """
        {
          "owner": { "name": "Sam Rivera", "email": "sam@example.org" },
          "timezone": "UTC",
          "circles": { "inner": { "every": "2w" }, "friends": { "every": "1m" }, "network": { "every": "3m" } },
          "goals": [ { "id": "book", "title": "The book" } ],
          "people": [
            \(people.joined(separator: ",\n    // between people, ] } {\n    "))\(trailingComma ? ", // trailing\n" : "")
          ]
        }
        """
    }

    /// Parses `json`, in parts of `perPart` people on three threads, or in one piece when nil.
    static func parse(_ json: String, perPart: Int?) -> (config: Result<Config, ConfigError>, inParts: Bool) {
        var decoder = ConfigDecoder(systemTimeZone: TimeZone(identifier: "UTC")!)
        if let perPart {
            decoder.peopleOnThreads = 1
            decoder.peoplePerPart = perPart
            decoder.partsOnThreads = true
        } else {
            decoder.peopleOnThreads = .max
        }
        do {
            let config = try ConfigLoader.parse(bytes: Array(json.utf8), file: "test.json", decoder: &decoder)
            return (.success(config), decoder.peopleReadInParts)
        } catch {
            return (.failure(error), decoder.peopleReadInParts)
        }
    }

    @Test(arguments: [1, 2, 7, 64, 1000])
    func peopleReadInPartsAreThePeopleReadInOnePiece(perPart: Int) throws {
        for trailingComma in [false, true] {
            let json = Self.document(people: (0..<300).map(Self.person), trailingComma: trailingComma)
            let whole = try Self.parse(json, perPart: nil).config.get()
            let (parts, inParts) = Self.parse(json, perPart: perPart)
            #expect(inParts)
            let config = try parts.get()
            #expect(config.people.count == 300)
            // Every field of every person, as reflection prints them.
            #expect("\(config.people)" == "\(whole.people)")
        }
    }

    /// Anything wrong in the list: the parts give up, and reading in one piece reports it, so
    /// the messages are those of one piece, in order.
    @Test(arguments: [
        (3, #"{"name": "ADA LOVELACE 0", "circle": "inner"}"#),  // a duplicate, parts apart
        (20, #"{"name": "Ada", "circle": "innner"}"#),
        (21, #"{"name": "Ada", "circle": "inner"} {"name": "Bob", "circle": "inner"}"#),
        (22, #"{"name": "Ada" "circle": "inner"}"#),
        (23, #"{"name": "Ada", "circle": "inner", "nmae": "x"}"#),
        (24, #"{"name": "Ada"}"#),
        (25, #"{"name": "Ada", "circle": "inner", "email": "not an address"}"#),
        (26, "{\"name\": \"Ada\nLovelace\", \"circle\": \"inner\"}"),
        (27, #"{"name": "Ada", "circle": "inner", "goals": ["boook"]}"#),
        (28, #"{"name": "Ada", "circle": "inner", "aka": ["Zoë Ñúñez 1"]}"#),
        (29, #"{"name": "Ada", "circle": "inner", "lastContact": "2026-02-30"}"#),
        (29, #""not a person""#),
        (30, "{}"),
        (31, #"{"name": "Ada", "circle": "inner", "name": "Bob"}"#),
        (39, #"{"name": "Ada", "circle": "inner",}, , {"name": "Bob", "circle": "inner"}"#),
        (39, #"{"name": "Ada", "circle": "inner"}]"#),
        (39, #"{"name": "Ada", "circle": "inner"}}"#),
    ])
    func aListWithAnythingWrongIsReportedAsInOnePiece(at: Int, bad: String) {
        var people = (0..<40).map(Self.person)
        people[at] = bad
        let json = Self.document(people: people)
        let whole = Self.parse(json, perPart: nil).config
        for perPart in [1, 3, 8] {
            let (parts, inParts) = Self.parse(json, perPart: perPart)
            switch (parts, whole) {
            case (.failure(let parts), .failure(let whole)):
                #expect(parts.description == whole.description)
                #expect(!parts.problems.isEmpty)
            default:
                Issue.record("\(bad): expected a problem both ways, got \(parts) and \(whole)")
            }
            // The parts give up at every problem but two: a former name that is someone else's
            // is found once every person is known, after the parts; and a list closed early is
            // a good list, with the error after it.
            #expect(inParts == (bad.contains("aka") || bad.hasSuffix("]")), "\(bad)")
        }
    }

    /// Where each part starts: a reader there says the same lines and columns as one that read
    /// every element before it.
    @Test(arguments: [
        "[]", "[1]", "[1,]", "[ 1 , 2 ,\n 3 ]", "[{}, {\"a\": [1, 2]},\r\n{\"b\": \"],}\\\"\"}]",
        "[ // one, two\n 1, /* 2,\n 3 ] */ 4 ,\n // last\n 5]", "[\"é\", \"李\",\n\"\\\\\", true, null, -1.5e3]",
    ])
    func partsStartWhereReadingInOnePieceWouldBe(text: String) throws {
        let bytes = Array(text.utf8)
        let whole = try JSONReader.read(bytes) { r throws(JSONSyntaxError) in
            var positions: [SourcePosition] = []
            try r.readArray { r, _ throws(JSONSyntaxError) in
                positions.append(try r.valuePosition())
                try r.skipValue()
            }
            return positions
        }
        for stride in 1...3 {
            let parts = try JSONReader.read(bytes) { r throws(JSONSyntaxError) -> [SourcePosition] in
                guard let scan = r.scanList(markingEvery: stride) else {
                    Issue.record("\(text) was not scanned")
                    return []
                }
                #expect(scan.count == whole.count)
                var positions: [SourcePosition] = []
                for start in Swift.stride(from: 0, to: scan.count, by: stride) {
                    let read = try r.readElements(start..<min(scan.count, start + stride), of: scan) {
                        r, _ throws(JSONSyntaxError) in
                        positions.append(try r.valuePosition())
                        try r.skipValue()
                    }
                    #expect(read, "\(text)")
                }
                r.skipList(scan)
                try r.finish()
                return positions
            }
            #expect(parts == whole, "\(text), parts of \(stride)")
        }
    }

    /// A list whose commas are not where a scan of its bytes put them is not read in parts.
    @Test(arguments: ["[1 2]", "[{} {}, {}]", "[1,, 2]", "[1, 2 3, 4]", "[1, 2}", "[1, {\"a\": 2]}"])
    func partsRefuseAListTheScanMisread(text: String) throws {
        let refused = try JSONReader.read(Array(text.utf8)) { r throws(JSONSyntaxError) -> Bool in
            guard let scan = r.scanList(markingEvery: 1) else {
                Issue.record("\(text) was not scanned, so not read in parts at all")
                return true
            }
            for start in 0..<scan.count {
                do throws(JSONSyntaxError) {
                    let read = try r.readElements(start..<(start + 1), of: scan) { r, _ throws(JSONSyntaxError) in
                        try r.skipValue()
                    }
                    if !read { return true }
                } catch {
                    return true
                }
            }
            return false
        }
        #expect(refused, "\(text)")
    }

    /// Names are told apart by their hashes; where two hashes are equal, by the names.
    @Test func namesOfEqualHashesAreToldApartByTheNames() throws {
        let config = try Self.parse(Self.document(people: (0..<40).map(Self.person)), perPart: nil).config.get()
        func adopt(_ people: [Person], hashes: [Int]) -> Bool {
            var assembler = PeopleAssembler(circles: config.circles, goalIDs: ["book"])
            return assembler.adopt(people: people, hashes: hashes, workers: [])
        }
        // Every name given one hash, as if they all collided; then hashes that share a slot.
        for hashes in [Array(repeating: 7, count: 40), (0..<40).map { $0 % 3 * 1024 }] {
            #expect(adopt(config.people, hashes: hashes))
            var same = config.people
            same[32].name = same[2].name.uppercased()
            #expect(!adopt(same, hashes: hashes))
        }
    }

    /// The big buffers are offered for huge pages: the kernel marks the advised range (`hg` in
    /// its `VmFlags`, whether or not this machine's transparent huge pages are on).
    @Test func bigBuffersAreOfferedForHugePages() throws {
        let count = 9 << 20
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(buffer.baseAddress!, count: count)
            buffer.initialize(repeating: 1)
            initialized = count
        }
        defer { withExtendedLifetime(buffer) {} }
        // A place in the middle, inside the 2 MB pages that were advised.
        let inner = buffer.withUnsafeBufferPointer { (Int(bitPattern: $0.baseAddress!) + (4 << 20)) & ~((2 << 20) - 1) }
        // Read whole (a /proc file says it is empty, and Foundation stops at its first page).
        let smaps = String(decoding: try FileBytes.read("/proc/self/smaps", limit: 64 << 20), as: UTF8.self)
        var flags: String?
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { Int($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= inner && inner < bounds[1]
            } else if inside, line.hasPrefix("VmFlags:") {
                flags = String(line)
            }
        }
        #expect(flags?.split(separator: " ").contains("hg") == true, "\(flags ?? "no mapping found")")
    }

    @Test(arguments: [2, 3, 5])
    func dueInPartsIsDueInOnePiece(parts: Int) throws {
        // Many people alike, so that ties are broken by circle and config order across parts.
        let people = (0..<400).map { i in
            i % 3 == 0 ? #"{"name": "Same \#(i)", "circle": "friends", "lastContact": "2026-09-01"}"# : Self.person(i)
        }
        let config = try Self.parse(Self.document(people: people), perPart: nil).config.get()
        let context = DueEngine.Context(config: config, state: ContactState(), today: date("2026-11-23"))
        let whole = DueEngine.due(in: context, parts: 1)
        #expect(whole.count > 100)
        #expect(DueEngine.due(in: context, parts: parts) == whole)
    }
}
