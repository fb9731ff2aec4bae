public import Foundation
public import KithStore

/// What the daemon should do about today's digest at a moment. Pure, so it is tested directly.
public enum DigestPlan {
    public enum Decision: Sendable, Equatable {
        /// Build (if needed) and send today's digest now.
        case sendNow
        /// Try again at this instant.
        case retry(at: Date)
        /// Nothing to do for today's digest.
        case idle
    }

    /// - Parameters:
    ///   - slot: today's digest time, or nil when today is not a digest day.
    ///   - record: today's outbox record, if any.
    ///   - configChanged: whether the config was reloaded since the record last failed.
    public static func decide(now: Date, slot: Date?, record: DigestRecord?, configChanged: Bool) -> Decision {
        guard let slot, now >= slot else { return .idle }
        guard let record else { return .sendNow }
        if Store.isUncertain(record, now: now) { return .idle }  // maybe accepted: never again by itself
        switch record.state {
        case .pending, .sending:
            return .sendNow
        case .sent, .empty, .uncertain:
            return .idle
        case .failed:
            switch record.failureKind {
            case .transient:
                guard let next = record.nextAttemptAt else { return .sendNow }
                return next <= now ? .sendNow : .retry(at: next)
            case .configuration:
                return configChanged ? .sendNow : .idle
            case .permanent, nil:
                return .idle  // the server will not take it
            }
        }
    }
}
