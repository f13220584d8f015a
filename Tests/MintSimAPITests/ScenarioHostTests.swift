import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimScenario
import Testing

@testable import MintSimAPI

/// Scenarios with a `mint-api` section, run against the real mint API in process.
@Suite struct ScenarioHostTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ yaml: String) throws -> ScenarioResult {
        ScenarioRunner(scenario: try ScenarioLoader.load(text: yaml, file: "api.yaml", mintAPI: MintAPIScenarios())).run()
    }

    func failure(_ result: ScenarioResult) -> String? {
        result.failedStep.map { "\($0.location.line):\($0.location.column): \($0.failure ?? "")" }
    }

    /// Writes `files` (name → text) into a new temporary directory and returns its path.
    static func directory(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return directory.path
    }

    static let otherPhrase = "legal winner thank year wave sausage worth useful legal winner thank yellow"

    @Test func aSetupsMnemonicGivesTheScenarioItsAccountsAllFunded() throws {
        // Eleven setup accounts (more than the ten a chain funds by default) and one of the file's own.
        let names = ["admin"] + (1...10).map { "a\($0)" }
        let directory = try Self.directory([
            "setup.yaml": "accounts: [\(names.joined(separator: ", "))]\nmnemonic: \(Self.otherPhrase)\n",
            "run.yaml": """
                name: another mnemonic
                mint-api: { setup: setup.yaml }
                accounts: [x]
                steps:
                  - assert: { balance: { of: admin }, equals: "10000" }
                  - assert: { balance: { of: a10 }, equals: "10000" }
                  - assert: { balance: { of: x }, equals: "10000" }
                """,
        ])
        let scenario = try ScenarioLoader.load(file: directory + "/run.yaml", mintAPI: MintAPIScenarios())
        let keys = try Mnemonic(Self.otherPhrase).accounts(count: 12)
        #expect(scenario.accounts.map(\.address) == keys.map(\.address))
        let result = ScenarioRunner(scenario: scenario).run()
        #expect(result.passed, "\(failure(result) ?? "")")
        // The file may repeat the setup's mnemonic, but not name another.
        do {
            _ = try ScenarioLoader.load(
                text: "name: t\nmint-api: { setup: setup.yaml }\nchain: { mnemonic: \(Mnemonic.defaultPhrase) }\nsteps: []", file: directory + "/inline.yaml",
                mintAPI: MintAPIScenarios())
            Issue.record("another mnemonic was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(directory)/inline.yaml:2:11: mint-api: the setup's accounts are those of the mnemonic the setup names, and the file's own continue them; remove chain.mnemonic"
                ])
        }
        _ = try ScenarioLoader.load(
            text: "name: t\nmint-api: { setup: setup.yaml }\nchain: { mnemonic: \(Self.otherPhrase) }\nsteps: []", file: directory + "/inline.yaml",
            mintAPI: MintAPIScenarios())
    }

    @Test func everyMintAPIExampleScenarioPasses() throws {
        let files = try ScenarioSuite.files([Self.root.appendingPathComponent("scenarios/mint-api").path])
        let results = ScenarioSuite.run(files, jobs: 2, mintAPI: MintAPIScenarios())
        for result in results {
            #expect(result.passed, "\(result.file): \(result.fileError.map { "\($0)" } ?? failure(result) ?? "")")
        }
        // One example per dialect, each sending requests to it.
        let texts = try files.map { try String(contentsOfFile: $0, encoding: .utf8) }
        for dialect in MintAPI.dialectNames {
            #expect(texts.contains { $0.contains("path: /\(dialect)/") || $0.contains("path: \"/\(dialect)/") }, "no example for \(dialect)")
        }
    }

    @Test func theLayoutIsWhatTheDemoDeploys() throws {
        let layout = try MintAPIScenarios().layout(of: "demo", dialect: nil)
        #expect(layout.accounts.map(\.name) == MintSetup.demoAccountNames)
        let chain = Chain(config: MintSetup.demoChainConfig)
        let setup = try MintSetup.demo(on: chain)
        #expect(layout.accounts.map(\.key.address) == setup.accounts.map(\.address))
        #expect(layout.contracts.map(\.name) == setup.contracts.map(\.name))
        #expect(layout.contracts.map(\.address) == setup.contracts.map(\.address))
        let decimals = Dictionary(uniqueKeysWithValues: layout.contracts.map { ($0.name, $0.decimals) })
        #expect(decimals["ACME"] == 18)
        #expect(decimals["ASN"] == 6)
        #expect(decimals["UKGILT2030"] == 0)
        #expect(decimals["QUSD"] == 18)
        #expect(throws: ScenarioMintAPIError("unknown setup 'other' (the demo, or a setup file ending in .yaml)")) { try MintAPIScenarios().layout(of: "other", dialect: nil) }
    }

    @Test func aRevertTakesBackTheAPIsRecordsWithTheChain() throws {
        let result = try run(
            """
            name: revert
            mint-api: demo
            steps:
              - snapshot: before
              - http:
                  method: POST
                  path: /qustody/v1/tokens/token_ghi789/mint
                  headers: { X-API-Key: qk_test_71dafb10db98b53a38211a3d9acc5bb5, Idempotency-Key: k-1 }
                  body: { amount: "10", recipient: { type: address, address: "${bob}" } }
                expect: { status: 202, body: { id: op_000001, status: CONFIRMED } }
              - revert: before
              - assert: { totalSupply: QPTS, equals: "0" }
              - comment: the key and the operation are gone with the chain's state, so another body is no conflict
                http:
                  method: POST
                  path: /qustody/v1/tokens/token_ghi789/mint
                  headers: { X-API-Key: qk_test_71dafb10db98b53a38211a3d9acc5bb5, Idempotency-Key: k-1 }
                  body: { amount: "20", recipient: { type: address, address: "${bob}" } }
                expect: { status: 202, body: { id: op_000001, amount: "20" } }
              - assert: { totalSupply: QPTS, equals: "0.00000000000000002" }
            """)
        #expect(result.passed, "\(failure(result) ?? "")")
    }

    @Test func aRevertLeavesWebhookDeliveriesAndEndpointsAsTheyAre() throws {
        let result = try run(
            """
            name: revert webhooks
            mint-api: demo
            steps:
              - snapshot: before
              - http: { method: POST, path: /_mintsim/webhooks, body: { dialect: qustody, url: "https://late.example.test/hook" } }
                expect: { status: 201 }
              - http:
                  method: POST
                  path: /qustody/v1/tokens/token_ghi789/mint
                  headers: { X-API-Key: qk_test_71dafb10db98b53a38211a3d9acc5bb5, Idempotency-Key: k-1 }
                  body: { amount: "10", recipient: { type: address, address: "${bob}" } }
                expect: { status: 202 }
              - revert: before
              - assert: { totalSupply: QPTS, equals: "0" }
              - webhook: { event: token.minted, url: "https://late.example.test/hook", count: 1 }
              - http: { path: /_mintsim/webhooks }
                expect: { body: { data: [ { id: wh_001, url: "https://late.example.test/hook" } ] } }
                save: { endpoint: "data[0].id" }
            """)
        #expect(result.passed, "\(failure(result) ?? "")")
    }

    @Test func aReceiverThatKeepsFailingExhaustsTheRetries() throws {
        let result = try run(
            """
            name: retries
            mint-api:
              setup: demo
              webhooks: [ { dialect: qustody, url: "https://down.example.test/hook", respond: [500] } ]
            steps:
              - http:
                  method: POST
                  path: /qustody/v1/tokens/token_ghi789/mint
                  headers: { X-API-Key: qk_test_71dafb10db98b53a38211a3d9acc5bb5, Idempotency-Key: k-1 }
                  body: { amount: "10", recipient: { type: address, address: "${bob}" } }
                expect: { status: 202 }
              - webhook: { event: token.minted, state: failed, attempts: 5 }
              - webhook: { event: token.mint_requested, state: failed, attempts: 5, count: 1 }
              - webhook: { event: token.minted }
            """)
        #expect(failure(result) == "14:5: no delivered token.minted delivery matches (dlv_000002 is failed)")
        #expect(result.steps.filter { $0.status == .passed }.count == 4)
    }

    @Test func endpointsRegisteredThroughTheAdminRouteAreDeliveredToo() throws {
        let result = try run(
            """
            name: admin webhooks
            mint-api: demo
            steps:
              - http: { method: POST, path: /_mintsim/webhooks, body: { dialect: qustody, url: "https://late.example.test/hook", secret: s3cret } }
                expect: { status: 201, body: { id: wh_001 } }
              - http:
                  method: POST
                  path: /qustody/v1/tokens/token_ghi789/mint
                  headers: { X-API-Key: qk_test_71dafb10db98b53a38211a3d9acc5bb5, Idempotency-Key: k-1 }
                  body: { amount: "10", recipient: { type: address, address: "${bob}" } }
                expect: { status: 202 }
              - webhook: { url: "https://late.example.test/hook", event: token.minted, attempts: 1, count: 1 }
              - http: { path: /_mintsim/deliveries }
                expect: { status: 200 }
            """)
        #expect(result.passed, "\(failure(result) ?? "")")
    }

    @Test func oneDialectServedAtTheRoot() throws {
        let result = try run(
            """
            name: root
            mint-api: { setup: demo, dialect: abclab }
            steps:
              - http:
                  method: POST
                  path: /api/tokens/mint
                  body: { asset_id: UKGILT2030, amount: 7, recipient_wallet_address: "${carol}" }
                expect: { status: 200, body: { status: success, token_id: TOKEN-12345 } }
              - http: { method: POST, path: /abclab/api/tokens/mint, body: {} }
                expect: { status: 404 }
            """)
        #expect(result.passed, "\(failure(result) ?? "")")
    }

    @Test func aSetupsFaultsMustNameTheDialectServed() throws {
        let directory = try Self.directory(["setup.yaml": "accounts: [admin]\nfaults:\n  failNext: [ { count: 1, dialect: qustody } ]\n"])
        do {
            _ = try ScenarioLoader.load(
                text: "name: t\nmint-api: { setup: setup.yaml, dialect: immutable }\nsteps: []", file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
            Issue.record("a failNext of a dialect not served was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(directory)/inline.yaml:2:11: mint-api: the setup \(directory)/setup.yaml has 1 error",
                    "\(directory)/setup.yaml:3:36: faults failNext dialect: qustody is not served (only immutable is, at the root)",
                ])
        }
        // Served with every dialect, it is accepted.
        _ = try ScenarioLoader.load(text: "name: t\nmint-api: { setup: setup.yaml }\nsteps: []", file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
    }

    @Test func eachErrorOfASetupFileIsReportedAtItsPlace() throws {
        let directory = try Self.directory([
            "setup.yaml": "accounts: [admin]\nqustody:\n  vaults: { v: nobody }\n  keys: { k: { permissions: [x] } }\n"
        ])
        do {
            _ = try ScenarioLoader.load(
                text: "name: t\nmint-api: { setup: setup.yaml }\nsteps:\n  - http: { path: /x }", file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
            Issue.record("a broken setup was accepted")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(directory)/inline.yaml:2:11: mint-api: the setup \(directory)/setup.yaml has 2 errors",
                    "\(directory)/setup.yaml:3:16: qustody vault v: unknown account 'nobody' (accounts: admin)",
                    "\(directory)/setup.yaml:4:30: qustody key k permissions: unknown permission 'x' (permissions: tokens:mint, tokens:burn, tokens:read, operations:approve)",
                ])
        }
    }

    @Test func aScenariosWebhookMayNotRepeatAURLOfTheSetup() throws {
        let directory = try Self.directory(["setup.yaml": "accounts: [admin]\nwebhooks:\n  - { dialect: qustody, url: \"https://a.test/h\" }\n"])
        do {
            _ = try ScenarioLoader.load(
                text: """
                    name: t
                    mint-api:
                      setup: setup.yaml
                      webhooks: [ { dialect: qustody, url: "https://b.test/h" }, { dialect: immutable, url: "https://a.test/h", respond: [500] } ]
                    steps: []
                    """, file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
            Issue.record("a URL of the setup was accepted again")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "\(directory)/inline.yaml:4:62: mint-api webhooks: https://a.test/h is already an endpoint of the setup (one receiver per URL)"
                ])
        }
    }

    @Test func aSetupThatFailsToBuildHasNoLayout() throws {
        // The checks of a setup file leave nothing known to fail here; a plan made in code can.
        var plan = MintSetupPlan(accounts: ["admin"], deployer: "admin")
        plan.securityTokens = [
            MintSetupPlan.SecurityTokenPlan(
                name: "T", options: SecurityTokenSuite.Options(name: "T", symbol: "T", claimTopics: [1, 1]), trustedIssuers: [], minters: [],
                collateral: nil, investors: [])
        ]
        #expect(throws: ScenarioMintAPIError(
            "the setup failed: cannot deploy the security token T: adding claim topic 1: execution reverted: ClaimTopicAlreadyExists()"
        )) { try MintAPIScenarios.layout(plan).get() }
    }

    @Test func theSetupNeedsANewChain() throws {
        let scenario = try ScenarioLoader.load(text: "name: t\nmint-api: demo\nsteps: []", file: "api.yaml", mintAPI: MintAPIScenarios())
        let chain = Chain(config: scenario.config)
        chain.mine()
        let result = ScenarioRunner(scenario: scenario, chain: chain).run()
        #expect(failure(result) == "2:11: the mint API's demo setup needs a new chain, but this one is at block 1")
    }
}
