import Foundation
import MintSimChain
import MintSimPrimitives

extension Runner {
    /// Chain throughput: operations per second are 1e9 / (ns per operation).
    mutating func runChain() {
        // First, while the heap is fresh, so that memory freed by other benchmarks does not hide growth.
        measureAccountMemory()
        let accounts = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
        guard accounts.count == 10 else { exit(1) }
        let from = accounts[0].address, to = accounts[1].address

        // Fresh chains per round keep the state size comparable between rounds.
        var manual = ChainConfig.development()
        manual.mining = .manual
        var manualChain = Chain(config: manual)
        var autoChain = Chain()
        group([
            ("chain: impersonated transfer, 100 per block", { n in
                if manualChain.blockNumber > 2_000 { manualChain = Chain(config: manual) }
                for i in 0..<n {
                    _ = try? manualChain.send(TransactionRequest(from: from, to: to, value: UInt256(1), gasLimit: 21_000))
                    if i % 100 == 99 { manualChain.mine() }
                }
                manualChain.mine()
            }),
            ("chain: impersonated transfer, automine", { n in
                if autoChain.blockNumber > 200_000 { autoChain = Chain() }
                for _ in 0..<n {
                    _ = try? autoChain.send(TransactionRequest(from: from, to: to, value: UInt256(1), gasLimit: 21_000))
                }
            }),
            ("chain: impersonated transfer, automine, gas estimated", { n in
                if autoChain.blockNumber > 200_000 { autoChain = Chain() }
                for _ in 0..<n {
                    _ = try? autoChain.send(TransactionRequest(from: from, to: to, value: UInt256(1)))
                }
            }),
        ])

        // Contract calls: a token-like transfer through the ABI, storage, events and receipts.
        var ledgerChain = Chain(config: manual)
        var ledger = Address.zero
        func freshLedger() {
            ledgerChain = Chain(config: manual)
            ledger = (try? ledgerChain.deploy(LedgerModel(), from: from, gasLimit: 1_000_000))?.address ?? .zero
            ledgerChain.mine()
        }
        freshLedger()
        let calldata = (try? ABIFunction(parsing: "transfer(address,uint256)").encodeCall([.address(to), .uint(UInt256(1))])) ?? []
        group([
            ("chain: token-like contract transfer, 100 per block", { n in
                if ledgerChain.blockNumber > 2_000 { freshLedger() }
                for i in 0..<n {
                    _ = try? ledgerChain.send(TransactionRequest(from: from, to: ledger, data: calldata, gasLimit: 100_000))
                    if i % 100 == 99 { ledgerChain.mine() }
                }
                ledgerChain.mine()
            }),
        ])

        // Signed raw transactions: signed beforehand, so the time is decoding, recovery and execution.
        let key = accounts[2].privateKey
        let signedCount = 3_000
        let raws: [[UInt8]] = (0..<signedCount).compactMap { nonce in
            try? Transaction(type: .dynamicFee, chainId: 31337, nonce: UInt64(nonce), gasLimit: 21_000, to: to, value: UInt256(1))
                .signed(with: key).rawBytes
        }
        var signedChain = Chain(config: manual)
        var next = 0
        let digest = Keccak256.hash("recover")
        let signature = key.sign(hash: digest)
        group([
            ("chain: signed raw transfer, 100 per block", { n in
                for i in 0..<n {
                    if next == raws.count {
                        signedChain = Chain(config: manual)
                        next = 0
                    }
                    _ = try? signedChain.sendRaw(raws[next])
                    next += 1
                    if i % 100 == 99 { signedChain.mine() }
                }
                signedChain.mine()
            }),
            ("secp256k1 recover alone", { n in
                var acc: UInt64 = 0
                for _ in 0..<n { acc &+= UInt64((try? signature.recoverAddress(hash: digest))?.bytes[0] ?? 0) }
                consume(acc)
            }),
        ])
        ratios.append(("signed transfer / recover alone (time)", "chain: signed raw transfer, 100 per block", "secp256k1 recover alone"))
    }

    /// Resident memory per funded account, measured by funding one million accounts.
    mutating func measureAccountMemory() {
        func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let fields = text.split(separator: " ")
            return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
        }
        let count = 1_000_000
        let before = residentBytes()
        let chain = Chain(config: ChainConfig(genesisAccounts: []))
        for i in 0..<count {
            var bytes = [UInt8](repeating: 0, count: 20)
            var n = UInt64(i + 1)
            for b in 0..<8 {
                bytes[19 - b] = UInt8(truncatingIfNeeded: n)
                n >>= 8
            }
            if let address = try? Address(bytes: bytes) { chain.setBalance(UInt256(UInt64(i + 1)), of: address) }
        }
        let after = residentBytes()
        consume(UInt64(chain.accountCount))
        results.append(Measurement(name: "memory per funded account at 1M (bytes)", nanosPerOp: [Double(after - before) / Double(count)]))
    }
}

extension Runner {
    /// Splits the cost of a transfer: sending (validation, hashing, queueing) and mining.
    static func profileCalls() {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let from = config.genesisAccounts[0].0, to = config.genesisAccounts[1].0
        let ledger = (try? chain.deploy(LedgerModel(), from: from, gasLimit: 1_000_000))?.address ?? .zero
        chain.mine()
        let calldata = (try? ABIFunction(parsing: "transfer(address,uint256)").encodeCall([.address(to), .uint(UInt256(1))])) ?? []
        let n = 2_000
        let t0 = now()
        for i in 0..<n {
            _ = try? chain.send(TransactionRequest(from: from, to: ledger, data: calldata, gasLimit: 100_000))
            if i % 100 == 99 { chain.mine() }
        }
        print("token-like transfer: \(Double(now() - t0) / Double(n)) ns/call, status \(chain.receipts(block: chain.blockNumber).first?.status == true)")
    }

    static func profileEmptyBlocks() {
        let chain = Chain()
        let t0 = now()
        chain.mine(count: 20_000)
        print("empty block: \(Double(now() - t0) / 20_000) ns/block")
    }

    static func profileTransfers() {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let from = config.genesisAccounts[0].0, to = config.genesisAccounts[1].0
        let n = 20_000
        var sendNs: UInt64 = 0, mineNs: UInt64 = 0
        for _ in 0..<(n / 100) {
            let t0 = now()
            for _ in 0..<100 { _ = try? chain.send(TransactionRequest(from: from, to: to, value: UInt256(1), gasLimit: 21_000)) }
            let t1 = now()
            chain.mine()
            mineNs += now() - t1
            sendNs += t1 - t0
        }
        print("send: \(Double(sendNs) / Double(n)) ns/tx, mine: \(Double(mineNs) / Double(n)) ns/tx")
        let auto = Chain()
        let t0 = now()
        for _ in 0..<n { _ = try? auto.send(TransactionRequest(from: from, to: to, value: UInt256(1), gasLimit: 21_000)) }
        print("automine: \(Double(now() - t0) / Double(n)) ns/tx")
        let t2 = now()
        auto.mine(count: n)
        print("empty block: \(Double(now() - t2) / Double(n)) ns/block")
    }
}

/// A token-like model for measuring contract calls: `transfer(address,uint256)` moves a balance held
/// in storage and emits `Transfer`, the work an ERC-20 transfer does (two reads, two writes, one log).
struct LedgerModel: ContractModel {
    var kind: String { "bench-ledger" }
    static let transfer = (try? ABIFunction(parsing: "transfer(address,uint256)"))?.selector ?? []
    static let argumentTypes: [ABIType] = [.address, .uint(256)]

    func construct(_ context: ExecutionContext) throws(Revert) {
        try context.storeWord(StorageKey(0, context.sender), UInt256.max)
    }

    func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard context.selector == LedgerModel.transfer else { throw Revert(data: []) }
        let args = try context.decodeArguments(LedgerModel.argumentTypes)
        guard case .address(let to) = args[0], case .uint(let amount) = args[1] else { throw Revert(data: []) }
        let from = try context.loadWord(StorageKey(0, context.sender))
        guard from >= amount else { throw Revert.error("InsufficientBalance()") }
        try context.storeWord(StorageKey(0, context.sender), from &- amount)
        let balance = try context.loadWord(StorageKey(0, to))
        try context.storeWord(StorageKey(0, to), balance &+ amount)
        try context.emit(
            "Transfer(address,address,uint256)", indexed: [(.address, .address(context.sender)), (.address, .address(to))],
            data: [(.uint(256), .uint(amount))])
        return UInt256.one.bytes32
    }
}
