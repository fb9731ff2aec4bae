public import Foundation
public import KithCore

/// One day's digest in the outbox: recorded before it is sent, marked sent once accepted.
public struct DigestRecord: Sendable, Equatable {
    /// What a digest suggested to one person, kept so it is not given again within 30 days.
    public struct Suggestion: Sendable, Equatable {
        /// The person's key.
        public var key: String
        /// The suggestion, normalized (`ShownSuggestion.normalized`).
        public var text: String

        public init(key: String, text: String) {
            self.key = key
            self.text = text
        }
    }

    public enum State: String, Sendable {
        /// Recorded, not yet handed to the server.
        case pending
        /// Handed to the server by the process `claimedBy`; the outcome is not known yet.
        case sending
        /// The server accepted it. Never sent again.
        case sent
        /// The last attempt failed; `failureKind` says whether and when to retry.
        case failed
        /// Nobody was due and `sendWhenEmpty` is off: nothing to send that day.
        case empty
        /// The whole message went to the server and no answer came back: it may have been
        /// accepted. Never sent again without `kith send --force`.
        case uncertain
    }

    /// Why the last attempt failed, and so whether and when to try again.
    public enum FailureKind: String, Sendable {
        /// A passing problem: retried at `nextAttemptAt`.
        case transient
        /// The server refused it for good: not retried.
        case permanent
        /// The settings are wrong: retried once the config changes.
        case configuration
    }

    public var date: LocalDate
    public var state: State
    public var messageID: String
    /// The message exactly as it is sent, so a retry sends the same bytes.
    public var message: [UInt8]
    /// The names the digest shows.
    public var people: [String]
    /// The introductions it suggests (`Introduction.key`).
    public var introductions: [String]
    public var attempts: Int
    /// After a failure, what kind it was.
    public var failureKind: FailureKind?
    public var lastError: String?
    public var nextAttemptAt: Date?
    public var claimedBy: Int32?
    public var claimedAt: Date?
    /// When the sending process handed the end of the message to the server. A `sending` record
    /// with this set whose process died is uncertain: it may have been accepted.
    public var handedOverAt: Date?
    public var createdAt: Date
    public var sentAt: Date?
    /// Recipients the server refused while it accepted the digest for the others.
    public var refused: [String]
    /// The random 128-bit token (32 hex digits) in the digest's Message-ID and its reply links:
    /// a reply carrying it may hold commands (docs/replies.md). Empty for digests from before.
    public var token: String
    /// Whether it said its suggestions may be out of date (said at most once a week).
    public var staleNote: Bool
    /// What it suggested to each person (key, text): not given again within 30 days.
    public var suggestions: [Suggestion]

    public init(
        date: LocalDate, state: State, messageID: String, message: [UInt8], people: [String],
        introductions: [String] = [], attempts: Int = 0,
        failureKind: FailureKind? = nil, lastError: String? = nil, nextAttemptAt: Date? = nil, claimedBy: Int32? = nil,
        claimedAt: Date? = nil, handedOverAt: Date? = nil,
        createdAt: Date, sentAt: Date? = nil, refused: [String] = [], token: String = "", staleNote: Bool = false,
        suggestions: [Suggestion] = []
    ) {
        self.suggestions = suggestions
        self.token = token
        self.staleNote = staleNote
        self.date = date
        self.state = state
        self.messageID = messageID
        self.message = message
        self.people = people
        self.introductions = introductions
        self.attempts = attempts
        self.failureKind = failureKind
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.claimedBy = claimedBy
        self.claimedAt = claimedAt
        self.handedOverAt = handedOverAt
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.refused = refused
    }
}
