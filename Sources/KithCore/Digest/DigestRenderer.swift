import Foundation
import Mustache

/// Renders a `Digest` as text and HTML from Mustache templates: the built-in ones, or the
/// user's files named in `digest.textTemplate` / `digest.htmlTemplate`.
public struct DigestRenderer: Sendable {
    /// The user's templates; nil: the built-in one.
    private let customText: MustacheTemplate?
    private let customHTML: MustacheTemplate?
    private var textTemplate: MustacheTemplate { customText ?? DigestRenderer.builtInText }
    private var htmlTemplate: MustacheTemplate { customHTML ?? DigestRenderer.builtInHTML }

    /// The built-in templates, parsed when first used, not each time a config is loaded: they
    /// are constants (every digest test renders them), and parsing them takes the Mustache
    /// library about 10 ms, which the daemon would otherwise spend before it is ready.
    private static let builtInText = parseBuiltIn(DefaultTemplates.text)
    private static let builtInHTML = parseBuiltIn(DefaultTemplates.html)

    private static func parseBuiltIn(_ source: String) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: source)
        } catch {
            preconditionFailure("kith's built-in digest template does not parse: \(error)")
        }
    }

    /// Loads the templates the config names (paths relative to the config file's folder).
    public init(config: Config) throws(ConfigError) {
        let file = config.sourcePath ?? "config"
        var problems: [ConfigProblem] = []
        func load(_ path: String?, key: String, pragma: String) -> MustacheTemplate? {
            guard let path else { return nil }
            let resolved = DigestRenderer.resolve(path, relativeTo: config.sourcePath)
            let source: String
            do {
                source =
                    pragma + "\n"
                    + String(decoding: try FileBytes.read(resolved, limit: FileBytes.templateLimit), as: UTF8.self)
            } catch {
                problems.append(
                    ConfigProblem(
                        path: "digest.\(key)", position: nil, message: "cannot read the template: \(error.reason)"))
                return nil
            }
            do {
                return try MustacheTemplate(string: source)
            } catch let error as MustacheTemplate.ParserError {
                // Its line numbers, without the pragma line put before it.
                let line = error.context.lineNumber - 1
                problems.append(
                    ConfigProblem(
                        path: "digest.\(key)", position: nil,
                        message:
                            "\(resolved):\(line):\(error.context.columnNumber): \(DigestRenderer.explain(error.error)) (\(UserText.quoted(error.context.line.trimmingCharacters(in: .whitespaces))))"
                    ))
                return nil
            } catch {
                problems.append(
                    ConfigProblem(
                        path: "digest.\(key)", position: nil, message: "the template cannot be read: \(error)"))
                return nil
            }
        }
        customText = load(config.digest.textTemplate, key: "textTemplate", pragma: "{{% CONTENT_TYPE: TEXT}}")
        customHTML = load(config.digest.htmlTemplate, key: "htmlTemplate", pragma: "{{% CONTENT_TYPE: HTML}}")
        guard problems.isEmpty else { throw ConfigError(file: file, problems: problems) }
    }

    /// The subject line: `kith: Ada, Grace and 1 more (Mon 23 Nov)`.
    public func subject(_ digest: Digest) -> String {
        let names = digest.nudges.map { $0.person.callName }
        let day = String(Phrases.weekday(digest.date).prefix(3))
        let when = "\(day) \(Phrases.shortDate(digest.date))"
        switch names.count {
        case 0:
            return digest.dates.isEmpty ? "kith: nobody due today (\(when))" : "kith: dates coming up (\(when))"
        case 1: return "kith: \(names[0]) (\(when))"
        case 2: return "kith: \(names[0]) and \(names[1]) (\(when))"
        default: return "kith: \(names[0]), \(names[1]) and \(names.count - 2) more (\(when))"
        }
    }

    /// Where a reply to the digest goes and the tag its subject carries: with these, each
    /// person gets one-tap reply links and the text part lists the reply commands.
    public struct ReplyLinks: Sendable {
        public var address: String
        /// `[kith TOKEN]`.
        public var tag: String

        public init(address: String, tag: String) {
            self.address = address
            self.tag = tag
        }

        /// A `mailto:` link that opens a reply to kith holding `command`.
        public func mailto(_ command: String) -> String {
            "mailto:\(DigestRenderer.percentEncoded(address, keeping: "@+"))?subject="
                + DigestRenderer.percentEncoded("\(tag) \(command)") + "&body=" + DigestRenderer.percentEncoded(command)
        }
    }

    /// The text part, wrapped at 72 columns (`TextWrap`), a custom template's too.
    public func text(_ digest: Digest, replies: ReplyLinks? = nil) -> String {
        TextWrap.wrap(textTemplate.render(context(digest, replies: replies)))
    }

    public func html(_ digest: Digest, replies: ReplyLinks? = nil) -> String {
        htmlTemplate.render(context(digest, replies: replies))
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (and `keeping`).
    static func percentEncoded(_ text: String, keeping: String = "") -> String {
        var allowed = CharacterSet(charactersIn: "-._~" + keeping)
        allowed.formUnion(asciiAlphanumerics)
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static let asciiAlphanumerics = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// The values templates can use; the README lists them.
    func context(_ digest: Digest, replies: ReplyLinks? = nil) -> [String: Any] {
        let today = digest.date
        func nudge(_ n: Digest.Nudge) -> [String: Any] {
            var values: [String: Any] = [
                "name": n.person.name,
                "email": n.person.email ?? "",
                "circle": n.person.circle ?? "",
                "field": n.person.field ?? "",
                "reason": n.entry.reason.rawValue,
                "cadence": n.person.cadence.phrase,
                "since": DigestRenderer.since(n, today: today),
                "suggestion": n.suggestion,
                "daysOverdue": n.entry.daysOverdue,
                "dueOn": n.entry.dueOn.description,
                "lastContact": n.entry.lastContact?.description ?? "",
            ]
            // Team mode: a colleague's newer contact, only who and when.
            values["hasColleague"] = n.colleague != nil
            values["colleague"] = n.colleague.map { Phrases.colleagueNote($0, about: n.person, today: today) } ?? ""
            // Ways to reach them, as links a phone opens.
            let email = n.person.email ?? ""
            let phone = n.person.phone ?? ""
            values["hasEmail"] = !email.isEmpty
            values["emailLink"] = "mailto:" + DigestRenderer.percentEncoded(email, keeping: "@+")
            values["hasPhone"] = !phone.isEmpty
            values["phone"] = phone
            values["telLink"] = "tel:" + phone.filter { $0.isNumber || $0 == "+" }
            values["hasContact"] = !email.isEmpty || !phone.isEmpty
            if let replies {
                values["doneLink"] = replies.mailto("done \(n.person.name)")
                values["snoozeLink"] = replies.mailto("snooze \(n.person.name) 2w")
            }
            return values
        }
        let waiting: [[String: Any]] = digest.waiting.map { note in
            var values: [String: Any] = [
                "name": note.person.name,
                "when": "wrote \(Phrases.relativeDay(note.day, from: today)) (\(Phrases.shortDate(note.day)))",
                "subject": UserText.escaped(note.subject ?? "", limit: 80),
                "hasSubject": !(note.subject ?? "").isEmpty,
            ]
            if let replies { values["doneLink"] = replies.mailto("done \(note.person.name)") }
            return values
        }
        let dates: [[String: Any]] = digest.dates.map { note in
            let when: String
            switch note.upcoming.daysAway {
            case 0: when = "Today"
            case 1: when = "Tomorrow"
            default:
                when =
                    "\(Phrases.weekday(note.upcoming.date)) \(Phrases.shortDate(note.upcoming.date))"
            }
            // An action: what the day is, and what to do about it.
            var what: String
            if let label = note.upcoming.label {
                what = "\(note.person.name): \(Phrases.fragment(label))"
            } else {
                what = "\(note.person.name)'s birthday"
                if let turning = note.upcoming.turning, turning > 0 { what += " (turns \(turning))" }
            }
            what +=
                note.upcoming.daysAway == 0
                ? "; send \(note.person.callName) a note today" : "; send \(note.person.callName) a note"
            return ["when": when, "what": what, "name": note.person.name, "date": note.upcoming.date.description]
        }
        let introductions: [[String: Any]] = digest.introductions.map { note in
            [
                "needer": note.needer.name, "offerer": note.offerer.name, "topic": note.introduction.topic,
                "text": note.text,
            ]
        }
        let goals: [[String: Any]] = digest.goals.map { section in
            var title = section.goal.title
            if let until = section.goal.until { title += " (until \(Phrases.shortDate(until)) \(until.parts.year))" }
            return ["title": title, "people": section.nudges.map(nudge)]
        }
        let shown = digest.nudges.count
        let more = max(0, digest.totalDue - shown)
        let headline: String
        switch shown {
        case 0 where !digest.waiting.isEmpty:
            headline =
                digest.waiting.count == 1
                ? "One person is waiting for your answer."
                : "\(digest.waiting.count) people are waiting for your answer."
        case 0:
            headline =
                digest.dates.isEmpty && digest.introductions.isEmpty
                ? "Nobody is due today; enjoy the quiet." : "Nobody is due today."
        case 1: headline = "One person to reach out to today."
        default: headline = "\(shown) people to reach out to today."
        }
        var staleNote = ""
        if let days = digest.staleDays {
            staleNote =
                "Nothing has been logged for \(days) days, so these suggestions may be out of date. Been in touch? kith log NAME tells kith."
        }
        return [
            "subject": subject(digest),
            "date": today.description,
            "dateLong": Phrases.longDate(today),
            "ownerName": digest.owner.name,
            "ownerFirstName": digest.owner.callName,
            "greeting": DigestRenderer.greeting(hour: digest.hour),
            // The line a mail client shows after the subject: the first thing to do.
            "preheader": digest.nudges.first.map { "\($0.person.name): \($0.suggestion)" } ?? headline,
            "headline": headline,
            "staleNote": staleNote,
            "hasStaleNote": !staleNote.isEmpty,
            "hasFollowUps": !digest.followUps.isEmpty,
            "followUps": digest.followUps.map(nudge),
            "hasThanks": !digest.thanks.isEmpty,
            "thanks": digest.thanks.map(nudge),
            "hasGoals": !goals.isEmpty,
            "goals": goals,
            "hasOverdue": !digest.overdue.isEmpty,
            "overdue": digest.overdue.map(nudge),
            "hasBeyondField": !digest.beyondField.isEmpty,
            "beyondField": digest.beyondField.map(nudge),
            "hasIntroductions": !introductions.isEmpty,
            "introductions": introductions,
            "hasWaiting": !waiting.isEmpty,
            "waiting": waiting,
            "hasReplies": replies != nil,
            "hasDates": !digest.dates.isEmpty,
            // A date that is today comes first in the digest.
            "datesFirst": digest.dates.contains { $0.upcoming.daysAway == 0 },
            "dates": dates,
            "hasMore": more > 0,
            "more": more,
            "moreText": more == 1
                ? "1 more person is due; they will come up in the next days."
                : "\(more) more people are due; they will come up in the next days.",
            "logExample": digest.nudges.first?.person.name ?? "Name",
        ]
    }

    /// How long it has been, in the words that fit the reason.
    static func since(_ n: Digest.Nudge, today: LocalDate) -> String {
        switch n.entry.reason {
        case .followUp:
            let met = n.person.met.map { "met \(Phrases.relativeDay($0, from: today))" } ?? "met recently"
            return met + (n.person.metAt.map { " at \(Phrases.fragment($0))" } ?? "")
        case .thank:
            return "helped you \(Phrases.relativeDay(n.entry.dueOn, from: today))"
        default:
            var text: String
            if let last = n.entry.lastContact {
                text = "last in touch \(Phrases.relativeDay(last, from: today)) (\(Phrases.shortDate(last)))"
            } else {
                text = "no contact recorded yet"
            }
            if n.entry.reason == .beyondField, let field = n.person.field {
                text += "; works in \(Phrases.fragment(field))"
            }
            return text + "; you wanted to be in touch \(n.person.cadence.phrase)"
        }
    }

    /// "Good morning" before noon, "Good afternoon" until six, "Good evening" after.
    static func greeting(hour: Int) -> String {
        switch hour {
        case 0..<12: return "Good morning"
        case 12..<18: return "Good afternoon"
        default: return "Good evening"
        }
    }

    /// What a Mustache parse error means, in words.
    static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with another name than it was opened with"
        case .unfinishedName?: return "a tag is not closed with }}"
        case .expectedSectionEnd?: return "a section opened with {{#name}} or {{^name}} is never closed with {{/name}}"
        case .invalidSetDelimiter?: return "the delimiters set with {{=…=}} are not valid"
        case .transformAppliedToInheritanceSection?, .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return "an inheritance section ({{<…}}) holds something it cannot"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            return "a {{% … }} setting kith does not know"
        case nil: return "\(error)"
        }
    }

    public static func resolve(_ path: String, relativeTo configPath: String?) -> String {
        guard !path.hasPrefix("/"), let configPath, let slash = configPath.lastIndex(of: "/") else { return path }
        return String(configPath[...slash]) + path
    }
}
