import Foundation

/// Finds the person a name on the command line means: exact (ignoring case), else a unique
/// prefix of the name or of any word in it.
public enum PersonMatch {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func find(_ query: String, in people: [Person]) throws(Failure) -> Person {
        let needle = query.trimmingSpaces().lowercased()
        guard !needle.isEmpty else { throw Failure(message: "give the name of someone in the config") }
        if let exact = people.first(where: { $0.key == needle }) { return exact }
        // Then ignoring accents too, by name, nickname or a former name (`aka`): exactly, else by
        // a unique start of the name or of a word in it.
        let folded = fold(needle)
        func names(_ person: Person) -> [String] {
            [person.key] + (person.nickname.map { [$0.lowercased()] } ?? []) + person.aka.map { $0.lowercased() }
        }
        let exact = people.filter { names($0).contains { fold($0) == folded } }
        if exact.count == 1 { return exact[0] }
        func starts(_ name: String, _ prefix: String) -> Bool {
            name.hasPrefix(prefix) || name.split(separator: " ").contains { $0.hasPrefix(prefix) }
        }
        var candidates = exact
        if candidates.isEmpty {
            // As typed first (an accent typed is meant), then ignoring accents.
            candidates = people.filter { names($0).contains { starts($0, needle) } }
            if candidates.count != 1 {
                let folding = people.filter { names($0).contains { starts(fold($0), folded) } }
                if candidates.isEmpty || folding.count == 1 { candidates = folding }
            }
        }
        switch candidates.count {
        case 1:
            return candidates[0]
        case 0:
            var message = "nobody called \(UserText.quoted(query)) is in the config"
            let target = Array(needle)
            let limit = max(2, needle.count / 3)
            let close =
                needle.count > NameSuggestion.maximumLength
                ? [] : people.map(\.name).filter { NameSuggestion.distance(target, $0, atMost: limit) != nil }
            if !close.isEmpty {
                message +=
                    "; did you mean " + close.prefix(5).map { "\(UserText.quoted($0))" }.joined(separator: " or ") + "?"
            }
            throw Failure(message: message)
        default:
            let names = candidates.prefix(8).map { "\(UserText.quoted($0.name))" }.joined(separator: ", ")
            let more = candidates.count > 8 ? " and \(candidates.count - 8) more" : ""
            throw Failure(message: "\(UserText.quoted(query)) could mean \(names)\(more); give more of the name")
        }
    }

    /// `text` (already lowercased) without accents: "tomás" → "tomas". ASCII stays as it is.
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
