public import Foundation

/// When to try a transiently failed digest again: 1 minute, doubling, at most 1 hour apart.
public struct RetryPolicy: Sendable {
    public let base: TimeInterval
    public let cap: TimeInterval

    public init(base: TimeInterval = 60, cap: TimeInterval = 3600) {
        self.base = base
        self.cap = cap
    }

    /// The policy in force: `KITH_RETRY_BASE_SECONDS` shortens the first wait (tests use it).
    public static func current(environment: [String: String]) -> RetryPolicy {
        if let text = environment["KITH_RETRY_BASE_SECONDS"], let base = TimeInterval(text), base > 0 {
            return RetryPolicy(base: base)
        }
        return RetryPolicy()
    }

    /// The wait after the `attempt`-th failed attempt (1-based).
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(base * pow(2, Double(exponent)), cap)
    }
}
