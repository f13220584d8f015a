import MintSimPrimitives

/// Keys of `FastMap`: a cheap, well-mixed 64-bit hash.
protocol TableHashable: Equatable {
    var tableHash: UInt64 { get }
}

extension Address: TableHashable {}
extension Hash: TableHashable {}

extension StorageKey: TableHashable {
    var tableHash: UInt64 {
        let h = (UInt64(slot) &* 0x9E37_79B9_7F4A_7C15) ^ first.tableHash ^ (second.tableHash &* 0xC2B2_AE3D_27D4_EB4F)
        return h ^ (h >> 31)
    }
}

typealias AddressMap<Value> = FastMap<Address, Value>

/// A hash map for the chain's hottest lookups (accounts, pending transactions, transaction
/// locations). Open addressing with linear probing and backward-shift deletion, hashed by a
/// multiply-xor of the key's words instead of SipHash: several times cheaper per lookup than
/// `Dictionary`. Its order is never observable.
struct FastMap<Key: TableHashable, Value> {
    private var slots: ContiguousArray<(key: Key, value: Value)?>
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = ContiguousArray(repeating: nil, count: size)
        mask = size - 1
    }

    /// The home slot of a key: its table hash through a full-avalanche finaliser (MurmurHash3's
    /// fmix64), so that keys differing only in a few bits (sequential token ids, addresses that count
    /// up) still spread over the whole table instead of piling up in one run of slots.
    @inline(__always)
    private static func index(_ key: Key, _ mask: Int) -> Int {
        var h = key.tableHash
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The slot holding `key`, or nil.
    @inline(__always)
    func find(_ key: Key) -> Int? {
        var i = FastMap.index(key, mask)
        while let entry = slots[i] {
            if entry.key == key { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    subscript(key: Key) -> Value? {
        get {
            guard let i = find(key) else { return nil }
            return slots[i]?.value
        }
        set {
            if let value = newValue {
                insert(key, value)
            } else {
                remove(key)
            }
        }
    }

    /// Sets the value for `key` (nil removes it) and returns the value it replaced, in one probe.
    @discardableResult
    mutating func updateValue(_ value: Value?, forKey key: Key) -> Value? {
        guard let value else { return remove(key) }
        return insert(key, value)
    }

    @discardableResult
    private mutating func insert(_ key: Key, _ value: Value) -> Value? {
        var i = FastMap.index(key, mask)
        while let entry = slots[i] {
            if entry.key == key {
                slots[i] = (key, value)
                return entry.value
            }
            i = (i + 1) & mask
        }
        slots[i] = (key, value)
        count += 1
        if count * 10 > slots.count * 7 { grow() }
        return nil
    }

    @discardableResult
    private mutating func remove(_ key: Key) -> Value? {
        guard var hole = find(key), let removed = slots[hole] else { return nil }
        slots[hole] = nil
        count -= 1
        // Backward-shift deletion: move later entries of the probe run into the hole when their
        // home slot does not lie between the hole and them.
        var j = hole
        while true {
            j = (j + 1) & mask
            guard let entry = slots[j] else { return removed.value }
            let home = FastMap.index(entry.key, mask)
            let between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j)
            if !between {
                slots[hole] = entry
                slots[j] = nil
                hole = j
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = ContiguousArray(repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for case let entry? in old { insert(entry.key, entry.value) }
    }
}

extension FastMap {
    func contains(_ key: Key) -> Bool { find(key) != nil }

    /// Changes the value for `key` in place (inserting `defaultValue` first when absent), without
    /// copying it: the entry is taken out of its slot while `body` runs, so a value with storage of
    /// its own (a nested map) stays uniquely referenced.
    mutating func modify<R>(_ key: Key, default defaultValue: @autoclosure () -> Value, _ body: (inout Value) -> R) -> R {
        guard let i = find(key), var entry = slots[i] else {
            var value = defaultValue()
            let result = body(&value)
            self[key] = value
            return result
        }
        slots[i] = nil
        let result = body(&entry.value)
        slots[i] = entry
        return result
    }

    /// Empties the map, keeping its storage.
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in slots.indices { slots[i] = nil }
        count = 0
    }
}

extension FastMap {
    /// Calls `body` with every entry, in the table's order (for copies, never for output).
    func forEach(_ body: (Key, Value) -> Void) {
        for case let entry? in slots { body(entry.key, entry.value) }
    }
}
