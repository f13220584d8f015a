import Foundation
import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A test address `0x00…00nn`.
func registryAddress(_ n: Int) -> Address {
    (try? Address(bytes: [UInt8](repeating: 0, count: 18) + [UInt8(n >> 8), UInt8(n & 0xff)])) ?? .zero
}

func us(_ values: [Int]) -> ABIValue { .array(values.map { .uint(UInt256(UInt64($0))) }) }
func addressList(_ values: [Address]) -> ABIValue { .array(values.map { .address($0) }) }

extension Harness {
    /// The first output of a view, or nil when it reverts.
    func first(_ signature: String, _ arguments: [ABIValue] = []) -> ABIValue? {
        try? chain.call(token, signature, arguments).first
    }
}

/// Calls raw calldata and returns the revert (nil when the call succeeds).
func rawRevert(_ h: Harness, _ hex: String, value: UInt256 = .zero) throws -> Revert? {
    do {
        _ = try h.chain.call(to: h.token, data: try Hex.decode(hex), from: deployer, value: value)
        return nil
    } catch let error as ChainError {
        return error.revert ?? Revert(data: [0xff])
    }
}

/// A word of calldata: an address or number in hex, left-padded to 64 digits.
func word(_ hex: String) -> String { String(repeating: "0", count: 64 - hex.count) + hex }
func word(_ address: Address) -> String { word(String(address.lowercaseHex.dropFirst(2))) }

@Suite struct ClaimTopicsRegistryTests {
    let interface = ClaimTopicsRegistry.interface
    func topics(_ h: Harness) -> ABIValue? { h.first("getClaimTopics()(uint256[])") }

    @Test func deployerBecomesOwner() throws {
        let chain = Chain()
        let deployment = try chain.deploy(ClaimTopicsRegistry(), from: deployer)
        expectEvents(
            deployment.receipt?.logs ?? [],
            [event("OwnershipTransferred", ["previousOwner": a(.zero), "newOwner": a(deployer)])], interface: interface,
            from: deployment.address)
        #expect(try chain.call(deployment.address, "owner()(address)") == [a(deployer)])
        #expect(try chain.call(deployment.address, "getClaimTopics()(uint256[])") == [us([])])
        #expect(chain.contract(at: deployment.address)?.kind == "claim-topics-registry")
        #expect(try ClaimTopicsRegistry(arguments: []).kind == ClaimTopicsRegistry.kind)
    }

    @Test func addClaimTopic() throws {
        let h = try Harness(ClaimTopicsRegistry())
        let logs = h.send("addClaimTopic(uint256)", [u(7)])
        expectEvents(logs, [event("ClaimTopicAdded", ["_claimTopic": u(7)])], interface: interface, from: h.token)
        h.send("addClaimTopic(uint256)", [u(.max)])
        h.send("addClaimTopic(uint256)", [u(.zero)])
        #expect(topics(h) == .array([u(7), u(.max), u(.zero)]))
        h.expectRevert("addClaimTopic(uint256)", [u(7)], error: "ClaimTopicAlreadyExists()")
        h.expectRevert("addClaimTopic(uint256)", [u(.zero)], error: "ClaimTopicAlreadyExists()")
    }

    @Test func fifteenTopicsAtMost() throws {
        let h = try Harness(ClaimTopicsRegistry())
        for topic in 1...15 { h.send("addClaimTopic(uint256)", [u(UInt256(UInt64(topic)))]) }
        #expect(topics(h) == us(Array(1...15)))
        h.expectRevert("addClaimTopic(uint256)", [u(16)], error: "MaxTopicsReached(uint256)", [u(15)])
        // The limit is checked before duplicates.
        h.expectRevert("addClaimTopic(uint256)", [u(3)], error: "MaxTopicsReached(uint256)", [u(15)])
        h.send("removeClaimTopic(uint256)", [u(3)])
        h.send("addClaimTopic(uint256)", [u(16)])
        #expect(topics(h) == us([1, 2, 15, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]))
    }

    @Test func removeSwapsTheLastTopicIn() throws {
        let h = try Harness(ClaimTopicsRegistry())
        for topic in [1, 2, 3, 4, 5] { h.send("addClaimTopic(uint256)", [u(UInt256(UInt64(topic)))]) }
        let logs = h.send("removeClaimTopic(uint256)", [u(2)])
        expectEvents(logs, [event("ClaimTopicRemoved", ["_claimTopic": u(2)])], interface: interface, from: h.token)
        #expect(topics(h) == us([1, 5, 3, 4]))
        h.send("removeClaimTopic(uint256)", [u(1)])
        #expect(topics(h) == us([4, 5, 3]))
        h.send("removeClaimTopic(uint256)", [u(3)])
        #expect(topics(h) == us([4, 5]))
        // A topic that is not there: no revert, no event, nothing changes.
        #expect(h.send("removeClaimTopic(uint256)", [u(3)]).isEmpty)
        #expect(h.send("removeClaimTopic(uint256)", [u(99)]).isEmpty)
        #expect(topics(h) == us([4, 5]))
        h.send("removeClaimTopic(uint256)", [u(5)])
        h.send("removeClaimTopic(uint256)", [u(4)])
        #expect(topics(h) == us([]))
        h.send("addClaimTopic(uint256)", [u(4)])
        #expect(topics(h) == us([4]))
    }

    @Test func onlyTheOwnerChangesTopics() throws {
        let h = try Harness(ClaimTopicsRegistry())
        h.send("addClaimTopic(uint256)", [u(1)])
        let unauthorized = "OwnableUnauthorizedAccount(address)"
        h.expectRevert("addClaimTopic(uint256)", [u(2)], from: mallory, error: unauthorized, [a(mallory)])
        h.expectRevert("removeClaimTopic(uint256)", [u(1)], from: mallory, error: unauthorized, [a(mallory)])
        h.expectRevert("removeClaimTopic(uint256)", [u(9)], from: mallory, error: unauthorized, [a(mallory)])
        // Before the duplicate check.
        h.expectRevert("addClaimTopic(uint256)", [u(1)], from: mallory, error: unauthorized, [a(mallory)])
        #expect(topics(h) == us([1]))
    }

    /// The claim topics registry uses T-REX's two-step ownership: the named owner must accept.
    @Test func ownershipTransferIsTwoStep() throws {
        let h = try Harness(ClaimTopicsRegistry())
        let unauthorized = "OwnableUnauthorizedAccount(address)"
        h.expectRevert("transferOwnership(address)", [a(alice)], from: mallory, error: unauthorized, [a(mallory)])
        expectEvents(
            h.send("transferOwnership(address)", [a(alice)]),
            [event("OwnershipTransferStarted", ["previousOwner": a(deployer), "newOwner": a(alice)])], interface: interface)
        #expect(h.first("owner()(address)") == a(deployer))
        h.expectRevert("acceptOwnership()", from: mallory, error: unauthorized, [a(mallory)])
        expectEvents(
            h.send("acceptOwnership()", from: alice),
            [event("OwnershipTransferred", ["previousOwner": a(deployer), "newOwner": a(alice)])], interface: interface)
        h.expectRevert("addClaimTopic(uint256)", [u(1)], error: unauthorized, [a(deployer)])
        h.send("addClaimTopic(uint256)", [u(1)], from: alice)
        // No renouncing: the selector is unknown.
        h.expectRevert("renounceOwnership()", from: alice, data: [])
        #expect(topics(h) == us([1]))
    }


    @Test func supportsInterface() throws {
        let h = try Harness(ClaimTopicsRegistry())
        for (id, expected) in [("10928b13", true), ("7f5828d0", true), ("01ffc9a7", true), ("b0f773b8", false), ("ffffffff", false)] {
            #expect(h.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(try Hex.decode(id))]) == expected, "\(id)")
        }
    }

    @Test func malformedCalldataRevertsWithoutData() throws {
        let h = try Harness(ClaimTopicsRegistry())
        #expect(try rawRevert(h, "c7b22551" + word("1")) == nil)
        let dirtyBytes4 = "01ffc9a7" + "01ffc9a7" + String(word("1").dropFirst(8))
        for bad in ["", "c7b2", "c7b22551", "c7b22551" + "01", "08297846", "deadbeef", dirtyBytes4] {
            #expect(try rawRevert(h, bad) == Revert(data: []), "\(bad)")
        }
        #expect(try rawRevert(h, "c7b22551" + word("2"), value: UInt256(1)) == Revert(data: []))
        #expect(try rawRevert(h, "df09d604", value: UInt256(1)) == Revert(data: []))
    }
}

@Suite struct TrustedIssuersRegistryTests {
    let interface = TrustedIssuersRegistry.interface
    let add = "addTrustedIssuer(address,uint256[])"
    let update = "updateIssuerClaimTopics(address,uint256[])"
    let remove = "removeTrustedIssuer(address)"
    let issuer1 = registryAddress(0x101), issuer2 = registryAddress(0x102), issuer3 = registryAddress(0x103)

    func issuers(_ h: Harness) -> ABIValue? { h.first("getTrustedIssuers()(address[])") }
    func issuers(_ h: Harness, topic: Int) -> ABIValue? {
        h.first("getTrustedIssuersForClaimTopic(uint256)(address[])", [u(UInt256(UInt64(topic)))])
    }
    func topics(_ h: Harness, _ issuer: Address) -> ABIValue? { h.first("getTrustedIssuerClaimTopics(address)(uint256[])", [a(issuer)]) }
    func has(_ h: Harness, _ issuer: Address, _ topic: Int) -> Bool? {
        h.bool("hasClaimTopic(address,uint256)(bool)", [a(issuer), u(UInt256(UInt64(topic)))])
    }

    @Test func deployerBecomesOwner() throws {
        let chain = Chain()
        let deployment = try chain.deploy(TrustedIssuersRegistry(), from: deployer)
        expectEvents(
            deployment.receipt?.logs ?? [],
            [event("OwnershipTransferred", ["previousOwner": a(.zero), "newOwner": a(deployer)])], interface: interface)
        #expect(try chain.call(deployment.address, "owner()(address)") == [a(deployer)])
        #expect(chain.contract(at: deployment.address)?.kind == "trusted-issuers-registry")
        #expect(try TrustedIssuersRegistry(arguments: []).kind == TrustedIssuersRegistry.kind)
    }

    @Test func addTrustedIssuer() throws {
        let h = try Harness(TrustedIssuersRegistry())
        let logs = h.send(add, [a(issuer1), us([1, 2])])
        expectEvents(
            logs, [event("TrustedIssuerAdded", ["_trustedIssuer": a(issuer1), "_claimTopics": us([1, 2])])], interface: interface,
            from: h.token)
        h.send(add, [a(issuer2), us([2, 3])])
        #expect(issuers(h) == addressList([issuer1, issuer2]))
        #expect(issuers(h, topic: 1) == addressList([issuer1]))
        #expect(issuers(h, topic: 2) == addressList([issuer1, issuer2]))
        #expect(issuers(h, topic: 3) == addressList([issuer2]))
        #expect(issuers(h, topic: 4) == addressList([]))
        #expect(h.bool("isTrustedIssuer(address)(bool)", [a(issuer1)]) == true)
        #expect(h.bool("isTrustedIssuer(address)(bool)", [a(issuer3)]) == false)
        #expect(topics(h, issuer2) == us([2, 3]))
        #expect(has(h, issuer1, 1) == true && has(h, issuer1, 3) == false && has(h, issuer3, 1) == false)
    }

    @Test func addChecksInOrder() throws {
        let h = try Harness(TrustedIssuersRegistry())
        h.send(add, [a(issuer1), us([1])])
        h.expectRevert(add, [a(.zero), us([])], error: "ZeroAddress()")
        h.expectRevert(add, [a(issuer1), us([])], error: "TrustedIssuerAlreadyExists()")
        h.expectRevert(add, [a(issuer1), us([2])], error: "TrustedIssuerAlreadyExists()")
        h.expectRevert(add, [a(issuer2), us([])], error: "TrustedClaimTopicsCannotBeEmpty()")
        h.expectRevert(add, [a(issuer2), us(Array(1...16))], error: "MaxClaimTopcisReached(uint256)", [u(15)])
        h.send(add, [a(issuer2), us(Array(1...15))])
        #expect(topics(h, issuer2) == us(Array(1...15)))
        h.expectRevert(add, [a(issuer1), us([1])], from: mallory, error: "OwnableUnauthorizedAccount(address)", [a(mallory)])
        h.expectRevert(add, [a(.zero), us([])], from: mallory, error: "OwnableUnauthorizedAccount(address)", [a(mallory)])
    }

    @Test func fiftyIssuersAtMost() throws {
        let h = try Harness(TrustedIssuersRegistry())
        for n in 1...50 { h.send(add, [a(registryAddress(n)), us([n % 3])]) }
        #expect(issuers(h) == addressList((1...50).map(registryAddress)))
        let extra = registryAddress(51)
        h.expectRevert(add, [a(extra), us([1])], error: "MaxTrustedIssuersReached(uint256)", [u(50)])
        // Topic checks come first.
        h.expectRevert(add, [a(extra), us([])], error: "TrustedClaimTopicsCannotBeEmpty()")
        h.expectRevert(add, [a(extra), us(Array(0..<16))], error: "MaxClaimTopcisReached(uint256)", [u(15)])
        h.expectRevert(add, [a(registryAddress(7)), us([1])], error: "TrustedIssuerAlreadyExists()")
        h.send(remove, [a(registryAddress(7))])
        h.send(add, [a(extra), us([1])])
        var expected = (1...50).map(registryAddress)
        expected[6] = registryAddress(50)
        expected[49] = extra
        #expect(issuers(h) == addressList(expected))
    }

    @Test func removeSwapsAndPopsEveryList() throws {
        let h = try Harness(TrustedIssuersRegistry())
        h.send(add, [a(issuer1), us([1, 2])])
        h.send(add, [a(issuer2), us([2, 1])])
        h.send(add, [a(issuer3), us([1, 3])])
        let logs = h.send(remove, [a(issuer1)])
        expectEvents(logs, [event("TrustedIssuerRemoved", ["_trustedIssuer": a(issuer1)])], interface: interface, from: h.token)
        #expect(issuers(h) == addressList([issuer3, issuer2]))
        #expect(issuers(h, topic: 1) == addressList([issuer3, issuer2]))
        #expect(issuers(h, topic: 2) == addressList([issuer2]))
        #expect(issuers(h, topic: 3) == addressList([issuer3]))
        #expect(h.bool("isTrustedIssuer(address)(bool)", [a(issuer1)]) == false)
        #expect(has(h, issuer1, 1) == false)
        h.expectRevert("getTrustedIssuerClaimTopics(address)", [a(issuer1)], error: "TrustedIssuerDoesNotExist()")
        h.expectRevert(remove, [a(issuer1)], error: "NotATrustedIssuer()")
        h.expectRevert(remove, [a(.zero)], error: "ZeroAddress()")
        h.expectRevert(remove, [a(issuer2)], from: mallory, error: "OwnableUnauthorizedAccount(address)", [a(mallory)])
        h.send(remove, [a(issuer2)])
        h.send(remove, [a(issuer3)])
        #expect(issuers(h) == addressList([]))
        for topic in 1...3 { #expect(issuers(h, topic: topic) == addressList([])) }
        // Re-adding starts from clean lists.
        h.send(add, [a(issuer1), us([3])])
        #expect(topics(h, issuer1) == us([3]))
        #expect(issuers(h, topic: 3) == addressList([issuer1]))
    }

    @Test func updateIssuerClaimTopics() throws {
        let h = try Harness(TrustedIssuersRegistry())
        h.send(add, [a(issuer1), us([1, 2, 3])])
        h.send(add, [a(issuer2), us([1, 2])])
        h.send(add, [a(issuer3), us([2, 1])])
        let logs = h.send(update, [a(issuer1), us([3, 4])])
        expectEvents(
            logs, [event("ClaimTopicsUpdated", ["_trustedIssuer": a(issuer1), "_claimTopics": us([3, 4])])], interface: interface,
            from: h.token)
        #expect(topics(h, issuer1) == us([3, 4]))
        // issuer1 left topics 1 and 2 by swap and pop, then joined 3 (again, at the end) and 4.
        #expect(issuers(h, topic: 1) == addressList([issuer3, issuer2]))
        #expect(issuers(h, topic: 2) == addressList([issuer3, issuer2]))
        #expect(issuers(h, topic: 3) == addressList([issuer1]))
        #expect(issuers(h, topic: 4) == addressList([issuer1]))
        #expect(issuers(h) == addressList([issuer1, issuer2, issuer3]))
        #expect(has(h, issuer1, 1) == false && has(h, issuer1, 4) == true)
        // A shorter list clears the rest.
        h.send(update, [a(issuer1), us([9])])
        #expect(topics(h, issuer1) == us([9]))
        h.send(update, [a(issuer1), us(Array(1...15))])
        #expect(topics(h, issuer1) == us(Array(1...15)))
    }

    @Test func updateChecksInOrder() throws {
        let h = try Harness(TrustedIssuersRegistry())
        h.send(add, [a(issuer1), us([1])])
        h.expectRevert(update, [a(.zero), us([])], error: "ZeroAddress()")
        h.expectRevert(update, [a(issuer2), us([])], error: "NotATrustedIssuer()")
        h.expectRevert(update, [a(issuer2), us(Array(0..<16))], error: "NotATrustedIssuer()")
        h.expectRevert(update, [a(issuer1), us(Array(0..<16))], error: "MaxClaimTopcisReached(uint256)", [u(15)])
        h.expectRevert(update, [a(issuer1), us([])], error: "ClaimTopicsCannotBeEmpty()")
        h.expectRevert(update, [a(issuer1), us([2])], from: mallory, error: "OwnableUnauthorizedAccount(address)", [a(mallory)])
        #expect(topics(h, issuer1) == us([1]))
    }

    @Test func repeatedTopicsAreKeptAsGiven() throws {
        let h = try Harness(TrustedIssuersRegistry())
        h.send(add, [a(issuer1), us([1, 1, 2])])
        h.send(add, [a(issuer2), us([1])])
        #expect(topics(h, issuer1) == us([1, 1, 2]))
        #expect(issuers(h, topic: 1) == addressList([issuer1, issuer1, issuer2]))
        h.send(update, [a(issuer1), us([2, 1])])
        // First removal moves issuer2 to the front and pops; the second finds issuer1 at index 1.
        #expect(issuers(h, topic: 1) == addressList([issuer2, issuer1]))
        #expect(issuers(h, topic: 2) == addressList([issuer1]))
        h.send(remove, [a(issuer1)])
        #expect(issuers(h, topic: 1) == addressList([issuer2]))
        #expect(issuers(h, topic: 2) == addressList([]))
    }

    @Test func ownershipTransferAndRenounce() throws {
        let h = try Harness(TrustedIssuersRegistry())
        let unauthorized = "OwnableUnauthorizedAccount(address)"
        h.send("transferOwnership(address)", [a(bob)])
        h.expectRevert(add, [a(issuer1), us([1])], error: unauthorized, [a(deployer)])
        h.send(add, [a(issuer1), us([1])], from: bob)
        let logs = h.send("renounceOwnership()", from: bob)
        expectEvents(logs, [event("OwnershipTransferred", ["previousOwner": a(bob), "newOwner": a(.zero)])], interface: interface)
        h.expectRevert(remove, [a(issuer1)], from: bob, error: unauthorized, [a(bob)])
        h.expectRevert("transferOwnership(address)", [a(bob)], from: bob, error: unauthorized, [a(bob)])
    }

    @Test func supportsInterface() throws {
        let h = try Harness(TrustedIssuersRegistry())
        for (id, expected) in [("b0f773b8", true), ("7f5828d0", true), ("01ffc9a7", true), ("10928b13", false), ("ffffffff", false)] {
            #expect(h.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(try Hex.decode(id))]) == expected, "\(id)")
        }
    }

    @Test func malformedCalldataRevertsWithoutData() throws {
        let h = try Harness(TrustedIssuersRegistry())
        let issuer = word(issuer1)
        let good = "9f63ea98" + issuer + word("40") + word("1") + word("7")
        #expect(try rawRevert(h, good) == nil)
        let dirty = "01" + String(issuer.dropFirst(2))
        let malformed: [String] = [
            "", "9f63", "9f63ea98", "9f63ea98" + issuer, "9f63ea98" + issuer + word("40"),  // no length word
            "9f63ea98" + issuer + word("40") + word("2") + word("7"),  // length past the end
            "9f63ea98" + issuer + word("1000") + word("1") + word("7"),  // offset past the end
            "9f63ea98" + dirty + word("40") + word("1") + word("7"), "b93d28eb", "b93d28eb" + dirty, "04bc7e84" + issuer,
            "52c111d1", "ef2ed1a4" + dirty, "c28fb278", "34a89987" + issuer, "34a89987" + dirty + word("1"), "deadbeef",
        ]
        for bad in malformed {
            #expect(try rawRevert(h, bad) == Revert(data: []), "\(bad)")
        }
        #expect(try rawRevert(h, "d9dd24c5", value: UInt256(1)) == Revert(data: []))
    }
}

/// A test-only contract that reads the registries through `callNative`, as the identity registry
/// does: `read(address ctr, address tir, uint256 topic, address issuer)` returns the required
/// topics, the issuers for `topic`, and whether `issuer` is trusted and has `topic`.
struct RegistryReader: ContractModel {
    var kind: String { "registry-reader" }

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let values = try context.decodeArguments([.address, .address, .uint(256), .address])
        guard case .address(let ctr) = values[0], case .address(let tir) = values[1], case .uint(let topic) = values[2],
            case .address(let issuer) = values[3]
        else { throw Revert(data: []) }
        let required = try context.callNative(ctr, as: ClaimTopicsRegistry.self) { _, registry throws(Revert) -> [UInt256] in
            try ClaimTopicsRegistry.claimTopics(registry)
        }
        let read = try context.callNative(tir, as: TrustedIssuersRegistry.self) {
            _, registry throws(Revert) -> ([Address], [Address], Bool, Bool, [UInt256]) in
            (
                try TrustedIssuersRegistry.issuers(registry, forTopic: topic), try TrustedIssuersRegistry.issuers(registry),
                try TrustedIssuersRegistry.isTrustedIssuer(registry, issuer),
                try TrustedIssuersRegistry.hasClaimTopic(registry, issuer: issuer, topic: topic),
                try TrustedIssuersRegistry.claimTopics(registry, of: issuer)
            )
        }
        guard let required, let read else { throw Revert.reason("not a registry") }
        let encoded = try? ABI.encode(
            [.array(.uint(256)), .array(.address), .array(.address), .bool, .bool, .array(.uint(256))],
            [
                .array(required.map { .uint($0) }), .array(read.0.map { .address($0) }), .array(read.1.map { .address($0) }),
                .bool(read.2), .bool(read.3), .array(read.4.map { .uint($0) }),
            ])
        return encoded ?? []
    }
}

@Suite struct RegistriesInterfaceTests {
    @Test func selectorsMatchDeclarations() {
        expectSelectorsMatch(ClaimTopicsRegistry.Function.self)
        expectSelectorsMatch(TrustedIssuersRegistry.Function.self)
        expectSelectorsMatch(Ownable.Function.self)
        expectSelectorsMatch(OwnableTwoStep.Function.self)
    }

    @Test func eventTopicsAndErrorSelectorsMatchTheReference() {
        let topics: [String: String] = [
            "ClaimTopicAdded(uint256)": "01c928b7f7ade2949e92366aa9454dbef3a416b731cf6ec786ba9595bbd814d6",
            "ClaimTopicRemoved(uint256)": "0b1381093c776453c1bbe54fd68be1b235c65db61d099cb50d194b2991e0eec5",
            "TrustedIssuerAdded(address,uint256[])": "fedc33fd34859594822c0ff6f3f4f9fc279cc6d5cae53068f706a088e4500872",
            "TrustedIssuerRemoved(address)": "2214ded40113cc3fb63fc206cafee88270b0a903dac7245d54efdde30ebb0321",
            "ClaimTopicsUpdated(address,uint256[])": "ec753cfc52044f61676f18a11e500093a9f2b1cd5e4942bc476f2b0438159bcf",
            "OwnershipTransferred(address,address)": "8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0",
            "OwnershipTransferStarted(address,address)": "38d16b8cac22d99fc7c124b9cd0de2d3fa1faef420bfe791d8c362d765e22700",
        ]
        let errors: [String: String] = [
            "MaxTopicsReached": "00d79a3c", "ClaimTopicAlreadyExists": "7b3d7e66", "ZeroAddress": "d92e233d",
            "ClaimTopicsCannotBeEmpty": "72d3ca00", "MaxClaimTopcisReached": "cf388941", "MaxTrustedIssuersReached": "3b5b8da1",
            "NotATrustedIssuer": "174202c8", "TrustedClaimTopicsCannotBeEmpty": "66ca6310", "TrustedIssuerAlreadyExists": "6ba10f9d",
            "TrustedIssuerDoesNotExist": "ca677c24", "OwnableUnauthorizedAccount": "118cdaa7", "OwnableInvalidOwner": "1e4fbdf7",
        ]
        for interface in [ClaimTopicsRegistry.interface, TrustedIssuersRegistry.interface] {
            for event in interface.events {
                #expect(topics[event.signature] == String(event.topic0.hex.dropFirst(2)), "\(event.signature)")
            }
            for error in interface.errors {
                #expect(errors[error.name] == String(format: "%08x", error.selector), "\(error.signature)")
            }
            let selectors = interface.functions.map(\.selector)
            #expect(Set(selectors).count == selectors.count)
            #expect(interface.constructor != nil)
            for entry in interface.entries where entry.kind != .constructor {
                #expect(!entry.name.isEmpty && entry.inputs.allSatisfy { !$0.name.isEmpty || entry.kind == .error }, "\(entry.signature)")
            }
        }
        #expect(ClaimTopicsRegistry.interface.events.count == 4 && ClaimTopicsRegistry.interface.errors.count == 3)
        #expect(TrustedIssuersRegistry.interface.events.count == 4 && TrustedIssuersRegistry.interface.errors.count == 10)
        #expect(ClaimTopicsRegistry.interface.functions.count == 7 && TrustedIssuersRegistry.interface.functions.count == 12)
        #expect(String(ClaimTopicsRegistry.claimTopicAdded.hex.dropFirst(2)) == topics["ClaimTopicAdded(uint256)"])
        #expect(
            String(TrustedIssuersRegistry.trustedIssuerAdded.hex.dropFirst(2)) == topics["TrustedIssuerAdded(address,uint256[])"])
    }

    /// Every declared function is dispatched: called with well-formed zero arguments by an account
    /// that is not the owner, it returns or reverts with data, never the empty unknown-selector revert.
    @Test(arguments: [ClaimTopicsRegistry.kind, TrustedIssuersRegistry.kind])
    func everyDeclaredFunctionIsDispatched(kind: String) throws {
        let isCTR = kind == ClaimTopicsRegistry.kind
        let interface = isCTR ? ClaimTopicsRegistry.interface : TrustedIssuersRegistry.interface
        let model: any ContractModel = isCTR ? ClaimTopicsRegistry() : TrustedIssuersRegistry()
        let chain = Chain()
        let address = try chain.deploy(model, from: deployer).address
        var answered = 0
        for function in interface.functions {
            let calldata = try ABIFunction(name: function.name, inputs: function.inputs.map(\.type))
                .encodeCall(function.inputs.map { zeroValue($0.type) })
            do {
                _ = try chain.call(to: address, data: calldata, from: mallory)
                answered += 1
            } catch {
                #expect(error.revert?.data.isEmpty == false, "\(function.signature) reverted without data: \(error.message)")
            }
        }
        #expect(answered > 0)
        let unknown = try ABIFunction(parsing: "notAFunction()").encodeCall([])
        #expect(throws: ChainError.self) { try chain.call(to: address, data: unknown) }
    }

    @Test func otherModelsReadTheRegistriesNatively() throws {
        let chain = Chain()
        let ctr = try chain.deploy(ClaimTopicsRegistry(), from: deployer).address
        let tir = try chain.deploy(TrustedIssuersRegistry(), from: deployer).address
        let reader = try chain.deploy(RegistryReader(), from: deployer).address
        let issuer1 = registryAddress(0x101), issuer2 = registryAddress(0x102)
        for topic in [3, 1, 2] { try chain.transact(ctr, "addClaimTopic(uint256)", [u(UInt256(UInt64(topic)))], from: deployer) }
        try chain.transact(ctr, "removeClaimTopic(uint256)", [u(3)], from: deployer)
        try chain.transact(tir, "addTrustedIssuer(address,uint256[])", [a(issuer1), us([1, 2])], from: deployer)
        try chain.transact(tir, "addTrustedIssuer(address,uint256[])", [a(issuer2), us([2])], from: deployer)
        let signature = "read(address,address,uint256,address)(uint256[],address[],address[],bool,bool,uint256[])"
        #expect(
            try chain.call(reader, signature, [a(ctr), a(tir), u(2), a(issuer1)])
                == [us([2, 1]), addressList([issuer1, issuer2]), addressList([issuer1, issuer2]), .bool(true), .bool(true), us([1, 2])])
        #expect(
            try chain.call(reader, signature, [a(ctr), a(tir), u(1), a(issuer2)])
                == [us([2, 1]), addressList([issuer1]), addressList([issuer1, issuer2]), .bool(true), .bool(false), us([2])])
        #expect(
            try chain.call(reader, signature, [a(ctr), a(tir), u(5), a(alice)])
                == [us([2, 1]), addressList([]), addressList([issuer1, issuer2]), .bool(false), .bool(false), us([])])
        // An address that holds no registry of that kind.
        #expect(throws: ChainError.self) { try chain.call(reader, signature, [a(tir), a(ctr), u(1), a(alice)]) }
    }
}
