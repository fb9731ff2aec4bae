public import Foundation

/// Converts between instants and local wall-clock time in a time zone, handling the gaps and
/// repeats that daylight-saving changes make.
public struct ZoneClock: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The local date and time at `instant`.
    public func local(_ instant: Date) -> LocalDateTime {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        return LocalDateTime(secondsAsIfUTC: seconds + timeZone.secondsFromGMT(for: instant))
    }

    /// The instant a local time names. A time that happens twice (clocks go back) gives the
    /// first; a time that does not happen (clocks go forward) gives the first instant after the gap.
    public func instant(_ local: LocalDateTime) -> Date {
        let t = local.secondsAsIfUTC
        let before = offset(at: t - 86400)
        let after = offset(at: t + 86400)
        var candidates: [Int] = []
        for guess in [t - before, t - after] where offset(at: guess) == t - guess {
            candidates.append(guess)
        }
        if let earliest = candidates.min() {
            return Date(timeIntervalSince1970: TimeInterval(earliest))
        }
        // In a gap: the transition lies between the two readings; find its first instant.
        var low = min(t - before, t - after)
        var high = max(t - before, t - after)
        let lowOffset = offset(at: low)
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if offset(at: mid) == lowOffset { low = mid } else { high = mid }
        }
        return Date(timeIntervalSince1970: TimeInterval(high))
    }

    private func offset(at seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
