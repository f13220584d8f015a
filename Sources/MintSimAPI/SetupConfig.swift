import Foundation
import MintSimContracts
import MintSimPrimitives
import MintSimScenario
import Yams

/// Reads a setup file (`mintsim serve --config FILE`, or `mint-api: {setup: FILE}` in a scenario)
/// into a `MintSetupPlan`. Every mistake is reported at once, as `file:line:column: message`.
public enum MintSetupConfig {
    public static let topLevel = [
        "accounts", "mnemonic", "deployer", "securityTokens", "assets", "abclab", "immutable", "qustody", "webhooks", "faults",
    ]
    public static let qustodyPermissions = ["tokens:mint", "tokens:burn", "tokens:read", "operations:approve"]
    public static let qustodyTemplates = ["QRC20_MINTABLE_BURNABLE", "QRC20_MINTABLE"]

    /// Whether the YAML file at `path` is a scenario (it has `steps`) rather than a setup file.
    public static func isScenario(file path: String) -> Bool {
        guard let text = try? ScenarioLoader.text(of: path), case .mapping(let mapping)? = try? Yams.compose(yaml: text) else { return false }
        return mapping.contains { $0.key.scalar?.string == "steps" }
    }

    /// `dialect`, when given, is the one dialect served (at the root): what names another is refused.
    public static func load(file path: String, dialect: String? = nil) throws(ScenarioFileError) -> MintSetupPlan {
        try read(text: ScenarioLoader.text(of: path), file: path, dialect: dialect)
    }

    public static func read(text: String, file: String, dialect: String? = nil) throws(ScenarioFileError) -> MintSetupPlan {
        let diagnostics = Diagnostics()
        let reader = ConfigReader(reader: YAMLReader(file: file, diagnostics: diagnostics), served: dialect)
        // The reader answers nil only after saying why.
        guard let plan = reader.read(text), diagnostics.isEmpty else { throw ScenarioFileError(diagnostics.items) }
        return plan
    }
}

/// Turns a setup file's YAML into a plan, checking every name against the accounts and each other.
final class ConfigReader {
    let reader: YAMLReader
    /// The one dialect served, when only one is.
    let served: String?
    var accounts: [String] = []
    /// The phrase the accounts derive from, and their addresses once a module needs them.
    var mnemonic = Mnemonic.defaultPhrase
    lazy var addresses: [Address] = (try? Mnemonic(mnemonic).accounts(count: accounts.count).map(\.address)) ?? []

    init(reader: YAMLReader, served: String? = nil) {
        self.reader = reader
        self.served = served
    }

    /// The plan, or nil after an error says why.
    func read(_ text: String) -> MintSetupPlan? {
        guard let root = reader.parse(text) else { return nil }
        guard let fields = reader.fields(root, "the setup", required: ["accounts"], optional: Array(MintSetupConfig.topLevel.dropFirst())) else {
            return nil
        }
        if let node = fields["accounts"], let items = reader.sequence(node, "accounts") {
            for item in items {
                guard let name = reader.name(item, "an account") else { continue }
                if !Checker.isValidName(name) {
                    reader.error(item, "'\(name)' is not a valid account name (letters, digits, '_' and '-', starting with a letter)")
                } else if Checker.reservedNames.contains(name) {
                    reader.error(item, "'\(name)' is reserved for the zero address")
                } else if accounts.contains(name) {
                    reader.error(item, "the account '\(name)' is named twice")
                } else {
                    accounts.append(name)
                }
            }
            if items.isEmpty { reader.error(node, "accounts: name at least one account (the first deploys the contracts)") }
        } else if case .mapping(let mapping) = root, let key = mapping.keys.first(where: { $0.scalar?.string == "accounts" }), fields["accounts"] == nil {
            // `accounts:` with nothing after it.
            reader.error(key, "accounts: name at least one account (the first deploys the contracts)")
        }
        guard let first = accounts.first else { return nil }
        var plan = MintSetupPlan(accounts: accounts, deployer: first)
        if let node = fields["mnemonic"], let phrase = reader.string(node, "mnemonic") {
            do {
                _ = try Mnemonic(phrase)
                plan.mnemonic = phrase
                mnemonic = phrase
            } catch {
                reader.error(node, "mnemonic: \(error.message)")
            }
        }
        if let node = fields["deployer"], let name = account(node, "deployer") { plan.deployer = name }
        var contractNames = Set<String>()
        func newContract(_ name: String, _ node: YNode) {
            if accounts.contains(name) {
                reader.error(node, "'\(name)' already names an account of the setup")
            } else if !contractNames.insert(name).inserted {
                reader.error(node, "'\(name)' already names a contract of the setup")
            }
        }
        if let node = fields["securityTokens"], let entries = reader.mapping(node, "securityTokens") {
            for (name, keyNode, value) in entries {
                newContract(name, keyNode)
                if let token = securityToken(name, value) { plan.securityTokens.append(token) }
            }
        }
        if let node = fields["assets"], let section = reader.fields(node, "assets", optional: ["users"]),
            let users = section["users"], let entries = reader.mapping(users, "assets users")
        {
            for (name, _, value) in entries {
                if let user = assetsUser(name, value) { plan.assetsUsers.append(user) }
                if let tier = rateLimit(value, "assets user \(name)") { plan.rateLimits.append(("assets", name, tier)) }
            }
        }
        if let node = fields["abclab"], let section = reader.fields(node, "abclab", optional: ["operator", "key", "assets", "rateLimit"]) {
            if let tier = rateLimit(node, "abclab") { plan.rateLimits.append(("abclab", "*", tier)) }
            plan.abclabOperator = section["operator"].flatMap { account($0, "abclab operator") }
            plan.abclabKey = section["key"].flatMap { key($0, "abclab key") }
            if let assets = section["assets"], let entries = reader.mapping(assets, "abclab assets") {
                for (id, keyNode, value) in entries {
                    newContract(id, keyNode)
                    if let asset = abclabAsset(id, value) { plan.abclabAssets.append(asset) }
                }
            }
        }
        if let node = fields["immutable"], let section = reader.fields(node, "immutable", optional: ["minter", "collections", "keys"]) {
            plan.immutableMinter = section["minter"].flatMap { account($0, "immutable minter") }
            // Names are known once declared, even when something else about them is wrong (that is
            // reported where it is).
            var names: [String] = []
            if let collections = section["collections"], let entries = reader.mapping(collections, "immutable collections") {
                for (name, keyNode, value) in entries {
                    newContract(name, keyNode)
                    names.append(name)
                    if let collection = collection(name, value) { plan.immutableCollections.append(collection) }
                }
            }
            if let keys = section["keys"], let entries = reader.mapping(keys, "immutable keys") {
                for (subject, _, value) in entries {
                    if let scope = immutableKey(subject, value, collections: names) { plan.immutableKeys.append(scope) }
                }
            }
        }
        if let node = fields["qustody"], let section = reader.fields(node, "qustody", optional: ["vaults", "tokens", "keys"]) {
            var vaults: [String] = []
            if let node = section["vaults"], let entries = reader.mapping(node, "qustody vaults") {
                for (id, _, value) in entries {
                    vaults.append(id)
                    if let name = account(value, "qustody vault \(id)") { plan.qustodyVaults.append((id, name)) }
                }
            }
            // Keys first: a policy's approvers are the subjects of keys.
            if let keys = section["keys"], let entries = reader.mapping(keys, "qustody keys") {
                for (subject, _, value) in entries {
                    if let scope = qustodyKey(subject, value) { plan.qustodyKeys.append(scope) }
                    if let tier = rateLimit(value, "qustody key \(subject)") { plan.rateLimits.append(("qustody", subject, tier)) }
                }
            }
            if let tokens = section["tokens"], let entries = reader.mapping(tokens, "qustody tokens") {
                for (id, _, value) in entries {
                    if let token = qustodyToken(id, value, plan, vaults: vaults) {
                        if token.deployed { newContract(token.symbol, value) }
                        plan.qustodyTokens.append(token)
                    }
                }
            }
        }
        if let node = fields["webhooks"], let items = reader.sequence(node, "webhooks") {
            for item in items {
                if let endpoint = webhook(item) { plan.webhooks.append(endpoint) }
            }
        }
        if let node = fields["faults"] { plan.faults = faults(node) }
        return plan
    }

    // MARK: Sections

    /// The webhook URLs given so far.
    var webhookURLs = Set<String>()

    /// `{dialect, url, secret}`, every mistake reported.
    func webhook(_ node: YNode) -> (dialect: String, url: String, secret: String?)? {
        guard let entry = reader.fields(node, "a webhook", required: ["dialect", "url"], optional: ["secret"]) else { return nil }
        var dialect = entry["dialect"].flatMap { reader.string($0, "webhook dialect") }
        if let name = dialect, let dialectNode = entry["dialect"], !AdminDialect.eventDialects.contains(name) {
            let known = MintAPI.dialectNames.contains(name)
                ? "'\(name)' raises no webhook events" : "unknown dialect '\(name)'\(Suggest.hint(name, AdminDialect.eventDialects))"
            reader.error(dialectNode, "webhook dialect: \(known) (dialects with webhooks: \(AdminDialect.eventDialects.joined(separator: ", ")))")
            dialect = nil
        }
        var url = entry["url"].flatMap { reader.string($0, "webhook url") }
        if let text = url, let urlNode = entry["url"] {
            if !Checker.isHTTPURL(text) {
                reader.error(urlNode, "webhook url: '\(text)' is not an http:// or https:// URL")
                url = nil
            } else if !webhookURLs.insert(text).inserted {
                reader.error(urlNode, "webhook url: \(text) is already an endpoint (one receiver per URL)")
                url = nil
            }
        }
        var secret: String?
        var secretIsValid = true
        if let secretNode = entry["secret"] {
            secret = reader.string(secretNode, "webhook secret")
            if secret?.isEmpty == true { reader.error(secretNode, "webhook secret must not be empty (leave it out to have one derived)") }
            secretIsValid = secret?.isEmpty == false
        }
        guard let dialect, let url, secretIsValid else { return nil }
        return (dialect, url, secret)
    }

    func securityToken(_ name: String, _ node: YNode) -> MintSetupPlan.SecurityTokenPlan? {
        let what = "security token \(name)"
        guard
            let fields = reader.fields(
                node, what, required: ["name"],
                optional: [
                    "symbol", "decimals", "cap", "assetType", "basePrice", "currency", "claimTopics", "trustedIssuers", "minters", "collateral", "investors",
                    "compliance",
                ])
        else { return nil }
        // The token's constructor refuses an empty name or symbol, more than 18 decimals and an
        // asset type it does not know: said here, with the place, rather than when it is deployed.
        let tokenName = fields["name"].flatMap { nonEmpty($0, "\(what) name") } ?? name
        let decimals = fields["decimals"].flatMap { reader.integer($0, "\(what) decimals", max: 18) }.map { UInt8($0) } ?? 0
        var options = SecurityTokenSuite.Options(name: tokenName, symbol: fields["symbol"].flatMap { nonEmpty($0, "\(what) symbol") } ?? name)
        options.decimals = decimals
        if let value = fields["cap"], let cap = amount(value, decimals: Int(decimals), "\(what) cap") { options.cap = cap }
        if let value = fields["assetType"], let text = reader.string(value, "\(what) assetType") {
            if SecurityToken.assetTypes.contains(text) {
                options.assetType = text
            } else {
                reader.error(value, "\(what) assetType: '\(text)' is not one of \(SecurityToken.assetTypes.joined(separator: ", "))\(Suggest.hint(text, SecurityToken.assetTypes))")
            }
        }
        if let value = fields["basePrice"], let price = amount(value, decimals: 2, "\(what) basePrice") { options.basePrice = price }
        if let value = fields["currency"], let text = reader.string(value, "\(what) currency") {
            if text.count == 3, text.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                options.currency = text
            } else {
                reader.error(value, "\(what) currency: '\(text)' is not an ISO 4217 code (three capital letters)")
            }
        }
        // The registries refuse a topic twice, an issuer without topics, and more than their limits.
        if let value = fields["claimTopics"], let items = reader.list(value, "\(what) claimTopics") {
            options.claimTopics = topics(items, "\(what) claimTopics")
            if items.count > ClaimTopicsRegistry.maxTopics {
                reader.error(value, "\(what) claimTopics: \(items.count) topics, at most \(ClaimTopicsRegistry.maxTopics)")
            }
        }
        var issuers: [(account: String, topics: [UInt256])] = []
        if let value = fields["trustedIssuers"], let entries = reader.mapping(value, "\(what) trustedIssuers") {
            for (issuer, keyNode, topicsNode) in entries {
                guard accountName(issuer, keyNode, "\(what) trustedIssuers"), let items = reader.list(topicsNode, "\(what) trustedIssuers \(issuer)") else {
                    continue
                }
                if items.isEmpty {
                    reader.error(topicsNode, "\(what) trustedIssuers \(issuer): name at least one claim topic the issuer signs")
                } else if items.count > TrustedIssuersRegistry.maxTopicsPerIssuer {
                    reader.error(topicsNode, "\(what) trustedIssuers \(issuer): \(items.count) topics, at most \(TrustedIssuersRegistry.maxTopicsPerIssuer)")
                }
                issuers.append((issuer, topics(items, "\(what) trustedIssuers \(issuer)")))
            }
            if entries.count > TrustedIssuersRegistry.maxIssuers {
                reader.error(value, "\(what) trustedIssuers: \(entries.count) issuers, at most \(TrustedIssuersRegistry.maxIssuers)")
            }
        }
        var minters: [String] = []
        if let value = fields["minters"], let items = reader.list(value, "\(what) minters") {
            for item in items {
                guard let minter = account(item, "\(what) minters") else { continue }
                if minters.contains(minter) {
                    reader.error(item, "\(what) minters: '\(minter)' is listed twice")
                } else {
                    minters.append(minter)
                }
            }
        }
        let collateral = fields["collateral"].flatMap { amount($0, decimals: Int(decimals), "\(what) collateral") }
        // Compliance modules, as scenario files declare them; the assets dialect answers their refusals.
        if let value = fields["compliance"], let items = reader.sequence(value, "\(what) compliance") {
            let modules = ModuleReader(
                reader: reader, country: country, amount: { self.amount($0, decimals: $1, $2) },
                account: { node, what in self.account(node, what).flatMap { name in self.accountAddress(name) } },
                duration: { node, what in ModuleReader.duration(node, what, reader: self.reader) })
            options.modules = items.compactMap { modules.module($0, "\(what) compliance", decimals: Int(decimals)) }.map {
                SecurityTokenSuite.Module(kind: $0.kind, configuration: $0.configuration)
            }
        }
        var investors: [(account: String, country: UInt16, claims: [UInt256])] = []
        if let value = fields["investors"], let entries = reader.mapping(value, "\(what) investors") {
            for (investor, keyNode, details) in entries {
                guard accountName(investor, keyNode, "\(what) investors"),
                    let entry = reader.fields(details, "\(what) investor \(investor)", required: ["country"], optional: ["claims"]),
                    let countryNode = entry["country"], let country = country(countryNode, "\(what) investor \(investor) country")
                else { continue }
                var claims: [UInt256] = []
                if let claimsNode = entry["claims"], let items = reader.list(claimsNode, "\(what) investor \(investor) claims") {
                    for item in items {
                        guard let claim = topic(item, "\(what) investor \(investor) claims") else { continue }
                        if claims.contains(claim) {
                            reader.error(item, "\(what) investor \(investor) claims: topic \(MintSetup.claimData(claim)) is listed twice")
                            continue
                        }
                        if !issuers.contains(where: { $0.topics.contains(claim) }) {
                            reader.error(item, "\(what) investor \(investor): no trusted issuer of \(name) signs claims of topic \(claim) (list one under trustedIssuers)")
                        }
                        claims.append(claim)
                    }
                }
                investors.append((investor, country, claims))
            }
        }
        return MintSetupPlan.SecurityTokenPlan(
            name: name, options: options, trustedIssuers: issuers, minters: minters, collateral: collateral, investors: investors)
    }

    func assetsUser(_ name: String, _ node: YNode) -> MintSetupPlan.AssetsUserPlan? {
        let what = "assets user \(name)"
        guard let fields = reader.fields(node, what, required: ["wallet"], optional: ["key", "pincode", "otp", "secretCodes", "rateLimit"]),
            let walletNode = fields["wallet"], let wallet = account(walletNode, "\(what) wallet")
        else { return nil }
        var pincode: String?
        if let value = fields["pincode"], let text = reader.string(value, "\(what) pincode") {
            if text.count == 6, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) { pincode = text } else { reader.error(value, "\(what) pincode: '\(text)' is not 6 digits") }
        }
        return MintSetupPlan.AssetsUserPlan(
            name: name, wallet: wallet, key: fields["key"].flatMap { key($0, "\(what) key", dialect: "assets", subject: name) }, pincode: pincode,
            otp: fields["otp"].flatMap { reader.bool($0, "\(what) otp") } ?? false,
            secretCodes: fields["secretCodes"].flatMap { reader.integer($0, "\(what) secretCodes", max: 1_000) }.map { Int($0) } ?? 0)
    }

    func abclabAsset(_ id: String, _ node: YNode) -> MintSetupPlan.ABCLabAssetPlan? {
        let what = "abclab asset \(id)"
        guard let fields = reader.fields(node, what, required: ["tokenId"], optional: ["name", "symbol", "decimals"]),
            let tokenID = fields["tokenId"].flatMap({ reader.string($0, "\(what) tokenId") })
        else { return nil }
        return MintSetupPlan.ABCLabAssetPlan(
            assetID: id, tokenID: tokenID, name: fields["name"].flatMap { reader.string($0, "\(what) name") } ?? id,
            symbol: fields["symbol"].flatMap { reader.string($0, "\(what) symbol") } ?? id,
            decimals: fields["decimals"].flatMap { reader.integer($0, "\(what) decimals", max: 36) }.map { UInt8($0) } ?? 0)
    }

    func collection(_ name: String, _ node: YNode) -> MintSetupPlan.CollectionPlan? {
        let what = "immutable collection \(name)"
        guard let fields = reader.fields(node, what, required: ["standard"], optional: ["name", "symbol", "baseURI", "uri"]),
            let standardNode = fields["standard"], let standard = reader.string(standardNode, "\(what) standard")
        else { return nil }
        switch standard {
        case "ERC721":
            if let uri = fields["uri"] { reader.error(uri, "\(what): an ERC721 collection takes baseURI, not uri") }
            return MintSetupPlan.CollectionPlan(
                name: name, standard: standard, tokenName: fields["name"].flatMap { reader.string($0, "\(what) name") } ?? name,
                symbol: fields["symbol"].flatMap { reader.string($0, "\(what) symbol") } ?? name,
                uri: fields["baseURI"].flatMap { reader.string($0, "\(what) baseURI") } ?? "")
        case "ERC1155":
            for extra in ["name", "symbol", "baseURI"] {
                if let node = fields[extra] { reader.error(node, "\(what): an ERC1155 collection takes uri (with {id}), not \(extra)") }
            }
            return MintSetupPlan.CollectionPlan(
                name: name, standard: standard, tokenName: "", symbol: "", uri: fields["uri"].flatMap { reader.string($0, "\(what) uri") } ?? "")
        default:
            reader.error(standardNode, "\(what) standard: '\(standard)' is not ERC721 or ERC1155")
            return nil
        }
    }

    func immutableKey(_ subject: String, _ node: YNode, collections: [String]) -> MintSetupPlan.ImmutableKeyPlan? {
        let what = "immutable key \(subject)"
        guard let fields = reader.fields(node, what, optional: ["key", "collections", "tier"]) else { return nil }
        var linked: [String] = []
        if let value = fields["collections"], let items = reader.list(value, "\(what) collections") {
            for item in items {
                guard let name = reader.string(item, "\(what) collections") else { continue }
                if collections.contains(name) {
                    linked.append(name)
                } else {
                    reader.error(item, "\(what) collections: unknown collection '\(name)'\(Suggest.hint(name, collections))\(collections.isEmpty ? " (the setup has none)" : " (collections: \(collections.joined(separator: ", ")))")")
                }
            }
        }
        var tier = RateTier.standard
        if let value = fields["tier"] {
            if case .mapping = value {
                if let custom = rate(value, "\(what) tier") { tier = custom }
            } else if let name = reader.string(value, "\(what) tier") {
                switch name {
                case "standard": tier = .standard
                case "partner": tier = .partner
                default: reader.error(value, "\(what) tier: '\(name)' is not standard, partner or {perMinute, burst}\(Suggest.hint(name, ["standard", "partner"]))")
                }
            }
        }
        return MintSetupPlan.ImmutableKeyPlan(
            subject: subject, key: fields["key"].flatMap { key($0, "\(what) key", dialect: "immutable", subject: subject) }, collections: linked, tier: tier)
    }

    func qustodyKey(_ subject: String, _ node: YNode) -> MintSetupPlan.QustodyKeyPlan? {
        let what = "qustody key \(subject)"
        guard let fields = reader.fields(node, what, required: ["permissions"], optional: ["key", "rateLimit"]),
            let value = fields["permissions"], let items = reader.list(value, "\(what) permissions")
        else { return nil }
        var permissions: [String] = []
        for item in items {
            guard let permission = reader.string(item, "\(what) permissions") else { continue }
            if MintSetupConfig.qustodyPermissions.contains(permission) {
                permissions.append(permission)
            } else {
                reader.error(item, "\(what) permissions: unknown permission '\(permission)'\(Suggest.hint(permission, MintSetupConfig.qustodyPermissions)) (permissions: \(MintSetupConfig.qustodyPermissions.joined(separator: ", ")))")
            }
        }
        return MintSetupPlan.QustodyKeyPlan(
            subject: subject, key: fields["key"].flatMap { key($0, "\(what) key", dialect: "qustody", subject: subject) }, permissions: permissions)
    }

    /// `vaults`: the vault ids the setup declares.
    func qustodyToken(_ id: String, _ node: YNode, _ plan: MintSetupPlan, vaults: [String]) -> MintSetupPlan.QustodyTokenPlan? {
        let what = "qustody token \(id)"
        guard
            let fields = reader.fields(
                node, what, required: ["name", "symbol", "vault"], optional: ["decimals", "cap", "template", "deployed", "policy"]),
            let name = fields["name"].flatMap({ reader.string($0, "\(what) name") }), let symbol = fields["symbol"].flatMap({ reader.string($0, "\(what) symbol") }),
            let vaultNode = fields["vault"], let vault = reader.string(vaultNode, "\(what) vault")
        else { return nil }
        if !vaults.contains(vault) {
            reader.error(vaultNode, "\(what) vault: unknown vault '\(vault)'\(Suggest.hint(vault, vaults))\(vaults.isEmpty ? " (the setup declares no qustody vaults)" : " (vaults: \(vaults.joined(separator: ", ")))")")
        }
        let decimals = fields["decimals"].flatMap { reader.integer($0, "\(what) decimals", max: 36) }.map { UInt8($0) } ?? 18
        let cap = fields["cap"].flatMap { amount($0, decimals: Int(decimals), "\(what) cap") }
        var template = MintSetupConfig.qustodyTemplates[0]
        if let value = fields["template"], let text = reader.string(value, "\(what) template") {
            if MintSetupConfig.qustodyTemplates.contains(text) {
                template = text
            } else {
                reader.error(value, "\(what) template: '\(text)' is not one of \(MintSetupConfig.qustodyTemplates.joined(separator: ", "))\(Suggest.hint(text, MintSetupConfig.qustodyTemplates))")
            }
        }
        var policy = QustodyPolicy()
        if let value = fields["policy"],
            let entry = reader.fields(value, "\(what) policy", optional: ["requireApproval", "maxAmount", "dailyLimit", "timeWindow"])
        {
            if let approval = entry["requireApproval"],
                let rule = reader.fields(approval, "\(what) requireApproval", required: ["quorum", "approvers"]),
                let quorum = rule["quorum"].flatMap({ reader.integer($0, "\(what) requireApproval quorum", max: 100) }),
                let approversNode = rule["approvers"], let items = reader.list(approversNode, "\(what) requireApproval approvers")
            {
                let approvers = plan.qustodyKeys.filter { $0.permissions.contains("operations:approve") }.map(\.subject)
                for item in items {
                    guard let approver = reader.string(item, "\(what) requireApproval approvers") else { continue }
                    if policy.approvers.contains(approver) {
                        reader.error(item, "\(what) requireApproval approvers: '\(approver)' is listed twice")
                    } else if approvers.contains(approver) {
                        policy.approvers.append(approver)
                    } else {
                        reader.error(item, "\(what) requireApproval approvers: '\(approver)' is not a qustody key with operations:approve\(Suggest.hint(approver, approvers))")
                    }
                }
                if quorum == 0 || Int(quorum) > items.count {
                    reader.error(approval, "\(what) requireApproval: quorum \(quorum) must be from 1 to the \(items.count) approvers")
                }
                policy.quorum = Int(quorum)
            }
            policy.maxAmount = entry["maxAmount"].flatMap { amount($0, decimals: Int(decimals), "\(what) maxAmount") }
            policy.dailyLimit = entry["dailyLimit"].flatMap { amount($0, decimals: Int(decimals), "\(what) dailyLimit") }
            if let window = entry["timeWindow"], let text = reader.string(window, "\(what) timeWindow") {
                if let parsed = Self.timeWindow(text) {
                    policy.timeWindow = parsed
                } else {
                    reader.error(window, "\(what) timeWindow: '\(text)' is not HH:MM-HH:MM (UTC, start before end)")
                }
            }
        }
        return MintSetupPlan.QustodyTokenPlan(
            id: id, name: name, symbol: symbol, decimals: decimals, cap: cap, template: template, burnable: template.hasSuffix("BURNABLE"),
            deployed: fields["deployed"].flatMap { reader.bool($0, "\(what) deployed") } ?? true, policy: policy, vault: vault)
    }

    /// `faults: {failNext: [{count, dialect, status, code, message}], holdConfirmations, dropWebhooks, delayWebhooksMs}`.
    func faults(_ node: YNode) -> MintSetupPlan.Faults {
        var faults = MintSetupPlan.Faults()
        guard let fields = reader.fields(node, "faults", optional: ["failNext", "holdConfirmations", "dropWebhooks", "delayWebhooksMs"]) else {
            return faults
        }
        if let value = fields["failNext"], let items = reader.list(value, "faults failNext") {
            for item in items {
                guard let entry = reader.fields(item, "faults failNext", required: ["count"], optional: ["dialect", "status", "code", "message"]),
                    let count = entry["count"].flatMap({ reader.integer($0, "faults failNext count", max: 1_000_000) })
                else { continue }
                if count == 0 { reader.error(item, "faults failNext count must be at least 1") }
                var dialect: String?
                if let dialectNode = entry["dialect"], let name = reader.string(dialectNode, "faults failNext dialect") {
                    if let served, MintAPI.dialectNames.contains(name), name != served {
                        reader.error(dialectNode, "faults failNext dialect: \(name) is not served (only \(served) is, at the root)")
                    } else if MintAPI.dialectNames.contains(name) {
                        dialect = name
                    } else {
                        reader.error(dialectNode, "faults failNext dialect: unknown dialect '\(name)'\(Suggest.hint(name, MintAPI.dialectNames)) (dialects: \(MintAPI.dialectNames.joined(separator: ", ")))")
                    }
                }
                var status = 500
                if let statusNode = entry["status"], let value = reader.integer(statusNode, "faults failNext status") {
                    if (400...599).contains(value) { status = Int(value) } else { reader.error(statusNode, "faults failNext status must be from 400 to 599, found \(value)") }
                }
                faults.failNext.append(
                    InjectedFailure(
                        dialect: dialect, remaining: Int(count), status: status,
                        code: entry["code"].flatMap { reader.string($0, "faults failNext code") } ?? "INTERNAL_ERROR",
                        message: entry["message"].flatMap { reader.string($0, "faults failNext message") } ?? "injected failure"))
            }
        }
        faults.holdConfirmations = fields["holdConfirmations"].flatMap { reader.bool($0, "faults holdConfirmations") } ?? false
        faults.dropWebhooks = fields["dropWebhooks"].flatMap { reader.integer($0, "faults dropWebhooks", max: 1_000_000) }.map { Int($0) } ?? 0
        faults.delayWebhooksMs = fields["delayWebhooksMs"].flatMap { reader.integer($0, "faults delayWebhooksMs", max: 600_000) }.map { Int($0) } ?? 0
        return faults
    }

    /// `{perMinute, burst}`.
    func rate(_ node: YNode, _ what: String) -> RateTier? {
        guard let entry = reader.fields(node, what, required: ["perMinute", "burst"]),
            let perMinute = entry["perMinute"].flatMap({ reader.integer($0, "\(what) perMinute", max: 1_000_000) }),
            let burst = entry["burst"].flatMap({ reader.integer($0, "\(what) burst", max: 10_000_000) })
        else { return nil }
        guard perMinute > 0, burst > 0 else {
            reader.error(node, "\(what): perMinute and burst must be at least 1")
            return nil
        }
        return RateTier(name: "Custom", perMinute: Int(perMinute), burst: Int(burst))
    }

    /// The `rateLimit` of a section (read without reporting its other fields again).
    func rateLimit(_ node: YNode, _ what: String) -> RateTier? {
        guard case .mapping(let mapping) = node, let value = mapping.first(where: { $0.key.scalar?.string == "rateLimit" })?.value else { return nil }
        return rate(value, "\(what) rateLimit")
    }

    /// `08:00-18:00` as minutes after midnight.
    static func timeWindow(_ text: String) -> (start: Int, end: Int)? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        func minutes(_ clock: String) -> Int? {
            let pieces = clock.split(separator: ":")
            guard pieces.count == 2, pieces.allSatisfy({ $0.count == 2 }), let hours = Int(pieces[0]), let minutes = Int(pieces[1]),
                (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 24 * 60
            else { return nil }
            return hours * 60 + minutes
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start < end else { return nil }
        return (start, end)
    }

    // MARK: Values

    /// An account's address, derived from the setup's mnemonic.
    func accountAddress(_ name: String) -> Address? {
        accounts.firstIndex(of: name).flatMap { addresses.indices.contains($0) ? addresses[$0] : nil }
    }

    func account(_ node: YNode, _ what: String) -> String? {
        guard let name = reader.string(node, what) else { return nil }
        return accountName(name, node, what) ? name : nil
    }

    func accountName(_ name: String, _ node: YNode, _ what: String) -> Bool {
        if accounts.contains(name) { return true }
        reader.error(node, "\(what): unknown account '\(name)'\(Suggest.hint(name, accounts)) (accounts: \(accounts.joined(separator: ", ")))")
        return false
    }

    func key(_ node: YNode, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard text.count >= 8, text.count <= 200, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            reader.error(node, "\(what): a key is 8 to 200 printable ASCII characters without spaces")
            return nil
        }
        return text
    }

    /// The subjects of each dialect's keys given so far, by key.
    var keyHolders: [String: String] = [:]

    /// A subject's key: two subjects of one dialect with the same key could not be told apart.
    func key(_ node: YNode, _ what: String, dialect: String, subject: String) -> String? {
        guard let text = key(node, what) else { return nil }
        if let other = keyHolders["\(dialect) \(text)"] {
            reader.error(node, "\(dialect): \(subject) and \(other) have the same key")
            return nil
        }
        keyHolders["\(dialect) \(text)"] = subject
        return text
    }

    func amount(_ node: YNode, decimals: Int, _ what: String) -> UInt256? {
        guard let text = reader.string(node, what) else { return nil }
        do {
            return try UInt256(amount: text.replacingOccurrences(of: "_", with: ""), decimals: decimals)
        } catch {
            reader.error(node, "\(what): '\(text)' is not an amount with at most \(decimals) decimals: \(error.message)")
            return nil
        }
    }

    /// Claim topics, each once.
    func topics(_ items: [YNode], _ what: String) -> [UInt256] {
        var topics: [UInt256] = []
        for item in items {
            guard let topic = topic(item, what) else { continue }
            if topics.contains(topic) {
                reader.error(item, "\(what): topic \(MintSetup.claimData(topic)) is listed twice")
            } else {
                topics.append(topic)
            }
        }
        return topics
    }

    /// A string that is not empty.
    func nonEmpty(_ node: YNode, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard !text.isEmpty else {
            reader.error(node, "\(what) must not be empty")
            return nil
        }
        return text
    }

    func topic(_ node: YNode, _ what: String) -> UInt256? {
        guard let text = reader.string(node, what) else { return nil }
        if let named = Checker.topicNames.first(where: { $0.name == text.uppercased() }) { return UInt256(named.topic) }
        if let number = UInt64(text) { return UInt256(number) }
        reader.error(node, "\(what): unknown claim topic '\(text)' (KYC, AML, ACCREDITED or a number)")
        return nil
    }

    func country(_ node: YNode, _ what: String) -> UInt16? {
        guard let text = reader.string(node, what) else { return nil }
        if let code = Country.numeric(text) { return code }
        reader.error(node, "\(what): unknown country '\(text)' (an ISO 3166-1 code: GB, GBR or 826)")
        return nil
    }
}
