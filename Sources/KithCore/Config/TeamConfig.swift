import Foundation

/// The team file of `kith-team`: where the shared database is, the shared mail server, and the
/// folder of member configs (each in the single-user format, without secrets). Read by the same
/// decoder as a member's config, so `smtp` means the same in both.
public struct TeamConfig: Sendable {
    /// A libpq connection string or URI, with no password in it.
    public var database: String
    /// A file holding the database password; else the credential `database-password`, else none.
    public var databasePasswordFile: String?
    public var smtp: SMTPSettings
    /// The team mailbox: replies to digests go there (`imap.address`) and are read from its INBOX.
    public var imap: IMAPSettings?
    /// The folder of member configs, `NAME.json` each (relative to the team file's folder).
    public var members: String
    /// How many days a colleague's newer contact with someone holds your nudge back.
    public var respectColleaguesDays: Int
    /// How long a claim on a (member, day) digest lasts before another instance may take it over.
    public var leaseSeconds: Int
    public var sourcePath: String?

    /// The keys the team file may hold.
    public static let keys = ["database", "databasePasswordFile", "smtp", "imap", "members", "team"]
    public static let teamKeys = ["respectColleaguesDays", "leaseSeconds"]

    /// Reads and checks a team file; every problem is reported at once, as for a config.
    public static func load(path: String) throws(ConfigError) -> TeamConfig {
        var config = try parse(bytes: try ConfigLoader.read(path: path), file: path)
        config.sourcePath = path
        return config
    }

    public static func parse(bytes: [UInt8], file: String) throws(ConfigError) -> TeamConfig {
        var decoder = ConfigDecoder(systemTimeZone: TimeZone(identifier: "UTC")!)
        var database: String?
        var passwordFile: String?
        var smtp: SMTPSettings?
        var imap: IMAPSettings?
        var imapPosition: SourcePosition?
        var members: String?
        var respect = 3
        var lease: Int?
        do {
            try JSONReader.read(bytes) { r throws(JSONSyntaxError) in
                guard try decoder.expectKind(.object, &r) else { return }
                try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
                    decoder.path.append(.key(key))
                    defer { decoder.path.removeLast() }
                    switch key {
                    case "database":
                        let position = try r.valuePosition()
                        if let value = try decoder.singleLine(&r) {
                            if TeamConfig.holdsPassword(value) {
                                decoder.report(
                                    "the connection string holds a password; put it in a file named by \"databasePasswordFile\" (mode 0600) or the credential database-password",
                                    at: position)
                            } else {
                                database = value
                            }
                        }
                    case "databasePasswordFile": passwordFile = try decoder.singleLine(&r)
                    case "smtp": smtp = try decoder.decodeSMTP(&r)
                    case "imap":
                        imapPosition = try r.valuePosition()
                        imap = try decoder.decodeIMAP(&r)
                        if let settings = imap, settings.address == nil {
                            decoder.report(
                                "the team mailbox needs \"address\": where members' replies to their digests go",
                                at: imapPosition)
                        }
                    case "members": members = try decoder.singleLine(&r)
                    case "team":
                        guard try decoder.expectKind(.object, &r) else { return }
                        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
                            decoder.path.append(.key(key))
                            defer { decoder.path.removeLast() }
                            switch key {
                            case "respectColleaguesDays": respect = try decoder.positiveInt(&r, max: 365) ?? respect
                            case "leaseSeconds": lease = try decoder.positiveInt(&r, max: 3600)
                            default: try decoder.unknownKey(key, at: keyPosition, known: TeamConfig.teamKeys, &r)
                            }
                        }
                    default: try decoder.unknownKey(key, at: keyPosition, known: TeamConfig.keys, &r)
                    }
                }
                try r.finish()
            }
        } catch {
            throw ConfigError(
                file: file,
                problems: [
                    ConfigProblem(
                        path: "", position: error.position, message: "this is not valid JSON: \(error.message)")
                ])
        }
        var problems = decoder.problems
        for (key, value) in [("database", database as Any?), ("smtp", smtp), ("members", members)] where value == nil {
            if !problems.contains(where: { $0.path == key || $0.path.hasPrefix(key + ".") }) {
                problems.append(ConfigProblem(path: key, position: nil, message: "is missing; the team file needs it"))
            }
        }
        guard problems.isEmpty, let database, let smtp, let members else {
            throw ConfigError(file: file, problems: problems)
        }
        return TeamConfig(
            database: database, databasePasswordFile: passwordFile, smtp: smtp, imap: imap, members: members,
            respectColleaguesDays: respect, leaseSeconds: lease ?? smtp.timeoutSeconds + 60, sourcePath: nil)
    }

    /// `password=` in a key/value string, or `user:password@` in a URI.
    static func holdsPassword(_ conninfo: String) -> Bool {
        let lowered = conninfo.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            let rest = lowered.drop { $0 != "/" }.dropFirst(2)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
            return lowered.contains("password=")
        }
        return lowered.split(whereSeparator: \.isWhitespace).contains { $0.hasPrefix("password=") }
    }

    /// The members folder as a path, relative ones from the team file's folder.
    public var membersPath: String {
        guard !members.hasPrefix("/"), let source = sourcePath, let slash = source.lastIndex(of: "/") else {
            return members
        }
        return String(source[...slash]) + members
    }
}
