import Dispatch
import Foundation

/// `kith due` output: a table for people, or a JSON array for programs.
public struct DueReport: Sendable {
    public let entries: [DueEntry]
    let context: DueEngine.Context
    var config: Config { context.config }
    var today: LocalDate { context.today }

    /// Everyone due on `today` (no cap, rest not applied), plus what the day's digest adds: the
    /// person from beyond your field, introductions and dates.
    public init(config: Config, state: ContactState, today: LocalDate) {
        context = DueEngine.Context(config: config, state: state, today: today)
        entries = DueEngine.due(in: context)
    }

    /// One JSON array. People: `name`, `reason` (follow-up, thank, goal, overdue, first-contact,
    /// beyond-field), `lastContact`, `dueOn`, `daysOverdue`, `cadence`, `circle`, `urgency`,
    /// `suggestion`, `giveFirst`. Then `reason: "introduction"` entries (`name`, `with`, `topic`,
    /// `suggestion`) and `reason: "date"` entries (`name`, `date`, `label`, `daysAway`).
    public var json: String {
        var whole: [UInt8] = []
        writeJSON { whole.append(contentsOf: $0) }
        return String(decoding: whole, as: UTF8.self)
    }

    /// The UTF-8 of `json`, handed to `write` in pieces of about `chunk` bytes: a long list goes
    /// out as it is made, never held whole in memory. Written as bytes: building a `String` piece
    /// by piece costs several times more for 100,000 people.
    ///
    /// The people's objects (their suggestions are most of the work) are made by up to
    /// `workers` threads at once (default: `Parallel.threads`), in batches of about
    /// `chunk` bytes taken by whichever thread is free, and written in order.
    public func writeJSON(
        chunk: Int = 1 << 16, workers: Int? = nil,
        _ write: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let advice = Advice(config: config, state: context.state, today: today)
        let digest = Digest.build(context: context, due: entries, advice: advice)
        let beyondField = digest.beyondField.map(\.entry)
        let count = entries.count + beyondField.count
        let out = JSONBytes(reserving: chunk + 4096)
        out.raw("[")
        write(out.bytes)
        out.removeAll()
        // About `chunk` bytes of people a batch (a person's object is about 300 bytes).
        let batch = max(1, chunk / 300)
        let workers = max(1, workers ?? Parallel.threads)
        // Four batches a worker each round, taken by whichever thread is free: a thread the
        // machine slows down holds up less of the round.
        let slots = workers == 1 ? 1 : 4 * workers
        var pieces = [JSONBytes](repeating: JSONBytes(reserving: 0), count: slots)
        var start = 0
        while start < count {
            let round = start
            pieces.withUnsafeMutableBufferPointer { buffer in
                // Each batch writes only its own slot.
                nonisolated(unsafe) let pieces = buffer
                DispatchQueue.concurrentPerform(iterations: slots) { worker in
                    let from = min(count, round + worker * batch)
                    let to = min(count, from + batch)
                    let piece = JSONBytes(reserving: (to - from) * 320)
                    for index in from..<to {
                        piece.raw(index == 0 ? "\n  {" : ",\n  {")
                        // Both lists in turn, without copying the long one into a new array.
                        let entry =
                            index < entries.count ? entries[index] : beyondField[index - entries.count]
                        appendPerson(entry, advice: advice, to: piece)
                    }
                    pieces[worker] = piece
                }
            }
            for piece in pieces where !piece.bytes.isEmpty { write(piece.bytes) }
            start += slots * batch
        }
        var first = count == 0
        func open() {
            if out.bytes.count >= chunk {
                write(out.bytes)
                out.removeAll()
            }
            out.raw(first ? "\n  {" : ",\n  {")
            first = false
        }
        for note in digest.introductions {
            open()
            out.raw("\"name\": ")
            out.string(note.needer.name)
            out.raw(", \"reason\": \"introduction\", \"with\": ")
            out.string(note.offerer.name)
            out.raw(", \"topic\": ")
            out.string(note.introduction.topic)
            out.raw(", \"suggestion\": ")
            out.string(note.text)
            out.raw("}")
        }
        for note in digest.dates {
            open()
            out.raw("\"name\": ")
            out.string(note.person.name)
            out.raw(", \"reason\": \"date\", \"date\": \"")
            out.date(note.upcoming.date)
            out.raw("\", \"label\": ")
            out.string(note.upcoming.label ?? "birthday")
            out.raw(", \"daysAway\": ")
            out.decimal(note.upcoming.daysAway)
            out.raw("}")
        }
        out.raw(first ? "]\n" : "\n]\n")
        write(out.bytes)
    }

    /// One person's object, from `"name"` to the closing brace.
    private func appendPerson(_ entry: DueEntry, advice: Advice, to out: JSONBytes) {
        // Fields read one by one, not a whole `Person` copied for each entry; and from the
        // context's own config (`config` would copy the whole `Config` at each use).
        let index = entry.personIndex
        let people = context.config.people
        out.raw("\"name\": ")
        out.string(people[index].name)
        out.raw(", \"reason\": \"")
        out.plain(entry.reason.rawValue)
        out.raw("\", \"lastContact\": ")
        if let last = entry.lastContact {
            out.raw("\"")
            out.date(last)
            out.raw("\"")
        } else {
            out.raw("null")
        }
        out.raw(", \"dueOn\": \"")
        out.date(entry.dueOn)
        out.raw("\", \"daysOverdue\": ")
        out.decimal(entry.daysOverdue)
        out.raw(", \"cadence\": \"")
        out.plain(people[index].cadence.description)
        out.raw("\", \"circle\": ")
        if let circle = people[index].circle { out.string(circle) } else { out.raw("null") }
        out.raw(", \"urgency\": ")
        out.plain((Double(Int(entry.urgency * 1000)) / 1000).description)
        out.raw(", \"suggestion\": ")
        out.string(advice.suggestion(for: entry))
        out.raw(entry.onlyAsked ? ", \"giveFirst\": true}" : ", \"giveFirst\": false}")
    }

    /// A table with a header, one person a line, in rank order.
    public var table: String {
        let people = config.people
        guard !entries.isEmpty else { return "Nobody is due on \(today).\n" }
        let nameWidth = min(32, max(4, entries.lazy.map { people[$0.personIndex].name.count }.max() ?? 4))
        var out = ""
        out.reserveCapacity(entries.count * (nameWidth + 64))
        func pad(_ text: String, _ width: Int) -> String {
            let count = text.count
            if count > width { return String(text.prefix(width - 1)) + "…" }
            return text + String(repeating: " ", count: width - count)
        }
        out += pad("NAME", nameWidth) + "  REASON         LAST CONTACT  DUE ON      OVERDUE  CADENCE\n"
        for entry in entries {
            out += pad(people[entry.personIndex].name, nameWidth)
            out += "  "
            out += pad(entry.reason.rawValue, 13)
            out += "  "
            out += pad(entry.lastContact?.description ?? "-", 12)
            out += "  "
            out += entry.dueOn.description
            out += "  "
            let overdue = entry.daysOverdue == 1 ? "1 day" : "\(entry.daysOverdue) days"
            out += pad(overdue, 7)
            out += "  "
            out += people[entry.personIndex].cadence.description
            out += "\n"
        }
        out += "\(entries.count) due on \(today).\n"
        return out
    }
}

/// JSON being written as UTF-8 bytes, into storage of its own: appending to an array checks that
/// it is unique and large enough at each of the dozen small pieces of a person's object.
final class JSONBytes: JSONSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    init(reserving capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// What was written so far; valid until the next write.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// Empties it, keeping its storage.
    func removeAll() {
        count = 0
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let larger = max(2 * capacity, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).initialize(from: start, count: bytes.count)
        count += bytes.count
    }

    /// Text that is already JSON (punctuation, keys).
    func raw(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Text that needs no escaping (dates, numbers, names of reasons).
    func plain(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Any text, as a quoted JSON string.
    func string(_ text: String) {
        var sink = self
        JSONText.append(text, to: &sink)
    }

    /// A date as `YYYY-MM-DD` (`LocalDate.description`), without making the string.
    func date(_ date: LocalDate) {
        var sink = self
        date.appendISO(to: &sink)
    }

    /// An integer in decimal, as `String(n)` writes it, without making the string.
    func decimal(_ n: Int) {
        guard n >= 0 else { return plain(String(n)) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            var rest = n
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
