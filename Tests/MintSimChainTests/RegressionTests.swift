import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

/// A test-only model that, whenever it is called, sends its whole native balance to `recipient`
/// (a contract that pays out: a wallet, a splitter, a vault withdrawing to its owner).
struct PayOut: ContractModel {
    let recipient: Address
    var kind: String { "payout" }
    var acceptsEther: Bool { true }
    func construct(_ context: ExecutionContext) throws(Revert) {}
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let all = context.balance(of: context.address)
        _ = try context.call(recipient, calldata: [], value: all)
        return []
    }
}

/// A test-only model whose last gas-consuming step is a low-level call that may fail (like
/// `(bool ok, ) = target.call(data);` at the end of a function).
struct TryLast: ContractModel {
    var kind: String { "trylast" }
    func construct(_ context: ExecutionContext) throws(Revert) {}
    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        let args = try context.decodeArguments([.address, .bytes])
        guard case .address(let target) = args[0], case .bytes(let data) = args[1] else { throw Revert(data: []) }
        _ = try context.tryCall(target, calldata: data)
        return []
    }
}

/// Regression tests for edge cases of fees, duplicates, snapshots, log filters, gas and overflow.
/// Crash-shaped cases run as exit tests, so a regression fails the test instead of the run.
@Suite struct ChainRegressionTests {
    // MARK: Fees

    @Test func gasIsBoughtUpFront() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("1")
        let chain = Chain(config: config)
        let (wallet, _, _) = try chain.deploy(PayOut(recipient: bob), from: alice)
        chain.setBalance(ether("1"), of: wallet)
        let supplyBefore = chain.balance(of: wallet) &+ chain.balance(of: bob)
        // The wallet (impersonated) calls itself: it pays everything out to bob, then the fee is taken.
        let (_, receipt) = try chain.send(TransactionRequest(from: wallet, to: wallet, gasLimit: 100_000, maxFeePerGas: gwei("1")))
        #expect(receipt?.status == true)
        // Gas is bought up front in Ethereum: the balance can never exceed what it was.
        #expect(chain.balance(of: wallet) < ether("1"))
        let fee = UInt256(receipt?.gasUsed ?? 0) &* gwei("1")
        #expect(chain.balance(of: wallet) &+ chain.balance(of: bob) &+ fee == supplyBefore)
    }

    @Test func defaultFeeCapPaysTheRequestedTip() throws {
        var config = ChainConfig.development()
        config.baseFee = gwei("10")
        config.coinbase = carol
        let chain = Chain(config: config)
        let (_, receipt) = try chain.send(TransactionRequest(from: alice, to: bob, maxPriorityFeePerGas: gwei("2")))
        #expect(receipt?.effectiveGasPrice == gwei("12"))
        #expect(chain.balance(of: carol) == tenThousandEther &+ UInt256(21_000) &* gwei("2"))
    }

    // MARK: Duplicate transactions

    @Test func minedTransactionIsNotMinedAgain() throws {
        let chain = Chain()
        let key = devAccounts[0].privateKey
        let signed = try Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, gasLimit: 21_000, to: bob, value: UInt256(1))
            .signed(with: key)
        try chain.sendRaw(signed.rawBytes)
        chain.setNonce(0, of: alice)
        expectChainError("transaction \(signed.hash) is already known") { try chain.sendRaw(signed.rawBytes) }
        #expect(chain.blocks.filter { $0.transactionHashes.contains(signed.hash) }.count == 1)
    }

    @Test func revertKeepsTransactionsOfKeptBlocks() throws {
        let chain = Chain()
        let request = TransactionRequest(from: alice, to: bob, value: UInt256(1), nonce: 0)
        let (hash, _) = try chain.send(request)
        chain.setNonce(0, of: alice)
        let id = chain.snapshot()
        _ = try? chain.send(request)  // same hash, mined again in block 2
        try chain.revert(to: id)
        #expect(chain.block(number: 1)?.transactionHashes == [hash])
        #expect(chain.transaction(hash: hash)?.blockNumber == 1)
        #expect(chain.receipt(hash: hash)?.blockNumber == 1)
    }

    // MARK: Snapshots

    @Test func revertForgetsDeploymentModels() throws {
        let chain = Chain()
        let id = chain.snapshot()
        let (address, _, receipt) = try chain.deploy(Counter(initial: 7), from: alice, gasLimit: 300_000)
        #expect(receipt?.status == true)
        try chain.revert(to: id)
        #expect(chain.contract(at: address) == nil)
        let plain = TransactionRequest(
            from: alice, to: nil, data: Counter(initial: 7).deploymentData, gasLimit: 300_000, maxFeePerGas: .zero)
        expectChainError("contract creation: no contract model of kind \"counter\" (none is registered)") {
            try chain.send(plain)
        }
        #expect(chain.contract(at: address) == nil)
    }

    // MARK: Logs

    @Test func emptyTopicListIsAWildcard() throws {
        let chain = Chain()
        let (counter, _, _) = try chain.deploy(Counter(initial: 0), from: alice)
        try chain.transact(counter, "increment()", from: bob)
        #expect(try chain.logs(LogFilter(topics: [nil])).count == 1)
        let emptyList = try chain.logs(LogFilter(topics: [[]]))
        #expect(emptyList.count == 1)
    }

    @Test func invertedRangePastTheHeadIsAnError() throws {
        let chain = Chain()
        try chain.send(TransactionRequest(from: alice, to: bob))
        expectChainError("invalid block range: fromBlock 10 is after toBlock 5") { _ = try chain.logs(LogFilter(fromBlock: 10, toBlock: 5)) }
    }

    // MARK: Gas

    @Test func caughtRevertAtTheGasLimitIsNotOutOfGas() throws {
        let chain = Chain()
        let (counter, _, _) = try chain.deploy(Counter(initial: 1), from: alice)
        let (caller, _, _) = try chain.deploy(TryLast(), from: alice)
        let failing = try Counter.failCustom.encodeCall([.uint(UInt256(1))])
        let data = try ABIFunction(parsing: "run(address,bytes)").encodeCall([.address(counter), .bytes(failing)])
        // eth_call and the estimate succeed…
        _ = try chain.call(to: caller, data: data, from: bob)
        let estimate = try chain.estimateGas(
            Transaction(type: .dynamicFee, chainId: 31337, nonce: 0, to: caller, data: data), from: bob)
        // …so the send is accepted with that gas limit, and then it is mined failing.
        let (_, receipt) = try chain.send(TransactionRequest(from: bob, to: caller, data: data))
        #expect(receipt?.gasUsed == estimate)
        #expect(receipt?.status == true)
    }

    // MARK: Crashes reachable from the public API

    @Test func maxNonceIsRefused() async {
        await #expect(processExitsWith: .success) {
            let chain = Chain()
            let sender = devAccounts[0].address
            chain.setNonce(.max, of: sender)
            _ = try? chain.send(TransactionRequest(from: sender, to: devAccounts[1].address, gasLimit: 21_000))
        }
    }

    @Test func pendingNonceSaturates() async {
        await #expect(processExitsWith: .success) {
            var config = ChainConfig.development()
            config.mining = .manual
            let chain = Chain(config: config)
            let sender = devAccounts[0].address
            chain.setNonce(.max, of: sender)
            _ = try? chain.send(TransactionRequest(from: sender, to: devAccounts[1].address, gasLimit: 21_000))
            _ = chain.pendingNonce(of: sender)
        }
    }

    @Test func maxNextBlockTimestampIsSafe() async {
        await #expect(processExitsWith: .success) {
            let chain = Chain()
            if (try? chain.setNextBlockTimestamp(.max)) != nil {
                chain.mine()
                _ = chain.now
            }
        }
    }

    @Test func maxNextBlockTimestampIsSafeInIntervalMode() async {
        await #expect(processExitsWith: .success) {
            var config = ChainConfig.development()
            config.mining = .interval
            let chain = Chain(config: config)
            if (try? chain.setNextBlockTimestamp(.max)) != nil {
                chain.mine()
                _ = chain.now
            }
        }
    }

    @Test func blockFullnessCheckDoesNotOverflow() async {
        await #expect(processExitsWith: .success) {
            var config = ChainConfig.development()
            config.mining = .manual
            config.blockGasLimit = .max
            let chain = Chain(config: config)
            let a = devAccounts[0].address, b = devAccounts[1].address
            _ = try? chain.send(TransactionRequest(from: a, to: b, gasLimit: 21_000))
            _ = try? chain.send(TransactionRequest(from: a, to: b, gasLimit: .max))
            chain.mine()
        }
    }
}
