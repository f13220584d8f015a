import Foundation
import MintSimPrimitives
import Testing
@testable import MintSimScenario

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Loads and runs a scenario given as text.
func run(_ yaml: String, file: String = "test.yaml") throws -> ScenarioResult {
    ScenarioRunner(scenario: try ScenarioLoader.load(text: yaml, file: file)).run()
}

/// The failed step's location and message, as `line:column: message`.
func failure(_ result: ScenarioResult) -> String? {
    result.failedStep.map { "\($0.location.line):\($0.location.column): \($0.failure ?? "")" }
}

let erc20Header = """
    name: test
    accounts: [owner, alice, bob]
    contracts:
      T: { kind: erc20, from: owner, args: { name: Test, symbol: T, decimals: 2, cap: "1000" } }
    """

@Suite struct ScenarioRunTests {
    @Test func everyExampleInScenariosPasses() throws {
        let files = try ScenarioSuite.files([repositoryRoot.appendingPathComponent("scenarios").path])
        #expect(files.count >= 4)
        let results = ScenarioSuite.run(files, jobs: 2)
        #expect(results.count == files.count)
        for result in results {
            #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .normal))")
            #expect(result.steps.count > 1)
        }
    }

    @Test func aWrongBalanceChangeNamesTheStepAndBothValues() throws {
        let result = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "10" }
              - transfer: { token: T, from: alice, to: bob, amount: "2.5" }
                expect:
                  balance-changes: { alice: "-2.5", bob: "+2.51" }
              - mine: 1
            """)
        #expect(!result.passed)
        #expect(failure(result) == "7:5: balance change of bob in T: expected +2.51, actual +2.5")
        #expect(result.steps.map(\.status) == [.passed, .passed, .failed, .skipped])
        #expect(result.failedStep?.trace.contains("  T.Transfer(from: alice, to: bob, value: 2.5)") == true)
    }

    @Test func anUnexpectedRevertIsDecodedWithNamesAndUnits() throws {
        let result = try run(erc20Header + """

            steps:
              - transfer: { token: T, from: alice, to: bob, amount: "1.5" }
            """)
        #expect(failure(result) == "6:5: the transaction reverted: ERC20InsufficientBalance(sender: alice, balance: 0, needed: 1.5)")
    }

    @Test func anExpectedRevertThatDoesNotHappenFails() throws {
        let result = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1" }
                expect-revert: EnforcedPause
            """)
        #expect(failure(result) == "6:5: expected a revert with EnforcedPause, but the transaction succeeded")
    }

    @Test func theWrongRevertOrWrongArgumentsFail() throws {
        let wrongError = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1001" }
                expect-revert: EnforcedPause
            """)
        #expect(failure(wrongError) == "6:5: expected a revert with EnforcedPause, but it reverted with ERC20ExceededCap(increasedSupply: 1001, cap: 1000)")
        let wrongArgument = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1001" }
                expect-revert: { error: ERC20ExceededCap, args: { cap: "999" } }
            """)
        #expect(failure(wrongArgument) == "6:5: expected ERC20ExceededCap with cap = 999, but it reverted with ERC20ExceededCap(increasedSupply: 1001, cap: 1000)")
        let positional = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1001" }
                expect-revert: { error: ERC20ExceededCap, args: ["1001", { raw: "100000" }] }
            """)
        #expect(positional.passed)
    }

    @Test func aMissingEventListsTheEventsEmitted() throws {
        let result = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1" }
                expect:
                  events: [ { Transfer: { to: bob } } ]
            """)
        #expect(failure(result) == "6:5: expected the event Transfer(to: bob), but it emitted: T.Transfer(from: zero, to: alice, value: 1)")
        let absent = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1" }
                expect:
                  no-events: [ Transfer ]
            """)
        #expect(failure(absent) == "6:5: expected no Transfer event, but it emitted T.Transfer(from: zero, to: alice, value: 1)")
    }

    @Test func aFalseInvariantStopsTheRunAtTheStepThatBrokeIt() throws {
        let result = try run(erc20Header + """

            invariants: [ "totalSupply(T) <= units(T, 5)" ]
            steps:
              - mint: { token: T, to: alice, amount: "5" }
              - mint: { token: T, to: bob, amount: "0.01" }
              - mint: { token: T, to: bob, amount: "1" }
            """)
        #expect(failure(result) == "8:5: invariant test.yaml:5:15: totalSupply(T) <= units(T, 5) is false: 501 > 500")
        #expect(result.steps.map(\.status) == [.passed, .passed, .failed, .skipped])
    }

    @Test func assertionsCompareInTokenUnits() throws {
        let result = try run(erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "12.5" }
              - assert: { balance: { token: T, of: alice }, equals: "12.50" }
              - assert: { balance: { token: T, of: alice }, at-least: "12" }
              - assert: { balance: { token: T, of: alice }, at-most: "12.49" }
            """)
        #expect(failure(result) == "9:5: T balance of alice: expected at most 12.49, actual 12.5")
    }

    @Test func snapshotsRevertTheChain() throws {
        let result = try run(erc20Header + """

            steps:
              - snapshot: start
              - mint: { token: T, to: alice, amount: "10" }
              - revert: start
              - assert: { totalSupply: T, equals: "0" }
              - mint: { token: T, to: alice, amount: "1" }
              - revert: start
              - assert: { balance: { token: T, of: alice }, equals: "0" }
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
    }

    @Test func manualMiningKeepsTransactionsPendingUntilMined() throws {
        let result = try run("""
            name: manual
            chain: { mining: manual }
            accounts: [owner, alice]
            contracts:
              T: { kind: erc20, from: owner, args: { name: Test, symbol: T } }
            steps:
              - mint: { token: T, to: alice, amount: "3" }
              - assert: { totalSupply: T, equals: "0" }
              - mine: 1
              - assert: { totalSupply: T, equals: "3" }
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
    }

    @Test func timeEtherAndRawTransactions() throws {
        let key = try PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        let transaction = Transaction(to: try Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), value: UInt256(1_000))
        let raw = try transaction.signed(with: key).rawBytes.hex
        let result = try run("""
            name: misc
            chain: { startTime: 1000, blockTime: 10 }
            accounts: [owner, alice]
            steps:
              - advance-time: 1h
              - assert: "now() >= 4600"
              - set-balance: { account: alice, amount: "1.5" }
              - assert: { balance: { of: alice }, equals: "1.5" }
              - send-raw: "\(raw)"
              - assert: { balance: { of: alice }, equals: { raw: "1500000000000001000" } }
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
    }

    @Test func reportsAsJSONAndJUnit() throws {
        let passing = try run(erc20Header + "\nsteps:\n  - mint: { token: T, to: alice, amount: \"1\" }\n", file: "pass.yaml")
        let failing = try run(erc20Header + "\nsteps:\n  - mint: { token: T, to: alice, amount: \"1\" }\n    expect-revert: EnforcedPause\n", file: "fail.yaml")
        let json = ScenarioReport.json([passing, failing], seed: 7) as? [String: Any]
        #expect(json?["passed"] as? Bool == false)
        #expect(json?["seed"] as? String == "7")
        let scenarios = json?["scenarios"] as? [[String: Any]]
        #expect(scenarios?.map { $0["passed"] as? Bool } == [true, false])
        let steps = scenarios?[1]["steps"] as? [[String: Any]]
        #expect(steps?.last?["failure"] as? String == "expected a revert with EnforcedPause, but the transaction succeeded")
        #expect(steps?.last?["location"] as? String == "fail.yaml:6:5")
        let xml = ScenarioReport.junit([passing, failing])
        #expect(xml.contains("<testsuites name=\"mintsim\" tests=\"4\" failures=\"1\">"))
        #expect(xml.contains("<failure message=\"expected a revert with EnforcedPause, but the transaction succeeded\">fail.yaml:6:5: "))
        #expect(ScenarioReport.escape("a<b & \"c\"\u{1}") == "a&lt;b &amp; &quot;c&quot;?")
    }

    @Test func missingPathsAndEmptyDirectoriesAreRefused() throws {
        #expect(throws: ScenarioPathError.self) { try ScenarioSuite.files(["/nonexistent/x.yaml"]) }
        do {
            _ = try ScenarioSuite.files([NSTemporaryDirectory() + "/mintsim-empty-\(UUID().uuidString)"])
        } catch {
            #expect(error.message.hasSuffix("no such file or directory"))
        }
        let missing = ScenarioSuite.runOne("/nonexistent/x.yaml")
        #expect(missing.fileError?.description == "/nonexistent/x.yaml:1:1: the file does not exist")
    }
}

@Suite struct IncludeTests {
    func files(_ contents: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("shared"), withIntermediateDirectories: true)
        for (name, text) in contents { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory
    }

    @Test func sharedSetupAndStepsComeFromIncludedFiles() throws {
        let directory = try files([
            "shared/setup.yaml": """
                name: shared setup
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0 } }
                invariants: [ "sum(balances(T)) == totalSupply(T)" ]
                steps:
                  - mint: { token: T, to: alice, amount: "100" }
                """,
            "shared/transfer.yaml": """
                steps:
                  - transfer: { token: T, from: alice, to: bob, amount: "40" }
                """,
            "main.yaml": """
                name: main
                include: shared/setup.yaml
                accounts: [bob]
                steps:
                  - include: shared/transfer.yaml
                  - assert: { balance: { token: T, of: bob }, equals: "40" }
                  - assert: { balance: { token: T, of: alice }, equals: "60" }
                """,
        ])
        let scenario = try ScenarioLoader.load(file: directory.appendingPathComponent("main.yaml").path)
        #expect(scenario.accounts.map(\.name) == ["owner", "alice", "bob"])
        // bob continues the mnemonic's accounts after the included file's.
        #expect(scenario.accounts[2].address.checksummed == "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
        #expect(scenario.steps.map { ($0.location.file as NSString).lastPathComponent } == ["setup.yaml", "transfer.yaml", "main.yaml", "main.yaml"])
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
    }

    @Test func errorsInIncludedFilesPointIntoThemAndCyclesAreRefused() throws {
        let directory = try files([
            "a.yaml": "name: a\ninclude: b.yaml\nsteps: []\n",
            "b.yaml": "name: b\ninclude: a.yaml\naccounts: [x]\nsteps:\n  - mine: lots\n",
            "c.yaml": "name: c\nsteps:\n  - include: missing.yaml\n",
        ])
        let a = directory.appendingPathComponent("a.yaml").path, b = directory.appendingPathComponent("b.yaml").path
        do {
            _ = try ScenarioLoader.load(file: a)
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "\(b):2:10: include: a.yaml includes itself (\(a) → \(b) → \(directory.path)/a.yaml)",
                "\(b):5:11: mine must be a whole number, found 'lots'",
            ])
        }
        do {
            _ = try ScenarioLoader.load(file: directory.appendingPathComponent("c.yaml").path)
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["include: missing.yaml: the file does not exist"])
        }
    }
}

@Suite struct EveryStepKindTests {
    @Test func theRemainingStepKindsWork() throws {
        let result = try run("""
            name: every step kind
            accounts: [owner, agent, kyc, alice, bob, carol]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0 }, roles: { BURNER_ROLE: [agent] } }
              S:
                kind: security-token
                from: owner
                args: { name: S, symbol: S }
                claimTopics: [KYC, AML]
                trustedIssuers: { kyc: [KYC, AML] }
            steps:
              - batch-mint: { token: T, to: [alice, bob], amounts: ["10", "20"] }
                expect:
                  balance-changes: { alice: "+10", bob: "+20" }
              - approve: { token: T, from: alice, spender: carol, amount: "5" }
              - burn-from: { token: T, account: alice, amount: "3", from: carol }
              - burn: { token: T, account: bob, amount: "2", from: agent }
              - revoke-role: { token: T, role: BURNER_ROLE, account: agent }
              - assert: { hasRole: { token: T, role: BURNER_ROLE, account: agent }, equals: false }
              - burn: { token: T, account: bob, amount: "2", from: agent }
                expect-revert: AccessControlUnauthorizedAccount
              - grant-role: { token: T, role: MINTER_ROLE, account: agent }
              - assert: "hasRole(T, MINTER_ROLE, agent) && !hasRole(T, PAUSER_ROLE, agent)"
              - call: { contract: T, function: "mint(address,uint256)", args: [carol, 7], from: agent }
              - assert: { balance: { token: T, of: carol }, equals: "7" }
              - add-agent: { token: S, account: agent }
              - assert: { hasRole: { token: S, role: AGENT_ROLE, account: agent } }
              - register-identity: { token: S, wallet: alice, country: US, claims: { KYC: kyc }, from: agent }
              - assert: { isVerified: { token: S, wallet: alice }, equals: false }
              - add-claim: { token: S, wallet: alice, topic: AML, issuer: kyc }
              - assert: { isVerified: { token: S, wallet: alice } }
              - register-identity: { token: S, wallet: bob, country: GB, claims: { KYC: kyc, AML: kyc }, from: agent }
              - batch-mint: { token: S, to: [alice, bob], amounts: ["100", "50"], from: agent }
              - batch-transfer: { token: S, from: alice, to: [bob, bob], amounts: ["1", "2"] }
                expect:
                  balance-changes: { alice: "-3", bob: "+3" }
              - remove-claim: { token: S, wallet: alice, topic: AML, issuer: kyc }
              - assert: { isVerified: { token: S, wallet: alice }, equals: false }
              - transfer: { token: S, from: bob, to: alice, amount: "1" }
                expect-revert: { error: TransferNotPossible, explanation: "no valid claim of topic 2" }
              - add-module: { token: S, module: { module: country-restrict, countries: [US] }, from: owner }
              - add-claim: { token: S, wallet: alice, topic: 2, issuer: kyc }
              - transfer: { token: S, from: bob, to: alice, amount: "10" }
                expect-revert: { error: TransferNotPossible, explanation: "country-restrict-module" }
              - transfer: { token: S, from: alice, to: bob, amount: "10" }
              - call: { contract: S.compliance, function: "isModuleBound(address)", args: [S], from: owner }
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
        #expect(result.steps.count == 30)
        #expect(result.steps.map(\.summary).contains("add a claim of topic AML by kyc to alice's identity"))
        #expect(result.steps.map(\.summary).contains("remove alice's claim of topic AML"))
    }
}

@Suite struct HolderTrackingTests {
    @Test func tokensMintedAtDeploymentAndInSeveralTransactionsAreSeen() throws {
        let result = try run("""
            name: holders
            accounts: [owner, agent, kyc, alice]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0, initialSupply: "10000", initialHolder: alice } }
              S: { kind: security-token, from: owner, args: { name: S, symbol: S }, claimTopics: [KYC], trustedIssuers: { kyc: [KYC] } }
            invariants: [ "sum(balances(T)) == totalSupply(T)", "count(holders(T)) == 1" ]
            steps:
              - register-identity: { token: S, wallet: alice, country: US, claims: { KYC: kyc } }
                expect:
                  events: [ IdentityRegistered, { ClaimAdded: { topic: 1 } } ]
              - assert: { balance: { token: T, of: alice }, equals: "10000" }
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
        #expect(result.steps[0].trace.contains { $0.contains("T.Transfer(from: zero, to: alice, value: 10000)") })
        #expect(result.steps[2].trace.filter { $0.hasPrefix("tx ") }.count == 3)
    }

    @Test func manualMiningTracksHoldersWhenBlocksAreMined() throws {
        let result = try run("""
            name: manual holders
            chain: { mining: manual }
            accounts: [owner, alice, bob]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T, decimals: 0 } }
            invariants: [ "sum(balances(T)) == totalSupply(T)" ]
            steps:
              - mint: { token: T, to: alice, amount: "5" }
              - mint: { token: T, to: bob, amount: "7" }
              - mine: 1
              - assert: "count(holders(T)) == 2 && sum(balances(T)) == 12"
            """)
        #expect(result.passed, "\(ScenarioReport.text(result, verbosity: .verbose))")
    }
}

@Suite struct TraceDetailTests {
    @Test func onlyTheFailedStepKeepsItsTraceWhenAskedFor() throws {
        let scenario = try ScenarioLoader.load(text: erc20Header + """

            steps:
              - mint: { token: T, to: alice, amount: "1" }
              - mint: { token: T, to: alice, amount: "2" }
                expect:
                  balance-changes: { alice: "+3" }
            """, file: "t.yaml")
        let runner = ScenarioRunner(scenario: scenario)
        runner.traces = .failures
        let result = runner.run()
        #expect(result.steps.map(\.trace.isEmpty) == [true, true, false])
        #expect(result.steps[2].trace.last == "  T.Transfer(from: zero, to: alice, value: 2)")
        #expect(result.steps[2].trace.first?.hasPrefix("tx 0x") == true)
        let full = ScenarioRunner(scenario: scenario).run()
        #expect(full.steps.map(\.trace.isEmpty) == [false, false, false])
        #expect(full.steps[2].trace == result.steps[2].trace)
    }
}
