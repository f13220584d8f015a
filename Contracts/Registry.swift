import MintSimChain
import MintSimPrimitives

/// Why a contract could not be built from a kind name and options.
public struct ContractsError: CodedError {
    public enum Code: Sendable, Equatable {
        case unknownKind, unknownOption, missingOption, invalidOption
    }
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// A kind of contract that can be deployed by name: its interface (the ABI JSON in Contracts/abi/),
/// its constructor options with their defaults, and the factory that builds the model from
/// ABI-encoded constructor arguments (what a signed creation transaction carries).
public struct ContractKind: Sendable {
    public let name: String
    /// The ABI JSON file name in Contracts/abi/.
    public let abiFile: String
    public let summary: String
    /// The declarations, parsed when first asked for (a command that touches one kind parses one).
    public var interface: ContractInterface { interfaceSource() }
    private let interfaceSource: @Sendable () -> ContractInterface
    /// Text defaults of the options that may be left out; the others are required.
    public let defaults: [String: String]
    public let factory: ContractFactory

    public init(
        name: String, abiFile: String, summary: String, interface: @autoclosure @escaping @Sendable () -> ContractInterface,
        defaults: [String: String], factory: @escaping ContractFactory
    ) {
        self.name = name
        self.abiFile = abiFile
        self.summary = summary
        interfaceSource = interface
        self.defaults = defaults
        self.factory = factory
    }

    /// The options, in constructor order: the constructor's parameter names without leading or
    /// trailing `_` (`name_` and `_identityStorage` are `name` and `identityStorage`).
    public var options: [(name: String, type: ABIType)] {
        (interface.constructor?.inputs ?? []).map { parameter in
            (String(parameter.name.drop { $0 == "_" }.reversed().drop { $0 == "_" }.reversed()), parameter.type)
        }
    }

    /// ABI-encodes constructor arguments given as text options (`["name": "Acme", "cap": "1000"]`).
    public func constructorArguments(_ given: [String: String]) throws(ContractsError) -> [UInt8] {
        let options = self.options
        let known = Set(options.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            throw ContractsError(
                .unknownOption,
                "\(name): unknown option '\(unknown)' (options: \(options.map(\.name).joined(separator: ", ")))")
        }
        var values: [ABIValue] = []
        for (option, type) in options {
            guard let text = given[option] ?? defaults[option] else {
                throw ContractsError(.missingOption, "\(name): option '\(option)' is required")
            }
            do {
                values.append(try ABIValue(text: text, type: type, path: option))
            } catch {
                throw ContractsError(.invalidOption, "\(name): \(error.message)")
            }
        }
        do {
            return try ABI.encode(options.map(\.type), values)
        } catch {
            throw ContractsError(.invalidOption, "\(name): \(error.message)")
        }
    }

    /// Builds a model from text options.
    public func model(_ options: [String: String]) throws(ContractsError) -> any ContractModel {
        let arguments = try constructorArguments(options)
        do {
            return try factory(arguments)
        } catch {
            throw ContractsError(.invalidOption, "\(name): \(error)")
        }
    }
}

/// The contract kinds MintSim models, by name.
public enum ContractRegistry {
    public static let kinds: [ContractKind] = [
        ContractKind(
            name: ERC20Token.kind, abiFile: "ERC20Token.json",
            summary: "ERC-20 with roles (minter, burner, pauser), optional cap, pause, burn and batch mint",
            interface: ERC20Token.interface,
            defaults: ["decimals": "18", "cap": "0", "initialSupply": "0", "initialHolder": Address.zero.lowercaseHex],
            factory: { arguments throws(Revert) in try ERC20Token(arguments: arguments) }),
        ContractKind(
            name: ERC721Token.kind, abiFile: "ERC721Token.json",
            summary: "ERC-721 with roles (minter, pauser, URI setter), URI storage, pause, burn, safe and sequential mint",
            interface: ERC721Token.interface,
            defaults: ["baseURI": ""],
            factory: { arguments throws(Revert) in try ERC721Token(arguments: arguments) }),
        ContractKind(
            name: ERC1155Token.kind, abiFile: "ERC1155Token.json",
            summary: "ERC-1155 with roles (minter, pauser, URI setter), supply tracking, per-id URIs, pause and burn",
            interface: ERC1155Token.interface,
            defaults: ["uri": ""],
            factory: { arguments throws(Revert) in try ERC1155Token(arguments: arguments) }),
        ContractKind(
            name: Identity.kind, abiFile: "Identity.json",
            summary: "ONCHAINID identity: ERC-734 keys (management, action, claim, encryption) and ERC-735 claims",
            interface: Identity.interface,
            defaults: ["initialManagementKey": Address.zero.lowercaseHex],
            factory: { arguments throws(Revert) in try Identity(arguments: arguments) }),
        ContractKind(
            name: ClaimIssuer.kind, abiFile: "ClaimIssuer.json",
            summary: "ONCHAINID claim issuer: an identity whose management keys revoke the claims it signed",
            interface: ClaimIssuer.interface,
            defaults: ["initialManagementKey": Address.zero.lowercaseHex],
            factory: { arguments throws(Revert) in try ClaimIssuer(arguments: arguments) }),
        ContractKind(
            name: ClaimTopicsRegistry.kind, abiFile: "ClaimTopicsRegistry.json",
            summary: "T-REX claim topics registry: the claim topics (at most 15) investors' identities must hold, set by the owner",
            interface: ClaimTopicsRegistry.interface, defaults: [:],
            factory: { arguments throws(Revert) in try ClaimTopicsRegistry(arguments: arguments) }),
        ContractKind(
            name: TrustedIssuersRegistry.kind, abiFile: "TrustedIssuersRegistry.json",
            summary: "T-REX trusted issuers registry: up to 50 claim issuers, each trusted for 1–15 claim topics, set by the owner",
            interface: TrustedIssuersRegistry.interface, defaults: [:],
            factory: { arguments throws(Revert) in try TrustedIssuersRegistry(arguments: arguments) }),
        ContractKind(
            name: IdentityRegistryStorage.kind, abiFile: "IdentityRegistryStorage.json",
            summary: "T-REX identity registry storage: investor wallet → ONCHAINID and country, for bound registries",
            interface: IdentityRegistryStorage.interface, defaults: [:],
            factory: { arguments throws(Revert) in try IdentityRegistryStorage(arguments: arguments) }),
        ContractKind(
            name: IdentityRegistry.kind, abiFile: "IdentityRegistry.json",
            summary: "T-REX identity registry: registers investors, answers isVerified from claims, topics and trusted issuers",
            interface: IdentityRegistry.interface, defaults: [:],
            factory: { arguments throws(Revert) in try IdentityRegistry(arguments: arguments) }),
        ContractKind(
            name: SecurityToken.kind, abiFile: "SecurityToken.json",
            summary: "ERC-3643 (T-REX 4.2) security token: verified holders, modular compliance, freezes, forced transfers, recovery, pause; cap, collateral and supply roles",
            interface: SecurityToken.interface,
            defaults: [
                "decimals": "0", "onchainID": Address.zero.lowercaseHex, "cap": "0", "assetType": "equity", "basePrice": "0",
                "currency": "USD",
            ],
            factory: { arguments throws(Revert) in try SecurityToken(arguments: arguments) }),
        ContractKind(
            name: ModularCompliance.kind, abiFile: "ModularCompliance.json",
            summary: "T-REX modular compliance: owner-managed token binding and up to 25 compliance modules",
            interface: ModularCompliance.interface, defaults: [:],
            factory: { arguments throws(Revert) in try ModularCompliance(arguments: arguments) }),
        ContractKind(
            name: CountryAllowModule.kind, abiFile: "CountryAllowModule.json",
            summary: "T-REX compliance module: receivers only from allowed investor countries",
            interface: CountryAllowModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try CountryAllowModule(arguments: arguments) }),
        ContractKind(
            name: CountryRestrictModule.kind, abiFile: "CountryRestrictModule.json",
            summary: "T-REX compliance module: no receivers from restricted investor countries",
            interface: CountryRestrictModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try CountryRestrictModule(arguments: arguments) }),
        ContractKind(
            name: SupplyLimitModule.kind, abiFile: "SupplyLimitModule.json",
            summary: "T-REX compliance module: caps the total supply on mint",
            interface: SupplyLimitModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try SupplyLimitModule(arguments: arguments) }),
        ContractKind(
            name: MaxBalanceModule.kind, abiFile: "MaxBalanceModule.json",
            summary: "T-REX compliance module: caps each investor ONCHAINID's balance",
            interface: MaxBalanceModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try MaxBalanceModule(arguments: arguments) }),
        ContractKind(
            name: TransferRestrictModule.kind, abiFile: "TransferRestrictModule.json",
            summary: "T-REX compliance module: transfers need an allowed sender or receiver",
            interface: TransferRestrictModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try TransferRestrictModule(arguments: arguments) }),
        ContractKind(
            name: TimeTransfersLimitsModule.kind, abiFile: "TimeTransfersLimitsModule.json",
            summary: "T-REX compliance module: caps what each sender ONCHAINID transfers per time window",
            interface: TimeTransfersLimitsModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try TimeTransfersLimitsModule(arguments: arguments) }),
        ContractKind(
            name: MaxHoldersModule.kind, abiFile: "MaxHoldersModule.json",
            summary: "MintSim compliance module: caps the number of wallets holding the token",
            interface: MaxHoldersModule.interface, defaults: [:],
            factory: { arguments throws(Revert) in try MaxHoldersModule(arguments: arguments) }),
    ]

    /// The kind named `name` (`erc20`, `erc721`, `erc1155`).
    public static func kind(named name: String) throws(ContractsError) -> ContractKind {
        guard let kind = kinds.first(where: { $0.name == name }) else {
            throw ContractsError(
                .unknownKind, "unknown contract kind '\(name)' (kinds: \(kinds.map(\.name).joined(separator: ", ")))")
        }
        return kind
    }

    /// Builds a model of kind `name` from text options.
    public static func model(kind name: String, options: [String: String] = [:]) throws(ContractsError) -> any ContractModel {
        try kind(named: name).model(options)
    }

    /// Lets signed creation transactions on `chain` deploy every kind.
    public static func register(on chain: Chain) {
        for kind in kinds { chain.registerModel(kind: kind.name, factory: kind.factory) }
    }
}

/// Decodes a model's ABI-encoded constructor arguments; malformed arguments revert the deployment.
enum ConstructorArguments {
    static func decode(_ declaration: String, _ arguments: [UInt8], kind: String) throws(Revert) -> [ABIValue] {
        let types = ABIEntry(declaration).inputs.map(\.type)
        do {
            return try ABI.decode(types, arguments)
        } catch {
            throw Revert.reason("\(kind): invalid constructor arguments: \(error.message)")
        }
    }
}

extension Chain {
    /// Deploys a contract of kind `kind` built from text options (see `ContractRegistry`).
    @discardableResult
    public func deploy(kind: String, options: [String: String] = [:], from: Address) throws
        -> (address: Address, hash: Hash, receipt: Receipt?)
    {
        try deploy(ContractRegistry.model(kind: kind, options: options), from: from)
    }
}
