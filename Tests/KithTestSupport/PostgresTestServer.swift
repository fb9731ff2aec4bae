public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL cluster (Debian's `postgresql`) for one test: `initdb` and `pg_ctl` in
/// a temporary directory, listening on its own port on 127.0.0.1 and a socket in that directory,
/// with one user `kith` (password `secret`, scram-sha-256) owning a database `kith`. Run as the
/// `postgres` user when the tests run as root, since PostgreSQL refuses root.
public final class PostgresTestServer: @unchecked Sendable {
    // @unchecked: every property is set in init and never changes afterwards.
    public let directory: URL
    public let port: Int
    private let bin: String

    public static let user = "kith"
    public static let password = "secret"

    /// The connection string kith-team is given (no password in it).
    public var conninfo: String { "host=127.0.0.1 port=\(port) dbname=kith user=\(Self.user)" }

    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw SMTPTestServer.ServerError(
                message: "PostgreSQL is not installed (no /usr/lib/postgresql/N/bin); scripts/test installs postgresql")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("kith-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let dir = directory.path
        try Data((Self.password + "\n").utf8).write(to: directory.appendingPathComponent("pwfile"))
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:postgres", dir]) }
        port = Ports.free()
        try runAsOwner(
            bin + "/initdb",
            [
                "-D", dir + "/data", "-U", Self.user, "--pwfile", dir + "/pwfile", "-A", "scram-sha-256", "-E", "UTF8",
                "--no-sync",
            ])
        try start()
        try runAsOwner(bin + "/createdb", ["-h", dir, "-p", String(port), "-U", Self.user, "kith"], password: true)
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public func start() throws {
        let dir = directory.path
        try runAsOwner(
            bin + "/pg_ctl",
            [
                "-D", dir + "/data", "-l", dir + "/log", "-w", "-t", "30", "-o",
                "-p \(port) -k \(dir) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start",
            ])
    }

    /// Stops the server at once (`-m immediate`): connections break as in a crash.
    public func stop() throws {
        try runAsOwner(bin + "/pg_ctl", ["-D", directory.path + "/data", "-m", "immediate", "-w", "stop"])
    }

    /// Runs SQL with psql as `kith` and returns its unaligned output.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        try runAsOwner(
            "/usr/bin/psql",
            [
                "-h", directory.path, "-p", String(port), "-U", Self.user, "-d", "kith", "-At", "-v", "ON_ERROR_STOP=1",
                "-c", sql,
            ],
            password: true)
    }

    @discardableResult
    private func runAsOwner(_ program: String, _ arguments: [String], password: Bool = false) throws -> String {
        var env = ["PATH=/usr/bin:/bin"]
        if password { env.append("PGPASSWORD=\(Self.password)") }
        if getuid() == 0 {
            return try Self.run(
                "/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/env"] + env + [program] + arguments)
        }
        return try Self.run("/usr/bin/env", env + [program] + arguments)
    }

    /// Runs a program to its end with posix_spawn and waitpid, its output in a file (not a pipe:
    /// the server pg_ctl starts keeps its inherited descriptors open, so a pipe would never reach
    /// its end). Foundation's `Process` was seen leaving `runuser` unreaped here.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kith-pg-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw SMTPTestServer.ServerError(message: "\(program) could not be started: errno \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw SMTPTestServer.ServerError(
                message: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
