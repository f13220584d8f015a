import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

/// A token id as an ABI value.
private func uid(_ id: UInt64) -> ABIValue { .uint(UInt256(id)) }

/// An ERC721Token deployed by `deployer` ("Mint Art", "MART"), with readers and receiver helpers.
final class ERC721Fixture {
    let harness: Harness
    var chain: Chain { harness.chain }
    var token: Address { harness.token }

    init(baseURI: String = "") throws {
        harness = try Harness(ERC721Token(name: "Mint Art", symbol: "MART", baseURI: baseURI))
    }

    /// `ownerOf(id)`, nil when it reverts.
    func owner(_ id: UInt64) -> Address? {
        if case .address(let owner) = (try? chain.call(token, "ownerOf(uint256)(address)", [uid(id)]))?.first { return owner }
        return nil
    }

    func balance(_ account: Address) -> UInt256 { harness.uint("balanceOf(address)(uint256)", [a(account)]) }
    var totalSupply: UInt256 { harness.uint("totalSupply()(uint256)") }
    var nextTokenId: UInt256 { harness.uint("nextTokenId()(uint256)") }

    func approved(_ id: UInt64) -> Address? {
        if case .address(let approved) = (try? chain.call(token, "getApproved(uint256)(address)", [uid(id)]))?.first {
            return approved
        }
        return nil
    }

    func tokenURI(_ id: UInt256) -> String? {
        if case .string(let uri) = (try? chain.call(token, "tokenURI(uint256)(string)", [.uint(id)]))?.first { return uri }
        return nil
    }

    func isOperator(_ owner: Address, _ operatorAddress: Address) -> Bool? {
        harness.bool("isApprovedForAll(address,address)(bool)", [a(owner), a(operatorAddress)])
    }

    /// The revert data of a call (nil when it succeeds).
    func callRevert(_ signature: String, _ arguments: [ABIValue] = [], from: Address = .zero) -> [UInt8]? {
        do {
            _ = try chain.call(token, signature, arguments, from: from)
            return nil
        } catch {
            return error.revert?.data
        }
    }

    /// The revert data of raw calldata (nil when it succeeds).
    func rawRevert(_ data: [UInt8], from: Address = alice, value: UInt256 = .zero) -> [UInt8]? {
        do {
            _ = try chain.call(to: token, data: data, from: from, value: value)
            return nil
        } catch {
            return error.revert?.data
        }
    }

    func deployReceiver(_ mode: ERC721TestReceiver.Mode) throws -> Address {
        try chain.deploy(ERC721TestReceiver(mode: mode), from: deployer).address
    }

    func record(_ receiver: Address) -> ERC721ReceiverRecord { ERC721ReceiverRecord(chain: chain, receiver: receiver) }

    func mint(_ to: Address, _ id: UInt64) { harness.send("mint(address,uint256)", [a(to), uid(id)]) }
}

/// Expected ERC-721 events.
enum ERC721Event {
    static func transfer(_ from: Address, _ to: Address, _ id: UInt64) -> DecodedEvent {
        event("Transfer", ["from": a(from), "to": a(to), "tokenId": uid(id)])
    }
    static func approval(_ owner: Address, _ approved: Address, _ id: UInt64) -> DecodedEvent {
        event("Approval", ["owner": a(owner), "approved": a(approved), "tokenId": uid(id)])
    }
    static func approvalForAll(_ owner: Address, _ operatorAddress: Address, _ approved: Bool) -> DecodedEvent {
        event("ApprovalForAll", ["owner": a(owner), "operator": a(operatorAddress), "approved": .bool(approved)])
    }
    static func metadataUpdate(_ id: UInt64) -> DecodedEvent { event("MetadataUpdate", ["_tokenId": uid(id)]) }
    static func received(_ operatorAddress: Address, _ from: Address, _ id: UInt64, _ data: [UInt8]) -> DecodedEvent {
        event("Received", ["operator": a(operatorAddress), "from": a(from), "tokenId": uid(id), "data": .bytes(data)])
    }
    static func roleGranted(_ role: Hash, _ account: Address, _ sender: Address) -> DecodedEvent {
        event("RoleGranted", ["role": b32(role), "account": a(account), "sender": a(sender)])
    }
}

/// Expected revert data.
enum ERC721Error {
    static func nonexistent(_ id: UInt64) -> [UInt8] { Revert.error("ERC721NonexistentToken(uint256)", [uid(id)]).data }
    static func invalidReceiver(_ to: Address) -> [UInt8] { Revert.error("ERC721InvalidReceiver(address)", [a(to)]).data }
    static func unauthorized(_ account: Address, _ role: Hash) -> [UInt8] {
        Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [a(account), b32(role)]).data
    }
    static let enforcedPause = Revert.error("EnforcedPause()").data
}

private let token721 = ERC721Token.interface

@Suite struct ERC721Tests {
    // MARK: - Deployment and metadata

    @Test func deploymentGrantsTheFourRolesToTheDeployer() throws {
        let chain = Chain()
        let model = ERC721Token(name: "Mint Art", symbol: "MART", baseURI: "ipfs://base/")
        let (address, _, receipt) = try chain.deploy(model, from: deployer)
        expectEvents(
            receipt?.logs ?? [],
            [
                ERC721Event.roleGranted(Role.defaultAdmin, deployer, deployer), ERC721Event.roleGranted(Role.minter, deployer, deployer),
                ERC721Event.roleGranted(Role.pauser, deployer, deployer), ERC721Event.roleGranted(Role.uriSetter, deployer, deployer),
            ], interface: token721, from: address)
        for role in [Role.defaultAdmin, Role.minter, Role.pauser, Role.uriSetter] {
            #expect(try chain.call(address, "hasRole(bytes32,address)(bool)", [b32(role), a(deployer)]) == [.bool(true)])
            #expect(try chain.call(address, "hasRole(bytes32,address)(bool)", [b32(role), a(alice)]) == [.bool(false)])
        }
        #expect(try chain.call(address, "name()(string)") == [.string("Mint Art")])
        #expect(try chain.call(address, "symbol()(string)") == [.string("MART")])
        #expect(try chain.call(address, "MINTER_ROLE()(bytes32)") == [b32(Role.minter)])
        #expect(try chain.call(address, "PAUSER_ROLE()(bytes32)") == [b32(Role.pauser)])
        #expect(try chain.call(address, "URI_SETTER_ROLE()(bytes32)") == [b32(Role.uriSetter)])
        #expect(try chain.call(address, "DEFAULT_ADMIN_ROLE()(bytes32)") == [b32(.zero)])
        #expect(try chain.call(address, "totalSupply()(uint256)") == [u(0)])
        #expect(try chain.call(address, "nextTokenId()(uint256)") == [u(0)])
        #expect(try chain.call(address, "paused()(bool)") == [.bool(false)])
        #expect(Role.uriSetter == (try Hash(hex: "0x7804d923f43a17d325d77e781528e0793b2edd9890ab45fc64efd7b4b427744c")))
    }

    @Test func constructorArgumentsRoundTrip() throws {
        let model = ERC721Token(name: "Név", symbol: "N", baseURI: "https://x/")
        let rebuilt = try ERC721Token(arguments: model.constructorArguments)
        #expect(rebuilt.name == "Név" && rebuilt.symbol == "N" && rebuilt.baseURI == "https://x/")
        #expect(ERC721Token.kind == "erc721" && model.kind == "erc721")
        #expect(throws: Revert.self) { try ERC721Token(arguments: [1, 2, 3]) }
    }

    @Test func supportsInterfaceAnswers() throws {
        let f = try ERC721Fixture()
        for id: [UInt8] in [[0x01, 0xff, 0xc9, 0xa7], [0x80, 0xac, 0x58, 0xcd], [0x5b, 0x5e, 0x13, 0x9f], [0x79, 0x65, 0xdb, 0x0b], [0x49, 0x06, 0x49, 0x06]] {
            #expect(f.harness.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(id)]) == true, "\(id.hex)")
        }
        for id: [UInt8] in [[0xff, 0xff, 0xff, 0xff], [0xd9, 0xb6, 0x7a, 0x26], [0x36, 0x37, 0x2b, 0x07], [0x78, 0x0e, 0x9d, 0x63], [0, 0, 0, 0]] {
            #expect(f.harness.bool("supportsInterface(bytes4)(bool)", [.fixedBytes(id)]) == false, "\(id.hex)")
        }
    }

    // MARK: - Minting

    @Test func mintCreatesTheTokenWithoutReceiverCheck() throws {
        let f = try ERC721Fixture()
        let logs = f.harness.send("mint(address,uint256)", [a(alice), u(7)])
        expectEvents(logs, [ERC721Event.transfer(.zero, alice, 7)], interface: token721, from: f.token)
        #expect(f.owner(7) == alice)
        #expect(f.balance(alice) == 1)
        #expect(f.totalSupply == 1)
        #expect(f.approved(7) == .zero)
        // `mint` does not call the receiver, even one that would refuse.
        let refusing = try f.deployReceiver(.revertEmpty)
        f.harness.send("mint(address,uint256)", [a(refusing), u(8)])
        #expect(f.owner(8) == refusing)
        #expect(f.record(refusing).calls == 0)
        #expect(f.totalSupply == 2)
    }

    @Test func mintReverts() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        f.harness.expectRevert(
            "mint(address,uint256)", [a(alice), u(2)], from: mallory, data: ERC721Error.unauthorized(mallory, Role.minter))
        // The role check comes first, before the receiver check.
        f.harness.expectRevert(
            "mint(address,uint256)", [a(.zero), u(2)], from: mallory, data: ERC721Error.unauthorized(mallory, Role.minter))
        f.harness.expectRevert("mint(address,uint256)", [a(.zero), u(2)], data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert("mint(address,uint256)", [a(bob), u(1)], error: "ERC721InvalidSender(address)", [a(.zero)])
        f.harness.expectRevert("safeMint(address,uint256)", [a(bob), u(1)], error: "ERC721InvalidSender(address)", [a(.zero)])
        f.harness.expectRevert(
            "safeMint(address,uint256,string)", [a(bob), u(1), .string("x")], error: "ERC721InvalidSender(address)", [a(.zero)])
        // Nothing changed.
        #expect(f.owner(1) == alice)
        #expect(f.balance(alice) == 1 && f.balance(bob) == 0)
        #expect(f.owner(2) == nil)
        #expect(f.totalSupply == 1)
    }

    @Test func safeMintToAnEOAAndToAnAcceptingReceiver() throws {
        let f = try ERC721Fixture()
        let logs = f.harness.send("safeMint(address,uint256)", [a(bob), u(3)])
        expectEvents(logs, [ERC721Event.transfer(.zero, bob, 3)], interface: token721, from: f.token)
        #expect(f.owner(3) == bob)

        for (id, mode) in [(UInt64(4), ERC721TestReceiver.Mode.accept), (5, .acceptLong)] {
            let receiver = try f.deployReceiver(mode)
            let logs = f.harness.send("safeMint(address,uint256)", [a(receiver), uid(id)])
            expectEvents(
                logs, [ERC721Event.transfer(.zero, receiver, id), ERC721Event.received(deployer, .zero, id, [])],
                interface: ERC721TestReceiver.interface)
            #expect(logs.first?.address == f.token && logs.last?.address == receiver)
            #expect(f.record(receiver) == ERC721ReceiverRecord(operatorAddress: deployer, from: .zero, tokenId: UInt256(id), data: [], calls: 1))
            #expect(f.owner(id) == receiver)
        }
        #expect(f.totalSupply == 3)
    }

    @Test func safeMintWithURIEmitsMetadataUpdateAfterTheReceiverCheck() throws {
        let f = try ERC721Fixture()
        let logs = f.harness.send("safeMint(address,uint256,string)", [a(alice), u(1), .string("ipfs://one")])
        expectEvents(logs, [ERC721Event.transfer(.zero, alice, 1), ERC721Event.metadataUpdate(1)], interface: token721, from: f.token)
        #expect(f.tokenURI(1) == "ipfs://one")

        let receiver = try f.deployReceiver(.accept)
        let logs2 = f.harness.send("safeMint(address,uint256,string)", [a(receiver), u(2), .string("ipfs://two")])
        expectEvents(
            logs2,
            [ERC721Event.transfer(.zero, receiver, 2), ERC721Event.received(deployer, .zero, 2, []), ERC721Event.metadataUpdate(2)],
            interface: ERC721TestReceiver.interface)
        #expect(f.tokenURI(2) == "ipfs://two")

        f.harness.expectRevert(
            "safeMint(address,uint256,string)", [a(alice), u(3), .string("u")], from: mallory,
            data: ERC721Error.unauthorized(mallory, Role.minter))
        let refusing = try f.deployReceiver(.wrongValue)
        f.harness.expectRevert(
            "safeMint(address,uint256,string)", [a(refusing), u(3), .string("u")], data: ERC721Error.invalidReceiver(refusing))
        #expect(f.owner(3) == nil)
    }

    @Test(arguments: ERC721TestReceiver.Mode.allCases)
    func safeMintReceiverOutcomes(mode: ERC721TestReceiver.Mode) throws {
        let f = try ERC721Fixture()
        let receiver = try f.deployReceiver(mode)
        func expected(_ id: UInt64) -> [UInt8]? {
            switch mode {
            case .accept, .acceptLong, .acceptFirstOnly: nil
            case .wrongValue, .revertEmpty: ERC721Error.invalidReceiver(receiver)
            case .revertReason: Revert.reason("receiver says no").data
            case .revertCustom: Revert.error("ReceiverRejected(uint256)", [uid(id)]).data
            // Solidity's `returns (bytes4)` decoding fails in the token: an empty revert, not caught.
            case .returnNothing, .dirtyMagic: []
            }
        }
        if let refusal = expected(9), let sequentialRefusal = expected(0) {
            f.harness.expectRevert("safeMint(address,uint256)", [a(receiver), u(9)], data: refusal)
            f.harness.expectRevert("mintSequential(address,uint256)", [a(receiver), u(1)], data: sequentialRefusal)
            #expect(f.owner(9) == nil && f.owner(0) == nil)
            #expect(f.balance(receiver) == 0 && f.totalSupply == 0 && f.nextTokenId == 0)
            #expect(f.record(receiver).calls == 0)
        } else {
            f.harness.send("safeMint(address,uint256)", [a(receiver), u(9)])
            #expect(f.owner(9) == receiver)
            #expect(f.record(receiver).calls == 1)
        }
    }

    @Test func mintSequentialSkipsExplicitIds() throws {
        let f = try ERC721Fixture()
        #expect(try f.chain.call(f.token, "mintSequential(address,uint256)(uint256)", [a(alice), u(3)], from: deployer) == [u(0)])
        let logs = f.harness.send("mintSequential(address,uint256)", [a(alice), u(3)])
        expectEvents(
            logs, [ERC721Event.transfer(.zero, alice, 0), ERC721Event.transfer(.zero, alice, 1), ERC721Event.transfer(.zero, alice, 2)],
            interface: token721, from: f.token)
        #expect(f.nextTokenId == 3)
        f.mint(bob, 3)
        f.mint(bob, 4)
        f.mint(bob, 6)
        #expect(f.nextTokenId == 5)
        #expect(try f.chain.call(f.token, "mintSequential(address,uint256)(uint256)", [a(carol), u(2)], from: deployer) == [u(5)])
        let logs2 = f.harness.send("mintSequential(address,uint256)", [a(carol), u(2)])
        expectEvents(logs2, [ERC721Event.transfer(.zero, carol, 5), ERC721Event.transfer(.zero, carol, 7)], interface: token721)
        #expect(f.nextTokenId == 8)
        #expect(f.totalSupply == 8)
        // A burned id below the counter is not used again.
        f.harness.send("burn(uint256)", [u(1)], from: alice)
        f.harness.send("mintSequential(address,uint256)", [a(alice), u(1)])
        #expect(f.owner(1) == nil && f.owner(8) == alice)
        // Receivers see each id right after its mint, with the caller as operator.
        let receiver = try f.deployReceiver(.accept)
        let logs3 = f.harness.send("mintSequential(address,uint256)", [a(receiver), u(2)])
        expectEvents(
            logs3,
            [
                ERC721Event.transfer(.zero, receiver, 9), ERC721Event.received(deployer, .zero, 9, []),
                ERC721Event.transfer(.zero, receiver, 10), ERC721Event.received(deployer, .zero, 10, []),
            ], interface: ERC721TestReceiver.interface)
        #expect(f.record(receiver).calls == 2)
    }

    @Test func mintSequentialReverts() throws {
        let f = try ERC721Fixture()
        f.harness.expectRevert("mintSequential(address,uint256)", [a(alice), u(0)], error: "ERC721InvalidQuantity(uint256)", [u(0)])
        f.harness.expectRevert(
            "mintSequential(address,uint256)", [a(alice), u(0)], from: mallory, data: ERC721Error.unauthorized(mallory, Role.minter))
        f.harness.expectRevert("mintSequential(address,uint256)", [a(.zero), u(2)], data: ERC721Error.invalidReceiver(.zero))
        // A refusal of the second token undoes the first one and the counter.
        let receiver = try f.deployReceiver(.acceptFirstOnly)
        f.harness.expectRevert("mintSequential(address,uint256)", [a(receiver), u(2)], data: ERC721Error.invalidReceiver(receiver))
        #expect(f.nextTokenId == 0 && f.totalSupply == 0 && f.owner(0) == nil && f.balance(receiver) == 0)
        #expect(f.record(receiver).calls == 0)
        f.harness.send("mintSequential(address,uint256)", [a(receiver), u(1)])
        #expect(f.owner(0) == receiver && f.nextTokenId == 1)
        f.harness.send("pause()")
        f.harness.expectRevert("mintSequential(address,uint256)", [a(alice), u(1)], data: ERC721Error.enforcedPause)
        #expect(f.nextTokenId == 1 && f.totalSupply == 1)
    }

    // MARK: - Transfers

    @Test func transferFromByOwnerApprovedAndOperator() throws {
        let f = try ERC721Fixture()
        for id: UInt64 in 1...3 { f.mint(alice, id) }
        // Owner.
        var logs = f.harness.send("transferFrom(address,address,uint256)", [a(alice), a(bob), u(1)], from: alice)
        expectEvents(logs, [ERC721Event.transfer(alice, bob, 1)], interface: token721, from: f.token)
        // Approved account: the approval is cleared without an Approval event.
        f.harness.send("approve(address,uint256)", [a(carol), u(2)], from: alice)
        #expect(f.approved(2) == carol)
        logs = f.harness.send("transferFrom(address,address,uint256)", [a(alice), a(carol), u(2)], from: carol)
        expectEvents(logs, [ERC721Event.transfer(alice, carol, 2)], interface: token721, from: f.token)
        #expect(f.approved(2) == .zero)
        // Operator.
        f.harness.send("setApprovalForAll(address,bool)", [a(mallory), .bool(true)], from: alice)
        logs = f.harness.send("transferFrom(address,address,uint256)", [a(alice), a(bob), u(3)], from: mallory)
        expectEvents(logs, [ERC721Event.transfer(alice, bob, 3)], interface: token721, from: f.token)
        #expect(f.owner(1) == bob && f.owner(2) == carol && f.owner(3) == bob)
        #expect(f.balance(alice) == 0 && f.balance(bob) == 2 && f.balance(carol) == 1)
        #expect(f.totalSupply == 3)
        // To oneself: balance unchanged, Transfer emitted.
        logs = f.harness.send("transferFrom(address,address,uint256)", [a(bob), a(bob), u(1)], from: bob)
        expectEvents(logs, [ERC721Event.transfer(bob, bob, 1)], interface: token721, from: f.token)
        #expect(f.balance(bob) == 2)
    }

    @Test func transferFromRevertsInOpenZeppelinOrder() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        f.harness.send("approve(address,uint256)", [a(bob), u(1)], from: alice)
        let transfer = "transferFrom(address,address,uint256)"
        // The receiver check comes first, even for a token that does not exist.
        f.harness.expectRevert(transfer, [a(alice), a(.zero), u(1)], from: alice, data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert(transfer, [a(alice), a(.zero), u(99)], from: mallory, data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert(transfer, [a(alice), a(bob), u(99)], from: alice, data: ERC721Error.nonexistent(99))
        f.harness.expectRevert(
            transfer, [a(alice), a(mallory), u(1)], from: mallory, error: "ERC721InsufficientApproval(address,uint256)",
            [a(mallory), u(1)])
        // Authorization is checked before the owner.
        f.harness.expectRevert(
            transfer, [a(carol), a(mallory), u(1)], from: mallory, error: "ERC721InsufficientApproval(address,uint256)",
            [a(mallory), u(1)])
        f.harness.expectRevert(
            transfer, [a(carol), a(bob), u(1)], from: alice, error: "ERC721IncorrectOwner(address,uint256,address)",
            [a(carol), u(1), a(alice)])
        f.harness.expectRevert(
            transfer, [a(carol), a(bob), u(1)], from: bob, error: "ERC721IncorrectOwner(address,uint256,address)",
            [a(carol), u(1), a(alice)])
        // Nothing changed: the approval is still there.
        #expect(f.owner(1) == alice && f.approved(1) == bob)
        #expect(f.balance(alice) == 1 && f.balance(bob) == 0 && f.balance(mallory) == 0)
        // An approval does not survive a transfer.
        f.harness.send(transfer, [a(alice), a(carol), u(1)], from: alice)
        f.harness.expectRevert(
            transfer, [a(carol), a(bob), u(1)], from: bob, error: "ERC721InsufficientApproval(address,uint256)", [a(bob), u(1)])
        // A revoked operator loses its rights.
        f.harness.send("setApprovalForAll(address,bool)", [a(mallory), .bool(true)], from: carol)
        f.harness.send("setApprovalForAll(address,bool)", [a(mallory), .bool(false)], from: carol)
        f.harness.expectRevert(
            transfer, [a(carol), a(mallory), u(1)], from: mallory, error: "ERC721InsufficientApproval(address,uint256)",
            [a(mallory), u(1)])
    }

    @Test func safeTransferFromPassesOperatorFromIdAndData() throws {
        let f = try ERC721Fixture()
        let receiver = try f.deployReceiver(.accept)
        f.mint(alice, 5)
        f.mint(alice, 6)
        f.harness.send("setApprovalForAll(address,bool)", [a(bob), .bool(true)], from: alice)
        let data: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]
        let logs = f.harness.send(
            "safeTransferFrom(address,address,uint256,bytes)", [a(alice), a(receiver), u(5), .bytes(data)], from: bob)
        expectEvents(
            logs, [ERC721Event.transfer(alice, receiver, 5), ERC721Event.received(bob, alice, 5, data)],
            interface: ERC721TestReceiver.interface)
        #expect(f.record(receiver) == ERC721ReceiverRecord(operatorAddress: bob, from: alice, tokenId: 5, data: data, calls: 1))
        // The three-argument form passes empty data.
        let logs2 = f.harness.send("safeTransferFrom(address,address,uint256)", [a(alice), a(receiver), u(6)], from: alice)
        expectEvents(
            logs2, [ERC721Event.transfer(alice, receiver, 6), ERC721Event.received(alice, alice, 6, [])],
            interface: ERC721TestReceiver.interface)
        #expect(f.record(receiver) == ERC721ReceiverRecord(operatorAddress: alice, from: alice, tokenId: 6, data: [], calls: 2))
        #expect(f.balance(receiver) == 2 && f.balance(alice) == 0)
        // EOAs are not called.
        f.mint(alice, 7)
        let logs3 = f.harness.send(
            "safeTransferFrom(address,address,uint256,bytes)", [a(alice), a(carol), u(7), .bytes(data)], from: alice)
        expectEvents(logs3, [ERC721Event.transfer(alice, carol, 7)], interface: token721, from: f.token)
    }

    @Test(arguments: ERC721TestReceiver.Mode.allCases)
    func safeTransferFromReceiverOutcomes(mode: ERC721TestReceiver.Mode) throws {
        let f = try ERC721Fixture()
        let receiver = try f.deployReceiver(mode)
        f.mint(alice, 4)
        f.harness.send("approve(address,uint256)", [a(carol), u(4)], from: alice)
        let expected: [UInt8]? =
            switch mode {
            case .accept, .acceptLong, .acceptFirstOnly: nil
            case .wrongValue, .revertEmpty: ERC721Error.invalidReceiver(receiver)
            case .revertReason: Revert.reason("receiver says no").data
            case .revertCustom: Revert.error("ReceiverRejected(uint256)", [u(4)]).data
            case .returnNothing, .dirtyMagic: []
            }
        for signature in ["safeTransferFrom(address,address,uint256)", "safeTransferFrom(address,address,uint256,bytes)"] {
            let arguments = [a(alice), a(receiver), u(4)] + (signature.hasSuffix("bytes)") ? [.bytes([1, 2, 3])] : [])
            guard let expected else { continue }
            f.harness.expectRevert(signature, arguments, from: alice, data: expected)
            f.harness.expectRevert(signature, arguments, from: carol, data: expected)
        }
        if expected == nil {
            f.harness.send("safeTransferFrom(address,address,uint256,bytes)", [a(alice), a(receiver), u(4), .bytes([1, 2, 3])], from: carol)
            #expect(f.owner(4) == receiver && f.balance(receiver) == 1 && f.balance(alice) == 0)
            #expect(f.record(receiver) == ERC721ReceiverRecord(operatorAddress: carol, from: alice, tokenId: 4, data: [1, 2, 3], calls: 1))
        } else {
            // Nothing changed: owner, balances, approval, receiver storage.
            #expect(f.owner(4) == alice && f.approved(4) == carol)
            #expect(f.balance(alice) == 1 && f.balance(receiver) == 0)
            #expect(f.record(receiver).calls == 0)
            // The plain transferFrom does not ask the receiver.
            f.harness.send("transferFrom(address,address,uint256)", [a(alice), a(receiver), u(4)], from: alice)
            #expect(f.owner(4) == receiver)
        }
    }

    @Test func safeTransferFromChecksLikeTransferFrom() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        let safe = "safeTransferFrom(address,address,uint256)"
        f.harness.expectRevert(safe, [a(alice), a(.zero), u(1)], from: alice, data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert(safe, [a(alice), a(bob), u(2)], from: alice, data: ERC721Error.nonexistent(2))
        f.harness.expectRevert(
            safe, [a(alice), a(bob), u(1)], from: bob, error: "ERC721InsufficientApproval(address,uint256)", [a(bob), u(1)])
        f.harness.expectRevert(
            safe, [a(bob), a(carol), u(1)], from: alice, error: "ERC721IncorrectOwner(address,uint256,address)",
            [a(bob), u(1), a(alice)])
    }

    // MARK: - Approvals

    @Test func approveByOwnerAndOperator() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        var logs = f.harness.send("approve(address,uint256)", [a(bob), u(1)], from: alice)
        expectEvents(logs, [ERC721Event.approval(alice, bob, 1)], interface: token721, from: f.token)
        #expect(f.approved(1) == bob)
        // An operator approves on the owner's behalf; the event names the owner.
        f.harness.send("setApprovalForAll(address,bool)", [a(carol), .bool(true)], from: alice)
        logs = f.harness.send("approve(address,uint256)", [a(mallory), u(1)], from: carol)
        expectEvents(logs, [ERC721Event.approval(alice, mallory, 1)], interface: token721, from: f.token)
        #expect(f.approved(1) == mallory)
        // Approving zero clears it, with an event.
        logs = f.harness.send("approve(address,uint256)", [a(.zero), u(1)], from: alice)
        expectEvents(logs, [ERC721Event.approval(alice, .zero, 1)], interface: token721, from: f.token)
        #expect(f.approved(1) == .zero)
    }

    @Test func approveReverts() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        f.harness.send("approve(address,uint256)", [a(bob), u(1)], from: alice)
        // A single-token approval does not allow approving.
        f.harness.expectRevert("approve(address,uint256)", [a(carol), u(1)], from: bob, error: "ERC721InvalidApprover(address)", [a(bob)])
        f.harness.expectRevert(
            "approve(address,uint256)", [a(carol), u(1)], from: mallory, error: "ERC721InvalidApprover(address)", [a(mallory)])
        f.harness.expectRevert("approve(address,uint256)", [a(carol), u(2)], from: alice, data: ERC721Error.nonexistent(2))
        #expect(f.approved(1) == bob)
        #expect(f.callRevert("getApproved(uint256)(address)", [u(2)]) == ERC721Error.nonexistent(2))
    }

    @Test func setApprovalForAllAndItsReverts() throws {
        let f = try ERC721Fixture()
        var logs = f.harness.send("setApprovalForAll(address,bool)", [a(bob), .bool(true)], from: alice)
        expectEvents(logs, [ERC721Event.approvalForAll(alice, bob, true)], interface: token721, from: f.token)
        #expect(f.isOperator(alice, bob) == true)
        #expect(f.isOperator(bob, alice) == false)
        logs = f.harness.send("setApprovalForAll(address,bool)", [a(bob), .bool(false)], from: alice)
        expectEvents(logs, [ERC721Event.approvalForAll(alice, bob, false)], interface: token721, from: f.token)
        #expect(f.isOperator(alice, bob) == false)
        // Approving oneself is allowed, as in OpenZeppelin v5.
        f.harness.send("setApprovalForAll(address,bool)", [a(alice), .bool(true)], from: alice)
        f.harness.expectRevert(
            "setApprovalForAll(address,bool)", [a(.zero), .bool(true)], from: alice, error: "ERC721InvalidOperator(address)", [a(.zero)])
        // The zero address as owner (an eth_call from address zero).
        #expect(
            f.callRevert("setApprovalForAll(address,bool)", [a(bob), .bool(true)], from: .zero)
                == Revert.error("ERC721InvalidApprover(address)", [a(.zero)]).data)
    }

    // MARK: - Views

    @Test func viewsRevertForZeroOwnerAndMissingTokens() throws {
        let f = try ERC721Fixture()
        #expect(f.callRevert("balanceOf(address)(uint256)", [a(.zero)]) == Revert.error("ERC721InvalidOwner(address)", [a(.zero)]).data)
        #expect(f.callRevert("ownerOf(uint256)(address)", [u(5)]) == ERC721Error.nonexistent(5))
        #expect(f.callRevert("getApproved(uint256)(address)", [u(5)]) == ERC721Error.nonexistent(5))
        #expect(f.callRevert("tokenURI(uint256)(string)", [u(5)]) == ERC721Error.nonexistent(5))
        #expect(f.balance(alice) == 0)
        #expect(f.isOperator(alice, bob) == false)
    }

    // MARK: - Token URIs

    @Test func tokenURIWithoutBase() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        #expect(f.tokenURI(1) == "")
        let logs = f.harness.send("setTokenURI(uint256,string)", [u(1), .string("ipfs://Qm1")])
        expectEvents(logs, [ERC721Event.metadataUpdate(1)], interface: token721, from: f.token)
        #expect(f.tokenURI(1) == "ipfs://Qm1")
        // setBaseURI: admin only, announces every id.
        let logs2 = f.harness.send("setBaseURI(string)", [.string("https://meta.example/")])
        expectEvents(
            logs2, [event("BatchMetadataUpdate", ["_fromTokenId": u(0), "_toTokenId": u(UInt256.max)])], interface: token721, from: f.token)
        #expect(f.tokenURI(1) == "https://meta.example/ipfs://Qm1")
        f.mint(alice, 2)
        #expect(f.tokenURI(2) == "https://meta.example/2")
    }

    @Test func tokenURIWithBase() throws {
        let f = try ERC721Fixture(baseURI: "https://meta.example/")
        f.mint(alice, 42)
        f.harness.send("mint(address,uint256)", [a(alice), u(UInt256.max)])
        #expect(f.tokenURI(42) == "https://meta.example/42")
        #expect(
            f.tokenURI(.max)
                == "https://meta.example/115792089237316195423570985008687907853269984665640564039457584007913129639935")
        f.harness.send("safeMint(address,uint256,string)", [a(alice), u(0), .string("zero.json")])
        #expect(f.tokenURI(0) == "https://meta.example/zero.json")
        // Clearing the base gives the stored URI alone, or nothing.
        f.harness.send("setBaseURI(string)", [.string("")])
        #expect(f.tokenURI(0) == "zero.json")
        #expect(f.tokenURI(42) == "")
    }

    @Test func uriSettersCheckRolesThenExistence() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        f.harness.expectRevert(
            "setTokenURI(uint256,string)", [u(1), .string("x")], from: mallory, data: ERC721Error.unauthorized(mallory, Role.uriSetter))
        f.harness.expectRevert(
            "setTokenURI(uint256,string)", [u(9), .string("x")], from: mallory, data: ERC721Error.unauthorized(mallory, Role.uriSetter))
        f.harness.expectRevert("setTokenURI(uint256,string)", [u(9), .string("x")], data: ERC721Error.nonexistent(9))
        f.harness.expectRevert(
            "setBaseURI(string)", [.string("x")], from: mallory, data: ERC721Error.unauthorized(mallory, Role.defaultAdmin))
        // The owner of a token cannot set its URI without the role; a granted account can.
        f.harness.expectRevert(
            "setTokenURI(uint256,string)", [u(1), .string("x")], from: alice, data: ERC721Error.unauthorized(alice, Role.uriSetter))
        f.harness.send("grantRole(bytes32,address)", [b32(Role.uriSetter), a(carol)])
        f.harness.send("setTokenURI(uint256,string)", [u(1), .string("by-carol")], from: carol)
        #expect(f.tokenURI(1) == "by-carol")
    }

    // MARK: - Burning

    @Test func burnByOwnerApprovedAndOperator() throws {
        let f = try ERC721Fixture()
        for id: UInt64 in 1...3 { f.mint(alice, id) }
        f.harness.send("approve(address,uint256)", [a(bob), u(2)], from: alice)
        f.harness.send("setApprovalForAll(address,bool)", [a(carol), .bool(true)], from: alice)
        var logs = f.harness.send("burn(uint256)", [u(1)], from: alice)
        expectEvents(logs, [ERC721Event.transfer(alice, .zero, 1)], interface: token721, from: f.token)
        logs = f.harness.send("burn(uint256)", [u(2)], from: bob)
        expectEvents(logs, [ERC721Event.transfer(alice, .zero, 2)], interface: token721, from: f.token)
        logs = f.harness.send("burn(uint256)", [u(3)], from: carol)
        expectEvents(logs, [ERC721Event.transfer(alice, .zero, 3)], interface: token721, from: f.token)
        #expect(f.balance(alice) == 0 && f.totalSupply == 0)
        #expect(f.owner(1) == nil && f.owner(2) == nil && f.owner(3) == nil)
        #expect(f.callRevert("getApproved(uint256)(address)", [u(2)]) == ERC721Error.nonexistent(2))
        // A burned id can be minted again, with no approval left over.
        f.mint(bob, 2)
        #expect(f.owner(2) == bob && f.approved(2) == .zero)
    }

    @Test func burnReverts() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        f.harness.expectRevert("burn(uint256)", [u(1)], from: mallory, error: "ERC721InsufficientApproval(address,uint256)", [a(mallory), u(1)])
        // Even holders of every role need the token's approval.
        f.harness.expectRevert("burn(uint256)", [u(1)], error: "ERC721InsufficientApproval(address,uint256)", [a(deployer), u(1)])
        f.harness.expectRevert("burn(uint256)", [u(2)], from: alice, data: ERC721Error.nonexistent(2))
        #expect(f.owner(1) == alice && f.balance(alice) == 1 && f.totalSupply == 1)
    }

    @Test func burnKeepsTheStoredURIForALaterMint() throws {
        let f = try ERC721Fixture()
        f.harness.send("safeMint(address,uint256,string)", [a(alice), u(1), .string("kept.json")])
        f.harness.send("burn(uint256)", [u(1)], from: alice)
        #expect(f.callRevert("tokenURI(uint256)(string)", [u(1)]) == ERC721Error.nonexistent(1))
        f.mint(bob, 1)
        #expect(f.tokenURI(1) == "kept.json")
    }

    // MARK: - Pause

    @Test func pauseAndUnpause() throws {
        let f = try ERC721Fixture()
        var logs = f.harness.send("pause()")
        expectEvents(logs, [event("Paused", ["account": a(deployer)])], interface: token721, from: f.token)
        #expect(f.harness.bool("paused()(bool)") == true)
        f.harness.expectRevert("pause()", error: "EnforcedPause()")
        f.harness.expectRevert("unpause()", from: mallory, data: ERC721Error.unauthorized(mallory, Role.pauser))
        logs = f.harness.send("unpause()")
        expectEvents(logs, [event("Unpaused", ["account": a(deployer)])], interface: token721, from: f.token)
        f.harness.expectRevert("unpause()", error: "ExpectedPause()")
        f.harness.expectRevert("pause()", from: mallory, data: ERC721Error.unauthorized(mallory, Role.pauser))
        #expect(f.harness.bool("paused()(bool)") == false)
    }

    @Test func pauseStopsMintTransferAndBurnButNotApprovals() throws {
        let f = try ERC721Fixture()
        let receiver = try f.deployReceiver(.accept)
        f.mint(alice, 1)
        f.mint(alice, 2)
        f.harness.send("pause()")
        let paused = ERC721Error.enforcedPause
        f.harness.expectRevert("mint(address,uint256)", [a(bob), u(3)], data: paused)
        f.harness.expectRevert("safeMint(address,uint256)", [a(receiver), u(3)], data: paused)
        f.harness.expectRevert("safeMint(address,uint256,string)", [a(bob), u(3), .string("x")], data: paused)
        f.harness.expectRevert("mintSequential(address,uint256)", [a(bob), u(2)], data: paused)
        f.harness.expectRevert("transferFrom(address,address,uint256)", [a(alice), a(bob), u(1)], from: alice, data: paused)
        f.harness.expectRevert("safeTransferFrom(address,address,uint256)", [a(alice), a(receiver), u(1)], from: alice, data: paused)
        f.harness.expectRevert(
            "safeTransferFrom(address,address,uint256,bytes)", [a(alice), a(bob), u(1), .bytes([1])], from: alice, data: paused)
        f.harness.expectRevert("burn(uint256)", [u(1)], from: alice, data: paused)
        // Checks before `_update` come first; those inside it come after the pause.
        f.harness.expectRevert("mint(address,uint256)", [a(.zero), u(3)], data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert("mint(address,uint256)", [a(bob), u(1)], data: paused)  // exists: pause first
        f.harness.expectRevert("mint(address,uint256)", [a(bob), u(3)], from: mallory, data: ERC721Error.unauthorized(mallory, Role.minter))
        f.harness.expectRevert("mintSequential(address,uint256)", [a(bob), u(0)], error: "ERC721InvalidQuantity(uint256)", [u(0)])
        f.harness.expectRevert("transferFrom(address,address,uint256)", [a(alice), a(.zero), u(1)], from: alice, data: ERC721Error.invalidReceiver(.zero))
        f.harness.expectRevert("transferFrom(address,address,uint256)", [a(alice), a(bob), u(1)], from: mallory, data: paused)
        f.harness.expectRevert("transferFrom(address,address,uint256)", [a(alice), a(bob), u(9)], from: alice, data: paused)
        f.harness.expectRevert("burn(uint256)", [u(9)], from: mallory, data: paused)
        // Approvals, operators and URIs still work.
        f.harness.send("approve(address,uint256)", [a(bob), u(1)], from: alice)
        f.harness.send("setApprovalForAll(address,bool)", [a(carol), .bool(true)], from: alice)
        f.harness.send("setTokenURI(uint256,string)", [u(1), .string("p")])
        #expect(f.approved(1) == bob && f.isOperator(alice, carol) == true && f.tokenURI(1) == "p")
        #expect(f.owner(1) == alice && f.owner(2) == alice && f.balance(alice) == 2 && f.totalSupply == 2)
        f.harness.send("unpause()")
        f.harness.send("transferFrom(address,address,uint256)", [a(alice), a(bob), u(1)], from: bob)
        f.harness.send("burn(uint256)", [u(2)], from: carol)
        #expect(f.owner(1) == bob && f.owner(2) == nil && f.totalSupply == 1)
    }

    // MARK: - Roles

    @Test func rolesAreGrantedRevokedAndRenounced() throws {
        let f = try ERC721Fixture()
        let logs = f.harness.send("grantRole(bytes32,address)", [b32(Role.minter), a(carol)])
        expectEvents(logs, [ERC721Event.roleGranted(Role.minter, carol, deployer)], interface: token721, from: f.token)
        f.harness.send("mint(address,uint256)", [a(bob), u(1)], from: carol)
        #expect(f.owner(1) == bob)
        f.harness.expectRevert(
            "grantRole(bytes32,address)", [b32(Role.minter), a(mallory)], from: carol, data: ERC721Error.unauthorized(carol, Role.defaultAdmin))
        f.harness.expectRevert("renounceRole(bytes32,address)", [b32(Role.minter), a(carol)], from: mallory, error: "AccessControlBadConfirmation()")
        let revoked = f.harness.send("revokeRole(bytes32,address)", [b32(Role.minter), a(carol)])
        expectEvents(
            revoked, [event("RoleRevoked", ["role": b32(Role.minter), "account": a(carol), "sender": a(deployer)])], interface: token721)
        f.harness.expectRevert("mint(address,uint256)", [a(bob), u(2)], from: carol, data: ERC721Error.unauthorized(carol, Role.minter))
        f.harness.send("renounceRole(bytes32,address)", [b32(Role.pauser), a(deployer)])
        f.harness.expectRevert("pause()", data: ERC721Error.unauthorized(deployer, Role.pauser))
        #expect(f.harness.uint("balanceOf(address)(uint256)", [a(bob)]) == 1)
    }

    // MARK: - Calldata

    @Test func malformedCalldataRevertsWithoutData() throws {
        let f = try ERC721Fixture()
        f.mint(alice, 1)
        let ownerOf: [UInt8] = [0x63, 0x52, 0x21, 0x1e]
        #expect(f.rawRevert([0x12, 0x34, 0x56, 0x78] + UInt256(1).bytes32) == [])  // unknown selector
        #expect(f.rawRevert([0x63, 0x52]) == [])  // shorter than a selector
        #expect(f.rawRevert([]) == [])
        #expect(f.rawRevert(ownerOf) == [])  // missing argument
        #expect(f.rawRevert(ownerOf + [UInt8](repeating: 0, count: 31)) == [])
        #expect(f.rawRevert(ownerOf + UInt256(1).bytes32) == nil)
        #expect(f.rawRevert(ownerOf + UInt256(1).bytes32 + [0xff]) == nil)  // extra bytes are ignored
        // An address with dirty upper bytes, a bool other than 0/1, a bytes4 with dirty low bytes.
        var dirty = alice.word
        dirty[0] = 1
        #expect(f.rawRevert([0x70, 0xa0, 0x82, 0x31] + dirty) == [])
        #expect(f.rawRevert([0xa2, 0x2c, 0xb4, 0x65] + bob.word + UInt256(2).bytes32) == [])
        #expect(f.rawRevert([0x01, 0xff, 0xc9, 0xa7] + [0x80, 0xac, 0x58, 0xcd] + [UInt8](repeating: 0, count: 27) + [1]) == [])
        // A bad offset for `bytes`.
        let safe: [UInt8] = [0xb8, 0x8d, 0x4f, 0xde]
        #expect(f.rawRevert(safe + alice.word + bob.word + UInt256(1).bytes32 + UInt256(0x1000).bytes32, from: alice) == [])
        // Not payable.
        #expect(f.rawRevert(ownerOf + UInt256(1).bytes32, value: 1) == [])
        #expect(f.owner(1) == alice)
    }
}
