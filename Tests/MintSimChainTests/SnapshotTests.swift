import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

@Suite struct SnapshotTests {
    @Test func revertRestoresEverything() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(5)))
        chain.mine()
        let queued = try chain.send(TransactionRequest(from: alice, to: carol, value: UInt256(7)))
        let before = ChainFingerprint(chain)
        let id = chain.snapshot()
        #expect(id == 0)

        chain.mine()  // takes the pending transfer
        try chain.advanceTime(by: 3_600)
        try chain.send(TransactionRequest(from: bob, to: alice, value: UInt256(9)))
        chain.mine(count: 2)
        chain.setBalance(UInt256(1), of: carol)
        chain.setNonce(42, of: bob)
        try chain.setNextBlockTimestamp(chain.now + 1_000)
        let minedHash = chain.block(number: 2)?.transactionHashes.first
        #expect(minedHash == queued.hash)
        #expect(chain.blockNumber == 4)

        try chain.revert(to: id)
        #expect(ChainFingerprint(chain) == before)
        #expect(chain.blockNumber == 1)
        #expect(chain.pending.map(\.hash) == [queued.hash])
        #expect(chain.transaction(hash: queued.hash) == nil)
        #expect(chain.receipt(hash: queued.hash) == nil)
        #expect(chain.block(number: 2) == nil)
        #expect(chain.nonce(of: bob) == 0)
        // Time is restored too, including a fixed next timestamp that was set after the snapshot.
        #expect(chain.now == before.now)
        // The id is used up.
        expectChainError("unknown snapshot id 0") { try chain.revert(to: id) }
        #expect(chain.snapshotIds.isEmpty)
    }

    @Test func revertDropsLaterSnapshotsAndKeepAllowsReuse() throws {
        let chain = Chain()
        let a = chain.snapshot()
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))
        let b = chain.snapshot()
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(2)))
        let c = chain.snapshot()
        #expect([a, b, c] == [0, 1, 2])
        try chain.revert(to: b, keep: true)
        #expect(chain.snapshotIds == [a, b])
        #expect(chain.balance(of: bob) == tenThousandEther &+ UInt256(1))
        expectChainError("unknown snapshot id 2") { try chain.revert(to: c) }
        // b is kept: change things and revert to it again.
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(100)))
        try chain.revert(to: b, keep: true)
        #expect(chain.balance(of: bob) == tenThousandEther &+ UInt256(1))
        #expect(chain.blockNumber == 1)
        try chain.revert(to: a)
        #expect(chain.balance(of: bob) == tenThousandEther)
        #expect(chain.blockNumber == 0)
        #expect(chain.snapshotIds.isEmpty)
        // Ids are never reused.
        #expect(chain.snapshot() == 3)
    }

    @Test func revertedBlocksAreMinedAgainIdentically() throws {
        let chain = Chain()
        let id = chain.snapshot()
        let first = try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))
        let firstBlock = chain.latestBlock
        try chain.revert(to: id)
        let again = try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))
        #expect(again.hash == first.hash)
        #expect(chain.latestBlock == firstBlock)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SnapshotPropertyTests {
    enum Operation: Equatable {
        case transfer(from: Int, to: Int, value: UInt64)
        case advance(UInt64)
        case mine
        case setBalance(Int, UInt64)
    }

    func apply(_ op: Operation, to chain: Chain) throws {
        switch op {
        case .transfer(let from, let to, let value):
            try chain.send(TransactionRequest(from: devAccounts[from].address, to: devAccounts[to].address, value: UInt256(value)))
        case .advance(let seconds): try chain.advanceTime(by: seconds)
        case .mine: chain.mine()
        case .setBalance(let index, let value): chain.setBalance(UInt256(value), of: devAccounts[index].address)
        }
    }

    /// Random operations with random snapshots and reverts end in the same chain as a replay of only
    /// the operations that were kept.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64]) func randomSequences(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        for mining in [MiningMode.auto, .manual, .interval] {
            var config = ChainConfig.development(accounts: 4)
            config.mining = mining
            config.blockTime = 5
            let chain = Chain(config: config)
            // Each open snapshot remembers how many kept operations existed when it was taken.
            var kept: [Operation] = []
            var open: [(id: UInt64, keptCount: Int)] = []
            for _ in 0..<150 {
                switch rng.next() % 10 {
                case 0:
                    open.append((chain.snapshot(), kept.count))
                case 1 where !open.isEmpty:
                    let index = Int(rng.next() % UInt64(open.count))
                    let keep = rng.next() % 2 == 0
                    try chain.revert(to: open[index].id, keep: keep)
                    kept.removeSubrange(open[index].keptCount...)
                    open.removeSubrange((keep ? index + 1 : index)...)
                default:
                    let op: Operation
                    switch rng.next() % 6 {
                    case 0: op = .advance(rng.next() % 20)
                    case 1: op = .mine
                    case 2: op = .setBalance(Int(rng.next() % 4), rng.next() % 1_000_000)
                    default:
                        op = .transfer(from: Int(rng.next() % 4), to: Int(rng.next() % 4), value: rng.next() % 1_000)
                    }
                    do {
                        try apply(op, to: chain)
                        kept.append(op)
                    } catch is ChainError {
                        // Refused: changes nothing, so it is not part of the replay.
                    }
                }
            }
            let replay = Chain(config: config)
            for op in kept { try apply(op, to: replay) }
            let accounts = devAccounts.prefix(4).map(\.address) + [Address.zero]
            #expect(ChainFingerprint(chain, accounts: accounts) == ChainFingerprint(replay, accounts: accounts), "seed \(seed), \(mining)")
        }
    }
}
