public import Foundation

/// A real SMTP server (aiosmtpd, `Scripts/smtp_server.py`) on 127.0.0.1, for one test.
///
/// It is stopped when the value is deinitialised: its stdin is closed and the process ends.
public final class SMTPTestServer: @unchecked Sendable {
    // @unchecked: every property is set in init and never changes afterwards.
    public let port: Int
    /// Where received messages (`msg-N.eml`, `msg-N.json`), `commands.log` and `cert.pem` are.
    public let directory: URL
    private let process: Process
    private let input: Pipe

    /// Starts the server; `arguments` are the script's options (`--auth user:pw`, `--fail-rcpt …`).
    public init(_ arguments: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kith-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPTestServer.script("smtp_server.py"), "--dir", directory.path] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The first line is "PORT n" once the server accepts connections.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(String(text.dropFirst(5))) else {
            process.terminate()
            throw ServerError(
                message: "the SMTP test server did not start (is aiosmtpd installed? scripts/test installs it)")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }

        public init(message: String) {
            self.message = message
        }
    }

    /// The server's certificate, for `smtp.caFile`.
    public var certificate: String { directory.appendingPathComponent("cert.pem").path }

    /// The messages received so far, in order.
    public var messages: [URL] {
        (1...).lazy.map { self.directory.appendingPathComponent("msg-\($0).eml") }
            .prefix { FileManager.default.fileExists(atPath: $0.path) }.map { $0 }
    }

    /// The command verbs the server saw (STARTTLS, AUTH, AUTH-PLAIN-OK, MAIL, …).
    public var commands: [String] {
        let log = (try? String(contentsOf: directory.appendingPathComponent("commands.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").map(String.init)
    }

    /// The path of one of the support scripts.
    public static func script(_ name: String) -> String {
        Bundle.module.url(forResource: "Scripts/\(name)", withExtension: nil)!.path
    }
}

/// A message judged by Python's `email` package (policy.default), via `Scripts/parse_message.py`.
public struct ParsedMessage {
    public let json: [String: Any]

    public init(file: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SMTPTestServer.script("parse_message.py"), file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SMTPTestServer.ServerError(message: "parse_message.py printed no JSON")
        }
        json = object
    }

    public var defects: [String] { json["defects"] as? [String] ?? ["(missing)"] }
    public var subject: String? { json["subject"] as? String }
    public var from: [[String: String]] { json["from"] as? [[String: String]] ?? [] }
    public var to: [[String: String]] { json["to"] as? [[String: String]] ?? [] }
    public var parts: [[String: String]] {
        (json["parts"] as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
    }
    public func part(_ type: String) -> String? { parts.first { $0["type"] == type }?["content"] }
    public var maxLine: Int { json["max_line"] as? Int ?? .max }
    public var sevenBit: Bool { json["seven_bit"] as? Bool ?? false }
    public var bareLineEnds: Bool { (json["bare_lf"] as? Bool ?? true) || (json["bare_cr"] as? Bool ?? true) }
    public func header(_ key: String) -> String? { json[key] as? String }
}
