import MintSimPrimitives

/// Where a contract keeps a value: a variable (`slot`) and up to two mapping keys, so that
/// `balances[account]` is `StorageKey(slot, account)` and `allowances[owner][spender]` is
/// `StorageKey(slot, owner, spender)`.
public struct StorageKey: Hashable, Sendable {
    public let slot: UInt32
    public let first: Hash
    public let second: Hash

    public init(_ slot: UInt32, _ first: Hash = .zero, _ second: Hash = .zero) {
        self.slot = slot
        self.first = first
        self.second = second
    }

    public init(_ slot: UInt32, _ account: Address) { self.init(slot, account.word32) }
    public init(_ slot: UInt32, _ a: Address, _ b: Address) { self.init(slot, a.word32, b.word32) }
    public init(_ slot: UInt32, _ id: UInt256) { self.init(slot, id.word32) }
    public init(_ slot: UInt32, _ id: UInt256, _ account: Address) { self.init(slot, id.word32, account.word32) }
    public init(_ slot: UInt32, _ key: Hash, _ account: Address) { self.init(slot, key, account.word32) }
}

/// A stored value: a 256-bit word or a byte string (names, URIs). Zero and empty values are not
/// stored, as in the EVM.
public enum StorageValue: Hashable, Sendable {
    case word(UInt256)
    case bytes([UInt8])

    var isEmpty: Bool {
        switch self {
        case .word(let w): return w.isZero
        case .bytes(let b): return b.isEmpty
        }
    }
}

extension Address {
    /// The address as a 32-byte word (left-padded with zeros), as a mapping key.
    public var word32: Hash { Hash(word: self) }

    /// The address held in the last 20 bytes of a word.
    public init(word32 word: Hash) { self.init(lastBytesOf: word) }
}

extension UInt256 {
    /// The value as a 32-byte big-endian word.
    public var word32: Hash { Hash(word: self) }

    public init(word32 word: Hash) { self = (try? UInt256(bigEndian: word.bytes)) ?? .zero }
}

/// A contract model: native Swift code that runs at an address. Models keep no state of their own:
/// everything goes through the context's journaled storage, so reverts, snapshots and persistence
/// cover it.
public protocol ContractModel: Sendable {
    /// A short name of the kind of contract (`erc20`, `counter`, …).
    var kind: String { get }

    /// Whether the contract accepts native ether with a call (Solidity's `payable`).
    var acceptsEther: Bool { get }

    /// Runs the constructor: writes the initial storage.
    func construct(_ context: ExecutionContext) throws(Revert)

    /// Runs a call: dispatches on the 4-byte selector of `context.calldata` and returns the
    /// ABI-encoded result, or throws a revert.
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8]

    /// The constructor arguments as bytes (ABI-encoded by convention), which a registered factory
    /// turns back into the model; part of the deployment transaction's data.
    var constructorArguments: [UInt8] { get }
}

extension ContractModel {
    public var acceptsEther: Bool { false }
    public var constructorArguments: [UInt8] { [] }

    /// The data of this model's creation transaction: `DeploymentData.encode(kind:arguments:)`.
    public var deploymentData: [UInt8] { DeploymentData.encode(kind: kind, arguments: constructorArguments) }
}

/// The data of a creation transaction that deploys a contract model: the UTF-8 bytes `mintsim:`,
/// the model's kind, a zero byte, then its constructor arguments. A signed creation transaction with
/// such data deploys the model whose factory is registered for the kind (`Chain.registerModel`).
public enum DeploymentData {
    static let prefix = Array("mintsim:".utf8)

    public static func encode(kind: String, arguments: [UInt8]) -> [UInt8] {
        prefix + Array(kind.utf8) + [0] + arguments
    }

    /// The kind and arguments, or nil when `data` is not deployment data.
    public static func decode(_ data: [UInt8]) -> (kind: String, arguments: [UInt8])? {
        guard data.count > prefix.count, Array(data.prefix(prefix.count)) == prefix,
            let zero = data[prefix.count...].firstIndex(of: 0)
        else { return nil }
        guard let kind = String(validating: data[prefix.count..<zero], as: UTF8.self), !kind.isEmpty else { return nil }
        return (kind, Array(data[(zero + 1)...]))
    }
}

/// Builds a model from the constructor arguments of a creation transaction; a throw reverts the
/// deployment (like a constructor's `require`).
public typealias ContractFactory = @Sendable (_ arguments: [UInt8]) throws(Revert) -> any ContractModel

/// A revert: ABI-encoded error data (a custom error, `Error(string)`, `Panic(uint256)`, or empty).
public struct Revert: Error, Hashable, Sendable, CustomStringConvertible {
    public let data: [UInt8]
    /// Why, in words, naming the rule that refused (`country-allow-module: receiver's country 392 is
    /// not allowed`): shown in messages and receipts, never part of the revert data, and ignored by
    /// `==` so that a revert equals the one a contract returns on chain.
    public var explanation: String?

    public init(data: [UInt8], explanation: String? = nil) {
        self.data = data
        self.explanation = explanation
    }

    public static func == (lhs: Revert, rhs: Revert) -> Bool { lhs.data == rhs.data }
    public func hash(into hasher: inout Hasher) { hasher.combine(data) }

    /// A custom error: `Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [...])`,
    /// optionally with an explanation.
    public static func error(_ signature: String, _ arguments: [ABIValue] = [], explanation: String? = nil) -> Revert {
        guard let function = try? ABIFunction.cached(signature), let data = try? function.encodeCall(arguments) else {
            return Revert(data: [], explanation: explanation)
        }
        return Revert(data: data, explanation: explanation)
    }

    /// This revert with an explanation (the data unchanged).
    public func explained(_ text: String) -> Revert { Revert(data: data, explanation: text) }

    /// `Error(string)`, what `require(cond, "message")` reverts with.
    public static func reason(_ message: String) -> Revert {
        error("Error(string)", [.string(message)])
    }

    /// `Panic(uint256)` with a Solidity panic code (0x11 overflow, 0x12 division by zero, …).
    public static func panic(_ code: UInt64) -> Revert {
        error("Panic(uint256)", [.uint(UInt256(code))])
    }

    /// Out of gas: no data.
    public static let outOfGas = Revert(data: [])

    /// The selector of the error (nil for empty data).
    public var selector: [UInt8]? { data.count >= 4 ? Array(data.prefix(4)) : nil }

    /// A readable form: `Error(string)` and `Panic` decoded, anything else as hex; then the
    /// explanation, if any, after ` — `.
    public var description: String {
        guard let explanation else { return plainDescription }
        return plainDescription + " — " + explanation
    }

    var plainDescription: String {
        if data.isEmpty { return "revert (no data)" }
        if selector == [0x08, 0xc3, 0x79, 0xa0], let values = try? ABI.decode([.string], Array(data.dropFirst(4))),
            case .string(let message) = values.first
        {
            return "revert: \(message)"
        }
        if selector == [0x4e, 0x48, 0x7b, 0x71], let values = try? ABI.decode([.uint(256)], Array(data.dropFirst(4))),
            let code = values.first
        {
            return "panic: \(code)"
        }
        return "revert: \(data.hex)"
    }
}
