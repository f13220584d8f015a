import Foundation
import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A deployed contract on a shared chain, with the same checks as `Harness`.
private struct Deployed {
    let chain: Chain
    let address: Address
    let interface: ContractInterface

    @discardableResult
    func send(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Log] {
        do {
            let receipt = try chain.transact(address, signature, arguments, from: from).receipt
            #expect(receipt?.status == true, sourceLocation: sourceLocation)
            return receipt?.logs ?? []
        } catch {
            Issue.record("\(signature) failed: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    func expectRevert(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address, error: String, _ errorArguments: [ABIValue] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectRevert(signature, arguments, from: from, data: Revert.error(error, errorArguments).data, sourceLocation: sourceLocation)
    }

    func expectRevert(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address, data: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let blocks = chain.blockNumber
        do {
            try chain.transact(address, signature, arguments, from: from)
            Issue.record("\(signature) did not revert", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .executionReverted, sourceLocation: sourceLocation)
            #expect(error.revert?.data.hex == data.hex, "\(error.message)", sourceLocation: sourceLocation)
        }
        #expect(chain.blockNumber == blocks, sourceLocation: sourceLocation)
    }

    /// Calls a view function declared in `interface` (given as `name(types)`) and decodes its outputs.
    func view(_ signature: String, _ arguments: [ABIValue] = [], sourceLocation: SourceLocation = #_sourceLocation) -> [ABIValue] {
        let outputs = interface.functions.first { $0.signature == signature }?.outputs.map(\.type.description) ?? []
        do {
            return try chain.call(address, signature + "(" + outputs.joined(separator: ",") + ")", arguments)
        } catch {
            Issue.record("\(signature) failed: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    func bool(_ signature: String, _ arguments: [ABIValue] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Bool? {
        if case .bool(let value) = view(signature, arguments, sourceLocation: sourceLocation).first { return value }
        return nil
    }
}

private func key(_ address: Address) -> Hash { IdentityCore.keyHash(address) }
private func bytes(_ hex: String) -> [UInt8] { (try? Hex.decode(hex)) ?? [] }
private func hashValues(_ hashes: [Hash]) -> ABIValue { .array(hashes.map { b32($0) }) }

/// Signatures ethers/eth_account produce for a claim: `Account.sign_message(encode_defunct(primitive=
/// keccak(abi.encode(identity, topic, data))), key)`, with the keys of dev accounts 1–3.
private struct ClaimVector: Sendable {
    let account: Int
    let identity: String
    let topic: UInt256
    let data: String
    let dataHash: String
    let signature: String
}

private let claimVectors = [
    ClaimVector(
        account: 1, identity: "0x5FbDB2315678afecb367f032d93F642f64180aa3", topic: 7, data: "",
        dataHash: "39d9776d89eff6bd456c70e93c58664e2b5f0678e59eddf7d290105047eff2ad",
        signature: "c67a1a52691a8f6ad696ba59c261d8543e0d876bf24b03978378523406f58a8d"
            + "0e8dbbc10ee90db02eef0bd3eaefdcd87a67f99e79a640a18a2b4c82a2dae17f1c"),
    ClaimVector(
        account: 2, identity: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", topic: 42, data: "0102030405",
        dataHash: "6989d948bd82e02d8ee11b49203bafc5a76606281533147719e07aa123753aba",
        signature: "22e818f3f32472f111cbf4cb3f60d95032440f4d6f29e6bb868d4c6e2525713a"
            + "275e8b74c0baa457a363cf56a9c3c4d6cdde80cd9fd00891955b53d954c948471b"),
    ClaimVector(
        account: 3, identity: "0x0000000000000000000000000000000000000001", topic: .max,
        data: "4b594320617070726f7665642062792041636d65",
        dataHash: "d863df0beb4d5849c6a05725c5df4fd4b589e09145443df8ca48e1327ad50287",
        signature: "0d470d52a9d897bac9be62440eeb6d8e723e8a3472b03c0a6203bd2bb1987bdd"
            + "75d26440fcd54106e5c5179f7da5758a1de2fdaeb814cdad02b997e117d9eeea1b"),
]

/// An identity managed by alice and a claim issuer managed by the deployer, whose CLAIM key is carol.
private final class IdentityFixture {
    let chain = Chain()
    let identity: Deployed
    let issuer: Deployed
    let deployLogs: [Log]

    init() throws {
        let deployment = try chain.deploy(Identity(initialManagementKey: alice), from: deployer)
        deployLogs = deployment.receipt?.logs ?? []
        identity = Deployed(chain: chain, address: deployment.address, interface: Identity.interface)
        issuer = Deployed(chain: chain, address: try chain.deploy(ClaimIssuer(), from: deployer).address, interface: ClaimIssuer.interface)
        issuer.send("addKey(bytes32,uint256,uint256)", [b32(key(carol)), u(3), u(1)], from: deployer)
    }

    func signature(topic: UInt256, data: [UInt8], by account: Int = 3, for holder: Address? = nil) -> [UInt8] {
        ClaimSigning.signature(identity: holder ?? identity.address, topic: topic, data: data, key: devAccounts[account].privateKey)
    }

    static let addClaim = "addClaim(uint256,uint256,address,bytes,bytes,string)"

    func claimArguments(topic: UInt256, issuer: Address, signature: [UInt8], data: [UInt8], uri: String = "https://kyc") -> [ABIValue] {
        [u(topic), u(1), a(issuer), .bytes(signature), .bytes(data), .string(uri)]
    }

    func claimEvent(_ name: String, topic: UInt256, issuer: Address, signature: [UInt8], data: [UInt8], uri: String = "https://kyc")
        -> DecodedEvent
    {
        event(name, [
            "claimId": b32(IdentityCore.claimId(issuer: issuer, topic: topic)), "topic": u(topic), "scheme": u(1),
            "issuer": a(issuer), "signature": .bytes(signature), "data": .bytes(data), "uri": .string(uri),
        ])
    }
}

@Suite struct IdentityKeyTests {
    @Test func constructorAddsTheManagementKey() throws {
        let f = try IdentityFixture()
        expectEvents(
            f.deployLogs, [event("KeyAdded", ["key": b32(key(alice)), "purpose": u(1), "keyType": u(1)])],
            interface: Identity.interface, from: f.identity.address)
        #expect(f.identity.view("getKey(bytes32)", [b32(key(alice))]) == [.array([u(1)]), u(1), b32(key(alice))])
        #expect(f.identity.view("getKeyPurposes(bytes32)", [b32(key(alice))]) == [.array([u(1)])])
        #expect(f.identity.view("getKeysByPurpose(uint256)", [u(1)]) == [hashValues([key(alice)])])
        for purpose: UInt256 in [1, 2, 3, 4, 99] {
            #expect(f.identity.bool("keyHasPurpose(bytes32,uint256)", [b32(key(alice)), u(purpose)]) == true)
            #expect(f.identity.bool("keyHasPurpose(bytes32,uint256)", [b32(key(deployer)), u(purpose)]) == false)
        }
        // A zero initial management key means the deployer.
        #expect(f.issuer.bool("keyHasPurpose(bytes32,uint256)", [b32(key(deployer)), u(1)]) == true)
        #expect(Identity(initialManagementKey: alice).constructorArguments == alice.word)
        #expect(try Identity(arguments: alice.word).initialManagementKey == alice)
        #expect(throws: Revert.self) { try Identity(arguments: [1, 2, 3]) }
    }

    @Test func addKeyAddsPurposesAndOnlyManagementImpliesOthers() throws {
        let f = try IdentityFixture()
        let id = f.identity
        let logs = id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: alice)
        expectEvents(logs, [event("KeyAdded", ["key": b32(key(bob)), "purpose": u(3), "keyType": u(1)])], interface: id.interface, from: id.address)
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(bob)), u(3)]) == true)
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(bob)), u(1)]) == false)
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(bob)), u(2)]) == false)
        // A second purpose keeps the first key type.
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(2), u(5)], from: alice)
        #expect(id.view("getKey(bytes32)", [b32(key(bob))]) == [.array([u(3), u(2)]), u(1), b32(key(bob))])
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(bob)), u(2)]) == true)
        // A new management key manages.
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(carol)), u(1), u(1)], from: alice)
        #expect(id.view("getKeysByPurpose(uint256)", [u(1)]) == [hashValues([key(alice), key(carol)])])
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(mallory)), u(4), u(2)], from: carol)
        #expect(id.view("getKeysByPurpose(uint256)", [u(4)]) == [hashValues([key(mallory)])])
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(carol)), u(3)]) == true)
    }

    @Test func addKeyReverts() throws {
        let f = try IdentityFixture()
        let id = f.identity
        id.expectRevert("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: mallory, error: "SenderDoesNotHaveManagementKey()")
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: alice)
        // A CLAIM key does not manage.
        id.expectRevert("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(2), u(1)], from: bob, error: "SenderDoesNotHaveManagementKey()")
        id.expectRevert(
            "addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: alice, error: "KeyAlreadyHasPurpose(bytes32,uint256)",
            [b32(key(bob)), u(3)])
        id.expectRevert(
            "addKey(bytes32,uint256,uint256)", [b32(key(alice)), u(1), u(1)], from: alice, error: "KeyAlreadyHasPurpose(bytes32,uint256)",
            [b32(key(alice)), u(1)])
    }

    @Test func removeKeySwapsAndPopsAndDeletesAnEmptyKey() throws {
        let f = try IdentityFixture()
        let id = f.identity
        for account in [bob, carol, mallory] { id.send("addKey(bytes32,uint256,uint256)", [b32(key(account)), u(3), u(1)], from: alice) }
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(2), u(7)], from: alice)
        let logs = id.send("removeKey(bytes32,uint256)", [b32(key(bob)), u(3)], from: alice)
        expectEvents(logs, [event("KeyRemoved", ["key": b32(key(bob)), "purpose": u(3), "keyType": u(1)])], interface: id.interface, from: id.address)
        // The last key took bob's place; bob keeps purpose 2.
        #expect(id.view("getKeysByPurpose(uint256)", [u(3)]) == [hashValues([key(mallory), key(carol)])])
        #expect(id.view("getKey(bytes32)", [b32(key(bob))]) == [.array([u(2)]), u(1), b32(key(bob))])
        #expect(id.bool("keyHasPurpose(bytes32,uint256)", [b32(key(bob)), u(3)]) == false)
        // Removing the last purpose deletes the key.
        id.send("removeKey(bytes32,uint256)", [b32(key(bob)), u(2)], from: alice)
        #expect(id.view("getKey(bytes32)", [b32(key(bob))]) == [.array([]), u(0), b32(.zero)])
        #expect(id.view("getKeysByPurpose(uint256)", [u(2)]) == [hashValues([])])
        // Indexes stay right after a swap: remove mallory (now first), then carol.
        id.send("removeKey(bytes32,uint256)", [b32(key(mallory)), u(3)], from: alice)
        id.send("removeKey(bytes32,uint256)", [b32(key(carol)), u(3)], from: alice)
        #expect(id.view("getKeysByPurpose(uint256)", [u(3)]) == [hashValues([])])
        // A key can be added again after removal.
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(2)], from: alice)
        #expect(id.view("getKey(bytes32)", [b32(key(bob))]) == [.array([u(3)]), u(2), b32(key(bob))])
        // The last management key can remove itself; then nobody manages.
        id.send("removeKey(bytes32,uint256)", [b32(key(alice)), u(1)], from: alice)
        id.expectRevert("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(1), u(1)], from: alice, error: "SenderDoesNotHaveManagementKey()")
    }

    @Test func removeKeyReverts() throws {
        let f = try IdentityFixture()
        let id = f.identity
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: alice)
        id.expectRevert("removeKey(bytes32,uint256)", [b32(key(bob)), u(3)], from: bob, error: "SenderDoesNotHaveManagementKey()")
        id.expectRevert("removeKey(bytes32,uint256)", [b32(key(carol)), u(3)], from: alice, error: "KeyNotRegistered(bytes32)", [b32(key(carol))])
        id.expectRevert(
            "removeKey(bytes32,uint256)", [b32(key(bob)), u(2)], from: alice, error: "KeyDoesNotHavePurpose(bytes32,uint256)",
            [b32(key(bob)), u(2)])
        // The zero key is never registered, so ONCHAINID's first check passes and the second fails.
        id.expectRevert(
            "removeKey(bytes32,uint256)", [b32(.zero), u(1)], from: alice, error: "KeyDoesNotHavePurpose(bytes32,uint256)", [b32(.zero), u(1)])
    }
}

@Suite struct IdentityClaimTests {
    @Test func selfIssuedClaimIsAddedChangedAndRemoved() throws {
        let f = try IdentityFixture()
        let id = f.identity
        let data = Array("self".utf8)
        let logs = id.send(IdentityFixture.addClaim, f.claimArguments(topic: 5, issuer: id.address, signature: [1, 2], data: data), from: alice)
        expectEvents(
            logs, [f.claimEvent("ClaimAdded", topic: 5, issuer: id.address, signature: [1, 2], data: data)], interface: id.interface,
            from: id.address)
        let claimId = IdentityCore.claimId(issuer: id.address, topic: 5)
        #expect(id.view("getClaim(bytes32)", [b32(claimId)]) == [u(5), u(1), a(id.address), .bytes([1, 2]), .bytes(data), .string("https://kyc")])
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(5)]) == [hashValues([claimId])])
        // Re-adding changes it.
        let changed = id.send(
            IdentityFixture.addClaim, f.claimArguments(topic: 5, issuer: id.address, signature: [3], data: [], uri: "ipfs://x"), from: alice)
        expectEvents(
            changed, [f.claimEvent("ClaimChanged", topic: 5, issuer: id.address, signature: [3], data: [], uri: "ipfs://x")],
            interface: id.interface, from: id.address)
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(5)]) == [hashValues([claimId])])
        #expect(id.view("getClaim(bytes32)", [b32(claimId)]) == [u(5), u(1), a(id.address), .bytes([3]), .bytes([]), .string("ipfs://x")])
        // A CLAIM key may add and remove claims.
        id.send("addKey(bytes32,uint256,uint256)", [b32(key(bob)), u(3), u(1)], from: alice)
        let removed = id.send("removeClaim(bytes32)", [b32(claimId)], from: bob)
        expectEvents(
            removed, [f.claimEvent("ClaimRemoved", topic: 5, issuer: id.address, signature: [3], data: [], uri: "ipfs://x")],
            interface: id.interface, from: id.address)
        #expect(id.view("getClaim(bytes32)", [b32(claimId)]) == [u(0), u(0), a(.zero), .bytes([]), .bytes([]), .string("")])
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(5)]) == [hashValues([])])
        id.expectRevert("removeClaim(bytes32)", [b32(claimId)], from: alice, error: "ClaimNotRegistered(bytes32)", [b32(claimId)])
        // Added again after removal: ClaimAdded.
        let again = id.send(IdentityFixture.addClaim, f.claimArguments(topic: 5, issuer: id.address, signature: [], data: []), from: bob)
        expectEvents(again, [f.claimEvent("ClaimAdded", topic: 5, issuer: id.address, signature: [], data: [])], interface: id.interface)
    }

    @Test func claimsByTopicKeepTheirIndexesThroughRemovals() throws {
        let f = try IdentityFixture()
        let id = f.identity
        let second = Identity(initialManagementKey: alice)
        let otherIssuer = try f.chain.deploy(second, from: deployer).address
        // Two issuers for topic 9: self-issued and a signed one from the issuer.
        id.send(IdentityFixture.addClaim, f.claimArguments(topic: 9, issuer: id.address, signature: [], data: []), from: alice)
        let signature = f.signature(topic: 9, data: [7])
        id.send(IdentityFixture.addClaim, f.claimArguments(topic: 9, issuer: f.issuer.address, signature: signature, data: [7]), from: alice)
        // An Identity (not a ClaimIssuer) can issue too: alice manages it, so her signature counts.
        let aliceSignature = f.signature(topic: 9, data: [], by: 1)
        id.send(IdentityFixture.addClaim, f.claimArguments(topic: 9, issuer: otherIssuer, signature: aliceSignature, data: []), from: alice)
        let ids = [id.address, f.issuer.address, otherIssuer].map { IdentityCore.claimId(issuer: $0, topic: 9) }
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(9)]) == [hashValues(ids)])
        id.send("removeClaim(bytes32)", [b32(ids[0])], from: alice)
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(9)]) == [hashValues([ids[2], ids[1]])])
        id.send("removeClaim(bytes32)", [b32(ids[1])], from: alice)
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(9)]) == [hashValues([ids[2]])])
        id.send("removeClaim(bytes32)", [b32(ids[2])], from: alice)
        #expect(id.view("getClaimIdsByTopic(uint256)", [u(9)]) == [hashValues([])])
    }

    @Test func issuerSignedClaimsAreCheckedByTheIssuer() throws {
        let f = try IdentityFixture()
        let id = f.identity
        let data = Array("KYC".utf8)
        let good = f.signature(topic: 1, data: data)
        let logs = id.send(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: good, data: data), from: alice)
        expectEvents(
            logs, [f.claimEvent("ClaimAdded", topic: 1, issuer: f.issuer.address, signature: good, data: data)], interface: id.interface,
            from: id.address)
        // Forged: signed by a key the issuer does not hold.
        let forged = f.signature(topic: 2, data: data, by: 4)
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 2, issuer: f.issuer.address, signature: forged, data: data), from: alice, error: "InvalidClaim()")
        // Signed for another topic, other data or another identity.
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 2, issuer: f.issuer.address, signature: good, data: data), from: alice, error: "InvalidClaim()")
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: good, data: [1]), from: alice, error: "InvalidClaim()")
        let elsewhere = f.signature(topic: 1, data: data, for: bob)
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: elsewhere, data: data), from: alice, error: "InvalidClaim()")
        // Garbage signatures recover nobody.
        for bad in [[UInt8](), [UInt8](repeating: 0, count: 65), Array(good.prefix(64))] {
            id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: bad, data: data), from: alice, error: "InvalidClaim()")
        }
        // The issuer's management key signs too; a key it removed no longer does.
        id.send(IdentityFixture.addClaim, f.claimArguments(topic: 3, issuer: f.issuer.address, signature: f.signature(topic: 3, data: data, by: 0), data: data), from: alice)
        f.issuer.send("removeKey(bytes32,uint256)", [b32(key(carol)), u(3)], from: deployer)
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: good, data: data), from: alice, error: "InvalidClaim()")
        // Unauthorised callers, then an issuer without code (the decoder finds no answer).
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: f.issuer.address, signature: good, data: data), from: mallory, error: "SenderDoesNotHaveClaimSignerKey()")
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: bob, signature: good, data: data), from: alice, data: [])
        // An issuer that is an ERC-20 reverts on the unknown selector: the revert propagates.
        let token = try f.chain.deploy(ERC20Token(name: "T", symbol: "T"), from: deployer).address
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: token, signature: good, data: data), from: alice, data: [])
    }

    @Test func revokedSignaturesAreRefused() throws {
        let f = try IdentityFixture()
        let id = f.identity, issuer = f.issuer
        let data = Array("AML".utf8)
        let first = f.signature(topic: 1, data: data), second = f.signature(topic: 2, data: data)
        #expect(issuer.bool("isClaimValid(address,uint256,bytes,bytes)", [a(id.address), u(1), .bytes(first), .bytes(data)]) == true)
        issuer.expectRevert("revokeClaimBySignature(bytes)", [.bytes(first)], from: carol, error: "SenderDoesNotHaveManagementKey()")
        let logs = issuer.send("revokeClaimBySignature(bytes)", [.bytes(first)], from: deployer)
        #expect(logs.first?.topics == [topic("ClaimRevoked(bytes)"), Keccak256.hash(first)])
        #expect(logs.count == 1 && logs.first?.address == issuer.address && logs.first?.data == [])
        #expect(issuer.bool("isClaimRevoked(bytes)", [.bytes(first)]) == true)
        #expect(issuer.bool("revokedClaims(bytes)", [.bytes(first)]) == true)
        #expect(issuer.bool("isClaimValid(address,uint256,bytes,bytes)", [a(id.address), u(1), .bytes(first), .bytes(data)]) == false)
        issuer.expectRevert("revokeClaimBySignature(bytes)", [.bytes(first)], from: deployer, error: "ClaimAlreadyRevoked()")
        id.expectRevert(IdentityFixture.addClaim, f.claimArguments(topic: 1, issuer: issuer.address, signature: first, data: data), from: alice, error: "InvalidClaim()")
        // revokeClaim reads the signature from the identity.
        id.send(IdentityFixture.addClaim, f.claimArguments(topic: 2, issuer: issuer.address, signature: second, data: data), from: alice)
        let claimId = IdentityCore.claimId(issuer: issuer.address, topic: 2)
        issuer.expectRevert("revokeClaim(bytes32,address)", [b32(claimId), a(id.address)], from: mallory, error: "SenderDoesNotHaveManagementKey()")
        let revoked = issuer.send("revokeClaim(bytes32,address)", [b32(claimId), a(id.address)], from: deployer)
        // An indexed `bytes` topic is keccak256 of the signature (Support's `decode` reads only value topics).
        #expect(revoked.map(\.topics) == [[topic("ClaimRevoked(bytes)"), Keccak256.hash(second)]])
        #expect(revoked.first?.address == issuer.address)
        #expect(issuer.bool("isClaimRevoked(bytes)", [.bytes(second)]) == true)
        issuer.expectRevert("revokeClaim(bytes32,address)", [b32(claimId), a(id.address)], from: deployer, error: "ClaimAlreadyRevoked()")
        // The stored claim stays, but no longer validates.
        #expect(issuer.bool("isClaimValid(address,uint256,bytes,bytes)", [a(id.address), u(2), .bytes(second), .bytes(data)]) == false)
        // An unknown claim has an empty signature, which revokeClaim revokes as ONCHAINID does.
        issuer.send("revokeClaim(bytes32,address)", [b32(.zero), a(id.address)], from: deployer)
        #expect(issuer.bool("isClaimRevoked(bytes)", [.bytes([])]) == true)
        // An identity without code: the decoder finds no answer.
        issuer.expectRevert("revokeClaim(bytes32,address)", [b32(claimId), a(bob)], from: deployer, data: [])
        // Identity's own isClaimValid knows no revocation.
        #expect(id.bool("isClaimValid(address,uint256,bytes,bytes)", [a(bob), u(4), .bytes(f.signature(topic: 4, data: [], by: 1, for: bob)), .bytes([])]) == true)
    }
}

@Suite struct IdentitySignatureTests {
    @Test func claimSigningMatchesEthAccount() throws {
        for vector in claimVectors {
            let identity = try Address(vector.identity)
            let data = bytes(vector.data)
            #expect(ClaimSigning.dataHash(identity: identity, topic: vector.topic, data: data).hex == "0x" + vector.dataHash)
            let signature = ClaimSigning.signature(identity: identity, topic: vector.topic, data: data, key: devAccounts[vector.account].privateKey)
            #expect(signature.hex == "0x" + vector.signature)
        }
    }

    @Test func isClaimValidAcceptsTheVectorsOfItsClaimKeys() throws {
        let f = try IdentityFixture()
        let issuer = f.issuer
        for vector in claimVectors {
            let arguments: [ABIValue] = [a(try Address(vector.identity)), u(vector.topic), .bytes(bytes(vector.signature)), .bytes(bytes(vector.data))]
            let signer = devAccounts[vector.account].address
            #expect(issuer.bool("isClaimValid(address,uint256,bytes,bytes)", arguments) == (vector.account == 3))
            if vector.account != 3 { issuer.send("addKey(bytes32,uint256,uint256)", [b32(key(signer)), u(3), u(1)], from: deployer) }
            #expect(issuer.bool("isClaimValid(address,uint256,bytes,bytes)", arguments) == true)
            let digest = ClaimSigning.prefixedHash(try Hash(hex: vector.dataHash))
            #expect(issuer.view("getRecoveredAddress(bytes,bytes32)", [.bytes(bytes(vector.signature)), b32(digest)]) == [a(signer)])
        }
    }

    @Test func recoveryFollowsGetRecoveredAddress() throws {
        let vector = claimVectors[1]
        let signature = bytes(vector.signature)
        let digest = ClaimSigning.prefixedHash(try Hash(hex: vector.dataHash))
        let signer = devAccounts[vector.account].address
        var low = signature
        low[64] -= 27  // v 0/1 gets 27 added
        var wrongV = signature
        wrongV[64] = 29
        // The high-s twin (s' = n − s, v flipped) recovers the same signer: ecrecover allows it.
        let order = try UInt256("115792089237316195423570985008687907852837564279074904382605163141518161494337")
        let s = try UInt256(bigEndian: signature[32..<64])
        let high = Array(signature[0..<32]) + (order &- s).bytes32 + [signature[64] == 27 ? 28 : 27]
        #expect(SignerRecovery.recoverUncached(signature: signature, digest: digest) == signer)
        #expect(SignerRecovery.recoverUncached(signature: low, digest: digest) == signer)
        #expect(SignerRecovery.recoverUncached(signature: high, digest: digest) == signer)
        #expect(SignerRecovery.recoverUncached(signature: wrongV, digest: digest) == .zero)
        #expect(SignerRecovery.recoverUncached(signature: Array(signature.prefix(64)), digest: digest) == .zero)
        #expect(SignerRecovery.recoverUncached(signature: signature + [0], digest: digest) == .zero)
        #expect(SignerRecovery.recoverUncached(signature: [UInt8](repeating: 0, count: 65), digest: digest) == .zero)
        #expect(SignerRecovery.recoverUncached(signature: [UInt8](repeating: 0xff, count: 64) + [27], digest: digest) == .zero)
    }

    @Test func cachedRecoveryEqualsUncachedRecovery() throws {
        var cases: [([UInt8], Hash)] = []
        for vector in claimVectors {
            let digest = ClaimSigning.prefixedHash(try Hash(hex: vector.dataHash))
            let signature = bytes(vector.signature)
            cases.append((signature, digest))
            cases.append((signature, Keccak256.hash(digest.bytes)))
            var other = signature
            other[64] = 30
            cases.append((other, digest))
            cases.append((Array(signature.prefix(10)), digest))
        }
        for key in 0..<4 {
            let digest = Keccak256.hash([UInt8(key)])
            cases.append((devAccounts[key].privateKey.sign(hash: digest).bytes65, digest))
        }
        // Twice (the second time from the cache), and from many threads at once.
        for _ in 0..<2 {
            for (signature, digest) in cases {
                #expect(SignerRecovery.recover(signature: signature, digest: digest) == SignerRecovery.recoverUncached(signature: signature, digest: digest))
            }
        }
        let all = cases
        let expected = all.map { SignerRecovery.recoverUncached(signature: $0.0, digest: $0.1) }
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: 64) { iteration in
            let index = iteration % all.count
            if SignerRecovery.recover(signature: all[index].0, digest: all[index].1) != expected[index] { mismatches.add() }
        }
        #expect(mismatches.count == 0)
        #expect(SignerRecovery.cachedCount <= SignerRecovery.capacity)
    }

    @Test func validationChargesEcrecoverGasOnEveryCall() throws {
        let f = try IdentityFixture()
        let data = Array("gas".utf8)
        let signature = f.signature(topic: 1, data: data)
        func gas(_ signature: [UInt8]) throws -> UInt64? {
            try f.chain.transact(
                f.issuer.address, "isClaimValid(address,uint256,bytes,bytes)", [a(f.identity.address), u(1), .bytes(signature), .bytes(data)],
                from: alice
            ).receipt?.gasUsed
        }
        let first = try #require(try gas(signature))
        // The second recovery comes from the cache and costs the same.
        #expect(try gas(signature) == first)
        // A signature of the wrong length skips ecrecover.
        let skipped = try #require(try gas(Array(signature.prefix(64))))
        #expect(first > skipped + 2_000)
    }
}

private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}

@Suite struct IdentityInterfaceTests {
    @Test func selectorsMatchDeclarations() {
        expectSelectorsMatch(IdentityCore.Function.self)
        expectSelectorsMatch(ClaimIssuer.Function.self)
    }

    @Test func eventTopicsAndErrorSelectorsMatchONCHAINID() {
        let topics: [String: String] = [
            "KeyAdded(bytes32,uint256,uint256)": "480000bb1edad8ca1470381cc334b1917fbd51c6531f3a623ea8e0ec7e38a6e9",
            "KeyRemoved(bytes32,uint256,uint256)": "585a4aef50f8267a92b32412b331b20f7f8b96f2245b253b9cc50dcc621d3397",
            "ClaimAdded(bytes32,uint256,uint256,address,bytes,bytes,string)": "46149b18aa084502c3f12bc75e19eda8bda8d102b82cce8474677a6d0d5f43c5",
            "ClaimRemoved(bytes32,uint256,uint256,address,bytes,bytes,string)": "3cf57863a89432c61c4a27073c6ee39e8a764bff5a05aebfbcdcdc80b2e6130a",
            "ClaimChanged(bytes32,uint256,uint256,address,bytes,bytes,string)": "3bab293fc00db832d7619a9299914251b8747c036867ec056cbd506f60135b13",
            "ClaimRevoked(bytes)": "7f484e37f24c0a92f81dd74afa3027b3ea31f2e9fb6b9fa29fe9865f81ac5569",
        ]
        for entry in ClaimIssuer.interface.events {
            #expect(topics[entry.signature] == String(entry.topic0.hex.dropFirst(2)), "\(entry.signature)")
        }
        #expect(ClaimIssuer.interface.events.count == topics.count)
        #expect(Identity.interface.events.count == topics.count - 1)
        #expect(ClaimIssuer.interface.errors.count == Identity.interface.errors.count + 1)
    }

    /// Every declared function is dispatched: well-formed zero arguments from an account without keys
    /// return, or revert with data; an unknown selector reverts without data.
    @Test(arguments: [Identity.interface, ClaimIssuer.interface].indices)
    func everyDeclaredFunctionIsDispatched(index: Int) throws {
        let f = try IdentityFixture()
        let target = index == 0 ? f.identity : f.issuer
        for function in target.interface.functions {
            let calldata = try ABIFunction(name: function.name, inputs: function.inputs.map(\.type))
                .encodeCall(function.inputs.map { zeroValue($0.type) })
            do {
                _ = try f.chain.call(to: target.address, data: calldata, from: mallory)
            } catch {
                #expect(error.revert?.data.isEmpty == false, "\(function.signature) reverted without data: \(error.message)")
            }
        }
        let unknown = try ABIFunction(parsing: "notAFunction()").encodeCall([])
        #expect(throws: ChainError.self) { try f.chain.call(to: target.address, data: unknown) }
        #expect(throws: ChainError.self) { try f.chain.call(to: target.address, data: [0x1d, 0x38]) }
    }

    @Test func malformedCalldataRevertsWithoutData() throws {
        let f = try IdentityFixture()
        func expectEmptyRevert(_ target: Deployed, _ data: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try f.chain.call(to: target.address, data: data, from: alice)
                Issue.record("did not revert", sourceLocation: sourceLocation)
            } catch {
                #expect(error.revert?.data.isEmpty == true, "\(error.message)", sourceLocation: sourceLocation)
            }
        }
        let addKey = try ABIFunction(parsing: "addKey(bytes32,uint256,uint256)").encodeCall([b32(key(bob)), u(3), u(1)])
        expectEmptyRevert(f.identity, Array(addKey.dropLast()))
        let addClaim = try ABIFunction(parsing: IdentityFixture.addClaim).encodeCall(
            f.claimArguments(topic: 1, issuer: f.identity.address, signature: [], data: []))
        var badOffset = addClaim
        badOffset[4 + 3 * 32 + 30] = 0xff  // the signature's offset points past the end
        expectEmptyRevert(f.identity, badOffset)
        expectEmptyRevert(f.identity, Array(addClaim.prefix(4 + 5 * 32)))
        var dirty = try ABIFunction(parsing: "revokeClaim(bytes32,address)").encodeCall([b32(.zero), a(f.identity.address)])
        dirty[4 + 32] = 1  // an address with dirty upper bytes
        expectEmptyRevert(f.issuer, dirty)
        expectEmptyRevert(f.issuer, Array(try ABIFunction(parsing: "isClaimRevoked(bytes)").encodeCall([.bytes([1])]).prefix(4 + 32)))
    }
}
