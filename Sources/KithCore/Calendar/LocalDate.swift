/// A calendar day with no time zone attached, as used in the config (`2026-11-23`).
///
/// Stored as the number of days since 1970-01-01 in the proleptic Gregorian calendar, so
/// comparing and subtracting dates is integer arithmetic; conversions to year, month and day
/// use Howard Hinnant's civil-date algorithms.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// A date from its parts, or nil when the parts name no real day (`2026-02-30`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = era * 146097 + doe - 719468
    }

    /// Parses `YYYY-MM-DD` exactly; nil for any other shape or an impossible day.
    public init?(iso text: Substring) {
        self.init(iso: text, years: LocalDate.years)
    }

    /// `YYYY-MM-DD` with a year in `years` (a birthday may be older than the dates kith keeps).
    public init?(iso text: Substring, years: ClosedRange<Int>) {
        let bytes = text.utf8.span
        guard bytes.count == 10 else { return nil }
        var (y, m, d) = (0, 0, 0)
        for offset in bytes.indices {
            let byte = bytes[offset]
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let digit = LocalDate.digit(byte) else { return nil }
            switch offset {
            case ..<4: y = y * 10 + digit
            case ..<7: m = m * 10 + digit
            default: d = d * 10 + digit
            }
        }
        guard years.contains(y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The years kith accepts in dates: from 1900 (a mail `Date` header cannot say earlier).
    public static let years = 1900...9999

    public init?(iso text: String) {
        self.init(iso: text[...])
    }

    /// Year, month (1–12) and day (1–31).
    public var parts: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The day of the week, 0 = Monday … 6 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (3).
        ((dayNumber % 7) + 7 + 3) % 7
    }

    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// Calendar-month arithmetic: the day is clamped to the end of a shorter month
    /// (2026-01-31 + 1 month is 2026-02-28).
    public func adding(months: Int) -> LocalDate {
        let (y, m, d) = parts
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        let nd = min(d, LocalDate.daysIn(month: nm, year: ny))
        return LocalDate(year: ny, month: nm, day: nd)!
    }

    /// Days from `other` to `self` (positive when `self` is later).
    public func days(since other: LocalDate) -> Int {
        dayNumber - other.dayNumber
    }

    public var description: String {
        let (y, m, d) = parts
        guard (0...9999).contains(y) else {
            return LocalDate.pad(y, 4) + "-" + LocalDate.pad(m, 2) + "-" + LocalDate.pad(d, 2)
        }
        let zero = UInt8(ascii: "0")
        let dash = UInt8(ascii: "-")
        let digits: [UInt8] = [
            zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10), dash,
            zero + UInt8(m / 10), zero + UInt8(m % 10), dash, zero + UInt8(d / 10), zero + UInt8(d % 10),
        ]
        return String(decoding: digits, as: UTF8.self)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The number written by `bytes`, all ASCII digits; nil for anything else.
    static func digits(_ bytes: some Collection<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The value of an ASCII digit; nil for any other byte.
    static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
