public import Foundation
import GRDB
public import KithCore
import KithSystem

#if canImport(Glibc)
    import Glibc
#endif

/// kith's state in SQLite (WAL, with a busy timeout), safe for the daemon and the command line
/// to use at once: logged interactions, the digest outbox, snoozes and first-seen dates.
public final class Store: Sendable {
    private let database: any DatabaseWriter
    /// The database file.
    public let path: String
    /// The state directory holding it.
    public let directory: String
    /// Whether this store was opened only to read (`kith due`, `kith status`, …).
    public let isReadOnly: Bool

    /// Where state lives when `--state` is not given: `$STATE_DIRECTORY` (systemd), then
    /// `$XDG_STATE_HOME/kith`, then `~/.local/state/kith`.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let dir = environment["STATE_DIRECTORY"], !dir.isEmpty {
            return String(dir.split(separator: ":").first ?? Substring(dir))
        }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/kith" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/kith" }
        return nil
    }

    /// The database file in a state directory.
    public static func databasePath(in directory: String) -> String { directory + "/kith.sqlite" }

    /// Opens `kith.sqlite` in `directory` to read and write, creating it (and the directory) when
    /// there is none yet, and brings its schema up to date.
    ///
    /// A file that is there but empty or not a kith database is never started afresh: that
    /// would forget which digests were sent and send today's again. It is an error of kind
    /// `.broken` until `kith repair` (or the user) moves it aside.
    public convenience init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(
                .unwritable, "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        let path = Store.databasePath(in: directory)
        if !FileManager.default.fileExists(atPath: path) {
            try Store.create(at: path)
        }
        try self.init(directory: directory, path: path, readOnly: false)
        reconcileAcceptedMarkers()
    }

    /// Opens an existing store only to read, so read-only commands work on a read-only file
    /// system or a full disk. Returns nil when there is no store yet. A store whose schema is
    /// older than this kith is upgraded through a writable open first.
    public static func openForReading(directory: String) throws(StoreError) -> Store? {
        let path = databasePath(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        func open(immutable: Bool) throws(StoreError) -> (store: Store, current: Bool) {
            let store = try Store(directory: directory, path: path, readOnly: true, immutable: immutable)
            do {
                return (store, try store.database.read { db in try Store.migrator.hasCompletedMigrations(db) })
            } catch {
                throw Store.failure(error, path: path, doing: "read")
            }
        }
        let opened: (store: Store, current: Bool)
        do {
            opened = try open(immutable: false)
        } catch  where error.kind == .unwritable {
            // A read-only or full file system: SQLite cannot make the shared-memory file that
            // reading a WAL database needs. Nobody can be writing there, so read the file as
            // it stands, without that file and without locks.
            opened = try open(immutable: true)
        }
        return opened.current ? opened.store : try Store(directory: directory)
    }

    private init(directory: String, path: String, readOnly: Bool, immutable: Bool = false) throws(StoreError) {
        self.directory = directory
        self.path = path
        self.isReadOnly = readOnly
        try Store.checkHeader(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Store.busyTimeout)
        configuration.label = "kith"
        configuration.readonly = readOnly
        do {
            if immutable {
                database = try DatabaseQueue(path: Store.immutableURI(path), configuration: configuration)
            } else if readOnly {
                database = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // Reading first: a current store opens without waiting for the write lock.
                if try !pool.read({ db in try Store.migrator.hasCompletedMigrations(db) }) {
                    try Store.migrator.migrate(pool)
                }
                // GRDB sets NORMAL in WAL mode, where a commit can be lost with the power. The
                // outbox promises that what it recorded (a hand-over, an acceptance) survives that.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                database = pool
            }
        } catch {
            throw Store.failure(error, path: path, doing: "open")
        }
    }

    /// How long a writer waits for another process's transaction before giving up as busy:
    /// 10 seconds, or `KITH_BUSY_TIMEOUT_SECONDS` (tests shorten it).
    static let busyTimeout: TimeInterval = {
        if let text = ProcessInfo.processInfo.environment["KITH_BUSY_TIMEOUT_SECONDS"],
            let seconds = TimeInterval(text), seconds > 0
        {
            return seconds
        }
        return 10
    }()

    /// An SQLite URI that opens `path` as a file nothing changes (`immutable=1`).
    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    /// Refuses a file that is there but cannot be a kith database: empty, or not SQLite.
    private static func checkHeader(path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StoreError(
                errno == ENOENT ? .missing : .broken, "cannot open the state database \(path): \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.broken, "the state database \(path) is not a regular file. \(recovery)")
        }
        guard info.st_size > 0 else {
            throw StoreError(
                .broken,
                "the state database \(path) is empty (0 bytes): what kith recorded there is gone. \(recovery)")
        }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 16) }
        guard count == 16, header == Array("SQLite format 3\0".utf8) else {
            throw StoreError(.broken, "the state database \(path) is not an SQLite database. \(recovery)")
        }
    }

    /// What to do about a broken store, said the same way everywhere.
    static let recovery =
        "kith does not start afresh by itself, since that would forget which digests were sent and send "
        + "today's again. Restore the file from a backup, or run `kith repair` to move it aside and start a new one."

    /// Creates a new database at `path` whole: built under a temporary name and linked into place,
    /// so no process ever sees a half-made (empty) file there.
    private static func create(at path: String) throws(StoreError) {
        let temporary = path + ".new-\(getpid())"
        unlink(temporary)
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try migrator.migrate(queue)
            try queue.close()
        } catch {
            unlink(temporary)
            throw failure(error, path: path, doing: "create")
        }
        defer { unlink(temporary) }
        // link(2) fails if another process created the store meanwhile: then that one is used.
        if link(temporary, path) != 0, errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw StoreError(.unwritable, "cannot create the state database \(path): \(reason)")
        }
        DurableFile.syncDirectory(of: path)
    }

    /// Moves a broken store aside (`kith repair`) and returns where it went; nil when the store
    /// opens fine and there is nothing to repair.
    public static func repair(directory: String) throws(StoreError) -> String? {
        let path = databasePath(in: directory)
        do {
            let store = try Store(directory: directory, path: path, readOnly: true)
            let ok = try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") == "ok" }
            if ok { return nil }
        } catch let error as StoreError where error.kind == .missing {
            return nil
        } catch {
            // Broken: move it aside below.
        }
        var stamp = Date().formatted(.iso8601)
        stamp.removeAll { $0 == ":" }
        let aside = path + ".broken-" + stamp
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard Glibc.rename(path + suffix, aside + suffix) == 0 else {
                let reason = String(cString: strerror(errno))
                throw StoreError(.unwritable, "cannot move \(path + suffix) aside: \(reason)")
            }
        }
        _ = try Store(directory: directory)
        return aside
    }

    /// Why the file system holding `path` cannot take writes, if it cannot: full or read-only.
    static func fileSystemTrouble(_ path: String) -> String? {
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory, &info) == 0 else { return nil }
        if info.f_flag & UInt(ST_RDONLY) != 0 { return "its file system is read-only" }
        if info.f_bavail == 0 || info.f_favail == 0 { return "the disk is full" }
        return nil
    }

    /// Classifies an SQLite failure as busy, unwritable or broken, in a sentence naming the file.
    static func failure(_ error: any Error, path: String, doing: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let database = error as? DatabaseError else {
            return StoreError(
                .unwritable, "the state database \(path) could not be \(doing == "read" ? "read" : "written"): \(error)"
            )
        }
        if let reason = fileSystemTrouble(path) {
            switch database.resultCode.primaryResultCode {
            case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN:
                return StoreError(.unwritable, "the state database \(path) cannot be written: \(reason)")
            default: break
            }
        }
        switch database.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy,
                "the state database \(path) is busy: another process held it for over \(busyTimeout.formatted()) seconds; try again"
            )
        case .SQLITE_FULL:
            return StoreError(.unwritable, "the state database \(path) cannot be written: the disk is full")
        case .SQLITE_READONLY:
            return StoreError(.unwritable, "the state database \(path) cannot be written: it is read-only")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(
                .broken, "the state database \(path) is damaged (\(database.message ?? "corrupt")). \(recovery)")
        case .SQLITE_CANTOPEN:
            return StoreError(
                .unwritable, "cannot open the state database \(path) to \(doing): \(database.message ?? "")")
        default:
            return StoreError(
                .unwritable,
                "the state database \(path) could not be \(doing == "read" ? "read" : "written"): \(database.message ?? "\(database)")"
            )
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "interaction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("personKey", .text).notNull().indexed()
                t.column("personName", .text).notNull()
                t.column("day", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("note", .text)
                t.column("loggedAt", .double).notNull()
            }
            try db.create(table: "digest") { t in
                t.primaryKey("day", .integer)
                t.column("state", .text).notNull()
                t.column("messageID", .text).notNull()
                t.column("message", .blob).notNull()
                t.column("people", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("failureKind", .text)
                t.column("lastError", .text)
                t.column("nextAttemptAt", .double)
                t.column("claimedBy", .integer)
                t.column("createdAt", .double).notNull()
                t.column("sentAt", .double)
            }
            try db.create(table: "snooze") { t in
                t.primaryKey("personKey", .text)
                t.column("personName", .text).notNull()
                t.column("untilDay", .integer).notNull()
            }
            try db.create(table: "firstSeen") { t in
                t.primaryKey("personKey", .text)
                t.column("day", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: introductions") { db in
            try db.alter(table: "digest") { t in
                t.add(column: "introductions", .text).notNull().defaults(to: "")
                t.add(column: "claimedAt", .double)
            }
            try db.create(indexOn: "digest", columns: ["state", "day"])
        }
        migrator.registerMigration("v3: hand-over and refused recipients") { db in
            try db.alter(table: "digest") { t in
                t.add(column: "handedOverAt", .double)
                t.add(column: "refused", .text).notNull().defaults(to: "")
            }
            // Who recorded an interaction: `kith log` ("log"), so that `kith log --undo` takes back
            // only what it added, not what a capture of the mailbox recorded.
            try db.alter(table: "interaction") { t in
                t.add(column: "source", .text).notNull().defaults(to: "log")
            }
        }
        migrator.registerMigration("v4: contact summary") { db in
            // What the due engine needs per person, kept with every change to their history,
            // so a morning reads one row a person, not years of history (docs/store.md).
            try db.create(table: "contactSummary") { t in
                t.primaryKey("personKey", .text)
                t.column("firstDay", .integer).notNull()
                t.column("lastDay", .integer).notNull()
                t.column("lastMetDay", .integer)
                t.column("recent", .blob).notNull()
            }
            try db.create(
                index: "interaction_by_person_day", on: "interaction", columns: ["personKey", "day", "loggedAt"])
            try db.create(
                index: "interaction_by_person_kind", on: "interaction", columns: ["personKey", "kind", "day"])
            try db.execute(sql: "DROP INDEX IF EXISTS interaction_on_personKey")
            try db.create(index: "interaction_by_logged", on: "interaction", columns: ["source", "loggedAt"])
            for key in try String.fetchAll(db, sql: "SELECT DISTINCT personKey FROM interaction") {
                try Store.refreshSummary(db, personKey: key)
            }
        }
        migrator.registerMigration("v5: mailbox capture") { db in
            // Per account and folder: where the last scan stopped.
            try db.create(table: "mailbox") { t in
                t.column("account", .text).notNull()
                t.column("folder", .text).notNull()
                t.column("uidValidity", .integer).notNull()
                t.column("lastUID", .integer).notNull()
                t.primaryKey(["account", "folder"])
            }
            // Each message counted once per person, whatever rescans a UIDVALIDITY change causes.
            try db.create(table: "capturedMail") { t in
                t.column("messageID", .text).notNull()
                t.column("personKey", .text).notNull()
                t.primaryKey(["messageID", "personKey"])
            }
            try db.create(table: "scan") { t in
                t.primaryKey("account", .text)
                t.column("at", .double).notNull()
                t.column("folder", .text)
                t.column("messages", .integer).notNull()
                t.column("recorded", .integer).notNull()
                t.column("errorKind", .text)
                t.column("error", .text)
            }
        }
        migrator.registerMigration("v6: replies and incoming mail") { db in
            // The random token of a digest, which a reply to it carries (docs/replies.md).
            try db.alter(table: "digest") { t in
                t.add(column: "token", .text).notNull().defaults(to: "")
            }
            try db.create(index: "digest_by_token", on: "digest", columns: ["token"])
            // When a captured sent message was written: an incoming one before it is answered.
            try db.alter(table: "capturedMail") { t in
                t.add(column: "at", .double)
            }
            try db.create(index: "capturedMail_by_person", on: "capturedMail", columns: ["personKey", "at"])
            // Messages from people in INBOX: what "They wrote to you" is made of.
            try db.create(table: "incomingMail") { t in
                t.primaryKey("messageID", .text)
                t.column("personKey", .text).notNull()
                t.column("at", .double).notNull()
                t.column("subject", .text)
            }
            try db.create(index: "incomingMail_by_at", on: "incomingMail", columns: ["at"])
            // Replies to digests that were commands: each applied once, then confirmed.
            try db.create(table: "replyCommand") { t in
                t.primaryKey("messageID", .text)
                t.column("digestDay", .integer).notNull()
                t.column("processedAt", .double).notNull()
                t.column("confirmation", .blob)
                t.column("confirmedAt", .double)
            }
            // `skip NAME` in a reply: left out of the digests of that day and the next.
            try db.create(table: "skip") { t in
                t.primaryKey("personKey", .text)
                t.column("day", .integer).notNull()
            }
        }
        migrator.registerMigration("v7: staleness note") { db in
            // Whether a digest said its suggestions may be out of date: said at most once a week.
            try db.alter(table: "digest") { t in
                t.add(column: "staleNote", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v8: introductions made") { db in
            // Pairs (`Introduction.key`) logged as introduced: never suggested again.
            try db.create(table: "introduced") { t in
                t.primaryKey("pairKey", .text)
                t.column("day", .integer).notNull()
            }
        }
        migrator.registerMigration("v9: suggestions given") { db in
            // What each person was told to do, "key<TAB>text" a line: not repeated within 30 days.
            try db.alter(table: "digest") { t in
                t.add(column: "suggestions", .text).notNull().defaults(to: "")
            }
        }
        return migrator
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw Store.failure(error, path: path, doing: "write")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw Store.failure(error, path: path, doing: "read")
        }
    }

    // MARK: - First seen

    /// The day kith first saw the person, if it has.
    public func firstSeen(personKey: String) throws(StoreError) -> LocalDate? {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT day FROM firstSeen WHERE personKey = ?", arguments: [personKey])
                .map(LocalDate.init(dayNumber:))
        }
    }

    /// Notes `day` as the first-seen date of every key not seen before.
    public func recordFirstSeen(_ keys: [String], on day: LocalDate) throws(StoreError) {
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO firstSeen (personKey, day) VALUES (?, ?)")
            for key in keys {
                try statement.execute(arguments: [key, day.dayNumber])
            }
        }
    }

    /// Notes each key's own first-seen day (an import's "connected on"), unless seen before.
    public func recordFirstSeen(_ days: [(key: String, day: LocalDate)]) throws(StoreError) {
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO firstSeen (personKey, day) VALUES (?, ?)")
            for (key, day) in days {
                try statement.execute(arguments: [key, day.dayNumber])
            }
        }
    }

    /// Notes introductions as made (`Introduction.made`), so they are not suggested again.
    public func recordIntroduced(_ keys: [String], on day: LocalDate) throws(StoreError) {
        guard !keys.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO introduced (pairKey, day) VALUES (?, ?)")
            for key in keys { try statement.execute(arguments: [key, day.dayNumber]) }
        }
    }

    // MARK: - Snoozes

    public func snooze(personKey: String, personName: String, until day: LocalDate) throws(StoreError) {
        try write { db in try Store.snooze(personKey: personKey, personName: personName, until: day, db) }
    }

    static func snooze(personKey: String, personName: String, until day: LocalDate, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO snooze (personKey, personName, untilDay) VALUES (?, ?, ?)",
            arguments: [personKey, personName, day.dayNumber])
    }

    /// Ends a snooze; returns whether there was one.
    @discardableResult
    public func unsnooze(personKey: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM snooze WHERE personKey = ?", arguments: [personKey])
            return db.changesCount > 0
        }
    }

    // MARK: - Digests

    public func digest(on day: LocalDate) throws(StoreError) -> DigestRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [day.dayNumber]).map(
                Store.record)
        }.map(settled)
    }

    /// The most recent digests, newest first.
    public func recentDigests(limit: Int) throws(StoreError) -> [DigestRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM digest ORDER BY day DESC LIMIT ?", arguments: [limit]).map(
                Store.record)
        }.map(settled)
    }

    /// Records `record` unless that day already has one; returns the day's record either way.
    @discardableResult
    public func insertIfAbsent(_ record: DigestRecord) throws(StoreError) -> DigestRecord {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO digest (day, state, messageID, message, people, introductions, attempts, createdAt, token, staleNote, suggestions)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.date.dayNumber, record.state.rawValue, record.messageID, Data(record.message),
                    record.people.joined(separator: "\n"), record.introductions.joined(separator: "\n"),
                    record.createdAt.timeIntervalSince1970, record.token, record.staleNote,
                    record.suggestions.map { "\($0.key)\t\($0.text)" }.joined(separator: "\n"),
                ])
            return try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [record.date.dayNumber])
                .map(Store.record)!
        }
    }

    /// Claims the day's digest for sending by process `pid`: a pending one, a failed one, or
    /// one whose claiming process died before it handed the whole message to the server.
    /// Returns the claimed record, or nil if it is not there to claim: sent, empty, being sent by
    /// a live process, or uncertain (handed over with no answer). `force` claims sent, empty and
    /// uncertain digests too (`kith send --force`), never one a live process holds.
    public func claim(day: LocalDate, pid: Int32, force: Bool = false) throws(StoreError) -> DigestRecord? {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM digest WHERE day = ?", arguments: [day.dayNumber])
            else { return nil }
            let record = Store.record(row)
            let claimable: Bool
            switch record.state {
            case .pending, .failed: claimable = true
            case .sending:
                claimable = !Store.claimIsLive(record, now: Date()) && (record.handedOverAt == nil || force)
            case .sent, .empty, .uncertain: claimable = force
            }
            guard claimable else { return nil }
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'sending', claimedBy = ?, claimedAt = ?, attempts = attempts + 1,
                    handedOverAt = NULL WHERE day = ?
                    """,
                arguments: [pid, Date().timeIntervalSince1970, day.dayNumber])
            var claimed = record
            claimed.state = .sending
            claimed.claimedBy = pid
            claimed.handedOverAt = nil
            claimed.attempts += 1
            return claimed
        }
    }

    /// Records, durably and before the end of the message goes to the server, that process
    /// `pid` is handing the day's digest over. From here on a send that ends without an answer
    /// is uncertain and is not repeated by itself. Throws when it cannot be recorded: the send
    /// must then stop before the server can accept anything.
    public func markHandedOver(day: LocalDate, pid: Int32) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE digest SET handedOverAt = ? WHERE day = ? AND state = 'sending' AND claimedBy = ?",
                arguments: [Date().timeIntervalSince1970, day.dayNumber, pid])
            guard db.changesCount == 1 else {
                throw StoreError(.busy, "the digest for \(day) is no longer claimed by this process")
            }
        }
    }

    /// Records that the server accepted the day's digest. `refused` lists the recipients it
    /// turned down while accepting the others, as `address: reply` lines.
    public func markSent(day: LocalDate, at instant: Date, refused: [String] = []) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'sent', sentAt = ?, claimedBy = NULL, failureKind = NULL,
                    lastError = NULL, nextAttemptAt = NULL, refused = ? WHERE day = ?
                    """,
                arguments: [instant.timeIntervalSince1970, refused.joined(separator: "\n"), day.dayNumber])
        }
    }

    /// Records that the server accepted the digest, even when the database cannot be written
    /// now (a full disk, a lock held too long): then a marker file beside it says so, written
    /// and synced to disk, and the next writable open records it. Throws only when neither
    /// could be written; the digest then stays uncertain, never sent again by itself.
    public func recordAccepted(day: LocalDate, at instant: Date, refused: [String] = []) throws(StoreError) {
        do {
            try markSent(day: day, at: instant, refused: refused)
        } catch {
            guard AcceptedMarker.write(directory: directory, day: day, refused: refused) else { throw error }
        }
    }

    /// Turns accepted-markers left by a send that could not write the database into `sent`
    /// records. Best effort: a marker that cannot be applied yet stays for the next time.
    /// Returns whether none is left.
    @discardableResult
    public func reconcileAcceptedMarkers() -> Bool {
        guard !isReadOnly else { return true }
        for marker in AcceptedMarker.all(directory: directory) {
            do {
                try markSent(day: marker.day, at: marker.acceptedAt, refused: marker.refused)
                AcceptedMarker.remove(marker)
            } catch {
                return false
            }
        }
        return true
    }

    public func markFailed(day: LocalDate, kind: DigestRecord.FailureKind, error: String, nextAttemptAt: Date?)
        throws(StoreError)
    {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE digest SET state = 'failed', failureKind = ?, lastError = ?, nextAttemptAt = ?,
                    claimedBy = NULL, handedOverAt = NULL WHERE day = ?
                    """,
                arguments: [kind.rawValue, error, nextAttemptAt?.timeIntervalSince1970, day.dayNumber])
        }
    }

    /// Records that the whole digest went to the server but no answer came back: it may have
    /// been accepted. It is not sent again without `kith send --force`.
    public func markUncertain(day: LocalDate, error: String) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE digest SET state = 'uncertain', lastError = ?, claimedBy = NULL WHERE day = ?",
                arguments: [error, day.dayNumber])
        }
    }

    /// `key<TAB>text` lines back into suggestions.
    static func suggestions(_ text: String) -> [DigestRecord.Suggestion] {
        text.split(separator: "\n").compactMap { line -> DigestRecord.Suggestion? in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return DigestRecord.Suggestion(key: String(parts[0]), text: String(parts[1]))
        }
    }

    static func record(_ row: Row) -> DigestRecord {
        let people: String = row["people"]
        let introductions: String = row["introductions"]
        let message: Data = row["message"]
        let refused: String = row["refused"]
        return DigestRecord(
            date: LocalDate(dayNumber: row["day"]), state: DigestRecord.State(rawValue: row["state"]) ?? .pending,
            messageID: row["messageID"], message: [UInt8](message),
            people: people.isEmpty ? [] : people.split(separator: "\n").map(String.init),
            introductions: introductions.isEmpty ? [] : introductions.split(separator: "\n").map(String.init),
            attempts: row["attempts"],
            failureKind: (row["failureKind"] as String?).flatMap(DigestRecord.FailureKind.init(rawValue:)),
            lastError: row["lastError"],
            nextAttemptAt: (row["nextAttemptAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            claimedBy: (row["claimedBy"] as Int64?).map { Int32(truncatingIfNeeded: $0) },
            claimedAt: (row["claimedAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            handedOverAt: (row["handedOverAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            sentAt: (row["sentAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
            refused: refused.isEmpty ? [] : refused.split(separator: "\n").map(String.init),
            token: row["token"] ?? "", staleNote: row["staleNote"] ?? false,
            suggestions: Store.suggestions(row["suggestions"] ?? ""))
    }

    /// The record as it stands, counting an accepted-marker not yet written into the database.
    private func settled(_ record: DigestRecord) -> DigestRecord {
        guard record.state == .sending || record.state == .uncertain,
            let marker = AcceptedMarker.find(directory: directory, day: record.date)
        else { return record }
        var settled = record
        settled.state = .sent
        settled.sentAt = marker.acceptedAt
        settled.refused = marker.refused
        settled.claimedBy = nil
        return settled
    }

    /// The longest a send may hold its claim: older claims are taken over even if a process
    /// with that pid runs (after a reboot the pid may belong to someone else).
    public static let claimLifetime: TimeInterval = 3600

    /// Whether the record's outcome is unknown: the whole message went to the server and no
    /// answer was recorded, by a process that is gone. Such a digest is never sent again by
    /// itself; `kith send --force` does.
    public static func isUncertain(_ record: DigestRecord, now: Date) -> Bool {
        record.state == .uncertain
            || (record.state == .sending && record.handedOverAt != nil && !claimIsLive(record, now: now))
    }

    /// Whether a `sending` record is held by a process that is still at it.
    public static func claimIsLive(_ record: DigestRecord, now: Date) -> Bool {
        guard record.state == .sending, let pid = record.claimedBy else { return false }
        if let at = record.claimedAt, now.timeIntervalSince(at) > claimLifetime { return false }
        return ProcessLiveness.isRunning(pid)
    }
}
