import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// The one mint service under every dialect: who may call (API keys, stored as SHA-256 digests and
/// compared in constant time), and every effect sent as a transaction signed by the platform's
/// account for it. Dialects translate their requests into these calls and the answers back.
public final class MintService {
    public let chain: Chain
    public private(set) var setup: MintSetup
    /// (dialect, digest of the key, whose key).
    private var keyDigests: [(dialect: String, digest: [UInt8], subject: String)] = []

    public init(chain: Chain, setup: MintSetup) {
        self.chain = chain
        self.setup = setup
        for key in setup.apiKeys { keyDigests.append((key.dialect, Digest.sha256(Array(key.key.utf8)), key.subject)) }
    }

    // MARK: Webhook events

    /// An event a dialect raised, in the order raised; deliveries are made from these.
    public struct Event: Sendable, Equatable {
        /// 1, 2, 3, … in the order raised.
        public let id: Int
        public let dialect: String
        public let name: String
        /// The body as the dialect's webhook sends it.
        public let body: JSON
        /// The chain's time when raised.
        public let time: UInt64
    }

    /// The events raised since this service started, oldest first.
    public private(set) var events: [Event] = []
    /// Events raised in all, across restarts from a state file (ids go on from it).
    var eventCount = 0
    var eventCountChanged = false
    /// Called with each event as it is raised (the server's webhook deliverer listens here).
    public var onEvent: ((Event) -> Void)?

    func emit(dialect: String, event name: String, body: JSON) {
        eventCount += 1
        eventCountChanged = true
        let event = Event(id: eventCount, dialect: dialect, name: name, body: body, time: chain.now)
        events.append(event)
        onEvent?(event)
    }

    /// Gives every Immutable key `tier` (benchmarks and tests that need a roomier limit).
    public func setupOverride(immutableTier tier: RateTier) {
        setup.immutableKeys = setup.immutableKeys.map { ImmutableKeyScope(subject: $0.subject, collections: $0.collections, tier: tier) }
    }

    // MARK: Keys

    /// The subject (user, account or client name) whose key `presented` is for `dialect`; nil when
    /// no key of the dialect matches. Every stored digest is compared, each in constant time.
    public func authenticate(dialect: String, presented: String?) -> String? {
        guard let presented, !presented.isEmpty else { return nil }
        let digest = Digest.sha256(Array(presented.utf8))
        var found: String?
        for entry in keyDigests where entry.dialect == dialect {
            if MintService.constantTimeEqual(entry.digest, digest), found == nil { found = entry.subject }
        }
        return found
    }

    /// Whether any key is configured for `dialect`.
    public func requiresKey(dialect: String) -> Bool { keyDigests.contains { $0.dialect == dialect } }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    // MARK: Reading

    /// Calls a view function (`balanceOf(address)(uint256)`) on the latest state.
    public func read(_ contract: Address, _ signature: String, _ arguments: [ABIValue] = []) throws(ChainError) -> [ABIValue] {
        try chain.call(contract, signature, arguments)
    }

    func readUInt(_ contract: Address, _ signature: String, _ arguments: [ABIValue] = []) throws(ChainError) -> UInt256 {
        let values = try read(contract, signature, arguments)
        guard case .uint(let value)? = values.first else { throw ChainError(.abiError, "\(signature) answered no number") }
        return value
    }

    func readBool(_ contract: Address, _ signature: String, _ arguments: [ABIValue] = []) throws(ChainError) -> Bool {
        let values = try read(contract, signature, arguments)
        guard case .bool(let value)? = values.first else { throw ChainError(.abiError, "\(signature) answered no boolean") }
        return value
    }

    func readAddress(_ contract: Address, _ signature: String, _ arguments: [ABIValue] = []) throws(ChainError) -> Address {
        let values = try read(contract, signature, arguments)
        guard case .address(let value)? = values.first else { throw ChainError(.abiError, "\(signature) answered no address") }
        return value
    }

    func readString(_ contract: Address, _ signature: String) throws(ChainError) -> String {
        let values = try read(contract, signature)
        guard case .string(let value)? = values.first else { throw ChainError(.abiError, "\(signature) answered no string") }
        return value
    }

    /// Whether `account` holds `role` on `contract` (AccessControl).
    func hasRole(_ contract: Address, _ role: Hash, _ account: Address) throws(ChainError) -> Bool {
        try readBool(contract, "hasRole(bytes32,address)(bool)", [.fixedBytes(role.bytes), .address(account)])
    }

    // MARK: Sending

    /// What sending a platform transaction gave.
    public struct Sent: Sendable {
        public let hash: Hash
        /// Nil while the transaction waits for a block (manual or interval mining).
        public let receipt: Receipt?
    }

    /// The gas `signature(arguments)` to `contract` from `account` needs; throws the revert
    /// (`executionReverted`) when it would revert. Nothing is sent.
    public func estimate(_ contract: Address, _ signature: String, _ arguments: [ABIValue], from account: Address) throws(ChainError) -> UInt64 {
        try chain.estimateGas(try transaction(contract, signature, arguments, from: account), from: account)
    }

    private func transaction(_ contract: Address, _ signature: String, _ arguments: [ABIValue], from account: Address) throws(ChainError)
        -> Transaction
    {
        let calldata: [UInt8]
        do {
            calldata = try ABIFunction.cached(signature).encodeCall(arguments)
        } catch {
            throw ChainError(.abiError, "\(signature): \(error.message)")
        }
        let settings = chain.config
        return Transaction(
            type: .dynamicFee, chainId: UInt256(settings.chainId), nonce: chain.pendingNonce(of: account),
            maxFeePerGas: settings.baseFee, gasLimit: 0, to: contract, value: .zero, data: calldata)
    }

    /// Sends `signature(arguments)` to `contract` as an EIP-1559 transaction signed by `account`'s key,
    /// with the gas it needs. A call that would revert is refused with its revert (`executionReverted`),
    /// and nothing is sent.
    public func send(
        _ contract: Address, _ signature: String, _ arguments: [ABIValue], from account: NamedAccount
    ) throws(ChainError) -> Sent {
        var tx = try transaction(contract, signature, arguments, from: account.address)
        tx.gasLimit = try chain.estimateGas(tx, from: account.address)
        let signed: SignedTransaction
        do {
            signed = try tx.signed(with: account.key)
        } catch {
            throw ChainError(.invalidTransaction, error.message)
        }
        let (hash, receipt) = try chain.sendSigned(signed, signedBy: account.address)
        return Sent(hash: hash, receipt: receipt)
    }
}
