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
    /// Takes the bytes: they are released once decoded, before the people are checked and
    /// completed.
    public static func parse(bytes: consuming [UInt8], file: String, systemTimeZone: TimeZone = .current)
        throws(ConfigError)
        -> Config
    {
        var decoder = ConfigDecoder(systemTimeZone: systemTimeZone)
        var raw: ConfigDecoder.RawConfig
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
        let config = assemble(&raw, systemTimeZone: systemTimeZone, problems: &problems)
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
        _ raw: inout ConfigDecoder.RawConfig, systemTimeZone: TimeZone, problems: inout [ConfigProblem]
    ) -> Config? {
        if raw.owner == nil, !problems.contains(where: { $0.path.hasPrefix("owner") }) {
            problems.append(
                ConfigProblem(
                    path: "owner", position: nil, message: "the config needs an \"owner\" with at least your \"name\""))
        }
        let goalIDs = raw.goals.map(\.goal.id)
        var assembler = PeopleAssembler(circles: raw.circles, goalIDs: goalIDs, people: raw.people.count)
        for index in raw.people.indices {
            assembler.complete(
                &raw.people[index], index: index, source: raw.sources[index], otherProblems: problems.count)
        }
        assembler.finish()
        problems += assembler.problems
        if let circle = raw.defaults.importCircle, !raw.circles.contains(where: { $0.name == circle }) {
            problems.append(
                ConfigProblem(
                    path: "defaults.importCircle", position: raw.importCirclePosition,
                    message: "\(UserText.quoted(circle)) is not a circle defined under \"circles\""))
        }
        guard problems.isEmpty, let owner = raw.owner else { return nil }
        return Config(
            owner: owner, timeZone: raw.timeZone ?? systemTimeZone, digest: raw.digest, smtp: raw.smtp, imap: raw.imap,
            circles: raw.circles, followUpAfter: raw.followUpAfter, goals: raw.goals.map(\.goal), people: raw.people,
            sourcePath: nil, defaults: raw.defaults)
    }
}
