import MintSimPrimitives
import Testing

@testable import MintSimChain

@Suite struct FastMapTests {
    /// Random inserts, updates and removals agree with a Dictionary at every step, through growth.
    @Test(arguments: [1, 2, 3] as [UInt64]) func agreesWithDictionary(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        var map = FastMap<Address, UInt64>()
        var reference: [Address: UInt64] = [:]
        // A small key space forces collisions, long probe runs and many removals of run members.
        let keys: [Address] = try (0..<600).map { i in
            var bytes = [UInt8](repeating: 0, count: 20)
            bytes[19] = UInt8(i & 0xff)
            bytes[18] = UInt8(i >> 8)
            if i % 3 == 0 { bytes[0] = UInt8(truncatingIfNeeded: i * 7) }
            return try Address(bytes: bytes)
        }
        for step in 0..<20_000 {
            let key = keys[Int(rng.next() % UInt64(keys.count))]
            let choice = rng.next() % 6
            if choice == 0 {
                map[key] = nil
                reference[key] = nil
            } else if choice == 1 {
                // updateValue returns what it replaced, for removals and inserts alike.
                let value: UInt64? = rng.next() % 2 == 0 ? nil : rng.next()
                #expect(map.updateValue(value, forKey: key) == reference[key])
                reference[key] = value
            } else {
                let value = rng.next()
                map[key] = value
                reference[key] = value
            }
            if step % 997 == 0 {
                #expect(map.count == reference.count)
                for k in keys { #expect(map[k] == reference[k]) }
            }
        }
        #expect(map.count == reference.count)
        for k in keys { #expect(map[k] == reference[k]) }
        // Emptied completely, then reused.
        for k in keys { map[k] = nil }
        #expect(map.count == 0)
        #expect(keys.allSatisfy { map[$0] == nil })
        map[keys[5]] = 42
        #expect(map[keys[5]] == 42 && map.count == 1)
    }

    @Test func hashKeysAndRemoveAll() {
        var map = FastMap<Hash, Int>()
        let keys = (0..<1_000).map { Keccak256.hash(UInt256(UInt64($0)).bytes32) }
        for (i, key) in keys.enumerated() { map[key] = i }
        #expect(map.count == 1_000)
        #expect(keys.enumerated().allSatisfy { map[$1] == $0 })
        #expect(map.contains(keys[999]) && !map.contains(Hash.zero))
        map.removeAll()
        #expect(map.count == 0 && !map.contains(keys[0]))
        map[keys[1]] = 7
        #expect(map[keys[1]] == 7)
    }

    @Test func modifyInsertsAndChangesInPlace() throws {
        var outer = FastMap<Address, FastMap<StorageKey, StorageValue>>()
        let a = try Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
        outer.modify(a, default: FastMap()) { $0[StorageKey(1)] = .word(UInt256(5)) }
        outer.modify(a, default: FastMap()) { $0[StorageKey(2, a)] = .bytes([1, 2]) }
        #expect(outer.count == 1)
        #expect(outer[a]?[StorageKey(1)] == .word(UInt256(5)))
        #expect(outer[a]?[StorageKey(2, a)] == .bytes([1, 2]))
        let count = outer.modify(a, default: FastMap()) { inner -> Int in
            inner[StorageKey(1)] = nil
            return inner.count
        }
        #expect(count == 1)
        #expect(outer[a]?[StorageKey(1)] == nil)
        #expect(outer[.zero] == nil)
    }
}
