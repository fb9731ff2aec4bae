/// `kith due` output: a table for people, or a JSON array for programs.
public struct DueReport {
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
        writeJSON { whole += $0 }
        return String(decoding: whole, as: UTF8.self)
    }

    /// The UTF-8 of `json`, handed to `write` in pieces of about `chunk` bytes: a long list goes
    /// out as it is made, never held whole in memory. Written as bytes: building a `String` piece
    /// by piece costs several times more for 100,000 people.
    public func writeJSON(chunk: Int = 1 << 16, _ write: ([UInt8]) -> Void) {
        let advice = Advice(config: config, state: context.state, today: today)
        let digest = Digest.build(context: context, due: entries, advice: advice)
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(chunk + 4096)
        var first = true
        func open() {
            if out.count >= chunk {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
            out += first ? "\n  {".utf8 : ",\n  {".utf8
            first = false
        }
        func raw(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        func plain(_ text: String) {
            out += text.utf8
        }
        func string(_ text: String) {
            JSONText.append(text, to: &out)
        }
        // Both lists in turn, without copying the long one into a new array.
        for entry in [entries, digest.beyondField.map(\.entry)].joined() {
            // Fields read one by one, not a whole `Person` copied for each entry.
            let index = entry.personIndex
            open()
            raw("\"name\": ")
            string(config.people[index].name)
            raw(", \"reason\": \"")
            plain(entry.reason.rawValue)
            raw("\", \"lastContact\": ")
            if let last = entry.lastContact {
                raw("\"")
                plain(last.description)
                raw("\"")
            } else {
                raw("null")
            }
            raw(", \"dueOn\": \"")
            plain(entry.dueOn.description)
            raw("\", \"daysOverdue\": ")
            plain(String(entry.daysOverdue))
            raw(", \"cadence\": \"")
            plain(config.people[index].cadence.description)
            raw("\", \"circle\": ")
            if let circle = config.people[index].circle { string(circle) } else { raw("null") }
            raw(", \"urgency\": ")
            plain((Double(Int(entry.urgency * 1000)) / 1000).description)
            raw(", \"suggestion\": ")
            string(advice.suggestion(for: entry))
            raw(entry.onlyAsked ? ", \"giveFirst\": true}" : ", \"giveFirst\": false}")
        }
        for note in digest.introductions {
            open()
            raw("\"name\": ")
            string(note.needer.name)
            raw(", \"reason\": \"introduction\", \"with\": ")
            string(note.offerer.name)
            raw(", \"topic\": ")
            string(note.introduction.topic)
            raw(", \"suggestion\": ")
            string(note.text)
            raw("}")
        }
        for note in digest.dates {
            open()
            raw("\"name\": ")
            string(note.person.name)
            raw(", \"reason\": \"date\", \"date\": \"")
            plain(note.upcoming.date.description)
            raw("\", \"label\": ")
            string(note.upcoming.label ?? "birthday")
            raw(", \"daysAway\": ")
            plain(String(note.upcoming.daysAway))
            raw("}")
        }
        raw(first ? "]\n" : "\n]\n")
        write(out)
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
