import MintSimPrimitives

/// Gas that contract execution costs, on top of a transaction's intrinsic gas; close to what the
/// EVM charges for the same storage, log and call work.
public enum ExecutionGas {
    /// Reading a storage value (a cold SLOAD).
    public static let load: UInt64 = 2_100
    /// Writing a non-empty value where there was none (SSTORE set).
    public static let storeNew: UInt64 = 20_000
    /// Changing or clearing an existing value (SSTORE reset).
    public static let storeUpdate: UInt64 = 2_900
    /// Writing the value that is already there.
    public static let storeSame: UInt64 = 100
    /// A log, plus per topic and per data byte.
    public static let log: UInt64 = 375
    public static let logTopic: UInt64 = 375
    public static let logByte: UInt64 = 8
    /// A call to another account (cold account access).
    public static let call: UInt64 = 2_600
    /// Sending value with a call.
    public static let callValue: UInt64 = 9_000
    /// Deploying a contract model, beyond the creation intrinsic gas.
    public static let deploy: UInt64 = 100_000
    /// The deepest nesting of calls.
    public static let maxCallDepth = 1024
}

/// Runs one transaction or call: meters gas and collects logs across nested calls.
final class Executor {
    let chain: Chain
    let gasLimit: UInt64
    private(set) var gasUsed: UInt64
    var logs: [Log] = []
    let origin: Address
    let blockNumber: UInt64
    let timestamp: UInt64

    init(chain: Chain, origin: Address, gasLimit: UInt64, intrinsicGas: UInt64, blockNumber: UInt64, timestamp: UInt64) {
        self.chain = chain
        self.origin = origin
        self.gasLimit = gasLimit
        gasUsed = intrinsicGas
        self.blockNumber = blockNumber
        self.timestamp = timestamp
    }

    /// Set once the transaction has run out of gas: nothing can catch that.
    private(set) var outOfGas = false

    func use(_ gas: UInt64) throws(Revert) {
        let (total, overflow) = gasUsed.addingReportingOverflow(gas)
        guard !overflow, total <= gasLimit else {
            gasUsed = gasLimit
            outOfGas = true
            throw OutOfGas.revert
        }
        gasUsed = total
    }

    /// Calls `to` from `from`, moving `value`. Changes and logs are undone if the call reverts.
    func call(from: Address, to: Address, value: UInt256, calldata: [UInt8], depth: Int) throws(Revert) -> [UInt8] {
        guard depth < ExecutionGas.maxCallDepth else { throw Revert.reason("call depth exceeded") }
        let checkpoint = chain.state.checkpoint()
        let logCount = logs.count
        do {
            let output = try run(from: from, to: to, value: value, calldata: calldata, depth: depth)
            chain.state.commit(checkpoint)
            return output
        } catch {
            chain.state.revert(checkpoint)
            logs.removeSubrange(logCount...)
            throw error
        }
    }

    private func run(from: Address, to: Address, value: UInt256, calldata: [UInt8], depth: Int) throws(Revert) -> [UInt8] {
        try transfer(value, from: from, to: to)
        guard let model = chain.state.contract(at: to) else { return [] }  // an account without code
        if !value.isZero && !model.acceptsEther { throw Revert(data: []) }
        let context = ExecutionContext(executor: self, sender: from, address: to, value: value, calldata: calldata, depth: depth)
        return try model.call(context)
    }

    /// Runs `body` in a context at `to` called by `from`, as a nested call without calldata or value:
    /// its changes and logs are undone if it throws.
    func native<R>(from: Address, to: Address, depth: Int, _ body: (ExecutionContext) throws(Revert) -> R) throws(Revert) -> R {
        guard depth < ExecutionGas.maxCallDepth else { throw Revert.reason("call depth exceeded") }
        let checkpoint = chain.state.checkpoint()
        let logCount = logs.count
        do {
            let result = try body(ExecutionContext(executor: self, sender: from, address: to, value: .zero, calldata: [], depth: depth))
            chain.state.commit(checkpoint)
            return result
        } catch {
            chain.state.revert(checkpoint)
            logs.removeSubrange(logCount...)
            throw error
        }
    }

    /// Deploys `model` at `address` and runs its constructor.
    func deploy(_ model: any ContractModel, from: Address, at address: Address, value: UInt256) throws(Revert) {
        let checkpoint = chain.state.checkpoint()
        let logCount = logs.count
        do throws(Revert) {
            try use(ExecutionGas.deploy)
            if chain.state.contract(at: address) != nil || chain.state.account(address).nonce != 0 {
                throw Revert.reason("contract address collision at \(address)")
            }
            if !value.isZero && !model.acceptsEther { throw Revert(data: []) }
            try transfer(value, from: from, to: address)
            var account = chain.state.account(address)
            account.nonce = 1  // EIP-161
            chain.state.set(address, account)
            chain.state.setCode(model, at: address)
            try model.construct(ExecutionContext(executor: self, sender: from, address: address, value: value, calldata: [], depth: 0))
            chain.state.commit(checkpoint)
        } catch {
            chain.state.revert(checkpoint)
            logs.removeSubrange(logCount...)
            throw error
        }
    }

    private func transfer(_ value: UInt256, from: Address, to: Address) throws(Revert) {
        guard !value.isZero else { return }
        var sender = chain.state.account(from)
        guard sender.balance >= value else { throw Revert.reason("insufficient balance for transfer") }
        sender.balance = sender.balance &- value
        chain.state.set(from, sender)
        chain.state.credit(to, value)
    }
}

/// Marker for the revert out of gas causes (empty data, all gas used).
enum OutOfGas {
    static let revert = Revert(data: [])
}

/// What a contract model sees while it runs: the call (`msg.sender`, `msg.value`, calldata), the block,
/// journaled storage, events, and calls to other contracts.
public final class ExecutionContext {
    let executor: Executor
    /// `msg.sender`.
    public let sender: Address
    /// `address(this)`.
    public let address: Address
    /// `msg.value`.
    public let value: UInt256
    public let calldata: [UInt8]
    let depth: Int

    init(executor: Executor, sender: Address, address: Address, value: UInt256, calldata: [UInt8], depth: Int) {
        self.executor = executor
        self.sender = sender
        self.address = address
        self.value = value
        self.calldata = calldata
        self.depth = depth
    }

    /// The 4-byte function selector of the calldata (empty calldata: nil).
    public var selector: [UInt8]? { calldata.count >= 4 ? Array(calldata.prefix(4)) : nil }

    /// The ABI-encoded arguments after the selector.
    public var arguments: [UInt8] { Array(calldata.dropFirst(4)) }

    /// Decodes the arguments as `types`; malformed calldata reverts with empty data, as Solidity does.
    public func decodeArguments(_ types: [ABIType]) throws(Revert) -> [ABIValue] {
        do { return try ABI.decode(types, arguments) } catch { throw Revert(data: []) }
    }

    /// `tx.origin`.
    public var origin: Address { executor.origin }
    /// `block.number`.
    public var blockNumber: UInt64 { executor.blockNumber }
    /// `block.timestamp`.
    public var timestamp: UInt64 { executor.timestamp }
    /// `block.chainid`.
    public var chainId: UInt64 { executor.chain.settings.chainId }

    /// Charges gas; running out reverts the whole transaction's execution.
    public func useGas(_ gas: UInt64) throws(Revert) { try executor.use(gas) }

    // MARK: Storage

    public func load(_ key: StorageKey) throws(Revert) -> StorageValue? {
        try executor.use(ExecutionGas.load)
        return executor.chain.state.load(address, key)
    }

    public func loadWord(_ key: StorageKey) throws(Revert) -> UInt256 {
        if case .word(let w) = try load(key) { return w }
        return .zero
    }

    public func loadBytes(_ key: StorageKey) throws(Revert) -> [UInt8] {
        if case .bytes(let b) = try load(key) { return b }
        return []
    }

    public func store(_ key: StorageKey, _ value: StorageValue) throws(Revert) {
        let previous = executor.chain.state.load(address, key)
        let stored: StorageValue? = value.isEmpty ? nil : value
        if previous == stored {
            try executor.use(ExecutionGas.storeSame)
        } else {
            try executor.use(previous == nil ? ExecutionGas.storeNew : ExecutionGas.storeUpdate)
        }
        executor.chain.state.store(address, key, value, previous: previous)
    }

    public func storeWord(_ key: StorageKey, _ value: UInt256) throws(Revert) { try store(key, .word(value)) }
    public func storeBytes(_ key: StorageKey, _ value: [UInt8]) throws(Revert) { try store(key, .bytes(value)) }

    // MARK: Events

    /// Emits a log with raw topics and data.
    public func emit(topics: [Hash], data: [UInt8]) throws(Revert) {
        guard topics.count <= 4 else { throw Revert.reason("a log has at most 4 topics") }
        try executor.use(ExecutionGas.log + ExecutionGas.logTopic * UInt64(topics.count) + ExecutionGas.logByte * UInt64(data.count))
        executor.logs.append(Log(address: address, topics: topics, data: data))
    }

    /// Emits an event by signature: topic 0 is keccak256 of the signature, `indexed` values become the
    /// next topics as Solidity makes them (value types as their word; `string` and `bytes` as the
    /// keccak256 of their bytes; arrays of value types as the keccak256 of their elements' words) and
    /// `data` is ABI-encoded with `dataTypes`.
    public func emit(_ signature: String, indexed: [(ABIType, ABIValue)] = [], data: [(ABIType, ABIValue)] = []) throws(Revert) {
        guard let event = try? ABIFunction.cached(signature) else { throw Revert.reason("invalid event signature \(signature)") }
        var topics = [event.topic0]
        for (type, value) in indexed {
            guard let encoded = try? ABI.encode([type], [value]) else { throw Revert.reason("event \(signature): bad indexed value") }
            if case .string(let text) = value {
                topics.append(Keccak256.hash(Array(text.utf8)))  // indexed string/bytes: the hash of the raw bytes
            } else if case .bytes(let bytes) = value {
                topics.append(Keccak256.hash(bytes))
            } else if case .array(let items) = value, let element = Self.elementType(of: type), !element.isDynamic,
                let inPlace = try? ABI.encode(items.map { _ in element }, items)
            {
                topics.append(Keccak256.hash(inPlace))  // indexed arrays: their elements' words, without length
            } else if type.isDynamic {
                topics.append(Keccak256.hash(encoded))
            } else {
                topics.append((try? Hash(bytes: encoded.prefix(32))) ?? .zero)
            }
        }
        guard let encodedData = try? ABI.encode(data.map(\.0), data.map(\.1)) else {
            throw Revert.reason("event \(signature): bad data values")
        }
        try emit(topics: topics, data: encodedData)
    }

    static func elementType(of type: ABIType) -> ABIType? {
        switch type {
        case .array(let element), .fixedArray(let element, _): return element
        default: return nil
        }
    }

    // MARK: Accounts and calls

    /// Whether an address holds a contract (`address.code.length > 0`).
    public func isContract(_ account: Address) -> Bool { executor.chain.state.contract(at: account) != nil }

    /// Native balance of an account.
    public func balance(of account: Address) -> UInt256 { executor.chain.state.account(account).balance }

    /// Calls another account; its revert propagates (bubbles up) unchanged.
    public func call(_ to: Address, calldata: [UInt8], value: UInt256 = .zero) throws(Revert) -> [UInt8] {
        try executor.use(ExecutionGas.call + (value.isZero ? 0 : ExecutionGas.callValue))
        return try executor.call(from: address, to: to, value: value, calldata: calldata, depth: depth + 1)
    }

    /// Calls the model at `to` directly, without ABI encoding, when it is an `M`: `body` gets the model
    /// and a context at `to` whose `msg.sender` is this contract — what a call to one of its functions
    /// would get. It costs a call's gas; its changes and events are undone if `body` throws, and the
    /// revert propagates. Returns nil, costing nothing, when `to` holds no `M` (the caller then makes
    /// an ordinary ABI call). Models use it for calls between contracts they know, such as a token
    /// asking its identity registry whether a wallet is verified.
    public func callNative<M: ContractModel, R>(
        _ to: Address, as type: M.Type, _ body: (M, ExecutionContext) throws(Revert) -> R
    ) throws(Revert) -> R? {
        guard let model = executor.chain.state.contract(at: to) as? M else { return nil }
        try executor.use(ExecutionGas.call)
        return try executor.native(from: address, to: to, depth: depth + 1) { context throws(Revert) in try body(model, context) }
    }

    /// Calls another account and returns its revert instead of throwing it (a low-level `call`); its
    /// changes are undone either way when it reverts.
    public func tryCall(_ to: Address, calldata: [UInt8], value: UInt256 = .zero) throws(Revert) -> Result<[UInt8], Revert> {
        try executor.use(ExecutionGas.call + (value.isZero ? 0 : ExecutionGas.callValue))
        do {
            return .success(try executor.call(from: address, to: to, value: value, calldata: calldata, depth: depth + 1))
        } catch {
            if executor.outOfGas { throw error }  // out of gas ends everything
            return .failure(error)
        }
    }
}
