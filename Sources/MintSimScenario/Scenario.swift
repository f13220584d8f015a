import MintSimChain
import MintSimPrimitives

/// A scenario file, read and checked: every name resolved, every amount scaled, ready to run.
public struct Scenario: Sendable {
    public let name: String
    public let file: String
    public let config: ChainConfig
    public let accounts: [NamedAccount]
    /// Deployments of the `contracts` section, in file order, then the `steps`.
    public let setup: [Step]
    public let steps: [Step]
    public let invariants: [Invariant]
    /// Every contract the scenario deploys (setup and steps), by name.
    public let contracts: [String: ContractInfo]
    /// The mint API the scenario runs in process (its `mint-api` section), if any.
    public var mintAPI: MintAPIPlan? = nil

    /// The same scenario with other steps.
    func with(steps: [Step]) -> Scenario {
        Scenario(
            name: name, file: file, config: config, accounts: accounts, setup: setup, steps: steps, invariants: invariants, contracts: contracts,
            mintAPI: mintAPI)
    }

    /// The named account called `name`.
    public func account(_ name: String) -> NamedAccount? { accounts.first { $0.name == name } }
}

/// An account a scenario names: derived from the mnemonic (with its key) or given as an address.
public struct NamedAccount: Hashable, Sendable {
    public let name: String
    public let address: Address
    /// The private key when the account is derived; nil for a raw address (it can still send:
    /// MintSim impersonates any sender).
    public let privateKey: PrivateKey?
}

/// What the checker knows of a contract before it runs: its kind and decimals.
public struct ContractInfo: Hashable, Sendable {
    public let name: String
    public let kind: String
    /// Decimals of its amounts (18 for native ether and ERC-20 by default, 0 for ERC-1155 and a
    /// security token unless given; ERC-721 has none).
    public let decimals: Int
    public let location: SourceLocation
    /// Where it is, for a contract already on the chain (an earlier run's, known by its name); nil
    /// for one the scenario deploys.
    public var address: Address? = nil
}

/// A contract already on the chain that a scenario may use by name without deploying it (what an
/// earlier run on the same state file deployed).
public struct ExistingContract: Hashable, Sendable {
    public let name: String
    public let kind: String
    /// Decimals of its amounts, as `ContractInfo.decimals`.
    public let decimals: Int
    public let address: Address

    public init(name: String, kind: String, decimals: Int, address: Address) {
        self.name = name
        self.kind = kind
        self.decimals = decimals
        self.address = address
    }
}

/// A contract named in a scenario, possibly one part of a security-token suite
/// (`ACME.identityRegistry`, `ACME.compliance`, …).
public struct ContractRef: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let part: String?

    public var description: String { part.map { "\(name).\($0)" } ?? name }

    /// The parts of a security-token suite that can be named.
    public static let suiteParts = [
        "identityRegistry", "identityRegistryStorage", "claimTopicsRegistry", "trustedIssuersRegistry", "compliance",
    ]
}

/// An argument that may name a contract whose address is known only once it is deployed.
public indirect enum StepArgument: Hashable, Sendable {
    case value(ABIValue)
    case contract(ContractRef)
    case array([StepArgument])
}

/// One step of a scenario, where it is in the file, and what it expects.
public struct Step: Sendable {
    public let location: SourceLocation
    /// The step's kind as written (`mint`, `assert`, …).
    public let kind: String
    /// A one-line description for traces (`mint 1,000 ACME to alice`).
    public let summary: String
    public let action: Action
    public let expectation: Expectation
    /// A fuzz action may revert: a revert is an outcome, not a failure.
    public internal(set) var allowRevert = false
}

/// What a step does.
public enum Action: Sendable {
    case deploy(Deployment)
    /// A transaction calling a contract function.
    case call(Call)
    /// Deploys an identity for `wallet`, registers it in the token's identity registry with its
    /// country, and adds the claims.
    case registerIdentity(token: String, wallet: Address, country: UInt16, claims: [ClaimSpec], from: Address?)
    case addClaim(token: String, wallet: Address, claim: ClaimSpec)
    case removeClaim(token: String, wallet: Address, topic: UInt256, issuer: Address)
    /// Adds an agent to a security token and its identity registry.
    case addAgent(token: String, account: Address, from: Address?)
    /// Deploys a compliance module, binds it to the token's compliance and configures it.
    case addModule(token: String, module: ModuleSpec, from: Address?)
    /// `recoveryAddress(lost, new, identity of lost)` on a security token.
    case recoverWallet(token: String, lost: Address, new: Address, from: Address)
    /// `setCollateral(amount, expiry)`, the expiry absolute or relative to the step's time.
    case setCollateral(token: String, amount: UInt256, expiry: Expiry, from: Address)
    case advanceTime(UInt64)
    case mine(Int)
    case snapshot(String)
    case revert(String)
    case setBalance(Address, UInt256)
    case sendRaw([UInt8])
    case assert(Assertion)
    /// Puts the `mint-api` setup on the chain and starts serving it.
    case startMintAPI
    /// A request to the scenario's mint API.
    case http(HTTPStep)
    /// A check of the webhooks the mint API delivered.
    case webhook(WebhookCheck)
}

public struct Call: Sendable {
    public let contract: ContractRef
    public let signature: String
    public let arguments: [StepArgument]
    public let from: Address
    public let value: UInt256
}

public struct ClaimSpec: Hashable, Sendable {
    public let topic: UInt256
    public let topicName: String
    public let issuer: Address
    public let data: [UInt8]
}

/// A contract to deploy: a registry kind with its options, or a security-token suite.
public struct Deployment: Sendable {
    public let name: String
    public let kind: String
    public let from: Address
    /// Constructor options as text, with contract names to resolve at deployment.
    public let options: [(name: String, value: OptionValue)]
    /// Roles to grant after deployment, in file order (AGENT_ROLE on a security token adds an agent).
    public let roles: [(role: String, accounts: [Address])]
    /// The whole T-REX suite, for `security-token`.
    public let suite: SuiteSpec?
}

public struct ModuleSpec: Sendable {
    public let kind: String
    public let configuration: [(signature: String, arguments: [ABIValue])]
}

public enum Expiry: Hashable, Sendable {
    case at(UInt64)
    case after(UInt64)
}

public enum OptionValue: Hashable, Sendable {
    case text(String)
    case contract(ContractRef)
}

public struct SuiteSpec: Sendable {
    public let claimTopics: [UInt256]
    public let trustedIssuers: [(signer: Address, topics: [UInt256])]
    public let modules: [ModuleSpec]
    public let paused: Bool
}

/// What a step expects beyond succeeding.
public struct Expectation: Sendable {
    public var revert: RevertExpectation?
    public var events: [EventExpectation] = []
    public var absentEvents: [EventExpectation] = []
    public var balanceChanges: [BalanceChange] = []

    public static let none = Expectation()
}

public struct RevertExpectation: Sendable {
    public let location: SourceLocation
    /// The custom error's name (`ERC20InsufficientBalance`), `Error` for a reason string, `Panic`.
    public let name: String
    /// Arguments to compare, by name or position, when given.
    public let arguments: [(key: String, value: Expected)]
    /// Text the explanation must contain.
    public let explanation: String?
}

public struct EventExpectation: Sendable {
    public let location: SourceLocation
    public let name: String
    public let contract: ContractRef?
    public let arguments: [(key: String, value: Expected)]
}

/// An expected value, compared once its type is known from a decoded event or error.
public struct Expected: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    /// The value as a raw integer when written `{raw: …}`.
    public let raw: Bool
    public let location: SourceLocation

    public var description: String { text }
}

public struct BalanceChange: Sendable {
    public let location: SourceLocation
    public let token: ContractRef?  // nil = native ether
    public let account: StepArgument
    public let accountName: String
    public let id: UInt256?
    public let negative: Bool
    public let amount: UInt256
    public let decimals: Int
}

public enum Assertion: Sendable {
    /// A read whose single output is compared with `expected`.
    case read(Read, Comparison, Expected)
    /// An expression of the invariant language that must be true.
    case expression(String, SourceLocation)
}

public enum Comparison: String, Hashable, Sendable {
    case equals, atLeast = "at-least", atMost = "at-most"
}

/// A view call, or the native balance.
public struct Read: Sendable {
    public let description: String
    public let contract: ContractRef?
    public let signature: String
    public let arguments: [StepArgument]
    public let outputDecimals: Int?
    /// The native balance of this account instead of a call.
    public let nativeBalanceOf: Address?
}

public struct Invariant: Sendable {
    public let text: String
    public let location: SourceLocation
}
