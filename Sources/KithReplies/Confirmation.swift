import KithCore

/// The answer kith mails to a command message: per line, what it recorded, or why nothing was
/// recorded for it. User text is shown with control characters removed, and HTML-escaped in
/// the HTML part.
public struct Confirmation: Sendable {
    public let lines: [ReplyCommands.Line]

    public init(lines: [ReplyCommands.Line]) {
        self.lines = lines
    }

    public var applied: Int { lines.filter { (try? $0.outcome.get()) != nil }.count }

    public var subject: String {
        switch (applied, lines.count) {
        case (_, 0): return "kith: nothing to record in your reply"
        case (let done, let all) where done == all: return "kith: recorded \(all == 1 ? "1 line" : "\(all) lines")"
        case (let done, let all): return "kith: recorded \(done) of \(all) lines; please check the rest"
        }
    }

    /// What a line did, in a sentence.
    public static func describe(_ outcome: Result<ReplyCommands.Action, ReplyCommands.Problem>) -> String {
        switch outcome {
        case .success(.log(_, let name, let kind, let date, let note)):
            var text: String
            switch kind {
            case .met: text = "Recorded that you met \(name) on \(date)"
            case .gave: text = "Recorded that you gave \(name) something on \(date)"
            case .asked: text = "Recorded that you asked \(name) for something on \(date)"
            default: text = "Recorded contact with \(name) on \(date)"
            }
            if let note { text += " (\(note))" }
            return clean(text + "; their clock restarts.")
        case .success(.snooze(_, let name, let until)):
            return clean("\(name) is left out of digests until \(until).")
        case .success(.skip(_, let name, _)):
            return clean("\(name) is left out of today's and tomorrow's digests; nothing else changes.")
        case .failure(let problem):
            return clean("Nothing recorded for this line: \(problem.message).")
        }
    }

    public var text: String {
        var out = "kith read your reply.\n"
        if lines.isEmpty {
            out += "\nIt found no commands above the quoted part. Write one a line, for example:\n"
            out += "  done Ada: coffee\n  snooze Ada 2w\n"
            return out
        }
        for line in lines {
            out += "\n> \(Confirmation.clean(line.text))\n"
            out += (try? line.outcome.get()) == nil ? "  ✗ " : "  ✓ "
            out += Confirmation.describe(line.outcome) + "\n"
        }
        return out
    }

    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <meta name="color-scheme" content="light dark"><title>\(Confirmation.escape(subject))</title></head>
            <body style="font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; line-height: 1.5; max-width: 600px;">
            <p>kith read your reply.</p>

            """
        if lines.isEmpty {
            out += "<p>It found no commands above the quoted part. Write one a line, for example: "
            out += "<code>done Ada: coffee</code> or <code>snooze Ada 2w</code>.</p>\n"
        } else {
            out += "<ul>\n"
            for line in lines {
                let mark = (try? line.outcome.get()) == nil ? "✗" : "✓"
                out += "<li><code>\(Confirmation.escape(Confirmation.clean(line.text)))</code><br>"
                out += "\(mark) \(Confirmation.escape(Confirmation.describe(line.outcome)))</li>\n"
            }
            out += "</ul>\n"
        }
        return out + "</body></html>\n"
    }

    /// `text` without control characters (C0, DEL, C1) and bidirectional formatting characters.
    public static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !UserText.needsEscape(scalar) { out.append(scalar) }
        return String(out)
    }

    /// `text` escaped for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
