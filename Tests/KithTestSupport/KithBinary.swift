public import Foundation

/// Runs the built `kith` executable, as a user would.
public struct KithBinary {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `kith` binary next to the test bundle (SwiftPM builds it, as the tests depend on it),
    /// or the one `KITH_BINARY` names.
    public static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["KITH_BINARY"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("kith")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/kith")
    }()

    /// `kith-team`, built beside `kith`.
    public static let teamURL: URL = url.deletingLastPathComponent().appendingPathComponent("kith-team")

    /// The repository root, for the example config.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        // A state directory of its own, so a store elsewhere on the machine never leaks in.
        env.removeValue(forKey: "STATE_DIRECTORY")
        env["XDG_STATE_HOME"] =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "kith-state-\(UUID().uuidString)"
            ).path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // stderr goes to a file, so a chatty child cannot block on a full pipe while stdout is read.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("kith-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errPath) }
        let errHandle = try FileHandle(forWritingTo: errPath)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = try Data(contentsOf: errPath)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes `text` to a new temporary file and returns its path.
    public static func temporaryFile(_ text: String, name: String = "config.json") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
