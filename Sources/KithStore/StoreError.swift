public import KithCore

/// A failure of the state store: what went wrong, as a sentence for the user, and which kind
/// of failure it is, which decides whether trying again can help.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Another process holds the database for longer than the busy timeout: try again.
        case busy
        /// The database cannot be written now (the disk is full, the file system read-only).
        case unwritable
        /// The file is empty, truncated or not a kith database: it needs `kith repair`.
        case broken
        /// There is no store where one was expected.
        case missing
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// How a command that failed on the store exits.
    public var exitStatus: ExitStatus {
        switch kind {
        case .busy, .unwritable: return .temporaryFailure
        case .broken: return .ioError
        case .missing: return .noInput
        }
    }
}
