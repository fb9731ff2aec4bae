public import Foundation
public import KithCore
import KithSystem

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
        let mode = info.st_mode & 0o777
        let owner = (info.st_uid, info.st_gid)
        let temporary = sidecar(path, ".tmp-\(getpid())")
        do {
            try DurableFile.writeWhole(old, to: path + ".bak", mode: mode, owner: owner)
        } catch {
            throw failure(error.code, path: path + ".bak", doing: "write")
        }
        do {
            try DurableFile.replace(path, with: bytes, temporary: temporary, mode: mode, owner: owner)
        } catch {
            // As the reader sees it: the temporary file was a part of writing the config.
            throw failure(error.code, path: path, doing: "write")
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
