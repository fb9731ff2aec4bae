public import Foundation

/// Everything the config file says, validated: every value here is usable as it is.
public struct Config: Sendable {
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
        didSet { key = Person.lowercased(name) }
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

    /// The name the digest's sentences use: the nickname, else the given name.
    public var callName: String {
        Person.callName(name: name, nickname: nickname, familyFirst: familyFirst)
    }

    /// `callName` from the three fields it depends on, for a caller that reads them from the
    /// people array one by one (calling `callName` on an element copies the whole `Person`).
    static func callName(name: String, nickname: String?, familyFirst: Bool?) -> String {
        nickname ?? Person.givenName(name, familyFirst: familyFirst ?? Person.isCJK(name))
    }

    /// `name.lowercased()`, the form of `key`. The standard library lowers a name with any
    /// non-ASCII letter by making a string of each character's lowercase mapping (15,000
    /// instructions for "Zoë Ñúñez"); here only the characters that change are looked up.
    static func lowercased(_ name: String) -> String {
        let ascii = name.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? false
        if ascii { return name.lowercased() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count + 8)
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                let value = UInt8(scalar.value)
                bytes.append((0x41...0x5A).contains(value) ? value + 0x20 : value)
            } else if scalar.value <= 0xFF {
                // Latin-1 (Zoë, Ñúñez) without the Unicode tables: À to Þ, but for ×, lower by 0x20.
                let value = scalar.value
                let lower = (0xC0...0xDE).contains(value) && value != 0xD7 ? value + 0x20 : value
                bytes.append(UInt8(0xC0 | (lower >> 6)))
                bytes.append(UInt8(0x80 | (lower & 0x3F)))
            } else if scalar.properties.changesWhenLowercased {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a name is written in Chinese, Japanese or Korean script.
    static func isCJK(_ name: String) -> Bool {
        // Each of these scripts is written with three-byte UTF-8 sequences led by 0xE3 or more.
        let maybe = name.utf8.withContiguousStorageIfAvailable { $0.contains { $0 >= 0xE3 } } ?? true
        guard maybe else { return false }
        return name.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF: return true
            default: return false
            }
        }
    }

    /// Titles that come before a name and are not what anyone is called by.
    static let titles: Set<String> = [
        "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "sir", "dame", "rev",
        "rev.", "fr", "fr.",
    ]

    /// The given name in a full name, for sentences: the first word after any title ("Dr. Ada
    /// Lovelace" → "Ada"); a one-word name, or one without spaces (a Chinese or Japanese name
    /// written whole), is used as it is.
    public static func givenName(_ name: String, familyFirst: Bool = false) -> String {
        givenNameOfPlainWords(name, familyFirst: familyFirst) ?? givenNameByWords(name, familyFirst: familyFirst)
    }

    /// `givenName`, worked out on the name split into words: the definition, and the way for
    /// names `givenNameOfPlainWords` leaves.
    static func givenNameByWords(_ name: String, familyFirst: Bool) -> String {
        let words = name.split(separator: " ")
        guard words.count > 1 else { return name }
        if familyFirst { return String(words.last!) }
        let rest = words.drop { titles.contains($0.lowercased()) }
        guard let first = rest.first else { return name }
        // "Dr. Smith": a title and one name are said together.
        if rest.count == 1, rest.startIndex != words.startIndex { return words.joined(separator: " ") }
        return String(first)
    }

    /// `givenName` without splitting the name into an array of words, for the common name: one
    /// where every space is a character of its own (no mark or joiner next to it, which would make
    /// it part of a longer character) and that does not become "Dr. Smith". Nil: work it out
    /// the long way.
    static func givenNameOfPlainWords(_ name: String, familyFirst: Bool) -> String? {
        let answer: String?? = name.utf8.withContiguousStorageIfAvailable { bytes in
            var words = 0
            var leadingTitles = 0
            var given: Range<Int>?
            var last: Range<Int>?
            var start: Int?
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == 0x20 else {
                    if start == nil { start = index }
                    continue
                }
                if index < bytes.count {
                    // A space joins a character before it only after a prepended mark (U+0600
                    // and up: lead byte 0xD8 or more), and one after it only with a combining
                    // mark or joiner (U+0300 and up: lead byte 0xCC or more).
                    if index + 1 < bytes.count, bytes[index + 1] >= 0xCC { return nil }
                    var lead = index - 1
                    while lead >= 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                    if lead >= 0, bytes[lead] >= 0xD8 { return nil }
                }
                guard let begin = start else { continue }
                words += 1
                last = begin..<index
                if given == nil {
                    if leadingTitles == words - 1, isTitle(UnsafeBufferPointer(rebasing: bytes[begin..<index])) {
                        leadingTitles += 1
                    } else {
                        given = begin..<index
                    }
                }
                start = nil
            }
            func word(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            guard words > 1 else { return name }
            if familyFirst, let last { return word(last) }
            guard let given else { return name }
            // "Dr. Smith" (a title and one name, said together) is left to the long way.
            if leadingTitles > 0 && words - leadingTitles == 1 { return nil }
            return word(given)
        }
        return answer ?? nil
    }

    /// Whether a word is one of `titles`, compared without making a lowercase copy.
    private static func isTitle(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (2...5).contains(word.count) else { return false }
        return titles.contains { title in
            title.utf8.count == word.count
                && zip(title.utf8, word).allSatisfy { t, w in t == ((0x41...0x5A).contains(w) ? w + 0x20 : w) }
        }
    }

    /// What two names are compared by to tell whether they are the same person: case folded,
    /// runs of white space collapsed to one space, trimmed; as a Swift `String` it compares and
    /// hashes equal to any canonically equivalent (NFC or NFD) spelling.
    public static func comparisonKey(_ name: String) -> String {
        comparisonKey(name, lowercased: Person.lowercased(name))
    }

    /// `comparisonKey(name)` for a name whose lowercase form is at hand (`Person.key`): most names
    /// are their own key then, with nothing to allocate.
    static func comparisonKey(_ name: String, lowercased: String) -> String {
        // The common name: ASCII or Latin-1, single spaces between words, none at either end,
        // and no letter that case folding would still change.
        let plain = lowercased.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var previousSpace = true
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 {
                    // Latin-1 is C2 or C3 and one more byte. Not plain: NEL and no-break space
                    // (white space), µ and ß (folded further), capitals (folded).
                    guard byte == 0xC2 || byte == 0xC3, index + 1 < bytes.count else { return false }
                    let scalar = (UInt32(byte & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                    if scalar == 0x85 || scalar == 0xA0 || scalar == 0xB5 || scalar == 0xDF
                        || ((0xC0...0xDE).contains(scalar) && scalar != 0xD7)
                    {
                        return false
                    }
                    previousSpace = false
                    index += 2
                    continue
                }
                if (0x09...0x0D).contains(byte) || (byte == 0x20 && previousSpace) { return false }
                previousSpace = byte == 0x20
                index += 1
            }
            return !previousSpace
        }
        if plain == true { return lowercased }
        return comparisonKeyInGeneral(name, lowercased: lowercased)
    }

    /// `comparisonKey` for any name: the definition, and the way for names that are not plain.
    static func comparisonKeyInGeneral(_ name: String, lowercased: String) -> String {
        var simple = true
        var previousSpace = true  // a leading space is not simple
        for scalar in lowercased.unicodeScalars {
            let value = scalar.value
            if (0x09...0x0D).contains(value) || (value == 0x20 && previousSpace)
                || (value >= 0x80 && (scalar.properties.isWhitespace || scalar.properties.changesWhenCaseFolded))
            {
                simple = false
                break
            }
            previousSpace = value == 0x20
        }
        if simple && !previousSpace { return lowercased }
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            // The common case, without Foundation: ASCII folds by lowercasing.
            var out: [UInt8] = []
            out.reserveCapacity(name.utf8.count)
            var pendingSpace = false
            for byte in name.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
        // Swift compares and hashes strings by canonical equivalence, so composed and decomposed
        // forms are one key already. Lowercasing is case folding except for a few letters (ß,
        // final sigma, …): only those take Foundation's full folding.
        var folded = name.lowercased()
        if folded.unicodeScalars.contains(where: { $0.properties.changesWhenCaseFolded }) {
            folded = folded.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive], locale: nil)
        }
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
