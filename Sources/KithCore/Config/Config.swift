public import Foundation

/// Everything the config file says, validated: every value here is usable as it is.
public struct Config: Sendable {
    /// Every key history may be kept under for someone in the config (`Person.historyKeys`).
    public var keysWithHistory: Set<String> {
        Set(people.flatMap(\.historyKeys))
    }

    public var owner: Owner
    /// The zone the digest time, `--at` and all dates are read in.
    public var timeZone: TimeZone
    public var digest: DigestSettings
    public var smtp: SMTPSettings?
    /// Reading the mailbox; nil: kith does not.
    public var imap: IMAPSettings?
    /// Circles in the order the file lists them; that order breaks ties in the ranking.
    public var circles: [Circle]
    /// When follow-ups fall due after meeting someone, in increasing order.
    public var followUpAfter: [Cadence]
    public var goals: [Goal]
    public var people: [Person]
    /// The file this was read from, when it came from one.
    public var sourcePath: String?
    /// Settings for commands that add people.
    public var defaults = Defaults()
}

/// `defaults`: what commands that add people use when not told.
public struct Defaults: Sendable {
    /// The circle `kith import` puts people in when not told (`--circle`, `--every`).
    public var importCircle: String?

    public init(importCircle: String? = nil) {
        self.importCircle = importCircle
    }
}

/// The person kith works for.
public struct Owner: Sendable {
    public var name: String
    public var email: String?
    /// Other addresses the owner writes from: a reply to a digest from any of them is theirs.
    public var emails: [String] = []
    public var field: String?
    /// What the digest greets them with; default: their given name.
    public var nickname: String?

    /// The name the greeting uses.
    public var callName: String { nickname ?? Person.givenName(name) }

    /// `email`, then `emails`: every address that is the owner's.
    public var addresses: [String] { (email.map { [$0] } ?? []) + emails }
}

/// When and how the digest is sent.
public struct DigestSettings: Sendable {
    /// Local time of day the digest goes out.
    public var at: LocalTime
    /// The weekdays (0 = Monday … 6 = Sunday) a digest goes out on.
    public var days: Set<Int>
    /// The most people one digest names.
    public var maxPeople: Int
    /// How many days ahead dates such as birthdays are announced.
    public var datesAhead: Int
    /// Whether a digest is sent on a day when nobody is due.
    public var sendWhenEmpty: Bool
    /// Days someone shown in a sent digest, and not contacted since, rests before showing again.
    public var restDays: Int = 3
    /// Days without anything logged before the digest says its suggestions may be stale.
    public var staleAfter: Int = 21
    /// Whether someone from outside `owner.field` joins a digest that has nobody from outside it.
    public var beyondField: Bool = true
    /// A Mustache template file replacing the built-in text digest.
    public var textTemplate: String?
    /// A Mustache template file replacing the built-in HTML digest.
    public var htmlTemplate: String?

    public init(
        at: LocalTime, days: Set<Int>, maxPeople: Int, datesAhead: Int, sendWhenEmpty: Bool,
        textTemplate: String? = nil, htmlTemplate: String? = nil
    ) {
        self.at = at
        self.days = days
        self.maxPeople = maxPeople
        self.datesAhead = datesAhead
        self.sendWhenEmpty = sendWhenEmpty
        self.textTemplate = textTemplate
        self.htmlTemplate = htmlTemplate
    }

    public static let allDays: Set<Int> = [0, 1, 2, 3, 4, 5, 6]
    public static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}

/// How to reach the mail server. Checked for shape at load time; used by delivery.
public struct SMTPSettings: Sendable {
    public enum TLS: String, Sendable {
        case required
        case none
    }

    public var url: String
    public var username: String?
    public var passwordFile: String?
    public var from: String
    public var to: [String]
    public var caFile: String?
    public var tls: TLS
    public var timeoutSeconds: Int
    /// The name kith greets the server with (EHLO); nil: this machine's fully qualified name.
    public var heloName: String?

    public init(
        url: String, username: String?, passwordFile: String?, from: String, to: [String], caFile: String?, tls: TLS,
        timeoutSeconds: Int, heloName: String? = nil
    ) {
        self.url = url
        self.username = username
        self.passwordFile = passwordFile
        self.from = from
        self.to = to
        self.caFile = caFile
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
        self.heloName = heloName
    }
}

/// A named group of people who share a cadence.
public struct Circle: Sendable {
    public var name: String
    public var every: Cadence
}

/// Something the owner is working towards, that people can be tied to.
public struct Goal: Sendable {
    public var id: String
    public var title: String
    public var until: LocalDate?
}

/// A month and day, with the year when it is known.
public struct Birthday: Sendable, Hashable {
    public var month: Int
    public var day: Int
    public var year: Int?

    public init(month: Int, day: Int, year: Int?) {
        self.month = month
        self.day = day
        self.year = year
    }

    /// The next occurrence on or after `date`; 29 February falls on 28 February in other years.
    public func next(onOrAfter date: LocalDate) -> LocalDate {
        let year = date.parts.year
        for candidateYear in year...(year + 1) {
            let day = month == 2 && day == 29 && !LocalDate.isLeap(candidateYear) ? 28 : day
            let candidate = LocalDate(year: candidateYear, month: month, day: day)!
            if candidate >= date { return candidate }
        }
        return LocalDate(year: year + 1, month: month, day: min(day, 28))!
    }
}

/// A yearly date that matters to someone: `{ "label": "wedding anniversary", "on": "06-14" }`.
public struct PersonDate: Sendable, Hashable {
    public var label: String
    public var month: Int
    public var day: Int

    public init(label: String, month: Int, day: Int) {
        self.label = label
        self.month = month
        self.day = day
    }
}

/// Someone the owner wants to stay in touch with.
public struct Person: Sendable {
    /// Every address the person writes from or is written to at: `email` first, then `emails`.
    public var addresses: [String] {
        var all: [String] = []
        if let email { all.append(email) }
        for other in emails where !all.contains(where: { $0.lowercased() == other.lowercased() }) {
            all.append(other)
        }
        return all
    }

    public var name: String {
        didSet { key = name.lowercased() }
    }
    /// The key under which state (logged interactions, first-seen dates) is kept: the name in
    /// lower case, worked out once (the due engine reads it for every person many times).
    public private(set) var key: String
    public var email: String?
    public var circle: String?
    /// The person's own cadence, overriding the circle's.
    public var every: Cadence?
    /// The cadence in force: `every`, else the circle's.
    public var cadence: Cadence
    /// Position of the person's circle in the config (circles listed first rank first on ties).
    public var circleRank: Int
    public var lastContact: LocalDate?
    public var met: LocalDate?
    public var metAt: String?
    public var birthday: Birthday?
    public var field: String?
    public var offers: [String]
    public var needs: [String]
    public var goals: [String]
    public var tags: [String]
    public var notes: String?
    public var dates: [PersonDate] = []
    /// More addresses than `email`.
    public var emails: [String] = []
    /// A phone number, as written.
    public var phone: String?
    /// What the digest calls them in sentences ("Call Bob"); also found by name lookup.
    public var nickname: String?
    /// Names they were known by before (a rename by hand): their history stays with them, and
    /// lookups find them by these too.
    public var aka: [String] = []

    /// Whether the family name comes first (`"nameOrder": "family-first"`); nil: worked out from
    /// the name (family first for names written in Chinese, Japanese or Korean).
    public var familyFirst: Bool?

    /// A person before anything of them is read: the decoder fills in what the file says, and
    /// `PeopleAssembler` the cadence and circle rank.
    static let unread = Person(
        name: "", key: "", email: nil, circle: nil, every: nil, cadence: Cadence(count: 1, unit: .day),
        circleRank: 0, lastContact: nil, met: nil, metAt: nil, birthday: nil, field: nil, offers: [], needs: [],
        goals: [], tags: [], notes: nil)

    /// The keys the person's history is kept under: their own and their former names'.
    public var historyKeys: [String] {
        [key] + aka.map { $0.lowercased() }
    }

    /// The name the digest's sentences use: the nickname, else the given name.
    public var callName: String {
        Person.callName(name: name, nickname: nickname, familyFirst: familyFirst)
    }

    /// `callName` from the three fields it depends on, for a caller that reads them from the
    /// people array one by one (calling `callName` on an element copies the whole `Person`).
    static func callName(name: String, nickname: String?, familyFirst: Bool?) -> String {
        nickname ?? Person.givenName(name, familyFirst: familyFirst ?? Person.isCJK(name))
    }

    /// Whether a name is written in Chinese, Japanese or Korean script.
    static func isCJK(_ name: String) -> Bool {
        name.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
            default: return false
            }
        }
    }

    /// Titles that come before a name and are not what anyone is called by (five bytes at most).
    static let titles: Set<String> = [
        "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "sir", "dame", "rev",
        "rev.", "fr", "fr.",
    ]

    /// The given name in a full name, for sentences: the first word after any title ("Dr. Ada
    /// Lovelace" → "Ada"); a one-word name, or one without spaces (a Chinese or Japanese name
    /// written whole), is used as it is.
    public static func givenName(_ name: String, familyFirst: Bool = false) -> String {
        let words = words(of: name)
        guard words.count > 1 else { return name }
        if familyFirst { return String(words.last!) }
        let rest = words.drop { $0.utf8.count <= 5 && titles.contains($0.lowercased()) }
        guard let first = rest.first else { return name }
        // "Dr. Smith": a title and one name are said together.
        if rest.count == 1, rest.startIndex != words.startIndex { return words.joined(separator: " ") }
        return String(first)
    }

    /// The words of a name: what `name.split(separator: " ")` gives, splitting at the spaces that
    /// are characters of their own (a space joined to a mark or joiner is part of a word). Only
    /// the characters at space bytes are looked at: reading every character of a name is slow.
    static func words(of name: String) -> [Substring] {
        let bytes = name.utf8.span
        var words: [Substring] = []
        var wordStart = name.startIndex
        for offset in bytes.indices where bytes[offset] == UInt8(ascii: " ") {
            // A character boundary (a prepended sign joins a space to what follows it), and the
            // character there is the space alone (a mark after it would join it).
            guard let index = name.utf8.index(name.utf8.startIndex, offsetBy: offset).samePosition(in: name),
                name[index] == " "
            else { continue }
            if wordStart < index { words.append(name[wordStart..<index]) }
            wordStart = name.utf8.index(after: index)
        }
        if wordStart < name.endIndex { words.append(name[wordStart...]) }
        return words
    }

    /// What two names are compared by to tell whether they are the same person: case folded,
    /// runs of white space collapsed to one space, trimmed; as a Swift `String` it compares and
    /// hashes equal to any canonically equivalent (NFC or NFD) spelling.
    public static func comparisonKey(_ name: String) -> String {
        comparisonKey(lowercased: name.lowercased())
    }

    /// `comparisonKey` of a name from its lowercase form (`Person.key`), which the caller has.
    static func comparisonKey(lowercased: String) -> String {
        // Swift compares and hashes strings by canonical equivalence, so composed and decomposed
        // forms are one key already. Lowercasing is case folding except for a few letters (ß,
        // final sigma, …): only those take Foundation's full folding. (ASCII is folded already.)
        var folded = lowercased
        if folded.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.changesWhenCaseFolded }) {
            folded = folded.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil)
        }
        // Most names have one space between words and none at either end: nothing to collapse.
        var previousSpace = true
        let collapsed = !folded.unicodeScalars.contains { scalar in
            let space =
                scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            defer { previousSpace = space }
            return space && (previousSpace || scalar != " ")
        }
        if collapsed && !previousSpace { return folded }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
