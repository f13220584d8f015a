import Foundation
import Testing

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func scenarioFile(_ yaml: String, name: String = "s.yaml") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private let failing = """
    name: failing
    accounts: [owner, alice, bob]
    contracts:
      T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0 } }
    steps:
      - mint: { token: T, to: alice, amount: "5" }
      - transfer: { token: T, from: alice, to: bob, amount: "2" }
        expect:
          balance-changes: { bob: "+3" }
      - mine: 1
    """

@Suite struct RunCommandTests {
    @Test func runsEveryExampleInTheScenariosDirectory() throws {
        let result = try mintsim("run", "--quiet", root.appendingPathComponent("scenarios").path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.lines.last?.hasPrefix("5 scenarios, all passed;") == true)
    }

    @Test func runsTheMintAPIExamplesInProcessButNotOnAStateFile() throws {
        let directory = root.appendingPathComponent("scenarios/mint-api").path
        let result = try mintsim("run", "--quiet", directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.lines.last?.hasPrefix("5 scenarios, all passed;") == true)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-api-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let example = directory + "/abclab-mint-token.yaml"
        // The same one error whether or not the state file holds contracts already.
        let first = root.appendingPathComponent("scenarios/erc20-cap-and-pause.yaml").path
        for arguments in [[example], [first, example]] {
            let persisted = try mintsim(arguments: ["run", "-q", "--state", state] + arguments)
            #expect(persisted.status == 1)
            #expect(
                persisted.lines.prefix(2) == [
                    "✗ \(example): the file has 1 error",
                    "  \(example):6:11: a scenario with mint-api runs on a chain of its own, with the setup the API serves; run it without --state",
                ], "\(persisted.stdout)")
        }
        // Nor can it be fuzzed: the one error is that.
        let fuzzed = try mintsim("fuzz", example)
        #expect(fuzzed.status == 2)
        #expect(
            fuzzed.stderr
                == "error: \(example):6:11: mint-api: this run has no mint API to serve (mintsim run serves one; a scenario with mint-api cannot run in fuzz or with --state)\n"
        )
    }

    @Test func aFailingScenarioNamesTheStepAndExitsWithOne() throws {
        let path = try scenarioFile(failing)
        let result = try mintsim("run", path)
        #expect(result.status == 1)
        #expect(result.lines.prefix(6) == [
            "✗ failing (\(path))",
            "  ✓ 1. deploy erc20 T",
            "  ✓ 2. mint 5 T to alice",
            "  ✗ 3. transfer 2 T from alice to bob",
            "    \(path):7:5: balance change of bob in T: expected +3, actual +2",
            "    trace:",
        ])
        #expect(result.lines.contains("  1 later step not run"))
    }

    @Test func quietPrintsOnlyFailuresAndVerbosePrintsTraces() throws {
        let example = root.appendingPathComponent("scenarios/erc20-cap-and-pause.yaml").path
        let quiet = try mintsim("run", "-q", example)
        #expect(quiet.lines.count == 1)
        let verbose = try mintsim("run", "-v", example)
        #expect(verbose.stdout.contains("      USDX.Transfer(from: zero, to: alice, value: 1000.5)"))
        #expect(verbose.stdout.contains("      reverted: EnforcedPause()"))
        let both = try mintsim("run", "-q", "-v", example)
        #expect(both.status == 2)
        #expect(both.stderr == "error: --quiet and --verbose cannot be used together\n")
    }

    @Test func writesJSONAndJUnitReports() throws {
        let path = try scenarioFile(failing)
        let junit = path + ".xml"
        let result = try mintsim("run", "--json", "--junit", junit, "--seed", "9", path)
        #expect(result.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["passed"] as? Bool == false)
        #expect(json?["seed"] as? String == "9")
        let steps = (json?["scenarios"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]]
        #expect(steps?.map { $0["status"] as? String } == ["passed", "passed", "failed", "skipped"])
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<failure message=\"balance change of bob in T: expected +3, actual +2\">"))
        #expect(xml.contains("<skipped message=\"an earlier step failed\"/>"))
    }

    @Test func fileErrorsAreAllPrintedAndMissingPathsAreRefused() throws {
        let path = try scenarioFile("name: x\nsteps:\n  - mnt: 1\n  - mine: many\n")
        let result = try mintsim("run", path)
        #expect(result.status == 1)
        #expect(result.lines.prefix(3) == [
            "✗ \(path): the file has 2 errors",
            "  \(path):3:5: unknown step 'mnt' (did you mean 'mint'?)",
            "  \(path):4:11: mine must be a whole number, found 'many'",
        ])
        let missing = try mintsim("run", "/nonexistent/scenario.yaml")
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: /nonexistent/scenario.yaml: no such file or directory\n")
    }

    @Test func fuzzFindsShrinksAndWritesAReplayableScenario() throws {
        let path = try scenarioFile("""
            name: planted
            accounts: [owner, alice, carol]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0 } }
            invariants: [ "balance(T, carol) <= 500" ]
            steps:
              - mint: { token: T, to: alice, amount: "1000" }
            fuzz:
              runs: 30
              depth: 20
              actions:
                - transfer: { token: T, from: [alice, carol], to: [alice, carol], amount: "0..400" }
                - burn: { token: T, from: [alice, carol], amount: "0..50" }
            """)
        let out = path + ".shrunk.yaml"
        let result = try mintsim("fuzz", path, "--seed", "3", "--out", out)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("balance(T, carol) <= 500 is false: 501 > 500"))
        let replay = try mintsim("run", out)
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("balance(T, carol) <= 500 is false: 501 > 500"))
        let clean = try mintsim("fuzz", root.appendingPathComponent("scenarios/erc20-fuzz.yaml").path, "--runs", "3", "--depth", "5")
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("✓ 3 runs (seed 0): 15 actions, "))
        let noFuzz = try mintsim("fuzz", root.appendingPathComponent("scenarios/erc721-collection.yaml").path)
        #expect(noFuzz.status == 2)
        #expect(noFuzz.stderr.hasSuffix("erc721-collection.yaml:1:1: the scenario has no fuzz section (fuzz: {runs, depth, actions})\n"))
    }
}
