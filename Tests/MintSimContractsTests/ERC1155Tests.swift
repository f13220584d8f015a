import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

// MARK: - Shared helpers (ERC-1155 test files)

let erc1155Template = "https://token.example/api/{id}.json"

enum ERC1155Sig {
    static let mint = "mint(address,uint256,uint256,bytes)"
    static let mintBatch = "mintBatch(address,uint256[],uint256[],bytes)"
    static let transfer = "safeTransferFrom(address,address,uint256,uint256,bytes)"
    static let batchTransfer = "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)"
    static let burn = "burn(address,uint256,uint256)"
    static let burnBatch = "burnBatch(address,uint256[],uint256[])"
    static let approve = "setApprovalForAll(address,bool)"
    static let balanceOf = "balanceOf(address,uint256)(uint256)"
    static let balanceOfBatch = "balanceOfBatch(address[],uint256[])(uint256[])"
    static let isApproved = "isApprovedForAll(address,address)(bool)"
    static let supplyOf = "totalSupply(uint256)(uint256)"
    static let supply = "totalSupply()(uint256)"
    static let exists = "exists(uint256)(bool)"
    static let uri = "uri(uint256)(string)"
}

enum ERC1155Err {
    static let insufficient = "ERC1155InsufficientBalance(address,uint256,uint256,uint256)"
    static let invalidSender = "ERC1155InvalidSender(address)"
    static let invalidReceiver = "ERC1155InvalidReceiver(address)"
    static let missingApproval = "ERC1155MissingApprovalForAll(address,address)"
    static let invalidOperator = "ERC1155InvalidOperator(address)"
    static let arrayLength = "ERC1155InvalidArrayLength(uint256,uint256)"
    static let unauthorized = "AccessControlUnauthorizedAccount(address,bytes32)"
    static let paused = "EnforcedPause()"
    static let notPaused = "ExpectedPause()"
    static let panic = "Panic(uint256)"
}

private func uints(_ values: [UInt64]) -> ABIValue { .array(values.map { .uint(UInt256($0)) }) }
private func addresses(_ values: [Address]) -> ABIValue { .array(values.map { a($0) }) }

/// Four bytes of a selector.
private func selectorBytes(_ selector: UInt32) -> [UInt8] {
    [UInt8(selector >> 24), UInt8(selector >> 16 & 0xff), UInt8(selector >> 8 & 0xff), UInt8(selector & 0xff)]
}

extension Harness {
    fileprivate func balance(_ account: Address, _ id: UInt256) -> UInt256 { uint(ERC1155Sig.balanceOf, [a(account), u(id)]) }
    fileprivate func supply(_ id: UInt256) -> UInt256 { uint(ERC1155Sig.supplyOf, [u(id)]) }
    fileprivate func totalSupply() -> UInt256 { uint(ERC1155Sig.supply) }

    fileprivate func uriOf(_ id: UInt256) -> String? {
        if case .string(let text) = view(ERC1155Sig.uri, [u(id)]).first { return text }
        return nil
    }

    /// Logs of `logs` emitted by the token itself.
    fileprivate func own(_ logs: [Log]) -> [Log] { logs.filter { $0.address == token } }
}

// MARK: - A receiver contract for the hooks

/// A contract that answers `onERC1155Received`/`onERC1155BatchReceived` in one of several ways. When
/// it returns, it first logs what it received: topic 1 is its balance of the first id as the token
/// reports it during the hook, the data is the calldata it got.
struct ERC1155TestReceiver: ContractModel {
    enum Mode: Sendable {
        case accept, wrongValue, otherMagic, returnNothing, dirtyMagic, revertReason, revertEmpty, revertCustom
    }

    static let receivedTopic = Keccak256.hash("Received(bytes)")
    static let single: [UInt8] = [0xf2, 0x3a, 0x6e, 0x61]
    static let batch: [UInt8] = [0xbc, 0x19, 0x7c, 0x81]

    let mode: Mode
    var kind: String { "erc1155-test-receiver" }

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selector, selector == Self.single || selector == Self.batch else {
            throw Revert(data: [])
        }
        switch mode {
        case .revertReason: throw Revert.reason("receiver says no")
        case .revertEmpty: throw Revert(data: [])
        case .revertCustom: throw Revert.error("Rejected(uint256)", [.uint(7)])
        default: break
        }
        // The first id: a static word for the single hook, the first element of `ids` for the batch hook.
        var firstId: UInt256?
        if selector == Self.single {
            firstId = try? UInt256(bigEndian: context.calldata[(4 + 64)..<(4 + 96)])
        } else if let values = try? ABIFunction.cached("onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)")
            .decodeCall(context.calldata), case .array(let ids) = values[2], case .uint(let id) = ids.first
        {
            firstId = id
        }
        var held = UInt256.max
        if let firstId, let query = try? ABIFunction.cached("balanceOf(address,uint256)").encodeCall([.address(context.address), .uint(firstId)]) {
            held = (try? UInt256(bigEndian: context.call(context.sender, calldata: query))) ?? .max
        }
        try context.emit(topics: [Self.receivedTopic, held.word32], data: context.calldata)
        let padding = [UInt8](repeating: 0, count: 28)
        switch mode {
        case .accept: return selector + padding
        case .wrongValue: return [0xde, 0xad, 0xbe, 0xef] + padding
        case .otherMagic: return (selector == Self.single ? Self.batch : Self.single) + padding
        case .returnNothing: return []
        case .dirtyMagic: return selector + [UInt8](repeating: 0, count: 27) + [1]
        default: return []
        }
    }
}

// MARK: - Tests

@Suite struct ERC1155Tests {
    let interface = ERC1155Token.interface

    /// A token deployed by `deployer` with alice holding 10 of id 1 and 20 of id 2.
    func funded() throws -> Harness {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        h.send(ERC1155Sig.mintBatch, [a(alice), uints([1, 2]), uints([10, 20]), .bytes([])])
        return h
    }

    func receiver(_ h: Harness, _ mode: ERC1155TestReceiver.Mode) throws -> Address {
        try h.chain.deploy(ERC1155TestReceiver(mode: mode), from: deployer).address
    }

    func single(_ operatorAddress: Address, _ from: Address, _ to: Address, _ id: UInt256, _ value: UInt256) -> DecodedEvent {
        event("TransferSingle", ["operator": a(operatorAddress), "from": a(from), "to": a(to), "id": u(id), "value": u(value)])
    }

    func batch(_ operatorAddress: Address, _ from: Address, _ to: Address, _ ids: [UInt64], _ values: [UInt64]) -> DecodedEvent {
        event("TransferBatch", ["operator": a(operatorAddress), "from": a(from), "to": a(to), "ids": uints(ids), "values": uints(values)])
    }

    // MARK: Deployment and interface

    @Test func deploymentGrantsRolesAndStoresTheTemplate() throws {
        let chain = Chain()
        let model = ERC1155Token(uri: erc1155Template)
        let (token, _, receipt) = try chain.deploy(model, from: deployer)
        let granted = [Role.defaultAdmin, Role.minter, Role.pauser, Role.uriSetter].map { role in
            event("RoleGranted", ["role": b32(role), "account": a(deployer), "sender": a(deployer)])
        }
        expectEvents(receipt?.logs ?? [], granted, interface: interface, from: token)
        for role in [Role.defaultAdmin, Role.minter, Role.pauser, Role.uriSetter] {
            #expect(try chain.call(token, "hasRole(bytes32,address)(bool)", [b32(role), a(deployer)]) == [.bool(true)])
            #expect(try chain.call(token, "hasRole(bytes32,address)(bool)", [b32(role), a(alice)]) == [.bool(false)])
        }
        #expect(try chain.call(token, "uri(uint256)(string)", [u(0)]) == [.string(erc1155Template)])
        #expect(try chain.call(token, "uri(uint256)(string)", [u(UInt256.max)]) == [.string(erc1155Template)])
        #expect(try chain.call(token, "totalSupply()(uint256)") == [u(0)])
        #expect(try chain.call(token, "paused()(bool)") == [.bool(false)])
        #expect(model.kind == "erc1155")
        #expect(ERC1155Token.kind == "erc1155")
    }

    @Test func constructorArgumentsRoundTrip() throws {
        let model = ERC1155Token(uri: "ipfs://bafy/{id}.json")
        #expect(model.constructorArguments == (try ABI.encode([.string], [.string("ipfs://bafy/{id}.json")])))
        #expect(try ERC1155Token(arguments: model.constructorArguments).uri == "ipfs://bafy/{id}.json")
        #expect(try ERC1155Token(arguments: ABI.encode([.string], [.string("")])).uri == "")
        #expect(throws: Revert.self) { try ERC1155Token(arguments: [1, 2, 3]) }
        #expect(ERC1155Token.interface.constructor?.inputs.map(\.name) == ["uri_"])
    }

    @Test func roleGetters() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let expected: [(String, String)] = [
            ("MINTER_ROLE()(bytes32)", "0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6"),
            ("PAUSER_ROLE()(bytes32)", "0x65d7a28e3265b37a6474929f336521b332c1681b933f6cb9f3376673440d862a"),
            ("URI_SETTER_ROLE()(bytes32)", "0x7804d923f43a17d325d77e781528e0793b2edd9890ab45fc64efd7b4b427744c"),
            ("DEFAULT_ADMIN_ROLE()(bytes32)", "0x" + String(repeating: "0", count: 64)),
        ]
        for (signature, hex) in expected {
            let role = try Hash(hex: hex)
            #expect(h.view(signature) == [b32(role)], "\(signature)")
        }
    }

    @Test func functionSelectorsMatchTheirDeclarations() {
        let canonical: [String: UInt32] = [
            "uri(uint256)": 0x0e89_341c, "balanceOf(address,uint256)": 0x00fd_d58e,
            "balanceOfBatch(address[],uint256[])": 0x4e12_73f4, "setApprovalForAll(address,bool)": 0xa22c_b465,
            "isApprovedForAll(address,address)": 0xe985_e9c5,
            "safeTransferFrom(address,address,uint256,uint256,bytes)": 0xf242_432a,
            "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)": 0x2eb2_c2d6,
            "totalSupply(uint256)": 0xbd85_b039, "totalSupply()": 0x1816_0ddd, "exists(uint256)": 0x4f55_8e79,
            "setURI(string)": 0x02fe_5305, "setTokenURI(uint256,string)": 0x1620_94c4, "setBaseURI(string)": 0x55f8_04b3,
            "mint(address,uint256,uint256,bytes)": 0x7311_33e9, "mintBatch(address,uint256[],uint256[],bytes)": 0x1f7f_dffa,
            "burn(address,uint256,uint256)": 0xf529_8aca, "burnBatch(address,uint256[],uint256[])": 0x6b20_c454,
            "MINTER_ROLE()": 0xd539_1393, "PAUSER_ROLE()": 0xe63a_b1e9, "URI_SETTER_ROLE()": 0x7f34_5710,
            "supportsInterface(bytes4)": 0x01ff_c9a7,
        ]
        #expect(ERC1155Token.Function.allCases.count == canonical.count)
        for function in ERC1155Token.Function.allCases {
            let entry = ABIEntry(function.declaration)
            let hash = Keccak256.hash(entry.signature).bytes
            let selector = hash.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(selector == function.rawValue, "\(function): \(entry.signature)")
            #expect(canonical[entry.signature] == function.rawValue, "\(function): \(entry.signature)")
            #expect(entry.kind == .function)
        }
        // The whole interface: 21 own functions, 6 of AccessControl, 3 of Pausable, no selector twice.
        let selectors = interface.functions.map(\.selector)
        #expect(selectors.count == 30)
        #expect(Set(selectors).count == selectors.count)
        let views = Set(interface.functions.filter { $0.stateMutability == "view" }.map(\.name))
        #expect(
            views == [
                "uri", "balanceOf", "balanceOfBatch", "isApprovedForAll", "totalSupply", "exists", "MINTER_ROLE",
                "PAUSER_ROLE", "URI_SETTER_ROLE", "supportsInterface", "hasRole", "getRoleAdmin", "DEFAULT_ADMIN_ROLE",
                "paused",
            ])
        #expect(interface.functions.allSatisfy { $0.stateMutability != "payable" })
    }

    @Test func eventTopicsMatchTheReference() throws {
        let expected: [String: String] = [
            "TransferSingle(address,address,address,uint256,uint256)":
                "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62",
            "TransferBatch(address,address,address,uint256[],uint256[])":
                "0x4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb",
            "ApprovalForAll(address,address,bool)": "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31",
            "URI(string,uint256)": "0x6bb7ff708619ba0610cba295a58592e0451dee2622938c8755667688daf3529b",
            "RoleGranted(bytes32,address,address)": "0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d",
            "RoleRevoked(bytes32,address,address)": "0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b",
            "RoleAdminChanged(bytes32,bytes32,bytes32)":
                "0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff",
            "Paused(address)": "0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258",
            "Unpaused(address)": "0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa",
        ]
        #expect(interface.events.count == expected.count)
        for entry in interface.events {
            let hex = try #require(expected[entry.signature], "\(entry.signature)")
            #expect(entry.topic0 == (try Hash(hex: hex)), "\(entry.signature)")
            #expect(Keccak256.hash(entry.signature) == entry.topic0)
        }
        let indexed = Dictionary(uniqueKeysWithValues: interface.events.map { ($0.name, $0.inputs.filter(\.indexed).map(\.name)) })
        #expect(indexed["TransferSingle"] == ["operator", "from", "to"])
        #expect(indexed["TransferBatch"] == ["operator", "from", "to"])
        #expect(indexed["ApprovalForAll"] == ["account", "operator"])
        #expect(indexed["URI"] == ["id"])
    }

    @Test func errorSelectorsMatchTheReference() {
        let expected: [String: UInt32] = [
            "ERC1155InsufficientBalance(address,uint256,uint256,uint256)": 0x03de_e4c5,
            "ERC1155InvalidSender(address)": 0x01a8_3514, "ERC1155InvalidReceiver(address)": 0x57f4_47ce,
            "ERC1155MissingApprovalForAll(address,address)": 0xe237_d922, "ERC1155InvalidApprover(address)": 0x3e31_884e,
            "ERC1155InvalidOperator(address)": 0xced3_e100, "ERC1155InvalidArrayLength(uint256,uint256)": 0x5b05_9991,
            "AccessControlUnauthorizedAccount(address,bytes32)": 0xe251_7d3f, "AccessControlBadConfirmation()": 0x6697_b232,
            "EnforcedPause()": 0xd93c_0665, "ExpectedPause()": 0x8dfc_202b,
        ]
        #expect(interface.errors.count == expected.count)
        for entry in interface.errors {
            #expect(expected[entry.signature] == entry.selector, "\(entry.signature)")
        }
        // The revert data the model builds starts with the same selectors.
        #expect(Revert.error(ERC1155Err.insufficient, [a(alice), u(1), u(2), u(3)]).selector == [0x03, 0xde, 0xe4, 0xc5])
        #expect(Revert.error(ERC1155Err.arrayLength, [u(1), u(2)]).selector == [0x5b, 0x05, 0x99, 0x91])
    }

    @Test func supportsInterface() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        typealias F = ERC1155Token.Function
        let erc1155 = F.balanceOf.rawValue ^ F.balanceOfBatch.rawValue ^ F.setApprovalForAll.rawValue
            ^ F.isApprovedForAll.rawValue ^ F.safeTransferFrom.rawValue ^ F.safeBatchTransferFrom.rawValue
        #expect(erc1155 == 0xd9b6_7a26)
        #expect(F.uri.rawValue == 0x0e89_341c)
        let accessControl = AccessControl.Function.hasRole.rawValue ^ AccessControl.Function.getRoleAdmin.rawValue
            ^ AccessControl.Function.grantRole.rawValue ^ AccessControl.Function.revokeRole.rawValue
            ^ AccessControl.Function.renounceRole.rawValue
        #expect(accessControl == 0x7965_db0b)
        func supports(_ id: UInt32) -> Bool? {
            h.bool("supportsInterface(bytes4)(bool)", [.fixedBytes([UInt8(id >> 24), UInt8(id >> 16 & 0xff), UInt8(id >> 8 & 0xff), UInt8(id & 0xff)])])
        }
        for id: UInt32 in [0x01ff_c9a7, 0xd9b6_7a26, 0x0e89_341c, 0x7965_db0b] { #expect(supports(id) == true, "\(id)") }
        for id: UInt32 in [0xffff_ffff, 0x0000_0000, 0x80ac_58cd, 0x5b5e_139f, 0x3662_0a6f, 0x4e23_12e0] {
            #expect(supports(id) == false, "\(id)")
        }
    }

    /// Every function of the interface, called with well-formed zero arguments by an account without
    /// roles or approvals, either answers or reverts with a reason: none falls through to the
    /// empty revert of an unknown selector.
    @Test func dispatchAnswersEveryFunctionOfTheInterface() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        func zero(_ type: ABIType) -> ABIValue {
            switch type {
            case .uint: return .uint(.zero)
            case .address: return .address(.zero)
            case .bool: return .bool(false)
            case .fixedBytes(let n): return .fixedBytes([UInt8](repeating: 0, count: n))
            case .bytes: return .bytes([])
            case .string: return .string("")
            default: return .array([])
            }
        }
        var answered = 0, reverted = 0
        for function in interface.functions {
            let types = function.inputs.map(\.type)
            let calldata = selectorBytes(function.selector) + (try ABI.encode(types, types.map(zero)))
            do {
                let output = try h.chain.call(to: h.token, data: calldata, from: mallory)
                if function.stateMutability == "view" {
                    #expect(!output.isEmpty, "\(function.signature)")
                    answered += 1
                } else {
                    Issue.record("\(function.signature) succeeded for an account without rights")
                }
            } catch {
                #expect(error.revert?.data.isEmpty == false, "\(function.signature): \(error.message)")
                reverted += 1
            }
        }
        #expect(answered == 15)
        #expect(reverted == 15)
    }

    @Test func malformedCalldataRevertsWithEmptyData() throws {
        let h = try funded()
        func expectEmptyRevert(_ data: [UInt8], value: UInt256 = .zero, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try h.chain.call(to: h.token, data: data, from: alice, value: value)
                Issue.record("did not revert", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == .executionReverted, sourceLocation: sourceLocation)
                #expect(error.revert?.data == [], sourceLocation: sourceLocation)
            }
        }
        let balanceOf = try ABIFunction.cached("balanceOf(address,uint256)").encodeCall([a(alice), u(1)])
        expectEmptyRevert([])
        expectEmptyRevert([0x00, 0xfd, 0xd5])
        expectEmptyRevert([0xde, 0xad, 0xbe, 0xef] + [UInt8](repeating: 0, count: 64))
        expectEmptyRevert(Array(balanceOf.prefix(4 + 32 + 31)))  // short by a byte
        var dirty = balanceOf
        dirty[4] = 1  // an address with a non-zero upper byte
        expectEmptyRevert(dirty)
        // setApprovalForAll(bob, 2): not a bool.
        var approval = try ABIFunction.cached(ERC1155Sig.approve).encodeCall([a(bob), .bool(true)])
        approval[approval.count - 1] = 2
        expectEmptyRevert(approval)
        // safeTransferFrom with the bytes offset pointing past the end.
        var transfer = try ABIFunction.cached(ERC1155Sig.transfer).encodeCall([a(alice), a(bob), u(1), u(1), .bytes([1, 2])])
        transfer[4 + 4 * 32 + 31] = 0xff
        expectEmptyRevert(transfer)
        // mintBatch with an array length beyond the calldata.
        var batch = try ABIFunction.cached(ERC1155Sig.mintBatch).encodeCall([a(alice), uints([1]), uints([1]), .bytes([])])
        batch[4 + 4 * 32 + 30] = 0x10
        expectEmptyRevert(batch)
        // Not payable.
        expectEmptyRevert(try ABIFunction.cached(ERC1155Sig.approve).encodeCall([a(bob), .bool(true)]), value: .one)
        #expect(h.balance(alice, 1) == UInt256(10))
    }

    // MARK: Minting

    @Test func mintCreditsTheAccountAndTracksSupply() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let logs = h.send(ERC1155Sig.mint, [a(alice), u(7), u(100), .bytes([0xab])])
        expectEvents(logs, [single(deployer, .zero, alice, 7, 100)], interface: interface, from: h.token)
        #expect(logs.first?.topics.first == (try Hash(hex: "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62")))
        #expect(h.balance(alice, 7) == UInt256(100))
        #expect(h.balance(bob, 7) == .zero)
        #expect(h.balance(alice, 8) == .zero)
        #expect(h.supply(7) == UInt256(100))
        #expect(h.totalSupply() == UInt256(100))
        #expect(h.bool(ERC1155Sig.exists, [u(7)]) == true)
        #expect(h.bool(ERC1155Sig.exists, [u(8)]) == false)

        h.send(ERC1155Sig.mint, [a(bob), u(7), u(5), .bytes([])])
        h.send(ERC1155Sig.mint, [a(bob), u(8), u(1), .bytes([])])
        #expect(h.supply(7) == UInt256(105))
        #expect(h.supply(8) == UInt256(1))
        #expect(h.totalSupply() == UInt256(106))

        // Zero amounts mint nothing but still emit the event.
        let zero = h.send(ERC1155Sig.mint, [a(carol), u(9), u(0), .bytes([])])
        expectEvents(zero, [single(deployer, .zero, carol, 9, 0)], interface: interface, from: h.token)
        #expect(h.bool(ERC1155Sig.exists, [u(9)]) == false)
    }

    @Test func mintReverts() throws {
        let h = try funded()
        h.expectRevert(ERC1155Sig.mint, [a(alice), u(1), u(1), .bytes([])], from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.minter)])
        // The role check comes first, then the zero receiver, then the pause.
        h.expectRevert(ERC1155Sig.mint, [a(.zero), u(1), u(1), .bytes([])], from: bob, error: ERC1155Err.unauthorized, [a(bob), b32(Role.minter)])
        h.expectRevert(ERC1155Sig.mint, [a(.zero), u(1), u(1), .bytes([])], error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.mint, [a(alice), u(1), u(1), .bytes([])], error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.mint, [a(.zero), u(1), u(1), .bytes([])], error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.expectRevert(ERC1155Sig.mint, [a(alice), u(1), u(1), .bytes([])], from: carol, error: ERC1155Err.unauthorized, [a(carol), b32(Role.minter)])
        h.send("unpause()")
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.supply(1) == UInt256(10))
        #expect(h.totalSupply() == UInt256(30))
    }

    @Test func mintOverflowPanics() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        h.send(ERC1155Sig.mint, [a(alice), u(1), u(UInt256.max), .bytes([])])
        #expect(h.totalSupply() == .max)
        // The supply of id 1, the balance and the supply of all ids would overflow.
        h.expectRevert(ERC1155Sig.mint, [a(alice), u(1), u(1), .bytes([])], error: ERC1155Err.panic, [u(0x11)])
        h.expectRevert(ERC1155Sig.mint, [a(bob), u(1), u(1), .bytes([])], error: ERC1155Err.panic, [u(0x11)])
        h.expectRevert(ERC1155Sig.mint, [a(bob), u(2), u(1), .bytes([])], error: ERC1155Err.panic, [u(0x11)])
        h.send(ERC1155Sig.mint, [a(bob), u(2), u(0), .bytes([])])
        h.send(ERC1155Sig.burn, [a(alice), u(1), u(2)], from: alice)
        h.send(ERC1155Sig.mint, [a(bob), u(2), u(2), .bytes([])])
        #expect(h.totalSupply() == .max)
        #expect(h.supply(2) == UInt256(2))

        // Within a batch: each id fits but their sum does not.
        let g = try Harness(ERC1155Token(uri: erc1155Template))
        let half = UInt256.max &- UInt256(10)
        g.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1, 2]), .array([u(half), u(half)]), .bytes([])], error: ERC1155Err.panic, [u(0x11)])
        g.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1, 2]), .array([u(half), u(20)]), .bytes([])], error: ERC1155Err.panic, [u(0x11)])
        g.send(ERC1155Sig.mintBatch, [a(alice), uints([1, 2]), .array([u(half), u(10)]), .bytes([])])
        #expect(g.totalSupply() == .max)
        #expect(g.balance(alice, 1) == half)
    }

    @Test func mintBatchEmitsTransferBatchAndTracksSupply() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let logs = h.send(ERC1155Sig.mintBatch, [a(alice), uints([1, 2, 1]), uints([5, 6, 7]), .bytes([1, 2, 3])])
        expectEvents(logs, [batch(deployer, .zero, alice, [1, 2, 1], [5, 6, 7])], interface: interface, from: h.token)
        #expect(logs.first?.topics.first == (try Hash(hex: "0x4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb")))
        #expect(h.balance(alice, 1) == UInt256(12))
        #expect(h.balance(alice, 2) == UInt256(6))
        #expect(h.supply(1) == UInt256(12))
        #expect(h.supply(2) == UInt256(6))
        #expect(h.totalSupply() == UInt256(18))

        // One id: TransferSingle.
        let one = h.send(ERC1155Sig.mintBatch, [a(bob), uints([3]), uints([4]), .bytes([])])
        expectEvents(one, [single(deployer, .zero, bob, 3, 4)], interface: interface, from: h.token)
        // No ids: an empty TransferBatch.
        let none = h.send(ERC1155Sig.mintBatch, [a(bob), uints([]), uints([]), .bytes([])])
        expectEvents(none, [batch(deployer, .zero, bob, [], [])], interface: interface, from: h.token)
        #expect(h.totalSupply() == UInt256(22))
    }

    @Test func mintBatchReverts() throws {
        let h = try funded()
        h.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1]), uints([1]), .bytes([])], from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.minter)])
        h.expectRevert(ERC1155Sig.mintBatch, [a(.zero), uints([1]), uints([1, 2]), .bytes([])], from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.minter)])
        h.expectRevert(ERC1155Sig.mintBatch, [a(.zero), uints([1]), uints([1, 2]), .bytes([])], error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1, 2, 3]), uints([1, 2]), .bytes([])], error: ERC1155Err.arrayLength, [u(3), u(2)])
        h.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([]), uints([1]), .bytes([])], error: ERC1155Err.arrayLength, [u(0), u(1)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1, 2, 3]), uints([1, 2]), .bytes([])], error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.mintBatch, [a(alice), uints([1]), uints([1]), .bytes([])], error: ERC1155Err.paused)
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.totalSupply() == UInt256(30))
    }

    // MARK: Transfers

    @Test func safeTransferFromByOwnerAndOperator() throws {
        let h = try funded()
        let logs = h.send(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(3), .bytes([9])], from: alice)
        expectEvents(logs, [single(alice, alice, bob, 1, 3)], interface: interface, from: h.token)
        #expect(h.balance(alice, 1) == UInt256(7))
        #expect(h.balance(bob, 1) == UInt256(3))
        #expect(h.supply(1) == UInt256(10))
        #expect(h.totalSupply() == UInt256(30))

        h.send(ERC1155Sig.approve, [a(carol), .bool(true)], from: alice)
        let byOperator = h.send(ERC1155Sig.transfer, [a(alice), a(mallory), u(2), u(20), .bytes([])], from: carol)
        expectEvents(byOperator, [single(carol, alice, mallory, 2, 20)], interface: interface, from: h.token)
        #expect(h.balance(alice, 2) == .zero)
        #expect(h.balance(mallory, 2) == UInt256(20))
        #expect(h.balance(carol, 2) == .zero)

        // To oneself, and zero of an id never minted.
        let own = h.send(ERC1155Sig.transfer, [a(alice), a(alice), u(1), u(7), .bytes([])], from: alice)
        expectEvents(own, [single(alice, alice, alice, 1, 7)], interface: interface, from: h.token)
        #expect(h.balance(alice, 1) == UInt256(7))
        let nothing = h.send(ERC1155Sig.transfer, [a(bob), a(carol), u(99), u(0), .bytes([])], from: bob)
        expectEvents(nothing, [single(bob, bob, carol, 99, 0)], interface: interface, from: h.token)
        #expect(h.bool(ERC1155Sig.exists, [u(99)]) == false)
    }

    @Test func safeTransferFromReverts() throws {
        let h = try funded()
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(1), .bytes([])], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        // Authorization first, then the zero receiver, then the zero sender.
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(.zero), u(1), u(1), .bytes([])], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(.zero), u(1), u(1), .bytes([])], from: alice, error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.expectRevert(ERC1155Sig.transfer, [a(.zero), a(bob), u(1), u(1), .bytes([])], from: alice, error: ERC1155Err.missingApproval, [a(alice), a(.zero)])
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(11), .bytes([])], from: alice, error: ERC1155Err.insufficient, [a(alice), u(10), u(11), u(1)])
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(3), u(1), .bytes([])], from: alice, error: ERC1155Err.insufficient, [a(alice), u(0), u(1), u(3)])
        // A revoked operator is refused again.
        h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: alice)
        h.send(ERC1155Sig.approve, [a(bob), .bool(false)], from: alice)
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(1), .bytes([])], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        // Approval is per owner: bob approved by carol is not approved by alice.
        h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: carol)
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(1), .bytes([])], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(1), .bytes([])], from: alice, error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(11), .bytes([])], from: alice, error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(1), .bytes([])], from: mallory, error: ERC1155Err.missingApproval, [a(mallory), a(alice)])
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(.zero), u(1), u(1), .bytes([])], from: alice, error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.send("unpause()")
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.balance(bob, 1) == .zero)
        h.send(ERC1155Sig.transfer, [a(alice), a(bob), u(1), u(10), .bytes([])], from: alice)
        #expect(h.balance(bob, 1) == UInt256(10))
    }

    @Test func safeBatchTransferFrom() throws {
        let h = try funded()
        let logs = h.send(ERC1155Sig.batchTransfer, [a(alice), a(bob), uints([1, 2]), uints([4, 5]), .bytes([])], from: alice)
        expectEvents(logs, [batch(alice, alice, bob, [1, 2], [4, 5])], interface: interface, from: h.token)
        #expect(h.balance(alice, 1) == UInt256(6))
        #expect(h.balance(alice, 2) == UInt256(15))
        #expect(h.balance(bob, 1) == UInt256(4))
        #expect(h.balance(bob, 2) == UInt256(5))
        let one = h.send(ERC1155Sig.batchTransfer, [a(alice), a(carol), uints([2]), uints([1]), .bytes([])], from: alice)
        expectEvents(one, [single(alice, alice, carol, 2, 1)], interface: interface, from: h.token)
        let none = h.send(ERC1155Sig.batchTransfer, [a(alice), a(carol), uints([]), uints([]), .bytes([])], from: alice)
        expectEvents(none, [batch(alice, alice, carol, [], [])], interface: interface, from: h.token)
        h.send(ERC1155Sig.approve, [a(mallory), .bool(true)], from: bob)
        let byOperator = h.send(ERC1155Sig.batchTransfer, [a(bob), a(alice), uints([2, 1]), uints([5, 4]), .bytes([])], from: mallory)
        expectEvents(byOperator, [batch(mallory, bob, alice, [2, 1], [5, 4])], interface: interface, from: h.token)
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.balance(alice, 2) == UInt256(19))
        #expect(h.totalSupply() == UInt256(30))
    }

    @Test func safeBatchTransferFromReverts() throws {
        let h = try funded()
        let args: [ABIValue] = [a(alice), a(bob), uints([1, 2]), uints([1, 1]), .bytes([])]
        h.expectRevert(ERC1155Sig.batchTransfer, args, from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(.zero), uints([1]), uints([1, 2]), .bytes([])], from: alice, error: ERC1155Err.invalidReceiver, [a(.zero)])
        h.expectRevert(ERC1155Sig.batchTransfer, [a(.zero), a(bob), uints([1]), uints([1]), .bytes([])], from: alice, error: ERC1155Err.missingApproval, [a(alice), a(.zero)])
        h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(bob), uints([1, 2]), uints([1]), .bytes([])], from: alice, error: ERC1155Err.arrayLength, [u(2), u(1)])
        // The second id fails after the first has moved: all undone.
        h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(bob), uints([1, 2]), uints([10, 21]), .bytes([])], from: alice, error: ERC1155Err.insufficient, [a(alice), u(20), u(21), u(2)])
        // The same id twice draws on the balance left by the first.
        h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(bob), uints([1, 1]), uints([6, 6]), .bytes([])], from: alice, error: ERC1155Err.insufficient, [a(alice), u(4), u(6), u(1)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(bob), uints([1, 2]), uints([1]), .bytes([])], from: alice, error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.batchTransfer, args, from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.send("unpause()")
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.balance(alice, 2) == UInt256(20))
        #expect(h.balance(bob, 1) == .zero)
        #expect(h.balance(bob, 2) == .zero)
    }

    // MARK: Approvals and balances

    @Test func setApprovalForAll() throws {
        let h = try funded()
        let logs = h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: alice)
        expectEvents(logs, [event("ApprovalForAll", ["account": a(alice), "operator": a(bob), "approved": .bool(true)])], interface: interface, from: h.token)
        #expect(logs.first?.topics.first == (try Hash(hex: "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31")))
        #expect(h.bool(ERC1155Sig.isApproved, [a(alice), a(bob)]) == true)
        #expect(h.bool(ERC1155Sig.isApproved, [a(bob), a(alice)]) == false)
        // Setting the same value again still emits; revoking emits approved = false.
        let again = h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: alice)
        expectEvents(again, [event("ApprovalForAll", ["account": a(alice), "operator": a(bob), "approved": .bool(true)])], interface: interface)
        let revoke = h.send(ERC1155Sig.approve, [a(bob), .bool(false)], from: alice)
        expectEvents(revoke, [event("ApprovalForAll", ["account": a(alice), "operator": a(bob), "approved": .bool(false)])], interface: interface)
        #expect(h.bool(ERC1155Sig.isApproved, [a(alice), a(bob)]) == false)
        // Approving oneself is allowed (OpenZeppelin v5 has no check).
        h.send(ERC1155Sig.approve, [a(alice), .bool(true)], from: alice)
        #expect(h.bool(ERC1155Sig.isApproved, [a(alice), a(alice)]) == true)
        h.expectRevert(ERC1155Sig.approve, [a(.zero), .bool(true)], from: alice, error: ERC1155Err.invalidOperator, [a(.zero)])
        h.expectRevert(ERC1155Sig.approve, [a(.zero), .bool(false)], from: alice, error: ERC1155Err.invalidOperator, [a(.zero)])
        // Approvals are not paused.
        h.send("pause()")
        h.send(ERC1155Sig.approve, [a(carol), .bool(true)], from: alice)
        #expect(h.bool(ERC1155Sig.isApproved, [a(alice), a(carol)]) == true)
    }

    @Test func balanceOfBatch() throws {
        let h = try funded()
        h.send(ERC1155Sig.mint, [a(bob), u(2), u(3), .bytes([])])
        let result = h.view(ERC1155Sig.balanceOfBatch, [addresses([alice, alice, bob, bob, carol]), uints([1, 2, 1, 2, 1])])
        #expect(result == [uints([10, 20, 0, 3, 0])])
        #expect(h.view(ERC1155Sig.balanceOfBatch, [addresses([]), uints([])]) == [uints([])])
        // ERC1155InvalidArrayLength(ids.length, accounts.length).
        for (accounts, ids) in [([alice, bob], [UInt64(1), 2, 3]), ([alice, bob, carol], [UInt64(1)])] {
            do {
                _ = try h.chain.call(h.token, ERC1155Sig.balanceOfBatch, [addresses(accounts), uints(ids)])
                Issue.record("did not revert")
            } catch {
                #expect(error.revert?.data == Revert.error(ERC1155Err.arrayLength, [u(UInt256(ids.count)), u(UInt256(accounts.count))]).data)
            }
        }
    }

    // MARK: Burning

    @Test func burnByHolderAndOperator() throws {
        let h = try funded()
        let logs = h.send(ERC1155Sig.burn, [a(alice), u(1), u(4)], from: alice)
        expectEvents(logs, [single(alice, alice, .zero, 1, 4)], interface: interface, from: h.token)
        #expect(h.balance(alice, 1) == UInt256(6))
        #expect(h.supply(1) == UInt256(6))
        #expect(h.totalSupply() == UInt256(26))
        h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: alice)
        let byOperator = h.send(ERC1155Sig.burn, [a(alice), u(1), u(6)], from: bob)
        expectEvents(byOperator, [single(bob, alice, .zero, 1, 6)], interface: interface, from: h.token)
        #expect(h.supply(1) == .zero)
        #expect(h.bool(ERC1155Sig.exists, [u(1)]) == false)
        #expect(h.totalSupply() == UInt256(20))
        // Burning is not role-gated: holders without roles burn their own.
        #expect(h.bool("hasRole(bytes32,address)(bool)", [b32(Role.burner), a(alice)]) == false)
    }

    @Test func burnReverts() throws {
        let h = try funded()
        h.expectRevert(ERC1155Sig.burn, [a(alice), u(1), u(1)], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.expectRevert(ERC1155Sig.burn, [a(alice), u(1), u(1)], error: ERC1155Err.missingApproval, [a(deployer), a(alice)])
        h.expectRevert(ERC1155Sig.burn, [a(.zero), u(1), u(1)], from: alice, error: ERC1155Err.missingApproval, [a(alice), a(.zero)])
        h.expectRevert(ERC1155Sig.burn, [a(alice), u(1), u(11)], from: alice, error: ERC1155Err.insufficient, [a(alice), u(10), u(11), u(1)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.burn, [a(alice), u(1), u(1)], from: alice, error: ERC1155Err.paused)
        h.expectRevert(ERC1155Sig.burn, [a(alice), u(1), u(1)], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(alice)])
        h.send("unpause()")
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.totalSupply() == UInt256(30))
    }

    @Test func burnBatch() throws {
        let h = try funded()
        let logs = h.send(ERC1155Sig.burnBatch, [a(alice), uints([1, 2]), uints([1, 2])], from: alice)
        expectEvents(logs, [batch(alice, alice, .zero, [1, 2], [1, 2])], interface: interface, from: h.token)
        #expect(h.supply(1) == UInt256(9))
        #expect(h.supply(2) == UInt256(18))
        #expect(h.totalSupply() == UInt256(27))
        let one = h.send(ERC1155Sig.burnBatch, [a(alice), uints([2]), uints([18])], from: alice)
        expectEvents(one, [single(alice, alice, .zero, 2, 18)], interface: interface, from: h.token)
        #expect(h.bool(ERC1155Sig.exists, [u(2)]) == false)
        h.send(ERC1155Sig.approve, [a(carol), .bool(true)], from: alice)
        let byOperator = h.send(ERC1155Sig.burnBatch, [a(alice), uints([1, 1]), uints([4, 5])], from: carol)
        expectEvents(byOperator, [batch(carol, alice, .zero, [1, 1], [4, 5])], interface: interface, from: h.token)
        #expect(h.totalSupply() == .zero)

        h.send(ERC1155Sig.mintBatch, [a(bob), uints([1, 2]), uints([3, 3]), .bytes([])])
        h.expectRevert(ERC1155Sig.burnBatch, [a(bob), uints([1]), uints([1])], from: alice, error: ERC1155Err.missingApproval, [a(alice), a(bob)])
        h.expectRevert(ERC1155Sig.burnBatch, [a(.zero), uints([1]), uints([1])], from: bob, error: ERC1155Err.missingApproval, [a(bob), a(.zero)])
        h.expectRevert(ERC1155Sig.burnBatch, [a(bob), uints([1, 2]), uints([1])], from: bob, error: ERC1155Err.arrayLength, [u(2), u(1)])
        h.expectRevert(ERC1155Sig.burnBatch, [a(bob), uints([1, 2]), uints([3, 4])], from: bob, error: ERC1155Err.insufficient, [a(bob), u(3), u(4), u(2)])
        h.send("pause()")
        h.expectRevert(ERC1155Sig.burnBatch, [a(bob), uints([1, 2]), uints([1])], from: bob, error: ERC1155Err.paused)
        #expect(h.balance(bob, 1) == UInt256(3))
        #expect(h.totalSupply() == UInt256(6))
    }

    // MARK: URIs

    @Test func uriTemplateAndPerIdURIs() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        // The template comes back with `{id}` as is: clients substitute it.
        #expect(h.uriOf(1) == erc1155Template)
        // setURI changes the template for every id, without an event.
        let setURI = h.send("setURI(string)", [.string("https://new.example/{id}")])
        #expect(setURI.isEmpty)
        #expect(h.uriOf(1) == "https://new.example/{id}")
        #expect(h.uriOf(2) == "https://new.example/{id}")

        // A per-id URI with no base URI: URI(uri(id), id).
        let setToken = h.send("setTokenURI(uint256,string)", [u(5), .string("five.json")])
        expectEvents(setToken, [event("URI", ["value": .string("five.json"), "id": u(5)])], interface: interface, from: h.token)
        #expect(setToken.first?.topics.first == (try Hash(hex: "0x6bb7ff708619ba0610cba295a58592e0451dee2622938c8755667688daf3529b")))
        #expect(h.uriOf(5) == "five.json")
        #expect(h.uriOf(6) == "https://new.example/{id}")

        // The base URI is prepended to per-id URIs only; setting it emits nothing.
        let setBase = h.send("setBaseURI(string)", [.string("ipfs://base/")])
        #expect(setBase.isEmpty)
        #expect(h.uriOf(5) == "ipfs://base/five.json")
        #expect(h.uriOf(6) == "https://new.example/{id}")
        let setSix = h.send("setTokenURI(uint256,string)", [u(6), .string("six")])
        expectEvents(setSix, [event("URI", ["value": .string("ipfs://base/six"), "id": u(6)])], interface: interface)

        // Clearing a per-id URI falls back to the template (the event carries it).
        let clear = h.send("setTokenURI(uint256,string)", [u(5), .string("")])
        expectEvents(clear, [event("URI", ["value": .string("https://new.example/{id}"), "id": u(5)])], interface: interface)
        #expect(h.uriOf(5) == "https://new.example/{id}")

        // URI setters work while paused; others need URI_SETTER_ROLE.
        h.send("pause()")
        h.send("setBaseURI(string)", [.string("")])
        #expect(h.uriOf(6) == "six")
        for (signature, arguments) in [
            ("setURI(string)", [ABIValue.string("x")]), ("setTokenURI(uint256,string)", [u(1), .string("x")]),
            ("setBaseURI(string)", [.string("x")]),
        ] {
            h.expectRevert(signature, arguments, from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.uriSetter)])
        }
        #expect(h.uriOf(1) == "https://new.example/{id}")
        // A long URI (several words).
        let long = String(repeating: "abcdefghij", count: 10) + "/{id}"
        h.send("setURI(string)", [.string(long)])
        #expect(h.uriOf(0) == long)
    }

    @Test func uriBytesAreKeptAsGiven() throws {
        // Solidity does not check that a string is UTF-8: the bytes are stored and returned as given.
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let raw: [UInt8] = [0x68, 0xff, 0xfe, 0x00, 0x41]
        let calldata = [UInt8]([0x02, 0xfe, 0x53, 0x05]) + (try ABI.encode([.bytes], [.bytes(raw)]))
        _ = try h.chain.send(TransactionRequest(from: deployer, to: h.token, data: calldata))
        let output = try h.chain.call(to: h.token, data: try ABIFunction.cached("uri(uint256)").encodeCall([u(1)]))
        #expect(output == (try ABI.encode([.bytes], [.bytes(raw)])))
    }

    // MARK: Pause and roles

    @Test func pauseAndRoles() throws {
        let h = try funded()
        h.expectRevert("pause()", from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.pauser)])
        h.expectRevert("unpause()", error: ERC1155Err.notPaused)
        let paused = h.send("pause()")
        expectEvents(paused, [event("Paused", ["account": a(deployer)])], interface: interface, from: h.token)
        #expect(h.bool("paused()(bool)") == true)
        h.expectRevert("pause()", error: ERC1155Err.paused)
        h.expectRevert("unpause()", from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.pauser)])
        // Views still answer.
        #expect(h.balance(alice, 1) == UInt256(10))
        let unpaused = h.send("unpause()")
        expectEvents(unpaused, [event("Unpaused", ["account": a(deployer)])], interface: interface, from: h.token)

        // Roles are granted and revoked by the admin.
        let grant = h.send("grantRole(bytes32,address)", [b32(Role.minter), a(alice)])
        expectEvents(grant, [event("RoleGranted", ["role": b32(Role.minter), "account": a(alice), "sender": a(deployer)])], interface: interface)
        h.send(ERC1155Sig.mint, [a(bob), u(4), u(1), .bytes([])], from: alice)
        #expect(h.balance(bob, 4) == UInt256(1))
        h.expectRevert("grantRole(bytes32,address)", [b32(Role.pauser), a(bob)], from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.defaultAdmin)])
        h.send("revokeRole(bytes32,address)", [b32(Role.minter), a(alice)])
        h.expectRevert(ERC1155Sig.mint, [a(bob), u(4), u(1), .bytes([])], from: alice, error: ERC1155Err.unauthorized, [a(alice), b32(Role.minter)])
        h.send("grantRole(bytes32,address)", [b32(Role.pauser), a(carol)])
        h.send("pause()", from: carol)
        h.send("renounceRole(bytes32,address)", [b32(Role.pauser), a(carol)], from: carol)
        h.expectRevert("unpause()", from: carol, error: ERC1155Err.unauthorized, [a(carol), b32(Role.pauser)])
        h.send("grantRole(bytes32,address)", [b32(Role.uriSetter), a(bob)])
        h.send("setURI(string)", [.string("b/{id}")], from: bob)
        #expect(h.uriOf(1) == "b/{id}")
    }

    // MARK: Receiver hooks

    @Test func mintToReceiverCallsTheSingleHook() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let r = try receiver(h, .accept)
        let data: [UInt8] = Array("hello receiver, this is longer than one word".utf8)
        let logs = h.send(ERC1155Sig.mint, [a(r), u(3), u(12), .bytes(data)])
        #expect(logs.count == 2)
        expectEvents(h.own(logs), [single(deployer, .zero, r, 3, 12)], interface: interface)
        let hook = try #require(logs.last)
        #expect(hook.address == r)
        // What the receiver got: onERC1155Received(operator, from, id, value, data), after the update.
        #expect(hook.data == (try ABIFunction.cached("onERC1155Received(address,address,uint256,uint256,bytes)").encodeCall([a(deployer), a(.zero), u(3), u(12), .bytes(data)])))
        #expect(hook.topics[1] == UInt256(12).word32)
        #expect(h.balance(r, 3) == UInt256(12))
    }

    @Test func batchEntryPointsAlwaysCallTheBatchHook() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        let r = try receiver(h, .accept)
        let batchHook = try ABIFunction.cached("onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)")
        // mintBatch of one id: TransferSingle, but the batch hook.
        let one = h.send(ERC1155Sig.mintBatch, [a(r), uints([4]), uints([9]), .bytes([0xaa])])
        expectEvents(h.own(one), [single(deployer, .zero, r, 4, 9)], interface: interface)
        #expect(one.last?.data == (try batchHook.encodeCall([a(deployer), a(.zero), uints([4]), uints([9]), .bytes([0xaa])])))
        #expect(one.last?.topics[1] == UInt256(9).word32)
        let two = h.send(ERC1155Sig.mintBatch, [a(r), uints([4, 5]), uints([1, 2]), .bytes([])])
        expectEvents(h.own(two), [batch(deployer, .zero, r, [4, 5], [1, 2])], interface: interface)
        #expect(two.last?.data == (try batchHook.encodeCall([a(deployer), a(.zero), uints([4, 5]), uints([1, 2]), .bytes([])])))
        #expect(two.last?.topics[1] == UInt256(10).word32)

        // safeBatchTransferFrom of one id, by an operator: the batch hook with the operator and the owner.
        h.send(ERC1155Sig.mint, [a(alice), u(6), u(8), .bytes([])])
        h.send(ERC1155Sig.approve, [a(bob), .bool(true)], from: alice)
        let transfer = h.send(ERC1155Sig.batchTransfer, [a(alice), a(r), uints([6]), uints([3]), .bytes([1, 2, 3])], from: bob)
        expectEvents(h.own(transfer), [single(bob, alice, r, 6, 3)], interface: interface)
        #expect(transfer.last?.data == (try batchHook.encodeCall([a(bob), a(alice), uints([6]), uints([3]), .bytes([1, 2, 3])])))
        // An empty batch still calls the hook.
        let empty = h.send(ERC1155Sig.batchTransfer, [a(alice), a(r), uints([]), uints([]), .bytes([])], from: alice)
        #expect(empty.count == 2)
        #expect(empty.last?.data == (try batchHook.encodeCall([a(alice), a(alice), uints([]), uints([]), .bytes([])])))

        // safeTransferFrom: the single hook.
        let single = h.send(ERC1155Sig.transfer, [a(alice), a(r), u(6), u(5), .bytes([7])], from: bob)
        #expect(single.last?.data == (try ABIFunction.cached("onERC1155Received(address,address,uint256,uint256,bytes)").encodeCall([a(bob), a(alice), u(6), u(5), .bytes([7])])))
        #expect(h.balance(r, 6) == UInt256(8))
    }

    @Test func rejectingReceivers() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        h.send(ERC1155Sig.mint, [a(alice), u(1), u(10), .bytes([])])
        let cases: [(ERC1155TestReceiver.Mode, (Address) -> [UInt8])] = [
            (.wrongValue, { Revert.error(ERC1155Err.invalidReceiver, [a($0)]).data }),
            (.otherMagic, { Revert.error(ERC1155Err.invalidReceiver, [a($0)]).data }),
            (.revertEmpty, { Revert.error(ERC1155Err.invalidReceiver, [a($0)]).data }),
            (.revertReason, { _ in Revert.reason("receiver says no").data }),
            (.revertCustom, { _ in Revert.error("Rejected(uint256)", [u(7)]).data }),
            // Return data Solidity cannot decode as bytes4 reverts without data.
            (.returnNothing, { _ in [] }),
            (.dirtyMagic, { _ in [] }),
        ]
        for (mode, expected) in cases {
            let r = try receiver(h, mode)
            let data = expected(r)
            h.expectRevert(ERC1155Sig.mint, [a(r), u(1), u(1), .bytes([])], data: data)
            h.expectRevert(ERC1155Sig.mintBatch, [a(r), uints([1]), uints([1]), .bytes([])], data: data)
            h.expectRevert(ERC1155Sig.mintBatch, [a(r), uints([1, 2]), uints([1, 1]), .bytes([])], data: data)
            h.expectRevert(ERC1155Sig.transfer, [a(alice), a(r), u(1), u(1), .bytes([])], from: alice, data: data)
            h.expectRevert(ERC1155Sig.batchTransfer, [a(alice), a(r), uints([1]), uints([1]), .bytes([])], from: alice, data: data)
            #expect(h.balance(r, 1) == .zero, "\(mode)")
        }
        // Checks before the hook still win.
        let r = try receiver(h, .revertReason)
        h.expectRevert(ERC1155Sig.transfer, [a(alice), a(r), u(1), u(11), .bytes([])], from: alice, error: ERC1155Err.insufficient, [a(alice), u(10), u(11), u(1)])
        #expect(h.balance(alice, 1) == UInt256(10))
        #expect(h.supply(1) == UInt256(10))
        #expect(h.totalSupply() == UInt256(10))
    }

    @Test func contractsWithoutHooksAndAccountsWithoutCode() throws {
        let h = try Harness(ERC1155Token(uri: erc1155Template))
        // Another token has code but no hook: its unknown-selector revert is empty, so InvalidReceiver.
        let other = try h.chain.deploy(ERC1155Token(uri: ""), from: deployer).address
        h.expectRevert(ERC1155Sig.mint, [a(other), u(1), u(1), .bytes([])], error: ERC1155Err.invalidReceiver, [a(other)])
        h.expectRevert(ERC1155Sig.mintBatch, [a(other), uints([1, 2]), uints([1, 1]), .bytes([])], error: ERC1155Err.invalidReceiver, [a(other)])
        // Accounts without code are not called, whatever the data.
        let logs = h.send(ERC1155Sig.mint, [a(carol), u(1), u(1), .bytes([1, 2, 3])])
        #expect(logs.count == 1)
        let fresh = try Address("0x00000000000000000000000000000000000000aa")
        h.send(ERC1155Sig.mintBatch, [a(fresh), uints([1, 2]), uints([1, 1]), .bytes([])])
        #expect(h.balance(fresh, 2) == UInt256(1))
        let r = try receiver(h, .accept)
        h.send(ERC1155Sig.mint, [a(r), u(1), u(5), .bytes([])])
        #expect(h.totalSupply() == UInt256(8))
    }
}

