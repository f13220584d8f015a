import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

let devAccounts: [DevAccount] = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
let deployer = devAccounts[0].address
let alice = devAccounts[1].address
let bob = devAccounts[2].address
let carol = devAccounts[3].address
let mallory = devAccounts[4].address

/// Shorthands for ABI values.
func u(_ value: UInt256) -> ABIValue { .uint(value) }
func a(_ address: Address) -> ABIValue { .address(address) }
func b32(_ hash: Hash) -> ABIValue { .fixedBytes(hash.bytes) }

/// The repository's root folder (for Contracts/abi).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A chain with one contract deployed by `deployer`, and helpers to call it and check the outcome.
final class Harness {
    let chain: Chain
    let token: Address

    init(_ model: any ContractModel) throws {
        chain = Chain()
        token = try chain.deploy(model, from: deployer).address
    }

    /// A harness for a contract already deployed on `chain`.
    init(chain: Chain, contract: Address) {
        self.chain = chain
        token = contract
    }

    /// Sends a transaction that must succeed; returns its logs.
    @discardableResult
    func send(_ signature: String, _ arguments: [ABIValue] = [], from: Address = deployer, sourceLocation: SourceLocation = #_sourceLocation)
        -> [Log]
    {
        do {
            let receipt = try chain.transact(token, signature, arguments, from: from).receipt
            #expect(receipt?.status == true, sourceLocation: sourceLocation)
            return receipt?.logs ?? []
        } catch {
            Issue.record("\(signature) failed: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Sends a transaction that must revert with exactly `error` and `arguments` (a custom error
    /// signature such as `ERC20InvalidReceiver(address)`), and checks that nothing changed: no
    /// block was mined and the contract's storage is the same.
    func expectRevert(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address = deployer, error: String, _ errorArguments: [ABIValue] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectRevert(signature, arguments, from: from, data: Revert.error(error, errorArguments).data, sourceLocation: sourceLocation)
    }

    /// Like `expectRevert(_:_:from:error:_:)` with raw revert data (empty for a bare revert).
    func expectRevert(
        _ signature: String, _ arguments: [ABIValue] = [], from: Address = deployer, data: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let blocks = chain.blockNumber
        do {
            try chain.transact(token, signature, arguments, from: from)
            Issue.record("\(signature) did not revert", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .executionReverted, sourceLocation: sourceLocation)
            #expect(error.revert?.data.hex == data.hex, "\(error.message)", sourceLocation: sourceLocation)
        }
        #expect(chain.blockNumber == blocks, sourceLocation: sourceLocation)
    }

    /// Calls a view function and returns its outputs.
    func view(_ signature: String, _ arguments: [ABIValue] = [], sourceLocation: SourceLocation = #_sourceLocation) -> [ABIValue] {
        do {
            return try chain.call(token, signature, arguments)
        } catch {
            Issue.record("\(signature) failed: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    func uint(_ signature: String, _ arguments: [ABIValue] = [], sourceLocation: SourceLocation = #_sourceLocation) -> UInt256 {
        if case .uint(let value) = view(signature, arguments, sourceLocation: sourceLocation).first { return value }
        return .max
    }

    func bool(_ signature: String, _ arguments: [ABIValue] = [], sourceLocation: SourceLocation = #_sourceLocation) -> Bool? {
        if case .bool(let value) = view(signature, arguments, sourceLocation: sourceLocation).first { return value }
        return nil
    }
}

/// A log decoded against an event declaration: its name and its arguments by name.
struct DecodedEvent: Equatable, CustomStringConvertible {
    let name: String
    let arguments: [String: ABIValue]

    var description: String {
        "\(name)(" + arguments.keys.sorted().map { "\($0)=\(arguments[$0].map { "\($0)" } ?? "")" }.joined(separator: ", ") + ")"
    }
}

/// Decodes `log` with the event of `interface` whose topic 0 matches; nil when none does or the
/// topics/data do not fit the declaration.
func decode(_ log: Log, with interface: ContractInterface) -> DecodedEvent? {
    guard let event = interface.events.first(where: { $0.topic0 == log.topics.first }) else { return nil }
    let indexed = event.inputs.filter(\.indexed), plain = event.inputs.filter { !$0.indexed }
    guard log.topics.count == indexed.count + 1, let values = try? ABI.decode(plain.map(\.type), log.data) else { return nil }
    var arguments: [String: ABIValue] = [:]
    for (parameter, topic) in zip(indexed, log.topics.dropFirst()) {
        guard let value = try? ABI.decode([parameter.type], topic.bytes).first else { return nil }
        arguments[parameter.name] = value
    }
    for (parameter, value) in zip(plain, values) { arguments[parameter.name] = value }
    return DecodedEvent(name: event.name, arguments: arguments)
}

/// `Name(key: value, …)` for expected events.
func event(_ name: String, _ arguments: [String: ABIValue]) -> DecodedEvent { DecodedEvent(name: name, arguments: arguments) }

/// Expects `logs` (all from `address`) to decode to exactly `expected`, in order.
func expectEvents(
    _ logs: [Log], _ expected: [DecodedEvent], interface: ContractInterface, from address: Address? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let decoded = logs.map { decode($0, with: interface) }
    #expect(decoded == expected.map { Optional($0) }, sourceLocation: sourceLocation)
    if let address { #expect(logs.allSatisfy { $0.address == address }, sourceLocation: sourceLocation) }
}
