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

        // ERC-721: `mint(address,uint256)` with a new id each time (the id patched into the calldata).
        let erc721 = ERC721Token(name: "Bench", symbol: "BNFT")
        var nftBatched = TokenChain(erc721, config: manual, owner: owner)
        var nftAutomined = TokenChain(erc721, config: .development(), owner: owner)
        var nextId: UInt64 = 0
        var nftMint = encode("mint(address,uint256)", [.address(holder), .uint(.zero)])
        func withNextId() -> [UInt8] {
            nextId += 1
            var id = nextId
            for i in 0..<8 {
                nftMint[nftMint.count - 1 - i] = UInt8(truncatingIfNeeded: id)
                id >>= 8
            }
            return nftMint
        }
        // ERC-1155: `mint(address,uint256,uint256,bytes)` of one id.
        let erc1155 = ERC1155Token(uri: "https://example.com/{id}.json")
        var multiBatched = TokenChain(erc1155, config: manual, owner: owner)
        var multiAutomined = TokenChain(erc1155, config: .development(), owner: owner)
        let multiMint = encode("mint(address,uint256,uint256,bytes)", [.address(holder), .uint(UInt256(7)), .uint(UInt256(1)), .bytes([])])
        group([
            ("erc721: mint, 100 per block", { n in
                if nftBatched.chain.blockNumber > 2_000 { nftBatched = TokenChain(erc721, config: manual, owner: owner) }
                for i in 0..<n {
                    _ = try? nftBatched.chain.send(TransactionRequest(from: owner, to: nftBatched.token, data: withNextId(), gasLimit: 200_000))
                    if i % 100 == 99 { nftBatched.chain.mine() }
                }
                nftBatched.chain.mine()
            }),
            ("erc721: mint, automine", { n in
                if nftAutomined.chain.blockNumber > 200_000 { nftAutomined = TokenChain(erc721, config: .development(), owner: owner) }
                for _ in 0..<n {
                    _ = try? nftAutomined.chain.send(TransactionRequest(from: owner, to: nftAutomined.token, data: withNextId(), gasLimit: 200_000))
                }
            }),
            ("erc1155: mint, 100 per block", { n in
                if multiBatched.chain.blockNumber > 2_000 { multiBatched = TokenChain(erc1155, config: manual, owner: owner) }
                for i in 0..<n {
                    _ = try? multiBatched.chain.send(TransactionRequest(from: owner, to: multiBatched.token, data: multiMint, gasLimit: 200_000))
                    if i % 100 == 99 { multiBatched.chain.mine() }
                }
                multiBatched.chain.mine()
            }),
            ("erc1155: mint, automine", { n in
                if multiAutomined.chain.blockNumber > 200_000 { multiAutomined = TokenChain(erc1155, config: .development(), owner: owner) }
                for _ in 0..<n {
                    _ = try? multiAutomined.chain.send(TransactionRequest(from: owner, to: multiAutomined.token, data: multiMint, gasLimit: 200_000))
                }
            }),
        ])
        // Every timed transaction must have succeeded: a revert would be cheaper and flatter the figures.
        for (name, chain) in [
            ("erc20 batched", batched.chain), ("erc20 automined", automined.chain), ("erc721 batched", nftBatched.chain),
            ("erc721 automined", nftAutomined.chain), ("erc1155 batched", multiBatched.chain),
            ("erc1155 automined", multiAutomined.chain),
        ] {
            let receipts = (0...chain.blockNumber).reversed().lazy.map { chain.receipts(block: $0) }.first { !$0.isEmpty } ?? []
            guard !receipts.isEmpty, receipts.allSatisfy(\.status) else {
                FileHandle.standardError.write(Data("error: \(name): the last transactions did not all succeed\n".utf8))
                exit(1)
            }
        }
        measureHolderMemory(owner: owner)
    }

    /// Resident memory per ERC-20 holder: one million holders minted with `batchMint` (500 per
    /// transaction). The total counts everything the chain keeps — the balance in state and the
    /// transaction, receipt and Transfer log of each mint in the block history. A second chain makes
    /// the same one million mints (same batches, same logs) to 500 holders only: the difference is
    /// what a holder costs in state. Both chains stay alive, so neither reuses the other's memory.
    mutating func measureHolderMemory(owner: Address) {
        func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let fields = text.split(separator: " ")
            return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
        }
        let holders = 1_000_000, perBatch = 500
        let function = try? ABIFunction(parsing: "batchMint(address[],uint256[])")
        let amounts = ABIValue.array([ABIValue](repeating: .uint(UInt256(1)), count: perBatch))
        /// Mints one token to each of `holders` recipients, numbered from 1, or to recipients 1…500
        /// over and over when `distinct` is false; returns the chain and the growth of resident memory.
        func mintAll(distinct: Bool) -> (Chain, Int)? {
            var config = ChainConfig.development()
            config.mining = .manual
            let chain = Chain(config: config)
            guard let token = try? chain.deploy(ERC20Token(name: "Holders", symbol: "HLD"), from: owner, gasLimit: 2_000_000).address
            else { return nil }
            chain.mine()
            let before = residentBytes()
            for batch in 0..<(holders / perBatch) {
                let recipients = (0..<perBatch).map { i -> ABIValue in
                    var bytes = [UInt8](repeating: 0, count: 20)
                    var n = UInt64((distinct ? batch * perBatch : 0) + i + 1)
                    for b in 0..<8 {
                        bytes[19 - b] = UInt8(truncatingIfNeeded: n)
                        n >>= 8
                    }
                    return .address((try? Address(bytes: bytes)) ?? .zero)
                }
                guard let data = try? function?.encodeCall([.array(recipients), amounts]) else { return nil }
                _ = try? chain.send(TransactionRequest(from: owner, to: token, data: data, gasLimit: 30_000_000))
                chain.mine()
            }
            let grown = residentBytes() - before
            let supply = (try? chain.call(token, "totalSupply()(uint256)"))?.first
            guard supply == .uint(UInt256(UInt64(holders))) else {
                FileHandle.standardError.write(Data("error: holder benchmark minted \(String(describing: supply))\n".utf8))
                exit(1)
            }
            return (chain, grown)
        }
        guard let (repeatChain, repeated) = mintAll(distinct: false), let (distinctChain, total) = mintAll(distinct: true) else { return }
        consume(repeatChain.blockNumber &+ distinctChain.blockNumber)
        results.append(Measurement(name: "memory per ERC-20 holder at 1M, all history (bytes)", nanosPerOp: [Double(total) / Double(holders)]))
        results.append(Measurement(name: "memory per ERC-20 holder at 1M, state only (bytes)", nanosPerOp: [Double(total - repeated) / Double(holders)]))
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

extension Runner {
    /// ERC-721 mints, then ERC-20 batch mints to new holders, for a profiler.
    static func profileMints() {
        var config = ChainConfig.development()
        config.mining = .manual
        let owner = ChainConfig.development().genesisAccounts[0].0, holder = ChainConfig.development().genesisAccounts[1].0
        let chain = Chain(config: config)
        guard let nft = try? chain.deploy(ERC721Token(name: "B", symbol: "B"), from: owner, gasLimit: 2_000_000).address,
            let token = try? chain.deploy(ERC20Token(name: "B", symbol: "B"), from: owner, gasLimit: 2_000_000).address,
            let mint = try? ABIFunction(parsing: "mint(address,uint256)"), let batch = try? ABIFunction(parsing: "batchMint(address[],uint256[])")
        else { return }
        chain.mine()
        var start = now()
        for i in 0..<20_000 {
            _ = try? chain.send(TransactionRequest(from: owner, to: nft, data: (try? mint.encodeCall([.address(holder), .uint(UInt256(UInt64(i)))])) ?? [], gasLimit: 200_000))
            if i % 100 == 99 { chain.mine() }
        }
        print("erc721 mint: \(Double(now() - start) / 20_000) ns/op")
        start = now()
        for b in 0..<40 {
            let recipients = (0..<500).map { i -> ABIValue in
                var bytes = [UInt8](repeating: 0, count: 20)
                var n = UInt64(b * 500 + i + 1)
                for k in 0..<8 {
                    bytes[19 - k] = UInt8(truncatingIfNeeded: n)
                    n >>= 8
                }
                return .address((try? Address(bytes: bytes)) ?? .zero)
            }
            let data = (try? batch.encodeCall([.array(recipients), .array([ABIValue](repeating: .uint(.one), count: 500))])) ?? []
            _ = try? chain.send(TransactionRequest(from: owner, to: token, data: data, gasLimit: 30_000_000))
            chain.mine()
        }
        print("erc20 batch-minted holder: \(Double(now() - start) / 20_000) ns/op")
    }
}
