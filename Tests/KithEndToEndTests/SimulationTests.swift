import Foundation
import KithTestSupport
import Testing

/// Sixty days of digests, sent by `kith send` to a real SMTP server, with contact logged along
/// the way by `kith log`: the fairness rules hold over time, judged from the mail that arrived.
@Suite struct SimulationTests {
    static let restDays = 3
    static let maxPeople = 5

    private func writeConfig(port: Int) throws -> String {
        var people = (1...40).map { i in
            let n = i < 10 ? "0\(i)" : "\(i)"
            return
                #"{ "name": "Friend \#(n)", "every": "1w", "lastContact": "2026-01-\#(n.prefix(1) == "0" ? n : "1\(i % 10)")", "field": "software" }"#
        }
        people += [
            #"{ "name": "Needs Rust", "every": "1y", "lastContact": "2026-05-30", "needs": ["rust"] }"#,
            #"{ "name": "Needs Design", "every": "1y", "lastContact": "2026-05-30", "needs": ["design", "rust"] }"#,
            #"{ "name": "Needs Hiring", "every": "1y", "lastContact": "2026-05-30", "needs": ["hiring"] }"#,
            #"{ "name": "Offers Rust", "every": "1y", "lastContact": "2026-05-30", "offers": ["Rust"] }"#,
            #"{ "name": "Offers Design", "every": "1y", "lastContact": "2026-05-30", "offers": ["design", "hiring"] }"#,
        ]
        return try KithBinary.temporaryFile(
            """
            { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC",
              "digest": { "at": "07:30", "maxPeople": \(Self.maxPeople), "restDays": \(Self.restDays) },
              "smtp": { "url": "smtp://127.0.0.1:\(port)", "from": "kith@example.org", "tls": "none" },
              "people": [ \(people.joined(separator: ",\n")) ] }
            """)
    }

    /// People and introductions named in a digest's text part.
    private func read(_ text: String) -> (people: [String], introductions: [String]) {
        var people: [String] = []
        var introductions: [String] = []
        var section = ""
        for line in text.components(separatedBy: "\r\n") {
            if !line.isEmpty, line == line.uppercased(), !line.hasPrefix("*"), !line.hasPrefix(" ") {
                section = line
                continue
            }
            guard line.hasPrefix("* ") else { continue }
            let body = line.dropFirst(2)
            if section.hasPrefix("INTRODUCTIONS") {
                // "* A is looking for X; B offers it. ..."
                let needer = body.components(separatedBy: " is looking for ")[0]
                let offerer = body.components(separatedBy: "; ")[1].components(separatedBy: " offers it")[0]
                introductions.append("\(needer)→\(offerer)")
            } else if !section.hasPrefix("COMING UP") {
                people.append(String(body.prefix { $0 != ":" }))
            }
        }
        return (people, introductions)
    }

    @Test func sixtyDaysOfDigestsStayShortRestAndRotateFairly() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("kith-sim-\(UUID().uuidString)").path
        let start = try #require(
            Calendar(identifier: .gregorian).date(from: DateComponents(year: 2026, month: 6, day: 1)))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        var shownOn: [String: [Int]] = [:]
        var contactedOn: [String: [Int]] = [:]
        var introducedOn: [String: [Int]] = [:]
        var previous: [String] = []
        for day in 0..<60 {
            let date = formatter.string(from: start.addingTimeInterval(Double(day) * 86400))
            // The script: every fourth day, get in touch with the first person of the last digest.
            if day % 4 == 1, let first = previous.first {
                let logged = try KithBinary.run(["log", first, "--on", date, "--config", config, "--state", state])
                #expect(logged.status == 0, "\(logged.stderr)")
                contactedOn[first, default: []].append(day)
            }
            let before = server.messages.count
            let sent = try KithBinary.run(["send", "--at", "\(date)T07:30", "--config", config, "--state", state])
            #expect(sent.status == 0, "day \(day): \(sent.stderr)")
            guard server.messages.count == before + 1 else {
                previous = []
                continue
            }
            let message = try ParsedMessage(file: server.messages[before])
            #expect(message.defects.isEmpty)
            let (people, introductions) = read(try #require(message.part("text/plain")))
            #expect(people.count <= Self.maxPeople, "day \(day): \(people)")
            #expect(introductions.count <= 2)
            for name in people { shownOn[name, default: []].append(day) }
            for pair in introductions { introducedOn[pair, default: []].append(day) }
            previous = people
        }
        // Nobody is shown twice less than restDays apart without contact in between.
        for (name, days) in shownOn {
            for (a, b) in zip(days, days.dropFirst()) where b - a < Self.restDays {
                let contacted = contactedOn[name, default: []].contains { $0 >= a && $0 <= b }
                #expect(contacted, "\(name) shown on days \(a) and \(b) without contact")
            }
        }
        // With 40 overdue and 5 a day, everyone has had a turn within 14 days.
        let firstFortnight = Set(shownOn.filter { $0.value.contains { $0 < 14 } }.keys)
        let friends = Set((1...40).map { $0 < 10 ? "Friend 0\($0)" : "Friend \($0)" })
        #expect(friends.isSubset(of: firstFortnight), "missing: \(friends.subtracting(firstFortnight).sorted())")
        // No introduction pair repeated within 30 days, and some were made.
        #expect(!introducedOn.isEmpty)
        for (pair, days) in introducedOn {
            for (a, b) in zip(days, days.dropFirst()) {
                #expect(b - a >= 30, "\(pair) suggested on days \(a) and \(b)")
            }
        }
    }
}
