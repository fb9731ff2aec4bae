public import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the pipe signals are forwarded to. Written once, before any handler is
/// installed, and only read afterwards (by the handler): that ordering makes the unchecked
/// global safe.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Delivers SIGHUP, SIGTERM and SIGINT to a Dispatch queue without losing any.
///
/// The handler is installed with `signal(2)` before this initialiser returns, and only calls
/// `write(2)` (async-signal-safe) on a pipe; a read source on the queue drains it. A signal that
/// arrives before the read source is registered waits in the pipe, so none is lost, unlike
/// `DispatchSource.makeSignalSource`, which installs its handler asynchronously.
public final class SignalPipe: @unchecked Sendable {
    // @unchecked: `source` is set once in init and only used from `queue` afterwards.
    private var source: (any DispatchSourceRead)?

    public init(signals: [Int32], queue: DispatchQueue, handler: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        signalPipeWriteEnd = fds[1]
        for number in signals {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
        let readEnd = fds[0]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 16)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                guard n > 0 else { break }
                for byte in buffer[0..<n] { handler(Int32(byte)) }
            }
        }
        source.resume()
        self.source = source
    }
}
