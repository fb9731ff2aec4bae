#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads whole files with POSIX calls, so failures carry the system's own reason. Only regular
/// files are read, and only up to a limit decided before reading: a FIFO, a device such as
/// `/dev/zero` or a directory is refused at once, never read or waited on.
package enum FileBytes {
    /// Why a file could not be read, as one sentence naming it.
    package struct Failure: Error, Sendable {
        package let reason: String
    }

    /// The most a config file may hold.
    package static let configLimit = 16 << 20
    /// The most a password file may hold.
    package static let passwordLimit = 4 << 10
    /// The most a template file may hold.
    package static let templateLimit = 1 << 20

    /// The bytes of the regular file at `path`, refused when it holds more than `limit`.
    package static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw Failure(reason: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(reason: "\(path): \(String(cString: strerror(errno)))") }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            throw Failure(reason: "\(path) is \(describe(type)), not a regular file; kith reads only regular files")
        }
        guard info.st_size <= limit else {
            throw Failure(reason: "\(path) is \(size(Int(info.st_size))), more than the \(size(limit)) kith reads")
        }
        return try readAll(fd, limit: limit, name: path, expected: Int(info.st_size))
    }

    /// What a pipe or file on standard input holds (the daemon hands its config to
    /// `kith deliver` there), refused when it holds more than `limit`.
    package static func readStandardInput(limit: Int) throws(Failure) -> [UInt8] {
        try readAll(0, limit: limit, name: "standard input")
    }

    /// - Parameter expected: the size `fstat` gave: read straight into an array of that size
    ///   (a 16 MB config is not copied through a growing array); a file that grew since is
    ///   read on in pieces.
    private static func readAll(_ fd: Int32, limit: Int, name: String, expected: Int = 0) throws(Failure) -> [UInt8] {
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: min(expected, limit) + 1) { buffer, filled in
            while filled < buffer.count {
                let count = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if count == 0 { return }
                filled += count
            }
        }
        if let failure { throw Failure(reason: "\(name): \(String(cString: strerror(failure)))") }
        guard bytes.count <= limit else {
            throw Failure(reason: "\(name) holds more than the \(size(limit)) kith reads")
        }
        guard bytes.count > min(expected, limit) else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "\(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else {
                throw Failure(reason: "\(name) holds more than the \(size(limit)) kith reads")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a file"
        }
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}
