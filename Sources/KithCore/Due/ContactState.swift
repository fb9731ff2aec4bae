/// What kith has recorded beyond the config: logged interactions and when it first saw each
/// person. The state store fills this in; without one it is empty.
public struct ContactState: Sendable {
    /// The latest logged interaction per person, keyed by `Person.key`.
    public var lastInteraction: [String: LocalDate]
    /// The day kith first saw each person, keyed by `Person.key`.
    public var firstSeen: [String: LocalDate]
    /// People left out of digests until (and including) the day before this date.
    public var snoozedUntil: [String: LocalDate]

    public init(
        lastInteraction: [String: LocalDate] = [:], firstSeen: [String: LocalDate] = [:],
        snoozedUntil: [String: LocalDate] = [:]
    ) {
        self.lastInteraction = lastInteraction
        self.firstSeen = firstSeen
        self.snoozedUntil = snoozedUntil
    }

    public static let empty = ContactState()
}
