import MintSimPrimitives

/// One problem found in a scenario file, at a position.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: message`, as compilers print it.
    public var description: String { "\(location): \(message)" }
}

/// Every problem found in a file before anything ran, in the order of the file.
public struct ScenarioFileError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a file is read, so that all of its errors are reported at once.
package final class Diagnostics {
    package init() {}

    package private(set) var items: [Diagnostic] = []
    private var seen = Set<Diagnostic>()

    package var isEmpty: Bool { items.isEmpty }

    package func error(_ location: SourceLocation, _ message: String) {
        let diagnostic = Diagnostic(location, message)
        if seen.insert(diagnostic).inserted { items.append(diagnostic) }
    }
}

/// Closest candidates to a misspelt name, for "did you mean" hints.
package enum Suggest {
    /// The candidate closest to `name` by edit distance (ignoring case, `-` and `_`), when it is
    /// close enough to be a likely typo.
    static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        EditDistance.closest(to: name, among: candidates)
    }

    /// ` (did you mean 'x'?)` or the empty string.
    package static func hint(_ name: String, _ candidates: some Sequence<String>) -> String {
        closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
