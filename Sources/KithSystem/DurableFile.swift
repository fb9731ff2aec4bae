#if canImport(Glibc)
    public import Glibc
#elseif canImport(Musl)
    public import Musl
#endif

/// Files written so that they survive a crash or a power cut: written whole, synced, and (for a
/// replacement) renamed into place with the directory synced. The one way kith writes the files
/// it must not lose: the config it edits, its backup, the accepted-digest markers.
public enum DurableFile {
    /// Why a file could not be written: the system's `errno`.
    public struct Failure: Error, Sendable {
        public let code: Int32

        /// The system's words for `code`.
        public var reason: String { String(cString: strerror(code)) }
    }

    /// Writes `bytes` to a new file at `path` (replacing one there), synced, with `mode` and, when
    /// given, `owner` (refused only where changing the owner is allowed and fails).
    public static func writeWhole(_ bytes: [UInt8], to path: String, mode: mode_t, owner: (uid_t, gid_t)? = nil)
        throws(Failure)
    {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(code: errno) }
        defer { close(fd) }
        fchmod(fd, mode)
        if let owner, fchown(fd, owner.0, owner.1) != 0, errno != EPERM {
            throw Failure(code: errno)
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw Failure(code: code)
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            unlink(path)
            throw Failure(code: code)
        }
    }

    /// Replaces the file at `path` with `bytes` all at once: written whole to `temporary` (beside
    /// it, on the same file system), renamed over it, and the directory synced, so that a reader
    /// or a crash sees the old file or the new one, never a part.
    public static func replace(
        _ path: String, with bytes: [UInt8], temporary: String, mode: mode_t, owner: (uid_t, gid_t)? = nil
    ) throws(Failure) {
        try writeWhole(bytes, to: temporary, mode: mode, owner: owner)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(code: code)
        }
        syncDirectory(of: path)
    }

    /// Syncs the directory holding `path`, so a file created or renamed there survives a crash.
    public static func syncDirectory(of path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
