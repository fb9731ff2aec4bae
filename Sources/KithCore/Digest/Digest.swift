/// The content of one day's digest, before it is rendered: who, why, and what to do.
public struct Digest: Sendable {
    /// One person in the digest.
    public struct Nudge: Sendable, Equatable {
        public let entry: DueEntry
        public let person: Person
        /// One concrete thing to do.
        public let suggestion: String

        public static func == (a: Nudge, b: Nudge) -> Bool { a.entry == b.entry && a.suggestion == b.suggestion }
    }

    /// A date coming up, with the person it belongs to.
    public struct DateNote: Sendable {
        public let upcoming: UpcomingDate
        public let person: Person
    }

    public let date: LocalDate
    public let owner: Owner
    public let followUps: [Nudge]
    public let overdue: [Nudge]
    public let dates: [DateNote]
    /// How many people were due in all, before the digest was capped at `maxPeople`.
    public let totalDue: Int

    /// The people the digest names, in order.
    public var nudges: [Nudge] { followUps + overdue }

    /// True when there is nothing to send.
    public var isEmpty: Bool { followUps.isEmpty && overdue.isEmpty && dates.isEmpty }

    /// Builds the digest for `today`: follow-ups first, then the most overdue, at most
    /// `maxPeople` people together; dates within `datesAhead` days.
    public static func build(config: Config, state: ContactState, today: LocalDate) -> Digest {
        let due = DueEngine.due(config: config, state: state, today: today)
        let shown = due.prefix(config.digest.maxPeople).map { entry in
            let person = config.people[entry.personIndex]
            return Nudge(
                entry: entry, person: person,
                suggestion: Advice.suggestion(for: person, entry: entry, config: config, today: today))
        }
        let dates = DueEngine.upcomingDates(config: config, today: today).map {
            DateNote(upcoming: $0, person: config.people[$0.personIndex])
        }
        return Digest(
            date: today, owner: config.owner, followUps: shown.filter { $0.entry.reason == .followUp },
            overdue: shown.filter { $0.entry.reason == .overdue }, dates: dates, totalDue: due.count)
    }
}
