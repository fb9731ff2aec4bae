public import Foundation

/// When digests go out: at `digest.at` local time on the digest days, in the config's zone.
public struct DigestSchedule: Sendable {
    public let at: LocalTime
    public let days: Set<Int>
    public let clock: ZoneClock

    public init(settings: DigestSettings, timeZone: TimeZone) {
        at = settings.at
        days = settings.days
        clock = ZoneClock(timeZone: timeZone)
    }

    /// The slot of `date`, if it is a digest day.
    public func slot(on date: LocalDate) -> Date? {
        guard days.contains(date.weekday) else { return nil }
        return clock.instant(LocalDateTime(date: date, secondOfDay: at.minutes * 60))
    }

    /// `Monday 23 November 2026 at 07:30 (Europe/Berlin)`: the local time the slot really fires at
    /// (after a spring-forward gap, the first minute after it).
    public func describe(_ slot: Date) -> String {
        let local = clock.local(slot)
        let time = LocalDate.pad(local.secondOfDay / 3600, 2) + ":" + LocalDate.pad(local.secondOfDay / 60 % 60, 2)
        return "\(Phrases.longDate(local.date)) at \(time) (\(clock.timeZone.identifier))"
    }

    /// The first slot strictly after `instant`. A validated config has at least one digest day,
    /// so one is found within 9 days; the search is bounded all the same, and without any day it
    /// answers a week ahead rather than searching forever.
    public func nextSlot(after instant: Date) -> (date: LocalDate, instant: Date) {
        let start = clock.local(instant).date.adding(days: -1)
        for offset in 0..<10 {
            let day = start.adding(days: offset)
            if let slot = slot(on: day), slot > instant { return (day, slot) }
        }
        return (start.adding(days: 8), instant.addingTimeInterval(7 * 86_400))
    }
}
