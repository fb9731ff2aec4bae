import Foundation

/// Writes the one suggested action each nudge carries, from what kith knows about the person:
/// an introduction you can make for them, something from their needs, tags or notes to share or
/// help with, a thank-you when they gave last, or a plain check-in. The wording follows the data.
struct Advice {
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
        let person = config.people[entry.personIndex]
        let first = person.callName
        let history = state.history[person.key]
        let recent = history?.recent ?? []
        var text: String
        switch entry.reason {
        case .followUp:
            let met = DueEngine.latest(person.met, history?.lastMet) ?? today
            let place = person.metAt.map { " at \(Phrases.fragment($0))" } ?? ""
            let when = Phrases.relativeDay(met, from: today)
            // Each step of the series says something of its own.
            let step = config.followUpAfter.map { $0.after(met) }.lastIndex { $0 <= entry.dueOn } ?? 0
            let opening = "You met \(first)\(place) \(when)."
            switch step {
            case 0:
                text = opening + " Follow up while it is fresh: pick up something you talked about. "
                text += giving(entry.personIndex) ?? "Offer one thing that could help."
            case 1:
                text = opening + " Keep the thread going. "
                text += giving(entry.personIndex) ?? "Send something that builds on what you talked about."
            default:
                text = opening + " Check in: ask how what you talked about turned out, and offer a hand."
            }
        case .thank:
            let help = Advice.forTheirHelp(recent.last?.note)
            text =
                "\(first) helped you \(Phrases.relativeDay(entry.dueOn, from: today)). Thank them \(help), and say what difference it made."
        default:
            // The first of the fitting suggestions that this person was not given in the last
            // 30 days; the first one if all were.
            let candidates =
                givingOptions(entry.personIndex) + [thanks(person, recent: recent)].compactMap { $0 }
                + checkIns(person, entry: entry)
            let shown = Set(
                (state.recentSuggestions[person.key] ?? []).filter { today.days(since: $0.day) < Advice.varyWithinDays }
                    .map(\.text))
            text = candidates.first { !shown.contains(ShownSuggestion.normalized($0)) } ?? candidates[0]
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
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == ".", index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                let before = index > 1 ? characters[index - 2] : " "
                // A sentence's full stop after a name's own (but never inside "...").
                if previous == "." && next != "." && before != "." { continue }
                if previous == "!" || previous == "?" { continue }
            }
            if character == " ", index + 1 < characters.count, ".,;:".contains(characters[index + 1]) { continue }
            out.append(character)
        }
        return out
    }

    /// How long the same suggestion is not given to the same person again, while another fits.
    static let varyWithinDays = 30

    /// Something to give: an introduction, or help with a need, a tag or a note.
    private func giving(_ index: Int) -> String? {
        givingOptions(index).first
    }

    /// Every way to give first that fits, the best first: introductions, needs, tags, notes.
    private func givingOptions(_ index: Int) -> [String] {
        let person = config.people[index]
        let first = person.callName
        var options: [String] = []
        for match in offers.matches(for: index, people: config.people) {
            let offerer = config.people[match.offerer].name
            options.append(
                "Introduce \(first) to \(offerer), who offers \(Phrases.fragment(match.topic)): \(first) is looking for it."
            )
        }
        for need in person.needs {
            options.append(
                "\(first) is looking for \(Phrases.fragment(need)): share a lead, an article or a person that could help."
            )
        }
        for tag in person.tags {
            options.append(
                "Send \(first) something about \(Phrases.fragment(tag)) you came across, with a line on why it made you think of them."
            )
        }
        if let notes = person.notes, !notes.isEmpty {
            options.append(
                "With your notes in mind (\(notes.replacingOccurrences(of: "\n", with: " "))), send \(first) something that fits."
            )
        }
        return options
    }

    private func thanks(_ person: Person, recent: [LoggedContact]) -> String? {
        guard let last = recent.last, last.kind == .received else { return nil }
        let what = Advice.forTheirHelp(last.note)
        return "\(person.callName) gave last: thank them \(what), and ask what they are working on."
    }

    /// Ways to check in, the one that fits best first; never empty.
    private func checkIns(_ person: Person, entry: DueEntry) -> [String] {
        let first = person.callName
        var options: [String] = []
        for offer in person.offers {
            options.append("Ask \(first) how their work on \(Phrases.fragment(offer)) is going, and listen.")
        }
        if let field = person.field {
            options.append("Ask \(first) what is new in \(Phrases.fragment(field)) for them; no agenda.")
        }
        if let last = entry.lastContact {
            options.append(
                "It has been \(Phrases.span(days: today.days(since: last))) since you were in touch: send \(first) a short note, no agenda."
            )
        } else {
            options.append("Say hello to \(first): a short note that you would like to stay in touch.")
        }
        options.append("Ask \(first) what they are looking forward to this month.")
        options.append("Share something you read or learned lately that \(first) would enjoy.")
        return options
    }
}
