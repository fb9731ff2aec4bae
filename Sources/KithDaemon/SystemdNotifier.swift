public import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The sd_notify protocol, spoken natively: datagrams to `$NOTIFY_SOCKET` (a path, or an
/// abstract socket written `@name`). Without the variable every call does nothing.
public struct SystemdNotifier: Sendable {
    private let address: String?
    /// How often systemd expects `WATCHDOG=1`, when it does and the watchdog is for this process.
    public let watchdogInterval: Duration?

    public init(environment: [String: String]) {
        let socket = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        address = socket
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
            environment["WATCHDOG_PID"].map({ Int32($0) == getpid() }) ?? true, socket != nil
        {
            watchdogInterval = .microseconds(usec)
        } else {
            watchdogInterval = nil
        }
    }

    /// A started timer that sends `WATCHDOG=1` on `queue` at half of `watchdogInterval`; nil
    /// when systemd expects none. Keep it: the pings stop when it is released.
    public func startWatchdog(on queue: DispatchQueue) -> (any DispatchSourceTimer)? {
        guard let interval = watchdogInterval else { return nil }
        let half = interval / 2
        let nanoseconds =
            Int(half.components.seconds) * 1_000_000_000 + Int(half.components.attoseconds / 1_000_000_000)
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now(), repeating: .nanoseconds(max(nanoseconds, 1)), leeway: .milliseconds(100))
        source.setEventHandler { [self] in notify("WATCHDOG=1") }
        source.resume()
        return source
    }

    /// Whether a notification socket was given.
    public var isActive: Bool { address != nil }

    /// Sends one notification such as `READY=1` or `STATUS=…` (several may be joined with "\n").
    public func notify(_ message: String) {
        guard let address else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var path = Array(address.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &addr.sun_path) { buffer in
            buffer.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        var bytes = Array(message.utf8)
        _ = withUnsafePointer(to: &addr) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                sendto(fd, &bytes, bytes.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
            }
        }
    }

    /// `MONOTONIC_USEC=…` for `RELOADING=1`: CLOCK_MONOTONIC now, in microseconds.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
