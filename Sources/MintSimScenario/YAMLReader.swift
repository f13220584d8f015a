import Foundation
import Yams

/// Reads Yams nodes of one file into typed values, recording every problem with its position
/// instead of stopping at the first.
package typealias YNode = Yams.Node

package final class YAMLReader {
    package let file: String
    package let diagnostics: Diagnostics
    /// How many more nodes may be read: a file whose aliases expand into millions of nodes is
    /// refused instead of read for ever.
    private var budget: Int

    package static let maxFileBytes = 64 << 20
    static let maxNodes = 20_000_000

    package init(file: String, diagnostics: Diagnostics) {
        self.file = file
        self.diagnostics = diagnostics
        budget = Self.maxNodes
    }

    /// Parses `text` into its root node; a syntax error is recorded at its position.
    package func parse(_ text: String) -> YNode? {
        if text.utf8.count > Self.maxFileBytes {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "the file is larger than \(Self.maxFileBytes >> 20) MiB")
            return nil
        }
        do {
            guard let root = try Self.compose(text) else {
                diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "the file is empty")
                return nil
            }
            return root
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = mark.line - 1 < lines.count && mark.line >= 1 ? lines[mark.line - 1] : ""
                if line.prefix(max(0, mark.column)).contains("\t") {
                    diagnostics.error(at(mark), "YAML syntax: a tab cannot indent YAML; use spaces")
                } else {
                    let where_ = context.map { " \($0.text)" } ?? ""
                    diagnostics.error(at(mark), "YAML syntax: \(problem)\(where_)")
                }
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.error(at(context.mark), "YAML: \(keys) appear\(duplicates.count == 1 ? "s" : "") twice in one mapping")
            case .reader(let problem, let offset, _, _):
                diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
            default:
                diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
            }
            return nil
        } catch {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
            return nil
        }
    }

    /// The node tree of `text`, as `Yams.compose(yaml:)` gives it.
    ///
    /// Yams checks every mapping for duplicate keys by hashing its keys with their resolved tags,
    /// and its default resolver finds a plain scalar's tag with up to seven regular expressions; in
    /// a large file that was most of the cost of reading it. So the text is read first with the
    /// basic resolver, which resolves no tag. The tree is the same with either resolver (tags are
    /// resolved only on request, and the checker reads only the text and style of scalars); only
    /// which keys count as duplicates can differ, since the default resolver tells `1` from `"1"`.
    /// Keys can be duplicates under the default resolver only when a mapping has two scalar keys
    /// with the same text or a key that is not a scalar, so whenever the basic reading fails or
    /// finds such a mapping (or the tree is larger than the text could hold without aliases), the
    /// text is read again with the default resolver, whose answer, tree or error, is the one given.
    static func compose(_ text: String) throws -> YNode? {
        if let root = try? Yams.compose(yaml: text, .basic), !mayHaveDuplicateKeys(root, budget: 2 * text.utf8.count + 16) {
            return root
        }
        return try Yams.compose(yaml: text)
    }

    /// Whether some mapping in `root` has a key that is not a scalar or two keys with the same
    /// text; also true when the tree has more than `budget` nodes (aliases repeat subtrees).
    static func mayHaveDuplicateKeys(_ root: YNode, budget: Int) -> Bool {
        var budget = budget
        var stack = [root]
        while let node = stack.popLast() {
            budget -= 1
            if budget < 0 { return true }
            switch node {
            case .scalar, .alias:
                continue
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                var keys: [String] = []
                keys.reserveCapacity(mapping.count)
                for (key, value) in mapping {
                    guard case .scalar(let scalar) = key else { return true }
                    keys.append(scalar.string)
                    stack.append(value)
                }
                if keys.count > 8 {
                    if Set(keys).count != keys.count { return true }
                } else {
                    for i in keys.indices.dropFirst() where keys[..<i].contains(keys[i]) { return true }
                }
            }
        }
        return false
    }

    func at(_ mark: Mark?) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    package func location(_ node: YNode) -> SourceLocation { at(node.mark) }

    package func error(_ node: YNode, _ message: String) { diagnostics.error(location(node), message) }

    /// Counts a node against the budget; false (with an error, once) when it is spent.
    func spend(_ node: YNode) -> Bool {
        budget -= 1
        if budget == 0 { error(node, "the file expands to more than \(Self.maxNodes) YAML nodes (aliases?)") }
        return budget > 0
    }

    static func kindName(_ node: YNode) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(scalar) { return "nothing" }
            guard scalar.style == .plain else { return "a string" }
            if ["true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "on", "off"].contains(scalar.string) { return "a boolean" }
            if Int(scalar.string) != nil { return "an integer" }
            if isFloat(scalar) { return "a number with a fraction" }
            return "a string"
        }
    }

    package static func isNull(_ scalar: YNode.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Whether YAML reads a plain scalar as a floating-point number (`1.5`, `1e3`, `.5`, `.inf`).
    static func isFloat(_ scalar: YNode.Scalar) -> Bool {
        guard scalar.style == .plain else { return false }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        if [".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"].contains(text) { return true }
        guard text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), text.allSatisfy(\.isASCII) else { return false }
        return Double(text) != nil
    }

    package static func isNull(_ node: YNode) -> Bool {
        if case .scalar(let scalar) = node { return isNull(scalar) }
        return false
    }

    // MARK: - Shapes

    /// The entries of a mapping in file order, keys as strings; a duplicate key is an error.
    package func mapping(_ node: YNode, _ what: String) -> [(key: String, keyNode: YNode, value: YNode)]? {
        guard spend(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping, found \(Self.kindName(node))")
            return nil
        }
        var entries: [(key: String, keyNode: YNode, value: YNode)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error(keyNode, "keys of \(what) must be plain names, found \(Self.kindName(keyNode))")
                continue
            }
            if !seen.insert(key.string).inserted {
                error(keyNode, "'\(key.string)' appears twice in \(what)")
                continue
            }
            entries.append((key.string, keyNode, value))
        }
        return entries
    }

    package func sequence(_ node: YNode, _ what: String) -> [YNode]? {
        guard spend(node) else { return nil }
        guard case .sequence(let sequence) = node else {
            error(node, "\(what) must be a list, found \(Self.kindName(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A list, or a single value taken as a list of one.
    package func list(_ node: YNode, _ what: String) -> [YNode]? {
        if case .sequence = node { return sequence(node, what) }
        return [node]
    }

    /// A scalar's text. Mappings, lists and empty values are errors.
    package func string(_ node: YNode, _ what: String) -> String? {
        guard spend(node) else { return nil }
        guard case .scalar(let scalar) = node, !Self.isNull(scalar) else {
            error(node, "\(what) must be a single value, found \(Self.kindName(node))")
            return nil
        }
        return scalar.string
    }

    /// A name: a non-empty string without spaces.
    package func name(_ node: YNode, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.isEmpty || text.contains(where: \.isWhitespace) {
            error(node, "\(what) must be a name without spaces, found '\(text)'")
            return nil
        }
        return text
    }

    package func bool(_ node: YNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            error(node, "\(what) must be true or false, found '\(text)'")
            return nil
        }
    }

    /// A non-negative integer up to `max`, in decimal (underscores allowed) or 0x hex.
    package func integer(_ node: YNode, _ what: String, max: UInt64 = UInt64.max) -> UInt64? {
        guard let text = string(node, what) else { return nil }
        let clean = text.replacingOccurrences(of: "_", with: "")
        let value: UInt64?
        if clean.hasPrefix("0x") || clean.hasPrefix("0X") {
            value = UInt64(clean.dropFirst(2), radix: 16)
        } else {
            value = clean.allSatisfy(\.isASCII) ? UInt64(clean) : nil
        }
        guard let value else {
            error(node, "\(what) must be a whole number, found '\(text)'")
            return nil
        }
        guard value <= max else {
            error(node, "\(what) must be at most \(max), found \(value)")
            return nil
        }
        return value
    }

    /// The fields of a mapping checked against the known names: an unknown field is an error with
    /// a suggestion, a missing required one too.
    package func fields(_ node: YNode, _ what: String, required: [String] = [], optional: [String] = []) -> Fields? {
        guard let entries = mapping(node, what) else { return nil }
        let known = required + optional
        var values: [String: (key: YNode, value: YNode)] = [:]
        for (key, keyNode, value) in entries {
            guard known.contains(key) else {
                error(keyNode, "unknown field '\(key)' in \(what)\(Suggest.hint(key, known))\(known.isEmpty ? "" : "; fields: \(known.joined(separator: ", "))")")
                continue
            }
            values[key] = (keyNode, value)
        }
        for field in required where values[field] == nil {
            error(node, "\(what) needs '\(field)'")
        }
        return Fields(node: node, values: values)
    }

    package struct Fields {
        package let node: YNode
        let values: [String: (key: YNode, value: YNode)]

        package subscript(_ name: String) -> YNode? {
            guard let value = values[name]?.value, !YAMLReader.isNull(value) else { return nil }
            return value
        }

        package func has(_ name: String) -> Bool { self[name] != nil }
    }
}
