/// The optimal-string-alignment distance (Levenshtein with swaps of neighbouring elements), used for
/// "did you mean" suggestions throughout MintSim.
public enum EditDistance {
    /// The distance between `a` and `b`: insertions, deletions, substitutions and swaps of
    /// neighbouring elements each cost 1. Once it must exceed `limit`, `limit + 1` is returned early.
    public static func between<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int = .max) -> Int {
        if limit < Int.max, abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, beforePrevious[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if limit < Int.max, rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name` (ignoring case, `-` and `_`), when it is close enough to be a
    /// likely typo: at most 1 edit for names of up to 3 characters, else 2, or a quarter of the
    /// length up to 3.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = normalise(name)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = between(target, normalise(candidate))
            let limit = candidate.count <= 3 ? 1 : min(3, max(2, candidate.count / 4))
            guard distance <= limit else { continue }
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    private static func normalise(_ text: String) -> [Character] {
        Array(text.lowercased().filter { $0 != "-" && $0 != "_" })
    }
}
