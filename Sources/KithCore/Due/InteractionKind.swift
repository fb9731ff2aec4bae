/// What kind of contact a logged interaction was. `gave`, `asked` and `received` feed the
/// give-first and thank-you rules; `met` starts follow-ups.
public enum InteractionKind: String, Sendable, CaseIterable {
    case met, call, message, meet, gave, asked, received, mail
}

/// One logged interaction, as the due engine sees it.
public struct LoggedContact: Sendable, Equatable {
    public var date: LocalDate
    public var kind: InteractionKind
    public var note: String?

    public init(date: LocalDate, kind: InteractionKind, note: String? = nil) {
        self.date = date
        self.kind = kind
        self.note = note
    }
}
