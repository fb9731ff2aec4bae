/// Every key the config file may hold, by section: the one list the decoder checks keys against
/// (an unknown key is refused with these as the choices) and the man page's CONFIGURATION
/// section is tested against, so the two never drift.
public enum ConfigKeys {
    public static let document = [
        "owner", "timezone", "digest", "smtp", "imap", "circles", "followUp", "goals", "people", "defaults",
    ]
    public static let owner = ["name", "email", "emails", "field", "nickname"]
    public static let digest = [
        "at", "days", "maxPeople", "datesAhead", "sendWhenEmpty", "restDays", "staleAfter", "beyondField",
        "textTemplate", "htmlTemplate",
    ]
    public static let smtp = [
        "url", "username", "passwordFile", "from", "to", "caFile", "tls", "timeoutSeconds", "heloName",
    ]
    public static let imap = [
        "url", "username", "passwordFile", "caFile", "tls", "timeoutSeconds", "sentFolder", "backfillDays",
        "pollMinutes", "address",
    ]
    /// The keys of one circle, `"circles": { "inner": { … } }`.
    public static let circle = ["every"]
    public static let followUp = ["after"]
    /// The keys of one goal.
    public static let goal = ["id", "title", "until"]
    /// The keys of one person.
    public static let person = PersonKey.allCases.map(\.rawValue)

    /// The keys of one person as cases, in the order `person` lists them.
    public enum PersonKey: String, CaseIterable, Sendable {
        case name, email, emails, circle, every, lastContact, met, metAt, birthday, field, offers, needs, goals, tags,
            notes, dates, phone, nickname, aka, nameOrder
    }
    /// The keys of one of a person's `dates`.
    public static let date = ["label", "on"]
    public static let defaults = ["importCircle"]

    /// Each section with its keys, as `section.key` paths say them (`people[].nickname`).
    public static let sections: [(section: String, keys: [String])] = [
        ("", document), ("owner", owner), ("digest", digest), ("smtp", smtp), ("imap", imap),
        ("circles.NAME", circle), ("followUp", followUp), ("goals[]", goal), ("people[]", person),
        ("people[].dates[]", date), ("defaults", defaults),
    ]
}
