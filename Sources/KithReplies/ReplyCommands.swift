import Foundation
public import KithCore

/// The commands in a reply to a digest (docs/replies.md): one a line, above the quoted part,
/// names matched as `kith log` matches them. Pure: the daemon applies what this returns.
public enum ReplyCommands {
    /// What one understood line asks for.
    public enum Action: Sendable, Equatable {
        /// Contact to record, as `kith log` would.
        case log(personKey: String, personName: String, kind: InteractionKind, date: LocalDate, note: String?)
        /// Leave the person out of digests until (not including) `until`.
        case snooze(personKey: String, personName: String, until: LocalDate)
        /// Leave the person out of the digests of `day` and the next day; their clock is unchanged.
        case skip(personKey: String, personName: String, day: LocalDate)
    }

    /// One command line and what came of it.
    public struct Line: Sendable, Equatable {
        /// The line as written (white space trimmed).
        public var text: String
        /// The action, or why nothing is applied for this line.
        public var outcome: Result<Action, Problem>
    }

    /// Why a line is not applied: not understood, or a name that means several people.
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
    }

    /// The verbs, for the help at the bottom of the digest and in confirmations.
    public static let verbs = ["done", "met", "gave", "asked", "thanks", "snooze", "skip"]

    /// The most command lines one reply may hold; the rest are left alone.
    public static let maximumLines = 50

    /// Reads the commands of a reply's text. `day` is the day the reply was sent: what dates
    /// default to, and the latest a contact may be dated.
    public static func read(_ body: String, people: [Person], day: LocalDate) -> [Line] {
        commandLines(body).prefix(maximumLines).map { text in
            Line(text: text, outcome: parse(text, people: people, day: day))
        }
    }

    /// The lines of `body` that may be commands: above the quoted part (everything after an
    /// "On … wrote:" line, an "-----Original Message-----" line or a signature `-- ` line is
    /// ignored, as are lines starting with `>`), not empty, and not a phone's "Sent from my …".
    public static func commandLines(_ body: String) -> [String] {
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var result: [String] = []
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces()
            if raw == "-- " || line == "--" || line == "-----Original Message-----" { break }
            if isAttribution(lines, at: index) { break }
            if line.hasPrefix(">") || line.isEmpty { continue }
            if line.lowercased().hasPrefix("sent from my ") { continue }
            result.append(line)
        }
        return result
    }

    /// Whether line `index` starts a quoted message's attribution: `On <date>, <name> wrote:`,
    /// perhaps wrapped over up to three lines, or its French, German and Spanish forms.
    static func isAttribution(_ lines: [String], at index: Int) -> Bool {
        let first = lines[index].trimmingSpaces()
        let starts = ["On ", "Le ", "Am ", "El "]
        guard starts.contains(where: { first.hasPrefix($0) }) else { return false }
        let endings = ["wrote:", "a écrit :", "a écrit:", "schrieb:", "escribió:"]
        var joined = ""
        for line in lines[index..<min(lines.count, index + 3)] {
            joined += line.trimmingSpaces()
            if endings.contains(where: { joined.hasSuffix($0) }) { return true }
            joined += " "
        }
        return false
    }

    static func parse(_ line: String, people: [Person], day: LocalDate) -> Result<Action, Problem> {
        var words = line.split(separator: " ", maxSplits: 1).map(String.init)
        let verb = words.first.map { $0.lowercased().trimmingCharacters(in: [":", ",", "."]) } ?? ""
        guard verbs.contains(verb) else {
            return .failure(
                Problem(
                    message:
                        "not a command; a line starts with one of: \(verbs.joined(separator: ", ")) (e.g. \"done Ada: coffee\")"
                ))
        }
        words.removeFirst()
        var target = words.first ?? ""
        var note: String?
        if let colon = target.firstIndex(of: ":") {
            note = String(target[target.index(after: colon)...]).trimmingSpaces()
            if note?.isEmpty ?? false { note = nil }
            target = String(target[..<colon])
        }
        target = target.trimmingSpaces()
        // A date at the end: `on 2026-11-28`, `yesterday`, `today`.
        var date = day
        let lower = target.lowercased()
        if lower.hasSuffix(" yesterday") || lower == "yesterday" {
            date = day.adding(days: -1)
            target = String(target.dropLast("yesterday".count)).trimmingSpaces()
        } else if lower.hasSuffix(" today") {
            target = String(target.dropLast("today".count)).trimmingSpaces()
        } else if let range = lower.range(of: " on ", options: .backwards) {
            let text = String(target[range.upperBound...]).trimmingSpaces()
            guard let parsed = LocalDate(iso: text) else {
                return .failure(Problem(message: "\"\(text)\" is not a date; write it as YYYY-MM-DD"))
            }
            guard parsed <= day else {
                return .failure(
                    Problem(message: "\(parsed) is after the day of this reply; log contact once it has happened"))
            }
            date = parsed
            target = String(target[..<range.lowerBound]).trimmingSpaces()
        }
        switch verb {
        case "snooze":
            let parts = target.split(separator: " ")
            guard parts.count >= 2, let last = parts.last else {
                return .failure(
                    Problem(message: "say for how long, e.g. \"snooze Ada 2w\" or \"snooze Ada 2027-01-10\""))
            }
            let name = parts.dropLast().joined(separator: " ")
            var until: LocalDate
            if let exact = LocalDate(iso: String(last)) {
                guard exact > day else {
                    return .failure(Problem(message: "\(exact) is not after the day of this reply"))
                }
                until = exact
            } else if case .success(let cadence) = Cadence.parse(String(last)) {
                until = cadence.after(day)
            } else {
                return .failure(
                    Problem(message: "\"\(last)\" is not a duration or a date; use e.g. 10d, 2w, 3m or 2027-01-10"))
            }
            return person(name, people).map { .snooze(personKey: $0.key, personName: $0.name, until: until) }
        case "skip":
            return person(target, people).map { .skip(personKey: $0.key, personName: $0.name, day: day) }
        default:
            var name = target
            var kind = InteractionKind.message
            switch verb {
            case "met":
                kind = .met
                if let range = name.range(of: " at ", options: [.caseInsensitive, .backwards]) {
                    let place = String(name[range.upperBound...]).trimmingSpaces()
                    name = String(name[..<range.lowerBound]).trimmingSpaces()
                    if !place.isEmpty { note = "at \(place)" + (note.map { ": \($0)" } ?? "") }
                }
            case "gave": kind = .gave
            case "asked": kind = .asked
            case "thanks": note = "thanked them" + (note.map { ": \($0)" } ?? "")
            default: break
            }
            return person(name, people).map {
                .log(personKey: $0.key, personName: $0.name, kind: kind, date: date, note: note)
            }
        }
    }

    private static func person(_ name: String, _ people: [Person]) -> Result<Person, Problem> {
        guard !name.isEmpty else { return .failure(Problem(message: "give the name of the person")) }
        do {
            return .success(try PersonMatch.find(name, in: people))
        } catch {
            return .failure(Problem(message: error.message))
        }
    }
}
