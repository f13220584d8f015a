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

extension Runner {
    /// Query latency on a state file of one million ERC-20 transfers (100 per block, 10,000
    /// holders): `mintsim balance` and `mintsim tx` run as processes, as a user runs them, and the
    /// same lookups in process. The file is built once at `path` and kept for later runs.
    mutating func runStoreQueries(path: String, transactions: Int) {
        let accounts = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 2)) ?? []
        guard accounts.count == 2 else { exit(1) }
        let owner = accounts[0].address
        let holders = (0..<10_000).map { Address.contractAddress(sender: owner, nonce: UInt64(2_000_000 + $0)) }
        var token = Address.zero
        var sampleHash = Hash.zero
        let existing = (try? StateFile(path: path, mode: .readOnly)).flatMap { try? $0.transactionCount() } ?? 0
        if existing < transactions {
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            var config = ChainConfig.development()
            config.mining = .manual
            let start = Runner.now()
            guard let file = try? StateFile(path: path, mode: .readWrite), let chain = try? file.chain(config: config),
                let deployed = try? chain.deploy(ERC20Token(name: "Bench", symbol: "BEN", initialSupply: UInt256(UInt64.max)), from: owner, gasLimit: 2_000_000)
            else {
                FileHandle.standardError.write(Data("error: cannot build the query state at \(path)\n".utf8))
                exit(1)
            }
            chain.mine()
            token = deployed.address
            let calls = holders.map {
                (try? ABIFunction(parsing: "transfer(address,uint256)").encodeCall([.address($0), .uint(UInt256(1))])) ?? []
            }
            for i in 0..<transactions {
                _ = try? chain.send(TransactionRequest(from: owner, to: token, data: calls[i % calls.count], gasLimit: 100_000))
                if i % 100 == 99 { chain.mine() }
            }
            chain.mine()
            try? file.setNames([StateFile.Name(name: "BEN", address: token, role: .contract), StateFile.Name(name: "owner", address: owner, role: .account)])
            let seconds = Double(Runner.now() - start) / 1e9
            notes.append("query state: \(transactions) transfers in \(chain.blockNumber) blocks written in \(String(format: "%.1f", seconds)) s (\(Int(Double(transactions) / seconds))/s)")
        }
        guard let file = try? StateFile(path: path, mode: .readOnly), let count = try? file.transactionCount(),
            let latest = try? file.latestBlockNumber(), let middle = try? file.readEntries(block: latest / 2).first
        else {
            FileHandle.standardError.write(Data("error: cannot read the query state at \(path)\n".utf8))
            exit(1)
        }
        sampleHash = middle.transaction.hash
        token = middle.transaction.transaction.to ?? .zero
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
        notes.append("query state: \(count) transactions, \(latest + 1) blocks, \(size / 1_048_576) MiB (\(path))")

        // Each query is timed on its own, `samples` times (they take milliseconds: no batching).
        let samples = max(rounds, 11)
        func measure(_ name: String, _ body: () -> Void) {
            body()  // warm the page cache
            var times: [Double] = []
            for _ in 0..<samples {
                let start = Runner.now()
                body()
                times.append(Double(Runner.now() - start))
            }
            results.append(Measurement(name: name, nanosPerOp: times))
        }
        measure("query: open state + balanceOf (in process)") {
            guard let query = try? StateQuery(path: path), let contract = try? query.token("BEN"),
                (try? query.balance(of: holders[7], token: contract, id: nil)) != nil
            else { exit(1) }
        }
        measure("query: transaction + receipt by hash (in process)") {
            guard (try? file.readTransaction(hash: sampleHash)) != nil else { exit(1) }
        }
        // As a user runs them: the whole `mintsim` process.
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mintsim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            notes.append("mintsim not built next to mintsim-bench: process timings skipped")
            return
        }
        /// Runs mintsim with posix_spawn (Foundation's Process adds tens of milliseconds of its own),
        /// its output to /dev/null, and checks that it succeeded.
        func spawn(_ arguments: [String]) {
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ([binary] + arguments).map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { exit(1) }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            if status != 0 {
                FileHandle.standardError.write(Data("error: mintsim \(arguments.joined(separator: " ")) exited with status \(status)\n".utf8))
                exit(1)
            }
        }
        let holder = holders[7].checksummed
        measure("mintsim balance BEN HOLDER --state (process)") { spawn(["balance", "BEN", holder, "--state", path]) }
        measure("mintsim tx HASH --state (process)") { spawn(["tx", sampleHash.description, "--state", path]) }
        measure("mintsim --version (process start only)") { spawn(["--version"]) }
    }
}
