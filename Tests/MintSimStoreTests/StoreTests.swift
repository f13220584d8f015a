import Foundation
import GRDB
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimStore
import Testing

let accounts = ChainConfig.development().genesisAccounts.map(\.0)
let deployer = accounts[0], alice = accounts[1], bob = accounts[2], carol = accounts[3]

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

func units(_ text: String, decimals: Int = 18) -> UInt256 { (try? UInt256(amount: text, decimals: decimals)) ?? .zero }

/// A deterministic workload touching every kind of state: ERC-20, ERC-721, ERC-1155, a whole
/// security-token suite, a reverted transaction mined with status 0, direct balance changes and
/// the clock. `part` 0 and 1 split it so a chain can be re-opened in the middle.
func drive(_ chain: Chain, part: Int) throws {
    if part == 0 {
        let erc20 = try chain.deploy(
            kind: "erc20", options: ["name": "Acme", "symbol": "ACME", "cap": "1000000000000000000000000"], from: deployer).address
        try chain.transact(erc20, "mint(address,uint256)", [.address(alice), .uint(units("1000"))], from: deployer)
        try chain.transact(erc20, "transfer(address,uint256)", [.address(bob), .uint(units("250.5"))], from: alice)
        try chain.transact(erc20, "transfer(address,uint256)", [.address(carol), .uint(units("5000"))], from: alice, gasLimit: 100_000)
        let erc721 = try chain.deploy(kind: "erc721", options: ["name": "Art", "symbol": "ART"], from: deployer).address
        try chain.transact(erc721, "safeMint(address,uint256)", [.address(bob), .uint(UInt256(7))], from: deployer)
        let erc1155 = try chain.deploy(kind: "erc1155", options: ["uri": "ipfs://items/{id}"], from: deployer).address
        try chain.transact(
            erc1155, "mint(address,uint256,uint256,bytes)", [.address(carol), .uint(UInt256(1)), .uint(UInt256(30)), .bytes([])],
            from: deployer)
        chain.setBalance(units("1.5"), of: Address.zero)
        try chain.advanceTime(by: 3600)
    } else {
        let suite = try MintSimContracts.SecurityTokenSuite.deploy(
            on: chain, owner: deployer,
            options: .init(
                name: "Bond", symbol: "BND", claimTopics: [UInt256(1)], trustedIssuers: [.init(signer: carol, topics: [UInt256(1)])],
                modules: [.init(kind: "country-allow-module", configuration: [("batchAllowCountries(uint16[])", [.array([.uint(UInt256(276))])])])]))
        let carolKey = try #require(try Mnemonic(Mnemonic.defaultPhrase).accounts(count: 4).last?.privateKey)
        for investor in [alice, bob] {
            let identity = try suite.registerInvestor(investor, country: 276, on: chain, agent: deployer)
            try suite.issueClaim(identity: identity, topic: UInt256(1), data: [], signer: carolKey, manager: investor, on: chain)
        }
        try chain.transact(suite.token, "mint(address,uint256)", [.address(alice), .uint(UInt256(100))], from: deployer)
        try chain.transact(suite.token, "transfer(address,uint256)", [.address(bob), .uint(UInt256(40))], from: alice)
        chain.setNonce(chain.nonce(of: carol) + 3, of: carol)
        try chain.setNextBlockTimestamp(chain.latestBlock.timestamp + 100)
        chain.mine(count: 2)
    }
}

/// Everything observable of a chain's blocks, receipts and some state.
func fingerprint(_ chain: Chain) -> [String] {
    var out: [String] = []
    for number in 0...chain.blockNumber {
        guard let block = chain.block(number: number) else {
            out.append("missing block \(number)")
            continue
        }
        out.append("\(block.number) \(block.hash) \(block.parentHash) \(block.timestamp) \(block.transactionHashes)")
        for receipt in chain.receipts(block: number) {
            out.append(
                "\(receipt.transactionHash) \(receipt.status) \(receipt.gasUsed) \(receipt.logs.map { "\($0.address)\($0.topics)\($0.data.hex)\($0.logIndex)" }) \(receipt.revertData.hex) \(receipt.contractAddress?.description ?? "-")")
            if let tx = chain.transaction(hash: receipt.transactionHash) {
                out.append("\(tx.from) \(tx.transaction.nonce) \(tx.transaction.data.hex) \(tx.signature?.r.description ?? "-")")
            }
        }
    }
    for account in accounts + [Address.zero] {
        out.append("\(account) \(chain.balance(of: account)) \(chain.nonce(of: account))")
    }
    out.append("now \(chain.now) pending \(chain.pending.map(\.hash))")
    return out
}

@Suite("State file: blocks, state and re-opening")
struct StoreTests {
    @Test("a chain in a file re-opens exactly where it stopped and continues as the in-memory chain does")
    func reopenAndContinue() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        let memory = Chain(config: .development())
        ContractRegistry.register(on: memory)
        try drive(memory, part: 0)
        try drive(memory, part: 1)

        do {
            let file = try StateFile(path: path, mode: .readWrite)
            let chain = try file.chain(config: .development())
            try drive(chain, part: 0)
        }
        let reopened = try StateFile(path: path, mode: .readWrite)
        let chain = try reopened.chain()
        #expect(chain.firstBlockInMemory > 0)
        try drive(chain, part: 1)
        #expect(fingerprint(chain) == fingerprint(memory))
        #expect(chain.storeFailure == nil)

        // And once more, read-only: everything comes back from the file.
        let readOnly = try StateFile(path: path, mode: .readOnly)
        let again = try readOnly.chain()
        #expect(fingerprint(again) == fingerprint(memory))
        #expect(try readOnly.checkIntegrity() == Int(memory.blockNumber) + 1)
        let transfers = try again.logs(LogFilter(topics: [[Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))]]))
        let expected = try memory.logs(LogFilter(topics: [[Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))]]))
        #expect(transfers == expected)
        #expect(!transfers.isEmpty)
    }

    @Test("a snapshot revert removes the reverted blocks and state from the file")
    func snapshotRevert() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        var expected: [String] = []
        do {
            let chain = try StateFile(path: path, mode: .readWrite).chain()
            let token = try chain.deploy(kind: "erc20", options: ["name": "Acme", "symbol": "ACME"], from: deployer).address
            try chain.transact(token, "mint(address,uint256)", [.address(alice), .uint(UInt256(5))], from: deployer)
            expected = fingerprint(chain)
            let id = chain.snapshot()
            try chain.transact(token, "mint(address,uint256)", [.address(bob), .uint(UInt256(9))], from: deployer)
            chain.setBalance(.one, of: carol)
            chain.mine(count: 3)
            try chain.revert(to: id)
            #expect(fingerprint(chain) == expected)
        }
        let chain = try StateFile(path: path, mode: .readOnly).chain()
        #expect(fingerprint(chain) == expected)
    }

    @Test("pending transactions of a manually mined chain survive a re-open once flushed, and are mined after it")
    func pendingQueue() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        var config = ChainConfig.development()
        config.mining = .manual
        let memory = Chain(config: config)
        do {
            let chain = try StateFile(path: path, mode: .readWrite).chain(config: config)
            for target in [memory, chain] {
                try target.send(TransactionRequest(from: alice, to: bob, value: UInt256(10)))
                try target.send(TransactionRequest(from: alice, to: carol, value: UInt256(20)))
            }
            #expect(chain.pending.count == 2)
            // Pending transactions are written with the next commit: a block, a direct change or flush().
            #expect(try StateFile(path: path, mode: .readOnly).chain().pending.isEmpty)
            try chain.flush()
            #expect(try StateFile(path: path, mode: .readOnly).chain().pending.count == 2)
        }
        let chain = try StateFile(path: path, mode: .readWrite).chain(config: config)
        #expect(chain.pending.map(\.hash) == memory.pending.map(\.hash))
        chain.mine()
        memory.mine()
        #expect(fingerprint(chain) == fingerprint(memory))
    }

    @Test("a commit that fails leaves the chain failed: later sends are refused with the store's error")
    func failingStore() throws {
        final class Refusing: ChainStore {
            var commits = 0
            func commit(_ commit: ChainCommit) throws(ChainError) {
                commits += 1
                if commits > 1 { throw ChainError(.storeFailed, "disk full") }
            }
        }
        let chain = Chain(config: .development())
        let store = Refusing()
        try chain.attach(store: store)
        #expect(throws: ChainError(.storeFailed, "disk full")) { try chain.send(TransactionRequest(from: alice, to: bob, value: .one)) }
        #expect(chain.storeFailure?.message == "disk full")
        #expect(throws: ChainError(.storeFailed, "disk full")) { try chain.send(TransactionRequest(from: alice, to: bob, value: .one)) }
        #expect(store.commits == 2)
    }
}

@Suite("State file: errors")
struct StoreErrorTests {
    func openError(_ path: String, _ mode: StateFile.Mode = .readOnly) -> StoreError? {
        do {
            _ = try StateFile(path: path, mode: mode).chain()
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing file, a directory, an empty file, a text file")
    func notStateFiles() throws {
        let directory = TemporaryDirectory()
        let missing = directory.path("missing.sqlite")
        #expect(openError(missing)?.message == "no state file at \(missing)")
        #expect(openError(missing)?.code == .missingFile)
        #expect(openError(directory.url.path)?.message == "\(directory.url.path) is a directory, not a state file")
        let empty = directory.path("empty.sqlite")
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(openError(empty)?.message == "\(empty) is empty: no chain was written to it")
        #expect(openError(empty)?.code == .notAStateFile)
        let text = directory.path("notes.txt")
        FileManager.default.createFile(atPath: text, contents: Data("hello, this is not a database at all\n".utf8))
        for mode in [StateFile.Mode.readOnly, .readWrite] {
            #expect(openError(text, mode)?.message == "\(text) is not an SQLite database (it does not start with the SQLite header)")
            #expect(openError(text, mode)?.code == .notADatabase)
        }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "hello, this is not a database at all\n")
    }

    @Test("another program's SQLite database is refused and left alone")
    func foreignDatabase() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("other.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE people (name TEXT)") }
        }
        for mode in [StateFile.Mode.readOnly, .readWrite] {
            #expect(openError(path, mode)?.message == "\(path) is an SQLite database but not a MintSim state file")
        }
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["people"])
    }

    @Test("a file from a newer schema is refused, naming the unknown migration")
    func newerSchema() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        _ = try StateFile(path: path, mode: .readWrite).chain()
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-future')")
        }
        for mode in [StateFile.Mode.readOnly, .readWrite] {
            #expect(openError(path, mode)?.message == "\(path) was written by a newer MintSim (schema v2-future; this one knows up to v2)")
            #expect(openError(path, mode)?.code == .newerSchema)
        }
    }

    @Test("a damaged file: garbage over its pages")
    func corrupt() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        do {
            let chain = try StateFile(path: path, mode: .readWrite).chain()
            for _ in 0..<200 { try chain.send(TransactionRequest(from: alice, to: bob, value: .one)) }
        }
        // Fold the WAL into the file, then overwrite everything after the first page.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
        try handle.close()
        let error = openError(path)
        #expect(error?.code == .corrupt || error?.code == .notADatabase)
        #expect(error?.message.hasPrefix("\(path) is") == true)
    }

    @Test("re-opening with another chain id or new mining settings, and a contract kind this version does not model")
    func incompatible() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        do {
            let chain = try StateFile(path: path, mode: .readWrite).chain()
            try chain.deploy(kind: "erc20", options: ["name": "Acme", "symbol": "ACME"], from: deployer)
        }
        var other = ChainConfig.development()
        other.chainId = 5
        #expect(throws: StoreError(.incompatible, "")) { try StateFile(path: path, mode: .readWrite).chain(config: other) }
        do {
            _ = try StateFile(path: path, mode: .readWrite).chain(config: other)
        } catch {
            #expect(error.message == "\(path) holds a chain with chain id 31337, not 5")
        }
        // Other mining settings apply from now on, and are recorded.
        var manual = ChainConfig.development()
        manual.mining = .manual
        manual.blockTime = 12
        manual.startTime = 5
        let chain = try StateFile(path: path, mode: .readWrite).chain(config: manual)
        #expect(chain.config.mining == .manual && chain.config.blockTime == 12 && chain.config.startTime == 1_767_225_600)
        let stored = try StateFile(path: path, mode: .readOnly).config()
        #expect(stored.mining == .manual && stored.blockTime == 12 && stored.startTime == 1_767_225_600)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE contract SET kind = 'erc9999'") }
        do {
            _ = try StateFile(path: path, mode: .readOnly).chain()
            Issue.record("opened")
        } catch {
            #expect(error.message.hasPrefix("the contract at 0x"))
            #expect(error.message.hasSuffix(" is of kind 'erc9999', which this MintSim does not model"))
        }
    }
}

@Suite("State file: read-only chains, history, failures")
struct StoreEdgeTests {
    /// A file with an ERC-20 in which alice holds 1000.
    func tokenFile(_ directory: TemporaryDirectory) throws -> (path: String, token: Address) {
        let path = directory.path("chain.sqlite")
        let chain = try StateFile(path: path, mode: .readWrite).chain()
        let token = try chain.deploy(kind: "erc20", options: ["name": "Acme", "symbol": "ACME"], from: deployer).address
        try chain.transact(token, "mint(address,uint256)", [.address(alice), .uint(UInt256(1000))], from: deployer)
        return (path, token)
    }

    func balance(_ chain: Chain, _ token: Address, _ holder: Address) throws -> ABIValue? {
        try chain.call(token, "balanceOf(address)(uint256)", [.address(holder)]).first
    }

    @Test("a read-only chain reads its state on demand, and values it zeroes stay zero (also across reverts)")
    func readOnlyWrites() throws {
        let directory = TemporaryDirectory()
        let (path, token) = try tokenFile(directory)
        let chain = try StateFile(path: path, mode: .readOnly).chain()
        #expect(try balance(chain, token, alice) == .uint(UInt256(1000)))
        let id = chain.snapshot()
        try chain.transact(token, "transfer(address,uint256)", [.address(bob), .uint(UInt256(1000))], from: alice)
        #expect(try balance(chain, token, alice) == .uint(.zero))
        #expect(try balance(chain, token, bob) == .uint(UInt256(1000)))
        try chain.revert(to: id)
        #expect(try balance(chain, token, alice) == .uint(UInt256(1000)))
        #expect(try balance(chain, token, bob) == .uint(.zero))
        // A self-transfer of everything, on a fresh read-only chain whose slot was never read before.
        let again = try StateFile(path: path, mode: .readOnly).chain()
        try again.transact(token, "transfer(address,uint256)", [.address(alice), .uint(UInt256(1000))], from: alice)
        #expect(try balance(again, token, alice) == .uint(UInt256(1000)))
        #expect(try again.call(token, "totalSupply()(uint256)").first == .uint(UInt256(1000)))
        // Nothing of it reached the file.
        #expect(try balance(try StateFile(path: path, mode: .readOnly).chain(), token, bob) == .uint(.zero))
    }

    @Test("a value that cannot be read on demand is reported, not taken as zero")
    func readFailure() throws {
        let directory = TemporaryDirectory()
        let (path, _) = try tokenFile(directory)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE account SET balance = x'010203' WHERE address = ?", arguments: [Data(carol.bytes)])
        }
        let file = try StateFile(path: path, mode: .readOnly)
        let chain = try file.chain()
        #expect(file.readFailure == nil)
        _ = chain.balance(of: carol)
        #expect(file.readFailure?.code == .corrupt)
        #expect(file.readFailure?.message == "account.balance is not a 32-byte word")
    }

    @Test("damaged row ids and block numbers are reported as damage")
    func damagedIds() throws {
        let directory = TemporaryDirectory()
        let (path, _) = try tokenFile(directory)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE block SET number = 9223372036854775807 WHERE number = 1")
        }
        let file = try StateFile(path: path, mode: .readOnly)
        #expect(throws: StoreError(.corrupt, "")) { try file.checkIntegrity() }
        #expect(throws: StoreError(.corrupt, "")) { try file.readBlock(number: 9_223_372_036_854_775_807) }
        #expect(try file.readLogs(LogFilter(), blocks: UInt64.max...UInt64.max).isEmpty)
        #expect(try file.readLogs(LogFilter(), blocks: 549_755_813_888...549_755_813_889).isEmpty)
    }

    @Test("after a re-open, the state history starts with the next block")
    func historyAfterReopen() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("chain.sqlite")
        var reopenedAt: UInt64 = 0
        do {
            let chain = try StateFile(path: path, mode: .readWrite).chain()
            chain.mine()
            reopenedAt = chain.blockNumber
            chain.setBalance(.one, of: carol)
        }
        let chain = try StateFile(path: path, mode: .readWrite).chain()
        #expect(try chain.balance(of: carol, atBlock: reopenedAt) == .one)  // the latest block: the current state
        chain.mine()
        #expect(throws: ChainError(.stateUnavailable, "")) { try chain.balance(of: carol, atBlock: reopenedAt) }
        #expect(try chain.balance(of: carol, atBlock: chain.blockNumber) == .one)
    }

    @Test("after a failed commit nothing more is written, and changes go on in memory only")
    func afterFailure() throws {
        final class Failing: ChainStore {
            var commits = 0
            func commit(_ commit: ChainCommit) throws(ChainError) {
                commits += 1
                if commits == 2 { throw ChainError(.storeFailed, "disk full") }
            }
        }
        let chain = Chain(config: .development())
        let store = Failing()
        try chain.attach(store: store)
        chain.mine()
        #expect(chain.storeFailure?.message == "disk full")
        chain.mine(count: 2)
        chain.setBalance(.one, of: carol)
        #expect(store.commits == 2)
        #expect(chain.blockNumber == 3 && chain.balance(of: carol) == .one)
        #expect(throws: ChainError(.storeFailed, "disk full")) { try chain.flush() }
    }
}
