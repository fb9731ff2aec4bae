/// Every exit code a kith command ends with, in one place. Where one fits, the code is the
/// sysexits(3) one, so scripts and systemd can tell "try again" from "fix something".
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Done: the digest was accepted, the config is valid, the contact was logged.
    case success = 0
    /// The input has problems the user must fix: `kith check` found some, a name matched no one.
    case problems = 1
    /// Internal to `kith run` and its `kith deliver` child: the digest was not there to claim
    /// (sent already, or being sent by a live process).
    case notClaimed = 10
    /// The server may or may not have accepted the digest (the connection broke after the whole
    /// message was handed over). It is not retried by itself, so it is never sent twice;
    /// `kith send --force` sends it again.
    case uncertain = 11
    /// The command line is wrong (swift-argument-parser's validation errors).
    case usage = 64
    /// The state store is missing where one is needed.
    case noInput = 66
    /// The server refused the message for good; retrying will not help.
    case unavailable = 69
    /// A file could not be created (a read-only config or directory).
    case cannotCreate = 73
    /// The state store is unreadable or damaged; `kith repair` moves it aside.
    case ioError = 74
    /// A passing failure (the store busy or the disk full, the server deferring): try again later.
    case temporaryFailure = 75
    /// The settings are wrong: fix the config (or the password), then reload.
    case configuration = 78
}
