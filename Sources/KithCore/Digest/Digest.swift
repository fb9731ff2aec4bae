/// The content of one day's digest, before it is rendered: who, why, and what to do.
public struct Digest: Sendable {
    /// One person in the digest, with the one thing to do.
    public struct Nudge: Sendable {
        public let entry: DueEntry
        public let person: Person
        public let suggestion: String
        /// Team mode: a colleague was in touch with them more recently than you.
        public var colleague: ColleagueContact? = nil
    }

    /// The people due for one goal you are working on.
    public struct GoalSection: Sendable {
        public let goal: Goal
        public let nudges: [Nudge]
    }

    /// A date coming up, with the person it belongs to.
    public struct DateNote: Sendable {
        public let upcoming: UpcomingDate
        public let person: Person
    }

    /// Someone who wrote and waits for an answer.
    public struct WaitingNote: Sendable {
        public let person: Person
        public let day: LocalDate
        public let subject: String?
    }

    /// An introduction you could make.
    public struct IntroductionNote: Sendable {
        public let introduction: Introduction
        public let needer: Person
        public let offerer: Person

        /// The sentence the digest and `kith due --json` both use.
        public var text: String {
            "\(needer.name) is looking for \(Phrases.fragment(introduction.topic)); \(offerer.name) offers it. Introduce them, with a line to each on why."
        }
    }

    public let date: LocalDate
    public let owner: Owner
    public let followUps: [Nudge]
    public let thanks: [Nudge]
    public let goals: [GoalSection]
    public let overdue: [Nudge]
    public let beyondField: [Nudge]
    public let introductions: [IntroductionNote]
    public let dates: [DateNote]
    /// "They wrote to you": people whose message waits for an answer, the longest waiting first.
    public let waiting: [WaitingNote]
    /// How many people were due in all, before resting and the `maxPeople` cap.
    public let totalDue: Int
    /// Days since anything was logged, when that is `digest.staleAfter` or more.
    public let staleDays: Int?
    /// The local hour the digest is made for: its greeting says good morning, afternoon or evening.
    public var hour: Int = 7

    /// The people the digest names, in order; never more than `maxPeople`.
    public var nudges: [Nudge] { followUps + thanks + goals.flatMap(\.nudges) + overdue + beyondField }

    /// True when there is nothing to send.
    public var isEmpty: Bool { nudges.isEmpty && dates.isEmpty && introductions.isEmpty && waiting.isEmpty }

    /// How many days apart the staleness note is said at most.
    public static let staleNoteEvery = 7

    /// The most people "They wrote to you" names.
    public static let maxWaiting = 5
    /// A message waits this many days before the digest mentions it, and is forgotten after
    /// `waitingUntil` days.
    public static let waitingFrom = 2
    public static let waitingUntil = 30

    /// The most introductions one digest suggests.
    public static let maxIntroductions = 2
    /// How far ahead someone from another field may be due to join the digest.
    public static let beyondFieldLookahead = 7

    /// Builds the digest for `today` from the ranked due list: people resting since a recent
    /// digest are left out, the rest take turns (never shown first, then longest ago), at most
    /// `maxPeople` in all; then sections for follow-ups, thank-yous, goals, the overdue, someone
    /// beyond your field, introductions and dates.
    /// - Parameter hour: the local hour it is made at (default: `digest.at`), for the greeting.
    public static func build(config: Config, state: ContactState, today: LocalDate, hour: Int? = nil) -> Digest {
        let context = DueEngine.Context(config: config, state: state, today: today)
        var digest = build(
            context: context, due: DueEngine.due(in: context),
            advice: Advice(config: config, state: state, today: today))
        digest.hour = hour ?? config.digest.at.hour
        return digest
    }

    /// `build` with the day's context, ranked due list and advice already worked out.
    static func build(context: DueEngine.Context, due: [DueEntry], advice: Advice) -> Digest {
        let config = context.config
        let state = context.state
        let today = context.today
        let settings = config.digest
        let people = config.people

        // They wrote to you: someone whose message waits (2 to 30 days) for an answer.
        let clock = ZoneClock(timeZone: config.timeZone)
        let waiting: [WaitingNote] = people.indices.compactMap { index -> WaitingNote? in
            guard let mail = state.waiting[people[index].key], !context.isSnoozed(index) else { return nil }
            let day = clock.local(mail.at).date
            let age = today.days(since: day)
            guard age >= waitingFrom, age < waitingUntil else { return nil }
            return WaitingNote(person: people[index], day: day, subject: mail.subject)
        }.sorted { $0.day < $1.day }.prefix(maxWaiting).map { $0 }
        let waitingKeys = Set(waiting.map(\.person.key))

        func resting(_ index: Int) -> Bool {
            if waitingKeys.contains(people[index].key) { return true }
            if let skipped = state.skipped[people[index].key], today.days(since: skipped) >= 0,
                today.days(since: skipped) <= 1
            {
                return true
            }
            guard !state.lastShown.isEmpty, let shown = state.lastShown[people[index].key] else { return false }
            if let last = DueEngine.lastContact(of: people[index], state: state), last >= shown { return false }
            return today.days(since: shown) < settings.restDays
        }
        // Fair rotation: within each tier, whoever was shown longest ago (or never) goes first;
        // the due ranking orders the rest. The sort is stable, so rank order survives ties.
        // With no digest sent yet, the ranking (already in tiers) is the order.
        let eligible: [DueEntry]
        if state.lastShown.isEmpty && state.skipped.isEmpty && waitingKeys.isEmpty {
            eligible = due
        } else {
            // A follow-up is one nudge a step of the series: once shown, it waits for the next step
            // (or ends with any contact) instead of coming back after the rest days.
            func followUpShown(_ entry: DueEntry) -> Bool {
                guard entry.reason == .followUp, let shown = state.lastShown[people[entry.personIndex].key] else {
                    return false
                }
                return shown >= entry.dueOn
            }
            eligible = due.enumerated().filter { !resting($0.element.personIndex) && !followUpShown($0.element) }
                .sorted { a, b in
                    let ta = a.element.reason.tier
                    let tb = b.element.reason.tier
                    if ta != tb { return ta < tb }
                    let sa = state.lastShown[people[a.element.personIndex].key]?.dayNumber ?? Int.min
                    let sb = state.lastShown[people[b.element.personIndex].key]?.dayNumber ?? Int.min
                    if sa != sb { return sa < sb }
                    return a.offset < b.offset
                }
                .map(\.element)
        }
        // Birthdays and dates within their lead time are actions too: they count within
        // `maxPeople` (soonest first), and whoever has one is in the digest for it, once.
        let dates = Array(
            DueEngine.upcomingDates(config: config, today: today).filter { !context.isSnoozed($0.personIndex) }
                .map { DateNote(upcoming: $0, person: people[$0.personIndex]) }.prefix(settings.maxPeople))
        let dated = Set(dates.map(\.upcoming.personIndex))
        let capacity = settings.maxPeople - Set(dates.map(\.upcoming.personIndex)).count
        var selected = Array(eligible.lazy.filter { !dated.contains($0.personIndex) }.prefix(max(0, capacity)))

        // Beyond your field: someone from another field, due within the week, joins the digest.
        if let ownerField = config.owner.field?.lowercased(), settings.beyondField {
            func otherField(_ index: Int) -> Bool {
                guard let field = people[index].field?.lowercased() else { return false }
                return field != ownerField
            }
            if !selected.contains(where: { otherField($0.personIndex) }) {
                let chosen = Set(selected.map(\.personIndex))
                var candidate = eligible.first { otherField($0.personIndex) && !chosen.contains($0.personIndex) }
                if candidate == nil {
                    let ahead = today.adding(days: beyondFieldLookahead)
                    for index in people.indices
                    where otherField(index) && !chosen.contains(index) && !context.isSnoozed(index) && !resting(index) {
                        guard let entry = context.entry(for: index, on: ahead) else { continue }
                        if candidate.map({ entry.dueOn < $0.dueOn }) ?? true { candidate = entry }
                    }
                }
                if let found = candidate {
                    let entry = DueEntry(
                        personIndex: found.personIndex, reason: .beyondField, lastContact: found.lastContact,
                        dueOn: found.dueOn, daysOverdue: max(0, today.days(since: found.dueOn)), urgency: found.urgency,
                        onlyAsked: found.onlyAsked)
                    if selected.count >= capacity, !selected.isEmpty { selected.removeLast() }
                    if capacity > 0, !dated.contains(entry.personIndex) { selected.append(entry) }
                }
            }
        }

        func nudge(_ entry: DueEntry) -> Nudge {
            Nudge(
                entry: entry, person: people[entry.personIndex], suggestion: advice.suggestion(for: entry),
                colleague: state.newerColleagueContact(people[entry.personIndex]))
        }
        var goalSections: [GoalSection] = []
        var placed = Set<Int>()
        for goal in config.goals where context.activeGoals.contains(goal.id) {
            let members = selected.filter {
                $0.reason == .goal && !placed.contains($0.personIndex)
                    && people[$0.personIndex].goals.first(where: context.activeGoals.contains) == goal.id
            }.prefix(3)
            guard !members.isEmpty else { continue }
            placed.formUnion(members.map(\.personIndex))
            goalSections.append(GoalSection(goal: goal, nudges: members.map(nudge)))
        }
        let overdue = selected.filter {
            [.overdue, .firstContact, .goal].contains($0.reason) && !placed.contains($0.personIndex)
        }

        let introductions = advice.offers.introductions(
            people: people, first: selected.map(\.personIndex), state: state, today: today,
            limit: maxIntroductions, excluded: context.isSnoozed
        ).map { IntroductionNote(introduction: $0, needer: people[$0.needer], offerer: people[$0.offerer]) }

        var staleDays: Int?
        // Said at most once a week: a note nobody acted on does not need repeating every morning.
        if let reference = state.lastLogged ?? state.trackingSince, today.days(since: reference) >= settings.staleAfter,
            state.lastStaleNote.map({ today.days(since: $0) >= staleNoteEvery }) ?? true
        {
            staleDays = today.days(since: reference)
        }

        return Digest(
            date: today, owner: config.owner,
            followUps: selected.filter { $0.reason == .followUp }.map(nudge),
            thanks: selected.filter { $0.reason == .thank }.map(nudge), goals: goalSections,
            overdue: overdue.map(nudge),
            beyondField: selected.filter { $0.reason == .beyondField }.map(nudge), introductions: introductions,
            dates: dates, waiting: waiting, totalDue: due.count, staleDays: staleDays)
    }
}
