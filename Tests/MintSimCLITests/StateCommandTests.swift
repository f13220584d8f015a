import Foundation
import GRDB
import Testing

/// A directory for one test's files.
private func workspace() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-state-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

private let aliceKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
private let tee = "0x5FbDB2315678afecb367f032d93F642f64180aa3"

/// The first scenario: three tokens, transfers, and a signed transfer of more than alice has, mined
/// with status 0 (its gas limit is given, so it is not refused up front).
private func firstScenario() throws -> String {
    let calldata = try mintsim("calldata", "transfer(address,uint256)", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "500000")
    let data = calldata.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let signed = try mintsim("sign-tx", "{\"to\":\"\(tee)\",\"nonce\":1,\"gas\":100000,\"maxFeePerGas\":\"0\",\"data\":\"\(data)\"}", "--private-key", aliceKey)
    let raw = try #require(signed.lines.first)
    return """
        name: issuance
        accounts: [owner, alice, bob]
        contracts:
          TEE: { kind: erc20, from: owner, args: { name: Tee Token, symbol: TEE, decimals: 2 } }
          ART: { kind: erc721, from: owner, args: { name: Art, symbol: ART } }
          ITEMS: { kind: erc1155, from: owner }
        steps:
          - mint: { token: TEE, to: alice, amount: "100.50" }
          - transfer: { token: TEE, from: alice, to: bob, amount: "25.25" }
          - send-raw: "\(raw)"
            expect-revert: { error: ERC20InsufficientBalance }
          - mint: { token: ART, to: bob, tokenId: 7 }
          - mint: { token: ITEMS, to: alice, id: 1, amount: "30" }
        """
}

/// It deploys GOLD and uses TEE, which the first run deployed, by name; the invariant needs TEE's
/// holders from the first run too.
private let secondScenario = """
    name: second day
    accounts: [owner, alice, bob]
    contracts:
      GOLD: { kind: erc20, from: owner, args: { name: Gold, symbol: GLD, decimals: 0 } }
    invariants:
      - "sum(balances(TEE)) == totalSupply(TEE)"
    steps:
      - mint: { token: GOLD, to: bob, amount: "7" }
      - transfer: { token: GOLD, from: bob, to: alice, amount: "1" }
      - transfer: { token: TEE, from: alice, to: bob, amount: "1.25" }
        expect:
          events: [ { Transfer: { from: alice, to: bob, value: "1.25" } } ]
      - assert: { balance: { token: TEE, of: alice }, equals: "74" }
    """

/// Runs the first scenario into a new state file and returns its path.
private func stateFile(in directory: URL) throws -> String {
    let scenario = directory.appendingPathComponent("first.yaml").path
    try firstScenario().write(toFile: scenario, atomically: true, encoding: .utf8)
    let state = directory.appendingPathComponent("chain.sqlite").path
    let run = try mintsim("run", "--state", state, scenario)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    return state
}

/// The hash of the only transaction of block `number`.
private func transaction(inBlock number: Int, state: String) throws -> String {
    let block = try mintsim("block", "\(number)", "--state", state, "--json")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(block.stdout.utf8)) as? [String: Any])
    let transactions = try #require(object["transactions"] as? [[String: Any]])
    return try #require(transactions.first?["hash"] as? String)
}

private func json(_ result: CLIResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
}

@Suite("mintsim run --state and the query commands")
struct StateCommandTests {
    @Test("balances, supply and holders, as tables and JSON")
    func balances() throws {
        let directory = try workspace()
        let state = try stateFile(in: directory)
        let balance = try mintsim("balance", "TEE", "alice", "--state", state)
        #expect(balance.status == 0)
        #expect(balance.lines == [
            "holder   alice (0x70997970C51812dc3A010C7d01b50e0d17dc79C8)",
            "token    TEE (0x5FbDB2315678afecb367f032d93F642f64180aa3) erc20",
            "balance  75.25 TEE",
            "raw      7525",
        ])
        let byAddress = try json(mintsim("balance", tee, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "--state", state, "--json"))
        #expect(byAddress["balance"] as? String == "75.25")
        #expect(byAddress["raw"] as? String == "7525")
        #expect((byAddress["holder"] as? [String: Any])?["name"] as? String == "alice")
        #expect((byAddress["token"] as? [String: Any])?["symbol"] as? String == "TEE")

        let ether = try mintsim("balance", "bob", "--state", state)
        #expect(ether.lines == [
            "holder   bob (0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC)", "balance  10000 ETH", "raw      10000000000000000000000 wei",
        ])
        #expect(try mintsim("balance", "ART", "bob", "--id", "7", "--state", state).lines.last == "balance  1 ART")
        #expect(try mintsim("balance", "ART", "alice", "--id", "7", "--state", state).lines.last == "balance  0 ART")
        #expect(try mintsim("balance", "ITEMS", "alice", "--id", "1", "--state", state).lines.last == "balance  30 ITEMS")

        let supply = try mintsim("supply", "TEE", "--state", state)
        #expect(supply.lines == ["token   TEE (0x5FbDB2315678afecb367f032d93F642f64180aa3) erc20", "supply  100.5 TEE", "raw     10050"])
        #expect(try json(mintsim("supply", "ITEMS", "--id", "1", "--state", state, "--json"))["supply"] as? String == "30")

        let holders = try mintsim("holders", "TEE", "--state", state)
        #expect(holders.lines == [
            "#  name   address                                       balance   share",
            "-  -----  ------------------------------------------  ---------  ------",
            "1  alice  0x70997970C51812dc3A010C7d01b50e0d17dc79C8  75.25 TEE  74.87%",
            "2  bob    0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC  25.25 TEE  25.12%",
            "2 holders of 100.5 TEE",
        ])
        let holdersJSON = try json(mintsim("holders", "TEE", "--state", state, "--json", "--limit", "1"))
        #expect(holdersJSON["count"] as? Int == 2)
        let first = try #require((holdersJSON["holders"] as? [[String: Any]])?.first)
        #expect(first["name"] as? String == "alice" && first["share"] as? String == "74.87%" && first["raw"] as? String == "7525")
        #expect((holdersJSON["holders"] as? [[String: Any]])?.count == 1)
    }

    @Test("tx and receipt decode the call, the events and a custom-error revert")
    func transactions() throws {
        let directory = try workspace()
        let state = try stateFile(in: directory)
        // Blocks: 0 genesis, 1-3 deployments, 4 mint, 5 transfer, 6 the reverted transfer, 7-8 mints.
        let transfer = try transaction(inBlock: 5, state: state)
        let tx = try mintsim("tx", transfer, "--state", state)
        #expect(tx.status == 0)
        #expect(tx.lines.contains("status  success"))
        #expect(tx.lines.contains("from    alice (0x70997970C51812dc3A010C7d01b50e0d17dc79C8)"))
        #expect(tx.lines.contains("to      TEE (0x5FbDB2315678afecb367f032d93F642f64180aa3) erc20"))
        #expect(tx.lines.contains("call    transfer(to: bob, value: 25.25)"))
        #expect(tx.lines.contains("events  Transfer(from: alice, to: bob, value: 25.25)"))
        #expect(tx.lines.contains("sender  impersonated (unsigned)"))

        let reverted = try transaction(inBlock: 6, state: state)
        let failed = try mintsim("tx", reverted, "--state", state)
        #expect(failed.status == 0)
        #expect(failed.lines.contains("status  reverted: ERC20InsufficientBalance(sender: alice, balance: 75.25, needed: 5000)"))
        #expect(failed.lines.contains("call    transfer(to: bob, value: 5000)"))
        #expect(failed.lines.contains("sender  signed"))
        let failedJSON = try json(mintsim("tx", reverted, "--state", state, "--json"))
        #expect(failedJSON["status"] as? String == "reverted")
        #expect(failedJSON["function"] as? String == "transfer")
        #expect((failedJSON["revertData"] as? String)?.hasPrefix("0xe450d38c") == true)
        #expect(failedJSON["gasLimit"] as? Int == 100_000)

        let receipt = try mintsim("receipt", transfer, "--state", state)
        #expect(receipt.lines.contains("status          1 (success)"))
        #expect(receipt.lines.contains("  0             TEE.Transfer(from: alice, to: bob, value: 25.25)"))
        let receiptJSON = try json(mintsim("receipt", reverted, "--state", state, "--json"))
        #expect(receiptJSON["status"] as? Int == 0)
        #expect(receiptJSON["revert"] as? String == "ERC20InsufficientBalance(sender: alice, balance: 75.25, needed: 5000)")
        #expect(receiptJSON["blockNumber"] as? Int == 6)
    }

    @Test("block, logs and events with filters, tokens and accounts")
    func blocksAndLogs() throws {
        let directory = try workspace()
        let state = try stateFile(in: directory)
        let block = try mintsim("block", "7", "--state", state)
        #expect(block.lines.prefix(1) == ["number        7"])
        #expect(block.lines.contains("timestamp     1767225607 (2026-01-01T00:00:07Z)"))
        #expect(block.lines.contains("transactions  1"))
        #expect(block.lines.last?.hasSuffix("owner  ART  mint  ok") == true)
        let byHash = try json(mintsim("block", "latest", "--state", state, "--json"))
        #expect(byHash["number"] as? Int == 8)
        let hash = try #require(byHash["hash"] as? String)
        #expect(try json(mintsim("block", hash, "--state", state, "--json"))["number"] as? Int == 8)
        #expect(try json(mintsim("block", "0x7", "--state", state, "--json"))["number"] as? Int == 7)

        let transfers = try mintsim("logs", "--token", "TEE", "--event", "Transfer", "--state", state)
        #expect(transfers.status == 0)
        #expect(transfers.lines.count == 5)
        #expect(transfers.lines[2].hasSuffix("TEE       Transfer(from: zero, to: alice, value: 100.5)"))
        #expect(transfers.lines[3].hasSuffix("TEE       Transfer(from: alice, to: bob, value: 25.25)"))
        #expect(transfers.lines.last == "2 logs")
        // events is the same command; --topic finds a name among the indexed arguments.
        let bobs = try mintsim("events", "--event", "Transfer", "--topic", "bob", "--state", state, "--json")
        let bobLogs = try #require(try JSONSerialization.jsonObject(with: Data(bobs.stdout.utf8)) as? [[String: Any]])
        #expect(bobLogs.map { $0["contract"] as? String } == ["TEE", "ART"])
        #expect(bobLogs.map { $0["blockNumber"] as? Int } == [5, 7])
        let ranged = try mintsim("logs", "--from-block", "7", "--to-block", "latest", "--state", state, "--json")
        let rangedLogs = try #require(try JSONSerialization.jsonObject(with: Data(ranged.stdout.utf8)) as? [[String: Any]])
        #expect(rangedLogs.map { $0["event"] as? String } == ["Transfer", "TransferSingle"])
        let limited = try mintsim("logs", "--limit", "1", "--state", state, "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as? [Any])?.count == 1)

        let tokens = try mintsim("tokens", "--state", state)
        #expect(tokens.lines == [
            "name   kind     address                                     token name  symbol  decimals  supply",
            "-----  -------  ------------------------------------------  ----------  ------  --------  ------",
            "TEE    erc20    0x5FbDB2315678afecb367f032d93F642f64180aa3  Tee Token   TEE            2   100.5",
            "ITEMS  erc1155  0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0                             0      30",
            "ART    erc721   0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512  Art         ART            0       1",
        ])
        let accounts = try mintsim("accounts", "--state", state)
        #expect(accounts.lines.prefix(5) == [
            "name   address                                       balance  nonce",
            "-----  ------------------------------------------  ---------  -----",
            "alice  0x70997970C51812dc3A010C7d01b50e0d17dc79C8  10000 ETH      2",
            "bob    0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC  10000 ETH      0",
            "owner  0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266  10000 ETH      6",
        ])
        #expect(accounts.lines.count == 12)  // the three named, then the other seven funded accounts
    }

    @Test("a second scenario continues the chain: blocks, nonces and balances carry on, earlier contracts by name")
    func secondScenarioContinues() throws {
        let directory = try workspace()
        let state = try stateFile(in: directory)
        let second = directory.appendingPathComponent("second.yaml").path
        try secondScenario.write(toFile: second, atomically: true, encoding: .utf8)
        let run = try mintsim("run", "--state", state, second)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        // GOLD is the CREATE address of the owner with nonce 6: the nonce went on from the first run.
        let tokens = try mintsim("tokens", "--state", state, "--json")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(tokens.stdout.utf8)) as? [[String: Any]])
        let gold = try #require(list.first { $0["label"] as? String == "GOLD" })
        #expect(gold["address"] as? String == "0x0165878A594ca255338adfa4d48449f69242Eb8F")
        #expect(list.count == 4)
        #expect(try json(mintsim("block", "latest", "--state", state, "--json"))["number"] as? Int == 12)
        #expect(try mintsim("balance", "TEE", "alice", "--state", state).lines[2] == "balance  74 TEE")
        #expect(try mintsim("balance", "TEE", "bob", "--state", state).lines[2] == "balance  26.5 TEE")
        #expect(try mintsim("balance", "GOLD", "alice", "--state", state).lines[2] == "balance  1 GLD")
        #expect(try mintsim("balance", "GOLD", "bob", "--state", state).lines[2] == "balance  6 GLD")
        #expect(try mintsim("accounts", "--state", state, "--json").stdout.contains("\"nonce\" : 8"))

        // A scenario that declares its own TEE takes the name over; one that misspells it is told.
        let typo = directory.appendingPathComponent("typo.yaml").path
        try secondScenario.replacingOccurrences(of: "token: TEE, from: alice", with: "token: TEA, from: alice")
            .write(toFile: typo, atomically: true, encoding: .utf8)
        let refused = try mintsim("run", "--state", state, typo)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("unknown contract 'TEA' (did you mean 'TEE'?)"))
    }

    @Test("bad hashes, unknown names, and missing, foreign or damaged files: clear errors, distinct statuses")
    func errors() throws {
        let directory = try workspace()
        let state = try stateFile(in: directory)
        func check(_ arguments: [String], status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try mintsim(arguments: arguments)
            #expect(result.status == status, sourceLocation: sourceLocation)
            #expect(result.stderr == "error: \(message)\n", sourceLocation: sourceLocation)
            #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        }
        // Bad input: 2.
        try check(["tx", "0x1234", "--state", state], status: 2, "transaction hash '0x1234': invalid hash \"0x1234\": expected 32 bytes, got 2")
        try check(["balance", "TEE", "0xZZ", "--state", state], status: 2, "holder '0xZZ': invalid address \"0xZZ\": character at position 2 is not a hex digit")
        try check(["block", "abc", "--state", state], status: 2, "block 'abc' is not a block number, 'latest' or a 32-byte block hash")
        try check(["balance", "ITEMS", "alice", "--state", state], status: 2, "ITEMS is an ERC-1155 token: give the token id with --id")
        try check(["balance", "TEE", "alice", "--id", "1x", "--state", state], status: 2, "--id '1x' is not a token id (a decimal or 0x hex number below 2^256)")
        try check(["logs", "--from-block", "5", "--to-block", "2", "--state", state], status: 2, "--from-block 5 is after --to-block 2")
        // Not found: 1.
        let zero = "0x" + String(repeating: "0", count: 63) + "1"
        try check(["tx", zero, "--state", state], status: 1, "no transaction \(zero) in this chain")
        try check(["receipt", zero, "--state", state], status: 1, "no transaction \(zero) in this chain")
        try check(["balance", "TEE", "alcie", "--state", state], status: 1, "unknown holder 'alcie' (did you mean 'alice'?)")
        try check(["holders", "TEA", "--state", state], status: 1, "unknown token 'TEA' (did you mean 'TEE'?)")
        try check(["block", "99", "--state", state], status: 1, "block 99 does not exist (the latest is 8)")
        try check(["logs", "--event", "Transfr", "--state", state], status: 1, "unknown event 'Transfr' (did you mean 'Transfer'?)")
        // The state file cannot be used: 3.
        let missing = directory.appendingPathComponent("missing.sqlite").path
        try check(["balance", "alice", "--state", missing], status: 3, "no state file at \(missing)")
        let text = directory.appendingPathComponent("notes.txt").path
        try "not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        try check(["tokens", "--state", text], status: 3, "\(text) is not an SQLite database (it does not start with the SQLite header)")
        let run = try mintsim("run", "--state", text, directory.appendingPathComponent("first.yaml").path)
        #expect(run.status == 3)
        #expect(run.stderr == "error: \(text) is not an SQLite database (it does not start with the SQLite header)\n")
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "not a database\n")
        // Damaged: the pages after the first overwritten.
        let damaged = directory.appendingPathComponent("damaged.sqlite").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: state))
        #expect(bytes.count > 8192)
        bytes.replaceSubrange(4096..<bytes.count, with: Data(repeating: 0x5A, count: bytes.count - 4096))
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let broken = try mintsim("tokens", "--state", damaged)
        #expect(broken.status == 3)
        #expect(broken.stderr.hasPrefix("error: \(damaged) is "))
        // A value that cannot be read back: 3, and no answer printed.
        let tampered = directory.appendingPathComponent("tampered.sqlite").path
        try FileManager.default.copyItem(atPath: state, toPath: tampered)
        try DatabaseQueue(path: tampered).write { db in
            try db.execute(sql: "UPDATE account SET balance = x'010203' WHERE address = x'70997970c51812dc3a010c7d01b50e0d17dc79c8'")
        }
        try check(["balance", "alice", "--state", tampered], status: 3, "account.balance is not a 32-byte word")
        // Blocks past the latest, however large, hold no logs.
        let far = try mintsim("logs", "--from-block", "18446744073709551615", "--to-block", "18446744073709551615", "--state", state)
        #expect(far.status == 0)
        #expect(far.lines.last == "0 logs")
        let beyond = try mintsim("logs", "--from-block", "549755813888", "--state", state, "--json")
        #expect(beyond.stdout == "[\n\n]\n" || beyond.stdout == "[]\n")
        // Usage errors stay 2.
        let usage = try mintsim("balance", "a", "b", "c", "--state", state)
        #expect(usage.status == 2)
        #expect(usage.stderr == "error: give a holder (ether) or a token and a holder, got 3 arguments\n")
        for command in ["logs", "holders"] {
            let arguments = command == "logs" ? ["logs", "--limit", "0", "--state", state] : ["holders", "TEE", "--limit", "0", "--state", state]
            let zero = try mintsim(arguments: arguments)
            #expect(zero.status == 2)
            #expect(zero.stderr == "error: --limit must be at least 1\n")
        }
    }
}
