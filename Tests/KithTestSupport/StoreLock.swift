import Foundation

/// Another process holding the write lock of a state database (SQLite `BEGIN IMMEDIATE`), as a
/// long backup or a stuck kith would: readers go on, writers wait for the busy timeout and fail.
public final class StoreLock: @unchecked Sendable {
    // @unchecked: the process is set in init and only waited on afterwards.
    private let process: Process

    /// Takes the lock on `database` and holds it for `seconds`; returns once it is held.
    public init(database: String, seconds: Double) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            # A committed write first, so the write-ahead log is not empty, as it is while kith runs.
            c.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
            c.execute("DROP TABLE lock_probe")
            c.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(float(sys.argv[2]))
            c.execute("ROLLBACK")
            """,
            database, String(seconds),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.readData(ofLength: 7)
        guard String(decoding: line, as: UTF8.self).hasPrefix("locked") else {
            throw SMTPTestServer.ServerError(message: "could not lock \(database)")
        }
    }

    /// Waits until the lock is released.
    public func wait() {
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
