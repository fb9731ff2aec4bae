import Foundation

/// Reads a config document into a `Config`, collecting every problem instead of stopping at
/// the first. Only a syntax error stops it, since nothing after one can be read reliably.
struct ConfigDecoder {
    enum PathComponent {
        case key(String)
        case index(Int)
    }

    var path: [PathComponent] = []
    private(set) var problems: [ConfigProblem] = []
    let systemTimeZone: TimeZone

    init(systemTimeZone: TimeZone) {
        self.systemTimeZone = systemTimeZone
    }

    // MARK: - Raw shapes, before cross-checks

    /// What the decoder knows of a person beyond the `Person` it read (whose cadence and circle
    /// rank `PeopleAssembler` fills in once the circles are known).
    struct PersonSource {
        var position: SourcePosition
        /// Whether `name` was written at all (a bad value is reported where it is).
        var hasNameKey = false
        /// Whether the person's `name` was read (written, and valid).
        var nameGiven = false
        /// Whether `circle` or `every` was written at all (even with a bad value).
        var hasCadenceKey = false
    }

    struct RawConfig {
        var owner: Owner?
        var timeZone: TimeZone?
        var digest = DigestSettings(
            at: LocalTime(hour: 7, minute: 30)!, days: DigestSettings.allDays, maxPeople: 5, datesAhead: 7,
            sendWhenEmpty: false)
        var smtp: SMTPSettings?
        var imap: IMAPSettings?
        var circles: [Circle] = []
        var followUpAfter: [Cadence] = [Cadence(count: 2, unit: .day), Cadence(count: 2, unit: .week)]
        var goals: [(goal: Goal, position: SourcePosition)] = []
        /// The people as read, in file order, each with what else the decoder knows of them.
        var people: [Person] = []
        var sources: [PersonSource] = []
        var defaults = Defaults()
        var importCirclePosition: SourcePosition?
    }

    // MARK: - Document

    mutating func decode(_ r: inout JSONReader) throws(JSONSyntaxError) -> RawConfig {
        var config = RawConfig()
        guard try expectKind(.object, &r) else { return config }
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            switch key {
            case "owner": config.owner = try decodeOwner(&r)
            case "timezone":
                let position = try r.valuePosition()
                if let name = try singleLine(&r) {
                    if let zone = TimeZone(identifier: name) {
                        config.timeZone = zone
                    } else {
                        report(
                            "\(UserText.quoted(name)) is not a time zone; use an IANA name such as \"Europe/Berlin\" or \"America/New_York\"",
                            at: position)
                    }
                }
            case "digest": try decodeDigest(&r, into: &config.digest)
            case "smtp": config.smtp = try decodeSMTP(&r)
            case "imap": config.imap = try decodeIMAP(&r)
            case "circles": config.circles = try decodeCircles(&r)
            case "followUp": try decodeFollowUp(&r, into: &config.followUpAfter)
            case "goals": config.goals = try decodeGoals(&r)
            case "people": (config.people, config.sources) = try decodePeople(&r)
            case "defaults":
                guard try expectKind(.object, &r) else { return }
                try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
                    path.append(.key(key))
                    defer { path.removeLast() }
                    switch key {
                    case "importCircle":
                        config.importCirclePosition = try r.valuePosition()
                        config.defaults.importCircle = try singleLine(&r)
                    default: try unknownKey(key, at: keyPosition, known: ConfigKeys.defaults, &r)
                    }
                }
            default:
                try unknownKey(
                    key, at: keyPosition,
                    known: ConfigKeys.document,
                    &r)
            }
        }
        return config
    }

    // MARK: - Sections

    private mutating func decodeOwner(_ r: inout JSONReader) throws(JSONSyntaxError) -> Owner? {
        let objectPosition = try r.valuePosition()
        guard try expectKind(.object, &r) else { return nil }
        var name: String?
        var email: String?
        var emails: [String] = []
        var field: String?
        var nickname: String?
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            switch key {
            case "name": name = try singleLine(&r)
            case "email": email = try emailAddress(&r)
            case "emails":
                emails = try list(
                    &r,
                    element: { (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in
                        try d.emailAddress(&r)
                    })
            case "field": field = try singleLine(&r)
            case "nickname": nickname = try singleLine(&r)
            default: try unknownKey(key, at: keyPosition, known: ConfigKeys.owner, &r)
            }
        }
        guard let name, !name.isEmpty else {
            report("the owner needs a \"name\" (yours, as the digest greets you)", at: objectPosition)
            return nil
        }
        return Owner(name: name, email: email, emails: emails, field: field, nickname: nickname)
    }

    private mutating func decodeDigest(_ r: inout JSONReader, into digest: inout DigestSettings)
        throws(JSONSyntaxError)
    {
        guard try expectKind(.object, &r) else { return }
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            switch key {
            case "at":
                let position = try r.valuePosition()
                if let text = try singleLine(&r) {
                    if let time = LocalTime(text: text) {
                        digest.at = time
                    } else {
                        report(
                            "\(UserText.quoted(text)) is not a time of day; write it as HH:MM on a 24-hour clock, e.g. \"07:30\"",
                            at: position)
                    }
                }
            case "days":
                guard try expectKind(.array, &r) else { return }
                var days = Set<Int>()
                try r.readArray { r, index throws(JSONSyntaxError) in
                    path.append(.index(index))
                    defer { path.removeLast() }
                    let position = try r.valuePosition()
                    guard let text = try singleLine(&r) else { return }
                    if let day = DigestSettings.dayNames.firstIndex(of: text.lowercased().prefix(3).description),
                        DigestSettings.dayNames[day] == text.lowercased()
                            || ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][day]
                                == text.lowercased()
                    {
                        days.insert(day)
                    } else {
                        report(
                            "\(UserText.quoted(text)) is not a day of the week; use mon, tue, wed, thu, fri, sat or sun",
                            at: position)
                    }
                }
                if days.isEmpty {
                    report(
                        "the list of days is empty, so no digest would ever be sent; leave \"days\" out to send every day",
                        at: keyPosition)
                } else {
                    digest.days = days
                }
            case "maxPeople":
                if let value = try positiveInt(&r, max: 100) { digest.maxPeople = value }
            case "datesAhead":
                if let value = try nonNegativeInt(&r, max: 366) { digest.datesAhead = value }
            case "sendWhenEmpty":
                if let value = try bool(&r) { digest.sendWhenEmpty = value }
            case "restDays":
                if let value = try nonNegativeInt(&r, max: 365) { digest.restDays = value }
            case "staleAfter":
                if let value = try positiveInt(&r, max: 3650) { digest.staleAfter = value }
            case "beyondField":
                if let value = try bool(&r) { digest.beyondField = value }
            case "textTemplate": digest.textTemplate = try singleLine(&r)
            case "htmlTemplate": digest.htmlTemplate = try singleLine(&r)
            default:
                try unknownKey(
                    key, at: keyPosition,
                    known: ConfigKeys.digest,
                    &r)
            }
        }
    }

    mutating func decodeSMTP(_ r: inout JSONReader) throws(JSONSyntaxError) -> SMTPSettings? {
        let objectPosition = try r.valuePosition()
        guard try expectKind(.object, &r) else { return nil }
        var server = ServerKeys()
        var from: String?
        var settings = SMTPSettings(
            url: "", username: nil, passwordFile: nil, from: "", to: [], caFile: nil, tls: .required,
            timeoutSeconds: 30)
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            if try serverKey(key, section: "smtp", at: keyPosition, into: &server, &r) { return }
            switch key {
            case "from": from = try mailbox(&r)
            case "to":
                if try r.peekKind() == .array {
                    settings.to = try list(
                        &r,
                        element: { (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in
                            try d.mailbox(&r)
                        })
                } else if let one = try mailbox(&r) {
                    settings.to = [one]
                }
            case "heloName":
                let position = try r.valuePosition()
                if let name = try singleLine(&r) {
                    if HostName.isValid(name) {
                        settings.heloName = name
                    } else {
                        report(
                            "\(UserText.quoted(name)) is not a host name; write this machine's fully qualified name, e.g. \"host.example.org\", or an address literal such as \"[192.0.2.1]\"",
                            at: position)
                    }
                }
            default: try unknownKey(key, at: keyPosition, known: ConfigKeys.smtp, &r)
            }
        }
        if server.url == nil {
            report("the smtp section needs a \"url\", e.g. \"smtp://mail.example.org:587\"", at: objectPosition)
        }
        if from == nil {
            report("the smtp section needs a \"from\" address, e.g. \"kith <kith@example.org>\"", at: objectPosition)
        }
        guard let url = server.url, let from else { return nil }
        settings.url = url
        settings.from = from
        server.apply(to: &settings)
        return settings
    }

    mutating func decodeIMAP(_ r: inout JSONReader) throws(JSONSyntaxError) -> IMAPSettings? {
        let objectPosition = try r.valuePosition()
        guard try expectKind(.object, &r) else { return nil }
        var settings = IMAPSettings(url: "")
        var server = ServerKeys()
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            if try serverKey(key, section: "imap", at: keyPosition, into: &server, &r) { return }
            switch key {
            case "sentFolder": settings.sentFolder = try singleLine(&r)
            case "address": settings.address = try emailAddress(&r)
            case "backfillDays":
                if let value = try nonNegativeInt(&r, max: 3650) { settings.backfillDays = value }
            case "pollMinutes":
                if let value = try nonNegativeInt(&r, max: 1440) { settings.pollMinutes = value }
            default: try unknownKey(key, at: keyPosition, known: ConfigKeys.imap, &r)
            }
        }
        guard let url = server.url else {
            report("the imap section needs a \"url\", e.g. \"imaps://mail.example.org\"", at: objectPosition)
            return nil
        }
        settings.url = url
        server.apply(to: &settings)
        return settings
    }

    /// What `smtp` and `imap` share: how to reach and log in to a mail server.
    struct ServerKeys {
        var url: String?
        var username: String?
        var passwordFile: String?
        var caFile: String?
        var tls: SMTPSettings.TLS?
        var timeoutSeconds: Int?

        /// Writes what was given into the section's settings; what was not keeps its default.
        func apply(to settings: inout some MailServerSettings) {
            settings.username = username
            settings.passwordFile = passwordFile
            settings.caFile = caFile
            if let tls { settings.tls = tls }
            if let timeoutSeconds { settings.timeoutSeconds = timeoutSeconds }
        }
    }

    /// Reads `key` into `server` when it is one of the keys `smtp` and `imap` share (and
    /// refuses a password written in); false for a key of the section's own.
    private mutating func serverKey(
        _ key: String, section: String, at keyPosition: SourcePosition, into server: inout ServerKeys,
        _ r: inout JSONReader
    ) throws(JSONSyntaxError) -> Bool {
        switch key {
        case "url": server.url = try singleLine(&r)
        case "username": server.username = try singleLine(&r)
        case "passwordFile": server.passwordFile = try singleLine(&r)
        case "caFile": server.caFile = try singleLine(&r)
        case "tls": server.tls = try tlsMode(&r)
        case "timeoutSeconds": server.timeoutSeconds = try positiveInt(&r, max: 120)
        case "password": try refusePassword(section: section, at: keyPosition, &r)
        default: return false
        }
        return true
    }

    /// A password written into the config: refused, with where it belongs instead.
    private mutating func refusePassword(section: String, at position: SourcePosition, _ r: inout JSONReader)
        throws(JSONSyntaxError)
    {
        report(
            "a password does not belong in the config file; put it in a file named by \"passwordFile\" (mode 0600), in the systemd credential \"\(section)-password\", or in the KITH_\(section.uppercased())_PASSWORD environment variable",
            at: position)
        try r.skipValue()
    }

    /// `required` or `none`, for `smtp.tls` and `imap.tls`.
    private mutating func tlsMode(_ r: inout JSONReader) throws(JSONSyntaxError) -> SMTPSettings.TLS? {
        let position = try r.valuePosition()
        guard let text = try singleLine(&r) else { return nil }
        guard let tls = SMTPSettings.TLS(rawValue: text) else {
            report(
                "\(UserText.quoted(text)) is not a TLS mode; use \"required\" (the default) or \"none\" (loopback servers only)",
                at: position)
            return nil
        }
        return tls
    }

    private mutating func decodeCircles(_ r: inout JSONReader) throws(JSONSyntaxError) -> [Circle] {
        guard try expectKind(.object, &r) else { return [] }
        var circles: [Circle] = []
        try r.readObject { r, name, keyPosition throws(JSONSyntaxError) in
            path.append(.key(name))
            defer { path.removeLast() }
            var every: Cadence?
            guard try expectKind(.object, &r) else { return }
            try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
                path.append(.key(key))
                defer { path.removeLast() }
                switch key {
                case "every": every = try cadence(&r)
                default: try unknownKey(key, at: keyPosition, known: ConfigKeys.circle, &r)
                }
            }
            if let every {
                circles.append(Circle(name: name, every: every))
            } else {
                report("the circle needs \"every\", how often to be in touch, e.g. \"2w\"", at: keyPosition)
            }
        }
        return circles
    }

    private mutating func decodeFollowUp(_ r: inout JSONReader, into after: inout [Cadence]) throws(JSONSyntaxError) {
        guard try expectKind(.object, &r) else { return }
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            switch key {
            case "after":
                if try r.peekKind() == .array {
                    after = try list(
                        &r,
                        element: { (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in
                            try d.cadence(&r)
                        })
                } else {
                    report("expected a list of durations such as [\"2d\", \"2w\"]", at: try r.valuePosition())
                    try r.skipValue()
                }
            default: try unknownKey(key, at: keyPosition, known: ConfigKeys.followUp, &r)
            }
        }
        after.sort { $0.after(LocalDate(dayNumber: 0)) < $1.after(LocalDate(dayNumber: 0)) }
    }

    private mutating func decodeGoals(_ r: inout JSONReader) throws(JSONSyntaxError) -> [(
        goal: Goal, position: SourcePosition
    )] {
        guard try expectKind(.array, &r) else { return [] }
        var goals: [(goal: Goal, position: SourcePosition)] = []
        var ids = Set<String>()
        try r.readArray { r, index throws(JSONSyntaxError) in
            path.append(.index(index))
            defer { path.removeLast() }
            let position = try r.valuePosition()
            guard try expectKind(.object, &r) else { return }
            var id: String?
            var title: String?
            var until: LocalDate?
            try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
                path.append(.key(key))
                defer { path.removeLast() }
                switch key {
                case "id": id = try singleLine(&r)
                case "title": title = try singleLine(&r)
                case "until": until = try date(&r)
                default: try unknownKey(key, at: keyPosition, known: ConfigKeys.goal, &r)
                }
            }
            guard let id, !id.isEmpty else {
                report("the goal needs an \"id\" that people can name in their \"goals\"", at: position)
                return
            }
            if !ids.insert(id).inserted {
                report("the goal id \(UserText.quoted(id)) is used twice", at: position)
            }
            goals.append((Goal(id: id, title: title ?? id, until: until), position))
        }
        return goals
    }

    private mutating func decodePeople(_ r: inout JSONReader) throws(JSONSyntaxError) -> ([Person], [PersonSource]) {
        guard try expectKind(.array, &r) else { return ([], []) }
        var people: [Person] = []
        var sources: [PersonSource] = []
        try r.readArray { r, index throws(JSONSyntaxError) in
            path.append(.index(index))
            defer { path.removeLast() }
            let start = problems.count
            guard let source = try decodePerson(&r, into: &people) else { return }
            if source.nameGiven {
                for i in start..<problems.count where problems[i].person == nil {
                    problems[i].person = people[people.count - 1].name
                }
            }
            sources.append(source)
        }
        return (people, sources)
    }

    /// A person's keys, matched without making a string for each.
    static let personKeys = JSONReader.KnownKeys(ConfigKeys.person)

    /// Reads a person onto the end of `people`, filled in straight in the array; nil, adding
    /// nothing, when the value is not an object.
    private mutating func decodePerson(_ r: inout JSONReader, into people: inout [Person]) throws(JSONSyntaxError)
        -> PersonSource?
    {
        var source = PersonSource(position: try r.valuePosition())
        guard try expectKind(.object, &r) else { return nil }
        people.append(Person.unread)
        let slot = people.count - 1
        try r.readObject(known: ConfigDecoder.personKeys) { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            guard let known = r.knownKey else {
                try unknownKey(key, at: keyPosition, known: ConfigKeys.person, &r)
                return
            }
            switch ConfigKeys.PersonKey.allCases[known] {
            case .name:
                source.hasNameKey = true
                if let name = try singleLine(&r) {
                    people[slot].name = name
                    source.nameGiven = true
                }
            case .email: people[slot].email = try emailAddress(&r)
            case .emails:
                people[slot].emails = try list(
                    &r,
                    element: { (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in
                        try d.emailAddress(&r)
                    })
            case .circle:
                source.hasCadenceKey = true
                people[slot].circle = try singleLine(&r)
            case .every:
                source.hasCadenceKey = true
                people[slot].every = try cadence(&r)
            case .lastContact: people[slot].lastContact = try date(&r)
            case .met: people[slot].met = try date(&r)
            case .metAt: people[slot].metAt = try singleLine(&r)
            case .birthday: people[slot].birthday = try birthday(&r)
            case .field: people[slot].field = try singleLine(&r)
            case .offers: people[slot].offers = try stringList(&r)
            case .needs: people[slot].needs = try stringList(&r)
            case .goals: people[slot].goals = try stringList(&r)
            case .tags: people[slot].tags = try stringList(&r)
            case .notes: people[slot].notes = try text(&r)
            case .phone: people[slot].phone = try singleLine(&r)
            case .nickname: people[slot].nickname = try singleLine(&r)
            case .aka: people[slot].aka = try stringList(&r)
            case .nameOrder:
                let position = try r.valuePosition()
                if let order = try singleLine(&r) {
                    switch order {
                    case "family-first": people[slot].familyFirst = true
                    case "given-first": people[slot].familyFirst = false
                    default:
                        report(
                            "\(UserText.quoted(order)) is not a name order; use \"family-first\" or \"given-first\"",
                            at: position)
                    }
                }
            case .dates:
                people[slot].dates = try list(&r) {
                    (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in
                    try d.personDate(&r)
                }
            }
        }
        return source
    }

    // MARK: - Values

    /// Checks the next value's kind; on a mismatch reports it, skips the value and returns false.
    mutating func expectKind(_ kind: JSONReader.Kind, _ r: inout JSONReader) throws(JSONSyntaxError) -> Bool {
        let found = try r.peekKind()
        guard found == kind else {
            report("expected \(kind.noun), found \(found.noun)", at: try r.valuePosition())
            try r.skipValue()
            return false
        }
        return true
    }

    /// Any string, which may span lines (notes). NUL is still refused.
    mutating func text(_ r: inout JSONReader) throws(JSONSyntaxError) -> String? {
        let position = try r.valuePosition()
        guard try expectKind(.string, &r) else { return nil }
        let value = try r.readString()
        // Without escapes a JSON string cannot hold control characters: the reader refuses them raw.
        guard r.lastStringHadEscapes else { return value }
        if value.utf8.contains(0) {
            report("contains a NUL character, which is not allowed", at: position)
            return nil
        }
        return value
    }

    /// A string on one line. CR, LF and NUL are refused: such values can reach mail headers,
    /// where a line break would let the text add headers of its own.
    mutating func singleLine(_ r: inout JSONReader) throws(JSONSyntaxError) -> String? {
        let position = try r.valuePosition()
        guard let value = try text(&r) else { return nil }
        if r.lastStringHadEscapes, value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            report(
                "contains a line break (CR or LF), which is not allowed here: it could add mail headers", at: position)
            return nil
        }
        return value
    }

    private mutating func stringList(_ r: inout JSONReader) throws(JSONSyntaxError) -> [String] {
        try list(
            &r,
            element: { (d: inout ConfigDecoder, r: inout JSONReader) throws(JSONSyntaxError) in try d.singleLine(&r) })
    }

    private mutating func list<T>(
        _ r: inout JSONReader,
        element: (inout ConfigDecoder, inout JSONReader) throws(JSONSyntaxError) -> T?
    ) throws(JSONSyntaxError) -> [T] {
        guard try expectKind(.array, &r) else { return [] }
        var values: [T] = []
        try r.readArray { r, index throws(JSONSyntaxError) in
            path.append(.index(index))
            defer { path.removeLast() }
            if let value = try element(&self, &r) { values.append(value) }
        }
        return values
    }

    private mutating func emailAddress(_ r: inout JSONReader) throws(JSONSyntaxError) -> String? {
        let position = try r.valuePosition()
        guard let value = try singleLine(&r) else { return nil }
        guard EmailAddress.isValid(value) else {
            report("\(UserText.quoted(value)) is not an email address; write it as name@example.org", at: position)
            return nil
        }
        return value
    }

    /// An address with an optional display name: `kith <kith@example.org>` or `kith@example.org`.
    private mutating func mailbox(_ r: inout JSONReader) throws(JSONSyntaxError) -> String? {
        let position = try r.valuePosition()
        guard let value = try singleLine(&r) else { return nil }
        guard EmailAddress.mailboxAddress(value) != nil else {
            report(
                "\(UserText.quoted(value)) is not an email address; write it as name@example.org or \"Name <name@example.org>\"",
                at: position)
            return nil
        }
        return value
    }

    private mutating func cadence(_ r: inout JSONReader) throws(JSONSyntaxError) -> Cadence? {
        let position = try r.valuePosition()
        guard let text = try singleLine(&r) else { return nil }
        switch Cadence.parse(text) {
        case .success(let cadence):
            return cadence
        case .failure(.notPositive):
            report(
                "\(UserText.quoted(text)) is not a positive duration; the number must be at least 1, e.g. \"2w\"",
                at: position)
        case .failure(.malformed):
            report(
                "\(UserText.quoted(text)) is not a duration; use a number and a unit: d (days), w (weeks), m (months) or y (years), e.g. \"2w\" or \"3m\"",
                at: position)
        }
        return nil
    }

    private mutating func date(_ r: inout JSONReader) throws(JSONSyntaxError) -> LocalDate? {
        let position = try r.valuePosition()
        guard let text = try singleLine(&r) else { return nil }
        if let date = LocalDate(iso: text) { return date }
        if let year = Int(text.prefix(4)), text.utf8.count == 10, !LocalDate.years.contains(year) {
            report("\(UserText.quoted(text)) is before 1900; kith takes dates from 1900 on", at: position)
        } else if text.utf8.count == 10, text.split(separator: "-").count == 3,
            text.split(separator: "-")[0].count == 4
        {
            report("\(UserText.quoted(text)) is not a real date (no such day in that month)", at: position)
        } else {
            report("\(UserText.quoted(text)) is not a date; write it as YYYY-MM-DD, e.g. \"2026-11-23\"", at: position)
        }
        return nil
    }

    private mutating func birthday(_ r: inout JSONReader) throws(JSONSyntaxError) -> Birthday? {
        let position = try r.valuePosition()
        guard let text = try singleLine(&r) else { return nil }
        if let birthday = ConfigDecoder.birthday(text[...]) { return birthday }
        if ConfigDecoder.monthAndDay(text[...]) != nil {
            report("\(UserText.quoted(text)) is not a real day of the year", at: position)
            return nil
        }
        report(
            "\(UserText.quoted(text)) is not a birthday; write it as MM-DD or YYYY-MM-DD, e.g. \"12-10\"", at: position)
        return nil
    }

    /// `YYYY-MM-DD` or `MM-DD` naming a real day; nil for anything else.
    static func birthday(_ text: Substring) -> Birthday? {
        if let date = LocalDate(iso: text, years: 1...9999) {
            let (y, m, d) = date.parts
            return Birthday(month: m, day: d, year: y)
        }
        // Any year that has 29 February tells whether the day exists at all.
        guard let (m, d) = monthAndDay(text), LocalDate(year: 2000, month: m, day: d) != nil else { return nil }
        return Birthday(month: m, day: d, year: nil)
    }

    /// The numbers of `MM-DD`, whether or not they name a real day.
    static func monthAndDay(_ text: Substring) -> (Int, Int)? {
        let b = text.utf8
        guard b.count == 5, b.dropFirst(2).first == UInt8(ascii: "-"), let m = LocalDate.digits(b.prefix(2)),
            let d = LocalDate.digits(b.suffix(2))
        else { return nil }
        return (m, d)
    }

    /// `{ "label": "…", "on": "MM-DD" }`.
    private mutating func personDate(_ r: inout JSONReader) throws(JSONSyntaxError) -> PersonDate? {
        let position = try r.valuePosition()
        guard try expectKind(.object, &r) else { return nil }
        var label: String?
        var on: Birthday?
        var sawLabel = false
        var sawOn = false
        try r.readObject { r, key, keyPosition throws(JSONSyntaxError) in
            path.append(.key(key))
            defer { path.removeLast() }
            switch key {
            case "label":
                sawLabel = true
                label = try singleLine(&r)
            case "on":
                sawOn = true
                on = try birthday(&r)
            default: try unknownKey(key, at: keyPosition, known: ConfigKeys.date, &r)
            }
        }
        guard let label, !label.isEmpty, let on else {
            if !sawLabel { report("a date needs a \"label\", e.g. \"wedding anniversary\"", at: position) }
            if !sawOn { report("a date needs \"on\", written MM-DD, e.g. \"06-14\"", at: position) }
            return nil
        }
        return PersonDate(label: label, month: on.month, day: on.day)
    }

    private mutating func bool(_ r: inout JSONReader) throws(JSONSyntaxError) -> Bool? {
        guard try expectKind(.bool, &r) else { return nil }
        return try r.readBool()
    }

    mutating func positiveInt(_ r: inout JSONReader, max: Int) throws(JSONSyntaxError) -> Int? {
        try integer(&r, in: 1...max)
    }

    private mutating func nonNegativeInt(_ r: inout JSONReader, max: Int) throws(JSONSyntaxError) -> Int? {
        try integer(&r, in: 0...max)
    }

    private mutating func integer(_ r: inout JSONReader, in range: ClosedRange<Int>) throws(JSONSyntaxError) -> Int? {
        let position = try r.valuePosition()
        guard try expectKind(.number, &r) else { return nil }
        let value = try r.readNumber()
        guard value.rounded() == value, value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            report(
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)", at: position)
            return nil
        }
        return Int(value)
    }

    mutating func unknownKey(_ key: String, at position: SourcePosition, known: [String], _ r: inout JSONReader)
        throws(JSONSyntaxError)
    {
        var message = "\(UserText.quoted(key)) is not a setting kith knows"
        if problems.count >= ConfigError.shownLimit {
            // Past what the report shows: no suggestion is worth computing.
        } else if let suggestion = NameSuggestion.closest(to: key, among: known) {
            message += "; did you mean \(UserText.quoted(suggestion))?"
        } else {
            message += "; expected one of: " + known.joined(separator: ", ")
        }
        // The path names the unknown key itself.
        report(message, at: position)
        try r.skipValue()
    }

    // MARK: - Reporting

    mutating func report(_ message: String, at position: SourcePosition?) {
        problems.append(ConfigProblem(path: renderedPath(), position: position, message: message))
    }

    private func renderedPath() -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += UserText.escaped(key, limit: 60)
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

/// What `smtp` and `imap` settings share, so the decoder fills them in one way.
protocol MailServerSettings {
    var username: String? { get set }
    var passwordFile: String? { get set }
    var caFile: String? { get set }
    var tls: SMTPSettings.TLS { get set }
    var timeoutSeconds: Int { get set }
}

extension SMTPSettings: MailServerSettings {}
extension IMAPSettings: MailServerSettings {}
