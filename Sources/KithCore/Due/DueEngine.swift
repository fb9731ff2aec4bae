/// Works out who is due on a day. Pure: config, state and the local date in, entries out; no
/// clock reads and no I/O.
public enum DueEngine {
    /// How long a follow-up stays a follow-up after its last point before the regular cadence
    /// takes over.
    public static let followUpGraceDays = 7

    /// Everyone due on `today`, ranked: follow-ups first, then by urgency, circle order breaking ties.
    public static func due(config: Config, state: ContactState, today: LocalDate) -> [DueEntry] {
        let firstDue = firstContactDueDates(config: config, state: state, today: today)
        var entries: [DueEntry] = []
        for (index, person) in config.people.enumerated() {
            if !state.snoozedUntil.isEmpty, let until = state.snoozedUntil[person.key], today < until { continue }
            if let entry = entry(
                for: person, index: index, config: config, state: state, today: today, firstDue: firstDue[index])
            {
                entries.append(entry)
            }
        }
        entries.sort { a, b in rank(a, b, people: config.people) }
        return entries
    }

    /// The latest known contact: the config's `lastContact` or a logged interaction.
    public static func lastContact(of person: Person, state: ContactState) -> LocalDate? {
        let logged = state.lastInteraction.isEmpty ? nil : state.lastInteraction[person.key]
        switch (person.lastContact, logged) {
        case (let a?, let b?): return max(a, b)
        case (let a?, nil): return a
        case (nil, let b): return b
        }
    }

    private static func entry(
        for person: Person, index: Int, config: Config, state: ContactState, today: LocalDate, firstDue: LocalDate?
    ) -> DueEntry? {
        let last = lastContact(of: person, state: state)
        var base = last
        if let met = person.met, last.map({ $0 <= met }) ?? true {
            // Met and not in touch since: follow-ups at met + each followUp.after.
            let points = config.followUpAfter.map { $0.after(met) }
            guard let first = points.first, today >= first else {
                return nil  // Just met: neither a follow-up nor the cadence is due yet.
            }
            let current = points.last(where: { $0 <= today })!
            if current != points.last || today.days(since: current) < followUpGraceDays {
                let since = Double(max(1, today.days(since: met)))
                return DueEntry(
                    personIndex: index, reason: .followUp, lastContact: last, dueOn: current,
                    daysOverdue: today.days(since: current), urgency: since / Double(max(1, current.days(since: met))))
            }
            base = met
        }
        let dueOn: LocalDate
        let cadenceDays: Int
        let elapsed: Int
        if let base {
            dueOn = person.cadence.after(base)
            cadenceDays = max(1, dueOn.days(since: base))
            elapsed = today.days(since: base)
        } else if let firstDue {
            dueOn = firstDue
            cadenceDays = max(1, person.cadence.nominalDays)
            elapsed = today.days(since: firstDue) + cadenceDays
        } else {
            return nil
        }
        guard dueOn <= today else { return nil }
        return DueEntry(
            personIndex: index, reason: .overdue, lastContact: last, dueOn: dueOn,
            daysOverdue: today.days(since: dueOn), urgency: Double(elapsed) / Double(cadenceDays))
    }

    private static func rank(_ a: DueEntry, _ b: DueEntry, people: [Person]) -> Bool {
        if a.reason != b.reason { return a.reason == .followUp }
        if a.reason == .followUp, a.dueOn != b.dueOn { return a.dueOn < b.dueOn }
        if a.urgency != b.urgency { return a.urgency > b.urgency }
        // Read the one field rather than copying whole `Person` values in this hot comparison.
        let ra = people[a.personIndex].circleRank
        let rb = people[b.personIndex].circleRank
        if ra != rb { return ra < rb }
        return a.personIndex < b.personIndex
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
        for (index, person) in config.people.enumerated()
        where person.met == nil && lastContact(of: person, state: state) == nil {
            let anchor = state.firstSeen[person.key] ?? today
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

    /// Birthdays from today to `datesAhead` days ahead, soonest first.
    public static func upcomingDates(config: Config, today: LocalDate) -> [UpcomingDate] {
        var dates: [UpcomingDate] = []
        for (index, person) in config.people.enumerated() {
            guard let birthday = person.birthday else { continue }
            let next = birthday.next(onOrAfter: today)
            let away = next.days(since: today)
            guard away <= config.digest.datesAhead else { continue }
            let turning = birthday.year.map { next.parts.year - $0 }
            dates.append(UpcomingDate(personIndex: index, date: next, daysAway: away, turning: turning))
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
