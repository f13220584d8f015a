import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@Suite struct LedgerReadTests {
    @Test func directReadsAnswerWhatBalanceOfAndTotalSupplyAnswer() throws {
        let harness = try Harness(ContractRegistry.model(kind: "erc20", options: ["name": "A", "symbol": "A"]))
        harness.send("mint(address,uint256)", [a(alice), u(UInt256(700))])
        harness.send("transfer(address,uint256)", [a(bob), u(UInt256(250))], from: alice)
        for account in [alice, bob, carol, deployer] {
            let called = try harness.chain.call(harness.token, "balanceOf(address)(uint256)", [a(account)])
            #expect(called == [u(ERC20Ledger.balance(on: harness.chain, token: harness.token, of: account))])
        }
        #expect(ERC20Ledger.balance(on: harness.chain, token: harness.token, of: bob) == UInt256(250))
        #expect(ERC20Ledger.totalSupply(on: harness.chain, token: harness.token) == UInt256(700))
        #expect(ERC20Ledger.kinds == ["erc20", "security-token"])
    }
}
