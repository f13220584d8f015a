import ArgumentParser
import Foundation
import MintSimAPI
import MintSimChain
import MintSimScenario
import MintSimStore

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenario files: each on its own chain, with a trace per step and a summary.",
        discussion: """
            A directory runs every .yaml file in it, several at once (one per core). Errors in a file \
            are all reported, as file:line:column: message, before anything runs. Exit status: 0 when \
            every scenario passed, 1 when one failed or had errors, 2 for a bad command line or path, \
            3 when the state file cannot be used.

            With --state FILE the chain lives in FILE (SQLite): created there when missing, re-opened \
            where it stopped otherwise, each block committed as it is mined. The scenarios then run one \
            after another on that one chain, and the names they give (accounts, contracts) are kept for \
            the query commands (balance, tx, holders, ...).

            A scenario with a mint-api section is served the mint API in process, on a chain of its \
            own: its http steps call the dialects and its webhook steps check the deliveries (not with \
            --state).
            """)

    @Argument(help: "Scenario files or directories of them.")
    var paths: [String]

    @Flag(name: .shortAndLong, help: "Print only failures and the summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every step's trace: transactions, events, reads.")
    var verbose = false

    @Flag(help: "Print a JSON report instead of text.")
    var json = false

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junitPath: String?

    @Option(help: "Seed for anything randomised (recorded in the reports).")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "Scenarios to run at once (default: the number of cores; 1 with --state).")
    var jobs: Int?

    @Option(name: .customLong("state"), help: ArgumentHelp("Keep the chain in this SQLite file: create it, or continue the chain it holds.", valueName: "file"))
    var statePath: String?

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let files: [String]
        do {
            files = try ScenarioSuite.files(paths)
        } catch {
            throw ValidationError(error.message)
        }
        let start = Date()
        let verbosity: Verbosity = quiet ? .quiet : verbose ? .verbose : .normal
        let interactive = !json && isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
        let progress = Progress(total: files.count, enabled: interactive)
        let traces: ScenarioRunner.TraceDetail = verbose || json ? .all : .failures
        let results: [ScenarioResult]
        if let statePath {
            results = try runPersisted(files, statePath: statePath, traces: traces, progress: progress)
        } else {
            results = ScenarioSuite.run(
                files, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, progress: { _ in progress.tick() },
                steps: { file, done, total in progress.steps(file, done, total) }, traces: traces, mintAPI: MintAPIScenarios())
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(start)
        if json {
            try Output.json(ScenarioReport.json(results, seed: seed))
        } else {
            for result in results {
                let text = ScenarioReport.text(result, verbosity: verbosity)
                if !text.isEmpty { Output.line(text) }
            }
            Output.line(ScenarioReport.summary(results, seconds: seconds))
        }
        if let junitPath {
            do {
                try ScenarioReport.junit(results).write(toFile: junitPath, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write the JUnit report to \(junitPath): \(error.localizedDescription)")
            }
        }
        if !results.allSatisfy(\.passed) { throw ExitCode(1) }
    }
}

extension Run {
    /// The contracts the file's names name, which a scenario may use without deploying them.
    func existingContracts(_ store: StateFile) throws -> [ExistingContract] {
        guard try store.holdsChain() else { return [] }
        do {
            let query = try StateQuery(path: store.path)
            return query.names.filter { $0.role == .contract }.compactMap { name in
                query.contract(at: name.address).map {
                    ExistingContract(name: name.name, kind: $0.kind, decimals: $0.decimals, address: name.address)
                }
            }
        } catch {
            Output.error(error.message)
            throw ExitCode(3)
        }
    }

    /// Runs the files one after another on the chain of the state file, keeping their names.
    func runPersisted(_ files: [String], statePath: String, traces: ScenarioRunner.TraceDetail, progress: Progress) throws -> [ScenarioResult] {
        func fail(_ message: String) -> ExitCode {
            Output.error(message)
            return ExitCode(3)
        }
        let store: StateFile
        do {
            store = try StateFile(path: statePath, mode: .readWrite)
        } catch {
            throw fail(error.message)
        }
        var results: [ScenarioResult] = []
        for file in files {
            let scenario: Scenario
            let existing = try existingContracts(store)
            do throws(ScenarioFileError) {
                if let section = ScenarioLoader.mintAPISection(file: file) {
                    throw ScenarioFileError([
                        Diagnostic(section, "a scenario with mint-api runs on a chain of its own, with the setup the API serves; run it without --state")
                    ])
                }
                scenario = try ScenarioLoader.load(file: file, existing: existing)
            } catch {
                results.append(ScenarioResult(name: "", file: file, steps: [], duration: 0, fileError: error))
                progress.tick()
                continue
            }
            // Each scenario re-opens the chain with its own settings (mining, block time, fees).
            let chain: Chain
            do {
                chain = try store.chain(config: scenario.config)
            } catch {
                throw fail("\(file): \(error.message)")
            }
            let runner = ScenarioRunner(scenario: scenario, chain: chain)
            runner.traces = traces
            // Names are written as they appear, so that a run cut short leaves its contracts named.
            var nameFailure: StoreError?
            do {
                try store.setNames(scenario.accounts.map { StateFile.Name(name: $0.name, address: $0.address, role: .account) })
            } catch {
                throw fail(error.message)
            }
            runner.onDeploy = { name, address in
                do {
                    try store.setNames([StateFile.Name(name: name, address: address, role: .contract)])
                } catch {
                    nameFailure = nameFailure ?? (error as? StoreError) ?? StoreError(.io, "\(error)")
                }
            }
            results.append(runner.run { done, total in progress.steps(file, done, total) })
            progress.tick()
            if let nameFailure { throw fail(nameFailure.message) }
            do {
                try chain.flush()
                try store.setNames(runner.namedAddresses.map {
                    StateFile.Name(name: $0.name, address: $0.address, role: $0.isContract ? .contract : .account)
                })
            } catch let error as ChainError {
                throw fail(error.message)
            } catch let error as StoreError {
                throw fail(error.message)
            }
        }
        return results
    }
}

/// `[12/40] scenarios` (and the steps of a long one) on standard error while scenarios run, when it is
/// a terminal and not CI.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private var done = 0
    private let lock = NSLock()

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func tick() {
        guard enabled else { return }
        lock.lock()
        done += 1
        if total > 1 { FileHandle.standardError.write(Data("\r\u{1B}[K[\(done)/\(total)] scenarios".utf8)) }
        lock.unlock()
    }

    /// A long scenario's progress: `[0/1] big.yaml: 12000/100000 steps`.
    func steps(_ file: String, _ stepsDone: Int, _ steps: Int) {
        guard enabled else { return }
        lock.lock()
        let name = (file as NSString).lastPathComponent
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(done)/\(total)] \(name): \(stepsDone)/\(steps) steps".utf8))
        lock.unlock()
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
