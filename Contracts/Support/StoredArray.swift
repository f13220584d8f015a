import MintSimChain
import MintSimPrimitives

/// A dynamic array of words in contract storage, as Solidity keeps `uint256[]` or `address[]`: its
/// length at `StorageKey(lengthSlot, key)` and entry `i` at `StorageKey(entrySlot, key, i)`. `key`
/// tells apart the arrays of a mapping (`mapping(uint256 => address[])`); zero for a plain array.
struct StoredArray {
    let lengthSlot: UInt32
    let entrySlot: UInt32
    let key: Hash

    init(length lengthSlot: UInt32, entries entrySlot: UInt32, key: Hash = .zero) {
        self.lengthSlot = lengthSlot
        self.entrySlot = entrySlot
        self.key = key
    }

    private var lengthKey: StorageKey { StorageKey(lengthSlot, key) }
    private func entryKey(_ index: Int) -> StorageKey { StorageKey(entrySlot, key, UInt256(UInt64(index)).word32) }

    func count(_ context: ExecutionContext) throws(Revert) -> Int {
        Int(truncatingIfNeeded: try context.loadWord(lengthKey).uint64 ?? 0)
    }

    func entry(_ context: ExecutionContext, _ index: Int) throws(Revert) -> UInt256 {
        try context.loadWord(entryKey(index))
    }

    func all(_ context: ExecutionContext) throws(Revert) -> [UInt256] {
        let count = try count(context)
        var values: [UInt256] = []
        values.reserveCapacity(count)
        for index in 0..<count { values.append(try entry(context, index)) }
        return values
    }

    func set(_ context: ExecutionContext, _ index: Int, _ value: UInt256) throws(Revert) {
        try context.storeWord(entryKey(index), value)
    }

    /// `push`; returns the new length.
    @discardableResult
    func append(_ context: ExecutionContext, _ value: UInt256) throws(Revert) -> Int {
        let count = try count(context)
        try set(context, count, value)
        try context.storeWord(lengthKey, UInt256(UInt64(count + 1)))
        return count + 1
    }

    /// Moves the last entry to `index` and pops (Panic(0x32) past the end); returns that last entry.
    func swapRemove(_ context: ExecutionContext, at index: Int) throws(Revert) -> UInt256 {
        let count = try count(context)
        guard index < count else { throw Revert.panic(0x32) }
        let last = try entry(context, count - 1)
        try set(context, index, last)
        try removeLast(context)
        return last
    }

    /// `pop` (the array is not empty).
    func removeLast(_ context: ExecutionContext) throws(Revert) {
        let count = try count(context)
        guard count > 0 else { return }
        try set(context, count - 1, .zero)
        try context.storeWord(lengthKey, UInt256(UInt64(count - 1)))
    }

    /// Assignment of a whole array (`delete` for an empty one): entries past the new length are cleared.
    func assign(_ context: ExecutionContext, _ values: [UInt256]) throws(Revert) {
        let previous = try count(context)
        for (index, value) in values.enumerated() { try set(context, index, value) }
        if previous > values.count {
            for index in values.count..<previous { try set(context, index, .zero) }
        }
        try context.storeWord(lengthKey, UInt256(UInt64(values.count)))
    }

    /// Replaces the first entry equal to `value` with the last one and pops, as T-REX's removal loops
    /// do; nothing when `value` is absent.
    func swapRemoveFirst(_ context: ExecutionContext, _ value: UInt256) throws(Revert) {
        let count = try count(context)
        for index in 0..<count {
            guard try entry(context, index) == value else { continue }
            if index != count - 1 { try set(context, index, try entry(context, count - 1)) }
            try removeLast(context)
            return
        }
    }
}

/// ABI encodings of the registries' array results and event data.
enum ArrayEncoding {
    static func uints(_ values: [UInt256]) -> [UInt8] { Returns.uints(values) }

    static func addresses(_ values: [Address]) -> [UInt8] {
        (try? ABI.encode([.array(.address)], [.array(values.map { .address($0) })])) ?? []
    }
}
