import Foundation
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kith run` as systemd runs it: real processes, real SQLite, a real SMTP server on loopback
/// and a unix datagram socket as NOTIFY_SOCKET.
@Suite(.serialized) struct DaemonTests {
    private let directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent(
        "kith-daemon-\(UUID().uuidString)")

    /// A config whose digest time (00:00 UTC) has passed, so a started daemon owes today's digest.
    private func writeConfig(
        port: Int, at: String = "00:00", extraPeople: String = "", broken: Bool = false, timeout: Int = 5
    ) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("config.json").path
        let text = """
            { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC",
              "digest": { "at": "\(at)" \(broken ? ", \"maxPeople\": 0" : "") },
              "smtp": { "url": "smtp://127.0.0.1:\(port)", "from": "kith@example.org", "tls": "none", "timeoutSeconds": \(timeout) },
              "people": [ { "name": "Ada Lovelace", "every": "1w", "lastContact": "2026-01-01" } \(extraPeople) ] }
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private var state: String { directory.appendingPathComponent("state").path }

    private func daemon(config: String, notify: NotifyListener? = nil, extra: [String: String] = [:]) throws
        -> DaemonProcess
    {
        var environment = extra
        if let notify { environment["NOTIFY_SOCKET"] = notify.path }
        return try DaemonProcess(arguments: ["--config", config, "--state", state], environment: environment)
    }

    private func kith(_ arguments: [String], config: String) throws -> KithBinary.Result {
        try KithBinary.run(arguments + ["--config", config, "--state", state])
    }

    @Test func startedAfterTheSlotSendsExactlyOnceAndARestartSendsNothing() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port)
        let notify = try NotifyListener()
        let first = try daemon(config: config, notify: notify)
        #expect(notify.wait(timeout: 10) { $0.contains("READY=1") } != nil)
        #expect(DaemonProcess.eventually(timeout: 10) { server.messages.count == 1 }, "\(first.log)")
        #expect(notify.wait(timeout: 5) { $0.contains("today's digest was sent") } != nil)
        first.signal(SIGTERM)
        #expect(first.waitForExit(timeout: 10) == 0)
        let second = try daemon(config: config, notify: notify)
        #expect(notify.wait(timeout: 10) { $0.contains("READY=1") } != nil)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(server.messages.count == 1)
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 10) == 0)
        let status = try kith(["status"], config: config)
        #expect(status.stdout.contains("sent at"))
    }

    /// Kills the daemon and its `kith deliver` child, as systemd does when the main process dies.
    private func killWithChildren(_ process: DaemonProcess) {
        let children =
            (try? String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)) ?? ""
        #expect(!children.isEmpty, "the send runs in a child process")
        process.signal(SIGKILL)
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, SIGKILL) }
        _ = process.waitForExit(timeout: 5)
    }

    @Test func killedBeforeTheMessageWasHandedOverTheDigestArrivesAfterRestart() throws {
        let port = Ports.free()
        let config = try writeConfig(port: port)
        // The server stalls at RCPT: nothing of the message has gone yet.
        var slow: SMTPTestServer? = try SMTPTestServer(["--tls", "none", "--port", "\(port)", "--delay-rcpt", "30"])
        let first = try daemon(config: config)
        #expect(DaemonProcess.eventually(timeout: 10) { slow!.commands.contains("MAIL") }, "\(first.log)")
        Thread.sleep(forTimeInterval: 0.3)
        killWithChildren(first)
        #expect(slow!.messages.isEmpty)
        slow = nil  // stop it; a healthy server takes the same port
        let server = try SMTPTestServer(["--tls", "none", "--port", "\(port)"])
        let second = try daemon(config: config)
        #expect(DaemonProcess.eventually(timeout: 10) { server.messages.count == 1 }, "\(second.log)")
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 10) == 0)
        let status = try kith(["status"], config: config)
        #expect(status.stdout.contains("sent at"), "\(status.stdout)")
        #expect(server.messages.count == 1)
    }

    @Test func killedAfterTheMessageWasHandedOverItIsNotSentAgainByItself() throws {
        let port = Ports.free()
        let config = try writeConfig(port: port)
        // The server has the whole message and stalls before its verdict: it may yet accept it.
        var slow: SMTPTestServer? = try SMTPTestServer(["--tls", "none", "--port", "\(port)", "--delay-data", "30"])
        let first = try daemon(config: config)
        #expect(DaemonProcess.eventually(timeout: 10) { slow!.commands.contains("DATA") }, "\(first.log)")
        killWithChildren(first)
        slow = nil
        let server = try SMTPTestServer(["--tls", "none", "--port", "\(port)"])
        let second = try daemon(config: config)
        Thread.sleep(forTimeInterval: 2)
        #expect(server.messages.isEmpty, "a digest the server may have accepted was sent again")
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 10) == 0)
        let status = try kith(["status"], config: config)
        #expect(status.stdout.contains("it may not have arrived"), "\(status.stdout)")
        // The user decides: --force sends it again.
        let today = ISO8601DateFormatter.string(
            from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let plain = try kith(["send", "--at", "\(today)T12:00"], config: config)
        #expect(plain.status == 11, "\(plain.stderr)")
        #expect(plain.stderr.contains("--force"))
        let forced = try kith(["send", "--force", "--at", "\(today)T12:00"], config: config)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(server.messages.count == 1)
    }

    @Test func acceptedWhileTheStoreIsLockedIsRecordedAndNeverSentAgain() throws {
        let port = Ports.free()
        let config = try writeConfig(port: port)
        let server = try SMTPTestServer(["--tls", "none", "--port", "\(port)", "--delay-data", "2"])
        let process = try daemon(
            config: config, extra: ["KITH_BUSY_TIMEOUT_SECONDS": "1", "KITH_RETRY_BASE_SECONDS": "1"])
        #expect(DaemonProcess.eventually(timeout: 10) { server.commands.contains("DATA") }, "\(process.log)")
        // While the server decides, another process takes the store for longer than the busy timeout.
        let lock = try StoreLock(database: state + "/kith.sqlite", seconds: 6)
        #expect(DaemonProcess.eventually(timeout: 10) { server.messages.count == 1 })
        lock.wait()
        Thread.sleep(forTimeInterval: 3)
        #expect(server.messages.count == 1, "the accepted digest was sent again: \(process.log)")
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)
        let status = try kith(["status"], config: config)
        #expect(status.stdout.contains("sent at"), "\(status.stdout)")
        // The next process that can write folds the marker into the database.
        let send = try kith(["send"], config: config)
        #expect(send.stdout.contains("already sent"), "\(send.stdout) \(send.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.hasPrefix("accepted-") }
        #expect(leftovers.isEmpty, "the marker was folded into the database")
        #expect(server.messages.count == 1)
    }

    @Test func aStoreThatCannotRecordBacksOffInsteadOfSpinning() throws {
        let port = Ports.free()  // nothing listens: the first send fails and leaves a record
        let config = try writeConfig(port: port)
        let first = try KithBinary.run(
            ["send", "--config", config, "--state", state], environment: ["KITH_RETRY_BASE_SECONDS": "1"])
        #expect(first.status == 75, "\(first.stderr)")
        Thread.sleep(forTimeInterval: 1)
        let lock = try StoreLock(database: state + "/kith.sqlite", seconds: 12)
        let process = try daemon(
            config: config, extra: ["KITH_BUSY_TIMEOUT_SECONDS": "0.5", "KITH_RETRY_BASE_SECONDS": "4"])
        Thread.sleep(forTimeInterval: 8)
        let attempts = process.log.components(separatedBy: "The state store failed").count - 1
        #expect(attempts >= 1 && attempts <= 2, "kith deliver was started \(attempts) times in 8 s: \(process.log)")
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)
        lock.wait()
    }

    @Test func stoppedDuringASendItWaitsForTheSendAndARestartSendsNothing() throws {
        let port = Ports.free()
        // The server takes longer than the old 8-second grace, well within the send's own timeout.
        let config = try writeConfig(port: port, timeout: 20)
        let server = try SMTPTestServer(["--tls", "none", "--port", "\(port)", "--delay-data", "10"])
        let first = try daemon(config: config)
        #expect(DaemonProcess.eventually(timeout: 10) { server.commands.contains("DATA") }, "\(first.log)")
        first.signal(SIGTERM)
        #expect(first.waitForExit(timeout: 40) == 0)
        #expect(server.messages.count == 1)
        let second = try daemon(config: config)
        Thread.sleep(forTimeInterval: 2)
        second.signal(SIGTERM)
        #expect(second.waitForExit(timeout: 10) == 0)
        #expect(server.messages.count == 1, "sent again after a restart: \(second.log)")
    }

    @Test func serverDownAtTheSlotTheDigestArrivesOnceItIsBack() throws {
        let port = Ports.free()
        let config = try writeConfig(port: port)
        let process = try daemon(config: config, extra: ["KITH_RETRY_BASE_SECONDS": "1"])
        #expect(DaemonProcess.eventually(timeout: 10) { process.log.contains("The digest was not delivered") })
        Thread.sleep(forTimeInterval: 1.5)  // at least one more failed attempt
        let server = try SMTPTestServer(["--tls", "none", "--port", "\(port)"])
        let started = Date()
        // Backoff 1, 2, 4, 8 s...: the next attempt comes within 8 s of the server's return.
        #expect(DaemonProcess.eventually(timeout: 12) { server.messages.count == 1 }, "\(process.log)")
        #expect(Date().timeIntervalSince(started) < 12)
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)
        #expect(server.messages.count == 1)
    }

    @Test func reloadAppliesAValidConfigAndKeepsRunningOnABrokenOne() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port, at: "23:59")
        let notify = try NotifyListener()
        let process = try daemon(config: config, notify: notify)
        let before = try #require(notify.wait(timeout: 10) { $0.contains("STATUS=Next digest") })
        #expect(before.contains("at 23:59"))
        _ = try writeConfig(port: server.port, at: "23:58")
        process.signal(SIGHUP)
        let reloading = try #require(notify.wait(timeout: 10) { $0.contains("RELOADING=1") })
        #expect(reloading.contains("MONOTONIC_USEC="))
        #expect(notify.wait(timeout: 10) { $0.contains("STATUS=") && $0.contains("at 23:58") } != nil)
        _ = try writeConfig(port: server.port, at: "23:57", broken: true)
        process.signal(SIGHUP)
        #expect(DaemonProcess.eventually(timeout: 10) { process.log.contains("still running with the previous one") })
        #expect(process.process.isRunning)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!notify.messages.contains { $0.contains("at 23:57") })
        process.signal(SIGTERM)
        #expect(notify.wait(timeout: 10) { $0.contains("STOPPING=1") } != nil)
        #expect(process.waitForExit(timeout: 10) == 0)
    }

    @Test func watchdogPingsOnlyWhenTheWatchdogIsForThisProcess() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port, at: "23:59")
        let notify = try NotifyListener()
        let process = try daemon(config: config, notify: notify, extra: ["WATCHDOG_USEC": "400000"])
        #expect(notify.wait(timeout: 10) { $0 == "WATCHDOG=1" } != nil)
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)

        let other = try NotifyListener()
        let quiet = try daemon(config: config, notify: other, extra: ["WATCHDOG_USEC": "400000", "WATCHDOG_PID": "1"])
        #expect(other.wait(timeout: 10) { $0.contains("READY=1") } != nil)
        Thread.sleep(forTimeInterval: 1)
        #expect(!other.messages.contains("WATCHDOG=1"))
        quiet.signal(SIGINT)
        #expect(quiet.waitForExit(timeout: 10) == 0)
    }

    @Test func abstractNotifySocketsWork() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port, at: "23:59")
        let notify = try NotifyListener(abstract: true)
        let process = try daemon(config: config, notify: notify)
        #expect(notify.wait(timeout: 10) { $0.contains("READY=1") } != nil)
        #expect(notify.wait(timeout: 10) { $0.contains("STATUS=Next digest") } != nil)
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)
    }

    @Test func underJournaldEachLineCarriesItsPriority() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port, at: "23:59")
        // The daemon's stderr is the log file; JOURNAL_STREAM names it, as systemd would.
        let probe = try daemon(config: config)
        #expect(DaemonProcess.eventually(timeout: 10) { probe.log.contains("kith is running") })
        probe.signal(SIGTERM)
        _ = probe.waitForExit(timeout: 10)
        let plain = probe.log
        #expect(plain.contains(" notice: kith is running"), "\(plain)")
        #expect(!plain.contains("<5>"))
        let journal = try DaemonProcess(
            arguments: ["--config", config, "--state", state], environment: [:], journalStream: true)
        #expect(DaemonProcess.eventually(timeout: 10) { journal.log.contains("kith is running") })
        journal.signal(SIGTERM)
        #expect(journal.waitForExit(timeout: 10) == 0)
        let lines = journal.log.split(separator: "\n")
        #expect(lines.first?.hasPrefix("<5>kith is running") == true, "\(journal.log)")
        #expect(lines.allSatisfy { $0.hasPrefix("<") })
    }

    @Test func sigtermRightAfterReadyIsNeverLost() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try writeConfig(port: server.port, at: "23:59")
        for _ in 0..<10 {
            let notify = try NotifyListener()
            let process = try daemon(config: config, notify: notify)
            #expect(notify.wait(timeout: 10) { $0.contains("READY=1") } != nil)
            process.signal(SIGTERM)
            #expect(process.waitForExit(timeout: 10) == 0)
        }
    }

    @Test func loggingWhileTheDaemonRunsNeverFindsTheDatabaseLocked() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let people = (1...200).map { #", { "name": "Guest \#($0)", "every": "2w" }"# }.joined()
        let config = try writeConfig(port: server.port, extraPeople: people)
        let notify = try NotifyListener()
        let process = try daemon(config: config, notify: notify)
        #expect(notify.wait(timeout: 10) { $0.contains("READY=1") } != nil)
        let results = (0..<12).map { i in
            DispatchQueue.global().sync {
                try? kith(["log", "Guest \(i + 1)", "--note", "coffee \(i)"], config: config)
            }
        }
        // And a few at the same time, from several processes at once.
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var concurrent: [KithBinary.Result?] = []
        for i in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                let result = try? KithBinary.run(
                    ["log", "Guest \(100 + i)", "--config", config, "--state", state])
                lock.withLock { concurrent.append(result) }
                group.leave()
            }
        }
        group.wait()
        for result in results + concurrent {
            #expect(result?.status == 0, "\(result?.stderr ?? "no result")")
            #expect(result?.stderr.contains("locked") == false)
        }
        let history = try kith(["history", "Guest 3"], config: config)
        #expect(history.stdout.contains("message: coffee 2"))
        process.signal(SIGTERM)
        #expect(process.waitForExit(timeout: 10) == 0)
    }
}
