import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// The whole identity side of a T-REX suite: topics, a trusted KYC issuer, the identity registry and
/// its storage, and investor identities holding claims signed by the issuer's key.
final class KYCSuite {
    static let kyc = UInt256(1)
    let chain = Chain()
    let topics: Address
    let issuers: Address
    let issuer: Address
    let storage: Address
    let registry: Address
    /// The KYC provider's account: the claim issuer's management (and so claim-signing) key.
    let provider = devAccounts[5]
    let agent = carol

    init() throws {
        topics = try chain.deploy(ClaimTopicsRegistry(), from: deployer).address
        issuers = try chain.deploy(TrustedIssuersRegistry(), from: deployer).address
        issuer = try chain.deploy(ClaimIssuer(initialManagementKey: provider.address), from: deployer).address
        storage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        registry = try chain.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: storage), from: deployer
        ).address
        try chain.transact(topics, "addClaimTopic(uint256)", [.uint(Self.kyc)], from: deployer)
        try chain.transact(issuers, "addTrustedIssuer(address,uint256[])", [a(issuer), .array([.uint(Self.kyc)])], from: deployer)
        try chain.transact(storage, "bindIdentityRegistry(address)", [a(registry)], from: deployer)
        try chain.transact(registry, "addAgent(address)", [a(agent)], from: deployer)
    }

    /// Deploys `wallet`'s identity, registers it with `country`, and (unless `claim` is false) adds a
    /// KYC claim signed by `signer` (the provider by default) and issued by `claimIssuer` (the suite's).
    @discardableResult
    func onboard(_ wallet: Address, country: UInt64, claim: Bool = true, signer: DevAccount? = nil, claimIssuer: Address? = nil) throws -> Address {
        let identity = try chain.deploy(Identity(initialManagementKey: wallet), from: wallet).address
        try chain.transact(registry, "registerIdentity(address,address,uint16)", [a(wallet), a(identity), u(UInt256(country))], from: agent)
        if claim {
            let data = Array("KYC passed".utf8)
            let signature = ClaimSigning.signature(identity: identity, topic: Self.kyc, data: data, key: (signer ?? provider).privateKey)
            try chain.transact(
                identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
                [.uint(Self.kyc), .uint(UInt256(1)), a(claimIssuer ?? issuer), .bytes(signature), .bytes(data), .string("")], from: wallet)
        }
        return identity
    }

    func isVerified(_ wallet: Address) throws -> Bool {
        try chain.call(registry, "isVerified(address)(bool)", [a(wallet)]) == [.bool(true)]
    }

    /// The explanation the registry gives for a wallet (nil: verified).
    func failure(_ wallet: Address) throws -> String? {
        let probe = try chain.deploy(ReasonProbe(registry: registry, wallet: wallet), from: deployer).address
        guard case .string(let text) = try chain.call(probe, "reason()(string)").first else { return "no answer" }
        return text.isEmpty ? nil : text
    }
}

/// A test-only model that asks the identity registry, directly, why a wallet is not verified.
struct ReasonProbe: ContractModel {
    let registry: Address
    let wallet: Address
    var kind: String { "reason-probe" }
    func construct(_ context: ExecutionContext) throws(Revert) {}
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let reason = try context.callNative(registry, as: IdentityRegistry.self) { _, inner throws(Revert) in
            try IdentityRegistry.verificationFailure(inner, wallet)
        }
        return (try? ABI.encode([.string], [.string((reason ?? nil) ?? "")])) ?? []
    }
}

@Suite struct KYCVerificationTests {
    @Test func aWalletWithASignedClaimFromATrustedIssuerIsVerified() throws {
        let suite = try KYCSuite()
        try suite.onboard(alice, country: 840)
        #expect(try suite.isVerified(alice))
        #expect(try suite.failure(alice) == nil)
        #expect(try suite.chain.call(suite.registry, "investorCountry(address)(uint16)", [a(alice)]) == [u(840)])
    }

    @Test func unregisteredOrClaimlessWalletsAreNot() throws {
        let suite = try KYCSuite()
        #expect(try !suite.isVerified(alice))
        #expect(try suite.failure(alice) == "wallet \(alice) has no identity in the identity registry")
        let identity = try suite.onboard(bob, country: 826, claim: false)
        #expect(try !suite.isVerified(bob))
        #expect(try suite.failure(bob) == "identity \(identity) of wallet \(bob) has no valid claim of topic 1 by a trusted issuer")
    }

    @Test func claimsFromUntrustedIssuersOrWrongKeysDoNotCount() throws {
        let suite = try KYCSuite()
        // An issuer that is a real claim issuer, but not in the trusted issuers registry.
        let rogue = try suite.chain.deploy(ClaimIssuer(initialManagementKey: mallory), from: mallory).address
        try suite.onboard(alice, country: 840, signer: devAccounts[4], claimIssuer: rogue)
        #expect(try !suite.isVerified(alice))
        // The trusted issuer's address with a signature by another key is refused when the claim is added.
        let identity = try suite.onboard(bob, country: 826, claim: false)
        let data = Array("KYC passed".utf8)
        let forged = ClaimSigning.signature(identity: identity, topic: KYCSuite.kyc, data: data, key: devAccounts[4].privateKey)
        do {
            try suite.chain.transact(
                identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
                [.uint(KYCSuite.kyc), .uint(UInt256(1)), a(suite.issuer), .bytes(forged), .bytes(data), .string("")], from: bob)
            Issue.record("a forged claim was accepted")
        } catch {
            #expect(error.revert == Revert.error("InvalidClaim()"))
        }
    }

    @Test func revocationRemovalAndTopicChangesAreSeenAtOnce() throws {
        let suite = try KYCSuite()
        let identity = try suite.onboard(alice, country: 840)
        #expect(try suite.isVerified(alice))
        // The issuer revokes the claim: no longer verified.
        let claimId = IdentityCore.claimId(issuer: suite.issuer, topic: KYCSuite.kyc)
        try suite.chain.transact(suite.issuer, "revokeClaim(bytes32,address)", [b32(claimId), a(identity)], from: suite.provider.address)
        #expect(try !suite.isVerified(alice))
        // A fresh claim from a second trusted issuer restores it.
        let second = try suite.chain.deploy(ClaimIssuer(initialManagementKey: devAccounts[6].address), from: deployer).address
        try suite.chain.transact(suite.issuers, "addTrustedIssuer(address,uint256[])", [a(second), .array([.uint(KYCSuite.kyc)])], from: deployer)
        let data = Array("KYC renewed".utf8)
        let signature = ClaimSigning.signature(identity: identity, topic: KYCSuite.kyc, data: data, key: devAccounts[6].privateKey)
        try suite.chain.transact(
            identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
            [.uint(KYCSuite.kyc), .uint(UInt256(1)), a(second), .bytes(signature), .bytes(data), .string("")], from: alice)
        #expect(try suite.isVerified(alice))
        // The second issuer loses its trust: unverified again.
        try suite.chain.transact(suite.issuers, "removeTrustedIssuer(address)", [a(second)], from: deployer)
        #expect(try !suite.isVerified(alice))
        #expect(try suite.failure(alice) == "identity \(identity) of wallet \(alice) has no valid claim of topic 1 by a trusted issuer")
        // No required topic at all: every registered wallet is verified, as T-REX says.
        try suite.chain.transact(suite.topics, "removeClaimTopic(uint256)", [.uint(KYCSuite.kyc)], from: deployer)
        #expect(try suite.isVerified(alice))
        // A required topic with no trusted issuer: nobody is.
        try suite.chain.transact(suite.topics, "addClaimTopic(uint256)", [.uint(UInt256(7))], from: deployer)
        #expect(try !suite.isVerified(alice))
        #expect(try suite.failure(alice) == "no trusted issuer for claim topic 7")
    }

    @Test func gasDoesNotDependOnTheRecoveryCache() throws {
        let suite = try KYCSuite()
        try suite.onboard(alice, country: 840)
        let calldata = try ABIFunction.cached("isVerified(address)").encodeCall([a(alice)])
        let tx = Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 0, to: suite.registry, value: .zero, data: calldata)
        let first = try suite.chain.estimateGas(tx, from: bob)
        let second = try suite.chain.estimateGas(tx, from: bob)
        #expect(first == second)  // gas is the schedule's, cached or not
    }
}

@Suite struct ClaimDigestTests {
    /// The claim digest's hand-written encoding equals the ABI encoder's, for data of every padding.
    @Test func dataHashEqualsTheABIEncoding() throws {
        for length in [0, 1, 31, 32, 33, 64, 100] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
            let identity = Address.contractAddress(sender: alice, nonce: UInt64(length))
            let topic = UInt256(UInt64(length) &* 1_000_003)
            let expected = Keccak256.hash(try ABI.encode([.address, .uint(256), .bytes], [.address(identity), .uint(topic), .bytes(data)]))
            #expect(ClaimSigning.dataHash(identity: identity, topic: topic, data: data) == expected, "length \(length)")
        }
    }
}
