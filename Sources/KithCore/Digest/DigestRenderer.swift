import Mustache

/// Renders a `Digest` as text and HTML from Mustache templates: the built-in ones, or the
/// user's files named in `digest.textTemplate` / `digest.htmlTemplate`.
public struct DigestRenderer: Sendable {
    private let textTemplate: MustacheTemplate
    private let htmlTemplate: MustacheTemplate

    /// Loads the templates the config names (paths relative to the config file's folder).
    public init(config: Config) throws(ConfigError) {
        let file = config.sourcePath ?? "config"
        var problems: [ConfigProblem] = []
        func load(_ path: String?, key: String, builtIn: String, pragma: String) -> MustacheTemplate? {
            var source = builtIn
            if let path {
                let resolved = DigestRenderer.resolve(path, relativeTo: config.sourcePath)
                do {
                    source = pragma + "\n" + String(decoding: try FileBytes.read(resolved), as: UTF8.self)
                } catch {
                    problems.append(
                        ConfigProblem(
                            path: "digest.\(key)", position: nil, message: "cannot read the template: \(error.reason)"))
                    return nil
                }
            }
            do {
                return try MustacheTemplate(string: source)
            } catch {
                problems.append(
                    ConfigProblem(
                        path: "digest.\(key)", position: nil, message: "the template is not valid Mustache: \(error)"))
                return nil
            }
        }
        let text = load(
            config.digest.textTemplate, key: "textTemplate", builtIn: DefaultTemplates.text,
            pragma: "{{% CONTENT_TYPE: TEXT}}")
        let html = load(
            config.digest.htmlTemplate, key: "htmlTemplate", builtIn: DefaultTemplates.html,
            pragma: "{{% CONTENT_TYPE: HTML}}")
        guard let text, let html else { throw ConfigError(file: file, problems: problems) }
        textTemplate = text
        htmlTemplate = html
    }

    /// The subject line: `kith: Ada, Grace and 1 more (Mon 23 Nov)`.
    public func subject(_ digest: Digest) -> String {
        let names = digest.nudges.map { Advice.firstName($0.person.name) }
        let day = Phrases.longDate(digest.date).split(separator: " ").first.map { String($0.prefix(3)) } ?? ""
        let when = "\(day) \(Phrases.shortDate(digest.date))"
        switch names.count {
        case 0:
            return digest.dates.isEmpty ? "kith: nobody due today (\(when))" : "kith: dates coming up (\(when))"
        case 1: return "kith: \(names[0]) (\(when))"
        case 2: return "kith: \(names[0]) and \(names[1]) (\(when))"
        default: return "kith: \(names[0]), \(names[1]) and \(names.count - 2) more (\(when))"
        }
    }

    public func text(_ digest: Digest) -> String {
        textTemplate.render(context(digest))
    }

    public func html(_ digest: Digest) -> String {
        htmlTemplate.render(context(digest))
    }

    /// The values templates can use; the README lists them.
    func context(_ digest: Digest) -> [String: Any] {
        let today = digest.date
        func nudge(_ n: Digest.Nudge) -> [String: Any] {
            let since: String
            switch n.entry.reason {
            case .followUp:
                let met = n.person.met.map { "met \(Phrases.relativeDay($0, from: today))" } ?? "met recently"
                since = met + (n.person.metAt.map { " at \($0)" } ?? "")
            case .overdue:
                if let last = n.entry.lastContact {
                    since = "last in touch \(Phrases.relativeDay(last, from: today)) (\(Phrases.shortDate(last)))"
                } else {
                    since = "no contact recorded yet"
                }
            }
            return [
                "name": n.person.name,
                "email": n.person.email ?? "",
                "circle": n.person.circle ?? "",
                "cadence": n.person.cadence.phrase,
                "since": since,
                "suggestion": n.suggestion,
                "daysOverdue": n.entry.daysOverdue,
                "dueOn": n.entry.dueOn.description,
                "lastContact": n.entry.lastContact?.description ?? "",
            ]
        }
        let dates: [[String: Any]] = digest.dates.map { note in
            let when: String
            switch note.upcoming.daysAway {
            case 0: when = "Today"
            case 1: when = "Tomorrow"
            default:
                when =
                    "\(Phrases.longDate(note.upcoming.date).split(separator: " ")[0]) \(Phrases.shortDate(note.upcoming.date))"
            }
            var what = "\(note.person.name)'s birthday"
            if let turning = note.upcoming.turning, turning > 0 { what += " (turns \(turning))" }
            return ["when": when, "what": what, "name": note.person.name, "date": note.upcoming.date.description]
        }
        let shown = digest.nudges.count
        let more = digest.totalDue - shown
        let headline: String
        switch shown {
        case 0: headline = digest.dates.isEmpty ? "Nobody is due today; enjoy the quiet." : "Nobody is due today."
        case 1: headline = "One person to reach out to today."
        default: headline = "\(shown) people to reach out to today."
        }
        return [
            "subject": subject(digest),
            "date": today.description,
            "dateLong": Phrases.longDate(today),
            "ownerName": digest.owner.name,
            "ownerFirstName": Advice.firstName(digest.owner.name),
            "headline": headline,
            "hasFollowUps": !digest.followUps.isEmpty,
            "followUps": digest.followUps.map(nudge),
            "hasOverdue": !digest.overdue.isEmpty,
            "overdue": digest.overdue.map(nudge),
            "hasDates": !digest.dates.isEmpty,
            "dates": dates,
            "hasMore": more > 0,
            "more": max(0, more),
            "moreText": more == 1
                ? "1 more person is due; they will come up in the next days."
                : "\(more) more people are due; they will come up in the next days.",
            "logExample": digest.nudges.first?.person.name ?? "Name",
        ]
    }

    static func resolve(_ path: String, relativeTo configPath: String?) -> String {
        guard !path.hasPrefix("/"), let configPath, let slash = configPath.lastIndex(of: "/") else { return path }
        return String(configPath[...slash]) + path
    }
}
