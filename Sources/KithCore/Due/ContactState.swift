public import Foundation

/// What kith has recorded beyond the config: logged interactions, first-seen dates, snoozes and
/// what sent digests showed. The state store fills this in; without one it is empty.
public struct ContactState: Sendable, Equatable {
    /// Each person's logged history, summarised, keyed by `Person.key`: one lookup a person.
    public var history: [String: PersonHistory]
    /// The day kith first saw each person.
    public var firstSeen: [String: LocalDate]
    /// The first-seen day of everyone `firstSeen` does not hold, when `assumingFirstSeen` set
    /// one: see `firstSeenDay`.
    public var firstSeenOfOthers: LocalDate?
    /// People left out of digests until (not including) this date.
    public var snoozedUntil: [String: LocalDate]
    /// The last day a sent digest showed each person.
    public var lastShown: [String: LocalDate]
    /// Introductions suggested in sent digests: pair key (`Introduction.key`) → the day.
    public var recentIntroductions: [String: LocalDate]
    /// The latest day anything was logged, for the staleness note.
    public var lastLogged: LocalDate?
    /// The day kith started keeping state (the earliest first-seen date).
    public var trackingSince: LocalDate?
    /// The last day a sent digest said its suggestions may be out of date.
    public var lastStaleNote: LocalDate?
    /// Introductions logged as made (`Introduction.made`): never suggested again.
    public var introductionsMade: Set<String> = []
    /// The suggestions recent sent digests gave each person, with the day.
    public var recentSuggestions: [String: [ShownSuggestion]] = [:]
    /// Per person, their latest message in INBOX that no later sent message (or logged contact)
    /// answered, from the last 30 days: "They wrote to you".
    public var waiting: [String: WaitingMail] = [:]
    /// People a reply to a digest said to skip, with the day of the reply: left out of the
    /// digests of that day and the next, their clock unchanged.
    public var skipped: [String: LocalDate] = [:]
    /// Team mode: per person, the latest contact a colleague had with them (matched by address).
    /// Only who and when: a colleague's notes never reach another member.
    public var colleagues: [String: ColleagueContact] = [:]

    public init(
        lastInteraction: [String: LocalDate] = [:], firstSeen: [String: LocalDate] = [:],
        snoozedUntil: [String: LocalDate] = [:], lastMet: [String: LocalDate] = [:],
        recent: [String: [LoggedContact]] = [:], lastShown: [String: LocalDate] = [:],
        recentIntroductions: [String: LocalDate] = [:], lastLogged: LocalDate? = nil, trackingSince: LocalDate? = nil,
        firstInteraction: [String: LocalDate] = [:]
    ) {
        self.history = [:]
        self.firstSeen = firstSeen
        self.snoozedUntil = snoozedUntil
        self.lastShown = lastShown
        self.recentIntroductions = recentIntroductions
        self.lastLogged = lastLogged
        self.trackingSince = trackingSince
        self.lastInteraction = lastInteraction
        self.lastMet = lastMet
        self.firstInteraction = firstInteraction
        self.recent = recent
    }

    // Views of `history` one field at a time, for tests and tools; the engine reads `history`.

    /// The latest logged interaction of any kind per person.
    public var lastInteraction: [String: LocalDate] {
        get { history.compactMapValues(\.last) }
        set { update(newValue, \.last) }
    }
    /// The latest logged `met` interaction per person.
    public var lastMet: [String: LocalDate] {
        get { history.compactMapValues(\.lastMet) }
        set { update(newValue, \.lastMet) }
    }
    /// The earliest logged interaction of any kind per person.
    public var firstInteraction: [String: LocalDate] {
        get { history.compactMapValues(\.first) }
        set { update(newValue, \.first) }
    }
    /// The most recent logged interactions per person (at most a few), oldest first.
    public var recent: [String: [LoggedContact]] {
        get { history.compactMapValues { $0.recent.isEmpty ? nil : $0.recent } }
        set {
            for key in history.keys where newValue[key] == nil { history[key]?.recent = [] }
            for (key, value) in newValue { history[key, default: PersonHistory()].recent = value }
            history = history.filter { !$0.value.isEmpty }
        }
    }

    private mutating func update(_ values: [String: LocalDate], _ field: WritableKeyPath<PersonHistory, LocalDate?>) {
        for key in history.keys where values[key] == nil { history[key]?[keyPath: field] = nil }
        for (key, value) in values { history[key, default: PersonHistory()][keyPath: field] = value }
        history = history.filter { !$0.value.isEmpty }
    }

    public static let empty = ContactState()

    /// This state, with the history kept under a former name (`aka`) counted as the person's:
    /// someone renamed by hand keeps their clock. What the store has under the new name wins.
    public func adoptingAliases(_ people: [Person]) -> ContactState {
        var state = self
        for index in people.indices where !people[index].aka.isEmpty {
            let key = people[index].key
            for alias in people[index].aka.map({ $0.lowercased() }) where alias != key {
                if state.history[key] == nil, let old = state.history[alias] { state.history[key] = old }
                if state.firstSeen[key] == nil, let old = state.firstSeen[alias] { state.firstSeen[key] = old }
                if state.snoozedUntil[key] == nil, let old = state.snoozedUntil[alias] {
                    state.snoozedUntil[key] = old
                }
            }
        }
        return state
    }

    /// This state, with `day` as the first-seen date of every person it has not seen yet: what
    /// will be recorded for them today. A look ahead (`kith due --at` a later day) then spreads
    /// people added today over their cadence from today, as it will really happen.
    public func assumingFirstSeen(_ people: [Person], on day: LocalDate) -> ContactState {
        var state = self
        // Nobody is added to `firstSeen` (a long list would make and drop a table that size):
        // `firstSeenDay` answers `day` for anyone it does not hold.
        state.firstSeenOfOthers = firstSeenOfOthers ?? day
        let anyUnseen =
            firstSeen.isEmpty ? !people.isEmpty : people.indices.contains { firstSeen[people[$0].key] == nil }
        if anyUnseen { state.trackingSince = min(state.trackingSince ?? day, day) }
        return state
    }

    /// The day kith first saw the person with `key`, or will record for them (after
    /// `assumingFirstSeen`); nil when neither is known.
    public func firstSeenDay(_ key: String) -> LocalDate? {
        firstSeen[key] ?? firstSeenOfOthers
    }

}

/// What the due engine needs of one person's logged history.
public struct PersonHistory: Sendable, Equatable {
    /// The earliest logged interaction: a logged meeting after it is with someone already known,
    /// and starts no new-acquaintance follow-ups.
    public var first: LocalDate?
    /// The latest logged interaction of any kind.
    public var last: LocalDate?
    /// The latest logged `met`.
    public var lastMet: LocalDate?
    /// The most recent logged interactions (at most a few), oldest first.
    public var recent: [LoggedContact]

    public init(
        first: LocalDate? = nil, last: LocalDate? = nil, lastMet: LocalDate? = nil, recent: [LoggedContact] = []
    ) {
        self.first = first
        self.last = last
        self.lastMet = lastMet
        self.recent = recent
    }

    var isEmpty: Bool { first == nil && last == nil && lastMet == nil && recent.isEmpty }

    /// The latest logged contact other than a `met`.
    var lastTouch: LocalDate? {
        guard let last else { return nil }
        if let lastMet, lastMet >= last {
            // The latest interaction may be the meeting itself; look for an earlier real contact.
            return recent.last(where: { $0.kind != .met })?.date
        }
        return last
    }
}

/// A colleague's contact with one of your people: who (as the digest names them) and the day.
public struct ColleagueContact: Sendable, Equatable {
    public var who: String
    public var day: LocalDate

    public init(who: String, day: LocalDate) {
        self.who = who
        self.day = day
    }
}

extension ContactState {
    /// A colleague's contact newer than yours with this person, if there is one.
    public func newerColleagueContact(_ person: Person) -> ColleagueContact? {
        guard !colleagues.isEmpty, let colleague = colleagues[person.key] else { return nil }
        if let own = DueEngine.lastContact(of: person, state: self), own >= colleague.day { return nil }
        return colleague
    }

    /// Holds back the nudge for anyone a colleague was in touch with, more recently than you,
    /// in the last `days` days: as a snooze until `days` after that contact.
    public func respectingColleagues(_ people: [Person], days: Int) -> ContactState {
        guard !colleagues.isEmpty else { return self }
        var state = self
        // By index: iterating the values would copy every `Person`.
        for index in people.indices {
            guard let colleague = newerColleagueContact(people[index]) else { continue }
            let until = colleague.day.adding(days: days)
            let key = people[index].key
            state.snoozedUntil[key] = max(state.snoozedUntil[key] ?? until, until)
        }
        return state
    }
}

/// A message from someone that waits for an answer.
public struct WaitingMail: Sendable, Equatable {
    public var at: Date
    public var subject: String?

    public init(at: Date, subject: String?) {
        self.at = at
        self.subject = subject
    }
}

/// A suggestion a sent digest gave someone.
public struct ShownSuggestion: Sendable, Equatable {
    public var day: LocalDate
    public var text: String

    public init(day: LocalDate, text: String) {
        self.day = day
        self.text = ShownSuggestion.normalized(text)
    }

    /// The text as it is kept and compared: on one line, tabs and line breaks as spaces.
    public static func normalized(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        return String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }
}
