import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// A test-only contract that answers `onERC721Received(address,address,uint256,bytes)` in one of
/// several ways. Before answering it records what it got in storage (slot 0 operator, 1 from,
/// 2 tokenId, 3 data, 4 number of calls) and emits `Received(operator, from, tokenId, data)`.
struct ERC721TestReceiver: ContractModel {
    enum Mode: String, CaseIterable, Sendable {
        /// Returns 0x150b7a02 (left-aligned in a word).
        case accept
        /// Returns another bytes4.
        case wrongValue
        /// Reverts with `Error("receiver says no")`.
        case revertReason
        /// Reverts with a custom error `ReceiverRejected(uint256 tokenId)`.
        case revertCustom
        /// Reverts without data.
        case revertEmpty
        /// Succeeds with no return data.
        case returnNothing
        /// Returns the magic value with a non-zero byte in the low 28 bytes of the word.
        case dirtyMagic
        /// Returns the magic value followed by an extra word.
        case acceptLong
        /// Accepts the first token it is sent, then reverts without data.
        case acceptFirstOnly
    }

    let mode: Mode
    var kind: String { "erc721-test-receiver" }

    static let selector: [UInt8] = [0x15, 0x0b, 0x7a, 0x02]
    static let operatorKey = StorageKey(0)
    static let fromKey = StorageKey(1)
    static let tokenIdKey = StorageKey(2)
    static let dataKey = StorageKey(3)
    static let callsKey = StorageKey(4)
    static let receivedEvent = "event Received(address operator, address from, uint256 tokenId, bytes data)"

    /// The token's interface plus the receiver's event, to decode logs of both.
    static let interface = ContractInterface(entries: ERC721Token.interface.entries + [ABIEntry(receivedEvent)])

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard context.selector == Self.selector else { throw Revert(data: []) }
        let values = try context.decodeArguments([.address, .address, .uint(256), .bytes])
        guard case .address(let op) = values[0], case .address(let from) = values[1], case .uint(let tokenId) = values[2],
            case .bytes(let data) = values[3]
        else { throw Revert(data: []) }
        try context.storeWord(Self.operatorKey, UInt256(word32: op.word32))
        try context.storeWord(Self.fromKey, UInt256(word32: from.word32))
        try context.storeWord(Self.tokenIdKey, tokenId)
        try context.storeBytes(Self.dataKey, data)
        let calls = try context.loadWord(Self.callsKey)
        try context.storeWord(Self.callsKey, calls &+ .one)
        try context.emit(
            "Received(address,address,uint256,bytes)",
            data: [(.address, .address(op)), (.address, .address(from)), (.uint(256), .uint(tokenId)), (.bytes, .bytes(data))])
        let magicWord = Self.selector + [UInt8](repeating: 0, count: 28)
        switch mode {
        case .accept: return magicWord
        case .acceptFirstOnly:
            if !calls.isZero { throw Revert(data: []) }
            return magicWord
        case .acceptLong: return magicWord + UInt256(7).bytes32
        case .wrongValue: return [0xde, 0xad, 0xbe, 0xef] + [UInt8](repeating: 0, count: 28)
        case .revertReason: throw Revert.reason("receiver says no")
        case .revertCustom: throw Revert.error("ReceiverRejected(uint256)", [.uint(tokenId)])
        case .revertEmpty: throw Revert(data: [])
        case .returnNothing: return []
        case .dirtyMagic: return Self.selector + [UInt8](repeating: 0, count: 27) + [1]
        }
    }
}

/// What a receiver recorded on `chain`.
struct ERC721ReceiverRecord: Equatable {
    var operatorAddress: Address
    var from: Address
    var tokenId: UInt256
    var data: [UInt8]
    var calls: UInt256

    init(operatorAddress: Address, from: Address, tokenId: UInt256, data: [UInt8], calls: UInt256) {
        self.operatorAddress = operatorAddress
        self.from = from
        self.tokenId = tokenId
        self.data = data
        self.calls = calls
    }

    init(chain: Chain, receiver: Address) {
        func word(_ key: StorageKey) -> UInt256 {
            if case .word(let w) = chain.storage(of: receiver, key) { return w }
            return .zero
        }
        var data: [UInt8] = []
        if case .bytes(let b) = chain.storage(of: receiver, ERC721TestReceiver.dataKey) { data = b }
        self.init(
            operatorAddress: Address(word32: Hash(word: word(ERC721TestReceiver.operatorKey))),
            from: Address(word32: Hash(word: word(ERC721TestReceiver.fromKey))),
            tokenId: word(ERC721TestReceiver.tokenIdKey), data: data, calls: word(ERC721TestReceiver.callsKey))
    }
}
