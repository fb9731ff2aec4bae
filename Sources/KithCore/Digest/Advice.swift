import Foundation

/// Writes the one suggested action each nudge carries, from what kith knows about the person:
/// an introduction you can make for them, something from their needs, tags or notes to share or
/// help with, a thank-you when they gave last, or a plain check-in. The wording follows the data.
struct Advice: Sendable {
    let config: Config
    let state: ContactState
    let today: LocalDate
    let offers: OfferIndex

    init(config: Config, state: ContactState, today: LocalDate) {
        self.config = config
        self.state = state
        self.today = today
        self.offers = OfferIndex(people: config.people)
    }

    func suggestion(for entry: DueEntry) -> String {
        // Fields read one by one, not a whole `Person` copied for each suggestion.
        let index = entry.personIndex
        let key = config.people[index].key
        // Worked out once: every sentence below names them.
        let first = Person.callName(
            name: config.people[index].name, nickname: config.people[index].nickname,
            familyFirst: config.people[index].familyFirst)
        let history = state.history[key]
        let recent = history?.recent ?? []
        var text: String
        switch entry.reason {
        case .followUp:
            let met = DueEngine.latest(config.people[index].met, history?.lastMet) ?? today
            let place = config.people[index].metAt.map { " at \(Phrases.fragment($0))" } ?? ""
            let when = Phrases.relativeDay(met, from: today)
            // Each step of the series says something of its own.
            let step = config.followUpAfter.lastIndex { $0.after(met) <= entry.dueOn } ?? 0
            let opening = "You met \(first)\(place) \(when)."
            switch step {
            case 0:
                text = opening + " Follow up while it is fresh: pick up something you talked about. "
                text += giving(entry.personIndex, first) ?? "Offer one thing that could help."
            case 1:
                text = opening + " Keep the thread going. "
                text += giving(entry.personIndex, first) ?? "Send something that builds on what you talked about."
            default:
                text = opening + " Check in: ask how what you talked about turned out, and offer a hand."
            }
        case .thank:
            let help = Advice.forTheirHelp(recent.last?.note)
            text =
                "\(first) helped you \(Phrases.relativeDay(entry.dueOn, from: today)). Thank them \(help), and say what difference it made."
        default:
            // The first of the fitting suggestions that this person was not given in the last
            // 30 days; the first one if all were. Candidates are made one at a time, in order,
            // until one fits: with nothing shown lately, that is the first.
            let shown = Set(
                (state.recentSuggestions[key] ?? []).filter { today.days(since: $0.day) < Advice.varyWithinDays }
                    .map(\.text))
            var firstCandidate: String?
            func fits(_ candidate: String) -> Bool {
                if firstCandidate == nil { firstCandidate = candidate }
                return shown.isEmpty || !shown.contains(ShownSuggestion.normalized(candidate))
            }
            text =
                givingOptions(entry.personIndex, first, until: fits)
                ?? thanks(first, recent: recent).flatMap { fits($0) ? $0 : nil }
                ?? checkIns(index, first, entry: entry, until: fits)
                ?? firstCandidate!
        }
        if entry.onlyAsked {
            let asks = recent.reversed().prefix(while: { $0.kind == .asked }).count
            text = "Your last \(asks) contacts with \(first) were asks; give first this time. " + text
        }
        return Advice.tidy(text)
    }

    /// "for their help", with what they did quoted as it was logged ("sent me the draft"), so
    /// that any note reads right: a noun ("the intro") or a sentence ("sent me the draft.").
    static func forTheirHelp(_ note: String?) -> String {
        guard var note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty else {
            return "for their help"
        }
        while let last = note.last, ".!?;:,".contains(last) { note.removeLast() }
        note = note.replacingOccurrences(of: "\n", with: " ")
        return note.isEmpty ? "for their help" : "for their help (\u{201C}\(note)\u{201D})"
    }

    /// Punctuation a name or a note doubled: "Jr.." and ".." (not an ellipsis), " ." and "!.".
    static func tidy(_ text: String) -> String {
        // Each mark dropped below stands right after a ".", "!", "?" or space: a sentence without
        // such a pair of bytes, as most are, has nothing to tidy.
        var previousByte: UInt8 = 0
        let hasPair = text.utf8.contains { byte in
            defer { previousByte = byte }
            switch byte {
            case UInt8(ascii: "."):
                return ".!? ".utf8.contains(previousByte)
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"):
                return previousByte == UInt8(ascii: " ")
            default:
                return false
            }
        }
        guard hasPair else { return text }
        var out: String?
        var before: Character = " "
        var previous: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let after = text.index(after: index)
            let next = after < text.endIndex ? text[after] : nil
            var drop = false
            if character == ".", let previous {
                // A sentence's full stop after a name's own (but never inside "..."), or after ! or ?.
                drop = (previous == "." && next != "." && before != ".") || previous == "!" || previous == "?"
            } else if character == " ", let next, ".,;:".contains(next) {
                drop = true
            }
            if drop, out == nil { out = String(text[..<index]) }
            if !drop { out?.append(character) }
            before = previous ?? " "
            previous = character
            index = after
        }
        return out ?? text
    }

    /// How long the same suggestion is not given to the same person again, while another fits.
    static let varyWithinDays = 30

    /// Something to give: an introduction, or help with a need, a tag or a note.
    private func giving(_ index: Int, _ first: String) -> String? {
        givingOptions(index, first) { _ in true }
    }

    /// The first way to give first that `fits`, trying them the best first: introductions,
    /// needs, tags, notes. `first`: what the sentences call the person.
    private func givingOptions(_ index: Int, _ first: String, until fits: (String) -> Bool) -> String? {
        for match in offers.matches(for: index, people: config.people) {
            let offerer = config.people[match.offerer].name
            let text =
                "Introduce \(first) to \(offerer), who offers \(Phrases.fragment(match.topic)): \(first) is looking for it."
            if fits(text) { return text }
        }
        for need in config.people[index].needs {
            let text =
                "\(first) is looking for \(Phrases.fragment(need)): share a lead, an article or a person that could help."
            if fits(text) { return text }
        }
        for tag in config.people[index].tags {
            let text =
                "Send \(first) something about \(Phrases.fragment(tag)) you came across, with a line on why it made you think of them."
            if fits(text) { return text }
        }
        if let notes = config.people[index].notes, !notes.isEmpty {
            let text =
                "With your notes in mind (\(notes.replacingOccurrences(of: "\n", with: " "))), send \(first) something that fits."
            if fits(text) { return text }
        }
        return nil
    }

    private func thanks(_ first: String, recent: [LoggedContact]) -> String? {
        guard let last = recent.last, last.kind == .received else { return nil }
        let what = Advice.forTheirHelp(last.note)
        return "\(first) gave last: thank them \(what), and ask what they are working on."
    }

    /// The first way to check in that `fits`, trying the one that fits the person best first;
    /// there is always at least one to try.
    private func checkIns(_ index: Int, _ first: String, entry: DueEntry, until fits: (String) -> Bool) -> String? {
        for offer in config.people[index].offers {
            let text = "Ask \(first) how their work on \(Phrases.fragment(offer)) is going, and listen."
            if fits(text) { return text }
        }
        if let field = config.people[index].field {
            let text = "Ask \(first) what is new in \(Phrases.fragment(field)) for them; no agenda."
            if fits(text) { return text }
        }
        let touch =
            if let last = entry.lastContact {
                "It has been \(Phrases.span(days: today.days(since: last))) since you were in touch: send \(first) a short note, no agenda."
            } else {
                "Say hello to \(first): a short note that you would like to stay in touch."
            }
        if fits(touch) { return touch }
        let lookingForward = "Ask \(first) what they are looking forward to this month."
        if fits(lookingForward) { return lookingForward }
        let share = "Share something you read or learned lately that \(first) would enjoy."
        return fits(share) ? share : nil
    }
}
