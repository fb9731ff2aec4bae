public import Foundation

/// Finds, reads and validates the config file. Every command loads its config through here.
public enum ConfigLoader {
    /// Where the config is looked for when `--config` is not given, in order: systemd's
    /// `$CONFIGURATION_DIRECTORY`, then `$XDG_CONFIG_HOME/kith` (or `~/.config/kith`), then `/etc/kith`.
    public static func defaultPaths(environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let dir = environment["CONFIGURATION_DIRECTORY"], !dir.isEmpty {
            // systemd may pass several directories separated by colons.
            paths += dir.split(separator: ":").map { "\($0)/config.json" }
        }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append("\(xdg)/kith/config.json")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append("\(home)/.config/kith/config.json")
        }
        paths.append("/etc/kith/config.json")
        return paths
    }

    /// The explicit path, or the first default path that exists.
    public static func resolvePath(explicit: String?, environment: [String: String]) throws(ConfigError) -> String {
        if let explicit { return explicit }
        let candidates = defaultPaths(environment: environment)
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            return path
        }
        throw ConfigError(
            file: "config",
            problems: [
                ConfigProblem(
                    path: "", position: nil,
                    message: "no config file found; looked in " + candidates.joined(separator: ", ")
                        + ". Copy config.example.json to one of them, or pass --config PATH")
            ])
    }

    /// Reads and validates the file at `path`.
    public static func load(path: String, systemTimeZone: TimeZone = .current) throws(ConfigError) -> Config {
        try load(bytes: read(path: path), path: path, systemTimeZone: systemTimeZone)
    }

    /// The bytes of the config file at `path`.
    public static func read(path: String) throws(ConfigError) -> [UInt8] {
        do {
            return try FileBytes.read(path, limit: FileBytes.configLimit)
        } catch {
            throw ConfigError(
                file: path,
                problems: [
                    ConfigProblem(path: "", position: nil, message: "cannot read the config file: \(error.reason)")
                ])
        }
    }

    /// The config the daemon hands to `kith deliver` on standard input.
    public static func readStandardInput() throws(ConfigError) -> [UInt8] {
        do {
            return try FileBytes.readStandardInput(limit: FileBytes.configLimit)
        } catch {
            throw ConfigError(
                file: "(standard input)",
                problems: [ConfigProblem(path: "", position: nil, message: "cannot read the config: \(error.reason)")])
        }
    }

    /// Validates config bytes read from `path` (which relative template paths start from).
    public static func load(bytes: consuming [UInt8], path: String, systemTimeZone: TimeZone = .current)
        throws(ConfigError)
        -> Config
    {
        var config = try parse(bytes: consume bytes, file: path, systemTimeZone: systemTimeZone)
        config.sourcePath = path
        return config
    }

    /// Validates a config held in memory; `file` names it in messages.
    /// Takes the bytes: they are released once decoded, before the people are built, so the file
    /// and every person are never in memory together (100,000 people: 16.5 MB less at the peak).
    public static func parse(bytes: consuming [UInt8], file: String, systemTimeZone: TimeZone = .current)
        throws(ConfigError)
        -> Config
    {
        var decoder = ConfigDecoder(systemTimeZone: systemTimeZone)
        let raw: ConfigDecoder.RawConfig
        do {
            raw = try JSONReader.read(bytes) { reader throws(JSONSyntaxError) in
                let raw = try decoder.decode(&reader)
                try reader.finish()
                return raw
            }
        } catch {
            let syntax = ConfigProblem(
                path: "", position: error.position, message: "this is not valid JSON: \(error.message)")
            throw ConfigError(file: file, problems: [syntax])
        }
        _ = consume bytes
        var problems = decoder.problems
        let config = assemble(raw, systemTimeZone: systemTimeZone, problems: &problems)
        guard problems.isEmpty, let config else {
            // In file order, so the list reads top to bottom like the file.
            let ordered = problems.enumerated().sorted { a, b in
                let pa = a.element.position.map { ($0.line, $0.column) } ?? (0, 0)
                let pb = b.element.position.map { ($0.line, $0.column) } ?? (0, 0)
                return pa != pb ? pa < pb : a.offset < b.offset
            }
            throw ConfigError(file: file, problems: ordered.map(\.element))
        }
        return config
    }

    /// Checks what spans sections (circles, goals, duplicate names) and builds the `Config`.
    private static func assemble(
        _ raw: ConfigDecoder.RawConfig, systemTimeZone: TimeZone, problems: inout [ConfigProblem]
    ) -> Config? {
        if raw.owner == nil, !problems.contains(where: { $0.path.hasPrefix("owner") }) {
            problems.append(
                ConfigProblem(
                    path: "owner", position: nil, message: "the config needs an \"owner\" with at least your \"name\""))
        }
        var circleIndex: [String: Int] = [:]
        for (index, circle) in raw.circles.enumerated() { circleIndex[circle.name] = index }
        let goalIDs = Set(raw.goals.map(\.goal.id))

        var people: [Person] = []
        people.reserveCapacity(raw.people.count)
        var firstIndexByKey: [String: Int] = [:]
        firstIndexByKey.reserveCapacity(raw.people.count)
        for (index, rawPerson) in raw.people.enumerated() {
            let place = "people[\(index)]"
            func problem(_ field: String, _ message: String) {
                problems.append(
                    ConfigProblem(
                        path: field.isEmpty ? place : "\(place).\(field)", position: rawPerson.position,
                        message: message,
                        person: rawPerson.name))
            }
            guard let name = rawPerson.name, !name.trimmingSpaces().isEmpty else {
                // A name that was given but refused has its own problem already.
                if !rawPerson.hasNameKey || rawPerson.name != nil {
                    problem("name", "every person needs a \"name\"")
                }
                continue
            }
            let lowercased = name.lowercased()
            let key = Person.comparisonKey(name, lowercased: lowercased)
            if let first = firstIndexByKey[key] {
                problem(
                    "name",
                    "\(UserText.quoted(name)) is listed twice (also people[\(first)]; names are compared ignoring case, accents' encoding and repeated spaces); merge them or tell them apart, e.g. \"\(name) (work)\""
                )
            } else {
                firstIndexByKey[key] = index
            }
            var circleCadence: Cadence?
            var rank = raw.circles.count
            if let circle = rawPerson.circle {
                if let found = circleIndex[circle] {
                    circleCadence = raw.circles[found].every
                    rank = found
                } else {
                    let known = raw.circles.map(\.name)
                    var message = "\(UserText.quoted(circle)) is not a circle defined under \"circles\""
                    if problems.count >= ConfigError.shownLimit {
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
            for (goalIndex, goal) in rawPerson.goals.enumerated() where !goalIDs.contains(goal) {
                var message = "\(UserText.quoted(goal)) is not the id of any goal under \"goals\""
                if problems.count < ConfigError.shownLimit,
                    let suggestion = NameSuggestion.closest(to: goal, among: raw.goals.map(\.goal.id))
                {
                    message += "; did you mean \(UserText.quoted(suggestion))?"
                }
                problem("goals[\(goalIndex)]", message)
            }
            guard let cadence = rawPerson.every ?? circleCadence else {
                if !rawPerson.hasCadenceKey {
                    problem("", "give \(name) a \"circle\" or an \"every\" (how often to be in touch, e.g. \"1m\")")
                }
                continue
            }
            people.append(
                Person(
                    name: name, key: lowercased, email: rawPerson.email, circle: rawPerson.circle,
                    every: rawPerson.every,
                    cadence: cadence,
                    circleRank: rank, lastContact: rawPerson.lastContact, met: rawPerson.met, metAt: rawPerson.metAt,
                    birthday: rawPerson.birthday, field: rawPerson.field, offers: rawPerson.offers,
                    needs: rawPerson.needs,
                    goals: rawPerson.goals, tags: rawPerson.tags, notes: rawPerson.notes, dates: rawPerson.dates,
                    emails: rawPerson.emails, phone: rawPerson.phone, nickname: rawPerson.nickname, aka: rawPerson.aka,
                    familyFirst: rawPerson.familyFirst))
        }
        // A former name (`aka`) must not be someone else's name: their histories would mix.
        for (index, rawPerson) in raw.people.enumerated() {
            for alias in rawPerson.aka {
                let key = Person.comparisonKey(alias)
                if let other = firstIndexByKey[key], other != index {
                    problems.append(
                        ConfigProblem(
                            path: "people[\(index)].aka", position: rawPerson.position,
                            message:
                                "\(UserText.quoted(alias)) is the name of another person in the config (people[\(other)]); a former name must not be anyone's name now",
                            person: rawPerson.name))
                }
            }
        }
        if let circle = raw.defaults.importCircle, circleIndex[circle] == nil {
            problems.append(
                ConfigProblem(
                    path: "defaults.importCircle", position: raw.importCirclePosition,
                    message: "\(UserText.quoted(circle)) is not a circle defined under \"circles\""))
        }
        guard problems.isEmpty, let owner = raw.owner else { return nil }
        return Config(
            owner: owner, timeZone: raw.timeZone ?? systemTimeZone, digest: raw.digest, smtp: raw.smtp, imap: raw.imap,
            circles: raw.circles, followUpAfter: raw.followUpAfter, goals: raw.goals.map(\.goal), people: people,
            sourcePath: nil, defaults: raw.defaults)
    }
}
