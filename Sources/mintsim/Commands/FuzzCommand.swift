import ArgumentParser
import Foundation
import MintSimScenario

struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run random sequences of a scenario's fuzz actions, checking its invariants after each.",
        discussion: """
            The scenario's steps run first; then, for each run, `depth` actions drawn from the fuzz \
            section with the seed. Actions may revert. The first sequence that breaks an invariant \
            (or fails otherwise) is shrunk to a minimal one and printed as a scenario file that \
            `mintsim run` replays. Exit status: 0 when nothing failed, 1 when a failure was found, 2 \
            for a bad command line or file.
            """)

    @Argument(help: "A scenario file with a fuzz section.")
    var file: String

    @Option(help: "Seed of the random sequences; the same seed draws the same sequences.")
    var seed: UInt64 = 0

    @Option(help: "Sequences to run (default: the file's fuzz.runs, else 100).")
    var runs: Int?

    @Option(help: "Actions per sequence (default: the file's fuzz.depth, else 20).")
    var depth: Int?

    @Option(name: .customLong("out"), help: ArgumentHelp("Write the shrunk scenario to this file.", valueName: "file"))
    var outPath: String?

    @Flag(help: "Print a JSON report.")
    var json = false

    func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        if let depth, depth < 1 { throw ValidationError("--depth must be at least 1") }
    }

    func run() throws {
        let report: FuzzReport
        do {
            let fuzzer = try Fuzzer(file: file, runs: runs, depth: depth)
            report = try fuzzer.run(seed: seed)
        } catch {
            for diagnostic in error.diagnostics { FileHandle.standardError.write(Data("error: \(diagnostic)\n".utf8)) }
            throw ExitCode(2)
        }
        if let outPath, let finding = report.finding {
            do {
                try finding.scenario.write(toFile: outPath, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write \(outPath): \(error.localizedDescription)")
            }
        }
        if json {
            var object: [String: Any] = [
                "runs": report.runs, "actions": report.actions, "reverted": report.reverted, "seed": String(seed),
                "failed": report.finding != nil,
            ]
            if let finding = report.finding {
                object["finding"] = [
                    "run": finding.run, "failure": finding.failure, "originalLength": finding.originalLength,
                    "steps": finding.steps, "scenario": finding.scenario, "shrinkRuns": finding.shrinkRuns,
                ] as [String: Any]
            }
            try Output.json(object)
        } else if let finding = report.finding {
            Output.line("✗ run \(finding.run + 1) of \(report.plannedRuns) (seed \(seed)) failed after \(finding.originalLength) action\(finding.originalLength == 1 ? "" : "s"):")
            Output.line("  \(finding.failure)")
            Output.line("shrunk to \(finding.steps.count) step\(finding.steps.count == 1 ? "" : "s") (\(finding.shrinkRuns) sequences tried):")
            for step in finding.steps { Output.line("  " + step) }
            if let outPath {
                Output.line("the scenario that reproduces it is in \(outPath) (mintsim run \(outPath))")
            } else {
                Output.line("")
                Output.line(finding.scenario, terminator: "")
            }
        } else {
            Output.line("✓ \(report.runs) run\(report.runs == 1 ? "" : "s") (seed \(seed)): \(report.actions) actions, \(report.reverted) reverted, every invariant held")
        }
        if report.finding != nil { throw ExitCode(1) }
    }
}
