import MintSimChain
import MintSimPrimitives

/// A whole ERC-3643 (T-REX) suite deployed and wired in one call, as T-REX's factory deploys one:
/// claim topics registry, trusted issuers registry with a ClaimIssuer per issuer, identity registry
/// storage, identity registry, modular compliance with its modules, and the security token — plus
/// the helpers that onboard investors (an ONCHAINID identity, its registration and signed claims).
///
/// ```swift
/// let suite = try SecurityTokenSuite.deploy(on: chain, owner: owner, options: .init(
///     name: "Acme Shares", symbol: "ACME", claimTopics: [1],
///     trustedIssuers: [.init(signer: kycSigner.address, topics: [1])],
///     modules: [.init(kind: "country-allow-module", configuration: [("batchAllowCountries(uint16[])", [.array([.uint(840)])])])]))
/// let identity = try suite.registerInvestor(alice, country: 840, on: chain, agent: owner)
/// try suite.issueClaim(identity: identity, topic: 1, data: Array("KYC passed".utf8), signer: kycSigner, manager: alice, on: chain)
/// try chain.transact(suite.token, "mint(address,uint256)", [.address(alice), .uint(100)], from: owner)
/// ```
///
/// Every transaction is sent from the account that may send it in T-REX — the owner, the investor's
/// wallet or an agent — never from anyone else. In automine each is mined as it is sent. In
/// `.manual` and `.interval` mining the suite mines blocks itself (`chain.mine()`): before a
/// transaction that touches a contract an earlier, still pending one touched (its gas is estimated
/// on the state as mined so far), and once more before returning, so that every call returns with
/// its transactions mined and the suite ready to use. Transactions the caller left pending are mined
/// in the first of those blocks. The transaction order, and so every address, is the same in all
/// three modes.
///
/// A transaction that would revert is refused (nothing of it is mined) and deployment stops there
/// with a `SuiteError` naming the step; what earlier steps deployed stays on the chain (take a
/// snapshot first to undo it). The token's options, module kinds and configuration calls are
/// checked before anything is sent.
public struct SecurityTokenSuite: Sendable {
    /// A compliance module to deploy, bind to the compliance and configure.
    public struct Module: Sendable {
        /// A compliance module kind of `ContractRegistry` (`country-allow-module`, `max-balance-module`, …).
        public var kind: String
        /// Calls made on the module through the compliance's `callModuleFunction(bytes,address)`, in
        /// order, such as `("batchAllowCountries(uint16[])", [.array([.uint(840), .uint(826)])])`.
        public var configuration: [(signature: String, arguments: [ABIValue])]

        public init(kind: String, configuration: [(signature: String, arguments: [ABIValue])] = []) {
            self.kind = kind
            self.configuration = configuration
        }
    }

    /// A claim issuer to deploy and trust: `signer`'s key signs its claims (it is the ClaimIssuer's
    /// management key) and `topics` are the claim topics it is trusted for.
    public struct Issuer: Sendable {
        public var signer: Address
        public var topics: [UInt256]

        public init(signer: Address, topics: [UInt256]) {
            self.signer = signer
            self.topics = topics
        }
    }

    /// What to deploy. The token's fields are those of `SecurityToken`.
    public struct Options: Sendable {
        public var name: String
        public var symbol: String
        public var decimals: UInt8
        /// The supply cap; 0: none.
        public var cap: UInt256
        /// One of `SecurityToken.assetTypes`.
        public var assetType: String
        public var basePrice: UInt256
        public var currency: String
        /// The token's ONCHAINID (`onchainID()`); zero: none.
        public var onchainID: Address
        /// The claim topics investors' identities must hold (KYC = 1, AML = 2, …).
        public var claimTopics: [UInt256]
        public var trustedIssuers: [Issuer]
        public var modules: [Module]
        /// T-REX leaves a new token paused; the suite unpauses it unless `paused` is true.
        public var paused: Bool

        public init(
            name: String, symbol: String, decimals: UInt8 = 0, cap: UInt256 = .zero, assetType: String = "equity",
            basePrice: UInt256 = .zero, currency: String = "USD", onchainID: Address = .zero, claimTopics: [UInt256] = [],
            trustedIssuers: [Issuer] = [], modules: [Module] = [], paused: Bool = false
        ) {
            self.name = name
            self.symbol = symbol
            self.decimals = decimals
            self.cap = cap
            self.assetType = assetType
            self.basePrice = basePrice
            self.currency = currency
            self.onchainID = onchainID
            self.claimTopics = claimTopics
            self.trustedIssuers = trustedIssuers
            self.modules = modules
            self.paused = paused
        }
    }

    /// The deployer: owner of every contract, agent of the token and of the identity registry.
    public let owner: Address
    public let token: Address
    public let identityRegistry: Address
    public let identityRegistryStorage: Address
    public let claimTopicsRegistry: Address
    public let trustedIssuersRegistry: Address
    public let compliance: Address
    /// The ClaimIssuer contract of each issuer, in the order of `Options.trustedIssuers`.
    public let claimIssuers: [(signer: Address, contract: Address)]
    /// The modules, in the order of `Options.modules`.
    public let modules: [(kind: String, address: Address)]

    /// A suite deployed earlier, from its addresses.
    public init(
        owner: Address, token: Address, identityRegistry: Address, identityRegistryStorage: Address, claimTopicsRegistry: Address,
        trustedIssuersRegistry: Address, compliance: Address, claimIssuers: [(signer: Address, contract: Address)],
        modules: [(kind: String, address: Address)]
    ) {
        self.owner = owner
        self.token = token
        self.identityRegistry = identityRegistry
        self.identityRegistryStorage = identityRegistryStorage
        self.claimTopicsRegistry = claimTopicsRegistry
        self.trustedIssuersRegistry = trustedIssuersRegistry
        self.compliance = compliance
        self.claimIssuers = claimIssuers
        self.modules = modules
    }

    /// The ClaimIssuer contract whose signer is `signer` (the first, if several issuers share it).
    public func claimIssuer(signer: Address) -> Address? {
        claimIssuers.first { $0.signer == signer }?.contract
    }

    // MARK: Deployment

    /// Deploys and wires a suite from `owner`, in T-REX's factory order: the claim topics registry
    /// (and its topics), the trusted issuers registry, one ClaimIssuer per issuer (management key: its
    /// signer) and `addTrustedIssuer` for each, the identity registry storage, the identity registry
    /// (bound to the storage; the owner made its agent), the modular compliance, the token (which binds
    /// itself to the compliance; made an agent of the identity registry, which wallet recovery needs),
    /// each module (deployed, added, configured through `callModuleFunction`), then `unpause()` unless
    /// `options.paused`. See the type's documentation for mining modes and failures.
    public static func deploy(on chain: Chain, owner: Address, options: Options) throws(SuiteError) -> SecurityTokenSuite {
        try check(options)
        let plans = try plan(options.modules)
        let steps = Steps(chain)
        let topicsRegistry = try steps.deploy(ClaimTopicsRegistry(), from: owner, step: "deploying the claim topics registry")
        for topic in options.claimTopics {
            try steps.send(
                topicsRegistry, "addClaimTopic(uint256)", [.uint(topic)], from: owner, touching: [topicsRegistry],
                step: "adding claim topic \(topic)")
        }
        let issuersRegistry = try steps.deploy(TrustedIssuersRegistry(), from: owner, step: "deploying the trusted issuers registry")
        var claimIssuers: [(signer: Address, contract: Address)] = []
        for (index, issuer) in options.trustedIssuers.enumerated() {
            let contract = try steps.deploy(
                ClaimIssuer(initialManagementKey: issuer.signer), from: owner,
                step: "deploying claim issuer \(index + 1) (signer \(issuer.signer))")
            claimIssuers.append((issuer.signer, contract))
        }
        for (issuer, deployed) in zip(options.trustedIssuers, claimIssuers) {
            try steps.send(
                issuersRegistry, "addTrustedIssuer(address,uint256[])", [.address(deployed.contract), .array(issuer.topics.map { .uint($0) })],
                from: owner, touching: [issuersRegistry, deployed.contract],
                step: "adding trusted issuer \(deployed.contract) for topics \(list(issuer.topics))")
        }
        let storage = try steps.deploy(IdentityRegistryStorage(), from: owner, step: "deploying the identity registry storage")
        let registry = try steps.deploy(
            IdentityRegistry(trustedIssuersRegistry: issuersRegistry, claimTopicsRegistry: topicsRegistry, identityStorage: storage),
            from: owner, step: "deploying the identity registry")
        try steps.send(
            storage, "bindIdentityRegistry(address)", [.address(registry)], from: owner, touching: [storage, registry],
            step: "binding the identity registry \(registry) to its storage \(storage)")
        try steps.send(
            registry, "addAgent(address)", [.address(owner)], from: owner, touching: [registry],
            step: "adding the owner \(owner) as agent of the identity registry")
        let compliance = try steps.deploy(ModularCompliance(), from: owner, step: "deploying the modular compliance")
        let token = try steps.deploy(
            SecurityToken(
                name: options.name, symbol: options.symbol, decimals: options.decimals, identityRegistry: registry,
                compliance: compliance, onchainID: options.onchainID, cap: options.cap, assetType: options.assetType,
                basePrice: options.basePrice, currency: options.currency),
            from: owner, touching: [compliance], step: "deploying the token \(options.symbol)")
        try steps.send(
            registry, "addAgent(address)", [.address(token)], from: owner, touching: [registry],
            step: "adding the token \(token) as agent of the identity registry")
        var modules: [(kind: String, address: Address)] = []
        for (index, plan) in plans.enumerated() {
            let label = "module \(index + 1) (\(plan.kind))"
            let module = try steps.deploy(plan.model, from: owner, step: "deploying \(label)")
            // Modules read the token and the identity registry through the compliance when binding
            // and configuring (the max-balance module asks for the supply, for one).
            let touched = [compliance, module, token, registry, storage]
            try steps.send(
                compliance, "addModule(address)", [.address(module)], from: owner, touching: touched,
                step: "adding \(label) at \(module) to the compliance")
            for call in plan.calls {
                try steps.send(
                    compliance, "callModuleFunction(bytes,address)", [.bytes(call.calldata), .address(module)], from: owner,
                    touching: touched, step: "configuring \(label) at \(module) with \(call.text)")
            }
            modules.append((plan.kind, module))
        }
        if !options.paused {
            try steps.send(token, "unpause()", [], from: owner, touching: [token], step: "unpausing the token \(token)")
        }
        try steps.settle()
        return SecurityTokenSuite(
            owner: owner, token: token, identityRegistry: registry, identityRegistryStorage: storage,
            claimTopicsRegistry: topicsRegistry, trustedIssuersRegistry: issuersRegistry, compliance: compliance,
            claimIssuers: claimIssuers, modules: modules)
    }

    // MARK: Using the suite

    /// Makes `agent` an agent of the token (mint, burn, freeze, force transfers, pause, recovery) and
    /// of the identity registry (register investors), both from the owner.
    public func addAgent(_ agent: Address, on chain: Chain) throws(SuiteError) {
        let steps = Steps(chain)
        try steps.send(
            token, "addAgent(address)", [.address(agent)], from: owner, touching: [token], step: "adding agent \(agent) to the token \(token)")
        try steps.send(
            identityRegistry, "addAgent(address)", [.address(agent)], from: owner, touching: [identityRegistry],
            step: "adding agent \(agent) to the identity registry \(identityRegistry)")
        try steps.settle()
    }

    /// Gives `wallet` an ONCHAINID identity — deployed from `wallet`, which becomes its management
    /// key — and registers it in the identity registry with `country` (ISO 3166-1 numeric, see
    /// `Country`), from `agent`. Returns the identity's address.
    @discardableResult
    public func registerInvestor(_ wallet: Address, country: UInt16, on chain: Chain, agent: Address) throws(SuiteError) -> Address {
        let steps = Steps(chain)
        let identity = try steps.deploy(
            Identity(initialManagementKey: wallet), from: wallet, step: "deploying the identity of investor \(wallet)")
        try steps.send(
            identityRegistry, "registerIdentity(address,address,uint16)",
            [.address(wallet), .address(identity), .uint(UInt256(UInt64(country)))], from: agent,
            touching: [identityRegistry, identityRegistryStorage, identity],
            step: "registering investor \(wallet) (identity \(identity), country \(country)) from \(agent)")
        try steps.settle()
        return identity
    }

    /// Adds to `identity` a claim of `topic` with `data`, signed by `signer` for the ClaimIssuer whose
    /// signer it is (`ClaimSigning.signature(identity:topic:data:key:)`, scheme 1, no URI), sent from
    /// `manager`, a management (or claim) key of the identity — the investor's wallet for identities
    /// `registerInvestor` deployed.
    public func issueClaim(
        identity: Address, topic: UInt256, data: [UInt8], signer: PrivateKey, manager: Address, on chain: Chain
    ) throws(SuiteError) {
        let signerAddress = signer.address
        guard let issuer = claimIssuer(signer: signerAddress) else {
            let signers = claimIssuers.isEmpty ? "none" : claimIssuers.map { "\($0.signer)" }.joined(separator: ", ")
            throw SuiteError(.unknownIssuer, "no claim issuer of the suite has signer \(signerAddress) (signers: \(signers))")
        }
        let signature = ClaimSigning.signature(identity: identity, topic: topic, data: data, key: signer)
        let steps = Steps(chain)
        try steps.send(
            identity, "addClaim(uint256,uint256,address,bytes,bytes,string)",
            [.uint(topic), .uint(.one), .address(issuer), .bytes(signature), .bytes(data), .string("")], from: manager,
            touching: [identity, issuer], step: "adding a claim of topic \(topic) by issuer \(issuer) to identity \(identity) from \(manager)")
        try steps.settle()
    }

    /// The identity the identity registry holds for `wallet`; nil when it is not registered.
    public func identity(of wallet: Address, on chain: Chain) throws(SuiteError) -> Address? {
        let values: [ABIValue]
        do {
            values = try chain.call(identityRegistry, "identity(address)(address)", [.address(wallet)])
        } catch {
            throw SuiteError(
                .callFailed, "reading the identity of \(wallet) from the identity registry \(identityRegistry): \(SuiteError.describe(error))",
                chainError: error)
        }
        guard case .address(let identity) = values.first, identity != .zero else { return nil }
        return identity
    }

    // MARK: Checking the options

    struct ModulePlan {
        let kind: String
        let model: any ContractModel
        let calls: [(text: String, calldata: [UInt8])]
    }

    /// The compliance module kinds of `ContractRegistry`, in its order.
    static let moduleKinds: [ContractKind] = ContractRegistry.kinds.filter { kind in
        guard let model = try? kind.model([:]) else { return false }
        return model is any ComplianceModule
    }

    /// The token's own constructor checks, made before anything is sent.
    static func check(_ options: Options) throws(SuiteError) {
        if options.name.isEmpty || options.symbol.isEmpty {
            throw SuiteError(.invalidOptions, "the token's name and symbol must not be empty")
        }
        if options.decimals > 18 {
            throw SuiteError(.invalidOptions, "the token has \(options.decimals) decimals, at most 18")
        }
        if !SecurityToken.assetTypes.contains(options.assetType) {
            throw SuiteError(
                .invalidOptions,
                "asset type '\(options.assetType)' is not one of \(SecurityToken.assetTypes.joined(separator: ", "))")
        }
    }

    /// Each module's model and encoded configuration calls; unknown kinds and calls that cannot be
    /// encoded or name no function of the module are refused here, before anything is sent.
    static func plan(_ modules: [Module]) throws(SuiteError) -> [ModulePlan] {
        var plans: [ModulePlan] = []
        let kindList = moduleKinds.map(\.name).joined(separator: ", ")
        for (index, module) in modules.enumerated() {
            guard let kind = moduleKinds.first(where: { $0.name == module.kind }), let model = try? kind.model([:]) else {
                let known = ContractRegistry.kinds.contains { $0.name == module.kind }
                let what = known ? "'\(module.kind)' is not a compliance module kind" : "unknown compliance module kind '\(module.kind)'"
                throw SuiteError(.unknownModule, "module \(index + 1): \(what) (kinds: \(kindList))")
            }
            let label = "module \(index + 1) (\(module.kind))"
            var calls: [(text: String, calldata: [UInt8])] = []
            for (number, call) in module.configuration.enumerated() {
                let prefix = "\(label): configuration call \(number + 1) '\(call.signature)'"
                let function: ABIFunction
                do {
                    function = try ABIFunction.cached(call.signature)
                } catch {
                    throw SuiteError(.invalidConfiguration, "\(prefix): \(error.message)")
                }
                let selector = function.selector.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                guard kind.interface.function(selector: selector) != nil else {
                    throw SuiteError(.invalidConfiguration, "\(prefix): \(module.kind) has no function \(function.signature)")
                }
                do {
                    let calldata = try function.encodeCall(call.arguments)
                    calls.append(("\(function.name)(\(call.arguments.map(\.description).joined(separator: ", ")))", calldata))
                } catch {
                    throw SuiteError(.invalidConfiguration, "\(prefix): \(error.message)")
                }
            }
            plans.append(ModulePlan(kind: module.kind, model: model, calls: calls))
        }
        return plans
    }

    static func list(_ values: [UInt256]) -> String { "[" + values.map(\.description).joined(separator: ", ") + "]" }

    // MARK: Sending

    /// Sends a suite's transactions in order. In automine each is mined as it is sent; otherwise the
    /// chain is mined before a transaction that touches a contract a pending one touched (gas is
    /// estimated on the mined state) and by `settle()`, which checks every receipt.
    final class Steps {
        let chain: Chain
        let automine: Bool
        /// Contracts touched by transactions not mined yet.
        var dirty: Set<Address> = []
        var unmined: [(hash: Hash, step: String)] = []

        init(_ chain: Chain) {
            self.chain = chain
            automine = chain.config.mining == .auto
        }

        /// Deploys `model` from `from`; `touching` names the contracts its constructor calls.
        func deploy(_ model: any ContractModel, from: Address, touching: [Address] = [], step: String) throws(SuiteError) -> Address {
            try prepare(touching)
            let deployed: (address: Address, hash: Hash, receipt: Receipt?)
            do {
                deployed = try chain.deploy(model, from: from)
            } catch {
                throw SuiteError.failed(step, error)
            }
            try record(deployed.hash, deployed.receipt, touching: touching + [deployed.address], step: step)
            return deployed.address
        }

        /// Calls `signature` on `contract` from `from`; `touching` names every contract the call
        /// reads or writes.
        func send(
            _ contract: Address, _ signature: String, _ arguments: [ABIValue], from: Address, touching: [Address], step: String
        ) throws(SuiteError) {
            try prepare(touching)
            let sent: (hash: Hash, receipt: Receipt?)
            do {
                sent = try chain.transact(contract, signature, arguments, from: from)
            } catch {
                throw SuiteError.failed(step, error)
            }
            try record(sent.hash, sent.receipt, touching: touching, step: step)
        }

        private func prepare(_ touching: [Address]) throws(SuiteError) {
            if !automine, touching.contains(where: dirty.contains) { try settle() }
        }

        private func record(_ hash: Hash, _ receipt: Receipt?, touching: [Address], step: String) throws(SuiteError) {
            if automine {
                try Self.check(receipt, step: step)
            } else {
                unmined.append((hash, step))
                dirty.formUnion(touching)
            }
        }

        /// Mines until every transaction sent is in a block, and checks that each succeeded.
        func settle() throws(SuiteError) {
            guard !automine, !unmined.isEmpty else { return }
            let hashes = Set(unmined.map(\.hash))
            // Every block takes at least the first pending transaction, so this ends.
            var rounds = chain.pending.count
            while rounds >= 0, chain.pending.contains(where: { hashes.contains($0.hash) }) {
                chain.mine()
                rounds -= 1
            }
            let sent = unmined
            unmined = []
            dirty = []
            for (hash, step) in sent { try Self.check(chain.receipt(hash: hash), step: step) }
        }

        private static func check(_ receipt: Receipt?, step: String) throws(SuiteError) {
            guard let receipt else {
                throw SuiteError(.transactionFailed, "\(step): the transaction was dropped before it was mined")
            }
            guard receipt.status else {
                let revert = Revert(data: receipt.revertData, explanation: receipt.revertExplanation)
                throw SuiteError.failed(step, ChainError(.executionReverted, "execution reverted: \(revert)", revert: revert))
            }
        }
    }
}

/// Why a security-token suite could not be deployed or used: `message` names the step that failed
/// (`adding trusted issuer 0x… for topics [1]: execution reverted: …`) and `chainError` is the
/// chain's refusal that caused it, with its revert and the revert's explanation, when there is one.
public struct SuiteError: CodedError {
    public enum Code: Sendable, Equatable {
        /// Token options its constructor would refuse (empty name or symbol, more than 18 decimals,
        /// an unknown asset type).
        case invalidOptions
        /// A module kind that is not one of `ContractRegistry`'s compliance modules.
        case unknownModule
        /// A module configuration call that cannot be encoded or names no function of the module.
        case invalidConfiguration
        /// `issueClaim` with a signer that is none of the suite's issuers.
        case unknownIssuer
        /// A transaction the chain refused or that reverted.
        case transactionFailed
        /// A read (`eth_call`) that failed.
        case callFailed
    }
    public let code: Code
    public let message: String
    /// The chain's error behind a failed transaction or read.
    public let chainError: ChainError?

    public init(_ code: Code, _ message: String, chainError: ChainError? = nil) {
        self.code = code
        self.message = message
        self.chainError = chainError
    }

    /// The revert behind the failure, when a transaction or read reverted; its `explanation` names
    /// the rule that refused.
    public var revert: Revert? { chainError?.revert }

    static func failed(_ step: String, _ error: ChainError) -> SuiteError {
        SuiteError(.transactionFailed, "\(step): \(describe(error))", chainError: error)
    }

    /// The chain error's message, with a custom error of the contract models named and decoded
    /// (`execution reverted: CountryAlreadyAllowed(0x…, 840)`) instead of shown as hex.
    static func describe(_ error: ChainError) -> String {
        guard error.code == .executionReverted, let revert = error.revert, revert.data.count >= 4 else { return error.message }
        let selector = revert.data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let entry = knownErrors[selector], let values = try? ABI.decode(entry.inputs.map(\.type), Array(revert.data.dropFirst(4)))
        else { return error.message }
        let named = "\(entry.name)(\(values.map(\.description).joined(separator: ", ")))"
        return "execution reverted: \(named)" + (revert.explanation.map { " — \($0)" } ?? "")
    }

    /// The custom errors the contract models declare, by selector.
    static let knownErrors: [UInt32: ABIEntry] = {
        var errors: [UInt32: ABIEntry] = [:]
        for kind in ContractRegistry.kinds {
            for entry in kind.interface.errors where errors[entry.selector] == nil { errors[entry.selector] = entry }
        }
        return errors
    }()
}
