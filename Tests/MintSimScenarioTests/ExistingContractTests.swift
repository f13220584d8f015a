import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimScenario

@Suite("Scenarios on a chain with contracts already on it")
struct ExistingContractTests {
    /// A chain where an earlier "run" deployed USDX (6 decimals) and minted to account 1.
    func chainWithToken() throws -> (Chain, ExistingContract) {
        let chain = Chain(config: .development())
        ContractRegistry.register(on: chain)
        let owner = chain.config.genesisAccounts[0].0, alice = chain.config.genesisAccounts[1].0
        let token = try chain.deploy(kind: "erc20", options: ["name": "Dollar", "symbol": "USDX", "decimals": "6"], from: owner).address
        try chain.transact(token, "mint(address,uint256)", [.address(alice), .uint(UInt256(5_000_000))], from: owner)
        return (chain, ExistingContract(name: "USDX", kind: "erc20", decimals: 6, address: token))
    }

    @Test("an existing token is used by name, in its units, with its earlier holders in invariants")
    func usedByName() throws {
        let (chain, usdx) = try chainWithToken()
        let text = """
            name: later
            accounts: [owner, alice, bob]
            invariants: ["sum(balances(USDX)) == totalSupply(USDX)"]
            steps:
              - transfer: { token: USDX, from: alice, to: bob, amount: "1.5" }
              - assert: { balance: { token: USDX, of: alice }, equals: "3.5" }
            """
        let scenario = try ScenarioLoader.load(text: text, file: "later.yaml", existing: [usdx])
        let result = ScenarioRunner(scenario: scenario, chain: chain).run()
        #expect(result.passed, "\(result.steps.compactMap(\.failure))")
    }

    @Test("without it the name is unknown; a contract the file declares takes the name over")
    func shadowedAndUnknown() throws {
        let (chain, usdx) = try chainWithToken()
        let uses = """
            name: later
            accounts: [owner, alice, bob]
            steps:
              - transfer: { token: USDX, from: alice, to: bob, amount: "1" }
            """
        #expect(throws: ScenarioFileError.self) { try ScenarioLoader.load(text: uses, file: "later.yaml") }
        let declares = """
            name: again
            accounts: [owner, alice, bob]
            contracts:
              USDX: { kind: erc20, from: owner, args: { name: Other, symbol: USDX, decimals: 2 } }
            steps:
              - mint: { token: USDX, to: bob, amount: "1.25" }
              - assert: { balance: { token: USDX, of: bob }, equals: "1.25" }
            """
        let scenario = try ScenarioLoader.load(text: declares, file: "again.yaml", existing: [usdx])
        #expect(scenario.contracts["USDX"]?.address == nil)
        #expect(scenario.contracts["USDX"]?.decimals == 2)
        let result = ScenarioRunner(scenario: scenario, chain: chain).run()
        #expect(result.passed, "\(result.steps.compactMap(\.failure))")
    }

    @Test("suite steps on a security token an earlier run deployed are refused with the reason")
    func suiteSteps() throws {
        let chain = Chain(config: .development())
        ContractRegistry.register(on: chain)
        let acme = ExistingContract(name: "ACME", kind: "security-token", decimals: 0, address: Address.contractAddress(sender: .zero, nonce: 1))
        let text = """
            name: later
            accounts: [owner, alice]
            steps:
              - register-identity: { token: ACME, wallet: alice, country: US }
            """
        let scenario = try ScenarioLoader.load(text: text, file: "later.yaml", existing: [acme])
        let result = ScenarioRunner(scenario: scenario, chain: chain).run()
        #expect(result.steps.first?.failure == "ACME was deployed by an earlier run: steps on its suite (identities, claims, agents, modules) need a suite this scenario deploys")
    }
}
