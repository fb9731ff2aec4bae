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

    /// `Monday`.
    public static func weekday(_ date: LocalDate) -> String {
        weekdays[date.weekday]
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
        default: return span(days: days) + " ago"
        }
    }

    /// A length of time in the largest unit that reads naturally: `a day`, `9 days`, `3 weeks`,
    /// `5 months`, `2 years`.
    public static func span(days: Int) -> String {
        switch days {
        case ...1: return "a day"
        case 2..<14: return "\(days) days"
        case 14..<60: return "\(days / 7) weeks"
        case 60..<730: return "\(days / 30) months"
        default: return "\(days / 365) years"
        }
    }

    /// A noun the user wrote (a need, a tag, a field, a place, a date's label) as it goes into a
    /// sentence: without the full stop, `!`, `?` or other mark it may end with, which the
    /// sentence's own punctuation would double ("looking for Rust.: share").
    public static func fragment(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard ".!?;:,".contains(text[before]) || text[before].isWhitespace else { break }
            end = before
        }
        return end == text.endIndex ? text : String(text[..<end])
    }

    /// "Sam was in touch with Ada on Tuesday (24 Nov)": a colleague's contact, in the last week by
    /// weekday, else by date.
    public static func colleagueNote(_ contact: ColleagueContact, about person: Person, today: LocalDate) -> String {
        let days = today.days(since: contact.day)
        let when: String
        switch days {
        case 0: when = "today"
        case 1: when = "yesterday"
        case 2..<7: when = "on \(weekday(contact.day)) (\(shortDate(contact.day)))"
        default: when = "on \(shortDate(contact.day))"
        }
        return "\(contact.who) was in touch with \(person.callName) \(when)."
    }
}
