import Foundation

/// How much of each run the text report shows.
public enum Verbosity: Sendable {
    /// Only failures and the summary.
    case quiet
    /// A line per step, the failure with its trace, and the summary.
    case normal
    /// Also every step's trace (transactions, events, reads).
    case verbose
}

/// Text, JSON and JUnit XML reports of scenario runs.
public enum ScenarioReport {
    /// The readable report of one scenario.
    public static func text(_ result: ScenarioResult, verbosity: Verbosity) -> String {
        var lines: [String] = []
        if let error = result.fileError {
            lines.append("✗ \(result.file): the file has \(error.diagnostics.count) error\(error.diagnostics.count == 1 ? "" : "s")")
            lines += error.diagnostics.map { "  " + $0.description }
            return lines.joined(separator: "\n")
        }
        let mark = result.passed ? "✓" : "✗"
        if verbosity != .quiet || !result.passed { lines.append("\(mark) \(result.name) (\(result.file))") }
        for (index, step) in result.steps.enumerated() {
            switch step.status {
            case .passed:
                guard verbosity != .quiet else { continue }
                lines.append("  ✓ \(index + 1). \(step.summary)")
                if verbosity == .verbose { lines += step.trace.map { "      " + $0 } }
            case .failed:
                lines.append("  ✗ \(index + 1). \(step.summary)")
                lines.append("    \(step.location): \(step.failure ?? "failed")")
                if !step.trace.isEmpty {
                    lines.append("    trace:")
                    lines += step.trace.map { "      " + $0 }
                }
            case .skipped:
                continue
            }
        }
        let skipped = result.steps.filter { $0.status == .skipped }.count
        if skipped > 0 { lines.append("  \(skipped) later step\(skipped == 1 ? "" : "s") not run") }
        return lines.joined(separator: "\n")
    }

    /// The closing line: how many scenarios and steps passed.
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> String {
        let passed = results.filter(\.passed).count
        let steps = results.reduce(0) { $0 + $1.steps.filter { $0.status == .passed }.count }
        let verdict = passed == results.count ? "all passed" : "\(results.count - passed) failed"
        return "\(results.count) scenario\(results.count == 1 ? "" : "s"), \(verdict); \(steps) step\(steps == 1 ? "" : "s") passed in \(String(format: "%.2f", seconds)) s"
    }

    /// A JSON report: per scenario its verdict, steps (with status, location, summary, trace and
    /// failure) and file errors.
    public static func json(_ results: [ScenarioResult], seed: UInt64) -> Any {
        [
            "passed": results.allSatisfy(\.passed),
            "seed": String(seed),
            "scenarios": results.map { result -> [String: Any] in
                var object: [String: Any] = [
                    "name": result.name, "file": result.file, "passed": result.passed,
                    "steps": result.steps.map { step -> [String: Any] in
                        var stepObject: [String: Any] = [
                            "kind": step.kind, "summary": step.summary, "status": step.status.rawValue,
                            "location": step.location.description, "trace": step.trace,
                        ]
                        if let failure = step.failure { stepObject["failure"] = failure }
                        return stepObject
                    },
                ]
                if let error = result.fileError {
                    object["errors"] = error.diagnostics.map { ["location": $0.location.description, "message": $0.message] }
                }
                return object
            },
        ]
    }

    /// A JUnit XML report: one test suite per scenario file, one test case per step.
    public static func junit(_ results: [ScenarioResult]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = results.filter { !$0.passed }.count
        xml += "<testsuites name=\"mintsim\" tests=\"\(results.reduce(0) { $0 + max(1, $1.steps.count) })\" failures=\"\(failures)\">\n"
        for result in results {
            let failed = result.steps.filter { $0.status == .failed }.count + (result.fileError == nil ? 0 : 1)
            let skipped = result.steps.filter { $0.status == .skipped }.count
            let time = String(format: "%.3f", result.duration)
            xml += "  <testsuite name=\"\(escape(result.name.isEmpty ? result.file : result.name))\" file=\"\(escape(result.file))\" tests=\"\(max(1, result.steps.count))\" failures=\"\(failed)\" skipped=\"\(skipped)\" time=\"\(time)\">\n"
            if let error = result.fileError {
                xml += "    <testcase name=\"load \(escape(result.file))\" classname=\"\(escape(result.file))\">\n"
                xml += "      <failure message=\"the file has errors\">\(escape(error.description))</failure>\n"
                xml += "    </testcase>\n"
            }
            for (index, step) in result.steps.enumerated() {
                xml += "    <testcase name=\"\(index + 1). \(escape(step.summary))\" classname=\"\(escape(result.file))\" file=\"\(escape(step.location.file))\" line=\"\(step.location.line)\">\n"
                switch step.status {
                case .failed:
                    xml += "      <failure message=\"\(escape(step.failure ?? "failed"))\">\(escape(([step.location.description + ": " + (step.failure ?? "")] + step.trace).joined(separator: "\n")))</failure>\n"
                case .skipped:
                    xml += "      <skipped message=\"an earlier step failed\"/>\n"
                case .passed:
                    break
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                // XML 1.0 allows no other control characters.
                out += scalar.value < 0x20 ? "?" : String(scalar)
            }
        }
        return out
    }
}

/// Finds and runs scenario files.
public enum ScenarioSuite {
    /// The scenario files named: files as they are, directories for every `*.yaml`/`*.yml` in them
    /// (sorted, not recursive). A missing path is an error naming it.
    public static func files(_ paths: [String]) throws(ScenarioPathError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioPathError(message: "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                if entries.isEmpty { throw ScenarioPathError(message: "\(path): no .yaml scenario files in this directory") }
                files += entries.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Loads and runs each file on its own chain, `jobs` at a time; results in the files' order.
    /// `progress` hears each finished scenario; `steps` hears (file, steps done, steps in all) during long ones.
    /// `mintAPI` serves the files with a `mint-api` section.
    public static func run(
        _ files: [String], jobs: Int, progress: (@Sendable (ScenarioResult) -> Void)? = nil,
        steps: (@Sendable (String, Int, Int) -> Void)? = nil, traces: ScenarioRunner.TraceDetail = .all,
        mintAPI: (any ScenarioMintAPIProvider)? = nil
    ) -> [ScenarioResult] {
        let results = ResultSlots(count: files.count)
        let workers = max(1, min(jobs, files.count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: files.count) {
                let file = files[index]
                let result = runOne(
                    file, progress: steps.map { report in { done, total in report(file, done, total) } }, traces: traces, mintAPI: mintAPI)
                results.set(index, result)
                progress?(result)
            }
        }
        return results.values
    }

    public static func runOne(
        _ file: String, progress: ((Int, Int) -> Void)? = nil, traces: ScenarioRunner.TraceDetail = .all,
        mintAPI: (any ScenarioMintAPIProvider)? = nil
    ) -> ScenarioResult {
        do {
            let scenario = try ScenarioLoader.load(file: file, mintAPI: mintAPI)
            let runner = ScenarioRunner(scenario: scenario)
            runner.traces = traces
            return runner.run(progress: progress)
        } catch {
            return ScenarioResult(name: "", file: file, steps: [], duration: 0, fileError: error)
        }
    }
}

public struct ScenarioPathError: Error, Sendable {
    public let message: String
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class ResultSlots: @unchecked Sendable {
    private var slots: [ScenarioResult?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: ScenarioResult) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [ScenarioResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
