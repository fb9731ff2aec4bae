public import Foundation
public import KithCore

/// A logged contact with someone: `kith log Ada --kind call --note "…"`.
public struct Interaction: Sendable, Equatable {
    /// What happened. `gave`, `asked` and `received` feed the give-first and thank-you rules.
    public typealias Kind = InteractionKind

    public var personKey: String
    public var personName: String
    public var date: LocalDate
    public var kind: Kind
    public var note: String?
    public var loggedAt: Date

    public init(personKey: String, personName: String, date: LocalDate, kind: Kind, note: String?, loggedAt: Date) {
        self.personKey = personKey
        self.personName = personName
        self.date = date
        self.kind = kind
        self.note = note
        self.loggedAt = loggedAt
    }
}
