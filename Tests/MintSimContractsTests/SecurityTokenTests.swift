import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A whole T-REX suite around a SecurityToken: claim topics (KYC = 1), a claim issuer whose claim key
/// is `signer` trusted for KYC, an identity registry with its storage (agents: the deployer and the
/// token, for recoveries), a ModularCompliance, and the token (owner and agent: the deployer).
/// `onboard` gives an investor an identity, a registration and (optionally) a signed KYC claim.
final class SecurityTokenSuite {
    static let kyc = UInt256(1)
    let chain = Chain()
    let topics: Address, issuers: Address, issuer: Address, storage: Address, registry: Address
    let compliance: Address
    let token: Address
    let signer = devAccounts[6]
    var identities: [Address: Address] = [:]
    let deployLogs: [Log]

    static let interface = ContractInterface(
        entries: SecurityToken.interface.entries + ModularCompliance.interface.entries + IdentityRegistry.interface.entries
            + IdentityRegistryStorage.interface.entries)

    init(cap: UInt256 = .zero, unpause: Bool = true, investors: [(Address, UInt64)] = [(alice, 840), (bob, 392), (carol, 276)]) throws {
        topics = try chain.deploy(ClaimTopicsRegistry(), from: deployer).address
        issuers = try chain.deploy(TrustedIssuersRegistry(), from: deployer).address
        issuer = try chain.deploy(ClaimIssuer(initialManagementKey: signer.address), from: deployer).address
        storage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        registry = try chain.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: storage), from: deployer
        ).address
        try chain.transact(topics, "addClaimTopic(uint256)", [.uint(Self.kyc)], from: deployer)
        try chain.transact(issuers, "addTrustedIssuer(address,uint256[])", [a(issuer), .array([.uint(Self.kyc)])], from: deployer)
        try chain.transact(storage, "bindIdentityRegistry(address)", [a(registry)], from: deployer)
        try chain.transact(registry, "addAgent(address)", [a(deployer)], from: deployer)
        compliance = try chain.deploy(ModularCompliance(), from: deployer).address
        let deployment = try chain.deploy(
            SecurityToken(
                name: "Acme Shares", symbol: "ACME", decimals: 0, identityRegistry: registry, compliance: compliance,
                onchainID: Address.contractAddress(sender: mallory, nonce: 77), cap: cap, assetType: "equity", basePrice: UInt256(UInt64(12_50)),
                currency: "EUR"),
            from: deployer)
        token = deployment.address
        deployLogs = deployment.receipt?.logs ?? []
        try chain.transact(registry, "addAgent(address)", [a(token)], from: deployer)
        for (wallet, country) in investors { try onboard(wallet, country: country) }
        if unpause { try chain.transact(token, "unpause()", [], from: deployer) }
    }

    var h: Harness { Harness(chain: chain, contract: token) }

    @discardableResult
    func onboard(_ wallet: Address, country: UInt64, claim: Bool = true) throws -> Address {
        let identity = try chain.deploy(Identity(initialManagementKey: wallet), from: wallet).address
        try chain.transact(registry, "registerIdentity(address,address,uint16)", [a(wallet), a(identity), u(UInt256(country))], from: deployer)
        if claim {
            let data = Array("KYC passed".utf8)
            let signature = ClaimSigning.signature(identity: identity, topic: Self.kyc, data: data, key: signer.privateKey)
            try chain.transact(
                identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
                [.uint(Self.kyc), .uint(.one), a(issuer), .bytes(signature), .bytes(data), .string("")], from: wallet)
        }
        identities[wallet] = identity
        return identity
    }

    /// Deploys a module, adds it to the compliance and configures it.
    @discardableResult
    func addModule(_ model: any ContractModel, _ configuration: [(String, [ABIValue])] = []) throws -> Address {
        let module = try chain.deploy(model, from: deployer).address
        try chain.transact(compliance, "addModule(address)", [a(module)], from: deployer)
        for (signature, arguments) in configuration {
            let calldata = (try? ABIFunction.cached(signature).encodeCall(arguments)) ?? []
            try chain.transact(compliance, "callModuleFunction(bytes,address)", [.bytes(calldata), a(module)], from: deployer)
        }
        return module
    }

    @discardableResult
    func send(_ signature: String, _ arguments: [ABIValue] = [], from: Address = deployer, sourceLocation: SourceLocation = #_sourceLocation)
        -> [DecodedEvent?]
    {
        h.send(signature, arguments, from: from, sourceLocation: sourceLocation).map { decode($0, with: Self.interface) }
    }

    /// Expects the transaction to revert with exactly `error` (nothing mined, via Harness.expectRevert)
    /// and an explanation containing `explains`.
    func refuse(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address = deployer, error: String, _ errorArguments: [ABIValue] = [],
        explains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        h.expectRevert(signature, arguments, from: from, error: error, errorArguments, sourceLocation: sourceLocation)
        guard let explains else { return }
        #expect(explanation(signature, arguments, from: from)?.contains(explains) == true,
                "\(explanation(signature, arguments, from: from) ?? "no explanation") lacks \(explains)", sourceLocation: sourceLocation)
    }

    func explanation(_ signature: String, _ arguments: [ABIValue], from: Address) -> String? {
        do {
            try chain.transact(token, signature, arguments, from: from)
            return nil
        } catch { return error.revert?.explanation ?? error.message }
    }

    func balance(_ wallet: Address) -> UInt256 { h.uint("balanceOf(address)(uint256)", [a(wallet)]) }
    func frozen(_ wallet: Address) -> UInt256 { h.uint("getFrozenTokens(address)(uint256)", [a(wallet)]) }
    var supply: UInt256 { h.uint("totalSupply()(uint256)") }
}

/// The raw UpdatedTokenInformation log (its indexed strings are topics holding their hashes).
func isTokenInformation(_ log: Log?, _ token: Address, _ name: String, _ symbol: String, _ decimals: Int, _ onchainID: Address) -> Bool {
    let data = (try? ABI.encode([.uint(8), .string], [u(n(decimals)), .string("4.1.3")])) ?? []
    return log?.address == token && log?.data == data
        && log?.topics == [
            Keccak256.hash(Array("UpdatedTokenInformation(string,string,uint8,string,address)".utf8)), Keccak256.hash(Array(name.utf8)),
            Keccak256.hash(Array(symbol.utf8)), onchainID.word32,
        ]
}

func n(_ value: Int) -> UInt256 { UInt256(UInt64(value)) }
func transferEvent(_ from: Address, _ to: Address, _ value: Int) -> DecodedEvent {
    event("Transfer", ["from": a(from), "to": a(to), "value": u(n(value))])
}

@Suite struct SecurityTokenTests {
    @Test func selectorsAndInterface() {
        expectSelectorsMatch(SecurityToken.Function.self)
        let selectors = SecurityToken.interface.functions.map(\.selector)
        #expect(Set(selectors).count == selectors.count)
        #expect(SecurityToken.interface.constructor?.inputs.count == 10)
    }

    @Test func deploymentFollowsTREXInit() throws {
        let s = try SecurityTokenSuite(unpause: false, investors: [])
        let onchainID = Address.contractAddress(sender: mallory, nonce: 77)
        let decoded = s.deployLogs.map { decode($0, with: SecurityTokenSuite.interface) }
        #expect(
            decoded == [
                event("OwnershipTransferred", ["previousOwner": a(.zero), "newOwner": a(deployer)]),
                event("IdentityRegistryAdded", ["_identityRegistry": a(s.registry)]),
                event("TokenBound", ["_token": a(s.token)]),
                event("ComplianceAdded", ["_compliance": a(s.compliance)]),
                nil,  // UpdatedTokenInformation: indexed strings, checked raw below
                event("RoleGranted", ["role": b32(Role.defaultAdmin), "account": a(deployer), "sender": a(deployer)]),
                event("AgentAdded", ["_agent": a(deployer)]),
            ])
        #expect(s.deployLogs.count == 7 && isTokenInformation(s.deployLogs[4], s.token, "Acme Shares", "ACME", 0, onchainID))
        let h = s.h
        #expect(h.view("name()(string)") == [.string("Acme Shares")])
        #expect(h.view("symbol()(string)") == [.string("ACME")])
        #expect(h.uint("decimals()(uint8)") == .zero)
        #expect(h.view("identityRegistry()(address)") == [a(s.registry)])
        #expect(h.view("compliance()(address)") == [a(s.compliance)])
        #expect(h.view("onchainID()(address)") == [a(onchainID)])
        #expect(h.bool("paused()(bool)") == true)
        #expect(h.view("version()(string)") == [.string("4.1.3")])
        #expect(h.uint("cap()(uint256)") == .max)
        #expect(h.view("assetType()(string)") == [.string("equity")])
        #expect(h.uint("basePrice()(uint256)") == n(1250))
        #expect(h.view("currency()(string)") == [.string("EUR")])
        #expect(h.view("owner()(address)") == [a(deployer)])
        #expect(h.bool("isAgent(address)(bool)", [a(deployer)]) == true)
        #expect(h.bool("hasRole(bytes32,address)(bool)", [b32(Role.defaultAdmin), a(deployer)]) == true)
        #expect(h.view("collateral()(uint256,uint256)") == [u(0), u(0)])
        #expect(h.view("COLLATERAL_ROLE()(bytes32)") == [b32(Keccak256.hash(Array("COLLATERAL_ROLE".utf8)))])
        #expect(try s.chain.call(s.compliance, "getTokenBound()(address)") == [a(s.token)])
        for (id, expected) in [("36372b07", true), ("4768ee17", false), ("7f5828d0", true), ("01ffc9a7", true), ("7965db0b", true), ("ffffffff", false)] {
            #expect(h.bool("supportsInterface(bytes4)(bool)", [.fixedBytes((try? Hex.decode(id)) ?? [])]) == expected)
        }
    }

    @Test func constructorRefusals() throws {
        let chain = Chain()
        let someone = Address.contractAddress(sender: mallory, nonce: 9)
        func refusal(_ model: SecurityToken) -> Revert? {
            do {
                try chain.deploy(model, from: deployer)
                return nil
            } catch { return error.revert }
        }
        #expect(refusal(SecurityToken(name: "A", symbol: "A", identityRegistry: .zero, compliance: someone)) == Revert.error("ZeroAddress()"))
        #expect(refusal(SecurityToken(name: "", symbol: "A", identityRegistry: someone, compliance: someone)) == Revert.error("EmptyString()"))
        #expect(
            refusal(SecurityToken(name: "A", symbol: "A", decimals: 19, identityRegistry: someone, compliance: someone))
                == Revert.error("DecimalsOutOfRange(uint256)", [u(19)]))
        let art = refusal(SecurityToken(name: "A", symbol: "A", identityRegistry: someone, compliance: someone, assetType: "art"))
        #expect(art?.explanation?.contains("asset type 'art' is not one of equity, bond, fund, stablecoin, deposit, other") == true)
        let arguments = SecurityToken(name: "A", symbol: "A", identityRegistry: someone, compliance: someone, assetType: "art").constructorArguments
        #expect(throws: Revert.self) { try SecurityToken(arguments: arguments) }
        let good = SecurityToken(name: "A", symbol: "B", decimals: 6, identityRegistry: someone, compliance: someone, cap: n(5), assetType: "bond")
        let rebuilt = try SecurityToken(arguments: good.constructorArguments)
        #expect(rebuilt.cap == n(5) && rebuilt.assetType == "bond" && rebuilt.decimals == 6 && rebuilt.currency == "USD")
    }

    @Test func mintChecksInOrder() throws {
        let s = try SecurityTokenSuite(cap: n(1_000))
        try s.onboard(mallory, country: 250, claim: false)
        try s.addModule(CountryRestrictModule(), [("addCountryRestriction(uint16)", [u(392)])])
        #expect(s.send("mint(address,uint256)", [a(alice), u(n(100))]) == [transferEvent(.zero, alice, 100)])
        s.refuse("mint(address,uint256)", [a(alice), u(n(1))], from: bob, error: "CallerDoesNotHaveAgentRole()", explains: "lacks MINTER_ROLE")
        s.refuse("mint(address,uint256)", [a(mallory), u(n(1))], error: "UnverifiedIdentity()", explains: "UnverifiedIdentity: identity")
        s.refuse("mint(address,uint256)", [a(dave), u(n(1))], error: "UnverifiedIdentity()", explains: "has no identity in the identity registry")
        s.refuse(
            "mint(address,uint256)", [a(bob), u(n(1))], error: "ComplianceNotFollowed()",
            explains: "ComplianceNotFollowed: country-restrict-module: receiver's country 392 is restricted")
        s.refuse(
            "mint(address,uint256)", [a(alice), u(n(901))], error: "ERC20ExceededCap(uint256,uint256)", [u(n(1_001)), u(n(1_000))],
            explains: "past the cap 1000")
        s.refuse("mint(address,uint256)", [a(alice), u(0)], error: "ZeroValue()", explains: "ZeroValue")
        // Mint is not pause-gated.
        s.send("pause()")
        s.send("mint(address,uint256)", [a(carol), u(n(50))])
        #expect(s.balance(carol) == n(50) && s.supply == n(150))
        // MINTER_ROLE and BURNER_ROLE holders manage supply without the agent role.
        s.send("grantRole(bytes32,address)", [b32(Role.minter), a(bob)])
        s.send("grantRole(bytes32,address)", [b32(Role.burner), a(mallory)])
        s.send("mint(address,uint256)", [a(alice), u(n(10))], from: bob)
        s.refuse("burn(address,uint256)", [a(alice), u(n(1))], from: bob, error: "CallerDoesNotHaveAgentRole()", explains: "lacks BURNER_ROLE")
        s.send("burn(address,uint256)", [a(alice), u(n(10))], from: mallory)
        s.refuse("setAddressFrozen(address,bool)", [a(alice), .bool(true)], from: bob, error: "CallerDoesNotHaveAgentRole()", explains: "is not an agent")
        #expect(s.balance(alice) == n(100))
    }

    /// With eligibility checks off, the zero address passes verification: `_mint` then refuses it
    /// before it adds to the supply (so not even an overflowing amount panics).
    @Test func mintToTheZeroAddressIsRefusedByMint() throws {
        let s = try SecurityTokenSuite()
        try s.chain.transact(s.registry, "disableEligibilityChecks()", [], from: deployer)
        s.refuse("mint(address,uint256)", [a(.zero), .uint(.max)], error: "ERC20InvalidReceiver(address)", [a(.zero)], explains: "zero address")
    }

    @Test func collateralBoundsTheSupply() throws {
        let s = try SecurityTokenSuite()
        let role = SecurityToken.collateralRole
        s.refuse(
            "setCollateral(uint256,uint256)", [u(n(1_000)), u(n(0))], from: bob, error: "AccessControlUnauthorizedAccount(address,bytes32)",
            [a(bob), b32(role)], explains: "lacks COLLATERAL_ROLE")
        s.send("grantRole(bytes32,address)", [b32(role), a(bob)])
        let expiry = UInt256(UInt64(s.chain.now + 1_000))
        #expect(
            s.send("setCollateral(uint256,uint256)", [u(n(1_000)), u(expiry)], from: bob)
                == [event("CollateralUpdated", ["amount": u(n(1_000)), "expiry": u(expiry)])])
        #expect(s.h.view("collateral()(uint256,uint256)") == [u(n(1_000)), u(expiry)])
        s.send("mint(address,uint256)", [a(alice), u(n(1_000))])
        s.refuse(
            "mint(address,uint256)", [a(alice), u(n(10))], error: "InsufficientCollateral(uint256,uint256)", [u(n(1_010)), u(n(1_000))],
            explains: "InsufficientCollateral: minting 10 needs collateral 1010, valid collateral is 1000 (expires \(expiry))")
        #expect(s.h.view("canMint(address,uint256)(bool,string)", [a(alice), u(n(10))]).first == .bool(false))
        #expect(s.h.view("canMint(address,uint256)(bool,string)", [a(dave), u(n(0))]).first == .bool(false))
        s.send("burn(address,uint256)", [a(alice), u(n(10))])
        #expect(s.h.view("canMint(address,uint256)(bool,string)", [a(alice), u(n(10))]) == [.bool(true), .string("")])
        try s.chain.advanceTime(by: 2_000)
        s.refuse(
            "mint(address,uint256)", [a(alice), u(n(1))], error: "InsufficientCollateral(uint256,uint256)", [u(n(991)), u(0)],
            explains: "valid collateral is 0 (collateral 1000 expired at \(expiry))")
        if case .string(let reason) = s.h.view("canMint(address,uint256)(bool,string)", [a(alice), u(n(1))]).last {
            #expect(reason.hasPrefix("InsufficientCollateral: minting 1 needs collateral 991"))
        }
    }

    @Test func transfersCheckPauseFreezeBalanceIdentityAndCompliance() throws {
        let s = try SecurityTokenSuite(unpause: false)
        try s.onboard(mallory, country: 250, claim: false)
        s.send("mint(address,uint256)", [a(alice), u(n(150))])
        s.refuse("transfer(address,uint256)", [a(bob), u(n(1))], from: alice, error: "EnforcedPause()", explains: "paused")
        #expect(s.send("unpause()") == [event("Unpaused", ["_userAddress": a(deployer)])])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(50))])
        s.refuse(
            "transfer(address,uint256)", [a(bob), u(n(120))], from: alice, error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(100)), u(n(120))], explains: "ERC20InsufficientBalance: \(alice) has 100 unfrozen of 150 (50 frozen), needs 120")
        s.refuse("transfer(address,uint256)", [a(mallory), u(n(1))], from: alice, error: "TransferNotPossible()", explains: "no valid claim of topic 1")
        s.refuse("transfer(address,uint256)", [a(dave), u(n(1))], from: alice, error: "TransferNotPossible()", explains: "has no identity")
        s.refuse("transfer(address,uint256)", [a(bob), u(0)], from: alice, error: "ZeroValue()")
        #expect(
            s.send("transfer(address,uint256)", [a(bob), u(n(100))], from: alice) == [transferEvent(alice, bob, 100)])
        s.send("setAddressFrozen(address,bool)", [a(bob), .bool(true)])
        s.refuse("transfer(address,uint256)", [a(alice), u(n(1))], from: bob, error: "FrozenWallet()", explains: "sender \(bob) is frozen")
        s.refuse("transfer(address,uint256)", [a(bob), u(n(1))], from: carol, error: "FrozenWallet()", explains: "receiver \(bob) is frozen")
        try s.addModule(CountryRestrictModule(), [("addCountryRestriction(uint16)", [u(276)])])
        s.send("unfreezePartialTokens(address,uint256)", [a(alice), u(n(50))])
        s.refuse(
            "transfer(address,uint256)", [a(carol), u(n(1))], from: alice, error: "TransferNotPossible()",
            explains: "TransferNotPossible: country-restrict-module: receiver's country 276 is restricted")
        #expect(s.balance(alice) == n(50) && s.balance(bob) == n(100))
    }

    @Test func transferFromSpendsTheAllowanceAsTREX() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        #expect(s.send("approve(address,uint256)", [a(carol), u(n(30))], from: alice) == [event("Approval", ["owner": a(alice), "spender": a(carol), "value": u(n(30))])])
        s.refuse("approve(address,uint256)", [a(.zero), u(n(1))], from: alice, error: "ERC20InvalidSpender(address)", [a(.zero)])
        s.refuse(
            "transferFrom(address,address,uint256)", [a(alice), a(bob), u(n(31))], from: carol, error: "Panic(uint256)", [u(n(0x11))],
            explains: "allowance of \(carol) from \(alice) is 30")
        #expect(
            s.send("transferFrom(address,address,uint256)", [a(alice), a(bob), u(n(20))], from: carol) == [
                event("Approval", ["owner": a(alice), "spender": a(carol), "value": u(n(10))]), transferEvent(alice, bob, 20),
            ])
        s.send("increaseAllowance(address,uint256)", [a(carol), u(n(5))], from: alice)
        #expect(s.h.uint("allowance(address,address)(uint256)", [a(alice), a(carol)]) == n(15))
        s.send("decreaseAllowance(address,uint256)", [a(carol), u(n(15))], from: alice)
        s.refuse("decreaseAllowance(address,uint256)", [a(carol), u(n(1))], from: alice, error: "Panic(uint256)", [u(n(0x11))])
        s.send("increaseAllowance(address,uint256)", [a(carol), u(.max)], from: alice)
        s.refuse("increaseAllowance(address,uint256)", [a(carol), u(n(1))], from: alice, error: "Panic(uint256)", [u(n(0x11))])
    }

    @Test func forcedTransferIgnoresPauseFreezeAndModules() throws {
        let s = try SecurityTokenSuite()
        try s.onboard(mallory, country: 250, claim: false)
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(80))])
        s.send("setAddressFrozen(address,bool)", [a(alice), .bool(true)])
        try s.addModule(CountryRestrictModule(), [("addCountryRestriction(uint16)", [u(392)])])
        s.send("pause()")
        s.refuse("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(1))], from: bob, error: "CallerDoesNotHaveAgentRole()")
        s.refuse(
            "forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(101))], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(100)), u(n(101))])
        s.refuse("forcedTransfer(address,address,uint256)", [a(alice), a(mallory), u(n(1))], error: "TransferNotPossible()", explains: "no valid claim")
        #expect(
            s.send("forcedTransfer(address,address,uint256)", [a(alice), a(bob), u(n(50))]) == [
                event("TokensUnfrozen", ["_userAddress": a(alice), "_amount": u(n(30))]), transferEvent(alice, bob, 50),
            ])
        #expect(s.frozen(alice) == n(50) && s.balance(alice) == n(50) && s.balance(bob) == n(50))
    }

    @Test func freezingAndBurning() throws {
        let s = try SecurityTokenSuite()
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        #expect(s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(60))]) == [event("TokensFrozen", ["_userAddress": a(alice), "_amount": u(n(60))])])
        s.refuse(
            "freezePartialTokens(address,uint256)", [a(alice), u(n(41))], error: "ERC20InsufficientBalance(address,uint256,uint256)",
            [a(alice), u(n(100)), u(n(41))], explains: "cannot freeze 41 more")
        s.refuse(
            "unfreezePartialTokens(address,uint256)", [a(alice), u(n(61))], error: "AmountAboveFrozenTokens(uint256,uint256)", [u(n(61)), u(n(60))],
            explains: "AmountAboveFrozenTokens")
        #expect(s.send("unfreezePartialTokens(address,uint256)", [a(alice), u(n(10))]) == [event("TokensUnfrozen", ["_userAddress": a(alice), "_amount": u(n(10))])])
        #expect(
            s.send("setAddressFrozen(address,bool)", [a(alice), .bool(true)]) == [
                event("AddressFrozen", ["_userAddress": a(alice), "_isFrozen": .bool(true), "_owner": a(deployer)])
            ])
        #expect(s.h.bool("isFrozen(address)(bool)", [a(alice)]) == true)
        s.refuse("burn(address,uint256)", [a(alice), u(n(101))], error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(alice), u(n(100)), u(n(101))])
        #expect(
            s.send("burn(address,uint256)", [a(alice), u(n(70))]) == [
                event("TokensUnfrozen", ["_userAddress": a(alice), "_amount": u(n(20))]), transferEvent(alice, .zero, 70),
            ])
        #expect(s.frozen(alice) == n(30) && s.balance(alice) == n(30) && s.supply == n(30))
        s.refuse("burn(address,uint256)", [a(alice), u(0)], error: "ZeroValue()", explains: "burn of 0")
    }

    @Test func pauseAndUnpause() throws {
        let s = try SecurityTokenSuite()
        s.refuse("pause()", from: alice, error: "CallerDoesNotHaveAgentRole()")
        #expect(s.send("pause()") == [event("Paused", ["_userAddress": a(deployer)])])
        s.refuse("pause()", error: "EnforcedPause()")
        s.send("unpause()")
        s.refuse("unpause()", error: "ExpectedPause()", explains: "not paused")
    }

    @Test func walletRecoveryMovesBalanceFreezesAndRegistration() throws {
        let s = try SecurityTokenSuite()
        let recovered = devAccounts[7].address
        s.send("mint(address,uint256)", [a(alice), u(n(100))])
        s.send("freezePartialTokens(address,uint256)", [a(alice), u(n(40))])
        s.send("setAddressFrozen(address,bool)", [a(alice), .bool(true)])
        let identity = s.identities[alice] ?? .zero
        s.refuse("recoveryAddress(address,address,address)", [a(bob), a(recovered), a(identity)], from: bob, error: "CallerDoesNotHaveAgentRole()")
        s.refuse("recoveryAddress(address,address,address)", [a(dave), a(recovered), a(identity)], error: "NoTokenToRecover()")
        s.send("mint(address,uint256)", [a(bob), u(n(1))])
        try s.chain.transact(s.registry, "deleteIdentity(address)", [a(bob)], from: deployer)
        s.refuse("recoveryAddress(address,address,address)", [a(bob), a(recovered), a(identity)], error: "RecoveryNotPossible()", explains: "neither")
        let logs = s.send("recoveryAddress(address,address,address)", [a(alice), a(recovered), a(identity)])
        #expect(
            logs == [
                transferEvent(alice, recovered, 100), event("TokensUnfrozen", ["_userAddress": a(alice), "_amount": u(n(40))]),
                event("TokensFrozen", ["_userAddress": a(recovered), "_amount": u(n(40))]),
                event("AddressFrozen", ["_userAddress": a(alice), "_isFrozen": .bool(false), "_owner": a(s.token)]),
                event("AddressFrozen", ["_userAddress": a(recovered), "_isFrozen": .bool(true), "_owner": a(s.token)]),
                event("IdentityStored", ["_investorAddress": a(recovered), "_identity": a(identity)]),
                event("IdentityRegistered", ["_investorAddress": a(recovered), "_identity": a(identity)]),
                event("IdentityUnstored", ["_investorAddress": a(alice), "_identity": a(identity)]),
                event("IdentityRemoved", ["_investorAddress": a(alice), "_identity": a(identity)]),
                event("RecoverySuccess", ["_lostWallet": a(alice), "_newWallet": a(recovered), "_investorOnchainID": a(identity)]),
            ].map { Optional($0) })
        #expect(s.balance(recovered) == n(100) && s.frozen(recovered) == n(40) && s.balance(alice) == .zero)
        #expect(try s.chain.call(s.registry, "investorCountry(address)(uint16)", [a(recovered)]) == [u(n(840))])
        #expect(try s.chain.call(s.registry, "contains(address)(bool)", [a(alice)]) == [.bool(false)])
    }

    @Test func batchesAreAllOrNothing() throws {
        let s = try SecurityTokenSuite()
        try s.onboard(mallory, country: 250, claim: false)
        s.refuse("batchMint(address[],uint256[])", [.array([a(alice), a(mallory)]), .array([u(n(5)), u(n(5))])], error: "UnverifiedIdentity()")
        s.refuse("batchMint(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(5))])], error: "Panic(uint256)", [u(n(0x32))])
        s.send("batchMint(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(50)), u(n(60))])])
        #expect(s.supply == n(110))
        s.send("batchTransfer(address[],uint256[])", [.array([a(bob), a(carol)]), .array([u(n(10)), u(n(5))])], from: alice)
        s.refuse("batchTransfer(address[],uint256[])", [.array([a(bob), a(mallory)]), .array([u(n(1)), u(n(1))])], from: alice, error: "TransferNotPossible()")
        s.send("batchFreezePartialTokens(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(10)), u(n(20))])])
        s.send("batchUnfreezePartialTokens(address[],uint256[])", [.array([a(alice), a(bob)]), .array([u(n(5)), u(n(5))])])
        #expect(s.frozen(alice) == n(5) && s.frozen(bob) == n(15))
        s.send("batchSetAddressFrozen(address[],bool[])", [.array([a(alice), a(bob)]), .array([.bool(true), .bool(false)])])
        #expect(s.h.bool("isFrozen(address)(bool)", [a(alice)]) == true)
        s.send("batchForcedTransfer(address[],address[],uint256[])", [.array([a(alice), a(bob)]), .array([a(carol), a(carol)]), .array([u(n(35)), u(n(1))])])
        s.send("batchBurn(address[],uint256[])", [.array([a(carol), a(bob)]), .array([u(n(41)), u(n(69))])])
        #expect(s.supply == .zero && s.frozen(alice) == .zero)
        s.refuse("batchBurn(address[],uint256[])", [.array([a(carol)]), .array([u(n(1))])], error: "ERC20InsufficientBalance(address,uint256,uint256)", [a(carol), u(0), u(n(1))])
    }

    @Test func ownerSettersAndComplianceSwitch() throws {
        let s = try SecurityTokenSuite()
        s.refuse("setName(string)", [.string("X")], from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)], explains: "not the token's owner")
        s.refuse("setName(string)", [.string("")], error: "EmptyString()")
        let symbolLogs = s.h.send("setSymbol(string)", [.string("ACM")])
        #expect(symbolLogs.count == 1 && isTokenInformation(symbolLogs.first, s.token, "Acme Shares", "ACM", 0, Address.contractAddress(sender: mallory, nonce: 77)))
        s.send("setName(string)", [.string("Acme Ltd")])
        let idLogs = s.h.send("setOnchainID(address)", [a(.zero)])
        #expect(idLogs.count == 1 && isTokenInformation(idLogs.first, s.token, "Acme Ltd", "ACM", 0, .zero))
        #expect(s.h.view("name()(string)") == [.string("Acme Ltd")] && s.h.view("symbol()(string)") == [.string("ACM")])
        #expect(s.send("setIdentityRegistry(address)", [a(s.registry)]) == [event("IdentityRegistryAdded", ["_identityRegistry": a(s.registry)])])
        let next = try s.chain.deploy(ModularCompliance(), from: deployer).address
        #expect(
            s.send("setCompliance(address)", [a(next)]) == [
                event("TokenUnbound", ["_token": a(s.token)]), event("TokenBound", ["_token": a(s.token)]),
                event("ComplianceAdded", ["_compliance": a(next)]),
            ])
        #expect(try s.chain.call(s.compliance, "getTokenBound()(address)") == [a(.zero)])
        #expect(try s.chain.call(next, "getTokenBound()(address)") == [a(s.token)])
        s.send("mint(address,uint256)", [a(alice), u(n(3))])
    }
}

let dave = devAccounts[8].address
