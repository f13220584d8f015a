import Foundation
import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

/// A well-formed value of `type`: zero, false, empty.
func zeroValue(_ type: ABIType) -> ABIValue {
    switch type {
    case .uint: return .uint(.zero)
    case .int: return .int(.zero)
    case .address: return .address(.zero)
    case .bool: return .bool(false)
    case .fixedBytes(let size): return .fixedBytes([UInt8](repeating: 0, count: size))
    case .bytes: return .bytes([])
    case .string: return .string("")
    case .array: return .array([])
    case .fixedArray(let element, let count): return .array([ABIValue](repeating: zeroValue(element), count: count))
    case .tuple(let types): return .tuple(types.map(zeroValue))
    }
}

/// The selectors of a function set, checked against keccak256 of their declarations.
func expectSelectorsMatch<F: FunctionSet>(_ set: F.Type, sourceLocation: SourceLocation = #_sourceLocation) {
    for function in F.allCases {
        let entry = ABIEntry(function.declaration)
        #expect(entry.kind == .function, "\(function.declaration)", sourceLocation: sourceLocation)
        #expect(
            function.rawValue == entry.selector, "\(entry.signature): 0x\(String(function.rawValue, radix: 16)) is not its selector",
            sourceLocation: sourceLocation)
    }
}

@Suite struct InterfaceTests {
    @Test func functionSetSelectorsAreKeccakOfTheirSignatures() {
        expectSelectorsMatch(ERC20Token.Function.self)
        expectSelectorsMatch(AccessControl.Function.self)
        expectSelectorsMatch(Pausable.Function.self)
        expectSelectorsMatch(ERC721Token.Function.self)
        expectSelectorsMatch(ERC1155Token.Function.self)
        expectSelectorsMatch(IdentityCore.Function.self)
        expectSelectorsMatch(ClaimIssuer.Function.self)
        expectSelectorsMatch(ClaimTopicsRegistry.Function.self)
        expectSelectorsMatch(TrustedIssuersRegistry.Function.self)
        expectSelectorsMatch(IdentityRegistry.Function.self)
        expectSelectorsMatch(IdentityRegistryStorage.Function.self)
        expectSelectorsMatch(ModularCompliance.Function.self)
        expectSelectorsMatch(SecurityToken.Function.self)
        expectSelectorsMatch(TimeTransfersLimitsModule.Function.self)
        expectSelectorsMatch(MaxHoldersModule.Function.self)
    }

    @Test(arguments: ContractRegistry.kinds.map(\.name))
    func committedABIFileEqualsTheInterface(kind name: String) throws {
        let kind = try ContractRegistry.kind(named: name)
        let path = repositoryRoot.appendingPathComponent("Contracts/abi").appendingPathComponent(kind.abiFile)
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(committed == kind.interface.json, "Contracts/abi/\(kind.abiFile) is stale: run scripts/gen_abi.sh")
        // The file is valid JSON that a client library can load.
        let parsed = try JSONSerialization.jsonObject(with: Data(committed.utf8)) as? [[String: Any]]
        #expect(parsed?.count == kind.interface.entries.count)
    }

    @Test(arguments: ContractRegistry.kinds.map(\.name))
    func interfaceHasNoDuplicateSelectorsAndEveryEntryParsed(kind name: String) throws {
        let interface = try ContractRegistry.kind(named: name).interface
        let selectors = interface.functions.map(\.selector)
        #expect(Set(selectors).count == selectors.count)
        let errorSelectors = interface.errors.map(\.selector)
        #expect(Set(errorSelectors).count == errorSelectors.count)
        #expect(interface.constructor != nil)
        for entry in interface.entries where entry.kind != .constructor {
            // Parameters may be unnamed, as solc writes a public mapping getter's key.
            #expect(!entry.name.isEmpty, "\(entry.signature)")
        }
    }

    /// Every declared function is dispatched: called with well-formed zero arguments by an account
    /// without roles, it returns or reverts with data, never the empty revert of an unknown selector.
    @Test(arguments: ContractRegistry.kinds.map(\.name))
    func everyDeclaredFunctionIsDispatched(kind name: String) throws {
        let kind = try ContractRegistry.kind(named: name)
        let chain = Chain()
        // Required options: a string, or an address (constructors refuse the zero address): real
        // T-REX parts where a contract asks for one, so that calls through them answer.
        let identityStorage = try chain.deploy(IdentityRegistryStorage(), from: deployer).address
        let topics = try chain.deploy(ClaimTopicsRegistry(), from: deployer).address
        let issuers = try chain.deploy(TrustedIssuersRegistry(), from: deployer).address
        let identityRegistry = try chain.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuers, claimTopicsRegistry: topics, identityStorage: identityStorage), from: deployer
        ).address
        let compliance = try chain.deploy(ModularCompliance(), from: deployer).address
        let parts = ["identityStorage": identityStorage, "identityRegistry": identityRegistry, "compliance": compliance]
        let defaults = kind.options.filter { kind.defaults[$0.name] == nil }.map { option in
            (option.name, parts[option.name]?.lowercaseHex ?? (option.type == .address ? bob.lowercaseHex : "X"))
        }
        let address = try chain.deploy(kind: name, options: Dictionary(uniqueKeysWithValues: defaults), from: deployer).address
        for function in kind.interface.functions {
            let calldata = try ABIFunction(name: function.name, inputs: function.inputs.map(\.type))
                .encodeCall(function.inputs.map { zeroValue($0.type) })
            do {
                _ = try chain.call(to: address, data: calldata, from: mallory)
            } catch {
                // A compliance module's functions that call the compliance passed as an argument reach
                // the zero address here, which has no code: Solidity reverts with empty data.
                let callsItsArgument = ["moduleCheck", "canComplianceBind", "preSetModuleState", "presetCompleted", "preSetHolderCount"].contains(function.name)
                #expect(
                    error.revert?.data.isEmpty == false || callsItsArgument, "\(function.signature) reverted without data: \(error.message)")
            }
        }
        let unknown = try ABIFunction(parsing: "notAFunction()").encodeCall([])
        #expect(throws: ChainError.self) { try chain.call(to: address, data: unknown) }
    }

    @Test func eventTopicsAndErrorSelectorsMatchTheReference() throws {
        // From reference/contract-semantics.md section 4.5.
        let topics: [String: String] = [
            "Transfer(address,address,uint256)": "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            "Approval(address,address,uint256)": "8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925",
            "Paused(address)": "62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258",
            "Unpaused(address)": "5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa",
            "RoleGranted(bytes32,address,address)": "2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d",
            "RoleRevoked(bytes32,address,address)": "f6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b",
            "RoleAdminChanged(bytes32,bytes32,bytes32)": "bd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff",
        ]
        let errors: [String: String] = [
            "ERC20InsufficientBalance": "e450d38c", "ERC20InvalidSender": "96c6fd1e", "ERC20InvalidReceiver": "ec442f05",
            "ERC20InsufficientAllowance": "fb8f41b2", "ERC20InvalidApprover": "e602df05", "ERC20InvalidSpender": "94280d62",
            "ERC20ExceededCap": "9e79f854", "EnforcedPause": "d93c0665", "ExpectedPause": "8dfc202b",
            "AccessControlUnauthorizedAccount": "e2517d3f", "AccessControlBadConfirmation": "6697b232",
        ]
        let interface = ERC20Token.interface
        for event in interface.events {
            #expect(topics[event.signature] == String(event.topic0.hex.dropFirst(2)), "\(event.signature)")
        }
        #expect(interface.events.count == topics.count)
        for error in interface.errors where error.name != "InvalidArrayLength" {
            #expect(errors[error.name] == String(format: "%08x", error.selector), "\(error.signature)")
        }
        #expect(interface.errors.count == errors.count + 1)
        // Every revert the model raises is declared: a selector outside the interface would not decode.
        #expect(ERC20Ledger.transferEvent == interface.events.first { $0.name == "Transfer" }?.topic0)
        #expect(ERC20Ledger.approvalEvent == interface.events.first { $0.name == "Approval" }?.topic0)
    }

    @Test func humanReadableDeclarationsParseLikeSolc() {
        let function = ABIEntry("function transferFrom(address from, address to, uint256 value) returns (bool)")
        #expect(function.kind == .function && function.name == "transferFrom" && function.stateMutability == "nonpayable")
        #expect(function.inputs.map(\.name) == ["from", "to", "value"])
        #expect(function.outputs.map(\.type) == [.bool])
        #expect(String(format: "%08x", function.selector) == "23b872dd")
        let view = ABIEntry("function balanceOf(address account) view returns (uint256)")
        #expect(view.stateMutability == "view")
        let event = ABIEntry("event Transfer(address indexed from, address indexed to, uint256 value)")
        #expect(event.kind == .event && event.inputs.map(\.indexed) == [true, true, false])
        let error = ABIEntry("error EnforcedPause()")
        #expect(error.kind == .error && error.inputs.isEmpty && error.signature == "EnforcedPause()")
        let constructor = ABIEntry("constructor(string name_, uint256[] ids)")
        #expect(constructor.kind == .constructor && constructor.inputs.map(\.type) == [.string, .array(.uint(256))])
        let tuple = ABIEntry("function g((uint32 a, uint256 b)[] items, (bool c, (address d, bytes e) f) nested)")
        #expect(tuple.signature == "g((uint32,uint256)[],(bool,(address,bytes)))")
        #expect(tuple.inputs.map(\.name) == ["items", "nested"])
        #expect(tuple.inputs[1].components[1].components.map(\.name) == ["d", "e"])
        let tupleJSON = ContractInterface(["function h((uint32 a, uint256 b)[2] items)"]).json
        #expect(tupleJSON.contains("\"type\": \"tuple[2]\""))
        #expect(tupleJSON.contains("\"components\": ["))
        let json = ContractInterface(["function f(uint8 x) pure returns (string s)", "event E(bool indexed b)"]).json
        #expect(json == """
            [
              {
                "inputs": [
                  {
                    "internalType": "uint8",
                    "name": "x",
                    "type": "uint8"
                  }
                ],
                "name": "f",
                "outputs": [
                  {
                    "internalType": "string",
                    "name": "s",
                    "type": "string"
                  }
                ],
                "stateMutability": "pure",
                "type": "function"
              },
              {
                "anonymous": false,
                "inputs": [
                  {
                    "indexed": true,
                    "internalType": "bool",
                    "name": "b",
                    "type": "bool"
                  }
                ],
                "name": "E",
                "type": "event"
              }
            ]

            """)
    }
}
