import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

@Suite struct SecurityTokenLifecycleTests {
    /// An issuance from deployment to recovery: three investors in three countries, refused mints
    /// (missing claim, blocked country, maximum holders, maximum balance, collateral), transfers around frozen
    /// balances, a forced transfer, a wallet recovery and a pause.
    @Test func issuanceLifecycle() throws {
        let s = try SecurityTokenSuite(unpause: false, investors: [])
        let h = s.h
        // Investors: alice in the US, bob in Japan, carol in Germany; mallory registered without a claim.
        try s.onboard(alice, country: 840)
        try s.onboard(bob, country: 392)
        try s.onboard(carol, country: 276)
        try s.onboard(mallory, country: 250, claim: false)
        #expect(try s.chain.call(s.registry, "isVerified(address)(bool)", [a(carol)]) == [.bool(true)])
        try s.addModule(CountryRestrictModule(), [("addCountryRestriction(uint16)", [u(n(156))])])
        try s.addModule(MaxBalanceModule(), [("setMaxBalance(uint256)", [u(n(600))])])
        try s.addModule(MaxHoldersModule(), [("setMaxHolders(uint256)", [u(n(3))])])
        let china = devAccounts[9].address
        try s.onboard(china, country: 156)
        let dave = devAccounts[8].address
        try s.onboard(dave, country: 826)
        s.send("grantRole(bytes32,address)", [b32(SecurityToken.collateralRole), a(deployer)])
        s.send("setCollateral(uint256,uint256)", [u(n(1_000)), u(UInt256(s.chain.now + 86_400))])

        // Primary issuance while paused: mints are not pause-gated.
        s.send("batchMint(address[],uint256[])", [.array([a(alice), a(bob), a(carol)]), .array([u(n(500)), u(n(300)), u(n(100))])])
        s.refuse("mint(address,uint256)", [a(mallory), u(n(10))], error: "UnverifiedIdentity()", explains: "no valid claim of topic 1")
        s.refuse(
            "mint(address,uint256)", [a(china), u(n(10))], error: "ComplianceNotFollowed()",
            explains: "country-restrict-module: receiver's country 156 is restricted")
        s.refuse("mint(address,uint256)", [a(alice), u(n(101))], error: "ComplianceNotFollowed()", explains: "more than the maximum balance 600")
        s.refuse(
            "mint(address,uint256)", [a(dave), u(n(1))], error: "ComplianceNotFollowed()",
            explains: "max-holders-module: 3 holders already, the maximum")
        s.refuse(
            "mint(address,uint256)", [a(carol), u(n(101))], error: "InsufficientCollateral(uint256,uint256)", [u(n(1_001)), u(n(1_000))],
            explains: "minting 101 needs collateral 1001, valid collateral is 1000")
        #expect(s.supply == n(900))

        // Trading opens.
        s.refuse("transfer(address,uint256)", [a(bob), u(n(10))], from: alice, error: "EnforcedPause()")
        s.send("unpause()")
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(200))])
        s.refuse(
            "transfer(address,uint256)", [a(carol), u(n(301))], from: alice, error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(300)), u(n(301))], explains: "has 300 unfrozen of 500 (200 frozen), needs 301")
        s.send("transfer(address,uint256)", [a(carol), u(n(300))], from: alice)
        s.refuse("transfer(address,uint256)", [a(china), u(n(1))], from: bob, error: "TransferNotPossible()", explains: "country 156 is restricted")
        // Forced transfer of frozen tokens (unfreezes what it needs).
        #expect(
            s.send("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(150))]) == [
                event("TokensUnfrozen", ["_userAddress": a(alice), "_amount": u(n(150))]), transferEvent(alice, bob, 150),
            ])
        #expect(s.balance(alice) == n(50) && s.frozen(alice) == n(50) && s.balance(bob) == n(450) && s.balance(carol) == n(400))

        // Bob loses his key: the agent recovers to a new wallet on the same identity.
        let bobNew = devAccounts[7].address
        s.send("setAddressFrozen(address,bool)", [a(bob), .bool(true)])
        let bobIdentity = s.identities[bob] ?? .zero
        let recovery = s.send("recoveryAddress(address,address,address)", [a(bob), a(bobNew), a(bobIdentity)])
        #expect(recovery.last == event("RecoverySuccess", ["_lostWallet": a(bob), "_newWallet": a(bobNew), "_investorOnchainID": a(bobIdentity)]))
        #expect(s.balance(bobNew) == n(450) && h.bool("isFrozen(address)(bool)", [a(bobNew)]) == true)
        #expect(try s.chain.call(s.registry, "isVerified(address)(bool)", [a(bobNew)]) == [.bool(true)])
        s.send("setAddressFrozen(address,bool)", [a(bobNew), .bool(false)])
        s.send("transfer(address,uint256)", [a(alice), u(n(50))], from: bobNew)

        // Halt: pause stops transfers but not agent operations.
        s.send("pause()")
        s.refuse("transfer(address,uint256)", [a(carol), u(n(1))], from: alice, error: "EnforcedPause()")
        s.send("burn(address,uint256)", [a(carol), u(n(400))])
        #expect(s.supply == n(500) && s.balance(alice) &+ s.balance(bobNew) == n(500))
    }
}
