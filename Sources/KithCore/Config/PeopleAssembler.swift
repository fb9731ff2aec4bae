/// Completes the people the decoder read, once the whole file is read, and checks what spans
/// sections: circles (which give a person their cadence), goals, duplicate names, former names.
struct PeopleAssembler {
    private let circles: [Circle]
    private let circleIndex: [String: Int]
    private let goalIDs: [String]
    private(set) var problems: [ConfigProblem] = []
    private var firstIndexByKey: [String: Int] = [:]
    private var akas: [(index: Int, aka: [String], position: SourcePosition, name: String?)] = []

    init(circles: [Circle], goalIDs: [String], people: Int) {
        self.circles = circles
        var index: [String: Int] = [:]
        for (position, circle) in circles.enumerated() { index[circle.name] = position }
        self.circleIndex = index
        self.goalIDs = goalIDs
        firstIndexByKey.reserveCapacity(people)
    }

    /// Gives `person`, the `index`th of the list, their cadence and circle rank, and records
    /// whatever is wrong with them in `problems`.
    /// - Parameter otherProblems: how many problems were found elsewhere so far; past the
    ///   report's limit no suggestion is worth computing.
    mutating func complete(
        _ person: inout Person, index: Int, source: ConfigDecoder.PersonSource, otherProblems: Int
    ) {
        let name = source.nameGiven ? person.name : nil
        func problem(_ field: String, _ message: String) {
            let place = "people[\(index)]"
            problems.append(
                ConfigProblem(
                    path: field.isEmpty ? place : "\(place).\(field)", position: source.position, message: message,
                    person: name))
        }
        if !person.aka.isEmpty { akas.append((index, person.aka, source.position, name)) }
        guard let name, !name.isBlank else {
            // A name that was given but refused has its own problem already.
            if !source.hasNameKey || source.nameGiven {
                problem("name", "every person needs a \"name\"")
            }
            return
        }
        let key = Person.comparisonKey(lowercased: person.key)
        // One lookup for the common case, a new name; a duplicate puts the first one back.
        if let first = firstIndexByKey.updateValue(index, forKey: key) {
            firstIndexByKey[key] = first
            problem(
                "name",
                "\(UserText.quoted(name)) is listed twice (also people[\(first)]; names are compared ignoring case, accents' encoding and repeated spaces); merge them or tell them apart, e.g. \"\(name) (work)\""
            )
        }
        var circleCadence: Cadence?
        person.circleRank = circles.count
        if let circle = person.circle {
            if let found = circleIndex[circle] {
                circleCadence = circles[found].every
                person.circleRank = found
            } else {
                let known = circles.map(\.name)
                var message = "\(UserText.quoted(circle)) is not a circle defined under \"circles\""
                if otherProblems + problems.count >= ConfigError.shownLimit {
                    // Past what the report shows: no suggestion is worth computing.
                } else if let suggestion = NameSuggestion.closest(to: circle, among: known) {
                    message += "; did you mean \(UserText.quoted(suggestion))?"
                } else if known.isEmpty {
                    message +=
                        "; define it there, e.g. \"circles\": { \(UserText.quoted(circle)): { \"every\": \"1m\" } }"
                } else {
                    message +=
                        "; defined circles: " + known.prefix(20).map(UserText.quoted).joined(separator: ", ")
                        + (known.count > 20 ? " and \(known.count - 20) more" : "")
                }
                problem("circle", message)
            }
        }
        for (goalIndex, goal) in person.goals.enumerated() where !goalIDs.contains(goal) {
            var message = "\(UserText.quoted(goal)) is not the id of any goal under \"goals\""
            if otherProblems + problems.count < ConfigError.shownLimit,
                let suggestion = NameSuggestion.closest(to: goal, among: goalIDs)
            {
                message += "; did you mean \(UserText.quoted(suggestion))?"
            }
            problem("goals[\(goalIndex)]", message)
        }
        if let cadence = person.every ?? circleCadence {
            person.cadence = cadence
        } else if !source.hasCadenceKey {
            problem("", "give \(name) a \"circle\" or an \"every\" (how often to be in touch, e.g. \"1m\")")
        }
    }

    /// The check that needs every person: former names.
    mutating func finish() {
        // A former name (`aka`) must not be someone else's name: their histories would mix.
        for (index, aka, position, name) in akas {
            for alias in aka {
                let key = Person.comparisonKey(alias)
                if let other = firstIndexByKey[key], other != index {
                    problems.append(
                        ConfigProblem(
                            path: "people[\(index)].aka", position: position,
                            message:
                                "\(UserText.quoted(alias)) is the name of another person in the config (people[\(other)]); a former name must not be anyone's name now",
                            person: name))
                }
            }
        }
        akas = []
    }
}
