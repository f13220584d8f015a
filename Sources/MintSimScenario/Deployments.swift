import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Yams

extension Checker {
    /// The roles each kind grants, by name.
    static let roles: [String: [String]] = [
        "erc20": ["DEFAULT_ADMIN_ROLE", "MINTER_ROLE", "BURNER_ROLE", "PAUSER_ROLE"],
        "erc721": ["DEFAULT_ADMIN_ROLE", "MINTER_ROLE", "PAUSER_ROLE", "URI_SETTER_ROLE"],
        "erc1155": ["DEFAULT_ADMIN_ROLE", "MINTER_ROLE", "PAUSER_ROLE", "URI_SETTER_ROLE"],
        "security-token": ["DEFAULT_ADMIN_ROLE", "MINTER_ROLE", "BURNER_ROLE", "COLLATERAL_ROLE", "AGENT_ROLE"],
    ]

    /// Options that are amounts in token units, scaled by the contract's decimals.
    static let amountOptions: Set<String> = ["cap", "initialSupply", "basePrice"]
    /// Options the security-token suite sets itself.
    static let suiteOptions: Set<String> = ["identityRegistry", "compliance"]
    static let suiteFields = ["claimTopics", "trustedIssuers", "compliance", "paused"]

    static func defaultDecimals(kind: String) -> Int {
        switch kind {
        case "erc20": return 18
        default: return 0
        }
    }

    /// A contract entry (`contracts:` or a `deploy` step): kind, deployer, options, roles and, for a
    /// security token, its suite. Declares the name on success.
    func readDeployment(name: String, nameNode: YNode, _ node: YNode, what: String) -> Deployment? {
        let kindNames = ContractRegistry.kinds.map(\.name)
        var optional = ["from", "args", "roles"]
        // The suite's fields are allowed only for a security token; read the kind first to say so.
        let kindText: String? = {
            guard case .mapping(let mapping) = node else { return nil }
            return mapping.first { $0.key.scalar?.string == "kind" }?.value.scalar?.string
        }()
        if kindText == "security-token" { optional += Self.suiteFields }
        declaringContract = true
        let fresh = checkNewName(name, nameNode)
        declaringContract = false
        guard fresh, let fields = reader.fields(node, what, required: ["kind"], optional: optional),
            let kindNode = fields["kind"], let kindName = reader.string(kindNode, "\(what) kind")
        else { return nil }
        guard let kind = ContractRegistry.kinds.first(where: { $0.name == kindName }) else {
            reader.error(kindNode, "\(what): unknown contract kind '\(kindName)'\(Suggest.hint(kindName, kindNames)) (kinds: \(kindNames.joined(separator: ", ")))")
            return nil
        }
        let from = fields["from"].flatMap { sender($0, "\(what) from") } ?? accounts.first?.address ?? ChainConfig.defaultDeployer
        // Decimals first: amounts in the other options depend on them.
        var decimals = Self.defaultDecimals(kind: kind.name)
        var options: [(name: String, value: OptionValue)] = []
        let optionTypes = Dictionary(kind.options.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let allowed = kind.options.map(\.name).filter { kind.name != "security-token" || !Self.suiteOptions.contains($0) }
        if let args = fields["args"], let entries = reader.mapping(args, "\(what) args") {
            if let decimalsNode = entries.first(where: { $0.key == "decimals" })?.value, optionTypes["decimals"] != nil,
                let value = reader.integer(decimalsNode, "\(what) decimals", max: 77)
            {
                decimals = Int(value)
            }
            for (option, keyNode, value) in entries {
                guard allowed.contains(option), let type = optionTypes[option] else {
                    let note = Self.suiteOptions.contains(option) && kind.name == "security-token" ? " (the suite deploys it)" : ""
                    reader.error(keyNode, "\(what): unknown option '\(option)' for \(kind.name)\(note)\(Suggest.hint(option, allowed)) (options: \(allowed.joined(separator: ", ")))")
                    continue
                }
                if Self.amountOptions.contains(option) {
                    if let scaled = amount(value, decimals: decimals, "\(what) \(option)") { options.append((option, .text(scaled.description))) }
                } else if type == .address {
                    switch target(value, "\(what) \(option)") {
                    case .value(.address(let address)): options.append((option, .text(address.lowercaseHex)))
                    case .contract(let ref): options.append((option, .contract(ref)))
                    default: break
                    }
                } else if let text = reader.string(value, "\(what) \(option)") {
                    if option != "decimals" {
                        do {
                            _ = try ABIValue(text: text, type: type, path: option)
                        } catch {
                            reader.error(value, "\(what) \(option): \(error.message)")
                        }
                    }
                    options.append((option, .text(text)))
                }
            }
        }
        let missing = kind.options.map(\.name).filter { option in
            !options.contains { $0.name == option } && kind.defaults[option] == nil
                && !(kind.name == "security-token" && Self.suiteOptions.contains(option))
        }
        for option in missing {
            reader.error(fields["args"] ?? kindNode, "\(what): \(kind.name) needs the option '\(option)'")
        }
        var roles: [(role: String, accounts: [Address])] = []
        if let node = fields["roles"], let entries = reader.mapping(node, "\(what) roles") {
            let known = Self.roles[kind.name] ?? []
            for (role, keyNode, value) in entries {
                guard known.contains(role) else {
                    reader.error(keyNode, "\(what): unknown role '\(role)' for \(kind.name)\(Suggest.hint(role, known))\(known.isEmpty ? "" : " (roles: \(known.joined(separator: ", ")))")")
                    continue
                }
                guard let items = reader.list(value, "\(what) \(role)") else { continue }
                roles.append((role, items.compactMap { accountAddress($0, "\(what) \(role)") }))
            }
        }
        var suite: SuiteSpec?
        if kind.name == "security-token" { suite = readSuite(fields, what: what, decimals: decimals) }
        contracts[name] = ContractInfo(name: name, kind: kind.name, decimals: decimals, location: reader.location(nameNode))
        declared.append(name)
        deployers[name] = from
        return Deployment(name: name, kind: kind.name, from: from, options: options, roles: roles, suite: suite)
    }

    func readSuite(_ fields: YAMLReader.Fields, what: String, decimals: Int) -> SuiteSpec {
        var topics: [UInt256] = []
        if let node = fields["claimTopics"], let items = reader.list(node, "\(what) claimTopics") {
            topics = items.compactMap { topic($0, "\(what) claimTopics")?.0 }
        }
        var issuers: [(signer: Address, topics: [UInt256])] = []
        if let node = fields["trustedIssuers"], let entries = reader.mapping(node, "\(what) trustedIssuers") {
            for (name, keyNode, value) in entries {
                guard let account = accounts.first(where: { $0.name == name }) else {
                    reader.error(keyNode, "\(what) trustedIssuers: unknown account '\(name)'\(Suggest.hint(name, accounts.map(\.name)))\(accountsList)")
                    continue
                }
                guard account.privateKey != nil else {
                    reader.error(keyNode, "\(what) trustedIssuers: \(name) is given by address, so MintSim cannot sign its claims; name a derived account")
                    continue
                }
                guard let items = reader.list(value, "\(what) trustedIssuers \(name)") else { continue }
                let issuerTopics = items.compactMap { topic($0, "\(what) trustedIssuers \(name)")?.0 }
                if issuerTopics.isEmpty { reader.error(value, "\(what) trustedIssuers \(name): an issuer needs at least one topic") }
                issuers.append((account.address, issuerTopics))
            }
        }
        var modules: [ModuleSpec] = []
        if let node = fields["compliance"], let items = reader.sequence(node, "\(what) compliance") {
            modules = items.compactMap { module($0, "\(what) compliance", decimals: decimals) }
        }
        let paused = fields["paused"].flatMap { reader.bool($0, "\(what) paused") } ?? false
        return SuiteSpec(claimTopics: topics, trustedIssuers: issuers, modules: modules, paused: paused)
    }

    /// A compliance module: `{module: country-allow, countries: [US, GB]}` and the like.
    func module(_ node: YNode, _ what: String, decimals: Int) -> ModuleSpec? {
        ModuleReader(
            reader: reader, country: country, amount: { self.amount($0, decimals: $1, $2) }, account: accountAddress, duration: duration
        ).module(node, what, decimals: decimals)
    }
}

extension ChainConfig {
    /// Account 0 of the default mnemonic, which deploys when a scenario names no account.
    static var defaultDeployer: Address { ChainConfig.development(accounts: 1).genesisAccounts.first?.0 ?? .zero }
}
