import Foundation
import KithTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The state store when something is wrong with it: emptied, on a read-only or full file
/// system, or held by another process. Real files, real mounts (tmpfs; the tests run as root,
/// as CI does, and fail loudly when a mount is refused).
@Suite(.serialized) struct StoreFailureTests {
    struct SetupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-fail-\(UUID().uuidString)")
    private var state: String { root.appendingPathComponent("state").path }
    private var database: String { state + "/kith.sqlite" }

    private func config(port: Int = 2525) throws -> String {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let path = root.appendingPathComponent("config.json").path
        try """
        { "owner": { "name": "Sam", "email": "sam@example.org" }, "timezone": "UTC", "digest": { "at": "00:00" },
          "smtp": { "url": "smtp://127.0.0.1:\(port)", "from": "kith@example.org", "tls": "none", "timeoutSeconds": 5 },
          "people": [ { "name": "Ada Lovelace", "every": "1w", "lastContact": "2026-01-01" } ] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func kith(_ arguments: [String], _ config: String) throws -> KithBinary.Result {
        try KithBinary.run(arguments + ["--config", config, "--state", state])
    }

    private func run(_ command: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SetupError(
                message: "\(command) \(arguments.joined(separator: " ")) failed: \(message); these tests need root")
        }
    }

    @Test func anEmptiedStoreIsAnErrorUntilRepairedAndTodaysDigestIsNotSentAgain() throws {
        let server = try SMTPTestServer(["--tls", "none"])
        let config = try config(port: server.port)
        #expect(try kith(["send"], config).status == 0)
        #expect(server.messages.count == 1)
        #expect(truncate(database, 0) == 0)
        for command in [["send"], ["log", "Ada"], ["due"], ["status"]] {
            let result = try kith(command, config)
            #expect(result.status == 74, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(database) is empty"), "\(result.stderr)")
            #expect(result.stderr.contains("kith repair"))
        }
        let daemon = try kith(["run"], config)
        #expect(daemon.status == 74, "\(daemon.stderr)")
        #expect(server.messages.count == 1, "nothing is sent from an emptied store")
        let repair = try kith(["repair"], config)
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(repair.stdout.contains("Moved the damaged state database to \(database).broken-"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: state).filter { $0.contains(".broken-") }
        #expect(aside.count == 1)
        #expect(try kith(["status"], config).status == 0)
        #expect(try kith(["repair"], config).stdout.contains("healthy"))
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let config = try config()
        #expect(try kith(["log", "Ada"], config).status == 0)
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: database))
        let result = try kith(["log", "Ada"], config)
        #expect(result.status == 74)
        #expect(result.stderr.contains("is not an SQLite database"), "\(result.stderr)")
    }

    @Test func readOnlyCommandsWorkOnAReadOnlyStore() throws {
        let config = try config()
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try run("/bin/mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", state)
        defer { try? run("/bin/umount", "-l", state) }
        #expect(try kith(["log", "Ada", "--on", "2026-11-20", "--note", "tea"], config).status == 0)
        try run("/bin/mount", "-o", "remount,ro", state)
        for command in [["due", "--at", "2026-11-30T08:00"], ["status"], ["history", "Ada"], ["preview"]] {
            let result = try kith(command, config)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(try kith(["history", "Ada"], config).stdout.contains("2026-11-20  message: tea"))
        let write = try kith(["log", "Ada"], config)
        #expect(write.status == 75, "\(write.stderr)")
        #expect(write.stderr.contains("read-only") || write.stderr.contains("cannot"), "\(write.stderr)")
    }

    @Test func readOnlyCommandsWorkOnAFullDiskAndWritesSaySo() throws {
        let config = try config()
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try run("/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state)
        defer { try? run("/bin/umount", "-l", state) }
        #expect(try kith(["log", "Ada", "--on", "2026-11-20"], config).status == 0)
        // Fill what is left, to the last block.
        let fd = open(state + "/filler", O_WRONLY | O_CREAT, 0o600)
        var block = [UInt8](repeating: 0, count: 4096)
        while write(fd, &block, block.count) > 0 {}
        #expect(errno == ENOSPC)
        close(fd)
        for command in [["due", "--at", "2026-11-30T08:00"], ["status"], ["history", "Ada"]] {
            let result = try kith(command, config)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        var notes = ""
        for n in 0..<50 { notes += "a long note to fill a page \(n) " }
        let write = try kith(["log", "Ada", "--note", notes], config)
        #expect(write.status == 75, "\(write.stderr)")
        #expect(write.stderr.contains("the disk is full"), "\(write.stderr)")
    }

    @Test func aBusyStoreExits75() throws {
        let config = try config()
        #expect(try kith(["log", "Ada"], config).status == 0)
        let lock = try StoreLock(database: database, seconds: 5)
        let result = try KithBinary.run(
            ["log", "Ada", "--config", config, "--state", state], environment: ["KITH_BUSY_TIMEOUT_SECONDS": "0.5"])
        #expect(result.status == 75)
        #expect(result.stderr.contains("is busy"), "\(result.stderr)")
        lock.wait()
    }
}
