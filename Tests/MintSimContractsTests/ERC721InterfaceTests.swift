import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

/// ERC721Token's declared interface against keccak256, the reference hashes and its own dispatch.
@Suite struct ERC721InterfaceTests {
    let interface = ERC721Token.interface

    static func selector(_ signature: String) -> UInt32 {
        Keccak256.hash(Array(signature.utf8)).bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    @Test func functionRawValuesAreTheSelectorsOfTheirDeclarations() {
        for function in ERC721Token.Function.allCases {
            let entry = ABIEntry(function.declaration)
            #expect(entry.kind == .function, "\(function)")
            #expect(function.rawValue == Self.selector(entry.signature), "\(function): \(entry.signature)")
        }
        // Spot checks against selectors computed outside MintSim.
        let known: [String: UInt32] = [
            "balanceOf(address)": 0x70a0_8231, "ownerOf(uint256)": 0x6352_211e, "safeTransferFrom(address,address,uint256)": 0x4284_2e0e,
            "safeTransferFrom(address,address,uint256,bytes)": 0xb88d_4fde, "transferFrom(address,address,uint256)": 0x23b8_72dd,
            "approve(address,uint256)": 0x095e_a7b3, "setApprovalForAll(address,bool)": 0xa22c_b465,
            "getApproved(uint256)": 0x0818_12fc, "isApprovedForAll(address,address)": 0xe985_e9c5, "tokenURI(uint256)": 0xc87b_56dd,
            "safeMint(address,uint256)": 0xa144_8194, "safeMint(address,uint256,string)": 0xcd27_9c7c,
            "onERC721Received(address,address,uint256,bytes)": 0x150b_7a02,
        ]
        for (signature, value) in known { #expect(Self.selector(signature) == value, "\(signature)") }
    }

    @Test func everySelectorIsDistinct() {
        let selectors = interface.functions.map(\.selector)
        #expect(Set(selectors).count == selectors.count)
        let all = ERC721Token.Function.allCases.map(\.rawValue) + AccessControl.Function.allCases.map(\.rawValue)
            + Pausable.Function.allCases.map(\.rawValue)
        #expect(Set(all).count == all.count)
        #expect(all.count == interface.functions.count)
    }

    @Test func eventTopicsMatchTheReference() throws {
        let expected: [String: String] = [
            "Transfer(address,address,uint256)": "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            "Approval(address,address,uint256)": "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925",
            "ApprovalForAll(address,address,bool)": "0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31",
            "MetadataUpdate(uint256)": "0xf8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce7",
            "BatchMetadataUpdate(uint256,uint256)": "0x6bd5c950a8d8df17f772f5af37cb3655737899cbf903264b9795592da439661c",
            "Paused(address)": "0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258",
            "Unpaused(address)": "0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa",
            "RoleGranted(bytes32,address,address)": "0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d",
            "RoleRevoked(bytes32,address,address)": "0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b",
            "RoleAdminChanged(bytes32,bytes32,bytes32)": "0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff",
        ]
        #expect(Set(interface.events.map(\.signature)) == Set(expected.keys))
        for entry in interface.events {
            #expect(entry.topic0 == Keccak256.hash(Array(entry.signature.utf8)), "\(entry.signature)")
            #expect(entry.topic0 == (try Hash(hex: expected[entry.signature] ?? "0x")), "\(entry.signature)")
        }
        // ERC-721 events index every argument but ApprovalForAll's bool.
        let indexed = Dictionary(uniqueKeysWithValues: interface.events.map { ($0.name, $0.inputs.map(\.indexed)) })
        #expect(indexed["Transfer"] == [true, true, true])
        #expect(indexed["Approval"] == [true, true, true])
        #expect(indexed["ApprovalForAll"] == [true, true, false])
        #expect(indexed["MetadataUpdate"] == [false])
        #expect(indexed["BatchMetadataUpdate"] == [false, false])
    }

    @Test func errorSelectorsMatchTheReference() {
        let expected: [String: UInt32] = [
            "ERC721InvalidOwner(address)": 0x89c6_2b64, "ERC721NonexistentToken(uint256)": 0x7e27_3289,
            "ERC721IncorrectOwner(address,uint256,address)": 0x6428_3d7b, "ERC721InvalidSender(address)": 0x73c6_ac6e,
            "ERC721InvalidReceiver(address)": 0x64a0_ae92, "ERC721InsufficientApproval(address,uint256)": 0x177e_802f,
            "ERC721InvalidApprover(address)": 0xa9fb_f51f, "ERC721InvalidOperator(address)": 0x5b08_ba18,
            "EnforcedPause()": 0xd93c_0665, "ExpectedPause()": 0x8dfc_202b,
            "AccessControlUnauthorizedAccount(address,bytes32)": 0xe251_7d3f, "AccessControlBadConfirmation()": 0x6697_b232,
            "ERC721InvalidQuantity(uint256)": 0xeaab_c015,
        ]
        #expect(Set(interface.errors.map(\.signature)) == Set(expected.keys))
        for entry in interface.errors { #expect(entry.selector == expected[entry.signature], "\(entry.signature)") }
    }

    /// The ERC-165 ids the token reports are the XOR of the selectors of the functions it declares.
    @Test func interfaceIdsFollowFromTheDeclaredFunctions() {
        func id(_ signatures: [String]) -> UInt32 {
            signatures.reduce(0) { result, signature in
                result ^ (interface.functions.first { $0.signature == signature }?.selector ?? 0)
            }
        }
        #expect(
            id([
                "balanceOf(address)", "ownerOf(uint256)", "safeTransferFrom(address,address,uint256,bytes)",
                "safeTransferFrom(address,address,uint256)", "transferFrom(address,address,uint256)", "approve(address,uint256)",
                "setApprovalForAll(address,bool)", "getApproved(uint256)", "isApprovedForAll(address,address)",
            ]) == 0x80ac_58cd)
        #expect(id(["name()", "symbol()", "tokenURI(uint256)"]) == 0x5b5e_139f)
        #expect(
            id([
                "hasRole(bytes32,address)", "getRoleAdmin(bytes32)", "grantRole(bytes32,address)", "revokeRole(bytes32,address)",
                "renounceRole(bytes32,address)",
            ]) == 0x7965_db0b)
        #expect(id(["supportsInterface(bytes4)"]) == 0x01ff_c9a7)
    }

    @Test func constructorAndMutability() {
        #expect(interface.constructor?.inputs.map(\.name) == ["name_", "symbol_", "baseURI_"])
        #expect(interface.constructor?.inputs.map(\.type) == [.string, .string, .string])
        let views = Set(interface.functions.filter { $0.stateMutability == "view" }.map(\.name))
        #expect(
            views == [
                "name", "symbol", "tokenURI", "balanceOf", "ownerOf", "getApproved", "isApprovedForAll", "supportsInterface",
                "totalSupply", "nextTokenId", "MINTER_ROLE", "PAUSER_ROLE", "URI_SETTER_ROLE", "hasRole", "getRoleAdmin",
                "DEFAULT_ADMIN_ROLE", "paused",
            ])
        #expect(!interface.entries.contains { $0.stateMutability == "payable" })
    }

    /// Calls every declared function with zero arguments from an account without roles: each one
    /// answers (succeeds or reverts with data), none falls through to the empty unknown-selector revert.
    @Test func dispatchAnswersEveryDeclaredFunction() throws {
        let harness = try Harness(ERC721Token(name: "Mint Art", symbol: "MART"))
        func zero(_ type: ABIType) -> ABIValue {
            switch type {
            case .address: return .address(.zero)
            case .bool: return .bool(false)
            case .fixedBytes(let size): return .fixedBytes([UInt8](repeating: 0, count: size))
            case .bytes: return .bytes([])
            case .string: return .string("")
            case .array: return .array([])
            default: return .uint(.zero)
            }
        }
        for entry in interface.functions {
            let types = entry.inputs.map(\.type)
            let arguments = (try? ABI.encode(types, types.map(zero))) ?? []
            let selector = withUnsafeBytes(of: entry.selector.bigEndian) { Array($0) }
            var revert: [UInt8]?
            do {
                _ = try harness.chain.call(to: harness.token, data: selector + arguments, from: mallory)
            } catch {
                revert = error.revert?.data
                #expect(error.code == .executionReverted, "\(entry.signature)")
            }
            #expect(revert != [], "\(entry.signature) reverted with empty data")
            // Views answer the caller with a return value that decodes as declared.
            if entry.stateMutability == "view", revert == nil {
                let output = try harness.chain.call(to: harness.token, data: selector + arguments, from: mallory)
                #expect((try? ABI.decode(entry.outputs.map(\.type), output)) != nil, "\(entry.signature)")
            }
        }
    }

    @Test func jsonListsEveryEntry() {
        let json = interface.json
        for name in ["mintSequential", "safeMint", "ERC721InvalidQuantity", "BatchMetadataUpdate", "MetadataUpdate", "grantRole", "pause"] {
            #expect(json.contains("\"name\": \"\(name)\""), "\(name)")
        }
        #expect(!json.contains("onERC721Received"))
    }
}
