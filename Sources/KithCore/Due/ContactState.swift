public import Foundation

/// What kith has recorded beyond the config: logged interactions, first-seen dates, snoozes and
/// what sent digests showed. The state store fills this in; without one it is empty.
public struct ContactState: Sendable, Equatable {
    /// The latest logged interaction of any kind per person, keyed by `Person.key`.
    public var lastInteraction: [String: LocalDate]
    /// The day kith first saw each person.
    public var firstSeen: [String: LocalDate]
    /// People left out of digests until (not including) this date.
    public var snoozedUntil: [String: LocalDate]
    /// The latest logged `met` interaction per person.
    public var lastMet: [String: LocalDate]
    /// The earliest logged interaction of any kind per person: a logged meeting after it is with
    /// someone already known, and starts no new-acquaintance follow-ups.
    public var firstInteraction: [String: LocalDate]
    /// The most recent logged interactions per person (at most a few), oldest first.
    public var recent: [String: [LoggedContact]]
    /// The last day a sent digest showed each person.
    public var lastShown: [String: LocalDate]
    /// Introductions suggested in sent digests: pair key (`Introduction.key`) → the day.
    public var recentIntroductions: [String: LocalDate]
    /// The latest day anything was logged, for the staleness note.
    public var lastLogged: LocalDate?
    /// The day kith started keeping state (the earliest first-seen date).
    public var trackingSince: LocalDate?
    /// Per person, their latest message in INBOX that no later sent message (or logged contact)
    /// answered, from the last 30 days: "They wrote to you".
    public var waiting: [String: WaitingMail] = [:]
    /// People a reply to a digest said to skip, with the day of the reply: left out of the
    /// digests of that day and the next, their clock unchanged.
    public var skipped: [String: LocalDate] = [:]

    public init(
        lastInteraction: [String: LocalDate] = [:], firstSeen: [String: LocalDate] = [:],
        snoozedUntil: [String: LocalDate] = [:], lastMet: [String: LocalDate] = [:],
        recent: [String: [LoggedContact]] = [:], lastShown: [String: LocalDate] = [:],
        recentIntroductions: [String: LocalDate] = [:], lastLogged: LocalDate? = nil, trackingSince: LocalDate? = nil,
        firstInteraction: [String: LocalDate] = [:]
    ) {
        self.lastInteraction = lastInteraction
        self.firstSeen = firstSeen
        self.snoozedUntil = snoozedUntil
        self.lastMet = lastMet
        self.firstInteraction = firstInteraction
        self.recent = recent
        self.lastShown = lastShown
        self.recentIntroductions = recentIntroductions
        self.lastLogged = lastLogged
        self.trackingSince = trackingSince
    }

    public static let empty = ContactState()

    /// This state, with `day` as the first-seen date of every person it has not seen yet: what
    /// will be recorded for them today. A look ahead (`kith due --at` a later day) then spreads
    /// people added today over their cadence from today, as it will really happen.
    public func assumingFirstSeen(_ people: [Person], on day: LocalDate) -> ContactState {
        var state = self
        state.firstSeen.reserveCapacity(people.count)
        // By index: iterating the values would copy every `Person`.
        for index in people.indices {
            let key = people[index].key
            if state.firstSeen[key] == nil {
                state.firstSeen[key] = day
                state.trackingSince = min(state.trackingSince ?? day, day)
            }
        }
        return state
    }

    /// The latest logged contact other than a `met`, derived from `recent` and `lastInteraction`.
    func lastTouch(_ key: String) -> LocalDate? {
        guard let last = lastInteraction[key] else { return nil }
        if let met = lastMet[key], met >= last {
            // The latest interaction may be the meeting itself; look for an earlier real contact.
            return recent[key]?.last(where: { $0.kind != .met })?.date
        }
        return last
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
