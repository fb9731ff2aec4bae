/// Writes the one suggested action each nudge carries, from what kith knows about the person.
enum Advice {
    static func suggestion(for person: Person, entry: DueEntry, config: Config, today: LocalDate) -> String {
        let first = firstName(person.name)
        if entry.reason == .followUp, let met = person.met {
            let when = Phrases.relativeDay(met, from: today)
            let place = person.metAt.map { " at \($0)" } ?? ""
            return
                "You met \(first)\(place) \(when). Send a short note that picks up something you talked about, and offer one thing that could help."
        }
        if let need = person.needs.first {
            return "\(first) is looking for \(need). Share a lead, an article or a person that could help with it."
        }
        if let tag = person.tags.first {
            return "Send \(first) something about \(tag) you came across, with a line on why it made you think of them."
        }
        if let notes = person.notes, !notes.isEmpty {
            return "Check in with \(first), with your notes in mind: \(notes)"
        }
        if let offer = person.offers.first {
            return "Ask \(first) how their work on \(offer) is going, and listen."
        }
        return "Send \(first) a short note: no agenda, just that you thought of them and want to hear how they are."
    }

    static func firstName(_ name: String) -> String {
        String(name.split(separator: " ").first ?? Substring(name))
    }
}

/// Human wording for dates and spans.
public enum Phrases {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `Monday 23 November 2026`.
    public static func longDate(_ date: LocalDate) -> String {
        let (y, m, d) = date.parts
        return "\(weekdays[date.weekday]) \(d) \(months[m - 1]) \(y)"
    }

    /// `23 Nov`.
    public static func shortDate(_ date: LocalDate) -> String {
        let (_, m, d) = date.parts
        return "\(d) \(months[m - 1].prefix(3))"
    }

    /// `today`, `yesterday`, `3 days ago`, `5 weeks ago`, `in 2 days`.
    public static func relativeDay(_ date: LocalDate, from today: LocalDate) -> String {
        let days = today.days(since: date)
        switch days {
        case 0: return "today"
        case 1: return "yesterday"
        case -1: return "tomorrow"
        case let n where n < 0: return "in \(-n) days"
        case 2..<14: return "\(days) days ago"
        case 14..<60: return "\(days / 7) weeks ago"
        case 60..<730: return "\(days / 30) months ago"
        default: return "\(days / 365) years ago"
        }
    }
}
