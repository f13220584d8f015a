import Foundation
import MintSimPrimitives
import Yams

/// The `fuzz` section: how many random sequences to run, how long, and the actions to draw from.
struct FuzzPlan {
    var runs: Int
    var depth: Int
    var templates: [FuzzTemplate]
}

/// An action with value generators in it: `{one-of: [alice, bob]}`, `"0..100"` (a range of amounts
/// or numbers, with the fraction digits of its bounds), or a plain list where one value is expected.
struct FuzzTemplate {
    let node: YNode
    let generators: [Generator]
    let location: SourceLocation

    enum Generator {
        case choice([YNode])
        /// Whole numbers `low...high` written with `scale` fraction digits.
        case range(low: UInt256, high: UInt256, scale: Int, mark: Mark?)

        var count: UInt256 {
            switch self {
            case .choice(let options): return UInt256(UInt64(options.count))
            case .range(let low, let high, _, _): return ((try? high.subtracting(low)) ?? .zero).addingOrMax(.one)
            }
        }
    }
}

/// One drawn action: its template and the index chosen by each generator.
struct FuzzAction {
    let template: Int
    var choices: [UInt256]
}

extension Checker {
    static let fuzzKinds = Set(stepKinds).subtracting(["deploy", "snapshot", "revert", "assert"])
    static let listFields: Set<String> = ["ids", "amounts"]

    func readFuzz(_ node: YNode) -> FuzzPlan? {
        guard let fields = reader.fields(node, "fuzz", required: ["actions"], optional: ["runs", "depth"]) else { return nil }
        let runs = fields["runs"].flatMap { reader.integer($0, "fuzz runs", max: 1_000_000) } ?? 100
        let depth = fields["depth"].flatMap { reader.integer($0, "fuzz depth", max: 10_000) } ?? 20
        if runs == 0, let node = fields["runs"] { reader.error(node, "fuzz runs must be at least 1") }
        if depth == 0, let node = fields["depth"] { reader.error(node, "fuzz depth must be at least 1") }
        var templates: [FuzzTemplate] = []
        if let actionsNode = fields["actions"], let items = reader.sequence(actionsNode, "fuzz actions") {
            if items.isEmpty { reader.error(actionsNode, "fuzz actions must name at least one action") }
            for item in items {
                guard case .mapping(let mapping) = item, let (key, value) = mapping.first.map({ ($0.key.scalar?.string ?? "", $0.value) }) else {
                    reader.error(item, "a fuzz action must be a step such as {transfer: {…}}, found \(YAMLReader.kindName(item))")
                    continue
                }
                if mapping.count > 1 {
                    reader.error(item, "a fuzz action has one step and no expectations (reverts are allowed; invariants are checked)")
                    continue
                }
                guard Self.fuzzKinds.contains(key) else {
                    reader.error(mapping.first?.key ?? item, Self.stepKinds.contains(key)
                        ? "fuzz actions cannot \(key) (they are drawn at random; put it in steps)"
                        : "unknown step '\(key)'\(Suggest.hint(key, Self.stepKinds))")
                    continue
                }
                let errorsBefore = reader.diagnostics.items.count
                let generators = self.generators(in: value, field: nil, batch: key.hasPrefix("batch-"))
                let template = FuzzTemplate(node: item, generators: generators, location: reader.location(item))
                // Check it now with the first value of every generator.
                if reader.diagnostics.items.count == errorsBefore, let first = instantiate(template, FuzzAction(template: 0, choices: generators.map { _ in .zero })) {
                    _ = readStep(first)
                }
                templates.append(template)
            }
        }
        return FuzzPlan(runs: Int(runs), depth: Int(depth), templates: templates)
    }

    /// The generators of a value, depth first.
    func generators(in node: YNode, field: String?, batch: Bool) -> [FuzzTemplate.Generator] {
        switch node {
        case .mapping(let mapping):
            if mapping.count == 1, let entry = mapping.first, entry.key.scalar?.string == "one-of" {
                guard case .sequence(let options) = entry.value, !options.isEmpty else {
                    reader.error(entry.value, "one-of needs a list of at least one value")
                    return []
                }
                return [.choice(Array(options))]
            }
            return mapping.flatMap { generators(in: $0.value, field: $0.key.scalar?.string, batch: batch) }
        case .sequence(let items):
            if batch && (field == "to" || Self.listFields.contains(field ?? "")) || field == "countries" || field == "args" {
                return items.flatMap { generators(in: $0, field: nil, batch: batch) }
            }
            guard !items.isEmpty else {
                reader.error(node, "a list of choices needs at least one value")
                return []
            }
            return [.choice(Array(items))]
        case .scalar(let scalar):
            guard let range = Self.range(scalar.string) else { return [] }
            guard range.low <= range.high else {
                reader.error(node, "the range \(scalar.string) is empty (its low end is above its high end)")
                return []
            }
            return [.range(low: range.low, high: range.high, scale: range.scale, mark: scalar.mark)]
        default:
            return []
        }
    }

    /// `"0..100"`, `"0.5..2.25"`: bounds scaled by the larger number of fraction digits.
    static func range(_ text: String) -> (low: UInt256, high: UInt256, scale: Int)? {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            parts.allSatisfy({ $0.allSatisfy { $0.isNumber && $0.isASCII || $0 == "." || $0 == "_" } })
        else { return nil }
        let scale = parts.map { $0.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0 }.max() ?? 0
        guard let low = try? UInt256(amount: parts[0].replacingOccurrences(of: "_", with: ""), decimals: scale),
            let high = try? UInt256(amount: parts[1].replacingOccurrences(of: "_", with: ""), decimals: scale)
        else { return nil }
        return (low, high, scale)
    }

    /// The concrete step of `action`: every generator replaced by its choice.
    func instantiate(_ template: FuzzTemplate, _ action: FuzzAction) -> YNode? {
        var index = 0
        func build(_ node: YNode, field: String?, batch: Bool) -> YNode {
            switch node {
            case .mapping(let mapping):
                if mapping.count == 1, let entry = mapping.first, entry.key.scalar?.string == "one-of", case .sequence(let options) = entry.value,
                    !options.isEmpty
                {
                    return pick(Array(options))
                }
                let pairs = mapping.map { ($0.key, build($0.value, field: $0.key.scalar?.string, batch: batch || ($0.key.scalar?.string ?? "").hasPrefix("batch-"))) }
                return .mapping(YNode.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
            case .sequence(let sequence):
                let items = Array(sequence)
                if batch && (field == "to" || Self.listFields.contains(field ?? "")) || field == "countries" || field == "args" {
                    return .sequence(YNode.Sequence(items.map { build($0, field: nil, batch: batch) }, sequence.tag, sequence.style, sequence.mark))
                }
                return items.isEmpty ? node : pick(items)
            case .scalar(let scalar):
                guard let range = Self.range(scalar.string), range.low <= range.high else { return node }
                let choice = index < action.choices.count ? action.choices[index] : .zero
                index += 1
                let value = range.low.addingOrMax(choice)
                return .scalar(YNode.Scalar(value.formatted(decimals: range.scale), .implicit, .doubleQuoted, scalar.mark))
            default:
                return node
            }
        }
        func pick(_ options: [YNode]) -> YNode {
            let choice = index < action.choices.count ? action.choices[index] : .zero
            index += 1
            let position = Int(choice.description) ?? 0
            return options[min(max(position, 0), options.count - 1)]
        }
        return build(template.node, field: nil, batch: false)
    }
}

extension UInt256 {
    func addingOrMax(_ other: UInt256) -> UInt256 { (try? adding(other)) ?? .max }
}

extension SplitMix64 {
    /// A uniform value below `bound` (which is at least 1).
    mutating func below(_ bound: UInt256) -> UInt256 {
        if bound <= UInt256(UInt64.max) {
            let limit = UInt64(bound.description) ?? 1
            return UInt256(next() % max(limit, 1))
        }
        var value = UInt256.zero
        for _ in 0..<4 { value = (value.multipliedOrMax(UInt256(UInt64(1) << 32))).multipliedOrMax(UInt256(UInt64(1) << 32)).addingOrMax(UInt256(next())) }
        return (try? value.remainder(dividingBy: bound)) ?? .zero
    }
}

extension UInt256 {
    func multipliedOrMax(_ other: UInt256) -> UInt256 { (try? multiplied(by: other)) ?? .max }
}

/// What a fuzz run found.
public struct FuzzFinding: Sendable {
    /// The run (0-based) and its seed.
    public let run: Int
    public let seed: UInt64
    /// Why the sequence failed (the invariant and its values, or the step's failure).
    public let failure: String
    /// Actions in the failing sequence as drawn, and after shrinking.
    public let originalLength: Int
    public let steps: [String]
    /// A scenario file that reproduces the failure with `mintsim run`.
    public let scenario: String
    /// Sequences run while shrinking.
    public let shrinkRuns: Int
}

/// The outcome of `mintsim fuzz`.
public struct FuzzReport: Sendable {
    /// Runs made (up to the failing one) and runs planned.
    public let runs: Int
    public let plannedRuns: Int
    public let actions: Int
    public let reverted: Int
    public let finding: FuzzFinding?
}

/// Runs random sequences of a scenario's fuzz actions after its steps, checking the invariants after
/// each action, and shrinks the first failing sequence to a minimal one.
public final class Fuzzer {
    let scenario: Scenario
    let checker: Checker
    let plan: FuzzPlan
    let text: String
    public let runs: Int
    public let depth: Int

    /// Reads a scenario file with a `fuzz` section; `runs` and `depth` override the file's.
    public init(file: String, runs: Int? = nil, depth: Int? = nil) throws(ScenarioFileError) {
        text = try ScenarioLoader.text(of: file)
        (scenario, checker) = try ScenarioLoader.check(text: text, file: file)
        guard let plan = checker.fuzz else {
            throw ScenarioFileError([Diagnostic(SourceLocation(file: file, line: 1, column: 1), "the scenario has no fuzz section (fuzz: {runs, depth, actions})")])
        }
        self.plan = plan
        self.runs = max(1, runs ?? plan.runs)
        self.depth = max(1, depth ?? plan.depth)
    }

    /// Runs the sequences with `seed`; stops at the first failure and shrinks it.
    public func run(seed: UInt64) throws(ScenarioFileError) -> FuzzReport {
        // The file's own steps must pass first.
        let base = ScenarioRunner(scenario: scenario).run()
        if let failed = base.failedStep {
            throw ScenarioFileError([Diagnostic(failed.location, "the scenario's own steps fail before any fuzz action: \(failed.failure ?? "")")])
        }
        var actionsRun = 0, reverted = 0
        // Each run's seed is drawn from the seed: runs are independent, and the same everywhere.
        var seeds = SplitMix64(state: seed)
        for run in 0..<runs {
            let runSeed = seeds.next()
            var random = SplitMix64(state: runSeed)
            let actions = (0..<depth).map { _ in draw(&random) }
            let outcome = try execute(actions)
            actionsRun += outcome.ran
            reverted += outcome.reverted
            if let failure = outcome.failure {
                let (shrunk, message, tries) = try shrink(Array(actions.prefix(outcome.ran)), failure)
                let steps = try shrunk.map { action throws(ScenarioFileError) in try render(action) }
                let finding = FuzzFinding(
                    run: run, seed: runSeed, failure: message, originalLength: outcome.ran, steps: steps,
                    scenario: reproduction(steps, run: run + 1, seed: seed), shrinkRuns: tries)
                return FuzzReport(runs: run + 1, plannedRuns: runs, actions: actionsRun, reverted: reverted, finding: finding)
            }
        }
        return FuzzReport(runs: runs, plannedRuns: runs, actions: actionsRun, reverted: reverted, finding: nil)
    }

    func draw(_ random: inout SplitMix64) -> FuzzAction {
        let template = Int(random.next() % UInt64(plan.templates.count))
        return FuzzAction(template: template, choices: plan.templates[template].generators.map { random.below($0.count) })
    }

    func step(_ action: FuzzAction) throws(ScenarioFileError) -> Step {
        let template = plan.templates[action.template]
        guard let node = checker.instantiate(template, action), var step = checker.readStep(node), checker.reader.diagnostics.isEmpty else {
            throw ScenarioFileError(checker.reader.diagnostics.items.isEmpty ? [Diagnostic(template.location, "this fuzz action cannot be built")] : checker.reader.diagnostics.items)
        }
        step.allowRevert = true
        return step
    }

    /// Runs the file's steps then `actions`: how many actions ran, how many reverted, and the first failure.
    func execute(_ actions: [FuzzAction]) throws(ScenarioFileError) -> (ran: Int, reverted: Int, failure: String?) {
        let steps = try actions.map { action throws(ScenarioFileError) in try step(action) }
        let runner = ScenarioRunner(scenario: scenario.with(steps: scenario.steps + steps))
        runner.traces = .failures
        let result = runner.run()
        let fixed = scenario.setup.count + scenario.steps.count
        let fuzzResults = result.steps.dropFirst(fixed)
        let reverted = runner.allowedReverts
        guard let failedIndex = fuzzResults.firstIndex(where: { $0.status == .failed }) else {
            return (actions.count, reverted, nil)
        }
        return (failedIndex - fixed + 1, reverted, result.steps[failedIndex].failure)
    }

    /// Removes actions and lowers values while the sequence still fails the same way.
    func shrink(_ actions: [FuzzAction], _ failure: String) throws(ScenarioFileError) -> ([FuzzAction], String, Int) {
        var current = actions, message = failure, tries = 0
        let kind = Self.failureKind(failure)
        func stillFails(_ candidate: [FuzzAction]) throws(ScenarioFileError) -> String? {
            tries += 1
            let outcome = try execute(candidate)
            guard let failure = outcome.failure, Self.failureKind(failure) == kind else { return nil }
            return failure
        }
        var changed = true
        while changed && tries < 5_000 {
            changed = false
            // Drop actions, last first (a failure usually needs the setup that precedes it).
            var index = current.count - 1
            while index >= 0 && current.count > 1 {
                var candidate = current
                candidate.remove(at: index)
                if let failure = try stillFails(candidate) {
                    current = candidate
                    message = failure
                    changed = true
                }
                index -= 1
            }
            // Lower every choice to the smallest that still fails (a binary search between 0 and it).
            for actionIndex in current.indices {
                for choiceIndex in current[actionIndex].choices.indices where !current[actionIndex].choices[choiceIndex].isZero {
                    var low = UInt256.zero, high = current[actionIndex].choices[choiceIndex]
                    var lowered = current
                    lowered[actionIndex].choices[choiceIndex] = .zero
                    if let failure = try stillFails(lowered) {
                        current = lowered
                        message = failure
                        changed = true
                        continue
                    }
                    // low passes, high fails.
                    while tries < 5_000, let gap = try? high.subtracting(low), gap > .one {
                        let middle = low.addingOrMax((try? gap.divided(by: UInt256(2))) ?? .zero)
                        lowered[actionIndex].choices[choiceIndex] = middle
                        if let failure = try stillFails(lowered) {
                            high = middle
                            message = failure
                        } else {
                            low = middle
                        }
                    }
                    if high != current[actionIndex].choices[choiceIndex] {
                        current[actionIndex].choices[choiceIndex] = high
                        changed = true
                    }
                }
            }
        }
        return (current, message, tries)
    }

    /// What kind of failure a message is: the invariant's location, or the whole message.
    static func failureKind(_ message: String) -> String {
        guard message.hasPrefix("invariant "), let end = message.range(of: ": ") else { return message }
        return String(message[..<end.lowerBound])
    }

    /// A step as one line of flow YAML: `- transfer: { token: T, from: alice, … }`.
    func render(_ action: FuzzAction) throws(ScenarioFileError) -> String {
        guard let node = checker.instantiate(plan.templates[action.template], action) else { return "" }
        if case .mapping(let mapping) = node, mapping.count == 1, let entry = mapping.first {
            return "- \(Self.flow(entry.key)): \(Self.flow(entry.value))"
        }
        return "- " + Self.flow(node)
    }

    static func flow(_ node: YNode) -> String {
        switch node {
        case .mapping(let mapping):
            let pairs = mapping.map { "\(flow($0.key)): \(flow($0.value))" }
            return "{ " + pairs.joined(separator: ", ") + " }"
        case .sequence(let sequence):
            return "[" + sequence.map(flow).joined(separator: ", ") + "]"
        case .scalar(let scalar):
            let text = scalar.string
            let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                && !(text.first?.isNumber ?? false) && !["true", "false", "null", "yes", "no", "on", "off"].contains(text)
            if plain && scalar.style != .doubleQuoted { return text }
            if scalar.style == .plain, Int(text) != nil { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .alias:
            return "null"
        }
    }

    /// The file, without its fuzz section, with the shrunk actions appended to its steps.
    func reproduction(_ steps: [String], run: Int, seed: UInt64) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let root = try? Yams.compose(yaml: text), case .mapping(let mapping) = root else { return text }
        // Each top-level key owns the lines from its own to the next key's.
        let starts = mapping.compactMap { entry -> (String, Int)? in
            guard let key = entry.key.scalar?.string, let line = entry.key.mark?.line else { return nil }
            return (key, line - 1)
        }
        var out: [String] = ["# Found by `mintsim fuzz` (seed \(seed), run \(run)), shrunk to \(steps.count) step\(steps.count == 1 ? "" : "s").",
                             "# `mintsim run` on this file reproduces the failure."]
        for (index, (key, start)) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].1 : lines.count
            guard key != "fuzz" else { continue }
            var block = Array(lines[start..<min(end, lines.count)])
            while let last = block.last, last.trimmingCharacters(in: .whitespaces).isEmpty || last.hasPrefix("#") { block.removeLast() }
            if key == "steps" {
                let existing = mapping.first { $0.key.scalar?.string == "steps" }?.value
                var indent = "  "
                if case .sequence(let sequence)? = existing, sequence.style == .flow {
                    block = [block.first.map { String($0.prefix { $0 != ":" }) + ":" } ?? "steps:"]
                } else if case .sequence(let sequence)? = existing, let first = sequence.first, let column = first.mark?.column {
                    indent = String(repeating: " ", count: max(column - 3, 0))
                }
                block += steps.map { indent + $0 }
            }
            out += block
        }
        if !starts.contains(where: { $0.0 == "steps" }) { out += ["steps:"] + steps.map { "  " + $0 } }
        return out.joined(separator: "\n") + "\n"
    }
}
