import MintSimChain
import MintSimPrimitives

/// A test-only contract model: a counter that emits on every change and reverts on demand, with
/// nested calls to exercise the journal.
struct Counter: ContractModel {
    let initial: UInt64
    var kind: String { "counter" }
    var acceptsEther: Bool { true }

    static let countSlot = StorageKey(0)
    static func bySlot(_ account: Address) -> StorageKey { StorageKey(1, account) }
    static let lastTrySlot = StorageKey(2)

    static let count = try! ABIFunction(parsing: "count()(uint256)")
    static let increment = try! ABIFunction(parsing: "increment()")
    static let add = try! ABIFunction(parsing: "add(uint256)")
    static let incrementThenFail = try! ABIFunction(parsing: "incrementThenFail(string)")
    static let failCustom = try! ABIFunction(parsing: "failCustom(uint256)")
    static let forward = try! ABIFunction(parsing: "forward(address,bytes)")
    static let tryForward = try! ABIFunction(parsing: "tryForward(address,bytes)")
    static let burnGas = try! ABIFunction(parsing: "burnGas()")
    static let incrementedEvent = "Incremented(address,uint256,string)"

    var constructorArguments: [UInt8] { UInt256(initial).bytes32 }

    /// Builds a counter from its constructor arguments (one uint256).
    static let factory: ContractFactory = { arguments throws(Revert) in
        guard let values = try? ABI.decode([.uint(64)], arguments), case .uint(let initial) = values.first, let value = initial.uint64 else {
            throw Revert.reason("Counter: bad constructor arguments")
        }
        return Counter(initial: value)
    }

    func construct(_ context: ExecutionContext) throws(Revert) {
        try context.storeWord(Self.countSlot, UInt256(initial))
    }

    func bump(_ context: ExecutionContext, by amount: UInt256, note: String) throws(Revert) {
        let current = try context.loadWord(Self.countSlot)
        guard let next = try? current.adding(amount) else { throw Revert.panic(0x11) }
        try context.storeWord(Self.countSlot, next)
        let mine = try context.loadWord(Self.bySlot(context.sender))
        try context.storeWord(Self.bySlot(context.sender), mine &+ amount)
        try context.emit(
            Self.incrementedEvent, indexed: [(.address, .address(context.sender))],
            data: [(.uint(256), .uint(next)), (.string, .string(note))])
    }

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch context.selector {
        case Self.count.selector:
            return try context.loadWord(Self.countSlot).bytes32
        case Self.increment.selector:
            try bump(context, by: .one, note: "increment")
            return []
        case Self.add.selector:
            let args = try context.decodeArguments(Self.add.inputs)
            guard case .uint(let amount) = args[0] else { throw Revert(data: []) }
            try bump(context, by: amount, note: "add")
            return []
        case Self.incrementThenFail.selector:
            let args = try context.decodeArguments(Self.incrementThenFail.inputs)
            try bump(context, by: .one, note: "doomed")
            guard case .string(let reason) = args[0] else { throw Revert(data: []) }
            throw Revert.reason(reason)
        case Self.failCustom.selector:
            let args = try context.decodeArguments(Self.failCustom.inputs)
            throw Revert.error("CounterError(uint256)", args)
        case Self.forward.selector:
            let args = try context.decodeArguments(Self.forward.inputs)
            guard case .address(let target) = args[0], case .bytes(let data) = args[1] else { throw Revert(data: []) }
            try bump(context, by: .one, note: "forward")
            return try context.call(target, calldata: data)
        case Self.tryForward.selector:
            let args = try context.decodeArguments(Self.tryForward.inputs)
            guard case .address(let target) = args[0], case .bytes(let data) = args[1] else { throw Revert(data: []) }
            try bump(context, by: .one, note: "tryForward")
            let result = try context.tryCall(target, calldata: data)
            if case .success = result {
                try context.storeWord(Self.lastTrySlot, .one)
            } else {
                try context.storeWord(Self.lastTrySlot, UInt256(2))
            }
            return []
        case Self.burnGas.selector:
            while true { try context.useGas(1_000_000) }
        default:
            throw Revert(data: [])
        }
    }
}
