import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives

/// A test-only stand-in for a T-REX token: plain balances, an identity registry address, and
/// mint/transfer/burn that ask the compliance (`canTransfer`) and report to it (`created`,
/// `transferred`, `destroyed`) as T-REX's Token does, through ModularCompliance's direct entry points.
struct ComplianceTestToken: ContractModel {
    let identityRegistry: Address
    let compliance: Address
    var kind: String { "compliance-test-token" }

    static let supplyKey = StorageKey(0)
    static let balancesSlot: UInt32 = 1

    func construct(_ context: ExecutionContext) throws(Revert) {}

    static func balance(_ context: ExecutionContext, _ user: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(balancesSlot, user))
    }

    func refusal(_ context: ExecutionContext, _ from: Address, _ to: Address, _ amount: UInt256) throws(Revert) -> String? {
        let answer = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) in
            try ModularCompliance.canTransfer(inner, from: from, to: to, amount: amount)
        }
        return answer ?? "compliance is not a ModularCompliance model"
    }

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let selector = context.selector.map { $0.hex } ?? ""
        func args(_ types: [ABIType]) throws(Revert) -> [ABIValue] { try context.decodeArguments(types) }
        func selectorOf(_ signature: String) -> String { ((try? ABIFunction.cached(signature))?.selector ?? []).hex }
        switch selector {
        case selectorOf("identityRegistry()"):
            return identityRegistry.word
        case selectorOf("totalSupply()"):
            return try context.loadWord(Self.supplyKey).bytes32
        case selectorOf("balanceOf(address)"):
            return try Self.balance(context, try args([.address])[0].addressValue).bytes32
        case selectorOf("bindSelf()"):
            _ = try context.call(compliance, calldata: ((try? ABIFunction.cached("bindToken(address)"))?.selector ?? []) + context.address.word)
            return []
        case selectorOf("unbindSelf()"):
            _ = try context.call(compliance, calldata: ((try? ABIFunction.cached("unbindToken(address)"))?.selector ?? []) + context.address.word)
            return []
        case selectorOf("refusal(address,address,uint256)"):
            let v = try args([.address, .address, .uint(256)])
            let reason = try refusal(context, v[0].addressValue, v[1].addressValue, v[2].uintValue) ?? ""
            return (try? ABI.encode([.string], [.string(reason)])) ?? []
        case selectorOf("mint(address,uint256)"):
            let v = try args([.address, .uint(256)])
            let to = v[0].addressValue, amount = v[1].uintValue
            if try refusal(context, .zero, to, amount) != nil { throw Revert.error("ComplianceNotFollowed()") }
            try context.storeWord(StorageKey(Self.balancesSlot, to), try Self.balance(context, to) &+ amount)
            try context.storeWord(Self.supplyKey, try context.loadWord(Self.supplyKey) &+ amount)
            _ = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) in
                try ModularCompliance.created(inner, to: to, amount: amount)
            }
            return []
        case selectorOf("transfer(address,uint256)"):
            let v = try args([.address, .uint(256)])
            let from = context.sender, to = v[0].addressValue, amount = v[1].uintValue
            if try refusal(context, from, to, amount) != nil { throw Revert.error("TransferNotPossible()") }
            let balance = try Self.balance(context, from)
            if balance < amount { throw Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [.address(from), .uint(balance), .uint(amount)]) }
            try context.storeWord(StorageKey(Self.balancesSlot, from), balance &- amount)
            try context.storeWord(StorageKey(Self.balancesSlot, to), try Self.balance(context, to) &+ amount)
            _ = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) in
                try ModularCompliance.transferred(inner, from: from, to: to, amount: amount)
            }
            return []
        case selectorOf("burn(address,uint256)"):
            let v = try args([.address, .uint(256)])
            let from = v[0].addressValue, amount = v[1].uintValue
            let balance = try Self.balance(context, from)
            if balance < amount { throw Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [.address(from), .uint(balance), .uint(amount)]) }
            try context.storeWord(StorageKey(Self.balancesSlot, from), balance &- amount)
            try context.storeWord(Self.supplyKey, try context.loadWord(Self.supplyKey) &- amount)
            _ = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) in
                try ModularCompliance.destroyed(inner, from: from, amount: amount)
            }
            return []
        case selectorOf("callCompliance(bytes)"):
            // Forwards raw calldata to the compliance through its ABI (as a Solidity token would).
            let data = try args([.bytes])[0].bytesValue
            return try context.call(compliance, calldata: data)
        default:
            throw Revert(data: [])
        }
    }
}
