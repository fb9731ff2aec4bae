/// `kith due` output: a table for people, or a JSON array for programs.
public enum DueReport {
    /// One JSON array; each object has `name`, `reason`, `lastContact`, `dueOn`, `daysOverdue`,
    /// `cadence`, `circle` and `urgency`.
    public static func json(_ entries: [DueEntry], people: [Person]) -> String {
        var out = "["
        out.reserveCapacity(entries.count * 140 + 4)
        for (i, entry) in entries.enumerated() {
            let name = people[entry.personIndex].name
            let cadence = people[entry.personIndex].cadence
            let circle = people[entry.personIndex].circle
            out += i == 0 ? "\n  {" : ",\n  {"
            out += "\"name\": "
            appendJSONString(name, to: &out)
            out += ", \"reason\": \""
            out += entry.reason.rawValue
            out += "\", \"lastContact\": "
            if let last = entry.lastContact { out += "\"\(last)\"" } else { out += "null" }
            out += ", \"dueOn\": \"\(entry.dueOn)\", \"daysOverdue\": \(entry.daysOverdue), \"cadence\": \""
            out += cadence.description
            out += "\", \"circle\": "
            if let circle { appendJSONString(circle, to: &out) } else { out += "null" }
            out += ", \"urgency\": \(Double(Int(entry.urgency * 1000)) / 1000)}"
        }
        out += entries.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    /// A table with a header, one person a line, in rank order.
    public static func table(_ entries: [DueEntry], people: [Person], today: LocalDate) -> String {
        guard !entries.isEmpty else { return "Nobody is due on \(today).\n" }
        let nameWidth = min(32, max(4, entries.lazy.map { people[$0.personIndex].name.count }.max() ?? 4))
        var out = ""
        out.reserveCapacity(entries.count * (nameWidth + 60))
        func pad(_ text: String, _ width: Int) -> String {
            let count = text.count
            if count > width { return String(text.prefix(width - 1)) + "…" }
            return text + String(repeating: " ", count: width - count)
        }
        out += pad("NAME", nameWidth) + "  REASON     LAST CONTACT  DUE ON      OVERDUE  CADENCE\n"
        for entry in entries {
            out += pad(people[entry.personIndex].name, nameWidth)
            out += "  "
            out += pad(entry.reason.rawValue, 9)
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

    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case let s where s.value < 0x20:
                    let hex = String(s.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
