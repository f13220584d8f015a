import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// Edge cases of the T-REX 4.2 token (Token.sol, custom errors) that the main suites leave out:
/// recovery branches, allowance on failed transferFrom, zero addresses and amounts, auto-unfreeze
/// boundaries, compliance hooks of agent operations, batch quirks, access control and freezing.
@Suite struct SecurityTokenEdgeTests {
    static let recovered = devAccounts[7].address

    static func frozenEvent(_ user: Address, _ frozen: Bool, by owner: Address) -> DecodedEvent? {
        event("AddressFrozen", ["_userAddress": a(user), "_isFrozen": .bool(frozen), "_owner": a(owner)])
    }
    static func tokensEvent(_ name: String, _ user: Address, _ amount: Int) -> DecodedEvent? {
        event(name, ["_userAddress": a(user), "_amount": u(n(amount))])
    }
    static func registryEvent(_ name: String, _ wallet: Address, _ identity: Address) -> DecodedEvent? {
        event(name, ["_investorAddress": a(wallet), "_identity": a(identity)])
    }
    static func recoveryEvent(_ lost: Address, _ new: Address, _ identity: Address) -> DecodedEvent? {
        event("RecoverySuccess", ["_lostWallet": a(lost), "_newWallet": a(new), "_investorOnchainID": a(identity)])
    }
    static let recover = "recoveryAddress(address,address,address)"

    func registered(_ s: SecurityTokenSuite, _ wallet: Address) throws -> Bool {
        try s.chain.call(s.registry, "contains(address)(bool)", [a(wallet)]) == [.bool(true)]
    }
    func registeredIdentity(_ s: SecurityTokenSuite, _ wallet: Address) throws -> [ABIValue] {
        try s.chain.call(s.registry, "identity(address)(address)", [a(wallet)])
    }

    // MARK: 1. recoveryAddress branches

    /// Both wallets registered: T-REX only deletes the lost wallet's registration; the new wallet
    /// keeps its own identity. No frozen amount or flag: no freeze events.
    @Test func recoveryToARegisteredWalletOnlyDeletesTheLostOne() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let newIdentity = try s.onboard(new, country: 250)
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        #expect(
            s.send(Self.recover, [a(alice), a(new), a(identity)]) == [
                transferEvent(alice, new, 100), Self.registryEvent("IdentityUnstored", alice, identity),
                Self.registryEvent("IdentityRemoved", alice, identity), Self.recoveryEvent(alice, new, identity),
            ])
        #expect(try !registered(s, alice) && registered(s, new))
        #expect(try registeredIdentity(s, new) == [a(newIdentity)])
        #expect(try s.chain.call(s.registry, "investorCountry(address)(uint16)", [a(new)]) == [u(n(250))])
        #expect(s.balance(new) == n(100) && s.balance(alice) == .zero && s.frozen(new) == .zero)
        #expect(s.h.bool("isFrozen(address)(bool)", [a(new)]) == false)
    }

    /// Only the new wallet registered: the recovery moves the tokens and writes nothing to the registry.
    @Test func recoveryWithOnlyTheNewWalletRegisteredLeavesTheRegistry() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let newIdentity = try s.onboard(new, country: 250)
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        try s.chain.transact(s.registry, "deleteIdentity(address)", [a(alice)], from: deployer)
        // The token need not be an agent of the registry for this branch.
        try s.chain.transact(s.registry, "removeAgent(address)", [a(s.token)], from: deployer)
        #expect(s.send(Self.recover, [a(alice), a(new), a(identity)]) == [transferEvent(alice, new, 100), Self.recoveryEvent(alice, new, identity)])
        #expect(try !registered(s, alice) && registeredIdentity(s, new) == [a(newIdentity)])
        #expect(s.balance(new) == n(100) && s.balance(alice) == .zero)
    }

    /// No frozen amount or flag on the lost wallet: only the transfer and the registration move.
    @Test func recoveryWithoutFreezesEmitsNoFreezeEvents() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        #expect(
            s.send(Self.recover, [a(alice), a(new), a(identity)]) == [
                transferEvent(alice, new, 100), Self.registryEvent("IdentityStored", new, identity),
                Self.registryEvent("IdentityRegistered", new, identity), Self.registryEvent("IdentityUnstored", alice, identity),
                Self.registryEvent("IdentityRemoved", alice, identity), Self.recoveryEvent(alice, new, identity),
            ])
        #expect(try s.chain.call(s.registry, "investorCountry(address)(uint16)", [a(new)]) == [u(n(840))])
        #expect(s.frozen(new) == .zero && s.h.bool("isFrozen(address)(bool)", [a(new)]) == false)
    }

    /// A new wallet already frozen is not frozen again (one AddressFrozen, for the lost wallet), and its
    /// frozen tokens are added to.
    @Test func recoveryIntoAFrozenWalletAddsToItsFrozenTokens() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let newIdentity = try s.onboard(new, country: 250)
        let identity = s.identities[alice] ?? .zero
        s.send("batchMint(address[],uint256[])", [.array([a(alice), a(new)]), .array([u(n(100)), u(n(10))])])
        s.send("batchFreezePartialTokens(address[],uint256[])", [.array([a(alice), a(new)]), .array([u(n(40)), u(n(4))])])
        s.send("batchSetAddressFrozen(address[],bool[])", [.array([a(alice), a(new)]), .array([.bool(true), .bool(true)])])
        #expect(
            s.send(Self.recover, [a(alice), a(new), a(identity)]) == [
                transferEvent(alice, new, 100), Self.tokensEvent("TokensUnfrozen", alice, 40), Self.tokensEvent("TokensFrozen", new, 40),
                Self.frozenEvent(alice, false, by: s.token), Self.registryEvent("IdentityUnstored", alice, identity),
                Self.registryEvent("IdentityRemoved", alice, identity), Self.recoveryEvent(alice, new, identity),
            ])
        #expect(s.balance(new) == n(110) && s.frozen(new) == n(44) && s.frozen(alice) == .zero)
        #expect(s.h.bool("isFrozen(address)(bool)", [a(new)]) == true && s.h.bool("isFrozen(address)(bool)", [a(alice)]) == false)
        #expect(try registeredIdentity(s, new) == [a(newIdentity)])
    }

    /// The lost wallet's frozen flag alone (no frozen amount) moves without TokensFrozen/Unfrozen.
    @Test func recoveryMovesTheFlagWithoutAFrozenAmount() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("setAddressFrozen(address,bool)", [a(alice), .bool(true)])
        let logs = s.send(Self.recover, [a(alice), a(new), a(identity)])
        #expect(
            Array(logs.prefix(3)) == [
                transferEvent(alice, new, 100), Self.frozenEvent(alice, false, by: s.token), Self.frozenEvent(new, true, by: s.token),
            ])
        #expect(logs.count == 8 && logs.last == Self.recoveryEvent(alice, new, identity))
    }

    @Test func recoveryToTheZeroAddressIsAnInvalidReceiver() throws {
        let s = try SecurityTokenSuite()
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.refuse(Self.recover, [a(alice), a(.zero), a(identity)], error: "ERC20InvalidReceiver(address)", [a(.zero)], explains: "zero address")
        #expect(try s.balance(alice) == n(100) && registered(s, alice))
    }

    /// The token must be an agent of the registry to move a registration: the registry's
    /// CallerDoesNotHaveAgentRole() bubbles up and nothing changes.
    @Test func recoveryBubblesTheRegistryAgentError() throws {
        let s = try SecurityTokenSuite()
        let new = Self.recovered
        let identity = s.identities[alice] ?? .zero
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(10))])
        try s.chain.transact(s.registry, "removeAgent(address)", [a(s.token)], from: deployer)
        s.refuse(Self.recover, [a(alice), a(new), a(identity)], error: "CallerDoesNotHaveAgentRole()")
        // Both registered: deleteIdentity is refused the same way.
        try s.onboard(new, country: 250)
        s.refuse(Self.recover, [a(alice), a(new), a(identity)], error: "CallerDoesNotHaveAgentRole()")
        #expect(s.balance(alice) == n(100) && s.frozen(alice) == n(10) && s.balance(new) == .zero)
        #expect(try registered(s, alice))
    }

    /// The order of identity-registry calls matches T-REX's: `contains(lost) || contains(new)`
    /// short-circuits, and `contains` is asked again after the move.
    @Test func recoveryAsksTheRegistryInTREXOrder() throws {
        let chain = Chain()
        let registry = try chain.deploy(RecordingIdentityRegistry(), from: deployer).address
        let compliance = try chain.deploy(ModularCompliance(), from: deployer).address
        let token = try chain.deploy(
            SecurityToken(name: "Acme", symbol: "ACME", identityRegistry: registry, compliance: compliance), from: deployer
        ).address
        let (new1, new2, new3) = (devAccounts[7].address, devAccounts[8].address, devAccounts[9].address)
        try chain.transact(
            token, "batchMint(address[],uint256[])", [.array([a(alice), a(bob), a(carol)]), .array([u(n(10)), u(n(10)), u(n(10))])], from: deployer)
        func asked(_ lost: Address, _ new: Address) throws -> [String] {
            let logs = try chain.transact(token, Self.recover, [a(lost), a(new), a(.zero)], from: deployer).receipt?.logs ?? []
            return logs.filter { $0.address == registry }.map { RecordingIdentityRegistry.describe($0) }
        }
        // Only the lost wallet registered.
        try chain.transact(registry, "setRegistered(address,bool)", [a(alice), .bool(true)], from: deployer)
        #expect(
            try asked(alice, new1) == [
                "contains \(alice)", "contains \(alice)", "contains \(new1)", "investorCountry \(alice)", "registerIdentity \(new1)",
                "deleteIdentity \(alice)",
            ])
        // Both registered: the first `contains(lost)` short-circuits.
        try chain.transact(registry, "setRegistered(address,bool)", [a(bob), .bool(true)], from: deployer)
        try chain.transact(registry, "setRegistered(address,bool)", [a(new2), .bool(true)], from: deployer)
        #expect(try asked(bob, new2) == ["contains \(bob)", "contains \(bob)", "contains \(new2)", "deleteIdentity \(bob)"])
        // Only the new wallet registered.
        try chain.transact(registry, "setRegistered(address,bool)", [a(new3), .bool(true)], from: deployer)
        #expect(try asked(carol, new3) == ["contains \(carol)", "contains \(new3)", "contains \(carol)"])
        #expect(try chain.call(token, "balanceOf(address)(uint256)", [a(new3)]) == [u(n(10))])
    }

    // MARK: 2. transferFrom and the allowance

    @Test func failedTransferFromLeavesTheAllowance() throws {
        let s = try SecurityTokenSuite()
        try s.onboard(mallory, country: 250, claim: false)
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("approve(address,uint256)", [a(carol), u(n(30))], from: alice)
        let transferFrom = "transferFrom(address,address,uint256)"
        func allowance() -> UInt256 { s.h.uint("allowance(address,address)(uint256)", [a(alice), a(carol)]) }
        s.send("pause()")
        s.refuse(transferFrom, [a(alice), a(bob), u(n(10))], from: carol, error: "EnforcedPause()")
        #expect(allowance() == n(30))
        s.send("unpause()")
        s.send("setAddressFrozen(address,bool)", [a(alice), .bool(true)])
        s.refuse(transferFrom, [a(alice), a(bob), u(n(10))], from: carol, error: "FrozenWallet()", explains: "sender \(alice) is frozen")
        #expect(allowance() == n(30))
        s.send("setAddressFrozen(address,bool)", [a(alice), .bool(false)])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(90))])
        s.refuse(
            transferFrom, [a(alice), a(bob), u(n(20))], from: carol, error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(10)), u(n(20))], explains: "\(alice) has 10 unfrozen of 100 (90 frozen), needs 20")
        #expect(allowance() == n(30))
        s.refuse(transferFrom, [a(alice), a(mallory), u(n(5))], from: carol, error: "TransferNotPossible()", explains: "no valid claim")
        #expect(allowance() == n(30) && s.balance(alice) == n(100))
        // The checks come before the allowance: an unapproved spender sees them first.
        s.refuse(transferFrom, [a(alice), a(mallory), u(n(5))], from: bob, error: "TransferNotPossible()")
    }

    /// T-REX has no infinite allowance: 2^256−1 is decremented and the Approval emitted.
    @Test func maximumAllowanceIsStillSpent() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("approve(address,uint256)", [a(carol), .uint(.max)], from: alice)
        let remaining = UInt256.max &- n(5)
        #expect(
            s.send("transferFrom(address,address,uint256)", [a(alice), a(bob), u(n(5))], from: carol) == [
                event("Approval", ["owner": a(alice), "spender": a(carol), "value": u(remaining)]), transferEvent(alice, bob, 5),
            ])
        #expect(s.h.uint("allowance(address,address)(uint256)", [a(alice), a(carol)]) == remaining)
    }

    // MARK: 3. Zero addresses and amounts

    @Test func zeroAddressesAndZeroAmounts() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        // The zero address is not verified: T-REX's isVerified check refuses before `_transfer`.
        s.refuse("transfer(address,uint256)", [a(.zero), u(n(1))], from: alice, error: "TransferNotPossible()")
        s.refuse("forcedTransfer(address,address,uint256)", [a(alice), a(.zero), u(n(1))], error: "TransferNotPossible()")
        // `_transfer` runs, then the compliance's `transferred` refuses a zero value.
        s.refuse("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(0)], error: "ZeroValue()", explains: "ZeroValue")
        // From the zero address: its balance (0) covers 0, then `_transfer` names it ERC20InvalidSpender.
        s.refuse("forcedTransfer(address,address,uint256)", [a(.zero), a(bob), u(0)], error: "ERC20InvalidSpender(address)", [a(.zero)])
        s.refuse(
            "forcedTransfer(address,address,uint256)", [a(.zero), a(bob), u(n(1))], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(.zero), u(0), u(n(1))])
        // burn(0, 0): `_burn` refuses the zero address (ERC20InvalidSpender) before the compliance's ZeroValue.
        s.refuse("burn(address,uint256)", [a(.zero), u(0)], error: "ERC20InvalidSpender(address)", [a(.zero)])
        s.refuse("burn(address,uint256)", [a(.zero), u(n(1))], error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(.zero), u(0), u(n(1))])
        #expect(s.balance(alice) == n(100) && s.supply == n(100))
    }

    // MARK: 4. No auto-unfreeze when the free balance covers the amount

    @Test func freeBalanceCoversForcedTransferAndBurn() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(40))])
        #expect(s.send("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(30))]) == [transferEvent(alice, bob, 30)])
        #expect(s.frozen(alice) == n(40))
        // Exactly the free balance (30).
        #expect(s.send("burn(address,uint256)", [a(alice), u(n(30))]) == [transferEvent(alice, .zero, 30)])
        #expect(s.frozen(alice) == n(40) && s.balance(alice) == n(40) && s.supply == n(70))
        // One past it unfreezes one.
        #expect(s.send("burn(address,uint256)", [a(alice), u(n(1))]) == [Self.tokensEvent("TokensUnfrozen", alice, 1), transferEvent(alice, .zero, 1)])
        #expect(s.frozen(alice) == n(39))
    }

    // MARK: 5. Compliance hooks

    /// forcedTransfer calls `transferred` and burn `destroyed` (MaxBalanceModule's per-identity
    /// balances follow); recovery moves tokens with `_transfer` and calls no hook.
    @Test func agentOperationsUpdateModuleStateButRecoveryDoesNot() throws {
        let s = try SecurityTokenSuite()
        let module = try s.addModule(MaxBalanceModule(), [("setMaxBalance(uint256)", [u(n(1_000))])])
        func held(_ wallet: Address) throws -> [ABIValue] {
            try s.chain.call(module, "getIDBalance(address,address)(uint256)", [a(s.compliance), a(s.identities[wallet] ?? .zero)])
        }
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(30))])
        #expect(try held(alice) == [u(n(70))] && held(bob) == [u(n(30))])
        s.send("burn(address,uint256)", [a(bob), u(n(10))])
        #expect(try held(bob) == [u(n(20))])
        let identity = s.identities[alice] ?? .zero
        s.send(Self.recover, [a(alice), a(Self.recovered), a(identity)])
        #expect(try held(alice) == [u(n(70))] && held(bob) == [u(n(20))])
        #expect(try s.chain.call(module, "getIDBalance(address,address)(uint256)", [a(s.compliance), a(Self.recovered)]) == [u(0)])
    }

    /// forcedTransfer skips `canTransfer` but not the module's transfer hook: MaxBalanceModule's
    /// hook reverts MaxBalanceExceeded when the receiver's identity passes the maximum.
    @Test func forcedTransferStillRunsTheModuleHook() throws {
        let s = try SecurityTokenSuite()
        let module = try s.addModule(MaxBalanceModule(), [("setMaxBalance(uint256)", [u(n(100))])])
        s.send("batchMint(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(100)), u(n(80))])])
        s.refuse(
            "forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(30))], error: "MaxBalanceExceeded(address,uint256)",
            [a(s.compliance), u(n(30))])
        s.send("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(20))])
        #expect(
            try s.chain.call(module, "getIDBalance(address,address)(uint256)", [a(s.compliance), a(s.identities[bob] ?? .zero)]) == [u(n(100))])
    }

    // MARK: 6. Batches

    /// The batch functions have no outer onlyAgent: a non-agent's empty batch succeeds.
    @Test func emptyBatchesNeedNoAgent() throws {
        let s = try SecurityTokenSuite()
        let empty: ABIValue = .array([])
        for signature in [
            "batchMint(address[],uint256[])", "batchBurn(address[],uint256[])", "batchSetAddressFrozen(address[],bool[])",
            "batchFreezePartialTokens(address[],uint256[])", "batchUnfreezePartialTokens(address[],uint256[])",
            "batchTransfer(address[],uint256[])",
        ] {
            #expect(s.send(signature, [empty, empty], from: mallory) == [], "\(signature)")
        }
        #expect(s.send("batchForcedTransfer(address[],address[],uint256[])", [empty, empty, empty], from: mallory) == [])
        // Paused, an empty batchTransfer still succeeds; a non-empty one hits EnforcedPause().
        s.send("mint(address,uint256)", [a(alice), u(n(10))])
        s.send("pause()")
        #expect(s.send("batchTransfer(address[],uint256[])", [empty, empty], from: alice) == [])
        s.refuse("batchTransfer(address[],uint256[])", [.array([a(bob)]), .array([u(n(1))])], from: alice, error: "EnforcedPause()")
    }

    /// A second array shorter than the first is an out-of-bounds Panic(0x32) when the loop reaches it,
    /// before the element's call (so before its onlyAgent); a longer one is ignored.
    @Test func batchLengthMismatchesPanic() throws {
        let s = try SecurityTokenSuite()
        s.send("batchMint(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(50)), u(n(50))])])
        let panic = [u(n(0x32))]
        let two: ABIValue = .array([a(alice), a(bob)]), one: ABIValue = .array([u(n(1))])
        s.refuse(
            "batchForcedTransfer(address[],address[],uint256[])", [two, .array([a(carol)]), .array([u(n(1)), u(n(1))])], error: "Panic(uint256)",
            panic)
        s.refuse("batchForcedTransfer(address[],address[],uint256[])", [two, .array([a(carol), a(carol)]), one], error: "Panic(uint256)", panic)
        s.refuse("batchSetAddressFrozen(address[],bool[])", [two, .array([.bool(true)])], error: "Panic(uint256)", panic)
        s.refuse("batchBurn(address[],uint256[])", [two, one], error: "Panic(uint256)", panic)
        s.refuse("batchFreezePartialTokens(address[],uint256[])", [two, one], error: "Panic(uint256)", panic)
        s.refuse("batchUnfreezePartialTokens(address[],uint256[])", [.array([a(alice)]), .array([])], error: "Panic(uint256)", panic)
        s.refuse("batchTransfer(address[],uint256[])", [.array([a(bob), a(carol)]), one], from: alice, error: "Panic(uint256)", panic)
        // The panic comes before the element's onlyAgent.
        s.refuse("batchBurn(address[],uint256[])", [.array([a(alice)]), .array([])], from: mallory, error: "Panic(uint256)", panic)
        s.refuse("batchBurn(address[],uint256[])", [.array([a(alice)]), one], from: mallory, error: "CallerDoesNotHaveAgentRole()")
        // Extra trailing elements are ignored.
        #expect(
            s.send("batchFreezePartialTokens(address[],uint256[])", [.array([a(alice)]), .array([u(n(5)), u(n(7))])]) == [
                Self.tokensEvent("TokensFrozen", alice, 5)
            ])
        #expect(s.balance(alice) == n(50) && s.balance(bob) == n(50) && s.frozen(alice) == n(5) && s.frozen(bob) == .zero)
    }

    // MARK: 7. Access control

    @Test func agentAndOwnerGates() throws {
        let s = try SecurityTokenSuite()
        // onlyAgent comes before whenPaused.
        s.refuse("unpause()", from: alice, error: "CallerDoesNotHaveAgentRole()")
        s.send("pause()")
        s.refuse("unpause()", from: alice, error: "CallerDoesNotHaveAgentRole()")
        #expect(s.h.bool("paused()(bool)") == true)
        let unauthorized = "OwnableUnauthorizedAccount(address)"
        s.refuse("setIdentityRegistry(address)", [a(s.registry)], from: alice, error: unauthorized, [a(alice)], explains: "not the token's owner")
        s.refuse("setCompliance(address)", [a(s.compliance)], from: alice, error: unauthorized, [a(alice)], explains: "not the token's owner")
        s.refuse("setOnchainID(address)", [a(.zero)], from: alice, error: unauthorized, [a(alice)], explains: "not the token's owner")
        // An agent that is not the owner is refused too.
        s.send("addAgent(address)", [a(bob)])
        s.refuse("setOnchainID(address)", [a(.zero)], from: bob, error: unauthorized, [a(bob)])
    }

    /// T-REX 4.2's OwnableOnceNext2Step on the token: transferOwnership names a pending owner, who
    /// alone can accept.
    @Test func twoStepOwnership() throws {
        let s = try SecurityTokenSuite()
        let unauthorized = "OwnableUnauthorizedAccount(address)"
        s.refuse("transferOwnership(address)", [a(bob)], from: alice, error: unauthorized, [a(alice)])
        s.refuse("acceptOwnership()", from: bob, error: unauthorized, [a(bob)])
        #expect(
            s.send("transferOwnership(address)", [a(bob)]) == [event("OwnershipTransferStarted", ["previousOwner": a(deployer), "newOwner": a(bob)])])
        #expect(s.h.view("owner()(address)") == [a(deployer)])
        s.refuse("acceptOwnership()", from: carol, error: unauthorized, [a(carol)])
        s.refuse("acceptOwnership()", from: deployer, error: unauthorized, [a(deployer)])
        #expect(s.send("acceptOwnership()", from: bob) == [event("OwnershipTransferred", ["previousOwner": a(deployer), "newOwner": a(bob)])])
        #expect(s.h.view("owner()(address)") == [a(bob)])
        s.refuse("setName(string)", [.string("X")], from: deployer, error: unauthorized, [a(deployer)])
        s.send("setName(string)", [.string("Bob Shares")], from: bob)
        #expect(s.h.view("name()(string)") == [.string("Bob Shares")])
    }

    // MARK: 8. Freezing

    @Test func freezingEdges() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.refuse(
            "freezePartialTokens(address,uint256)", [a(alice), u(n(101))], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(100)), u(n(101))])
        s.refuse(
            "freezePartialTokens(address,uint256)", [a(bob), u(n(1))], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(bob), u(0), u(n(1))])
        // Freezing the whole balance is allowed; frozen + amount overflowing is a checked-math panic.
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(100))])
        s.refuse("freezePartialTokens(address,uint256)", [a(alice), .uint(.max)], error: "Panic(uint256)", [u(n(0x11))])
        s.refuse(
            "unfreezePartialTokens(address,uint256)", [a(bob), u(n(1))], error: "AmountAboveFrozenTokens(uint256,uint256)", [u(n(1)), u(0)],
            explains: "has 0 frozen")
        // Zero amounts are accepted and still emit.
        #expect(s.send("freezePartialTokens(address,uint256)", [a(bob), u(0)]) == [Self.tokensEvent("TokensFrozen", bob, 0)])
        #expect(s.send("unfreezePartialTokens(address,uint256)", [a(bob), u(0)]) == [Self.tokensEvent("TokensUnfrozen", bob, 0)])
        // setAddressFrozen always writes and emits, even with no change.
        #expect(s.send("setAddressFrozen(address,bool)", [a(bob), .bool(false)]) == [Self.frozenEvent(bob, false, by: deployer)])
        #expect(s.send("setAddressFrozen(address,bool)", [a(bob), .bool(true)]) == [Self.frozenEvent(bob, true, by: deployer)])
        #expect(s.send("setAddressFrozen(address,bool)", [a(bob), .bool(true)]) == [Self.frozenEvent(bob, true, by: deployer)])
        #expect(
            s.send("batchSetAddressFrozen(address[],bool[])", [.array([a(bob), a(bob)]), .array([.bool(false), .bool(false)])]) == [
                Self.frozenEvent(bob, false, by: deployer), Self.frozenEvent(bob, false, by: deployer),
            ])
        #expect(s.h.bool("isFrozen(address)(bool)", [a(bob)]) == false && s.frozen(alice) == n(100))
    }
}

/// A test-only identity registry that verifies everyone, keeps a registered flag per wallet and
/// emits `Asked(address wallet)` (data: the selector) for each registry call the token makes.
struct RecordingIdentityRegistry: ContractModel {
    var kind: String { "recording-identity-registry" }
    static let asked = Keccak256.hash(Array("Asked(address)".utf8))
    static let names = ["contains", "isVerified", "investorCountry", "registerIdentity", "deleteIdentity", "setRegistered"]
    static let signatures = [
        "contains(address)", "isVerified(address)", "investorCountry(address)", "registerIdentity(address,address,uint16)",
        "deleteIdentity(address)", "setRegistered(address,bool)",
    ]
    static func selector(_ signature: String) -> [UInt8] { Array(Keccak256.hash(Array(signature.utf8)).bytes.prefix(4)) }

    static func describe(_ log: Log) -> String {
        let name = zip(names, signatures).first { selector($0.1) == log.data }?.0 ?? "?"
        return "\(name) \(log.topics.count > 1 ? "\(Address(word32: log.topics[1]))" : "?")"
    }

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selector, let index = Self.signatures.firstIndex(where: { Self.selector($0) == selector }) else {
            throw Revert(data: [])
        }
        let types: [ABIType] =
            switch index {
            case 3: [.address, .address, .uint(16)]
            case 5: [.address, .bool]
            default: [.address]
            }
        let values = try context.decodeArguments(types)
        guard case .address(let wallet) = values[0] else { throw Revert(data: []) }
        let key = StorageKey(1, wallet)
        if index != 1 && index != 5 { try context.emit(topics: [Self.asked, wallet.word32], data: selector) }
        switch index {
        case 0: return (try context.loadWord(key)).bytes32
        case 1: return UInt256.one.bytes32
        case 2: return UInt256(UInt64(840)).bytes32
        case 3: try context.storeWord(key, .one)
        case 4: try context.storeWord(key, .zero)
        default: try context.storeWord(key, values[1].boolValue ? .one : .zero)
        }
        return []
    }
}
