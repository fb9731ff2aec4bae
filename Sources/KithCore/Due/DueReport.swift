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
        var whole = ""
        writeJSON { whole += $0 }
        return whole
    }

    /// `json`, handed to `write` in pieces of about `chunk` bytes: a long list goes out as it is
    /// made, never held whole in memory.
    public func writeJSON(chunk: Int = 1 << 16, _ write: (String) -> Void) {
        let advice = Advice(config: config, state: context.state, today: today)
        let digest = Digest.build(context: context, due: entries, advice: advice)
        var out = "["
        out.reserveCapacity(chunk + 4096)
        var first = true
        func open() {
            if out.utf8.count >= chunk {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
            out += first ? "\n  {" : ",\n  {"
            first = false
        }
        func field(_ name: String, _ value: String?) {
            out += name
            if let value { JSONText.append(value, to: &out) } else { out += "null" }
        }
        func person(_ entry: DueEntry, _ person: Person) {
            field("\"name\": ", person.name)
            field(", \"reason\": ", entry.reason.rawValue)
            field(", \"lastContact\": ", entry.lastContact?.description)
            field(", \"dueOn\": ", entry.dueOn.description)
            out += ", \"daysOverdue\": \(entry.daysOverdue)"
            field(", \"cadence\": ", person.cadence.description)
            field(", \"circle\": ", person.circle)
            out += ", \"urgency\": \(Double(Int(entry.urgency * 1000)) / 1000)"
            field(", \"suggestion\": ", advice.suggestion(for: entry))
            out += entry.onlyAsked ? ", \"giveFirst\": true}" : ", \"giveFirst\": false}"
        }
        for entry in entries + digest.beyondField.map(\.entry) {
            open()
            person(entry, config.people[entry.personIndex])
        }
        for note in digest.introductions {
            open()
            field("\"name\": ", note.needer.name)
            field(", \"reason\": ", "introduction")
            field(", \"with\": ", note.offerer.name)
            field(", \"topic\": ", note.introduction.topic)
            field(", \"suggestion\": ", note.text)
            out += "}"
        }
        for note in digest.dates {
            open()
            field("\"name\": ", note.person.name)
            field(", \"reason\": ", "date")
            field(", \"date\": ", note.upcoming.date.description)
            field(", \"label\": ", note.upcoming.label ?? "birthday")
            out += ", \"daysAway\": \(note.upcoming.daysAway)}"
        }
        out += first ? "]\n" : "\n]\n"
        write(out)
    }

    /// A table with a header, one person a line, in rank order.
    public var table: String {
        let people = config.people
        guard !entries.isEmpty else { return "Nobody is due on \(today).\n" }
        let nameWidth = min(32, max(4, entries.lazy.map { people[$0.personIndex].name.count }.max() ?? 4))
        var out = ""
        out.reserveCapacity(entries.count * (nameWidth + 64))
        /// `text` in a column `width` characters wide: cut with "…", or padded with spaces.
        func append(_ text: String, width: Int, count: Int) {
            if count > width {
                out += text.prefix(width - 1)
                out += "…"
            } else {
                out += text
                out += String(repeating: " ", count: width - count)
            }
        }
        // The other columns are kith's own ASCII text: a character is a byte.
        func append(ascii text: String, width: Int) {
            append(text, width: width, count: text.utf8.count)
        }
        append(ascii: "NAME", width: nameWidth)
        out += "  REASON         LAST CONTACT  DUE ON      OVERDUE  CADENCE\n"
        for entry in entries {
            let name = people[entry.personIndex].name
            append(name, width: nameWidth, count: name.count)
            out += "  "
            append(ascii: entry.reason.rawValue, width: 13)
            out += "  "
            append(ascii: entry.lastContact?.description ?? "-", width: 12)
            out += "  "
            out += entry.dueOn.description
            out += "  "
            append(ascii: entry.daysOverdue == 1 ? "1 day" : "\(entry.daysOverdue) days", width: 7)
            out += "  "
            out += people[entry.personIndex].cadence.description
            out += "\n"
        }
        out += "\(entries.count) due on \(today).\n"
        return out
    }
}
