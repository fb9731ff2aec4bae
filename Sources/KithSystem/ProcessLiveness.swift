#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Whether another process is still there, for a claim it holds (a digest being sent).
public enum ProcessLiveness {
    /// True when `pid` is a process that has not exited (a zombie has).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        // The state follows the command name: "pid (name) S …"; Z is a zombie, X a dead task.
        guard let stat = try? readStat(pid), let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].dropFirst().first
        return state != "Z" && state != "X"
    }

    private static func readStat(_ pid: Int32) throws -> String {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFile.Failure(code: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { throw DurableFile.Failure(code: errno) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
