import Foundation
import Testing
@testable import MintSimScenario

/// Writes `yaml` to a new temporary file and returns its path.
func temporaryScenario(_ yaml: String, name: String = "fuzz.yaml") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let plantedViolation = """
    name: planted
    accounts: [owner, alice, bob, carol]
    contracts:
      T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0, cap: "100000" } }
    invariants:
      - "sum(balances(T)) == totalSupply(T)"
      - "balance(T, carol) <= 500"
    steps:
      - mint: { token: T, to: alice, amount: "1000" }
    fuzz:
      runs: 50
      depth: 25
      actions:
        - mint: { token: T, to: [alice, bob], amount: "0..300" }
        - transfer: { token: T, from: [alice, bob, carol], to: [alice, bob, carol], amount: "0..400" }
        - burn: { token: T, from: [alice, bob, carol], amount: "0..100" }
        - approve: { token: T, from: { one-of: [alice, bob] }, spender: carol, amount: "0..1000" }
    """

@Suite struct FuzzTests {
    @Test func findsAPlantedViolationAndShrinksItToAFewSteps() throws {
        let path = try temporaryScenario(plantedViolation)
        let report = try Fuzzer(file: path).run(seed: 0)
        let finding = try #require(report.finding)
        #expect(finding.steps.count <= 5)
        #expect(finding.steps.count < finding.originalLength)
        #expect(finding.failure.hasPrefix("invariant \(path):7:5: balance(T, carol) <= 500 is false: 501 > 500"))
        // The printed file replays the failure with `mintsim run`.
        let replay = ScenarioRunner(scenario: try ScenarioLoader.load(text: finding.scenario, file: "replay.yaml")).run()
        #expect(!replay.passed)
        #expect(replay.failedStep?.failure?.contains("balance(T, carol) <= 500 is false: 501 > 500") == true)
        #expect(replay.steps.count == 2 + finding.steps.count)
        #expect(!finding.scenario.contains("fuzz:"))
    }

    @Test func theSameSeedDrawsTheSameSequences() throws {
        let path = try temporaryScenario(plantedViolation)
        let first = try Fuzzer(file: path).run(seed: 42)
        let second = try Fuzzer(file: path).run(seed: 42)
        #expect(first.finding?.scenario == second.finding?.scenario)
        #expect(first.runs == second.runs)
        #expect(first.actions == second.actions)
    }

    @Test func theExampleHoldsItsInvariants() throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/erc20-fuzz.yaml").path
        let report = try Fuzzer(file: path, runs: 10, depth: 15).run(seed: 1)
        #expect(report.finding == nil)
        #expect(report.runs == 10)
        #expect(report.actions == 150)
        #expect(report.reverted > 0)
    }

    @Test func badFuzzSectionsAreReportedWithPositions() throws {
        let path = try temporaryScenario("""
            name: bad fuzz
            accounts: [owner, alice]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T } }
            steps: []
            fuzz:
              runs: 0
              actions:
                - snapshot: a
                - mint: { token: T, to: { one-of: [] }, amount: "5..1" }
                - tranfer: { token: T }
                - mint: { token: T, to: alice, amount: "1" }
                  expect-revert: EnforcedPause
            """)
        do {
            _ = try Fuzzer(file: path)
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "7:9: fuzz runs must be at least 1",
                "9:7: fuzz actions cannot snapshot (they are drawn at random; put it in steps)",
                "10:39: one-of needs a list of at least one value",
                "10:53: the range 5..1 is empty (its low end is above its high end)",
                "11:7: unknown step 'tranfer' (did you mean 'transfer'?)",
                "12:7: a fuzz action has one step and no expectations (reverts are allowed; invariants are checked)",
            ])
        }
    }

    @Test func aFileWithoutAFuzzSectionOrWithFailingStepsIsRefused() throws {
        let plain = try temporaryScenario("name: x\nsteps: []\n")
        #expect(throws: ScenarioFileError.self) { try Fuzzer(file: plain) }
        do {
            _ = try Fuzzer(file: plain)
        } catch {
            #expect(error.description == "\(plain):1:1: the scenario has no fuzz section (fuzz: {runs, depth, actions})")
        }
        let failing = try temporaryScenario("""
            name: x
            accounts: [owner, alice]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T } }
            steps:
              - transfer: { token: T, from: alice, to: owner, amount: "1" }
            fuzz:
              actions: [ { mine: 1 } ]
            """)
        do {
            _ = try Fuzzer(file: failing).run(seed: 0)
            Issue.record("ran")
        } catch {
            #expect(error.description == "\(failing):6:5: the scenario's own steps fail before any fuzz action: the transaction reverted: ERC20InsufficientBalance(sender: alice, balance: 0, needed: 1)")
        }
    }

    @Test func rangesKeepTheFractionDigitsOfTheirBounds() {
        #expect(Checker.range("0..100")?.scale == 0)
        #expect(Checker.range("0.5..2.25").map { "\($0.low) \($0.high) \($0.scale)" } == "50 225 2")
        #expect(Checker.range("1_000..2_000").map { "\($0.low) \($0.high)" } == "1000 2000")
        #expect(Checker.range("alice") == nil)
        #expect(Checker.range("1..") == nil)
        #expect(Checker.range("..2") == nil)
    }
}
