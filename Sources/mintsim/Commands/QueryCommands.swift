import ArgumentParser
import Foundation
import MintSimChain
import MintSimPrimitives
import MintSimStore

/// The state file every query reads, and the output format.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: ArgumentHelp("The state file to read (`mintsim run --state FILE` writes one).", valueName: "file"))
    var path: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false
}

/// `--limit N`: print at most N rows.
struct LimitOption: ParsableArguments {
    @Option(help: "Print at most this many rows.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }
}

/// Exit statuses of the query commands.
enum QueryExit {
    static let notFound: Int32 = 1
    static let badInput: Int32 = 2
    static let stateFile: Int32 = 3
    static let failed: Int32 = 4

    static let discussion = """
        Names that scenarios gave (alice, ACME) work wherever an address does. Exit status: 0 \
        answered, 1 not found (transaction, block, name), 2 bad input (a malformed hash, number or \
        address; an option that does not apply), 3 the state file cannot be used (missing, not \
        SQLite, not a MintSim state file, written by a newer MintSim, damaged), 4 reading failed.
        """

    /// Opens the state file and runs `body`, turning query errors into `error: …` and their status.
    static func run(_ path: String, _ body: (StateQuery) throws -> Void) throws {
        Output.held = ""
        defer { Output.held = nil }
        do {
            let query = try StateQuery(path: path)
            try body(query)
            // A value read on demand that could not be read was taken as absent: the answer is void.
            if let failure = query.file.readFailure { throw QueryError(failure) }
            let answer = Output.held ?? ""
            Output.held = nil
            print(answer, terminator: "")
        } catch let error as QueryError {
            Output.error(error.message)
            switch error.code {
            case .notFound: throw ExitCode(notFound)
            case .badInput: throw ExitCode(badInput)
            case .stateFile: throw ExitCode(stateFile)
            case .failed: throw ExitCode(failed)
            }
        }
    }
}

/// Aligned text tables.
enum Table {
    /// Columns padded to their widest cell, two spaces apart; columns in `right` are right-aligned.
    static func render(_ header: [String]?, _ rows: [[String]], right: Set<Int> = []) -> String {
        let all = (header.map { [$0] } ?? []) + rows
        let count = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                cells.append(right.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad))
            }
            var text = cells.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines: [String] = []
        if let header {
            lines.append(line(header))
            lines.append(line(widths.map { String(repeating: "-", count: $0) }))
        }
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// `key  value` lines.
    static func fields(_ pairs: [(String, String)]) -> String {
        render(nil, pairs.map { [$0.0, $0.1] })
    }
}

extension StateQuery {
    /// `alice (0xf39F…)` or the address alone.
    func named(_ address: Address) -> String {
        name(of: address).map { "\($0) (\(address.checksummed))" } ?? address.checksummed
    }

    /// An amount in token units with its unit: `749.5 ACME`.
    func amount(_ value: UInt256, _ token: Contract) -> String {
        "\(value.formatted(decimals: token.decimals)) \(unit(token))"
    }

    func tokenJSON(_ token: Contract) -> [String: Any] {
        var out: [String: Any] = ["address": token.address.checksummed, "kind": token.kind, "decimals": token.decimals]
        if let label = token.label { out["label"] = label }
        if let name = token.name { out["name"] = name }
        if let symbol = token.symbol { out["symbol"] = symbol }
        return out
    }

    func addressJSON(_ address: Address) -> [String: Any] {
        var out: [String: Any] = ["address": address.checksummed]
        if let name = name(of: address) { out["name"] = name }
        return out
    }

    /// A 32-byte topic, or a name or an address as a topic (left-padded to 32 bytes).
    func topic(_ text: String) throws(QueryError) -> Hash {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("0x") && trimmed.count == 66 { return try hash(trimmed, what: "topic") }
        return try resolve(trimmed, what: "topic").word32
    }

    /// `ERC20InsufficientBalance(…)`-style text of a decoded call or event.
    static func call(_ decoded: (name: String, arguments: [(String, String)])) -> String {
        "\(decoded.name)(\(decoded.arguments.map { "\($0.0): \($0.1)" }.joined(separator: ", ")))"
    }

    func eventText(_ log: Log) -> String {
        if let decoded = describe(log) { return StateQuery.call(decoded) }
        return "log \(log.topics.map(\.description).joined(separator: " ")) \(log.data.hex)"
    }

    func logJSON(_ log: Log) -> [String: Any] {
        var out: [String: Any] = [
            "blockNumber": log.blockNumber, "blockHash": log.blockHash.description, "transactionHash": log.transactionHash.description,
            "transactionIndex": log.transactionIndex, "logIndex": log.logIndex, "address": log.address.checksummed,
            "topics": log.topics.map(\.description), "data": log.data.hex,
        ]
        if let name = name(of: log.address) { out["contract"] = name }
        if let decoded = describe(log) {
            out["event"] = decoded.name
            out["arguments"] = Dictionary(decoded.arguments.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        }
        return out
    }
}

/// `4.5 %` share of `part` in `whole`, to two decimals.
func share(_ part: UInt256, of whole: UInt256) -> String {
    guard !whole.isZero else { return "-" }
    let scale = UInt256(10_000)
    let (scaled, overflow) = part.multipliedReportingOverflow(by: scale)
    let basisPoints: UInt256
    if overflow {
        basisPoints = part.quotientAndRemainder(dividingBy: max(whole.quotientAndRemainder(dividingBy: scale)?.quotient ?? .one, .one))?.quotient ?? .zero
    } else {
        basisPoints = scaled.quotientAndRemainder(dividingBy: whole)?.quotient ?? .zero
    }
    guard let points = basisPoints.uint64 else { return basisPoints.formatted(decimals: 2) + "%" }
    let cents = points % 100
    return "\(points / 100).\(cents < 10 ? "0" : "")\(cents)%"
}

struct Balance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A holder's balance: of a token (`balance ACME alice`), or of ether (`balance alice`).",
        discussion: QueryExit.discussion)

    @Argument(help: ArgumentHelp("[TOKEN] HOLDER: a token and a holder, or a holder alone for ether.", valueName: "token-or-holder"))
    var arguments: [String]

    @Option(help: "Token id (ERC-1155; for ERC-721, whether the holder owns that token).")
    var id: String?

    @OptionGroup var state: StateOptions

    func validate() throws {
        guard (1...2).contains(arguments.count) else {
            throw ValidationError("give a holder (ether) or a token and a holder, got \(arguments.count) arguments")
        }
    }

    func run() throws {
        try QueryExit.run(state.path) { query in
            let holder = try query.resolve(arguments[arguments.count - 1], what: "holder")
            let id = try self.id.map { text throws(QueryError) in try tokenId(text) }
            if arguments.count == 1 {
                if id != nil { throw QueryError(.badInput, "--id needs a token: mintsim balance TOKEN HOLDER --id N") }
                let balance = query.chain.balance(of: holder)
                if state.json {
                    try Output.json(query.addressJSON(holder).merging(
                        ["holder": holder.checksummed, "balance": balance.formatted(decimals: 18), "raw": balance.description, "symbol": "ETH", "decimals": 18],
                        uniquingKeysWith: { $1 }))
                } else {
                    Output.line(Table.fields([("holder", query.named(holder)), ("balance", "\(balance.formatted(decimals: 18)) ETH"), ("raw", "\(balance) wei")]))
                }
                return
            }
            let token = try query.token(arguments[0])
            let balance = try query.balance(of: holder, token: token, id: id)
            if state.json {
                var out: [String: Any] = [
                    "holder": query.addressJSON(holder), "token": query.tokenJSON(token), "balance": balance.formatted(decimals: token.decimals),
                    "raw": balance.description,
                ]
                if let id { out["id"] = id.description }
                try Output.json(out)
            } else {
                var rows = [("holder", query.named(holder)), ("token", "\(query.named(token.address)) \(token.kind)")]
                if let id { rows.append(("id", id.description)) }
                rows.append(("balance", query.amount(balance, token)))
                if token.decimals > 0 { rows.append(("raw", balance.description)) }
                Output.line(Table.fields(rows))
            }
        }
    }
}

/// A token id: decimal or 0x hex.
func tokenId(_ text: String) throws(QueryError) -> UInt256 {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, let value = try? UInt256(trimmed) else { throw QueryError(.badInput, "--id '\(text)' is not a token id (a decimal or 0x hex number below 2^256)") }
    return value
}

struct Supply: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A token's total supply (ERC-1155: of one id with --id).", discussion: QueryExit.discussion)

    @Argument(help: "The token: a name or an address.")
    var token: String

    @Option(help: "Token id (ERC-1155).")
    var id: String?

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let token = try query.token(self.token)
            let id = try self.id.map { text throws(QueryError) in try tokenId(text) }
            let supply = try query.supply(of: token, id: id)
            var cap: UInt256?
            // An uncapped token's cap() is 0 (T-REX) or 2^256-1 (OpenZeppelin's default): not shown.
            if token.kind != "erc721" && token.kind != "erc1155", case .uint(let value)? = (try? query.chain.call(token.address, "cap()(uint256)"))?.first,
                !value.isZero, value != .max
            {
                cap = value
            }
            if state.json {
                var out: [String: Any] = ["token": query.tokenJSON(token), "supply": supply.formatted(decimals: token.decimals), "raw": supply.description]
                if let id { out["id"] = id.description }
                if let cap { out["cap"] = cap.formatted(decimals: token.decimals) }
                try Output.json(out)
            } else {
                var rows = [("token", "\(query.named(token.address)) \(token.kind)")]
                if let id { rows.append(("id", id.description)) }
                rows.append(("supply", query.amount(supply, token)))
                if token.decimals > 0 { rows.append(("raw", supply.description)) }
                if let cap { rows.append(("cap", query.amount(cap, token))) }
                Output.line(Table.fields(rows))
            }
        }
    }
}

struct Holders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A token's holders, largest first, with their share of the supply.", discussion: QueryExit.discussion)

    @Argument(help: "The token: a name or an address.")
    var token: String

    @Option(help: "Token id (ERC-1155).")
    var id: String?

    @OptionGroup var limiting: LimitOption
    var limit: Int? { limiting.limit }

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let token = try query.token(self.token)
            let id = try self.id.map { text throws(QueryError) in try tokenId(text) }
            let all = try query.holders(of: token, id: id)
            let supply = token.kind == "erc721" ? try query.supply(of: token, id: nil) : try query.supply(of: token, id: id)
            let shown = limit.map { Array(all.prefix($0)) } ?? all
            if state.json {
                try Output.json([
                    "token": query.tokenJSON(token), "supply": supply.formatted(decimals: token.decimals), "count": all.count,
                    "holders": shown.map { entry -> [String: Any] in
                        query.addressJSON(entry.holder).merging(
                            ["balance": entry.balance.formatted(decimals: token.decimals), "raw": entry.balance.description, "share": share(entry.balance, of: supply)],
                            uniquingKeysWith: { $1 })
                    },
                ])
            } else {
                let rows = shown.enumerated().map { index, entry in
                    ["\(index + 1)", query.name(of: entry.holder) ?? "", entry.holder.checksummed, query.amount(entry.balance, token), share(entry.balance, of: supply)]
                }
                Output.line(Table.render(["#", "name", "address", "balance", "share"], rows, right: [0, 3, 4]))
                Output.line("\(all.count) holder\(all.count == 1 ? "" : "s") of \(query.amount(supply, token))")
            }
        }
    }
}

struct Tx: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A transaction: the decoded call, sender, status and revert reason.", discussion: QueryExit.discussion)

    @Argument(help: "The transaction hash.")
    var hash: String

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let entry = try query.transaction(hash)
            let tx = entry.transaction, receipt = entry.receipt
            let call = query.describeCall(tx)
            let revert = query.describeRevert(receipt)
            let events = receipt.logs.map(query.eventText)
            if state.json {
                var out: [String: Any] = [
                    "hash": tx.hash.description, "blockNumber": tx.blockNumber, "blockHash": tx.blockHash.description, "index": tx.index,
                    "from": query.addressJSON(tx.from), "nonce": tx.transaction.nonce, "type": Int(tx.transaction.type.rawValue),
                    "value": tx.transaction.value.description, "gasLimit": tx.transaction.gasLimit, "gasUsed": receipt.gasUsed,
                    "status": receipt.status ? "success" : "reverted", "signed": tx.signature != nil,
                    "input": tx.transaction.data.hex, "events": receipt.logs.map(query.logJSON),
                ]
                if let to = tx.transaction.to { out["to"] = query.addressJSON(to) }
                if let address = receipt.contractAddress { out["contractAddress"] = query.addressJSON(address) }
                if let call {
                    out["function"] = call.name
                    out["arguments"] = call.arguments.map { ["name": $0.0, "value": $0.1] }
                }
                if let revert { out["revert"] = revert }
                if !receipt.revertData.isEmpty { out["revertData"] = receipt.revertData.hex }
                try Output.json(out)
                return
            }
            var rows = [("hash", tx.hash.description), ("status", receipt.status ? "success" : "reverted: \(revert ?? "")")]
            rows.append(("block", "\(tx.blockNumber) (\(tx.blockHash)), index \(tx.index)"))
            rows.append(("from", query.named(tx.from)))
            if let to = tx.transaction.to {
                rows.append(("to", query.named(to) + (query.chain.contract(at: to).map { " \($0.kind)" } ?? "")))
            } else if let address = receipt.contractAddress {
                rows.append(("created", query.named(address)))
            }
            if let call { rows.append(("call", StateQuery.call(call))) } else if !tx.transaction.data.isEmpty {
                rows.append(("input", tx.transaction.data.hex))
            }
            rows.append(("value", "\(tx.transaction.value.formatted(decimals: 18)) ETH"))
            rows.append(("nonce", "\(tx.transaction.nonce)"))
            rows.append(("gas", "\(receipt.gasUsed) used of \(tx.transaction.gasLimit)"))
            rows.append(("sender", tx.signature == nil ? "impersonated (unsigned)" : "signed"))
            for (index, event) in events.enumerated() { rows.append((index == 0 ? "events" : "", event)) }
            Output.line(Table.fields(rows))
        }
    }
}

struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "A transaction's receipt: status, gas, logs.", discussion: QueryExit.discussion)

    @Argument(help: "The transaction hash.")
    var hash: String

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let receipt = try query.transaction(hash).receipt
            if state.json {
                var out: [String: Any] = [
                    "transactionHash": receipt.transactionHash.description, "transactionIndex": receipt.transactionIndex,
                    "blockNumber": receipt.blockNumber, "blockHash": receipt.blockHash.description, "type": Int(receipt.type.rawValue),
                    "from": receipt.from.checksummed, "status": receipt.status ? 1 : 0, "gasUsed": receipt.gasUsed,
                    "cumulativeGasUsed": receipt.cumulativeGasUsed, "effectiveGasPrice": receipt.effectiveGasPrice.description,
                    "logs": receipt.logs.map(query.logJSON), "logsBloom": receipt.logsBloom.bytes.hex,
                ]
                if let to = receipt.to { out["to"] = to.checksummed }
                if let address = receipt.contractAddress { out["contractAddress"] = address.checksummed }
                if !receipt.revertData.isEmpty { out["revertData"] = receipt.revertData.hex }
                if let revert = query.describeRevert(receipt) { out["revert"] = revert }
                try Output.json(out)
                return
            }
            var rows = [
                ("transaction", receipt.transactionHash.description),
                ("status", receipt.status ? "1 (success)" : "0 (reverted)"),
                ("block", "\(receipt.blockNumber) (\(receipt.blockHash)), index \(receipt.transactionIndex)"),
                ("from", query.named(receipt.from)),
            ]
            if let to = receipt.to { rows.append(("to", query.named(to))) }
            if let address = receipt.contractAddress { rows.append(("contract", query.named(address))) }
            rows.append(("gas used", "\(receipt.gasUsed)"))
            rows.append(("cumulative gas", "\(receipt.cumulativeGasUsed)"))
            rows.append(("gas price", "\(receipt.effectiveGasPrice) wei"))
            if let revert = query.describeRevert(receipt) { rows.append(("revert", revert)) }
            if !receipt.revertData.isEmpty { rows.append(("revert data", receipt.revertData.hex)) }
            rows.append(("logs", "\(receipt.logs.count)"))
            for log in receipt.logs { rows.append(("  \(log.logIndex)", "\(query.label(log.address)).\(query.eventText(log))")) }
            Output.line(Table.fields(rows))
        }
    }
}

struct BlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block", abstract: "A block by number, hash or `latest`, with its transactions.", discussion: QueryExit.discussion)

    @Argument(help: "A block number (decimal or 0x hex), a block hash, or latest.")
    var block: String = "latest"

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let (block, entries) = try query.block(self.block)
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(block.timestamp)))
            if state.json {
                try Output.json([
                    "number": block.number, "hash": block.hash.description, "parentHash": block.parentHash.description,
                    "timestamp": block.timestamp, "time": time, "gasUsed": block.gasUsed, "gasLimit": block.gasLimit,
                    "baseFeePerGas": block.baseFee.description, "miner": block.coinbase.checksummed,
                    "transactionsRoot": block.transactionsRoot.description, "receiptsRoot": block.receiptsRoot.description,
                    "logsBloom": block.logsBloom.bytes.hex,
                    "transactions": entries.map { entry -> [String: Any] in
                        var out: [String: Any] = [
                            "hash": entry.transaction.hash.description, "from": query.addressJSON(entry.transaction.from),
                            "status": entry.receipt.status ? "success" : "reverted",
                        ]
                        if let to = entry.transaction.transaction.to { out["to"] = query.addressJSON(to) }
                        if let call = query.describeCall(entry.transaction) { out["function"] = call.name }
                        return out
                    },
                ])
                return
            }
            Output.line(Table.fields([
                ("number", "\(block.number)"), ("hash", block.hash.description), ("parent", block.parentHash.description),
                ("timestamp", "\(block.timestamp) (\(time))"), ("gas", "\(block.gasUsed) used of \(block.gasLimit)"),
                ("base fee", "\(block.baseFee) wei"), ("transactions", "\(entries.count)"),
            ]))
            guard !entries.isEmpty else { return }
            Output.line("")
            let rows = entries.map { entry in
                [
                    "\(entry.transaction.index)", entry.transaction.hash.description, query.label(entry.transaction.from),
                    entry.transaction.transaction.to.map(query.label) ?? "(create)",
                    query.describeCall(entry.transaction)?.name ?? (entry.transaction.transaction.data.isEmpty ? "transfer" : "?"),
                    entry.receipt.status ? "ok" : "reverted",
                ]
            }
            Output.line(Table.render(["#", "hash", "from", "to", "call", "status"], rows, right: [0]))
        }
    }
}

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Events, decoded, oldest first; filter by token, event, blocks and topics.",
        discussion: QueryExit.discussion + " `events` is the same command.", aliases: ["events"])

    @Option(help: "Only logs of this contract (a name or an address); repeat for several.")
    var token: [String] = []

    @Option(help: "Only this event: a name (Transfer) or a signature; repeat for several.")
    var event: [String] = []

    @Option(name: .customLong("from-block"), help: "First block (a number or latest).")
    var fromBlock: String?

    @Option(name: .customLong("to-block"), help: "Last block (a number or latest).")
    var toBlock: String?

    @Option(help: "Only logs with this indexed value (a 32-byte topic, a name or an address) among topics 1-3; repeat to require several.")
    var topic: [String] = []

    @OptionGroup var limiting: LimitOption
    var limit: Int? { limiting.limit }

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let tokens = try token.map { text throws(QueryError) in try query.resolve(text, what: "token") }
            var events: [Hash] = []
            for name in event { events += try query.eventTopics(name) }
            let topics = try topic.map { text throws(QueryError) in try query.topic(text) }
            let latest = query.chain.blockNumber
            let from = try fromBlock.map { text throws(QueryError) in try query.blockNumber(text) } ?? 0
            // Without --to-block: up to the latest block (nothing, for a start past it).
            let to = try toBlock.map { text throws(QueryError) in try query.blockNumber(text) } ?? max(latest, from)
            guard from <= to else { throw QueryError(.badInput, "--from-block \(from) is after --to-block \(to)") }
            // Blocks past the latest hold nothing.
            let logs = from > latest ? [] : try query.logs(tokens: tokens, events: events, topics: topics, blocks: from...min(to, latest), limit: limit)
            if state.json {
                try Output.json(logs.map(query.logJSON))
                return
            }
            let rows = logs.map { log in
                ["\(log.blockNumber)", "\(log.logIndex)", log.transactionHash.description, query.label(log.address), query.eventText(log)]
            }
            Output.line(Table.render(["block", "log", "transaction", "contract", "event"], rows, right: [0, 1]))
            Output.line("\(logs.count) log\(logs.count == 1 ? "" : "s")")
        }
    }
}

struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The deployed tokens with kind, name, symbol and supply (--all: every contract).", discussion: QueryExit.discussion)

    @Flag(help: "List every contract, not only tokens.")
    var all = false

    @OptionGroup var state: StateOptions

    func run() throws {
        try QueryExit.run(state.path) { query in
            let contracts = query.contracts().filter { all || $0.isToken }
            if state.json {
                try Output.json(contracts.map { contract -> [String: Any] in
                    var out = query.tokenJSON(contract)
                    if let supply = contract.totalSupply {
                        out["supply"] = supply.formatted(decimals: contract.decimals)
                        out["rawSupply"] = supply.description
                    }
                    return out
                })
                return
            }
            let rows = contracts.map { contract in
                [
                    contract.label ?? "", contract.kind, contract.address.checksummed, contract.name ?? "", contract.symbol ?? "",
                    contract.isToken ? "\(contract.decimals)" : "", contract.totalSupply.map { $0.formatted(decimals: contract.decimals) } ?? "",
                ]
            }
            Output.line(Table.render(["name", "kind", "address", "token name", "symbol", "decimals", "supply"], rows, right: [5, 6]))
        }
    }
}

/// `mintsim accounts --state FILE`: the named accounts and the funded development accounts.
enum StateAccounts {
    static func run(path: String, json: Bool) throws {
        try QueryExit.run(path) { query in
            let config: ChainConfig
            do {
                config = try query.file.config()
            } catch let error as StoreError {
                throw QueryError(error)
            }
            var listed: [(String, Address)] = query.names.filter { $0.role == .account }.map { ($0.name, $0.address) }
            var seen = Set(listed.map(\.1))
            for (address, _) in config.genesisAccounts where seen.insert(address).inserted { listed.append(("", address)) }
            if json {
                try Output.json(listed.map { name, address -> [String: Any] in
                    var out: [String: Any] = [
                        "address": address.checksummed, "balance": query.chain.balance(of: address).formatted(decimals: 18),
                        "raw": query.chain.balance(of: address).description, "nonce": query.chain.nonce(of: address),
                    ]
                    if !name.isEmpty { out["name"] = name }
                    return out
                })
                return
            }
            let rows = listed.map { name, address in
                [name, address.checksummed, "\(query.chain.balance(of: address).formatted(decimals: 18)) ETH", "\(query.chain.nonce(of: address))"]
            }
            Output.line(Table.render(["name", "address", "balance", "nonce"], rows, right: [2, 3]))
        }
    }
}
