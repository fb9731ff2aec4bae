import Foundation

/// Other programs the tests run: a tool (systemd-analyze, lintian, a browser), or Python's
/// sqlite3 to look into a state database without going through kith.
public enum Command {
    /// Runs `arguments` (the program found on PATH) and returns its exit status and its output:
    /// standard output, and standard error too unless `errors` is false.
    public static func run(_ arguments: [String], environment: [String: String] = [:], errors: Bool = true) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errors ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The first column of the first row `sql` returns from the SQLite database at `path`
    /// (empty when there is none), with `parameters` bound to its `?`s.
    public static func sqlite(_ path: String, _ sql: String, _ parameters: [String] = []) throws -> String {
        let script =
            "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2], sys.argv[3:]).fetchone(); print('' if r is None else r[0])"
        return try run(["python3", "-c", script, path, sql] + parameters, errors: false).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
