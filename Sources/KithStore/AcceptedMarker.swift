import Foundation
import KithCore
import KithSystem

#if canImport(Glibc)
    import Glibc
#endif

/// A small file beside the database, `accepted-YYYY-MM-DD`, that says the server accepted that
/// day's digest when the database itself could not be written at that moment. It is written
/// and synced before the sending process exits, and folded into the database by the next
/// process that can write it.
struct AcceptedMarker {
    let path: String
    let day: LocalDate
    let acceptedAt: Date
    let refused: [String]

    static let prefix = "accepted-"

    /// Writes and syncs the marker; false when it could not be written either.
    static func write(directory: String, day: LocalDate, refused: [String]) -> Bool {
        let path = directory + "/" + prefix + day.description
        let text = ([String(Date().timeIntervalSince1970)] + refused).joined(separator: "\n") + "\n"
        do {
            try DurableFile.replace(path, with: Array(text.utf8), temporary: path + ".tmp", mode: 0o600)
            return true
        } catch {
            return false
        }
    }

    static func find(directory: String, day: LocalDate) -> AcceptedMarker? {
        read(path: directory + "/" + prefix + day.description, day: day)
    }

    /// Every marker in `directory`, oldest day first.
    static func all(directory: String) -> [AcceptedMarker] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().compactMap { name in
            LocalDate(iso: String(name.dropFirst(prefix.count))).flatMap { read(path: directory + "/" + name, day: $0) }
        }
    }

    static func remove(_ marker: AcceptedMarker) {
        unlink(marker.path)
    }

    private static func read(path: String, day: LocalDate) -> AcceptedMarker? {
        guard let bytes = try? FileBytes.read(path, limit: 64 * 1024) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let first = lines.first, let seconds = TimeInterval(first) else { return nil }
        return AcceptedMarker(
            path: path, day: day, acceptedAt: Date(timeIntervalSince1970: seconds), refused: Array(lines.dropFirst()))
    }
}
