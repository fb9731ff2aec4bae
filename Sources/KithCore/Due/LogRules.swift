/// Which days a contact may be logged on: the one rule `kith log` and `kith-team log` share.
public enum LogRules {
    /// How far back a contact may be logged: ten years before kith first saw the person.
    public static let earliestYears = 10

    /// Why a contact with `personName` on `day` cannot be logged, as a sentence; nil when it can.
    /// - Parameter firstSeen: when kith first saw the person; nil when it does not know (today).
    public static func problem(logging day: LocalDate, with personName: String, today: LocalDate, firstSeen: LocalDate?)
        -> String?
    {
        guard day <= today else { return "\(day) is in the future; log contact once it has happened" }
        let firstSeen = firstSeen ?? today
        guard day >= firstSeen.adding(months: -12 * earliestYears) else {
            return
                "\(day) is more than \(earliestYears) years before kith first saw \(personName) (\(firstSeen)); check the year"
        }
        return nil
    }
}
