/// One person who is due, and why.
public struct DueEntry: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// Met recently and not followed up yet.
        case followUp = "follow-up"
        /// They helped you recently and have not heard from you since.
        case thank
        /// Due, and tied to a goal you are working on.
        case goal
        /// The cadence has run out since the last contact.
        case overdue
        /// No contact is known yet; their first turn has come.
        case firstContact = "first-contact"
        /// From outside your field, due within the week, so the digest does not stay in one world.
        case beyondField = "beyond-field"

        /// Which group the reason ranks in: follow-ups, then thank-yous, then everyone else.
        var tier: Int {
            switch self {
            case .followUp: return 0
            case .thank: return 1
            default: return 2
            }
        }
    }

    /// Index of the person in `Config.people`.
    public let personIndex: Int
    public let reason: Reason
    /// The latest known contact (config or log), if any.
    public let lastContact: LocalDate?
    /// The day the person became (or becomes) due.
    public let dueOn: LocalDate
    /// Days from `dueOn` to today (0 when due today).
    public let daysOverdue: Int
    /// (days since last contact) / (days of the cadence); above 1 when overdue.
    public let urgency: Double
    /// The last two or more interactions were asks, with nothing given since.
    public let onlyAsked: Bool

    public init(
        personIndex: Int, reason: Reason, lastContact: LocalDate?, dueOn: LocalDate, daysOverdue: Int, urgency: Double,
        onlyAsked: Bool = false
    ) {
        self.personIndex = personIndex
        self.reason = reason
        self.lastContact = lastContact
        self.dueOn = dueOn
        self.daysOverdue = daysOverdue
        self.urgency = urgency
        self.onlyAsked = onlyAsked
    }
}

/// A date coming up: a birthday or one of the person's `dates`.
public struct UpcomingDate: Sendable, Equatable {
    public let personIndex: Int
    public let date: LocalDate
    public let daysAway: Int
    /// The age the person turns, for a birthday whose year is known.
    public let turning: Int?
    /// The date's label; nil for a birthday.
    public let label: String?
}
