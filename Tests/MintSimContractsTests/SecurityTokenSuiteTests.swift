import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// The library's suite builder (this test target has a `SecurityTokenSuite` fixture class of its own).
private typealias TREX = MintSimContracts.SecurityTokenSuite

private let kycSigner = devAccounts[6], amlSigner = devAccounts[7]
private let kyc = UInt256(1), aml = UInt256(2)
private let newAgent = devAccounts[5].address

/// KYC and AML required, a KYC issuer and an AML issuer, and three modules: receivers in the US or
/// the UK only, at most 1,000 per investor, at most 1,500 in all.
private func acmeOptions(paused: Bool = false) -> TREX.Options {
    TREX.Options(
        name: "Acme Shares", symbol: "ACME", basePrice: 1_250, currency: "EUR", claimTopics: [kyc, aml],
        trustedIssuers: [TREX.Issuer(signer: kycSigner.address, topics: [kyc]), TREX.Issuer(signer: amlSigner.address, topics: [aml])],
        modules: [
            TREX.Module(kind: "country-allow-module", configuration: [("batchAllowCountries(uint16[])", [.array([u(840), u(826)])])]),
            TREX.Module(kind: "max-balance-module", configuration: [("setMaxBalance(uint256)", [u(1_000)])]),
            TREX.Module(kind: "supply-limit-module", configuration: [("setSupplyLimit(uint256)", [u(1_500)])]),
        ],
        paused: paused)
}

private func makeChain(_ mining: MiningMode = .auto) -> Chain {
    var config = ChainConfig.development()
    config.mining = mining
    return Chain(config: config)
}

/// Registers `wallet` (from `agent`) and gives its identity a KYC and an AML claim.
@discardableResult
private func onboard(_ suite: TREX, _ wallet: Address, country: UInt16, on chain: Chain, agent: Address = deployer) throws -> Address {
    let identity = try suite.registerInvestor(wallet, country: country, on: chain, agent: agent)
    try suite.issueClaim(identity: identity, topic: kyc, data: Array("KYC passed".utf8), signer: kycSigner.privateKey, manager: wallet, on: chain)
    try suite.issueClaim(identity: identity, topic: aml, data: Array("AML clear".utf8), signer: amlSigner.privateKey, manager: wallet, on: chain)
    return identity
}

private func isVerified(_ suite: TREX, _ wallet: Address, on chain: Chain) throws -> Bool {
    try chain.call(suite.identityRegistry, "isVerified(address)(bool)", [a(wallet)]) == [.bool(true)]
}

private func balance(_ suite: TREX, _ wallet: Address, on chain: Chain) throws -> [ABIValue] {
    try chain.call(suite.token, "balanceOf(address)(uint256)", [a(wallet)])
}

/// The chain's refusal of `mint(to, amount)` from the owner.
private func mintRefusal(_ suite: TREX, _ to: Address, _ amount: UInt256, on chain: Chain) -> ChainError? {
    do {
        try chain.transact(suite.token, "mint(address,uint256)", [a(to), u(amount)], from: deployer)
        return nil
    } catch {
        return error
    }
}

@Suite struct SecurityTokenSuiteTests {
    @Test func deploysAndWiresEveryContract() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        #expect(suite.owner == deployer)
        #expect(suite.claimIssuers.map(\.signer) == [kycSigner.address, amlSigner.address])
        #expect(suite.claimIssuer(signer: kycSigner.address) == suite.claimIssuers[0].contract)
        #expect(suite.claimIssuer(signer: amlSigner.address) == suite.claimIssuers[1].contract)
        #expect(suite.claimIssuer(signer: dave) == nil)
        #expect(suite.modules.map(\.kind) == ["country-allow-module", "max-balance-module", "supply-limit-module"])
        let contracts = [
            suite.token, suite.identityRegistry, suite.identityRegistryStorage, suite.claimTopicsRegistry, suite.trustedIssuersRegistry,
            suite.compliance,
        ] + suite.claimIssuers.map(\.contract) + suite.modules.map(\.address)
        #expect(Set(contracts).count == contracts.count)
        #expect(contracts.allSatisfy { chain.contract(at: $0) != nil })

        // T-REX's factory order: every address is the owner's CREATE address at the expected nonce.
        let order = [
            suite.claimTopicsRegistry, suite.trustedIssuersRegistry, suite.claimIssuers[0].contract, suite.claimIssuers[1].contract,
            suite.identityRegistryStorage, suite.identityRegistry, suite.compliance, suite.token,
            suite.modules[0].address, suite.modules[1].address, suite.modules[2].address,
        ]
        // topics: 0 deploy, 1–2 addClaimTopic; issuers 3, claim issuers 4–5, addTrustedIssuer 6–7; storage 8,
        // registry 9, bind 10, addAgent 11; compliance 12, token 13, addAgent 14; modules at 15, 18, 21.
        let nonces: [UInt64] = [0, 3, 4, 5, 8, 9, 12, 13, 15, 18, 21]
        #expect(order == nonces.map { Address.contractAddress(sender: deployer, nonce: $0) })
        #expect(chain.nonce(of: deployer) == 25)  // unpause at 24

        #expect(try chain.call(suite.claimTopicsRegistry, "getClaimTopics()(uint256[])") == [.array([u(kyc), u(aml)])])
        #expect(
            try chain.call(suite.trustedIssuersRegistry, "getTrustedIssuers()(address[])")
                == [.array(suite.claimIssuers.map { a($0.contract) })])
        #expect(
            try chain.call(suite.trustedIssuersRegistry, "getTrustedIssuerClaimTopics(address)(uint256[])", [a(suite.claimIssuers[1].contract)])
                == [.array([u(aml)])])
        #expect(try chain.call(suite.identityRegistryStorage, "linkedIdentityRegistries()(address[])") == [.array([a(suite.identityRegistry)])])
        #expect(try chain.call(suite.identityRegistry, "identityStorage()(address)") == [a(suite.identityRegistryStorage)])
        #expect(try chain.call(suite.identityRegistry, "topicsRegistry()(address)") == [a(suite.claimTopicsRegistry)])
        #expect(try chain.call(suite.identityRegistry, "issuersRegistry()(address)") == [a(suite.trustedIssuersRegistry)])
        for agent in [deployer, suite.token] {
            #expect(try chain.call(suite.identityRegistry, "isAgent(address)(bool)", [a(agent)]) == [.bool(true)])
        }
        #expect(try chain.call(suite.token, "identityRegistry()(address)") == [a(suite.identityRegistry)])
        #expect(try chain.call(suite.token, "compliance()(address)") == [a(suite.compliance)])
        #expect(try chain.call(suite.token, "name()(string)") == [.string("Acme Shares")])
        #expect(try chain.call(suite.token, "currency()(string)") == [.string("EUR")])
        #expect(try chain.call(suite.token, "basePrice()(uint256)") == [u(1_250)])
        #expect(try chain.call(suite.token, "paused()(bool)") == [.bool(false)])
        #expect(try chain.call(suite.compliance, "getTokenBound()(address)") == [a(suite.token)])
        #expect(try chain.call(suite.compliance, "getModules()(address[])") == [.array(suite.modules.map { a($0.address) })])
        for contract in [suite.token, suite.identityRegistry, suite.identityRegistryStorage, suite.claimTopicsRegistry, suite.compliance]
            + suite.modules.map(\.address)
        {
            #expect(try chain.call(contract, "owner()(address)") == [a(deployer)])
        }
        let (allow, maxBalance, supplyLimit) = (suite.modules[0].address, suite.modules[1].address, suite.modules[2].address)
        #expect(try chain.call(allow, "isCountryAllowed(address,uint16)(bool)", [a(suite.compliance), u(826)]) == [.bool(true)])
        #expect(try chain.call(allow, "isCountryAllowed(address,uint16)(bool)", [a(suite.compliance), u(392)]) == [.bool(false)])
        #expect(try chain.call(supplyLimit, "getSupplyLimit(address)(uint256)", [a(suite.compliance)]) == [u(1_500)])
        #expect(try chain.call(maxBalance, "isComplianceBound(address)(bool)", [a(suite.compliance)]) == [.bool(true)])
        // Each claim issuer's management key is its signer.
        let managementKey = IdentityCore.keyHash(kycSigner.address)
        #expect(
            try chain.call(suite.claimIssuers[0].contract, "keyHasPurpose(bytes32,uint256)(bool)", [b32(managementKey), u(1)])
                == [.bool(true)])
    }

    @Test func verifiedInvestorsReceiveMintsAndOthersAreRefused() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        let aliceIdentity = try onboard(suite, alice, country: 840, on: chain)
        try onboard(suite, bob, country: 826, on: chain)
        #expect(try isVerified(suite, alice, on: chain))
        #expect(try isVerified(suite, bob, on: chain))
        #expect(try suite.identity(of: alice, on: chain) == aliceIdentity)
        #expect(try chain.call(suite.identityRegistry, "investorCountry(address)(uint16)", [a(bob)]) == [u(826)])

        // Registered with a KYC claim only: not verified, since AML is required too.
        let carolIdentity = try suite.registerInvestor(carol, country: 840, on: chain, agent: deployer)
        try suite.issueClaim(identity: carolIdentity, topic: kyc, data: [1], signer: kycSigner.privateKey, manager: carol, on: chain)
        #expect(try !isVerified(suite, carol, on: chain))

        try chain.transact(suite.token, "mint(address,uint256)", [a(alice), u(600)], from: deployer)
        #expect(try balance(suite, alice, on: chain) == [u(600)])
        try chain.transact(suite.token, "transfer(address,uint256)", [a(bob), u(100)], from: alice)
        #expect(try balance(suite, bob, on: chain) == [u(100)])

        let unregistered = mintRefusal(suite, mallory, 1, on: chain)
        #expect(unregistered?.revert == Revert.error("UnverifiedIdentity()"))
        #expect(unregistered?.revert?.explanation?.contains("has no identity in the identity registry") == true)
        #expect(mintRefusal(suite, carol, 1, on: chain)?.revert == Revert.error("UnverifiedIdentity()"))
        // The modules as configured: at most 1,000 per investor, 1,500 in all.
        let tooMuch = mintRefusal(suite, alice, 501, on: chain)
        #expect(tooMuch?.revert == Revert.error("ComplianceNotFollowed()"))
        #expect(tooMuch?.revert?.explanation?.contains("max-balance-module: receiver's identity \(aliceIdentity) would hold 500 + 501") == true, "\(String(describing: tooMuch))")
        try chain.transact(suite.token, "mint(address,uint256)", [a(bob), u(800)], from: deployer)
        let pastLimit = mintRefusal(suite, alice, 101, on: chain)
        #expect(pastLimit?.revert?.explanation?.contains("supply-limit-module: minting 101 would take the supply 1400 past the limit 1500") == true, "\(String(describing: pastLimit))")
    }

    @Test func countryModuleRefusesAJapaneseInvestor() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        try onboard(suite, carol, country: 392, on: chain)
        #expect(try isVerified(suite, carol, on: chain))
        let refusal = mintRefusal(suite, carol, 10, on: chain)
        #expect(refusal?.revert == Revert.error("ComplianceNotFollowed()"))
        #expect(refusal?.revert?.explanation == "ComplianceNotFollowed: country-allow-module: receiver's country 392 is not allowed")
        #expect(try balance(suite, carol, on: chain) == [u(0)])
    }

    @Test func pausedOptionLeavesTheTokenPaused() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions(paused: true))
        #expect(try chain.call(suite.token, "paused()(bool)") == [.bool(true)])
        try onboard(suite, alice, country: 840, on: chain)
        try chain.transact(suite.token, "mint(address,uint256)", [a(alice), u(10)], from: deployer)  // agents mint while paused
        do {
            try chain.transact(suite.token, "transfer(address,uint256)", [a(bob), u(1)], from: alice)
            Issue.record("a transfer went through while paused")
        } catch {
            #expect(error.revert == Revert.error("EnforcedPause()"))
        }
    }

    @Test(arguments: [MiningMode.manual, .interval])
    func nonAutomaticMiningGivesAReadySuite(mining: MiningMode) throws {
        let chain = makeChain(mining)
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        #expect(chain.pending.isEmpty)
        #expect(try chain.call(suite.token, "paused()(bool)") == [.bool(false)])
        #expect(try chain.call(suite.compliance, "getModules()(address[])") == [.array(suite.modules.map { a($0.address) })])
        let identity = try onboard(suite, alice, country: 840, on: chain)
        #expect(chain.pending.isEmpty)
        #expect(try isVerified(suite, alice, on: chain))
        #expect(try suite.identity(of: alice, on: chain) == identity)
        try suite.addAgent(newAgent, on: chain)
        #expect(chain.pending.isEmpty)
        #expect(try chain.call(suite.token, "isAgent(address)(bool)", [a(newAgent)]) == [.bool(true)])

        let sent = try chain.transact(suite.token, "mint(address,uint256)", [a(alice), u(5)], from: newAgent)
        #expect(sent.receipt == nil)
        chain.mine()
        #expect(chain.receipt(hash: sent.hash)?.status == true)
        #expect(try balance(suite, alice, on: chain) == [u(5)])
        // Every receipt of the set-up succeeded, and fewer blocks than transactions were needed.
        let receipts = (1...chain.blockNumber).flatMap { chain.receipts(block: $0) }
        #expect(receipts.allSatisfy { $0.status })
        #expect(chain.blockNumber < UInt64(receipts.count))

        // The same transactions in the same order: the same addresses as in automine.
        let auto = try TREX.deploy(on: makeChain(), owner: deployer, options: acmeOptions())
        #expect(auto.token == suite.token && auto.compliance == suite.compliance && auto.modules.map(\.address) == suite.modules.map(\.address))
    }

    @Test func manualMiningMinesWhatTheCallerLeftPending() throws {
        let chain = makeChain(.manual)
        let transfer = try chain.send(TransactionRequest(from: dave, to: mallory, value: 7))
        let suite = try TREX.deploy(on: chain, owner: deployer, options: TREX.Options(name: "Plain", symbol: "PLN"))
        #expect(chain.receipt(hash: transfer.hash)?.status == true)
        #expect(chain.pending.isEmpty)
        #expect(try chain.call(suite.token, "paused()(bool)") == [.bool(false)])
    }

    @Test func unknownModuleKindsAreRefusedBeforeAnythingIsSent() {
        let chain = makeChain()
        let kinds =
            "country-allow-module, country-restrict-module, supply-limit-module, max-balance-module, transfer-restrict-module, "
            + "time-transfers-limits-module, max-holders-module"
        for (kind, message) in [
            ("country-alow-module", "module 2: unknown compliance module kind 'country-alow-module' (kinds: \(kinds))"),
            ("erc20", "module 2: 'erc20' is not a compliance module kind (kinds: \(kinds))"),
        ] {
            var options = acmeOptions()
            options.modules[1] = TREX.Module(kind: kind)
            #expect(throws: SuiteError(.unknownModule, message)) { try TREX.deploy(on: chain, owner: deployer, options: options) }
            do {
                _ = try TREX.deploy(on: chain, owner: deployer, options: options)
            } catch {
                #expect(error.message == message)
                #expect(error.chainError == nil)
            }
        }
        #expect(chain.blockNumber == 0)
        #expect(chain.nonce(of: deployer) == 0)
    }

    @Test func configurationCallsThatCannotBeMadeAreRefusedBeforeAnythingIsSent() {
        let chain = makeChain()
        for (call, message) in [
            (
                ("setMaxBalance(uint256)", [u(5)]),
                "module 1 (country-allow-module): configuration call 2 'setMaxBalance(uint256)': country-allow-module has no function setMaxBalance(uint256)"
            ),
            (
                ("addAllowedCountry(uint16)", [.string("US")]),
                "module 1 (country-allow-module): configuration call 2 'addAllowedCountry(uint16)': "
                    + (SuiteErrorText.encodeFailure("addAllowedCountry(uint16)", [.string("US")]) ?? "")
            ),
        ] as [((signature: String, arguments: [ABIValue]), String)] {
            let options = TREX.Options(
                name: "Acme", symbol: "ACME",
                modules: [TREX.Module(kind: "country-allow-module", configuration: [("addAllowedCountry(uint16)", [u(840)]), call])])
            do {
                _ = try TREX.deploy(on: chain, owner: deployer, options: options)
                Issue.record("deployed with \(call.signature)")
            } catch {
                #expect(error.code == .invalidConfiguration)
                #expect(error.message == message)
            }
        }
        #expect(chain.blockNumber == 0)
    }

    @Test func revertingConfigurationCallsNameTheModuleAndTheCall() {
        // No topics and no issuers: the owner's nonces are topics 0, issuers 1, storage 2, registry 3,
        // bind 4, addAgent 5, compliance 6, token 7, addAgent 8, then module 1 at 9.
        let module = Address.contractAddress(sender: deployer, nonce: 9)
        let compliance = Address.contractAddress(sender: deployer, nonce: 6)
        for (configuration, message) in [
            (
                [("batchRestrictCountries(uint16[])", [ABIValue.array([u(392)])]), ("addCountryRestriction(uint16)", [u(392)])],
                "configuring module 1 (country-restrict-module) at \(module) with addCountryRestriction(392): execution reverted: revert: country already restricted"
            ),
            (
                [("batchAllowCountries(uint16[])", [ABIValue.array([u(840), u(826)])]), ("addAllowedCountry(uint16)", [u(826)])],
                "configuring module 1 (country-allow-module) at \(module) with addAllowedCountry(826): execution reverted: CountryAlreadyAllowed(\(compliance), 826)"
            ),
        ] as [([(signature: String, arguments: [ABIValue])], String)] {
            let chain = makeChain()
            let kind = configuration[0].signature.hasPrefix("batchRestrict") ? "country-restrict-module" : "country-allow-module"
            let options = TREX.Options(name: "Acme", symbol: "ACME", modules: [TREX.Module(kind: kind, configuration: configuration)])
            do {
                _ = try TREX.deploy(on: chain, owner: deployer, options: options)
                Issue.record("deployed with a reverting configuration call")
            } catch {
                #expect(error.code == .transactionFailed)
                #expect(error.message == message)
                #expect(error.chainError?.code == .executionReverted)
                #expect(error.revert != nil && error.revert == error.chainError?.revert)
            }
            // Deployment stopped at the failing call: it was not mined, and nothing after it was sent.
            #expect(chain.nonce(of: deployer) == 12)
            #expect(chain.receipts(block: chain.blockNumber).allSatisfy { $0.status })
        }
    }

    @Test func revertingConfigurationInManualMiningIsRefusedToo() {
        let chain = makeChain(.manual)
        let options = TREX.Options(
            name: "Acme", symbol: "ACME",
            modules: [TREX.Module(kind: "country-allow-module", configuration: [("removeAllowedCountry(uint16)", [u(840)])])])
        let module = Address.contractAddress(sender: deployer, nonce: 9)
        let compliance = Address.contractAddress(sender: deployer, nonce: 6)
        #expect(
            throws: SuiteError(
                .transactionFailed,
                "configuring module 1 (country-allow-module) at \(module) with removeAllowedCountry(840): execution reverted: CountryNotAllowed(\(compliance), 840)")
        ) { try TREX.deploy(on: chain, owner: deployer, options: options) }
        do {
            _ = try TREX.deploy(on: makeChain(.manual), owner: deployer, options: options)
        } catch {
            #expect(
                error.message
                    == "configuring module 1 (country-allow-module) at \(module) with removeAllowedCountry(840): execution reverted: CountryNotAllowed(\(compliance), 840)")
        }
    }

    @Test func invalidTokenOptionsAreRefusedBeforeAnythingIsSent() {
        let chain = makeChain()
        for (options, message) in [
            (TREX.Options(name: "", symbol: "X"), "the token's name and symbol must not be empty"),
            (TREX.Options(name: "X", symbol: "X", decimals: 19), "the token has 19 decimals, at most 18"),
            (
                TREX.Options(name: "X", symbol: "X", assetType: "art"),
                "asset type 'art' is not one of equity, bond, fund, stablecoin, deposit, other"
            ),
        ] {
            do {
                _ = try TREX.deploy(on: chain, owner: deployer, options: options)
                Issue.record("deployed \(options.name)")
            } catch {
                #expect(error.code == .invalidOptions)
                #expect(error.message == message)
            }
        }
        #expect(chain.blockNumber == 0)
    }

    @Test func addAgentLetsANewAgentMintAndRegister() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        do {
            try onboard(suite, alice, country: 840, on: chain, agent: newAgent)
            Issue.record("a non-agent registered an investor")
        } catch let error as SuiteError {
            #expect(error.message.hasPrefix("registering investor \(alice) (identity "))
            #expect(error.message.hasSuffix(", country 840) from \(newAgent): execution reverted: CallerDoesNotHaveAgentRole()"))
            #expect(error.revert == Revert.error("CallerDoesNotHaveAgentRole()"))
        }
        try suite.addAgent(newAgent, on: chain)
        for contract in [suite.token, suite.identityRegistry] {
            #expect(try chain.call(contract, "isAgent(address)(bool)", [a(newAgent)]) == [.bool(true)])
        }
        try onboard(suite, bob, country: 826, on: chain, agent: newAgent)
        #expect(try isVerified(suite, bob, on: chain))
        try chain.transact(suite.token, "mint(address,uint256)", [a(bob), u(42)], from: newAgent)
        #expect(try balance(suite, bob, on: chain) == [u(42)])
    }

    @Test func identityOfAnswersForRegisteredWalletsOnly() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        #expect(try suite.identity(of: alice, on: chain) == nil)
        let identity = try suite.registerInvestor(alice, country: 276, on: chain, agent: deployer)
        #expect(try suite.identity(of: alice, on: chain) == identity)
        #expect(try suite.identity(of: bob, on: chain) == nil)
        // The identity was deployed from the wallet, which is its management key.
        #expect(identity == Address.contractAddress(sender: alice, nonce: 0))
        #expect(
            try chain.call(identity, "keyHasPurpose(bytes32,uint256)(bool)", [b32(IdentityCore.keyHash(alice)), u(1)]) == [.bool(true)])
        let notAContract = TREX(
            owner: deployer, token: suite.token, identityRegistry: dave, identityRegistryStorage: suite.identityRegistryStorage,
            claimTopicsRegistry: suite.claimTopicsRegistry, trustedIssuersRegistry: suite.trustedIssuersRegistry,
            compliance: suite.compliance, claimIssuers: suite.claimIssuers, modules: suite.modules)
        #expect(throws: SuiteError(.callFailed, "")) { try notAContract.identity(of: alice, on: chain) }
    }

    @Test func claimsNeedOneOfTheSuitesIssuers() throws {
        let chain = makeChain()
        let suite = try TREX.deploy(on: chain, owner: deployer, options: acmeOptions())
        let identity = try suite.registerInvestor(alice, country: 840, on: chain, agent: deployer)
        let stranger = devAccounts[9]
        #expect(
            throws: SuiteError(
                .unknownIssuer,
                "no claim issuer of the suite has signer \(stranger.address) (signers: \(kycSigner.address), \(amlSigner.address))")
        ) {
            try suite.issueClaim(identity: identity, topic: kyc, data: [], signer: stranger.privateKey, manager: alice, on: chain)
        }
        do {
            try suite.issueClaim(identity: identity, topic: kyc, data: [], signer: stranger.privateKey, manager: alice, on: chain)
        } catch {
            #expect(error.message == "no claim issuer of the suite has signer \(stranger.address) (signers: \(kycSigner.address), \(amlSigner.address))")
        }
        // Only the identity's keys may add claims.
        #expect(throws: SuiteError(.transactionFailed, "")) {
            try suite.issueClaim(identity: identity, topic: kyc, data: [], signer: kycSigner.privateKey, manager: bob, on: chain)
        }
        #expect(try !isVerified(suite, alice, on: chain))
    }

    /// The README's example, as written there.
    @Test func readmeExample() throws {
        let chain = Chain()
        let owner = deployer, kycKey = kycSigner.privateKey
        let kyc = UInt256(1)
        let suite = try TREX.deploy(on: chain, owner: owner, options: .init(
            name: "Acme Shares", symbol: "ACME", claimTopics: [kyc],
            trustedIssuers: [.init(signer: kycKey.address, topics: [kyc])],
            modules: [.init(kind: "country-allow-module", configuration: [("batchAllowCountries(uint16[])", [.array([.uint(840), .uint(826)])])])]))
        let identity = try suite.registerInvestor(alice, country: 840, on: chain, agent: owner)
        try suite.issueClaim(identity: identity, topic: kyc, data: Array("KYC passed".utf8), signer: kycKey, manager: alice, on: chain)
        try chain.transact(suite.token, "mint(address,uint256)", [.address(alice), .uint(100)], from: owner)
        #expect(try balance(suite, alice, on: chain) == [u(100)])
        #expect(Country.numeric("US") == 840 && Country.numeric("usa") == 840 && Country.numeric("840") == 840)
        #expect(Country.suggestion(for: "UK") == "GB")
    }

    @Test func revertsAreDescribedWithTheirErrorAndExplanation() {
        let explained = ChainError(
            .executionReverted, "execution reverted: …",
            revert: Revert.error("ComplianceNotFollowed()", explanation: "country-allow-module: receiver's country 392 is not allowed"))
        #expect(SuiteError.describe(explained) == "execution reverted: ComplianceNotFollowed() — country-allow-module: receiver's country 392 is not allowed")
        let reason = ChainError(.executionReverted, "execution reverted: revert: no", revert: Revert.reason("no"))
        #expect(SuiteError.describe(reason) == "execution reverted: revert: no")
        let other = ChainError(.nonceTooLow, "nonce too low: expected 5, got 3")
        #expect(SuiteError.describe(other) == "nonce too low: expected 5, got 3")
        let unknown = ChainError(.executionReverted, "execution reverted: revert: 0x12345678", revert: Revert(data: [0x12, 0x34, 0x56, 0x78]))
        #expect(SuiteError.describe(unknown) == "execution reverted: revert: 0x12345678")
    }
}

/// What the ABI encoder says about arguments that do not fit a signature.
private enum SuiteErrorText {
    static func encodeFailure(_ signature: String, _ arguments: [ABIValue]) -> String? {
        do {
            _ = try ABIFunction.cached(signature).encodeCall(arguments)
            return nil
        } catch {
            return error.message
        }
    }
}
