import Foundation
import KithTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A team on this machine for one test: a throwaway PostgreSQL cluster, an SMTP server on
/// loopback, a team file and `count` member files whose digest time (00:00 UTC) has passed.
final class TeamFixture: @unchecked Sendable {
    let postgres: PostgresTestServer
    let smtp: SMTPTestServer
    let directory: URL
    var teamFile: String { directory.appendingPathComponent("team.json").path }
    private var instances: [Process] = []

    /// - Parameter smtpTo: the team's `smtp.to`, when its digests go to a list of its own.
    init(
        members count: Int, smtpArguments: [String] = [], smtpTo: [String] = [], leaseSeconds: Int = 10,
        imap: DovecotTestServer? = nil
    ) throws {
        postgres = try PostgresTestServer()
        smtp = try SMTPTestServer(["--tls", "none"] + smtpArguments)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kith-team-\(UUID().uuidString)")
        let members = directory.appendingPathComponent("members")
        try FileManager.default.createDirectory(at: members, withIntermediateDirectories: true)
        let passwordFile = directory.appendingPathComponent("database-password").path
        try Data((PostgresTestServer.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        chmod(passwordFile, 0o600)
        var mailbox = ""
        if let imap {
            let imapPassword = try DovecotTestServer.passwordFile(in: directory)
            mailbox = """
                "imap": { "url": "imaps://127.0.0.1:\(imap.tlsPort)", "username": "\(DovecotTestServer.user)",
                          "passwordFile": "\(imapPassword)", "caFile": "\(imap.certificate)",
                          "address": "team@example.org" },
                """
        }
        try """
        {
          "database": "\(postgres.conninfo)",
          "databasePasswordFile": "\(passwordFile)",
          "smtp": { "url": "smtp://127.0.0.1:\(smtp.port)", "tls": "none", "from": "kith <kith@example.org>",
                    "to": [\(smtpTo.map { "\"\($0)\"" }.joined(separator: ", "))] },
          \(mailbox)
          "members": "members",
          "team": { "leaseSeconds": \(leaseSeconds) }
        }
        """.write(toFile: teamFile, atomically: true, encoding: .utf8)
        for index in 0..<count {
            try Self.member(index).write(
                to: members.appendingPathComponent(String(format: "m%03d.json", index)), atomically: true,
                encoding: .utf8)
        }
    }

    /// Member `index`: two people, one long overdue, so every digest has someone in it.
    static func member(_ index: Int, people: String? = nil) -> String {
        """
        { "owner": { "name": "Member \(index)", "email": "m\(index)@example.org" },
          "timezone": "UTC",
          "digest": { "at": "00:00" },
          "people": \(people ?? #"[ { "name": "Ada Lovelace", "email": "ada@example.org", "every": "1w", "lastContact": "2025-01-01" }, { "name": "Grace Hopper", "every": "1m", "lastContact": "2025-06-01" } ]"#) }
        """
    }

    deinit {
        for process in instances where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `kith-team ARGS --config TEAM` to the end.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = KithBinary.teamURL
        process.arguments = arguments + ["--config", teamFile]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts `kith-team run` in the background; its output goes to `instance-NAME.log`.
    @discardableResult
    func startInstance(_ name: String, notifySocket: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = KithBinary.teamURL
        process.arguments = ["run", "--config", teamFile, "--instance", name, "--poll-seconds", "1"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        if let notifySocket { env["NOTIFY_SOCKET"] = notifySocket }
        env["KITH_RETRY_BASE_SECONDS"] = "1"
        process.environment = env
        let log = directory.appendingPathComponent("instance-\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        instances.append(process)
        return process
    }

    func log(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("instance-\(name).log"), encoding: .utf8)) ?? ""
    }

    /// Waits until the server holds `count` messages (or `timeout` passes); how many it holds.
    func waitForMessages(_ count: Int, timeout: Double) -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if messageCount() >= count { return messageCount() }
            usleep(100_000)
        }
        return messageCount()
    }

    func messageCount() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: smtp.directory.path)) ?? []).filter {
            $0.hasSuffix(".eml")
        }.count
    }

    /// Each accepted message's To header (read directly: 200 messages are too many to parse one
    /// process each).
    func recipients() throws -> [String] {
        try smtp.messages.map { url in
            let text = try String(contentsOf: url, encoding: .utf8)
            return text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("To: ") }.map {
                String($0.dropFirst(4))
            } ?? ""
        }
    }
}
