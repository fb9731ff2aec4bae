public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fake `$NOTIFY_SOCKET`: a unix datagram socket that collects what the daemon sends.
public final class NotifyListener: @unchecked Sendable {
    // @unchecked: `messages` is only touched under `lock`; `fd` and `path` never change.
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [String] = []

    /// A socket at a temporary path, or in the abstract namespace (`NOTIFY_SOCKET=@name`).
    public init(abstract: Bool = false) throws {
        let name = "kith-notify-\(UUID().uuidString.prefix(8))"
        path = abstract ? "@" + name : FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = abstract ? MemoryLayout<sa_family_t>.size + bytes.count : MemoryLayout<sockaddr_un>.size
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
        }
        guard fd >= 0, result == 0 else {
            throw SMTPTestServer.ServerError(message: "cannot bind the notify socket at \(path)")
        }
    }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// Every message received so far, in order (each may hold several `KEY=value` lines).
    public var messages: [String] {
        drain(timeout: 0)
        return lock.withLock { received }
    }

    /// Waits until a received message satisfies `predicate`; returns it, or nil on timeout.
    @discardableResult
    public func wait(timeout: TimeInterval, for predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = 0
        while true {
            let all = lock.withLock { received }
            if let match = all[seen...].first(where: predicate) { return match }
            seen = all.count
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            drain(timeout: min(remaining, 0.2))
        }
    }

    private func drain(timeout: TimeInterval) {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var wait = Int32(timeout * 1000)
        while poll(&descriptor, 1, wait) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            let text = String(decoding: buffer[0..<n], as: UTF8.self)
            lock.withLock { received.append(text) }
            wait = 0
        }
    }
}
