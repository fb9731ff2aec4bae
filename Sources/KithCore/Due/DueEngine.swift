import Foundation

/// Works out who is due on a day. Pure: config, state and the local date in, entries out; no
/// clock reads and no I/O.
public enum DueEngine {
    /// How long a follow-up stays a follow-up after its last point before the regular cadence
    /// takes over.
    public static let followUpGraceDays = 7
    /// How long after someone helped you a "thank them" entry stays.
    public static let thankWithinDays = 3
    /// How much more urgent someone tied to an active goal ranks among the overdue.
    public static let goalBoost = 1.5

    /// Everyone due on `today`, ranked: follow-ups, then thank-yous, then by urgency (goal people
    /// boosted), circle order breaking ties. Snoozed people are left out.
    public static func due(config: Config, state: ContactState, today: LocalDate) -> [DueEntry] {
        due(in: Context(config: config, state: state, today: today))
    }

    /// `due` for a caller that goes on to use the same day's context (the digest builder).
    static func due(in context: Context) -> [DueEntry] {
        var entries: [DueEntry] = []
        for index in context.config.people.indices where !context.isSnoozed(index) {
            if let entry = context.entry(for: index, on: context.today) { entries.append(entry) }
        }
        // Sorted by a small key made once for each entry, so that a comparison reads no `Person`.
        let keys = entries.map { RankKey($0, in: context) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { entries[$0] }
    }

    /// When `person` is next listed as due, from `today` on (see `Context.nextDue`).
    public static func nextDue(of person: Person, config: Config, state: ContactState, today: LocalDate) -> LocalDate? {
        guard let index = config.people.firstIndex(where: { $0.key == person.key }) else { return nil }
        return Context(config: config, state: state, today: today).nextDue(for: index)
    }

    /// When each person is next listed as due, from `today` on, in config order: `nextDue` for
    /// everyone at once (one context for all).
    public static func nextDueDates(config: Config, state: ContactState, today: LocalDate) -> [LocalDate?] {
        let context = Context(config: config, state: state, today: today)
        return config.people.indices.map { context.nextDue(for: $0) }
    }

    /// The latest known contact: the config's `lastContact` or any logged interaction.
    public static func lastContact(of person: Person, state: ContactState) -> LocalDate? {
        latest(person.lastContact, state.history[person.key]?.last)
    }

    static func latest(_ a: LocalDate?, _ b: LocalDate?) -> LocalDate? {
        switch (a, b) {
        case (let a?, let b?): return max(a, b)
        case (let a?, nil): return a
        case (nil, let b): return b
        }
    }

    /// Where an entry ranks: follow-ups, then thank-yous (each by day), then by urgency, highest
    /// first (goal people boosted); circle order, then config order, break ties.
    struct RankKey: Comparable {
        let tier: Int
        let day: Int
        let urgency: Double
        let circleRank: Int
        let personIndex: Int

        init(_ entry: DueEntry, in context: Context) {
            tier = entry.reason.tier
            day = tier < 2 ? entry.dueOn.dayNumber : 0
            urgency = entry.reason == .goal ? entry.urgency * DueEngine.goalBoost : entry.urgency
            circleRank = context.config.people[entry.personIndex].circleRank
            personIndex = entry.personIndex
        }

        static func < (a: RankKey, b: RankKey) -> Bool {
            if a.tier != b.tier { return a.tier < b.tier }
            if a.day != b.day { return a.day < b.day }
            if a.urgency != b.urgency { return a.urgency > b.urgency }
            if a.circleRank != b.circleRank { return a.circleRank < b.circleRank }
            return a.personIndex < b.personIndex
        }
    }

    /// What the per-person rules share for one day: computed once, used for every person.
    struct Context: Sendable {
        let config: Config
        let state: ContactState
        let today: LocalDate
        let firstDue: [LocalDate?]
        let activeGoals: Set<String>

        init(config: Config, state: ContactState, today: LocalDate) {
            self.config = config
            self.state = state
            self.today = today
            self.firstDue = DueEngine.firstContactDueDates(config: config, state: state, today: today)
            self.activeGoals = Set(config.goals.filter { $0.until.map { $0 >= today } ?? true }.map(\.id))
        }

        func isSnoozed(_ index: Int) -> Bool {
            guard !state.snoozedUntil.isEmpty, let until = state.snoozedUntil[config.people[index].key] else {
                return false
            }
            return today < until
        }

        /// The logged meeting that starts a follow-up series: only one with someone not known
        /// before it (no earlier contact in the config or the log). Meeting someone already
        /// known is contact like any other.
        func newAcquaintanceMeeting(_ person: Person) -> LocalDate? {
            newAcquaintanceMeeting(person, state.history[person.key])
        }

        func newAcquaintanceMeeting(_ person: Person, _ history: PersonHistory?) -> LocalDate? {
            newAcquaintanceMeeting(lastContact: person.lastContact, history)
        }

        func newAcquaintanceMeeting(lastContact: LocalDate?, _ history: PersonHistory?) -> LocalDate? {
            guard let history, let met = history.lastMet else { return nil }
            if let known = lastContact, known < met { return nil }
            if let first = history.first, first < met { return nil }
            return met
        }

        /// The first day from `today` on which the person is listed as due (today when they
        /// are due now), or nil when nothing makes them due. The one answer to "when is X next
        /// due" for `kith log`, `kith due` and the digest alike, since it asks `entry` itself.
        func nextDue(for index: Int) -> LocalDate? {
            let person = config.people[index]
            var start = today
            if let until = state.snoozedUntil[person.key], until > today { start = until }
            if entry(for: index, on: start) != nil { return start }
            // The days someone can turn due on: a follow-up point, the cadence from the last
            // contact or meeting, or their first-contact day.
            var candidates: [LocalDate] = []
            let logged = state.history[person.key]?.last
            let met = DueEngine.latest(person.met, newAcquaintanceMeeting(person))
            if let met { candidates += config.followUpAfter.map { $0.after(met) } }
            if let base = DueEngine.latest(DueEngine.latest(person.lastContact, logged), met) {
                candidates.append(person.cadence.after(base))
            }
            if let first = firstDue[index] { candidates.append(first) }
            for day in candidates.filter({ $0 > start }).sorted() where entry(for: index, on: day) != nil {
                return day
            }
            return nil
        }

        func hasActiveGoal(_ index: Int) -> Bool {
            !activeGoals.isEmpty && config.people[index].goals.contains(where: activeGoals.contains)
        }

        /// The person's entry if they are due on `day` (today, or a later day to look ahead).
        func entry(for index: Int, on day: LocalDate) -> DueEntry? {
            entry(for: config.people[index], index: index, on: day)
        }

        /// `entry(for:on:)` with the person borrowed from the config, not copied.
        private func entry(for person: Person, index: Int, on day: LocalDate) -> DueEntry? {
            let lastContact = person.lastContact
            let history = state.history[person.key]
            let logged = history?.last
            let last = DueEngine.latest(lastContact, logged)
            let met = DueEngine.latest(person.met, newAcquaintanceMeeting(lastContact: lastContact, history))
            let recent = history?.recent ?? []
            let onlyAsked = recent.count >= 2 && recent.suffix(2).allSatisfy { $0.kind == .asked }

            if let met {
                let touched = DueEngine.latest(lastContact, history?.lastTouch)
                if touched.map({ $0 <= met }) ?? true {
                    // Met and not in touch since: follow-ups at met + each followUp.after.
                    let points = config.followUpAfter.map { $0.after(met) }
                    guard let first = points.first, day >= first else {
                        return nil  // Just met: neither a follow-up nor the cadence is due yet.
                    }
                    let current = points.last(where: { $0 <= day })!
                    if current != points.last || day.days(since: current) < followUpGraceDays {
                        let since = Double(max(1, day.days(since: met)))
                        return DueEntry(
                            personIndex: index, reason: .followUp, lastContact: last, dueOn: current,
                            daysOverdue: day.days(since: current),
                            urgency: since / Double(max(1, current.days(since: met))), onlyAsked: onlyAsked)
                    }
                }
            }
            // They helped you and have not heard from you since.
            if let latest = recent.last, latest.kind == .received,
                lastContact.map({ $0 <= latest.date }) ?? true,
                (0...thankWithinDays).contains(day.days(since: latest.date))
            {
                return DueEntry(
                    personIndex: index, reason: .thank, lastContact: last, dueOn: latest.date,
                    daysOverdue: day.days(since: latest.date), urgency: 1, onlyAsked: onlyAsked)
            }
            let base = DueEngine.latest(last, met)
            let dueOn: LocalDate
            let cadenceDays: Int
            let elapsed: Int
            if let base {
                dueOn = person.cadence.after(base)
                cadenceDays = max(1, dueOn.days(since: base))
                elapsed = day.days(since: base)
            } else if let first = firstDue[index] {
                dueOn = first
                cadenceDays = max(1, person.cadence.nominalDays)
                elapsed = day.days(since: first) + cadenceDays
            } else {
                return nil
            }
            guard dueOn <= day else { return nil }
            let reason: DueEntry.Reason = hasActiveGoal(index) ? .goal : (base == nil ? .firstContact : .overdue)
            return DueEntry(
                personIndex: index, reason: reason, lastContact: last, dueOn: dueOn,
                daysOverdue: day.days(since: dueOn),
                urgency: Double(elapsed) / Double(cadenceDays), onlyAsked: onlyAsked)
        }
    }

    /// First due dates for people with no known contact and no `met`, spread over their cadence.
    ///
    /// People are grouped by cadence length and the day kith first saw them (today when the
    /// state does not know). Within a group they are ordered by a stable hash of their name and
    /// given evenly spaced phases modulo the cadence; each becomes due on the first day on or
    /// after the group's day whose day number has their phase. Any run of N days holds each phase
    /// once, so a group of k people puts at most ⌈k / N⌉ on one day, and all are due within N days.
    public static func firstContactDueDates(config: Config, state: ContactState, today: LocalDate) -> [LocalDate?] {
        struct GroupKey: Hashable {
            let anchor: LocalDate
            let days: Int
        }
        var groups: [GroupKey: [(hash: UInt64, index: Int)]] = [:]
        for (index, person) in config.people.enumerated() where person.met == nil && person.lastContact == nil {
            let history = state.history[person.key]
            guard history?.last == nil, history?.lastMet == nil else { continue }
            let anchor = state.firstSeenDay(person.key) ?? today
            let key = GroupKey(anchor: anchor, days: max(1, person.cadence.nominalDays))
            groups[key, default: []].append((stableHash(person.key), index))
        }
        var result = [LocalDate?](repeating: nil, count: config.people.count)
        for (key, members) in groups {
            let sorted = members.sorted { $0.hash != $1.hash ? $0.hash < $1.hash : $0.index < $1.index }
            let n = key.days
            let anchorResidue = ((key.anchor.dayNumber % n) + n) % n
            for (position, member) in sorted.enumerated() {
                let phase = position * n / sorted.count
                let offset = ((phase - anchorResidue) % n + n) % n
                result[member.index] = key.anchor.adding(days: offset)
            }
        }
        return result
    }

    /// Birthdays and people's `dates` from today to `datesAhead` days ahead, soonest first.
    public static func upcomingDates(config: Config, today: LocalDate) -> [UpcomingDate] {
        var dates: [UpcomingDate] = []
        let horizon = config.digest.datesAhead
        for (index, person) in config.people.enumerated() {
            if let birthday = person.birthday {
                let next = birthday.next(onOrAfter: today)
                let away = next.days(since: today)
                if away <= horizon {
                    let turning = birthday.year.map { next.parts.year - $0 }
                    dates.append(
                        UpcomingDate(personIndex: index, date: next, daysAway: away, turning: turning, label: nil))
                }
            }
            for personDate in person.dates {
                let next = Birthday(month: personDate.month, day: personDate.day, year: nil).next(onOrAfter: today)
                let away = next.days(since: today)
                if away <= horizon {
                    dates.append(
                        UpcomingDate(
                            personIndex: index, date: next, daysAway: away, turning: nil, label: personDate.label))
                }
            }
        }
        dates.sort { $0.date != $1.date ? $0.date < $1.date : $0.personIndex < $1.personIndex }
        return dates
    }

    /// FNV-1a over the UTF-8 bytes: the same on every run and machine, unlike `Hasher`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
