import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives

extension Runner {
    /// Token contract throughput through the Swift API: impersonated sends with a fixed gas limit
    /// (no estimation), 100 per block or automined.
    mutating func runContracts() {
        let accounts = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
        guard accounts.count == 10 else { exit(1) }
        let owner = accounts[0].address, holder = accounts[1].address
        var manual = ChainConfig.development()
        manual.mining = .manual

        /// A chain with one token deployed by `owner`, and the owner's balance minted.
        struct TokenChain {
            var chain: Chain
            var token: Address
            init(_ model: any ContractModel, config: ChainConfig, owner: Address) {
                chain = Chain(config: config)
                token = (try? chain.deploy(model, from: owner, gasLimit: 2_000_000))?.address ?? .zero
                if config.mining != .auto { chain.mine() }
            }
        }
        let erc20 = ERC20Token(name: "Bench", symbol: "BEN", initialSupply: UInt256(UInt64.max))
        func encode(_ signature: String, _ arguments: [ABIValue]) -> [UInt8] {
            (try? ABIFunction(parsing: signature).encodeCall(arguments)) ?? []
        }
        let transfer = encode("transfer(address,uint256)", [.address(holder), .uint(UInt256(1))])
        let mint = encode("mint(address,uint256)", [.address(holder), .uint(UInt256(1))])

        var batched = TokenChain(erc20, config: manual, owner: owner)
        var automined = TokenChain(erc20, config: .development(), owner: owner)
        func sendBatched(_ n: Int, _ data: [UInt8]) {
            if batched.chain.blockNumber > 2_000 { batched = TokenChain(erc20, config: manual, owner: owner) }
            for i in 0..<n {
                _ = try? batched.chain.send(TransactionRequest(from: owner, to: batched.token, data: data, gasLimit: 100_000))
                if i % 100 == 99 { batched.chain.mine() }
            }
            batched.chain.mine()
        }
        func sendAutomined(_ n: Int, _ data: [UInt8]) {
            if automined.chain.blockNumber > 200_000 { automined = TokenChain(erc20, config: .development(), owner: owner) }
            for _ in 0..<n {
                _ = try? automined.chain.send(TransactionRequest(from: owner, to: automined.token, data: data, gasLimit: 100_000))
            }
        }
        group([
            ("erc20: transfer, 100 per block", { n in sendBatched(n, transfer) }),
            ("erc20: mint, 100 per block", { n in sendBatched(n, mint) }),
            ("erc20: transfer, automine", { n in sendAutomined(n, transfer) }),
            ("erc20: mint, automine", { n in sendAutomined(n, mint) }),
        ])
        measureHolderMemory(owner: owner)
    }

    /// Resident memory per ERC-20 holder: one million holders minted with `batchMint` (500 per
    /// transaction), counting everything the chain keeps for them: the balance in state and the
    /// Transfer log of each mint in the block history.
    mutating func measureHolderMemory(owner: Address) {
        func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let fields = text.split(separator: " ")
            return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
        }
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        guard let token = try? chain.deploy(ERC20Token(name: "Holders", symbol: "HLD"), from: owner, gasLimit: 2_000_000).address else { return }
        chain.mine()
        let holders = 1_000_000, perBatch = 500
        let function = try? ABIFunction(parsing: "batchMint(address[],uint256[])")
        let amounts = ABIValue.array([ABIValue](repeating: .uint(UInt256(1)), count: perBatch))
        let before = residentBytes()
        for batch in 0..<(holders / perBatch) {
            let recipients = (0..<perBatch).map { i -> ABIValue in
                var bytes = [UInt8](repeating: 0, count: 20)
                var n = UInt64(batch * perBatch + i + 1)
                for b in 0..<8 {
                    bytes[19 - b] = UInt8(truncatingIfNeeded: n)
                    n >>= 8
                }
                return .address((try? Address(bytes: bytes)) ?? .zero)
            }
            guard let data = try? function?.encodeCall([.array(recipients), amounts]) else { return }
            _ = try? chain.send(TransactionRequest(from: owner, to: token, data: data, gasLimit: 30_000_000))
            chain.mine()
        }
        let after = residentBytes()
        let supply = (try? chain.call(token, "totalSupply()(uint256)"))?.first
        guard supply == .uint(UInt256(UInt64(holders))) else {
            FileHandle.standardError.write(Data("error: holder benchmark minted \(String(describing: supply))\n".utf8))
            exit(1)
        }
        results.append(Measurement(name: "memory per ERC-20 holder at 1M, incl. Transfer logs (bytes)", nanosPerOp: [Double(after - before) / Double(holders)]))
    }
}

extension Runner {
    /// ERC-20 transfers in a loop, for a profiler.
    static func profileERC20() {
        var config = ChainConfig.development()
        config.mining = .manual
        let chain = Chain(config: config)
        let owner = ChainConfig.development().genesisAccounts[0].0, holder = ChainConfig.development().genesisAccounts[1].0
        guard let token = try? chain.deploy(
            ERC20Token(name: "Bench", symbol: "BEN", initialSupply: UInt256(UInt64.max)), from: owner, gasLimit: 2_000_000
        ).address else { return }
        chain.mine()
        let data = (try? ABIFunction(parsing: "transfer(address,uint256)").encodeCall([.address(holder), .uint(UInt256(1))])) ?? []
        let start = now()
        let count = 200_000
        for i in 0..<count {
            _ = try? chain.send(TransactionRequest(from: owner, to: token, data: data, gasLimit: 100_000))
            if i % 100 == 99 { chain.mine() }
        }
        print("erc20 transfer: \(Double(now() - start) / Double(count)) ns/op")
    }
}
