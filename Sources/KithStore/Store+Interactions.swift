public import Foundation
import GRDB
import GRDBSQLite
public import KithCore

/// Interactions and the per-person summary the due engine reads (`contactSummary`).
///
/// Every change to someone's history (a log, an undo, a capture, a rename, a forget) refreshes
/// that person's summary row in the same transaction, from their own indexed rows. Reading what
/// the engine needs is then one row a person, whatever the size of the history.
extension Store {
    /// How many recent interactions per person the due engine sees.
    public static let recentPerPerson = 5
    /// How many sent digests are read for rotation and introductions.
    static let digestsRemembered = 60

    /// Records one interaction.
    public func log(_ interaction: Interaction, source: String = "log") throws(StoreError) {
        try log([interaction], source: source)
    }

    /// Records many interactions in one transaction (a capture, an import), refreshing each
    /// person's summary once.
    public func log(_ interactions: [Interaction], source: String = "log") throws(StoreError) {
        guard !interactions.isEmpty else { return }
        try write { db in
            for interaction in interactions { try Store.insert(interaction, source: source, db) }
            for key in Set(interactions.map(\.personKey)) { try Store.refreshSummary(db, personKey: key) }
        }
    }

    /// Inserts one interaction row (the caller refreshes the person's summary in the same
    /// transaction): the one INSERT every writer of history goes through.
    static func insert(_ interaction: Interaction, source: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO interaction (personKey, personName, day, kind, note, loggedAt, source)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            interaction.personKey, interaction.personName, interaction.date.dayNumber, interaction.kind.rawValue,
            interaction.note, interaction.loggedAt.timeIntervalSince1970, source,
        ])
    }

    /// Removes the interaction `kith log` added last (for `personKey`, or for anyone) and
    /// returns it; nil when there is none.
    public func undoLastLogged(personKey: String? = nil) throws(StoreError) -> Interaction? {
        try write { db in
            var sql = "SELECT * FROM interaction WHERE source = 'log'"
            var arguments: StatementArguments = []
            if let personKey {
                sql += " AND personKey = ?"
                arguments = [personKey]
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: sql + " ORDER BY loggedAt DESC, id DESC LIMIT 1", arguments: arguments)
            else { return nil }
            try db.execute(sql: "DELETE FROM interaction WHERE id = ?", arguments: [row["id"] as Int64])
            let removed = Store.interaction(row)
            try Store.refreshSummary(db, personKey: removed.personKey)
            return removed
        }
    }

    /// Moves someone's history, snooze and first-seen day to a new name (`kith rename`).
    public func rename(personKey: String, to newKey: String, name: String) throws(StoreError) {
        guard personKey != newKey else { return }
        try write { db in
            try db.execute(
                sql: "UPDATE interaction SET personKey = ?, personName = ? WHERE personKey = ?",
                arguments: [newKey, name, personKey])
            try db.execute(
                sql: "UPDATE OR REPLACE snooze SET personKey = ?, personName = ? WHERE personKey = ?",
                arguments: [newKey, name, personKey])
            try db.execute(
                sql: "UPDATE OR IGNORE firstSeen SET personKey = ? WHERE personKey = ?", arguments: [newKey, personKey])
            try db.execute(sql: "DELETE FROM firstSeen WHERE personKey = ?", arguments: [personKey])
            for table in ["capturedMail", "incomingMail", "skip"] {
                try db.execute(
                    sql: "UPDATE OR REPLACE \(table) SET personKey = ? WHERE personKey = ?",
                    arguments: [newKey, personKey])
            }
            try Store.refreshSummary(db, personKey: personKey)
            try Store.refreshSummary(db, personKey: newKey)
        }
    }

    /// Moves what is recorded under a person's former names (`aka`) to their name, merging it
    /// with what is recorded there already: a person renamed by hand keeps their history.
    public func adoptAliases(_ people: [Person]) throws(StoreError) {
        let aliased = people.filter { !$0.aka.isEmpty }
        guard !aliased.isEmpty else { return }
        let known = try read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT personKey FROM contactSummary UNION SELECT personKey FROM firstSeen"))
        }
        for person in aliased {
            for alias in person.aka.map({ $0.lowercased() }) where alias != person.key && known.contains(alias) {
                try rename(personKey: alias, to: person.key, name: person.name)
            }
        }
    }

    /// Who the store has a history for, among everyone but `known` keys: key, the name it was
    /// logged under, and how many entries. Reads the summary (a row a person), and the history of
    /// the few it returns through the person index: `kith check` runs it at every start.
    public func peopleWithHistory(except known: Set<String>) throws(StoreError) -> [(
        key: String, name: String, count: Int
    )] {
        try read { db in
            let keys = try String.fetchAll(db, sql: "SELECT personKey FROM contactSummary").filter {
                !known.contains($0)
            }
            return try keys.compactMap { key -> (key: String, name: String, count: Int)? in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: "SELECT MAX(personName) AS name, COUNT(*) AS n FROM interaction WHERE personKey = ?",
                        arguments: [key])
                else { return nil }
                return (key: key, name: row["name"] ?? key, count: row["n"])
            }
        }
    }

    /// Forgets everything recorded about someone (`kith remove --forget`).
    public func forget(personKey: String) throws(StoreError) {
        try write { db in
            for table in ["interaction", "snooze", "firstSeen", "capturedMail", "incomingMail", "skip"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE personKey = ?", arguments: [personKey])
            }
            try Store.refreshSummary(db, personKey: personKey)
        }
    }

    /// Someone's interactions, oldest first, read through the person's index alone.
    public func interactions(personKey: String) throws(StoreError) -> [Interaction] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM interaction WHERE personKey = ? ORDER BY day, loggedAt, id",
                arguments: [personKey]
            ).map(Store.interaction)
        }
    }

    static func interaction(_ row: Row) -> Interaction {
        Interaction(
            personKey: row["personKey"], personName: row["personName"], date: LocalDate(dayNumber: row["day"]),
            kind: Interaction.Kind(rawValue: row["kind"]) ?? .message, note: row["note"],
            loggedAt: Date(timeIntervalSince1970: row["loggedAt"]))
    }

    /// Rewrites `personKey`'s summary row from their interactions (deletes it when there are
    /// none). Three index lookups, whatever the size of the history.
    static func refreshSummary(_ db: Database, personKey: String) throws {
        guard
            let bounds = try Row.fetchOne(
                db, sql: "SELECT MIN(day) AS first, MAX(day) AS last FROM interaction WHERE personKey = ?",
                arguments: [personKey]),
            let first = bounds["first"] as Int?, let last = bounds["last"] as Int?
        else {
            try db.execute(sql: "DELETE FROM contactSummary WHERE personKey = ?", arguments: [personKey])
            return
        }
        let met = try Int.fetchOne(
            db, sql: "SELECT MAX(day) FROM interaction WHERE personKey = ? AND kind = 'met'", arguments: [personKey])
        let recent = try Row.fetchAll(
            db,
            sql: """
                SELECT day, kind, note FROM interaction WHERE personKey = ?
                ORDER BY day DESC, loggedAt DESC, id DESC LIMIT ?
                """,
            arguments: [personKey, recentPerPerson]
        ).reversed().map { row in
            LoggedContact(
                date: LocalDate(dayNumber: row["day"]), kind: InteractionKind(rawValue: row["kind"]) ?? .message,
                note: row["note"])
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO contactSummary (personKey, firstDay, lastDay, lastMetDay, recent)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [personKey, first, last, met, Data(RecentContacts.encode(recent))])
    }

    /// What the due engine needs from the store, read in one transaction: one summary row a
    /// person, their first-seen days and snoozes, and the last 60 sent digests.
    public func contactState(now: Date = Date()) throws(StoreError) -> ContactState {
        try read { db in
            var state = ContactState()
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contactSummary") ?? 0
            state.history.reserveCapacity(count)
            let statement = try db.makeStatement(
                sql: "SELECT personKey, firstDay, lastDay, lastMetDay, recent FROM contactSummary")
            let summaries = try Row.fetchCursor(statement)
            // By column position, in the order selected: this loop runs once a person every morning.
            while let row = try summaries.next() {
                let last = LocalDate(dayNumber: row[2])
                // The blob read where SQLite holds it (GRDB's `withUnsafeData` wraps it in a
                // `Data`, which costs as much as decoding it).
                let recent =
                    sqlite3_column_blob(statement.sqliteStatement, 4).map {
                        RecentContacts.decode(
                            UnsafeRawBufferPointer(
                                start: $0, count: Int(sqlite3_column_bytes(statement.sqliteStatement, 4))))
                    } ?? []
                state.history[row[0]] = PersonHistory(
                    first: LocalDate(dayNumber: row[1]), last: last,
                    lastMet: (row[3] as Int?).map(LocalDate.init(dayNumber:)), recent: recent)
                state.lastLogged = max(state.lastLogged ?? last, last)
            }
            try Store.readTheRest(db, into: &state)
            try Store.readMail(db, now: now, into: &state)
            return state
        }
    }

    /// What the due engine needs about one person: their summary row, first-seen day and snooze,
    /// read by key. Enough for when someone with any contact is next due (`kith log`).
    public func contactState(personKey: String) throws(StoreError) -> ContactState {
        try read { db in
            var state = ContactState()
            if let row = try Row.fetchOne(
                db, sql: "SELECT firstDay, lastDay, lastMetDay, recent FROM contactSummary WHERE personKey = ?",
                arguments: [personKey])
            {
                let recent: Data = row[3]
                state.history[personKey] = PersonHistory(
                    first: LocalDate(dayNumber: row[0]), last: LocalDate(dayNumber: row[1]),
                    lastMet: (row[2] as Int?).map(LocalDate.init(dayNumber:)), recent: RecentContacts.decode(recent))
                state.lastLogged = LocalDate(dayNumber: row[1])
            }
            if let day = try Int.fetchOne(
                db, sql: "SELECT day FROM firstSeen WHERE personKey = ?", arguments: [personKey])
            {
                state.firstSeen[personKey] = LocalDate(dayNumber: day)
                state.trackingSince = LocalDate(dayNumber: day)
            }
            if let until = try Int.fetchOne(
                db, sql: "SELECT untilDay FROM snooze WHERE personKey = ?", arguments: [personKey])
            {
                state.snoozedUntil[personKey] = LocalDate(dayNumber: until)
            }
            return state
        }
    }

    /// The same state worked out from every interaction row, as kith did before the summary
    /// existed: the oracle the tests compare the summary with. Costs the whole history.
    package func contactStateFromHistory(now: Date = Date()) throws(StoreError) -> ContactState {
        try read { db in
            var state = ContactState()
            let interactions = try Row.fetchCursor(
                db, sql: "SELECT personKey, day, kind, note FROM interaction ORDER BY personKey, day, loggedAt, id")
            while let row = try interactions.next() {
                let key: String = row["personKey"]
                let day = LocalDate(dayNumber: row["day"])
                let kind = InteractionKind(rawValue: row["kind"]) ?? .message
                var history = state.history[key] ?? PersonHistory()
                history.last = max(history.last ?? day, day)
                history.first = min(history.first ?? day, day)
                if kind == .met { history.lastMet = max(history.lastMet ?? day, day) }
                history.recent.append(LoggedContact(date: day, kind: kind, note: row["note"]))
                if history.recent.count > Store.recentPerPerson { history.recent.removeFirst() }
                state.history[key] = history
                state.lastLogged = max(state.lastLogged ?? day, day)
            }
            try Store.readTheRest(db, into: &state)
            try Store.readMail(db, now: now, into: &state)
            return state
        }
    }

    /// First-seen days, snoozes and what recent digests showed.
    private static func readTheRest(_ db: Database, into state: inout ContactState) throws {
        let seen = try Row.fetchCursor(db, sql: "SELECT personKey, day FROM firstSeen")
        while let row = try seen.next() {
            let day = LocalDate(dayNumber: row["day"])
            state.firstSeen[row["personKey"]] = day
            state.trackingSince = min(state.trackingSince ?? day, day)
        }
        let snoozes = try Row.fetchCursor(db, sql: "SELECT personKey, untilDay FROM snooze")
        while let row = try snoozes.next() {
            state.snoozedUntil[row["personKey"]] = LocalDate(dayNumber: row["untilDay"])
        }
        state.introductionsMade = Set(try String.fetchAll(db, sql: "SELECT pairKey FROM introduced"))
        state.lastStaleNote = try Int.fetchOne(
            db, sql: "SELECT MAX(day) FROM digest WHERE state = 'sent' AND staleNote"
        ).map(LocalDate.init(dayNumber:))
        // Oldest first, so later digests overwrite earlier days.
        let sent = try Row.fetchAll(
            db,
            sql:
                "SELECT day, people, introductions, suggestions FROM digest WHERE state = 'sent' ORDER BY day DESC LIMIT ?",
            arguments: [Store.digestsRemembered]
        ).reversed()
        for row in sent {
            let day = LocalDate(dayNumber: row["day"])
            let people: String = row["people"]
            for name in people.split(separator: "\n") { state.lastShown[name.lowercased()] = day }
            let introductions: String = row["introductions"]
            for key in introductions.split(separator: "\n") { state.recentIntroductions[String(key)] = day }
            for given in Store.suggestions(row["suggestions"] ?? "") {
                state.recentSuggestions[given.key, default: []].append(ShownSuggestion(day: day, text: given.text))
            }
        }
    }
}

/// The few recent contacts kept in a summary row, as bytes: per contact the day number, the
/// kind and the note, each field length-prefixed, so a note may hold any character.
enum RecentContacts {
    static func encode(_ contacts: [LoggedContact]) -> [UInt8] {
        var out: [UInt8] = []
        func field(_ bytes: some Collection<UInt8>) {
            out += Array(String(bytes.count).utf8) + [UInt8(ascii: ":")]
            out += bytes
        }
        for contact in contacts {
            field(String(contact.date.dayNumber).utf8)
            field(contact.kind.rawValue.utf8)
            if let note = contact.note { field(note.utf8) } else { out += Array("-:".utf8) }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [LoggedContact] {
        bytes.withUnsafeBytes { decode($0) }
    }

    static func decode(_ data: Data) -> [LoggedContact] {
        data.withUnsafeBytes { decode($0) }
    }

    /// Reads the fields in place: no array a field, since this runs for every person each morning.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [LoggedContact] {
        var contacts: [LoggedContact] = []
        contacts.reserveCapacity(Store.recentPerPerson)
        var index = 0
        let count = bytes.count
        /// The next field's bounds; `nil` inside for an absent note (`-:`), nil at a malformed end.
        func field() -> Range<Int>?? {
            if index + 1 < count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: ":") {
                index += 2
                return .some(nil)
            }
            var length = 0
            while index < count, (48...57).contains(bytes[index]) {
                length = length * 10 + Int(bytes[index]) - 48
                index += 1
            }
            guard index < count, bytes[index] == UInt8(ascii: ":"), index + 1 + length <= count else { return nil }
            let range = (index + 1)..<(index + 1 + length)
            index += 1 + length
            return .some(range)
        }
        while index < count {
            guard case .some(let dayRange?) = field(), case .some(let kindRange?) = field(),
                case .some(let noteRange) = field()
            else { break }
            var day = 0
            var negative = false
            var valid = !dayRange.isEmpty
            for position in dayRange {
                let byte = bytes[position]
                if byte == UInt8(ascii: "-"), position == dayRange.lowerBound, dayRange.count > 1 {
                    negative = true
                } else if (48...57).contains(byte) {
                    day = day * 10 + Int(byte) - 48
                } else {
                    valid = false
                }
            }
            guard valid else { break }
            contacts.append(
                LoggedContact(
                    date: LocalDate(dayNumber: negative ? -day : day),
                    kind: kind(UnsafeRawBufferPointer(rebasing: bytes[kindRange])),
                    note: noteRange.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
                ))
        }
        return contacts
    }

    /// The kind named by `bytes`, read without building a string (this runs for every recent
    /// contact of every person each morning).
    static func kind(_ bytes: UnsafeRawBufferPointer) -> InteractionKind {
        switch (bytes.count, bytes.first, bytes.count > 1 ? bytes[1] : 0) {
        case (3, UInt8(ascii: "m"), UInt8(ascii: "e")): return .met
        case (4, UInt8(ascii: "m"), UInt8(ascii: "e")): return .meet
        case (4, UInt8(ascii: "m"), UInt8(ascii: "a")): return .mail
        case (7, UInt8(ascii: "m"), _): return .message
        case (4, UInt8(ascii: "c"), _): return .call
        case (4, UInt8(ascii: "g"), _): return .gave
        case (5, UInt8(ascii: "a"), _): return .asked
        case (8, UInt8(ascii: "r"), _): return .received
        default: return InteractionKind(rawValue: String(decoding: bytes, as: UTF8.self)) ?? .message
        }
    }
}
