/// Builds each `Person` from its decoded `RawPerson` and checks what spans sections (circles,
/// goals, duplicate names, former names). When the file names its circles before its people, as
/// the example does, the decoder hands each person here as soon as it is read, so the decoded
/// people are never all held at once beside the built ones (100,000 people: 38 MB less at the
/// peak). Otherwise `ConfigLoader` runs the same steps after the whole file is read.
struct PeopleAssembler {
    private let circles: [Circle]
    private let circleIndex: [String: Int]
    /// The goal ids, when the goals were read before the people; else each person's goals are
    /// checked in `finish`.
    private let goalIDs: [String]?
    private(set) var people: [Person] = []
    private(set) var problems: [ConfigProblem] = []
    private var firstIndexByKey: [String: Int] = [:]
    /// How many decoded people were handed over: the index in messages.
    private var count = 0
    private var akas: [(index: Int, aka: [String], position: SourcePosition, name: String?)] = []
    private var pendingGoals: [(index: Int, goals: [String], position: SourcePosition, name: String?)] = []

    init(circles: [Circle], goalIDs: [String]?) {
        self.circles = circles
        var index: [String: Int] = [:]
        for (position, circle) in circles.enumerated() { index[circle.name] = position }
        self.circleIndex = index
        self.goalIDs = goalIDs
    }

    mutating func reserve(_ capacity: Int) {
        people.reserveCapacity(capacity)
        firstIndexByKey.reserveCapacity(capacity)
    }

    /// - Parameter otherProblems: how many problems were found elsewhere so far; past the
    ///   report's limit no suggestion is worth computing.
    mutating func add(_ rawPerson: consuming ConfigDecoder.RawPerson, otherProblems: Int) {
        if let (person, _) = make(rawPerson, otherProblems: otherProblems) { people.append(person) }
    }

    /// A copy for a thread that builds the people from `index` on (`make`), one at a time: it
    /// checks each alone and leaves their names to be checked against each other by `adopt`.
    func worker(startingAt index: Int) -> PeopleAssembler {
        var worker = self
        worker.count = index
        worker.namesAgainstEachOther = false
        return worker
    }

    /// Whether `make` checks each name against those before it (a worker leaves it to `adopt`).
    private var namesAgainstEachOther = true

    /// Takes the people that workers built, all of them and in order, with the hashes of their
    /// names' comparison keys (worked out on the threads: hashing a name that is not ASCII is
    /// slow), and the workers themselves in order (for what they noted to check once every
    /// person is known). False, taking nothing, when two people share a name: reading the list
    /// again in one piece then says which.
    mutating func adopt(people built: consuming [Person], hashes: [Int], workers: [PeopleAssembler]) -> Bool {
        precondition(people.isEmpty && count == 0 && built.count == hashes.count)
        // Everyone entered in a table by hash (open addressing, at most half full, each slot the
        // index of a person plus one): a name is compared only with those of an equal hash.
        let capacity = max(16, 1 << (Int.bitWidth - (2 * built.count).leadingZeroBitCount))
        var table = [UInt32](repeating: 0, count: capacity)
        for index in built.indices {
            var slot = hashes[index] & (capacity - 1)
            while table[slot] != 0 {
                let other = Int(table[slot]) - 1
                if hashes[other] == hashes[index],
                    Person.comparisonKey(built[other].name, lowercased: built[other].key)
                        == Person.comparisonKey(built[index].name, lowercased: built[index].key)
                {
                    return false
                }
                slot = (slot + 1) & (capacity - 1)
            }
            table[slot] = UInt32(index + 1)
        }
        for worker in workers {
            akas += worker.akas
            pendingGoals += worker.pendingGoals
        }
        if !akas.isEmpty {
            // Former names are looked up among everyone's names in `finish`.
            firstIndexByKey.reserveCapacity(built.count)
            for index in built.indices {
                firstIndexByKey[Person.comparisonKey(built[index].name, lowercased: built[index].key)] = index
            }
        }
        count = built.count
        people = built
        return true
    }

    /// The person built from `rawPerson`, with the comparison key of their name; nil when a
    /// problem (recorded in `problems`) keeps them out.
    mutating func make(_ rawPerson: consuming ConfigDecoder.RawPerson, otherProblems: Int) -> (Person, key: String)? {
        let index = count
        count += 1
        func problem(_ field: String, _ message: String) {
            let place = "people[\(index)]"
            problems.append(
                ConfigProblem(
                    path: field.isEmpty ? place : "\(place).\(field)", position: rawPerson.position, message: message,
                    person: rawPerson.name))
        }
        if !rawPerson.aka.isEmpty { akas.append((index, rawPerson.aka, rawPerson.position, rawPerson.name)) }
        guard let name = rawPerson.name, !name.isBlank else {
            // A name that was given but refused has its own problem already.
            if !rawPerson.hasNameKey || rawPerson.name != nil {
                problem("name", "every person needs a \"name\"")
            }
            return nil
        }
        let lowercased = Person.lowercased(name)
        let key = Person.comparisonKey(name, lowercased: lowercased)
        // One lookup for the common case, a new name; a duplicate puts the first one back.
        if namesAgainstEachOther, let first = firstIndexByKey.updateValue(index, forKey: key) {
            firstIndexByKey[key] = first
            problem(
                "name",
                "\(UserText.quoted(name)) is listed twice (also people[\(first)]; names are compared ignoring case, accents' encoding and repeated spaces); merge them or tell them apart, e.g. \"\(name) (work)\""
            )
        }
        var circleCadence: Cadence?
        var rank = circles.count
        if let circle = rawPerson.circle {
            if let found = circleIndex[circle] {
                circleCadence = circles[found].every
                rank = found
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
        if let goalIDs {
            checkGoals(
                rawPerson.goals, index: index, position: rawPerson.position, name: rawPerson.name, ids: goalIDs,
                otherProblems: otherProblems)
        } else if !rawPerson.goals.isEmpty {
            pendingGoals.append((index, rawPerson.goals, rawPerson.position, rawPerson.name))
        }
        guard let cadence = rawPerson.every ?? circleCadence else {
            if !rawPerson.hasCadenceKey {
                problem("", "give \(name) a \"circle\" or an \"every\" (how often to be in touch, e.g. \"1m\")")
            }
            return nil
        }
        let person = Person(
            name: name, key: lowercased, email: rawPerson.email, circle: rawPerson.circle, every: rawPerson.every,
            cadence: cadence, circleRank: rank, lastContact: rawPerson.lastContact, met: rawPerson.met,
            metAt: rawPerson.metAt, birthday: rawPerson.birthday, field: rawPerson.field, offers: rawPerson.offers,
            needs: rawPerson.needs, goals: rawPerson.goals, tags: rawPerson.tags, notes: rawPerson.notes,
            dates: rawPerson.dates, emails: rawPerson.emails, phone: rawPerson.phone, nickname: rawPerson.nickname,
            aka: rawPerson.aka, familyFirst: rawPerson.familyFirst)
        return (person, key)
    }

    private mutating func checkGoals(
        _ goals: [String], index: Int, position: SourcePosition, name: String?, ids: [String], otherProblems: Int
    ) {
        for (goalIndex, goal) in goals.enumerated() where !ids.contains(goal) {
            var message = "\(UserText.quoted(goal)) is not the id of any goal under \"goals\""
            if otherProblems + problems.count < ConfigError.shownLimit,
                let suggestion = NameSuggestion.closest(to: goal, among: ids)
            {
                message += "; did you mean \(UserText.quoted(suggestion))?"
            }
            problems.append(
                ConfigProblem(
                    path: "people[\(index)].goals[\(goalIndex)]", position: position, message: message, person: name))
        }
    }

    /// The checks that need every person (former names) or sections read after the people.
    mutating func finish(goalIDs ids: [String], otherProblems: Int) {
        for (index, goals, position, name) in pendingGoals {
            checkGoals(goals, index: index, position: position, name: name, ids: ids, otherProblems: otherProblems)
        }
        pendingGoals = []
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
