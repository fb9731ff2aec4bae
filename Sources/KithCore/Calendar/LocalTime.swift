/// A wall-clock time of day (`07:30`), minutes since midnight.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let minutes: Int

    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` exactly (24-hour clock, two digits each).
    public init?(text: String) {
        let b = Array(text.utf8)
        guard b.count == 5, b[2] == UInt8(ascii: ":"), let h = LocalDate.digits(b[0..<2]),
            let m = LocalDate.digits(b[3..<5])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public var description: String {
        LocalDate.pad(hour, 2) + ":" + LocalDate.pad(minute, 2)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutes < rhs.minutes
    }
}

/// A local date and time in the config's time zone, as given to `--at` (`2026-11-23T07:30`).
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: LocalDate
    /// Seconds since local midnight.
    public let secondOfDay: Int

    public init(date: LocalDate, secondOfDay: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
    }

    /// Parses `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (a space may stand for `T`).
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 16 || b.count == 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
            let date = LocalDate(iso: text.prefix(10)),
            let time = LocalTime(text: String(decoding: b[11..<16], as: UTF8.self))
        else { return nil }
        var seconds = 0
        if b.count == 19 {
            guard b[16] == UInt8(ascii: ":"), let s = LocalDate.digits(b[17..<19]), s < 60 else { return nil }
            seconds = s
        }
        self.init(date: date, secondOfDay: time.minutes * 60 + seconds)
    }

    /// Seconds since 1970-01-01T00:00 as if this local time were UTC.
    public var secondsAsIfUTC: Int {
        date.dayNumber * 86400 + secondOfDay
    }

    public init(secondsAsIfUTC seconds: Int) {
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        self.init(date: LocalDate(dayNumber: day), secondOfDay: seconds - day * 86400)
    }

    public var description: String {
        let h = secondOfDay / 3600
        let m = (secondOfDay / 60) % 60
        return "\(date)T" + LocalDate.pad(h, 2) + ":" + LocalDate.pad(m, 2)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsAsIfUTC < rhs.secondsAsIfUTC
    }
}
