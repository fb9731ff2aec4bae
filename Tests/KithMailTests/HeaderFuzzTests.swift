import Foundation
import KithCore
import KithTestSupport
import Testing

@testable import KithMail

/// Random display names and subjects, as long and as strange as a config can hold: every
/// header line stays within RFC 5322's 998 octets and Python's parser finds no defect.
@Suite struct HeaderFuzzTests {
    /// Pieces text is made of: words, specials a header treats apart, letters of other scripts,
    /// emoji, combining marks, tabs and control characters a JSON escape can put in a name.
    private static let pieces: [String] = [
        "Ada", "Lovelace", "Dr.", "Jr.", ",", "\"", "\\", "(", ")", "<", ">", "@", ";", ":", "[", "]", "=?", "?=",
        "=?UTF-8?B?", " ", "  ", "\t", "\u{1}", "Zoë", "Ñúñez", "李小龙", "Ørjan", "🎉", "👩‍👩‍👧", "e\u{301}", "مرحبا",
        "\u{202E}", "x",
    ]

    private static func text(_ random: inout SeededGenerator) -> String {
        var out = ""
        switch Int.random(in: 0..<20, using: &random) {
        case 0:  // one word longer than a header line may be (998 octets)
            let piece = pieces.randomElement(using: &random)!
            out = String(repeating: piece, count: Int.random(in: 1000...1500, using: &random) / piece.utf8.count + 1)
        case 1:  // a run of short words longer than a header line may be
            for _ in 0..<Int.random(in: 340...500, using: &random) { out += "ab " }
        default:
            for _ in 0..<Int.random(in: 1...40, using: &random) { out += pieces.randomElement(using: &random)! }
        }
        return out
    }

    @Test func randomNamesAndSubjectsKeepEveryLineWithinTheLimitAndParseCleanly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededGenerator(seed: 20_261_130)
        let count = 10_000
        for index in 0..<count {
            let subject = Self.text(&random)
            let recipients = (0..<Int.random(in: 1...4, using: &random)).map { n in
                Mailbox(displayName: Self.text(&random), address: "person\(n)@example.org")
            }
            let message = MailMessage(
                from: Mailbox(displayName: Self.text(&random), address: "kith@example.org"), to: recipients,
                subject: subject, text: "x\n", html: "<p>x</p>\n", date: Date(timeIntervalSince1970: 1_795_415_400),
                timeZone: TimeZone(identifier: "UTC")!)
            let name = String(format: "%05d", index)
            try Data(message.bytes).write(to: folder.appendingPathComponent("\(name).eml"))
            try Data(HeaderEncoding.headerSafe(subject).utf8).write(
                to: folder.appendingPathComponent("\(name).subject"))
        }
        // Two judges, one a core, each with half of the messages.
        let shares = 2
        let judges = try (0..<shares).map { share in
            let judge = Process()
            judge.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            judge.arguments = [
                "python3", SMTPTestServer.script("judge_messages.py"), folder.path, "\(share)", "\(shares)",
            ]
            // Into a file: a judge must never wait for the test to read a pipe.
            let output = folder.appendingPathComponent("verdicts-\(share).jsonl")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            judge.standardOutput = try FileHandle(forWritingTo: output)
            try judge.run()
            return (judge, output)
        }
        var data = Data()
        for (judge, output) in judges {
            judge.waitUntilExit()
            #expect(judge.terminationStatus == 0)
            data += try Data(contentsOf: output)
        }
        let verdicts = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(verdicts.count == count)
        var failures: [String] = []
        for verdict in verdicts {
            let name = verdict["name"] as? String ?? "?"
            let defects = verdict["defects"] as? [String] ?? ["(none reported)"]
            let longest = verdict["max_line"] as? Int ?? .max
            if !defects.isEmpty || longest > 998 || verdict["seven_bit"] as? Bool != true
                || verdict["subject_ok"] as? Bool != true
            {
                failures.append("\(name): defects \(defects), longest line \(longest), \(verdict)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) bad messages, e.g. \(failures.prefix(3))")
    }
}
