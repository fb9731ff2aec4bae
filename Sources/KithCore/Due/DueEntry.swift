/// One person who is due, and why.
public struct DueEntry: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// Met recently and not followed up yet.
        case followUp = "follow-up"
        /// The cadence has run out since the last contact.
        case overdue
    }

    /// Index of the person in `Config.people`.
    public let personIndex: Int
    public let reason: Reason
    /// The latest known contact (config or log), if any.
    public let lastContact: LocalDate?
    /// The day the person became due.
    public let dueOn: LocalDate
    /// Days from `dueOn` to today (0 when due today).
    public let daysOverdue: Int
    /// (days since last contact) / (days of the cadence); above 1 when overdue.
    public let urgency: Double
}

/// A date coming up, such as a birthday.
public struct UpcomingDate: Sendable, Equatable {
    public let personIndex: Int
    public let date: LocalDate
    public let daysAway: Int
    /// The age the person turns, when the birth year is known.
    public let turning: Int?
}
