import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A chain with an identity registry storage and an identity registry bound to it, `agent` an agent
/// of the registry. The topic and issuer registries are placeholders (accounts without code) unless given.
final class RegistrySuite {
    let chain = Chain()
    let storage: Address
    let registry: Address
    let agent = carol

    init(topics: Address = Address.contractAddress(sender: mallory, nonce: 100), issuers: Address = Address.contractAddress(sender: mallory, nonce: 101)) throws {
        storage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        registry = try chain.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: storage), from: deployer
        ).address
        try chain.transact(storage, "bindIdentityRegistry(address)", [a(registry)], from: deployer)
        try chain.transact(registry, "addAgent(address)", [a(agent)], from: deployer)
    }

    var storageHarness: Harness { Harness(chain: chain, contract: storage) }
    var registryHarness: Harness { Harness(chain: chain, contract: registry) }
}

let irInterface = IdentityRegistry.interface
let irsInterface = IdentityRegistryStorage.interface
/// Stand-ins for ONCHAINID contracts: only their addresses matter to registration.
let aliceIdentity = Address.contractAddress(sender: alice, nonce: 50)
let bobIdentity = Address.contractAddress(sender: bob, nonce: 50)

@Suite struct IdentityRegistryTests {
    @Test func selectorsMatchDeclarations() {
        expectSelectorsMatch(IdentityRegistry.Function.self)
        expectSelectorsMatch(IdentityRegistryStorage.Function.self)
    }

    @Test func deploymentWiresTheRegistries() throws {
        let chain = Chain()
        let storage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        let topics = Address.contractAddress(sender: mallory, nonce: 1), issuers = Address.contractAddress(sender: mallory, nonce: 2)
        let (registry, _, receipt) = try chain.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: storage), from: deployer)
        expectEvents(
            receipt?.logs ?? [],
            [
                event("ClaimTopicsRegistrySet", ["_claimTopicsRegistry": a(topics)]),
                event("TrustedIssuersRegistrySet", ["_trustedIssuersRegistry": a(issuers)]),
                event("IdentityStorageSet", ["_identityStorage": a(storage)]),
                event("EligibilityChecksEnabled", [:]),
                event("OwnershipTransferred", ["previousOwner": a(.zero), "newOwner": a(deployer)]),
            ], interface: irInterface, from: registry)
        #expect(try chain.call(registry, "topicsRegistry()(address)") == [a(topics)])
        #expect(try chain.call(registry, "issuersRegistry()(address)") == [a(issuers)])
        #expect(try chain.call(registry, "identityStorage()(address)") == [a(storage)])
        #expect(try chain.call(registry, "owner()(address)") == [a(deployer)])
        do {
            try chain.deploy(IdentityRegistry(trustedIssuersRegistry: .zero, claimTopicsRegistry: topics, identityStorage: storage), from: deployer)
            Issue.record("deployment with a zero address did not revert")
        } catch {
            #expect(error.revert == Revert.error("ZeroAddress()"))
        }
    }

    @Test func bindingIsTheOwnersAndMakesTheRegistryAnAgent() throws {
        let chain = Chain()
        let storage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        let h = Harness(chain: chain, contract: storage)
        h.expectRevert("bindIdentityRegistry(address)", [a(alice)], from: bob, error: "OwnableUnauthorizedAccount(address)", [a(bob)])
        h.expectRevert("bindIdentityRegistry(address)", [a(.zero)], error: "ZeroAddress()")
        h.expectRevert("unbindIdentityRegistry(address)", [a(alice)], error: "IdentityRegistryNotStored()")
        expectEvents(
            h.send("bindIdentityRegistry(address)", [a(alice)]),
            [event("AgentAdded", ["_agent": a(alice)]), event("IdentityRegistryBound", ["_identityRegistry": a(alice)])],
            interface: irsInterface)
        h.send("bindIdentityRegistry(address)", [a(bob)])
        h.expectRevert("bindIdentityRegistry(address)", [a(bob)], error: "AccountAlreadyHasRole()")
        #expect(h.view("linkedIdentityRegistries()(address[])") == [.array([a(alice), a(bob)])])
        #expect(h.bool("isAgent(address)(bool)", [a(alice)]) == true)
        expectEvents(
            h.send("unbindIdentityRegistry(address)", [a(alice)]),
            [event("AgentRemoved", ["_agent": a(alice)]), event("IdentityRegistryUnbound", ["_identityRegistry": a(alice)])],
            interface: irsInterface)
        #expect(h.view("linkedIdentityRegistries()(address[])") == [.array([a(bob)])])
        h.expectRevert("unbindIdentityRegistry(address)", [a(alice)], error: "AccountDoesNotHaveRole()")
        h.expectRevert("unbindIdentityRegistry(address)", [a(bob)], from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)])
    }

    @Test func registerUpdateAndDeleteIdentities() throws {
        let suite = try RegistrySuite()
        let h = suite.registryHarness
        let logs = h.send("registerIdentity(address,address,uint16)", [a(alice), a(aliceIdentity), u(840)], from: suite.agent)
        #expect(logs.map(\.address) == [suite.storage, suite.registry])
        #expect(decode(logs[0], with: irsInterface) == event("IdentityStored", ["_investorAddress": a(alice), "_identity": a(aliceIdentity)]))
        #expect(decode(logs[1], with: irInterface) == event("IdentityRegistered", ["_investorAddress": a(alice), "_identity": a(aliceIdentity)]))
        #expect(h.view("identity(address)(address)", [a(alice)]) == [a(aliceIdentity)])
        #expect(h.view("investorCountry(address)(uint16)", [a(alice)]) == [u(840)])
        #expect(h.bool("contains(address)(bool)", [a(alice)]) == true)
        #expect(h.bool("contains(address)(bool)", [a(bob)]) == false)
        #expect(Harness(chain: suite.chain, contract: suite.storage).view("storedIdentity(address)(address)", [a(alice)]) == [a(aliceIdentity)])

        let update = h.send("updateIdentity(address,address)", [a(alice), a(bobIdentity)], from: suite.agent)
        #expect(decode(update[0], with: irsInterface) == event("IdentityModified", ["_oldIdentity": a(aliceIdentity), "_newIdentity": a(bobIdentity)]))
        #expect(decode(update[1], with: irInterface) == event("IdentityUpdated", ["_oldIdentity": a(aliceIdentity), "_newIdentity": a(bobIdentity)]))
        let country = h.send("updateCountry(address,uint16)", [a(alice), u(826)], from: suite.agent)
        #expect(decode(country[0], with: irsInterface) == event("CountryModified", ["_investorAddress": a(alice), "_country": u(826)]))
        #expect(decode(country[1], with: irInterface) == event("CountryUpdated", ["_investorAddress": a(alice), "_country": u(826)]))
        #expect(h.view("investorCountry(address)(uint16)", [a(alice)]) == [u(826)])
        let delete = h.send("deleteIdentity(address)", [a(alice)], from: suite.agent)
        #expect(decode(delete[0], with: irsInterface) == event("IdentityUnstored", ["_investorAddress": a(alice), "_identity": a(bobIdentity)]))
        #expect(decode(delete[1], with: irInterface) == event("IdentityRemoved", ["_investorAddress": a(alice), "_identity": a(bobIdentity)]))
        #expect(h.bool("contains(address)(bool)", [a(alice)]) == false)
        #expect(h.view("investorCountry(address)(uint16)", [a(alice)]) == [u(0)])
    }

    @Test func registrationRevertPaths() throws {
        let suite = try RegistrySuite()
        let h = suite.registryHarness
        h.expectRevert("registerIdentity(address,address,uint16)", [a(alice), a(aliceIdentity), u(840)], from: alice, error: "CallerDoesNotHaveAgentRole()")
        h.expectRevert("registerIdentity(address,address,uint16)", [a(.zero), a(aliceIdentity), u(840)], from: suite.agent, error: "ZeroAddress()")
        h.expectRevert("registerIdentity(address,address,uint16)", [a(alice), a(.zero), u(840)], from: suite.agent, error: "ZeroAddress()")
        h.send("registerIdentity(address,address,uint16)", [a(alice), a(aliceIdentity), u(840)], from: suite.agent)
        h.expectRevert("registerIdentity(address,address,uint16)", [a(alice), a(bobIdentity), u(840)], from: suite.agent, error: "AddressAlreadyStored()")
        h.expectRevert("updateIdentity(address,address)", [a(bob), a(bobIdentity)], from: suite.agent, error: "AddressNotYetStored()")
        h.expectRevert("updateIdentity(address,address)", [a(alice), a(.zero)], from: suite.agent, error: "ZeroAddress()")
        h.expectRevert("updateIdentity(address,address)", [a(alice), a(bobIdentity)], from: bob, error: "CallerDoesNotHaveAgentRole()")
        h.expectRevert("updateCountry(address,uint16)", [a(bob), u(1)], from: suite.agent, error: "AddressNotYetStored()")
        h.expectRevert("updateCountry(address,uint16)", [a(alice), u(1)], from: bob, error: "CallerDoesNotHaveAgentRole()")
        h.expectRevert("deleteIdentity(address)", [a(bob)], from: suite.agent, error: "AddressNotYetStored()")
        h.expectRevert("deleteIdentity(address)", [a(alice)], from: bob, error: "CallerDoesNotHaveAgentRole()")
        // A uint16 argument with higher bits set is refused by the ABI decoder.
        h.expectRevert("registerIdentity(address,address,uint256)", [a(bob), a(bobIdentity), u(70_000)], from: suite.agent, data: [])
        #expect(h.view("identity(address)(address)", [a(alice)]) == [a(aliceIdentity)])
    }

    @Test func aRegistryNotBoundToTheStorageCannotWriteIt() throws {
        let suite = try RegistrySuite()
        suite.storageHarness.send("unbindIdentityRegistry(address)", [a(suite.registry)])
        suite.registryHarness.expectRevert(
            "registerIdentity(address,address,uint16)", [a(alice), a(aliceIdentity), u(840)], from: suite.agent,
            error: "CallerDoesNotHaveAgentRole()")
        // The storage's own agents write it directly.
        suite.storageHarness.send("addAgent(address)", [a(bob)])
        suite.storageHarness.send("addIdentityToStorage(address,address,uint16)", [a(alice), a(aliceIdentity), u(250)], from: bob)
        #expect(suite.registryHarness.view("investorCountry(address)(uint16)", [a(alice)]) == [u(250)])
    }

    @Test func batchRegistrationIsAllOrNothing() throws {
        let suite = try RegistrySuite()
        let h = suite.registryHarness
        h.send(
            "batchRegisterIdentity(address[],address[],uint16[])",
            [.array([a(alice), a(bob)]), .array([a(aliceIdentity), a(bobIdentity)]), .array([u(840), u(826)])], from: suite.agent)
        #expect(h.view("investorCountry(address)(uint16)", [a(bob)]) == [u(826)])
        h.expectRevert(
            "batchRegisterIdentity(address[],address[],uint16[])",
            [.array([a(carol), a(alice)]), .array([a(aliceIdentity), a(bobIdentity)]), .array([u(1), u(2)])], from: suite.agent,
            error: "AddressAlreadyStored()")
        h.expectRevert(
            "batchRegisterIdentity(address[],address[],uint16[])", [.array([a(carol)]), .array([]), .array([u(1)])], from: suite.agent,
            data: Revert.panic(0x32).data)
        #expect(h.bool("contains(address)(bool)", [a(carol)]) == false)
    }

    @Test func eligibilityChecksSwitch() throws {
        let suite = try RegistrySuite()
        let h = suite.registryHarness
        // No identity: not verified (decided before the topic registry is asked).
        #expect(h.bool("isVerified(address)(bool)", [a(alice)]) == false)
        h.expectRevert("disableEligibilityChecks()", from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)])
        h.expectRevert("enableEligibilityChecks()", error: "EligibilityChecksEnabledAlready()")
        expectEvents(h.send("disableEligibilityChecks()"), [event("EligibilityChecksDisabled", [:])], interface: irInterface)
        #expect(h.bool("isVerified(address)(bool)", [a(alice)]) == true)
        h.expectRevert("disableEligibilityChecks()", error: "EligibilityChecksDisabledAlready()")
        expectEvents(h.send("enableEligibilityChecks()"), [event("EligibilityChecksEnabled", [:])], interface: irInterface)
        #expect(h.bool("isVerified(address)(bool)", [a(alice)]) == false)
    }

    @Test func ownerRewiresTheRegistries() throws {
        let suite = try RegistrySuite()
        let h = suite.registryHarness
        h.expectRevert("setClaimTopicsRegistry(address)", [a(bob)], from: alice, error: "OwnableUnauthorizedAccount(address)", [a(alice)])
        expectEvents(h.send("setClaimTopicsRegistry(address)", [a(bob)]), [event("ClaimTopicsRegistrySet", ["_claimTopicsRegistry": a(bob)])], interface: irInterface)
        expectEvents(
            h.send("setTrustedIssuersRegistry(address)", [a(bob)]), [event("TrustedIssuersRegistrySet", ["_trustedIssuersRegistry": a(bob)])],
            interface: irInterface)
        expectEvents(h.send("setIdentityRegistryStorage(address)", [a(bob)]), [event("IdentityStorageSet", ["_identityStorage": a(bob)])], interface: irInterface)
        #expect(h.view("topicsRegistry()(address)") == [a(bob)])
        #expect(h.view("issuersRegistry()(address)") == [a(bob)])
        // Reads from a storage address without code revert, as a Solidity interface call does.
        h.expectRevert("contains(address)", [a(alice)], data: [])
    }

    @Test func supportsInterface() throws {
        let suite = try RegistrySuite()
        func supports(_ harness: Harness, _ id: UInt32) -> Bool? {
            harness.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(withUnsafeBytes(of: id.bigEndian) { Array($0) })])
        }
        #expect(supports(suite.registryHarness, IdentityRegistry.registryInterfaceId) == true)
        #expect(supports(suite.registryHarness, IdentityRegistry.eligibilityInterfaceId) == true)
        #expect(supports(suite.registryHarness, 0x7f58_28d0) == true)
        #expect(supports(suite.registryHarness, 0x01ff_c9a7) == true)
        #expect(supports(suite.registryHarness, 0xffff_ffff) == false)
        #expect(supports(suite.storageHarness, IdentityRegistryStorage.storageInterfaceId) == true)
        #expect(supports(suite.storageHarness, 0x7f58_28d0) == true)
        #expect(supports(suite.storageHarness, IdentityRegistry.registryInterfaceId) == false)
    }
}
