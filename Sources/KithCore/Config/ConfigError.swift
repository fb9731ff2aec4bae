/// One thing wrong with a config file: where it is and how to fix it.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The place in the document, such as `people[3].every`; empty for the file as a whole.
    public var path: String
    /// Where in the file, when known.
    public var position: SourcePosition?
    /// A sentence saying what is wrong and how to fix it.
    public var message: String
    /// The person the problem belongs to, when it is inside one.
    public var person: String?

    public init(path: String, position: SourcePosition?, message: String, person: String? = nil) {
        self.path = path
        self.position = position
        self.message = message
        self.person = person
    }

    /// `people[3].every (Ada Lovelace): "x" is not a duration; …`
    public var description: String {
        var place = path
        if let person { place += " (\(UserText.escaped(person, limit: 60)))" }
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// A config that could not be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    public var problems: [ConfigProblem]

    public init(file: String, problems: [ConfigProblem]) {
        self.file = file
        self.problems = problems
    }

    /// How many problems a report lists; a count says how many more there are.
    public static let shownLimit = 50

    /// One problem a line, each prefixed with `file:line:column:` where known; at most
    /// `shownLimit` of them, then how many more there are.
    public var description: String {
        let name = UserText.escaped(file)
        var lines = problems.prefix(ConfigError.shownLimit).map { problem in
            if let position = problem.position {
                return "\(name):\(position.line):\(position.column): \(problem)"
            }
            return "\(name): \(problem)"
        }
        if problems.count > ConfigError.shownLimit {
            let more = problems.count - ConfigError.shownLimit
            lines.append("\(name): … and \(more) more problem\(more == 1 ? "" : "s"); fix these first")
        }
        return lines.joined(separator: "\n")
    }
}
