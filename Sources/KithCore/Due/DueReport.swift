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
        var whole = ""
        writeJSON { whole += $0 }
        return whole
    }

    /// The JSON of `json`, handed to `write` in pieces of about `chunk` bytes: a long list goes
    /// out as it is made, never held whole in memory.
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
        // Both lists in turn, without copying the long one into a new array.
        for entry in [entries, digest.beyondField.map(\.entry)].joined() {
            let name = config.people[entry.personIndex].name
            let cadence = config.people[entry.personIndex].cadence
            let circle = config.people[entry.personIndex].circle
            open()
            out += "\"name\": "
            JSONText.append(name, to: &out)
            out += ", \"reason\": \""
            out += entry.reason.rawValue
            out += "\", \"lastContact\": "
            if let last = entry.lastContact { out += "\"\(last)\"" } else { out += "null" }
            out += ", \"dueOn\": \"\(entry.dueOn)\", \"daysOverdue\": \(entry.daysOverdue), \"cadence\": \""
            out += cadence.description
            out += "\", \"circle\": "
            if let circle { JSONText.append(circle, to: &out) } else { out += "null" }
            out += ", \"urgency\": \(Double(Int(entry.urgency * 1000)) / 1000), \"suggestion\": "
            JSONText.append(advice.suggestion(for: entry), to: &out)
            out += ", \"giveFirst\": \(entry.onlyAsked)}"
        }
        for note in digest.introductions {
            open()
            out += "\"name\": "
            JSONText.append(note.needer.name, to: &out)
            out += ", \"reason\": \"introduction\", \"with\": "
            JSONText.append(note.offerer.name, to: &out)
            out += ", \"topic\": "
            JSONText.append(note.introduction.topic, to: &out)
            out += ", \"suggestion\": "
            JSONText.append(note.text, to: &out)
            out += "}"
        }
        for note in digest.dates {
            open()
            out += "\"name\": "
            JSONText.append(note.person.name, to: &out)
            out += ", \"reason\": \"date\", \"date\": \"\(note.upcoming.date)\", \"label\": "
            JSONText.append(note.upcoming.label ?? "birthday", to: &out)
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
