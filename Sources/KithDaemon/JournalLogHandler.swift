import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Writes log lines to stderr, one `write` each. Under journald (`$JOURNAL_STREAM` names our
/// stderr) each line starts with its syslog priority (`<6>`) and carries no timestamp, since
/// the journal adds one.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let journal: Bool

    public init(level: Logger.Level, environment: [String: String]) {
        logLevel = level
        journal = JournalLogHandler.stderrIsJournal(environment["JOURNAL_STREAM"])
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = ""
        if journal {
            line += "<\(JournalLogHandler.priority(event.level))>"
        } else {
            line += "\(Date().formatted(.iso8601)) \(event.level): "
        }
        line += "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key]!)"
        }
        // One line per event: newlines inside values would split it in the journal.
        line = line.replacingOccurrences(of: "\n", with: " ") + "\n"
        line.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// True when `JOURNAL_STREAM` (`device:inode`) matches stderr, as systemd documents.
    static func stderrIsJournal(_ value: String?) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
