import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimStore

extension Runner {
    /// Persisted throughput: ERC-20 transfers on a chain kept in a state file (WAL, one SQLite
    /// transaction per block), automined and 100 per block, beside the same on an in-memory chain.
    mutating func runStore() {
        let accounts = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 10)) ?? []
        guard accounts.count == 10 else { exit(1) }
        let owner = accounts[0].address
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files = 0
        var manual = ChainConfig.development()
        manual.mining = .manual

        struct TokenChain {
            var chain: Chain
            var token: Address
            var file: StateFile?
        }
        func make(_ config: ChainConfig, persisted: Bool) -> TokenChain {
            var file: StateFile?
            let chain: Chain
            if persisted {
                files += 1
                let path = directory.appendingPathComponent("bench-\(files).sqlite").path
                guard let opened = try? StateFile(path: path, mode: .readWrite), let made = try? opened.chain(config: config) else {
                    FileHandle.standardError.write(Data("error: cannot create a state file in \(directory.path)\n".utf8))
                    exit(1)
                }
                file = opened
                chain = made
            } else {
                chain = Chain(config: config)
            }
            let model = ERC20Token(name: "Bench", symbol: "BEN", initialSupply: UInt256(UInt64.max))
            let token = (try? chain.deploy(model, from: owner, gasLimit: 2_000_000))?.address ?? .zero
            if config.mining != .auto { chain.mine() }
            return TokenChain(chain: chain, token: token, file: file)
        }
        // Transfers to 1,000 holders in turn, so that the state keeps growing a little.
        let holders = (0..<1000).map { Address.contractAddress(sender: owner, nonce: UInt64(1_000_000 + $0)) }
        let transfers = holders.map {
            (try? ABIFunction(parsing: "transfer(address,uint256)").encodeCall([.address($0), .uint(UInt256(1))])) ?? []
        }
        var sent = 0
        var chains = [
            make(.development(), persisted: true), make(manual, persisted: true),
        ]
        func send(_ which: Int, _ n: Int, perBlock: Int?) {
            if chains[which].chain.blockNumber > 100_000 {
                chains[which] = make(perBlock == nil ? .development() : manual, persisted: true)
            }
            let target = chains[which]
            for i in 0..<n {
                sent += 1
                _ = try? target.chain.send(
                    TransactionRequest(from: owner, to: target.token, data: transfers[sent % transfers.count], gasLimit: 100_000))
                if let perBlock, i % perBlock == perBlock - 1 { target.chain.mine() }
            }
            if perBlock != nil { target.chain.mine() }
        }
        group([
            ("persisted erc20: transfer, automine", { n in send(0, n, perBlock: nil) }),
            ("persisted erc20: transfer, 100 per block", { n in send(1, n, perBlock: 100) }),
        ])
        for (name, target) in [("automine", chains[0]), ("100 per block", chains[1])] {
            let receipts = target.chain.receipts(block: target.chain.blockNumber)
            guard target.chain.storeFailure == nil, !receipts.isEmpty, receipts.allSatisfy(\.status) else {
                FileHandle.standardError.write(Data("error: persisted \(name): the last transactions failed or were not stored\n".utf8))
                exit(1)
            }
        }
    }
}
