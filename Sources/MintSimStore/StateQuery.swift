import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// Why a query has no answer.
public struct QueryError: CodedError {
    public enum Code: Sendable, Equatable {
        /// What was asked for does not exist: a transaction, a block, a name.
        case notFound
        /// The question is malformed: a hash that is not 32 bytes of hex, an option that does not
        /// apply to the token's kind.
        case badInput
        /// The state file cannot be used (missing, not SQLite, not MintSim's, newer, damaged).
        case stateFile
        /// Reading failed for another reason.
        case failed
    }
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public init(_ error: StoreError) {
        switch error.code {
        case .missingFile, .notADatabase, .notAStateFile, .newerSchema, .corrupt, .incompatible:
            self.init(.stateFile, error.message)
        case .io:
            self.init(.failed, error.message)
        }
    }
}

/// Answers questions about a chain kept in a state file: balances, supplies, holders,
/// transactions, blocks and logs, with the names the scenarios gave (alice, ACME) for addresses.
/// The file is opened read-only; its state is loaded into a chain in memory, whose view calls
/// (`balanceOf`, `totalSupply`, …) give the answers, while history is read from the file.
public final class StateQuery {
    public let file: StateFile
    public let chain: Chain
    public let names: [StateFile.Name]
    private var nameOf: [Address: String] = [:]
    private var tokenCache: [Address: Contract] = [:]

    public init(path: String) throws(QueryError) {
        do {
            file = try StateFile(path: path, mode: .readOnly)
            // One snapshot for the whole query, should a run be writing the file meanwhile.
            try file.pinSnapshot()
            chain = try file.chain()
            names = try file.names()
        } catch {
            throw QueryError(error)
        }
        for name in names where nameOf[name.address] == nil { nameOf[name.address] = name.name }
    }

    // MARK: - Names

    /// The name of an address, if a scenario gave it one.
    public func name(of address: Address) -> String? { nameOf[address] }

    /// A name or an address (`0x…`, any case; a mixed-case one must have a valid checksum).
    public func resolve(_ text: String, what: String) throws(QueryError) -> Address {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
            do {
                return try Address(trimmed)
            } catch {
                throw QueryError(.badInput, "\(what) '\(text)': \(error.message)")
            }
        }
        if let found = names.first(where: { $0.name == trimmed }) { return found.address }
        let folded = names.filter { $0.name.lowercased() == trimmed.lowercased() }
        if folded.count == 1 { return folded[0].address }
        var message = "unknown \(what) '\(text)'"
        if let suggestion = EditDistance.closest(to: trimmed, among: names.map(\.name)) {
            message += " (did you mean '\(suggestion)'?)"
        } else if names.isEmpty {
            message += ": the state file has no names; give an address"
        }
        throw QueryError(.notFound, message)
    }

    // MARK: - Contracts and tokens

    /// A deployed contract, with its token fields when it is a token.
    public struct Contract: Sendable {
        public let address: Address
        public let kind: String
        public let label: String?
        public let name: String?
        public let symbol: String?
        /// Decimals of amounts (0 for ERC-721, ERC-1155 and contracts that are not tokens).
        public let decimals: Int
        public let totalSupply: UInt256?

        public var isToken: Bool { StateQuery.tokenKinds.contains(kind) }
    }

    public static let tokenKinds: Set<String> = [ERC20Token.kind, ERC721Token.kind, ERC1155Token.kind, SecurityToken.kind]

    /// Every contract in the state, sorted by address.
    public func contracts() -> [Contract] {
        var addresses: [Address] = []
        for name in names where name.role == .contract { addresses.append(name.address) }
        return ((try? file.contractAddresses()) ?? addresses).compactMap { contract(at: $0) }
    }

    public func contract(at address: Address) -> Contract? {
        if let cached = tokenCache[address] { return cached }
        guard let model = chain.contract(at: address) else { return nil }
        let kind = model.kind
        var name: String?, symbol: String?, decimals = 0, supply: UInt256?
        if StateQuery.tokenKinds.contains(kind) {
            name = (try? chain.call(address, "name()(string)"))?.first.flatMap(StateQuery.text)
            symbol = (try? chain.call(address, "symbol()(string)"))?.first.flatMap(StateQuery.text)
            if kind == ERC20Token.kind || kind == SecurityToken.kind,
                case .uint(let value)? = (try? chain.call(address, "decimals()(uint8)"))?.first
            {
                decimals = value.int ?? 0
            }
            if case .uint(let value)? = (try? chain.call(address, "totalSupply()(uint256)"))?.first { supply = value }
        }
        let contract = Contract(
            address: address, kind: kind, label: nameOf[address], name: name, symbol: symbol, decimals: decimals, totalSupply: supply)
        tokenCache[address] = contract
        return contract
    }

    static func text(_ value: ABIValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The token named or at `text`.
    public func token(_ text: String) throws(QueryError) -> Contract {
        let address = try resolve(text, what: "token")
        guard let contract = contract(at: address) else {
            throw QueryError(.notFound, "no contract at \(label(address))")
        }
        guard contract.isToken else {
            throw QueryError(.badInput, "\(label(address)) is a \(contract.kind) contract, not a token")
        }
        return contract
    }

    /// `alice` or the checksummed address.
    public func label(_ address: Address) -> String { nameOf[address] ?? address.checksummed }

    /// The token's amount unit: its symbol, or its name.
    public func unit(_ token: Contract) -> String { token.symbol ?? token.label ?? token.address.checksummed }

    // MARK: - Balances and supply

    /// A holder's balance of `token` (ERC-1155: of token `id`, which it needs; ERC-721: the number
    /// of tokens held, or with `id`, 1 when the holder owns that token).
    public func balance(of holder: Address, token: Contract, id: UInt256?) throws(QueryError) -> UInt256 {
        switch token.kind {
        case ERC1155Token.kind:
            guard let id else { throw QueryError(.badInput, "\(label(token.address)) is an ERC-1155 token: give the token id with --id") }
            return try uint(token, "balanceOf(address,uint256)(uint256)", [.address(holder), .uint(id)])
        case ERC721Token.kind:
            if let id {
                let owner = try? chain.call(token.address, "ownerOf(uint256)(address)", [.uint(id)])
                if case .address(let address)? = owner?.first { return address == holder ? .one : .zero }
                return .zero
            }
            return try uint(token, "balanceOf(address)(uint256)", [.address(holder)])
        default:
            if id != nil { throw QueryError(.badInput, "--id applies to ERC-721 and ERC-1155 tokens; \(label(token.address)) is \(token.kind)") }
            return try uint(token, "balanceOf(address)(uint256)", [.address(holder)])
        }
    }

    /// The total supply (ERC-1155 with `id`: of that id).
    public func supply(of token: Contract, id: UInt256?) throws(QueryError) -> UInt256 {
        if let id {
            guard token.kind == ERC1155Token.kind else {
                throw QueryError(.badInput, "--id applies to the supply of ERC-1155 tokens; \(label(token.address)) is \(token.kind)")
            }
            return try uint(token, "totalSupply(uint256)(uint256)", [.uint(id)])
        }
        return try uint(token, "totalSupply()(uint256)", [])
    }

    private func uint(_ token: Contract, _ signature: String, _ arguments: [ABIValue]) throws(QueryError) -> UInt256 {
        do {
            guard case .uint(let value)? = try chain.call(token.address, signature, arguments).first else {
                throw QueryError(.failed, "\(signature) on \(label(token.address)) returned no number")
            }
            return value
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError(.failed, "\(signature) on \(label(token.address)): \(error)")
        }
    }

    /// Every address holding `token` (ERC-1155: token `id`), largest balance first (ties by
    /// address). Candidates are the receivers of its transfer events; each is asked its balance.
    public func holders(of token: Contract, id: UInt256?) throws(QueryError) -> [(holder: Address, balance: UInt256)] {
        if token.kind == ERC1155Token.kind && id == nil {
            throw QueryError(.badInput, "\(label(token.address)) is an ERC-1155 token: give the token id with --id")
        }
        let topics: [Hash]
        let receiverPosition: Int
        if token.kind == ERC1155Token.kind {
            topics = [
                Keccak256.hash(Array("TransferSingle(address,address,address,uint256,uint256)".utf8)),
                Keccak256.hash(Array("TransferBatch(address,address,address,uint256[],uint256[])".utf8)),
            ]
            receiverPosition = 3
        } else {
            topics = [Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))]
            receiverPosition = 2
        }
        let candidates: [Address]
        do {
            candidates = try file.distinctTopics(address: token.address, topic0: topics, position: receiverPosition)
                .map { Address(word32: $0) }
        } catch {
            throw QueryError(error)
        }
        var out: [(holder: Address, balance: UInt256)] = []
        for candidate in Set(candidates) where candidate != .zero {
            let balance = try self.balance(of: candidate, token: token, id: token.kind == ERC721Token.kind ? nil : id)
            if !balance.isZero { out.append((candidate, balance)) }
        }
        return out.sorted { $0.balance != $1.balance ? $0.balance > $1.balance : $0.holder.lowercaseHex < $1.holder.lowercaseHex }
    }

    // MARK: - History

    public func hash(_ text: String, what: String) throws(QueryError) -> Hash {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        do {
            return try Hash(hex: trimmed)
        } catch {
            throw QueryError(.badInput, "\(what) '\(text)': \(error.message)")
        }
    }

    /// A transaction and its receipt.
    public func transaction(_ text: String) throws(QueryError) -> StateFile.StoredEntry {
        let hash = try hash(text, what: "transaction hash")
        let entry: StateFile.StoredEntry?
        do {
            entry = try file.readTransaction(hash: hash)
        } catch {
            throw QueryError(error)
        }
        guard let entry else { throw QueryError(.notFound, "no transaction \(hash) in this chain") }
        return entry
    }

    /// `latest`, a block number (decimal or 0x hex) or a block hash.
    public func block(_ text: String) throws(QueryError) -> (block: Block, entries: [StateFile.StoredEntry]) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let block: Block?
        do {
            if trimmed == "latest" {
                block = try file.readBlock(number: chain.blockNumber)
            } else if trimmed.hasPrefix("0x") && trimmed.count == 66 {
                block = try file.readBlock(hash: try hash(text, what: "block hash"))
            } else {
                let number = try blockNumber(text)
                guard number <= chain.blockNumber else {
                    throw QueryError(.notFound, "block \(number) does not exist (the latest is \(chain.blockNumber))")
                }
                block = try file.readBlock(number: number)
            }
            guard let block else { throw QueryError(.notFound, "no block \(text) in this chain") }
            return (block, try file.readEntries(block: block.number))
        } catch let error as QueryError {
            throw error
        } catch let error as StoreError {
            throw QueryError(error)
        } catch {
            throw QueryError(.failed, "\(error)")
        }
    }

    /// A block number: decimal, 0x hex, or `latest`.
    public func blockNumber(_ text: String) throws(QueryError) -> UInt64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "latest" { return chain.blockNumber }
        if trimmed.hasPrefix("0x"), let value = UInt64(trimmed.dropFirst(2), radix: 16), trimmed.count > 2 { return value }
        if let value = UInt64(trimmed) { return value }
        throw QueryError(.badInput, "block '\(text)' is not a block number, 'latest' or a 32-byte block hash")
    }

    /// Logs of `tokens` (any contract when empty) with topic 0 among `events` (any when empty), in
    /// `blocks`, having every one of `topics` somewhere among topics 1–3; oldest first.
    public func logs(tokens: [Address], events: [Hash], topics: [Hash], blocks: ClosedRange<UInt64>, limit: Int?) throws(QueryError) -> [Log] {
        let filter = LogFilter(addresses: tokens, topics: events.isEmpty ? [] : [events])
        do {
            // The other topics are checked after reading, so the limit applies afterwards.
            let read = try file.readLogs(filter, blocks: blocks, limit: topics.isEmpty ? limit : nil)
            let matching = topics.isEmpty ? read : read.filter { log in topics.allSatisfy { log.topics.dropFirst().contains($0) } }
            return limit.map { Array(matching.prefix($0)) } ?? matching
        } catch {
            throw QueryError(error)
        }
    }

    /// The topic 0 of the events named `name` in the models' interfaces (`Transfer`, `RoleGranted`),
    /// or of a full signature (`Transfer(address,address,uint256)`).
    public func eventTopics(_ name: String) throws(QueryError) -> [Hash] {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("(") {
            guard let entry = try? ABIFunction(parsing: trimmed) else {
                throw QueryError(.badInput, "event '\(name)' is not a valid event signature")
            }
            return [Keccak256.hash(Array(entry.signature.utf8))]
        }
        let entries = ContractDecoder.events(named: trimmed)
        guard !entries.isEmpty else {
            var message = "unknown event '\(name)'"
            if let suggestion = EditDistance.closest(to: trimmed, among: ContractDecoder.eventNames) {
                message += " (did you mean '\(suggestion)'?)"
            }
            throw QueryError(.notFound, message)
        }
        return Array(Set(entries.map { Keccak256.hash(Array($0.signature.utf8)) })).sorted { $0.hex < $1.hex }
    }

    // MARK: - Reading values as people do

    /// A decoded event or revert argument: names for addresses, token units for amounts of `token`.
    public func format(_ argument: DecodedArgument, decimals: Int) -> String {
        format(name: argument.name, value: argument.value, decimals: decimals)
    }

    func format(name: String, value: ABIValue, decimals: Int) -> String {
        if case .array(let items) = value {
            return "[" + items.map { format(name: name, value: $0, decimals: decimals) }.joined(separator: ", ") + "]"
        }
        return ContractDecoder.format(value, argument: name, decimals: decimals, name: label)
    }

    /// Decimals of amounts in `address`'s events and calls (0 for contracts that are not ERC-20-like tokens).
    public func decimals(of address: Address) -> Int { contract(at: address)?.decimals ?? 0 }

    /// `Transfer(from: alice, to: bob, value: 250.5)`, or nil when no interface knows the log.
    public func describe(_ log: Log) -> (name: String, arguments: [(String, String)])? {
        guard let decoded = ContractDecoder.decodeLog(log, kind: chain.contract(at: log.address)?.kind) else { return nil }
        let decimals = decimals(of: log.address)
        return (decoded.name, decoded.arguments.map { ($0.name, format($0, decimals: decimals)) })
    }

    /// The function a transaction called, decoded with the interface of the contract it went to
    /// (or a deployment), or nil when the selector is unknown.
    public func describeCall(_ tx: TransactionRecord) -> (name: String, arguments: [(String, String)])? {
        guard let to = tx.transaction.to else {
            guard let (kind, _) = DeploymentData.decode(tx.transaction.data) else { return nil }
            return ("deploy \(kind)", [])
        }
        guard let kind = chain.contract(at: to)?.kind, let interface = ContractRegistry.kinds.first(where: { $0.name == kind })?.interface,
            tx.transaction.data.count >= 4
        else { return nil }
        let selector = tx.transaction.data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let function = interface.function(selector: selector),
            let values = try? ABI.decode(function.inputs.map(\.type), Array(tx.transaction.data.dropFirst(4)))
        else { return nil }
        let decimals = decimals(of: to)
        let arguments = zip(function.inputs.indices, zip(function.inputs, values)).map { index, pair -> (String, String) in
            let name = pair.0.name.isEmpty ? "arg\(index)" : String(pair.0.name.drop { $0 == "_" })
            return (name, format(name: name, value: pair.1, decimals: decimals))
        }
        return (function.name, arguments)
    }

    /// A failed transaction's revert, decoded: `ERC20InsufficientBalance(sender: alice, …) — why`.
    public func describeRevert(_ receipt: Receipt) -> String? {
        guard !receipt.status else { return nil }
        let kind = receipt.to.flatMap { chain.contract(at: $0)?.kind }
        let decimals = receipt.to.map { self.decimals(of: $0) } ?? 0
        var text: String
        if let decoded = ContractDecoder.decodeRevert(receipt.revertData, kind: kind),
            decoded.name != "Error" && decoded.name != "Panic"
        {
            text = "\(decoded.name)(\(decoded.arguments.map { "\($0.name): \(format($0, decimals: decimals))" }.joined(separator: ", ")))"
        } else {
            text = ContractDecoder.describe(Revert(data: receipt.revertData), kind: kind)
        }
        if let explanation = receipt.revertExplanation { text += " — " + explanation }
        return text
    }
}
