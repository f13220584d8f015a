import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

@Suite struct GenesisTests {
    @Test func developmentChainStartsLikeAnvil() throws {
        let chain = Chain()
        #expect(chain.blockNumber == 0)
        #expect(chain.latestBlock.timestamp == 1_767_225_600)  // 2026-01-01T00:00:00Z
        #expect(chain.latestBlock.parentHash == .zero)
        #expect(chain.latestBlock.transactionHashes.isEmpty)
        for account in devAccounts {
            #expect(chain.balance(of: account.address) == tenThousandEther)
            #expect(chain.nonce(of: account.address) == 0)
        }
        #expect(chain.block(hash: chain.latestBlock.hash) == chain.latestBlock)
        #expect(chain.block(number: 1) == nil)
    }

    @Test func genesisHashIsDeterministic() {
        #expect(Chain().latestBlock.hash == Chain().latestBlock.hash)
        var other = ChainConfig.development()
        other.chainId = 1
        // The chain id is not in the header, but start time and accounts shape the rest.
        other.startTime += 1
        #expect(Chain(config: other).latestBlock.hash != Chain().latestBlock.hash)
    }
}

@Suite struct TransferTests {
    @Test func impersonatedTransferIsMinedAtOnce() throws {
        let chain = Chain()
        let (hash, receipt) = try chain.send(TransactionRequest(from: alice, to: bob, value: ether("1.5")))
        let r = try #require(receipt)
        #expect(r.status)
        #expect(r.gasUsed == 21_000)
        #expect(r.cumulativeGasUsed == 21_000)
        #expect(r.effectiveGasPrice == .zero)
        #expect(r.blockNumber == 1)
        #expect(r.transactionHash == hash)
        #expect(r.from == alice && r.to == bob && r.contractAddress == nil)
        #expect(chain.balance(of: alice) == (try tenThousandEther.subtracting(ether("1.5"))))
        #expect(chain.balance(of: bob) == (try tenThousandEther.adding(ether("1.5"))))
        #expect(chain.nonce(of: alice) == 1)
        #expect(chain.nonce(of: bob) == 0)
        let record = try #require(chain.transaction(hash: hash))
        #expect(record.from == alice && record.blockNumber == 1 && record.index == 0 && record.signature == nil)
        #expect(chain.latestBlock.transactionHashes == [hash])
        #expect(chain.receipt(hash: hash) == r)
        #expect(chain.latestBlock.parentHash == chain.block(number: 0)?.hash)
    }

    @Test func feesAreChargedExactly() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("10")
        config.coinbase = carol
        let chain = Chain(config: config)
        let tip = gwei("2")
        let (_, receipt) = try chain.send(TransactionRequest(
            from: alice, to: bob, value: ether("1"), maxFeePerGas: gwei("50"), maxPriorityFeePerGas: tip))
        let r = try #require(receipt)
        #expect(r.effectiveGasPrice == gwei("12"))
        let fee = UInt256(21_000) &* gwei("12")
        #expect(chain.balance(of: alice) == tenThousandEther &- ether("1") &- fee)
        #expect(chain.balance(of: bob) == tenThousandEther &+ ether("1"))
        #expect(chain.balance(of: carol) == tenThousandEther &+ (UInt256(21_000) &* tip))  // the base fee is burnt

        // A legacy-priced transaction pays its gas price; the tip is what exceeds the base fee.
        let (_, legacy) = try chain.send(TransactionRequest(from: bob, to: alice, gasPrice: gwei("11")))
        #expect(legacy?.effectiveGasPrice == gwei("11"))
        #expect(chain.balance(of: bob) == tenThousandEther &+ ether("1") &- (UInt256(21_000) &* gwei("11")))
        #expect(chain.balance(of: carol) == tenThousandEther &+ (UInt256(21_000) &* tip) &+ (UInt256(21_000) &* gwei("1")))
    }

    @Test func calldataCostsGas() throws {
        let chain = Chain()
        let (_, receipt) = try chain.send(TransactionRequest(from: alice, to: bob, data: [0, 0, 1, 2]))
        #expect(receipt?.gasUsed == 21_000 + 4 * 2 + 16 * 2)
        let entry = AccessListEntry(address: carol, storageKeys: [.zero, .zero])
        let (_, withList) = try chain.send(TransactionRequest(from: alice, to: bob, gasPrice: .zero, accessList: [entry]))
        #expect(withList?.gasUsed == 21_000 + 2_400 + 2 * 1_900)
    }

    @Test func signedTransactionsOfEveryType() throws {
        let chain = Chain()
        let key = devAccounts[3].privateKey
        let sender = devAccounts[3].address
        for (nonce, type) in [TransactionType.legacy, .accessList, .dynamicFee].enumerated() {
            var tx = Transaction(type: type, chainId: 31337, nonce: UInt64(nonce), gasLimit: 21_000, to: bob, value: UInt256(1000))
            if type == .accessList { tx.accessList = []; tx.gasPrice = .zero }
            let signed = try tx.signed(with: key)
            let (hash, receipt) = try chain.sendRaw(signed.rawBytes)
            #expect(hash == signed.hash)
            #expect(receipt?.from == sender)
            #expect(receipt?.type == type)
            #expect(chain.transaction(hash: hash)?.signature == signed.signature)
        }
        #expect(chain.nonce(of: sender) == 3)
        #expect(chain.balance(of: bob) == tenThousandEther &+ UInt256(3000))
        // A pre-EIP-155 legacy transaction (no chain id) is accepted too.
        let old = try Transaction(type: .legacy, chainId: nil, nonce: 3, gasLimit: 21_000, to: bob).signed(with: key)
        #expect(try chain.sendRaw(old.rawBytes).receipt?.status == true)
    }
}

@Suite struct RefusalTests {
    /// Every refused transaction leaves the chain exactly as it was.
    func refuses(_ chain: Chain, _ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        let before = ChainFingerprint(chain)
        expectChainError(message, sourceLocation: sourceLocation, body)
        #expect(ChainFingerprint(chain) == before, sourceLocation: sourceLocation)
    }

    @Test func nonceChecks() throws {
        let chain = Chain()
        try chain.send(TransactionRequest(from: alice, to: bob))
        refuses(chain, "nonce too low: expected 1, got 0") { try chain.send(TransactionRequest(from: alice, to: bob, nonce: 0)) }
        refuses(chain, "nonce too high: expected 1, got 5") { try chain.send(TransactionRequest(from: alice, to: bob, nonce: 5)) }
        chain.setNonce(.max, of: carol)
        refuses(chain, "nonce has max value: address \(carol) nonce \(UInt64.max)") { try chain.send(TransactionRequest(from: carol, to: bob)) }
    }

    @Test func fundsAndGasChecks() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("1")
        let chain = Chain(config: config)
        let poor = Address.zero
        refuses(chain, "insufficient funds for gas * price + value: address \(poor) have 0 want 21000000000000") {
            try chain.send(TransactionRequest(from: poor, to: bob, maxFeePerGas: gwei("1")))
        }
        refuses(chain, "insufficient funds for gas * price + value: address \(alice) have \(tenThousandEther) want \(tenThousandEther &+ UInt256(21_000) &* gwei("1") &+ .one)") {
            try chain.send(TransactionRequest(from: alice, to: bob, value: tenThousandEther &+ .one))
        }
        refuses(chain, "intrinsic gas too low: have 20999, want 21000") {
            try chain.send(TransactionRequest(from: alice, to: bob, gasLimit: 20_999))
        }
        refuses(chain, "gas limit 30000001 exceeds the block gas limit 30000000") {
            try chain.send(TransactionRequest(from: alice, to: bob, gasLimit: 30_000_001))
        }
        refuses(chain, "max fee per gas 999999999 is less than the block base fee 1000000000") {
            try chain.send(TransactionRequest(from: alice, to: bob, maxFeePerGas: gwei("0.999999999")))
        }
        refuses(chain, "gas price 5 is less than the block base fee 1000000000") {
            try chain.send(TransactionRequest(from: alice, to: bob, gasPrice: UInt256(5)))
        }
        refuses(chain, "max priority fee per gas 3000000000 is higher than max fee per gas 2000000000") {
            try chain.send(TransactionRequest(from: alice, to: bob, maxFeePerGas: gwei("2"), maxPriorityFeePerGas: gwei("3")))
        }
        refuses(chain, "insufficient funds for gas * price + value: address \(alice) have \(tenThousandEther) want more than 2^256-1") {
            try chain.send(TransactionRequest(from: alice, to: bob, value: .max))
        }
    }

    @Test func signedTransactionChecks() throws {
        let chain = Chain()
        let key = devAccounts[0].privateKey
        let wrongChain = try Transaction(type: .dynamicFee, chainId: 1, nonce: 0, to: bob).signed(with: key)
        refuses(chain, "invalid chain id: expected 31337, got 1") { try chain.sendRaw(wrongChain.rawBytes) }
        refuses(chain, "empty transaction") { try chain.sendRaw([]) }
        refuses(chain, "unsupported transaction type 0x03") { try chain.sendRaw([0x03, 0xc0]) }
        // A well-formed signature from which no public key recovers (r = 5 is no curve point's x).
        let unsigned = Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, to: bob)
        let forged = SignedTransaction(transaction: unsigned, signature: Signature(r: 5, s: .one, recoveryId: 0))
        refuses(chain, "transaction signature: invalid signature: no public key recovers from it") { try chain.sendRaw(forged.rawBytes) }
        let good = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, to: bob).signed(with: key)
        try chain.sendRaw(good.rawBytes)
        refuses(chain, "nonce too low: expected 1, got 0") { try chain.sendRaw(good.rawBytes) }
        let create = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 1, gasLimit: 100_000, to: nil).signed(with: key)
        refuses(chain, "contract creation: the transaction data names no contract model; deploy models with Chain.deploy") {
            try chain.sendRaw(create.rawBytes)
        }
    }
}

@Suite struct MiningTests {
    @Test func manualMiningQueuesUntilMine() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let first = try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(1)))
        let second = try chain.send(TransactionRequest(from: alice, to: bob, value: UInt256(2)))
        let third = try chain.send(TransactionRequest(from: bob, to: carol, value: UInt256(3)))
        #expect(first.receipt == nil && second.receipt == nil)
        #expect(chain.pending.map(\.hash) == [first.hash, second.hash, third.hash])
        #expect(chain.pendingNonce(of: alice) == 2)
        #expect(chain.nonce(of: alice) == 0)
        #expect(chain.balance(of: bob) == tenThousandEther)
        let blocks = chain.mine()
        #expect(blocks.count == 1)
        #expect(blocks[0].transactionHashes == [first.hash, second.hash, third.hash])
        #expect(chain.receipts(block: 1).map(\.cumulativeGasUsed) == [21_000, 42_000, 63_000])
        #expect(chain.receipts(block: 1).map(\.transactionIndex) == [0, 1, 2])
        #expect(blocks[0].gasUsed == 63_000)
        #expect(chain.pending.isEmpty)
        #expect(chain.balance(of: bob) == tenThousandEther &+ UInt256(3) &- UInt256(3))
        #expect(chain.nonce(of: alice) == 2)
        let empty = chain.mine(count: 3)
        #expect(empty.map(\.number) == [2, 3, 4])
        #expect(empty.allSatisfy { $0.transactionHashes.isEmpty })
    }

    @Test func duplicatePendingTransactionIsAlreadyKnown() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let signed = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, to: bob).signed(with: devAccounts[0].privateKey)
        try chain.sendRaw(signed.rawBytes)
        expectChainError("transaction \(signed.hash) is already known") { try chain.sendRaw(signed.rawBytes) }
        #expect(chain.pending.count == 1)
    }

    @Test func fullBlocksSpillIntoTheNext() throws {
        var config = ChainConfig.development()
        config.mining = .manual
        config.blockGasLimit = 50_000
        let chain = Chain(config: config)
        for _ in 0..<3 { try chain.send(TransactionRequest(from: alice, to: bob)) }
        #expect(chain.mine().first?.transactionHashes.count == 2)
        #expect(chain.pending.count == 1)
        #expect(chain.mine().first?.transactionHashes.count == 1)
    }

    @Test func intervalMiningFollowsTheClock() throws {
        var config = ChainConfig.development()
        config.mining = .interval
        config.blockTime = 12
        let chain = Chain(config: config)
        let start = config.startTime
        let sent = try chain.send(TransactionRequest(from: alice, to: bob))
        #expect(sent.receipt == nil)
        try chain.advanceTime(by: 11)
        #expect(chain.blockNumber == 0)
        try chain.advanceTime(by: 1)
        #expect(chain.blockNumber == 1)
        #expect(chain.latestBlock.timestamp == start + 12)
        #expect(chain.latestBlock.transactionHashes == [sent.hash])
        try chain.advanceTime(by: 40)  // now start + 52: blocks at +24, +36, +48
        #expect(chain.blocks.map(\.timestamp) == [start, start + 12, start + 24, start + 36, start + 48])
        #expect(chain.now == start + 52)
    }

    @Test func automineTimestampsAdvanceByBlockTime() throws {
        var config = ChainConfig.development()
        config.blockTime = 12
        let chain = Chain(config: config)
        let start = config.startTime
        try chain.send(TransactionRequest(from: alice, to: bob))
        try chain.send(TransactionRequest(from: alice, to: bob))
        #expect(chain.blocks.map(\.timestamp) == [start, start + 12, start + 24])
        #expect(chain.now == start + 36)
    }
}

@Suite struct ClockTests {
    @Test func advanceAndSetNextTimestamp() throws {
        let chain = Chain()
        let start = chain.config.startTime
        #expect(chain.now == start + 1)
        try chain.advanceTime(by: 86_400)
        #expect(chain.now == start + 1 + 86_400)
        chain.mine()
        #expect(chain.latestBlock.timestamp == start + 1 + 86_400)
        try chain.setNextBlockTimestamp(start + 100_000)
        #expect(chain.now == start + 100_000)
        chain.mine()
        #expect(chain.latestBlock.timestamp == start + 100_000)
        expectChainError("timestamp \(start + 100_000) is not after the latest block's \(start + 100_000)") {
            try chain.setNextBlockTimestamp(start + 100_000)
        }
        expectChainError("advancing the clock by \(UInt64.max) seconds overflows") { try chain.advanceTime(by: .max) }
        expectChainError("timestamp \(UInt64.max) leaves no room for later blocks (at most \(UInt64.max - 1))") {
            try chain.setNextBlockTimestamp(.max)
        }
        // Block timestamps strictly increase even when no time passes.
        chain.mine(count: 2)
        let stamps = chain.blocks.map(\.timestamp)
        #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 })
    }
}
