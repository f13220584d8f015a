import Foundation
import MintSimPrimitives
import Testing

@testable import MintSimChain

/// A test-only model that reports the block it runs in: `info()` returns its number and timestamp.
struct BlockProbe: ContractModel {
    var kind: String { "block-probe" }
    static let info = try! ABIFunction(parsing: "info()(uint256,uint256)")

    func construct(_ context: ExecutionContext) throws(Revert) {}

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard context.selector == Self.info.selector else { throw Revert(data: []) }
        return UInt256(context.blockNumber).bytes32 + UInt256(context.timestamp).bytes32
    }
}

/// What a test remembers about the state at the end of one block.
struct StateRecord: Equatable {
    let balances: [UInt256]
    let nonces: [UInt64]
    let storage: [StorageValue?]
    let count: [ABIValue]?

    /// The live values (`block` nil) or those read at a past block.
    init(_ chain: Chain, accounts: [Address], counter: Address?, keys: [StorageKey], atBlock block: UInt64? = nil) throws {
        if let block {
            balances = try accounts.map { try chain.balance(of: $0, atBlock: block) }
            nonces = try accounts.map { try chain.nonce(of: $0, atBlock: block) }
            storage = try keys.map { key in try counter.map { try chain.storage(of: $0, key, atBlock: block) } ?? nil }
        } else {
            balances = accounts.map { chain.balance(of: $0) }
            nonces = accounts.map { chain.nonce(of: $0) }
            storage = keys.map { key in counter.flatMap { chain.storage(of: $0, key) } }
        }
        // Before the counter exists its address has no code: the raw call returns nothing.
        if let counter, try !chain.call(to: counter, data: Counter.count.selector, atBlock: block).isEmpty {
            count = try chain.call(counter, "count()(uint256)", atBlock: block)
        } else {
            count = nil
        }
    }
}

/// Internal state that a past-block read must leave exactly as it found it.
struct InternalState: Equatable {
    let accountCount: Int
    let journalLength: Int
    let openCheckpoints: Int
    let historyPosition: StateHistory.Position
    let historyBlocks: ClosedRange<UInt64>

    init(_ chain: Chain) {
        accountCount = chain.accountCount
        journalLength = chain.state.journalLength
        openCheckpoints = chain.state.openCheckpoints
        historyPosition = chain.state.history.position
        historyBlocks = chain.stateHistoryBlocks
    }
}

@Suite struct HistoryTests {
    let accounts = [alice, bob, carol, devAccounts[3].address, Address.zero]
    let keys = [Counter.countSlot, Counter.bySlot(alice), Counter.bySlot(bob), Counter.lastTrySlot]

    func record(_ chain: Chain, _ counter: Address?, atBlock block: UInt64? = nil) throws -> StateRecord {
        try StateRecord(chain, accounts: accounts, counter: counter, keys: keys, atBlock: block)
    }

    @Test func readsAtPastBlocksSeeTheStateOfThatBlock() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("1")
        let chain = Chain(config: config)
        let counter = Address.contractAddress(sender: alice, nonce: 1)
        var records: [StateRecord] = [try record(chain, counter)]
        try chain.send(TransactionRequest(from: alice, to: bob, value: ether("1")))
        records.append(try record(chain, counter))
        try chain.deploy(Counter(initial: 10), from: alice)
        records.append(try record(chain, counter))
        try chain.transact(counter, "increment()", from: bob)
        records.append(try record(chain, counter))
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(5))], from: alice)
        records.append(try record(chain, counter))
        // A failed transaction still changes the sender's nonce and balance.
        try chain.transact(counter, "incrementThenFail(string)", [.string("no")], from: bob, gasLimit: 200_000)
        records.append(try record(chain, counter))
        try chain.send(TransactionRequest(from: carol, to: devAccounts[3].address, value: ether("2"), maxPriorityFeePerGas: gwei("1")))
        records.append(try record(chain, counter))
        #expect(chain.blockNumber == 6)
        #expect(records[0].count == nil && records[1].count == nil && records[2].count == [.uint(UInt256(10))])

        let latest = InternalState(chain)
        let live = try record(chain, counter)
        for block in [3, 0, 6, 1, 5, 2, 4] as [UInt64] {
            #expect(try record(chain, counter, atBlock: block) == records[Int(block)], "block \(block)")
            #expect(InternalState(chain) == latest)
            #expect(try record(chain, counter) == live)
        }
        // nil reads the latest state.
        #expect(try chain.balance(of: bob, atBlock: nil) == chain.balance(of: bob))
        #expect(try chain.storage(of: counter, Counter.countSlot, atBlock: nil) == .word(UInt256(16)))
    }

    @Test func aPastCallLeavesTheLatestStateExactlyAsItWas() throws {
        let chain = Chain()
        let counter = try chain.deploy(Counter(initial: 1), from: alice).address  // block 1
        try chain.transact(counter, "increment()", from: bob)  // block 2
        try chain.send(TransactionRequest(from: bob, to: carol, value: ether("3")))  // block 3
        // An account that first exists in block 4, and a direct change after it.
        let newcomer = Address.contractAddress(sender: carol, nonce: 99)
        try chain.send(TransactionRequest(from: carol, to: newcomer, value: UInt256(7)))  // block 4
        chain.setBalance(UInt256(123), of: alice)
        let before = InternalState(chain)
        let live = try record(chain, counter)
        let fingerprint = ChainFingerprint(chain, accounts: accounts + [newcomer])

        // Calls that change state while they run (increment, forwarding) at several past blocks.
        for block in [1, 2, 3] as [UInt64] {
            _ = try chain.call(counter, "increment()", from: carol, atBlock: block)
            let forward = try Counter.increment.encodeCall([])
            _ = try chain.call(counter, "tryForward(address,bytes)", [.address(counter), .bytes(forward)], atBlock: block)
            #expect(try chain.balance(of: newcomer, atBlock: block) == .zero)
        }
        // Before the counter existed the address had no code.
        #expect(try chain.call(to: counter, data: Counter.count.selector, atBlock: 0).isEmpty)
        #expect(chain.contract(at: counter) != nil)

        #expect(InternalState(chain) == before)
        #expect(try record(chain, counter) == live)
        #expect(ChainFingerprint(chain, accounts: accounts + [newcomer]) == fingerprint)
        #expect(chain.balance(of: newcomer) == UInt256(7))
        #expect(chain.balance(of: alice) == UInt256(123))
        // The latest block reads the current state, direct changes included.
        #expect(try chain.balance(of: alice, atBlock: 4) == UInt256(123))
        #expect(try chain.balance(of: alice, atBlock: 3) == tenThousandEther)
        // History keeps working after the reads. Once block 5 is mined, block 4 reads as it was mined:
        // the direct change made after it belongs to block 5.
        try chain.transact(counter, "increment()", from: alice)
        #expect(try chain.storage(of: counter, Counter.countSlot, atBlock: 4) == .word(UInt256(2)))
        #expect(try chain.storage(of: counter, Counter.countSlot, atBlock: 5) == .word(UInt256(3)))
        #expect(try chain.balance(of: alice, atBlock: 4) == tenThousandEther)
        #expect(try chain.balance(of: alice, atBlock: 5) == UInt256(123))
    }

    @Test func aPastCallSeesThatBlocksNumberAndTimestamp() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let probe = try chain.deploy(BlockProbe(), from: alice, gasLimit: 200_000).address
        chain.mine()  // block 1
        try chain.advanceTime(by: 1_000)
        chain.mine()  // block 2
        try chain.setNextBlockTimestamp(chain.latestBlock.timestamp + 5_000)
        chain.mine(count: 2)  // blocks 3 and 4
        try chain.advanceTime(by: 77)
        for block in 1...chain.blockNumber {
            let expected: [ABIValue] = [.uint(UInt256(block)), .uint(UInt256(chain.blocks[Int(block)].timestamp))]
            #expect(try chain.call(probe, "info()(uint256,uint256)", atBlock: block) == expected, "block \(block)")
        }
        // Without a block: the next block's number and the current time, as before.
        #expect(try chain.call(probe, "info()(uint256,uint256)") == [.uint(UInt256(5)), .uint(UInt256(chain.now))])
        #expect(chain.now != chain.latestBlock.timestamp)
    }

    @Test func historySurvivesSnapshotReverts() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        var rng = SplitMix64(state: 7)
        let counter = try chain.deploy(Counter(initial: 0), from: alice, gasLimit: 500_000).address
        var records = [try record(chain, counter)]
        func mine(_ actions: () throws -> Void) throws {
            try actions()
            chain.mine()
            records.append(try record(chain, counter))
        }
        try mine {}  // block 1: the deployment
        try mine { try chain.transact(counter, "increment()", from: bob, gasLimit: 200_000) }
        try mine { try chain.send(TransactionRequest(from: alice, to: carol, value: UInt256(5))) }
        // Direct changes after block 3, then a snapshot with a transaction pending.
        chain.setBalance(UInt256(1), of: carol)
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(100))], from: alice, gasLimit: 200_000)
        let snapshot = chain.snapshot()
        try mine {}  // block 4: takes the pending add
        try mine { try chain.send(TransactionRequest(from: bob, to: alice, value: UInt256(9))) }
        #expect(try chain.storage(of: counter, Counter.countSlot, atBlock: 4) == .word(UInt256(101)))
        #expect(try record(chain, counter, atBlock: 4) == records[4])

        try chain.revert(to: snapshot, keep: true)
        records.removeSubrange(4...)
        #expect(chain.stateHistoryBlocks == 0...3)
        expectChainError("block 4 does not exist (latest is 3)") { _ = try chain.balance(of: bob, atBlock: 4) }
        for block in 0...2 { #expect(try record(chain, counter, atBlock: UInt64(block)) == records[block]) }
        // Block 3 is the latest again: it reads the current state, with the direct change made after it.
        #expect(try record(chain, counter, atBlock: 3) == record(chain, counter))
        #expect(try chain.balance(of: carol, atBlock: 3) == UInt256(1))
        #expect(records[3].balances[2] == tenThousandEther &+ UInt256(5))
        #expect(try chain.balance(of: carol, atBlock: 2) == tenThousandEther)

        // New blocks after the revert get their own history, including the direct change.
        try mine { try chain.transact(counter, "increment()", from: carol, gasLimit: 200_000) }  // block 4 again, with the add
        try mine { try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(11))) }
        try mine { chain.setNonce(50, of: devAccounts[3].address) }
        #expect(records[4].storage[0] == .word(UInt256(102)))
        #expect(records[4].balances[2] == UInt256(1))
        // Now that block 3 is not the latest, it reads as it was mined, without the direct change.
        for block in (0...6).shuffled(using: &rng) { #expect(try record(chain, counter, atBlock: UInt64(block)) == records[block], "block \(block)") }

        // Back to the kept snapshot once more, then a revert to before everything.
        try chain.revert(to: snapshot)
        records.removeSubrange(4...)
        for block in (0...2).shuffled(using: &rng) { #expect(try record(chain, counter, atBlock: UInt64(block)) == records[block]) }
        #expect(try chain.balance(of: carol, atBlock: 3) == UInt256(1))
        let early = chain.snapshot()
        try mine { try chain.send(TransactionRequest(from: bob, to: carol, value: UInt256(1))) }
        try chain.revert(to: early)
        records.removeSubrange(4...)
        #expect(chain.stateHistoryBlocks == 0...3)
        try mine {}
        for block in (0...4).shuffled(using: &rng) { #expect(try record(chain, counter, atBlock: UInt64(block)) == records[block]) }
    }

    @Test func aRevertWithinTheStoredHistoryKeepsIt() throws {
        var config = ChainConfig.development()
        config.stateHistory = 2
        let chain = Chain(config: config)
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))  // block 1
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))  // block 2
        let snapshot = chain.snapshot()
        for _ in 0..<5 { try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1))) }
        #expect(chain.stateHistoryBlocks == 5...7)
        try chain.revert(to: snapshot)
        // Blocks 0 to 2 are within the limit of the latest again, and their ends are still known.
        #expect(chain.stateHistoryBlocks == 0...2)
        #expect(try chain.balance(of: bob, atBlock: 0) == tenThousandEther)
        #expect(try chain.balance(of: bob, atBlock: 1) == tenThousandEther &+ UInt256(1))
    }

    @Test func aRevertBeyondTheKeptHistoryStartsItAfresh() throws {
        var config = ChainConfig.development()
        config.stateHistory = 2
        let chain = Chain(config: config)
        try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))  // block 1
        let snapshot = chain.snapshot()
        for _ in 0..<40 { try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1))) }
        #expect(chain.stateHistoryBlocks == 39...41)
        try chain.revert(to: snapshot)
        // Block 1's end fell out of the history while the later blocks were kept.
        #expect(chain.stateHistoryBlocks == 1...1)
        try chain.send(TransactionRequest(from: alice, to: carol, value: UInt256(2)))  // block 2
        try chain.send(TransactionRequest(from: alice, to: carol, value: UInt256(3)))  // block 3
        #expect(chain.stateHistoryBlocks == 2...3)
        #expect(try chain.balance(of: carol, atBlock: 2) == tenThousandEther &+ UInt256(2))
        #expect(try chain.balance(of: bob, atBlock: 2) == tenThousandEther &+ UInt256(1))
        expectChainError("state of block 1 is no longer kept (history covers blocks 2–3; raise stateHistory)") {
            _ = try chain.balance(of: bob, atBlock: 1)
        }
    }

    @Test func blocksOutsideTheHistoryAreErrors() throws {
        var config = ChainConfig.development()
        config.stateHistory = 2
        let chain = Chain(config: config)
        let counter = try chain.deploy(Counter(initial: 3), from: alice).address
        for _ in 0..<5 { try chain.transact(counter, "increment()", from: bob) }
        #expect(chain.blockNumber == 6)
        #expect(chain.stateHistoryBlocks == 4...6)
        let tooOld = "state of block 3 is no longer kept (history covers blocks 4–6; raise stateHistory)"
        expectChainError(tooOld) { _ = try chain.balance(of: bob, atBlock: 3) }
        expectChainError(tooOld) { _ = try chain.nonce(of: bob, atBlock: 3) }
        expectChainError(tooOld) { _ = try chain.storage(of: counter, Counter.countSlot, atBlock: 3) }
        expectChainError(tooOld) { _ = try chain.call(counter, "count()(uint256)", atBlock: 3) }
        expectChainError("state of block 0 is no longer kept (history covers blocks 4–6; raise stateHistory)") {
            _ = try chain.call(to: counter, data: Counter.count.selector, atBlock: 0)
        }
        let future = "block 7 does not exist (latest is 6)"
        expectChainError(future) { _ = try chain.balance(of: bob, atBlock: 7) }
        expectChainError(future) { _ = try chain.call(counter, "count()(uint256)", atBlock: 7) }
        expectChainError("block 18446744073709551615 does not exist (latest is 6)") { _ = try chain.nonce(of: bob, atBlock: .max) }
        do {
            _ = try chain.balance(of: bob, atBlock: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .stateUnavailable)
        }
        do {
            _ = try chain.balance(of: bob, atBlock: 9)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownBlock)
        }
        #expect(try chain.storage(of: counter, Counter.countSlot, atBlock: 4) == .word(UInt256(6)))
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 6) == [.uint(UInt256(8))])
        // Old entries are dropped as blocks are added: the history stays small.
        for _ in 0..<2_000 { try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1))) }
        #expect(chain.stateHistoryBlocks == 2_004...2_006)
        #expect(chain.state.history.accounts.count + chain.state.history.created.count <= 2 * 256 + 16)
        #expect(try chain.balance(of: bob, atBlock: 2_004) == (try chain.balance(of: bob, atBlock: 2_006)) &- UInt256(2))
    }

    @Test func noHistoryKeepsOnlyTheLatestBlock() throws {
        var config = ChainConfig.development()
        config.stateHistory = 0
        let chain = Chain(config: config)
        let counter = try chain.deploy(Counter(initial: 3), from: alice).address
        for _ in 0..<5 { try chain.transact(counter, "increment()", from: bob) }
        #expect(chain.stateHistoryBlocks == 6...6)
        expectChainError("state of block 3 is no longer kept (stateHistory is 0: only the latest block, 6, is kept)") {
            _ = try chain.balance(of: bob, atBlock: 3)
        }
        expectChainError("state of block 5 is no longer kept (stateHistory is 0: only the latest block, 6, is kept)") {
            _ = try chain.call(counter, "count()(uint256)", atBlock: 5)
        }
        expectChainError("block 7 does not exist (latest is 6)") { _ = try chain.balance(of: bob, atBlock: 7) }
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 6) == [.uint(UInt256(8))])
        #expect(try chain.nonce(of: bob, atBlock: 6) == 5)
        // Nothing is recorded.
        #expect(chain.state.history.position == StateHistory.Position())
    }

    @Test func pendingTransactionsAreNotPartOfAnyBlock() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let counter = try chain.deploy(Counter(initial: 10), from: alice, gasLimit: 500_000).address
        chain.mine()  // block 1
        try chain.transact(counter, "increment()", from: bob, gasLimit: 200_000)
        chain.mine()  // block 2
        let atTwo = try record(chain, counter)
        let atOne = try record(chain, counter, atBlock: 1)
        // Queued, not mined.
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(50))], from: bob, gasLimit: 200_000)
        try chain.send(TransactionRequest(from: alice, to: carol, value: ether("1"), gasLimit: 21_000))
        #expect(chain.pending.count == 2)
        #expect(try record(chain, counter, atBlock: 1) == atOne)
        #expect(try record(chain, counter, atBlock: 2) == atTwo)
        #expect(try record(chain, counter) == atTwo)
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 1) == [.uint(UInt256(10))])
        #expect(chain.pending.count == 2)
        #expect(chain.pendingNonce(of: bob) == 2)
        chain.mine()  // block 3 takes them
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 3) == [.uint(UInt256(61))])
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 2) == [.uint(UInt256(11))])
        #expect(try chain.balance(of: carol, atBlock: 2) == tenThousandEther)
        #expect(try chain.balance(of: carol, atBlock: 3) == tenThousandEther &+ ether("1"))
    }

    @Test func aRevertInAPastCallIsReportedAndUndone() throws {
        let chain = Chain()
        let counter = try chain.deploy(Counter(initial: 10), from: alice).address  // block 1
        try chain.transact(counter, "increment()", from: bob)  // block 2
        try chain.transact(counter, "increment()", from: bob)  // block 3
        let before = InternalState(chain)
        let live = try record(chain, counter)
        do {
            _ = try chain.call(counter, "incrementThenFail(string)", [.string("not then")], from: carol, atBlock: 2)
            Issue.record("expected a revert")
        } catch {
            #expect(error.code == .executionReverted)
            #expect(error.message == "execution reverted: revert: not then")
            #expect(error.revert == Revert.reason("not then"))
        }
        do {
            _ = try chain.call(counter, "failCustom(uint256)", [.uint(UInt256(4))], atBlock: 1)
            Issue.record("expected a revert")
        } catch {
            #expect(error.revert == Revert.error("CounterError(uint256)", [.uint(UInt256(4))]))
        }
        // A forwarded call that reverts inside is caught, and its effects are visible only to the call.
        let failing = try Counter.incrementThenFail.encodeCall([.string("inner")])
        #expect(try chain.call(counter, "tryForward(address,bytes)", [.address(counter), .bytes(failing)], atBlock: 2) == [])
        // Calls and estimates on the latest state record nothing in the history either.
        _ = try chain.call(counter, "increment()", from: carol)
        _ = try chain.estimateGas(Transaction(to: counter, data: Counter.increment.selector), from: carol)
        #expect(InternalState(chain) == before)
        #expect(try record(chain, counter) == live)
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 2) == [.uint(UInt256(11))])
        #expect(try chain.call(counter, "count()(uint256)") == [.uint(UInt256(12))])
    }

    @Test func pastReadsInsideAnOpenSnapshot() throws {
        let chain = Chain()
        let counter = try chain.deploy(Counter(initial: 0), from: alice).address  // block 1
        let atOne = try record(chain, counter)
        let snapshot = chain.snapshot()
        try chain.transact(counter, "add(uint256)", [.uint(UInt256(9))], from: bob)  // block 2
        #expect(try record(chain, counter, atBlock: 1) == atOne)
        let journal = chain.state.journalLength
        #expect(try chain.call(counter, "count()(uint256)", atBlock: 1) == [.uint(.zero)])
        #expect(chain.state.journalLength == journal && chain.state.openCheckpoints == 1)
        try chain.revert(to: snapshot)
        #expect(try record(chain, counter) == atOne)
        #expect(chain.stateHistoryBlocks == 0...1)
    }
}

@Suite struct HistoryPropertyTests {
    /// Random transfers, contract calls, direct changes, reads and snapshot reverts over 40 blocks:
    /// every account's state at every block, read in random order, is what it was when the block was
    /// mined. With a short history, over 150 blocks, the blocks it keeps read the same and older ones
    /// are refused.
    @Test(arguments: [(11, 10_000), (12, 10_000), (13, 10_000), (14, 10_000), (15, 3), (16, 3), (17, 0)] as [(UInt64, Int)])
    func randomBlocks(seed: UInt64, history: Int) throws {
        var rng = SplitMix64(state: seed)
        var config = ChainConfig.development(accounts: 5)
        config.mining = .manual
        config.baseFee = gwei("1")
        config.coinbase = try Address("0x00000000000000000000000000000000000c0ffe")
        config.stateHistory = history
        let blockCount: UInt64 = history < 40 ? 150 : 40
        let chain = Chain(config: config)
        let people = devAccounts.prefix(5).map(\.address)
        let counter = try chain.deploy(Counter(initial: 1), from: people[0], gasLimit: 500_000).address
        let others = (0..<3).map { Address.contractAddress(sender: counter, nonce: UInt64(1_000 + $0)) }
        let everyone = people + others + [config.coinbase, counter]
        let keys = [Counter.countSlot, Counter.lastTrySlot] + people.map(Counter.bySlot)
        func record(atBlock block: UInt64? = nil) throws -> StateRecord {
            try StateRecord(chain, accounts: everyone, counter: counter, keys: keys, atBlock: block)
        }
        var records = [try record()]
        var snapshots: [(id: UInt64, blocks: Int)] = []
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }

        while records.count < blockCount + 1 {
            switch rng.next() % 20 {
            case 0..<9:
                let to = rng.next() % 4 == 0 ? pick(others) : pick(people)
                _ = try? chain.send(TransactionRequest(
                    from: pick(people), to: to, value: UInt256(rng.next() % 1_000_000), gasLimit: 21_000,
                    maxPriorityFeePerGas: UInt256(rng.next() % 3)))
            case 9..<12:
                let call: (String, [ABIValue])
                switch rng.next() % 4 {
                case 0: call = ("increment()", [])
                case 1: call = ("add(uint256)", [.uint(UInt256(rng.next() % 1_000))])
                case 2: call = ("incrementThenFail(string)", [.string("no")])
                default:
                    let inner = try Counter.incrementThenFail.encodeCall([.string("inner")])
                    call = ("tryForward(address,bytes)", [.address(counter), .bytes(inner)])
                }
                _ = try? chain.transact(counter, call.0, call.1, from: pick(people), gasLimit: 300_000)
            case 12:
                chain.setBalance(UInt256(rng.next() % 1_000_000_000), of: pick(everyone))
            case 13:
                chain.setNonce(rng.next() % 100, of: pick(others))
            case 14:
                // Reads in between change nothing.
                _ = try? chain.estimateGas(
                    Transaction(type: .dynamicFee, nonce: 0, maxFeePerGas: gwei("1"), to: counter, data: Counter.increment.selector),
                    from: pick(people))
                // The latest block reads the current state, which direct changes may have moved on.
                let kept = chain.stateHistoryBlocks
                guard kept.lowerBound < kept.upperBound else { break }
                let block = kept.lowerBound + rng.next() % (kept.upperBound - kept.lowerBound)
                #expect(try record(atBlock: block) == records[Int(block)], "seed \(seed), block \(block)")
            case 15:
                snapshots.append((chain.snapshot(), records.count))
            case 16 where !snapshots.isEmpty && rng.next() % 3 == 0:
                let index = Int(rng.next() % UInt64(snapshots.count))
                try chain.revert(to: snapshots[index].id)
                records.removeSubrange(snapshots[index].blocks...)
                snapshots.removeSubrange(index...)
            default:
                chain.mine()
                records.append(try record())
            }
        }
        #expect(chain.blockNumber == blockCount)
        let kept = chain.stateHistoryBlocks
        #expect(kept.upperBound == blockCount && kept.lowerBound >= blockCount - min(UInt64(history), blockCount))
        let latest = InternalState(chain)
        let live = try record()
        for block in (0...chain.blockNumber).shuffled(using: &rng) {
            if kept.contains(block) {
                #expect(try record(atBlock: block) == records[Int(block)], "seed \(seed), block \(block)")
            } else {
                #expect(throws: ChainError.self) { try record(atBlock: block) }
            }
        }
        if history > 0 {
            // The history holds only what the kept blocks need, and a bounded amount besides.
            #expect(chain.state.history.accounts.count + chain.state.history.created.count < 4_000)
            // With a short history, entries have been dropped from the front.
            #expect(history > 40 || chain.state.history.dropped.accounts > 0)
        }
        #expect(InternalState(chain) == latest)
        #expect(try record() == live)
    }
}
