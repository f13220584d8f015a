/// A chain for a test: named development accounts, every contract kind registered, and `deploy`
/// returning a `Contract` to send to and call.
///
/// ```swift
/// let t = try TestChain(accounts: ["owner", "alice", "bob"])
/// let token = try t.deploy("erc20", ["name": "Acme", "symbol": "ACME"], from: t["owner"])
/// ```
///
/// The i-th name is the i-th account of the default mnemonic (m/44'/60'/0'/0/i, the accounts Anvil
/// and Hardhat print). Without a `config`, the first max(10, names.count) accounts are funded with
/// 10,000 ether each at genesis, as Anvil starts; a given `config` is used as it is.
/// Like `Chain`, not thread-safe: each test makes its own.
public final class TestChain {
    public let chain: Chain
    /// The account names, in account order.
    public let names: [String]
    private let accounts: [DevAccount]
    private let indexByName: [String: Int]
    private let nameByAddress: [Address: String]

    public init(accounts names: [String] = [], config: ChainConfig? = nil, file: String = #filePath, line: Int = #line) throws {
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard !name.isEmpty else { throw ExpectationFailure("account \(index) has an empty name", file: file, line: line) }
            if let earlier = indexByName[name] {
                throw ExpectationFailure(
                    "account name \"\(name)\" is given twice (accounts \(earlier) and \(index))", file: file, line: line)
            }
            indexByName[name] = index
        }
        let accounts = try DevelopmentAccounts.first(names.count)
        self.names = names
        self.accounts = accounts
        self.indexByName = indexByName
        nameByAddress = Dictionary(zip(accounts.map(\.address), names), uniquingKeysWith: { first, _ in first })
        chain = Chain(config: config ?? .development(accounts: max(10, names.count)))
        ContractRegistry.register(on: chain)
    }

    /// The named account's address. An unknown name gives the zero address, which the token
    /// contracts refuse as sender and receiver; `account(_:)` throws instead, naming the closest name.
    public subscript(name: String) -> Address {
        indexByName[name].map { accounts[$0].address } ?? .zero
    }

    /// The named account's address; an unknown name throws an `ExpectationFailure` that lists the
    /// names and the closest one.
    public func account(_ name: String, file: String = #filePath, line: Int = #line) throws -> Address {
        accounts[try index(of: name, file: file, line: line)].address
    }

    /// The named account's private key (to sign raw transactions or claims).
    public func privateKey(_ name: String, file: String = #filePath, line: Int = #line) throws -> PrivateKey {
        accounts[try index(of: name, file: file, line: line)].privateKey
    }

    /// The name of an account, if it has one.
    public func name(of address: Address) -> String? { nameByAddress[address] }

    /// Deploys a contract kind (`erc20`, `erc721`, `erc1155`, `security-token`, … — see
    /// `ContractRegistry`) with text options from `from`. A constructor that reverts throws
    /// `ContractReverted`; an unknown kind or option throws `ContractsError`.
    @discardableResult
    public func deploy(_ kind: String, _ options: [String: String] = [:], from: Address) throws -> Contract {
        let contractKind = try ContractRegistry.kind(named: kind)
        let arguments = try contractKind.constructorArguments(options)
        let model: any ContractModel
        do {
            model = try contractKind.factory(arguments)
        } catch {
            throw ContractReverted(revert: error, operation: "deploying \(kind)", kind: kind)
        }
        do {
            let address = try chain.deploy(model, from: from).address
            return Contract(address: address, kind: kind, chain: chain, names: nameByAddress)
        } catch {
            // (A `catch where` on a typed throw crashes Swift 6.3's SIL generation.)
            guard error.code == .executionReverted else { throw error }
            throw ContractReverted(revert: error.revert ?? Revert(data: []), operation: "deploying \(kind)", kind: kind)
        }
    }

    /// The contract deployed at `address` (by a test, another contract or a raw transaction).
    public func contract(at address: Address, file: String = #filePath, line: Int = #line) throws -> Contract {
        guard let model = chain.contract(at: address) else {
            throw ExpectationFailure("no contract is deployed at \(address)", file: file, line: line)
        }
        return Contract(address: address, kind: model.kind, chain: chain, names: nameByAddress)
    }

    private func index(of name: String, file: String, line: Int) throws -> Int {
        if let index = indexByName[name] { return index }
        var message = "unknown account \"\(name)\""
        if names.isEmpty {
            message += "; this TestChain has no named accounts (TestChain(accounts: [\"owner\", \"alice\"]) names them)"
        } else {
            if let suggestion = suggestion(for: name, among: names) { message += "; \(suggestion)" }
            message += " (accounts: \(names.joined(separator: ", ")))"
        }
        throw ExpectationFailure(message, file: file, line: line)
    }
}

/// The accounts of the default mnemonic; the first 20 are derived once (derivation runs PBKDF2).
enum DevelopmentAccounts {
    static let cached: [DevAccount] = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 20)) ?? []

    static func first(_ count: Int) throws -> [DevAccount] {
        if count <= cached.count { return Array(cached.prefix(count)) }
        return try Mnemonic(Mnemonic.defaultPhrase).accounts(count: count)
    }
}
