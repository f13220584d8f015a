import MintSimChain
import MintSimPrimitives

/// The core of OpenZeppelin's ERC1155 (v5.7): balances per (id, account), operator approvals, and the
/// checks of `_update`, `_setApprovalForAll`, `_checkAuthorized` and ERC1155Utils' receiver checks, in
/// their order. Token models add their hooks (pause, supply) around `update`.
public enum ERC1155Ledger {
    /// `balances[id][account]`.
    static let balancesSlot: UInt32 = 0
    /// `operatorApprovals[account][operator]`.
    static let approvalsSlot: UInt32 = 1

    static let transferSingleEvent = topic("TransferSingle(address,address,address,uint256,uint256)")
    static let transferBatchEvent = topic("TransferBatch(address,address,address,uint256[],uint256[])")
    static let approvalForAllEvent = topic("ApprovalForAll(address,address,bool)")
    static let uriEvent = topic("URI(string,uint256)")

    /// `onERC1155Received(address,address,uint256,uint256,bytes)`, the value a receiver returns to accept.
    public static let receivedSelector: UInt32 = 0xf23a_6e61
    /// `onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)`.
    public static let batchReceivedSelector: UInt32 = 0xbc19_7c81

    public static let events = [
        "event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)",
        "event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)",
        "event ApprovalForAll(address indexed account, address indexed operator, bool approved)",
        "event URI(string value, uint256 indexed id)",
    ]

    public static let errors = [
        "error ERC1155InsufficientBalance(address sender, uint256 balance, uint256 needed, uint256 tokenId)",
        "error ERC1155InvalidSender(address sender)",
        "error ERC1155InvalidReceiver(address receiver)",
        "error ERC1155MissingApprovalForAll(address operator, address owner)",
        "error ERC1155InvalidApprover(address approver)",
        "error ERC1155InvalidOperator(address operator)",
        "error ERC1155InvalidArrayLength(uint256 idsLength, uint256 valuesLength)",
    ]

    public static func balance(_ context: ExecutionContext, of account: Address, id: UInt256) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(balancesSlot, id, account))
    }

    public static func isApprovedForAll(
        _ context: ExecutionContext, account: Address, operator operatorAddress: Address
    ) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(approvalsSlot, account, operatorAddress)).isZero
    }

    /// `_update` without hooks: moves `values[i]` of `ids[i]` from `from` to `to`, minting when `from`
    /// is zero and burning when `to` is zero, then emits TransferSingle for one id and TransferBatch
    /// otherwise (also for an empty batch).
    public static func update(
        _ context: ExecutionContext, from: Address, to: Address, ids: [UInt256], values: [UInt256]
    ) throws(Revert) {
        guard ids.count == values.count else { throw invalidArrayLength(ids.count, values.count) }
        for index in ids.indices {
            let id = ids[index], value = values[index]
            if from != .zero {
                let key = StorageKey(balancesSlot, id, from)
                let fromBalance = try context.loadWord(key)
                guard fromBalance >= value else {
                    throw Revert.error(
                        "ERC1155InsufficientBalance(address,uint256,uint256,uint256)",
                        [.address(from), .uint(fromBalance), .uint(value), .uint(id)])
                }
                try context.storeWord(key, fromBalance &- value)
            }
            if to != .zero {
                let key = StorageKey(balancesSlot, id, to)
                let toBalance = try context.loadWord(key)
                guard let increased = try? toBalance.adding(value) else { throw Revert.panic(0x11) }
                try context.storeWord(key, increased)
            }
        }
        let topics = [
            ids.count == 1 ? transferSingleEvent : transferBatchEvent, context.sender.word32, from.word32, to.word32,
        ]
        if ids.count == 1 {
            try context.emit(topics: topics, data: ids[0].bytes32 + values[0].bytes32)
        } else {
            let idsTail = Words.tail(ids)
            let data = Words.int(64) + Words.int(64 + idsTail.count) + idsTail + Words.tail(values)
            try context.emit(topics: topics, data: data)
        }
    }

    /// `_checkAuthorized(operator, owner)`: ERC1155MissingApprovalForAll(operator, owner) unless the
    /// operator is the owner or approved for all of the owner's tokens.
    public static func checkAuthorized(
        _ context: ExecutionContext, operator operatorAddress: Address, owner: Address
    ) throws(Revert) {
        if owner == operatorAddress { return }
        guard try isApprovedForAll(context, account: owner, operator: operatorAddress) else {
            throw Revert.error("ERC1155MissingApprovalForAll(address,address)", [.address(operatorAddress), .address(owner)])
        }
    }

    /// `_setApprovalForAll`: ERC1155InvalidOperator(0) for the zero operator; emits ApprovalForAll.
    public static func setApprovalForAll(
        _ context: ExecutionContext, owner: Address, operator operatorAddress: Address, approved: Bool
    ) throws(Revert) {
        if operatorAddress == .zero { throw Revert.error("ERC1155InvalidOperator(address)", [.address(.zero)]) }
        try context.storeWord(StorageKey(approvalsSlot, owner, operatorAddress), approved ? .one : .zero)
        try context.emit(
            topics: [approvalForAllEvent, owner.word32, operatorAddress.word32], data: approved ? Returns.true : Returns.false)
    }

    /// `ERC1155Utils.checkOnERC1155Received`: a no-op unless `to` holds code.
    public static func checkOnReceived(
        _ context: ExecutionContext, operator operatorAddress: Address, from: Address, to: Address, id: UInt256,
        value: UInt256, data: [UInt8]
    ) throws(Revert) {
        guard context.isContract(to) else { return }
        let calldata =
            Words.selector(receivedSelector) + operatorAddress.word + from.word + id.bytes32 + value.bytes32
            + Words.int(5 * 32) + Words.tail(data)
        try checkResponse(context.tryCall(to, calldata: calldata), expected: receivedSelector, to: to)
    }

    /// `ERC1155Utils.checkOnERC1155BatchReceived`: a no-op unless `to` holds code.
    public static func checkOnBatchReceived(
        _ context: ExecutionContext, operator operatorAddress: Address, from: Address, to: Address, ids: [UInt256],
        values: [UInt256], data: [UInt8]
    ) throws(Revert) {
        guard context.isContract(to) else { return }
        let idsTail = Words.tail(ids), valuesTail = Words.tail(values)
        let calldata =
            Words.selector(batchReceivedSelector) + operatorAddress.word + from.word + Words.int(5 * 32)
            + Words.int(5 * 32 + idsTail.count) + Words.int(5 * 32 + idsTail.count + valuesTail.count) + idsTail + valuesTail
            + Words.tail(data)
        try checkResponse(context.tryCall(to, calldata: calldata), expected: batchReceivedSelector, to: to)
    }

    /// The `try … returns (bytes4 response) … catch (bytes memory reason)` of ERC1155Utils: a revert
    /// with data is bubbled unchanged; an empty revert or another `bytes4` is ERC1155InvalidReceiver(to).
    /// Return data Solidity cannot decode as `bytes4` (shorter than a word, or a word with non-zero
    /// low 28 bytes) reverts with empty data, as the decoding runs outside the `try`.
    static func checkResponse(_ result: Result<[UInt8], Revert>, expected: UInt32, to: Address) throws(Revert) {
        switch result {
        case .failure(let revert):
            throw revert.data.isEmpty ? invalidReceiver(to) : revert
        case .success(let output):
            guard output.count >= 32, output[4..<32].allSatisfy({ $0 == 0 }) else { throw Revert(data: []) }
            let response = UInt32(output[0]) << 24 | UInt32(output[1]) << 16 | UInt32(output[2]) << 8 | UInt32(output[3])
            if response != expected { throw invalidReceiver(to) }
        }
    }

    public static func invalidSender(_ address: Address) -> Revert {
        Revert.error("ERC1155InvalidSender(address)", [.address(address)])
    }

    public static func invalidReceiver(_ address: Address) -> Revert {
        Revert.error("ERC1155InvalidReceiver(address)", [.address(address)])
    }

    public static func invalidArrayLength(_ idsLength: Int, _ valuesLength: Int) -> Revert {
        Revert.error(
            "ERC1155InvalidArrayLength(uint256,uint256)", [.uint(UInt256(idsLength)), .uint(UInt256(valuesLength))])
    }
}

extension ERC1155Ledger {
    /// ABI encoding of the few shapes ERC-1155 calls and events use, written out word by word.
    enum Words {
        /// A small number as a word.
        static func int(_ value: Int) -> [UInt8] { UInt256(value).bytes32 }

        static func selector(_ value: UInt32) -> [UInt8] {
            [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }

        /// The tail of a `bytes` or `string` value: its length, then the bytes padded to whole words.
        static func tail(_ bytes: [UInt8]) -> [UInt8] {
            var out = int(bytes.count)
            out.reserveCapacity(32 + (bytes.count + 31) / 32 * 32)
            out += bytes
            let remainder = bytes.count % 32
            if remainder != 0 { out += [UInt8](repeating: 0, count: 32 - remainder) }
            return out
        }

        /// The tail of a `uint256[]` value: its length, then the elements.
        static func tail(_ values: [UInt256]) -> [UInt8] {
            var out = int(values.count)
            out.reserveCapacity(32 * (values.count + 1))
            for value in values { out += value.bytes32 }
            return out
        }

        /// A single `string` (or `bytes`) as return data or event data.
        static func string(_ bytes: [UInt8]) -> [UInt8] { int(32) + tail(bytes) }
    }
}
