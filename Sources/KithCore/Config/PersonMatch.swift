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
        let candidates = people.filter { person in
            person.key.hasPrefix(needle) || person.key.split(separator: " ").contains { $0.hasPrefix(needle) }
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
}
