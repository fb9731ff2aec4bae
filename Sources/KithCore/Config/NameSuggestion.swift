/// "Did you mean …?" for names typed by hand.
enum NameSuggestion {
    /// Words longer than this get no suggestion: nobody mistypes a 65-letter key.
    static let maximumLength = 64
    /// Past this many candidates (a config with hundreds of circles) no suggestion is computed.
    static let maximumCandidates = 64

    /// The closest candidate within a small edit distance, compared case-insensitively. The cost
    /// is bounded by maximumCandidates × maximumLength² whatever the input: long words, long
    /// lists and candidates whose length alone is too far off are not compared at all.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard word.count <= maximumLength, candidates.count <= maximumCandidates else { return nil }
        let target = Array(word.lowercased())
        let limit = max(1, min(3, target.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            guard let distance = distance(target, candidate, atMost: limit) else { continue }
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The edit distance between `target` (lowercased) and `candidate` when it is at most
    /// `limit`; nil without computing it when the lengths alone rule it out.
    static func distance(_ target: [Character], _ candidate: String, atMost limit: Int) -> Int? {
        let count = candidate.count
        guard count <= maximumLength + limit, abs(count - target.count) <= limit else { return nil }
        let distance = editDistance(target, Array(candidate.lowercased()))
        return distance <= limit ? distance : nil
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
