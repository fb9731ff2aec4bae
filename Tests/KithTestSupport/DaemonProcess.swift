public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `kith run` as a child process, with its stderr captured to a file.
public final class DaemonProcess: @unchecked Sendable {
    // @unchecked: the properties never change after init; `Process` is used from one test.
    public let process: Process
    public let logFile: URL

    /// - Parameter journalStream: set `JOURNAL_STREAM` to the log file's device and inode, as
    ///   systemd does when stderr goes to the journal.
    public init(arguments: [String], environment: [String: String], journalStream: Bool = false) throws {
        process = Process()
        process.executableURL = KithBinary.url
        process.arguments = ["run"] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        env.removeValue(forKey: "WATCHDOG_PID")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("kith-daemon-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        if journalStream {
            var info = stat()
            fstat(handle.fileDescriptor, &info)
            env["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
            process.environment = env
        }
        process.standardError = handle
        process.standardOutput = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    public var pid: Int32 { process.processIdentifier }

    public var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Signals the process while it runs; never a pid that may since belong to another process.
    public func signal(_ number: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit; returns its status, or nil if it is still running at the timeout.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes.
    public static func eventually(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
