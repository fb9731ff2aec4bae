public import Foundation
public import KithCore

#if canImport(Glibc)
    import Glibc
#endif

/// Why a config file was not changed, as one sentence, with the exit status it calls for.
public struct ConfigEditError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let status: ExitStatus

    public var description: String { message }
}

/// Writes a changed config safely: under a lock (a second kith waits, then gives up with a
/// clear message), only when the result loads with the same decoder as `kith check`, through a
/// temporary file in the same directory that is synced and renamed into place, with the file's
/// mode and owner kept and the previous content left in `NAME.bak`.
public enum ConfigFile {
    /// How long a second kith waits for the first to finish editing (`KITH_LOCK_WAIT_SECONDS`
    /// sets it, for tests).
    public static var lockWait: TimeInterval {
        ProcessInfo.processInfo.environment["KITH_LOCK_WAIT_SECONDS"].flatMap(TimeInterval.init) ?? 10
    }

    /// Edits the config at `path`: `change` gets the current text and may change it; returns
    /// what `change` returned and the config as it now loads. Nothing is written when `change`
    /// changes nothing, or when the result would not load.
    public static func edit<T>(
        path: String, _ change: (inout ConfigEditor) throws -> T
    ) throws -> (result: T, config: Config) {
        let lock = try acquireLock(for: path)
        defer {
            flock(lock, LOCK_UN)
            close(lock)
        }
        let old: [UInt8]
        do {
            old = try ConfigLoader.read(path: path)
        } catch {
            throw ConfigEditError(message: error.description, status: .configuration)
        }
        var editor = ConfigEditor(bytes: old)
        let result = try change(&editor)
        let new = editor.bytes
        let config: Config
        do {
            config = try ConfigLoader.load(bytes: new, path: path)
        } catch {
            throw ConfigEditError(
                message:
                    "kith did not change \(path): the result would not load (\(error.problems.prefix(3).map(\.description).joined(separator: "; ")))",
                status: .problems)
        }
        if new != old { try write(new, replacing: old, at: path) }
        return (result, config)
    }

    /// The command that makes a running kith pick the change up.
    public static func reloadHint(path: String) -> String {
        let resolved = (path as NSString).resolvingSymlinksInPath
        return resolved.hasPrefix("/etc/") ? "systemctl reload kith" : "systemctl --user reload kith"
    }

    // MARK: - Locking and writing

    static func sidecar(_ path: String, _ suffix: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + suffix).path
    }

    private static func acquireLock(for path: String) throws -> Int32 {
        let lockPath = sidecar(path, ".lock")
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(errno, path: path, doing: "lock") }
        let deadline = Date().addingTimeInterval(lockWait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw ConfigEditError(
                    message:
                        "kith did not change \(path): another kith has been editing it for \(Int(lockWait)) seconds; try again when it is done",
                    status: .temporaryFailure)
            }
            usleep(50_000)
        }
        return fd
    }

    private static func write(_ bytes: [UInt8], replacing old: [UInt8], at path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(errno, path: path, doing: "read") }
        try writeWhole(old, to: path + ".bak", mode: info.st_mode & 0o777, owner: (info.st_uid, info.st_gid))
        let temporary = sidecar(path, ".tmp-\(getpid())")
        try writeWhole(bytes, to: temporary, mode: info.st_mode & 0o777, owner: (info.st_uid, info.st_gid))
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(code, path: path, doing: "write")
        }
        // The rename itself is durable once the directory is synced.
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Writes `bytes` to a new file at `path` (replacing one there), synced, with `mode` and owner.
    private static func writeWhole(_ bytes: [UInt8], to path: String, mode: mode_t, owner: (uid_t, gid_t)) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(errno, path: path, doing: "write") }
        defer { close(fd) }
        fchmod(fd, mode)
        if fchown(fd, owner.0, owner.1) != 0, errno != EPERM {
            throw failure(errno, path: path, doing: "write")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw failure(code, path: path, doing: "write")
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let code = errno
            unlink(path)
            throw failure(code, path: path, doing: "write")
        }
    }

    private static func failure(_ code: Int32, path: String, doing: String) -> ConfigEditError {
        let reason = String(cString: strerror(code))
        switch code {
        case EROFS, EACCES, EPERM:
            return ConfigEditError(
                message:
                    "kith cannot \(doing) \(path): it or its directory is read-only for this user (\(reason)); edit it as its owner, or copy it somewhere writable and pass --config",
                status: .cannotCreate)
        case ENOSPC, EDQUOT:
            return ConfigEditError(message: "kith cannot \(doing) \(path): \(reason)", status: .temporaryFailure)
        default:
            return ConfigEditError(message: "kith cannot \(doing) \(path): \(reason)", status: .cannotCreate)
        }
    }
}
