/// An introduction the owner could make: one person needs what another offers.
public struct Introduction: Sendable, Equatable {
    /// Index in `Config.people` of the person who needs something.
    public let needer: Int
    /// Index of the person who offers it.
    public let offerer: Int
    /// The need, as the needer's entry writes it.
    public let topic: String
    /// Identifies the pair for "not again within 30 days": `needer-key→offerer-key`.
    public let key: String

    /// How long the same pair is not suggested again.
    public static let repeatAfterDays = 30

    /// The introductions a logged contact says were made: a `gave` with someone whose note
    /// names another person of the config ("introduced her to Linus Pauling") makes the pair,
    /// either way round, done for good.
    public static func made(by kind: InteractionKind, with person: Person, note: String?, people: [Person]) -> [String]
    {
        guard kind == .gave, let note = note?.lowercased(), !note.isEmpty else { return [] }
        var keys: [String] = []
        for other in people where other.key != person.key && note.contains(other.key) {
            keys += ["\(person.key)→\(other.key)", "\(other.key)→\(person.key)"]
        }
        return keys
    }
}

/// Who offers what, matched case-insensitively: built once per digest or listing.
struct OfferIndex {
    private var offerers: [String: [Int]] = [:]

    init(people: [Person]) {
        for (index, person) in people.enumerated() {
            for offer in person.offers {
                offerers[offer.lowercased(), default: []].append(index)
            }
        }
    }

    /// People other than `index` who offer something `people[index]` needs, with the need.
    func matches(for index: Int, people: [Person]) -> [(offerer: Int, topic: String)] {
        guard !offerers.isEmpty else { return [] }
        var found: [(Int, String)] = []
        for need in people[index].needs {
            for offerer in offerers[need.lowercased()] ?? [] where offerer != index {
                found.append((offerer, need))
            }
        }
        return found
    }

    /// Up to `limit` introductions, none suggested within the last 30 days, none with a snoozed
    /// person. People in `first` (today's digest) are considered first, the rest in a stable order.
    func introductions(
        people: [Person], first: [Int], state: ContactState, today: LocalDate, limit: Int,
        excluded: (Int) -> Bool
    ) -> [Introduction] {
        guard !offerers.isEmpty, limit > 0 else { return [] }
        var chosen: [Introduction] = []
        var considered = Set<Int>()
        // Hash each name once, not in every comparison of the sort.
        let rest = people.indices.filter { !people[$0].needs.isEmpty }
            .map { (hash: DueEngine.stableHash(people[$0].key), index: $0) }
            .sorted { $0.hash != $1.hash ? $0.hash < $1.hash : $0.index < $1.index }
            .map(\.index)
        for needer in first + rest where considered.insert(needer).inserted && !excluded(needer) {
            for (offerer, topic) in matches(for: needer, people: people) where !excluded(offerer) {
                let key = "\(people[needer].key)→\(people[offerer].key)"
                if state.introductionsMade.contains(key) { continue }
                if let last = state.recentIntroductions[key], today.days(since: last) < Introduction.repeatAfterDays {
                    continue
                }
                // One introduction per person a day keeps the section varied.
                if chosen.contains(where: {
                    [$0.needer, $0.offerer].contains(needer) || [$0.needer, $0.offerer].contains(offerer)
                }) {
                    continue
                }
                chosen.append(Introduction(needer: needer, offerer: offerer, topic: topic, key: key))
                if chosen.count == limit { return chosen }
            }
        }
        return chosen
    }
}
