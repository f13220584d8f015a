import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimScenario

/// What a mint API setup puts on a chain and serves, before it is built: accounts by name, tokens and
/// collections to deploy, who holds which role, and each dialect's keys, users and rules. The demo is
/// one plan (`MintSetupPlan.demo`); `mintsim serve --config FILE` reads another (`MintSetupConfig`).
public struct MintSetupPlan: Sendable {
    /// The mnemonic's accounts, by name, in order (the first is account 0).
    public var accounts: [String]
    public var mnemonic = Mnemonic.defaultPhrase
    /// The account that deploys every contract (and holds their admin roles).
    public var deployer: String
    public var securityTokens: [SecurityTokenPlan] = []
    public var assetsUsers: [AssetsUserPlan] = []
    /// The account ABC-Lab mints with, its optional Bearer key, and its assets.
    public var abclabOperator: String?
    public var abclabKey: String?
    public var abclabAssets: [ABCLabAssetPlan] = []
    public var immutableMinter: String?
    public var immutableCollections: [CollectionPlan] = []
    public var immutableKeys: [ImmutableKeyPlan] = []
    /// Qustody vault ids and their accounts.
    public var qustodyVaults: [(id: String, account: String)] = []
    public var qustodyTokens: [QustodyTokenPlan] = []
    public var qustodyKeys: [QustodyKeyPlan] = []
    /// Rate limits of keys of the dialects whose documents give none (see `MintSetup.rateLimits`).
    public var rateLimits: [(dialect: String, subject: String, tier: RateTier)] = []
    /// Webhook endpoints registered when the server starts.
    public var webhooks: [(dialect: String, url: String, secret: String?)] = []
    /// Faults in force from the start, as `POST /_mintsim/faults` sets them.
    public var faults = Faults()

    public struct Faults: Sendable, Equatable {
        public var failNext: [InjectedFailure] = []
        public var holdConfirmations = false
        public var dropWebhooks = 0
        public var delayWebhooksMs = 0
    }

    public init(accounts: [String], deployer: String) {
        self.accounts = accounts
        self.deployer = deployer
    }

    /// A security token (T-REX suite) of the `assets` dialect.
    public struct SecurityTokenPlan: Sendable {
        /// The contract's name in the setup (the symbol in the demo).
        public var name: String
        public var options: SecurityTokenSuite.Options
        /// Claim issuers by account name, with the topics each may sign.
        public var trustedIssuers: [(account: String, topics: [UInt256])]
        /// Accounts given MINTER_ROLE (the assets platform's supply management).
        public var minters: [String]
        public var collateral: UInt256?
        /// Investors registered in the identity registry, with the claims issued to them.
        public var investors: [(account: String, country: UInt16, claims: [UInt256])]
    }

    public struct AssetsUserPlan: Sendable {
        public var name: String
        public var wallet: String
        public var key: String?
        public var pincode: String?
        /// Whether the user has a TOTP secret (derived from the name).
        public var otp: Bool
        /// How many one-time secret codes the user has (derived from the name).
        public var secretCodes: Int
    }

    public struct ABCLabAssetPlan: Sendable {
        public var assetID: String
        public var tokenID: String
        public var name: String
        public var symbol: String
        public var decimals: UInt8
    }

    public struct CollectionPlan: Sendable {
        public var name: String
        /// "ERC721" or "ERC1155".
        public var standard: String
        public var tokenName: String
        public var symbol: String
        /// The ERC-721 base URI, or the ERC-1155 URI with `{id}`.
        public var uri: String
    }

    public struct ImmutableKeyPlan: Sendable {
        public var subject: String
        public var key: String?
        public var collections: [String]
        public var tier: RateTier
    }

    public struct QustodyTokenPlan: Sendable {
        public var id: String
        public var name: String
        public var symbol: String
        public var decimals: UInt8
        public var cap: UInt256?
        public var template: String
        public var burnable: Bool
        public var deployed: Bool
        public var policy: QustodyPolicy
        public var vault: String
        /// Base units the vault mints to itself at setup (a signed mint from the vault account).
        public var vaultBalance: UInt256 = .zero
    }

    public struct QustodyKeyPlan: Sendable {
        public var subject: String
        public var key: String?
        public var permissions: [String]
    }
}

// MARK: - The demo

extension MintSetupPlan {
    /// The documented demo (see `MintSetup.demo(on:)`).
    public static var demo: MintSetupPlan {
        func unit(_ amount: String, _ decimals: Int) -> UInt256 { (try? UInt256(amount: amount, decimals: decimals)) ?? .zero }
        var plan = MintSetupPlan(accounts: MintSetup.demoAccountNames, deployer: "deployer")
        let kyc: [UInt256] = [1]
        plan.securityTokens = [
            SecurityTokenPlan(
                name: "ACME",
                options: SecurityTokenSuite.Options(
                    name: "ACME Holdings Common Stock", symbol: "ACME", decimals: 18, cap: unit("1000000", 18), assetType: "equity",
                    basePrice: 10000, currency: "USD", claimTopics: kyc),
                trustedIssuers: [("kyc-issuer", kyc)], minters: ["issuer"], collateral: nil,
                investors: [("alice", 826, kyc), ("bob", 826, kyc), ("carol", 826, kyc), ("dave", 826, [])]),
            SecurityTokenPlan(
                name: "ASN",
                options: SecurityTokenSuite.Options(
                    name: "ACME Secured Note", symbol: "ASN", decimals: 6, assetType: "bond", basePrice: 100000, currency: "USD", claimTopics: kyc),
                trustedIssuers: [("kyc-issuer", kyc)], minters: ["issuer"], collateral: unit("1000000", 6),
                investors: [("alice", 826, kyc), ("bob", 826, kyc), ("carol", 826, kyc)]),
        ]
        plan.assetsUsers = [
            AssetsUserPlan(name: "issuer", wallet: "issuer", key: nil, pincode: MintSetup.demoPincode, otp: true, secretCodes: 10),
            AssetsUserPlan(name: "viewer", wallet: "viewer", key: nil, pincode: MintSetup.demoPincode, otp: false, secretCodes: 0),
        ]
        plan.abclabOperator = "abclab-operator"
        plan.abclabAssets = [
            ABCLabAssetPlan(assetID: "UKGILT2030", tokenID: "TOKEN-12345", name: "UK Gilt 2030", symbol: "UKG30", decimals: 0),
            ABCLabAssetPlan(assetID: "DEBUND2035", tokenID: "TOKEN-12346", name: "German Bund 2035", symbol: "DEB35", decimals: 0),
        ]
        plan.immutableMinter = "immutable-minter"
        plan.immutableCollections = [
            CollectionPlan(name: "Heroes", standard: "ERC721", tokenName: "Immutable Heroes", symbol: "HERO", uri: "https://assets.example.com/heroes/"),
            CollectionPlan(name: "Items", standard: "ERC1155", tokenName: "", symbol: "", uri: "https://assets.example.com/items/{id}.json"),
        ]
        plan.immutableKeys = [
            ImmutableKeyPlan(subject: "game-studio", key: nil, collections: ["Heroes", "Items"], tier: .standard),
            ImmutableKeyPlan(subject: "other-studio", key: nil, collections: [], tier: .standard),
        ]
        plan.qustodyVaults = [("vault_123", "qustody-vault")]
        plan.qustodyTokens = [
            QustodyTokenPlan(
                id: "token_abc123", name: "Qustody Dollar", symbol: "QUSD", decimals: 18, cap: unit("10000000", 18),
                template: "QRC20_MINTABLE_BURNABLE", burnable: true, deployed: true,
                policy: QustodyPolicy(
                    quorum: 2, approvers: ["approver-1", "approver-2", "approver-3"], maxAmount: unit("1000000", 18), dailyLimit: unit("5000000", 18)),
                vault: "vault_123", vaultBalance: unit("1000", 18)),
            QustodyTokenPlan(
                id: "token_def456", name: "Qustody Euro", symbol: "QEUR", decimals: 18, cap: nil, template: "QRC20_MINTABLE_BURNABLE", burnable: true,
                deployed: true, policy: QustodyPolicy(timeWindow: (8 * 60, 18 * 60)), vault: "vault_123"),
            QustodyTokenPlan(
                id: "token_ghi789", name: "Qustody Points", symbol: "QPTS", decimals: 18, cap: nil, template: "QRC20_MINTABLE", burnable: false,
                deployed: true, policy: QustodyPolicy(), vault: "vault_123"),
            QustodyTokenPlan(
                id: "token_draft", name: "Qustody Draft", symbol: "QDRF", decimals: 18, cap: nil, template: "QRC20_MINTABLE_BURNABLE", burnable: true,
                deployed: false, policy: QustodyPolicy(), vault: "vault_123"),
        ]
        plan.qustodyKeys = [
            QustodyKeyPlan(subject: "treasury-ops", key: nil, permissions: ["tokens:mint", "tokens:burn", "tokens:read"]),
            QustodyKeyPlan(subject: "approver-1", key: nil, permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyPlan(subject: "approver-2", key: nil, permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyPlan(subject: "approver-3", key: nil, permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyPlan(subject: "auditor", key: nil, permissions: ["tokens:read"]),
        ]
        return plan
    }
}

// MARK: - Building

extension MintSetup {
    /// Puts `plan` on `chain`: every contract deployed by the plan's deployer, roles granted,
    /// investors registered with their claims, keys issued (derived from the dialect and subject
    /// where the plan gives none). The same plan on a new chain gives the same addresses.
    public static func build(_ plan: MintSetupPlan, on chain: Chain) throws(MintError) -> MintSetup {
        let keys: [PrivateKey]
        do {
            keys = try Mnemonic(plan.mnemonic).accounts(count: plan.accounts.count).map(\.privateKey)
        } catch {
            throw MintError("cannot derive the setup's accounts: \(error.message)")
        }
        let accounts = zip(plan.accounts, keys).map { NamedAccount(name: $0, key: $1) }
        func named(_ name: String) throws(MintError) -> NamedAccount {
            guard let account = accounts.first(where: { $0.name == name }) else { throw MintError("the setup has no account '\(name)'") }
            return account
        }
        let deployer = try named(plan.deployer).address
        var contracts: [(name: String, kind: String, address: Address)] = []
        var securityAssets: [SecurityAsset] = []

        for token in plan.securityTokens {
            var options = token.options
            var issuers: [(account: NamedAccount, topics: [UInt256])] = []
            for issuer in token.trustedIssuers { issuers.append((try named(issuer.account), issuer.topics)) }
            options.trustedIssuers = issuers.map { SecurityTokenSuite.Issuer(signer: $0.account.address, topics: $0.topics) }
            let minters = try token.minters.map { name throws(MintError) in try named(name) }
            let investors = try token.investors.map { investor throws(MintError) in (try named(investor.account), investor.country, investor.claims) }
            do throws(SuiteError) {
                let suite = try SecurityTokenSuite.deploy(on: chain, owner: deployer, options: options)
                let createdAt = chain.latestBlock.timestamp
                contracts += [
                    (token.name, SecurityToken.kind, suite.token),
                    ("\(token.name) identity registry", IdentityRegistry.kind, suite.identityRegistry),
                    ("\(token.name) compliance", ModularCompliance.kind, suite.compliance),
                ]
                for minter in minters { try grant(chain, suite.token, Role.minter, to: minter.address, from: deployer) }
                if let collateral = token.collateral {
                    try grant(chain, suite.token, SecurityToken.collateralRole, to: deployer, from: deployer)
                    try transact(chain, suite.token, "setCollateral(uint256,uint256)", [.uint(collateral), .uint(UInt256.max)], from: deployer)
                }
                for (wallet, country, claims) in investors {
                    let identity = try suite.registerInvestor(wallet.address, country: country, on: chain, agent: deployer)
                    for topic in claims {
                        guard let issuer = issuers.first(where: { $0.topics.contains(topic) }) else {
                            throw SuiteError(.transactionFailed, "no trusted issuer of \(token.name) signs claims of topic \(topic)")
                        }
                        try suite.issueClaim(
                            identity: identity, topic: topic, data: Array(claimData(topic).utf8), signer: issuer.account.key, manager: wallet.address,
                            on: chain)
                    }
                }
                securityAssets.append(SecurityAsset(suite: suite, createdAt: createdAt))
            } catch {
                throw MintError("cannot deploy the security token \(token.name): \(error.message)")
            }
        }

        let abclabOperator = try named(plan.abclabOperator ?? plan.deployer)
        var abclabAssets: [ABCLabAsset] = []
        for asset in plan.abclabAssets {
            let token: Address
            do {
                token = try chain.deploy(ERC20Token(name: asset.name, symbol: asset.symbol, decimals: asset.decimals), from: deployer).address
            } catch {
                throw MintError("cannot deploy the asset \(asset.assetID): \(error.message)")
            }
            do throws(SuiteError) {
                try grant(chain, token, Role.minter, to: abclabOperator.address, from: deployer)
            } catch {
                throw MintError("cannot set up the asset \(asset.assetID): \(error.message)")
            }
            contracts.append((asset.assetID, ERC20Token.kind, token))
            abclabAssets.append(ABCLabAsset(assetID: asset.assetID, tokenID: asset.tokenID, name: asset.name, token: token, decimals: asset.decimals))
        }

        let immutableMinter = try named(plan.immutableMinter ?? plan.deployer)
        var immutableCollections: [ImmutableCollection] = []
        for collection in plan.immutableCollections {
            let model: any ContractModel =
                collection.standard == "ERC1155"
                ? ERC1155Token(uri: collection.uri) : ERC721Token(name: collection.tokenName, symbol: collection.symbol, baseURI: collection.uri)
            do {
                let address = try chain.deploy(model, from: deployer).address
                try chain.transact(
                    address, "grantRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(immutableMinter.address)], from: deployer)
                contracts.append((collection.name, model.kind, address))
                immutableCollections.append(ImmutableCollection(name: collection.name, address: address, standard: collection.standard))
            } catch {
                throw MintError("cannot deploy the collection \(collection.name): \(error.message)")
            }
        }

        var vaults: [QustodyVault] = []
        for vault in plan.qustodyVaults { vaults.append(QustodyVault(id: vault.id, account: try named(vault.account))) }
        var qustodyTokens: [QustodyToken] = []
        for token in plan.qustodyTokens {
            guard let vault = vaults.first(where: { $0.id == token.vault }) else {
                throw MintError("the Qustody token \(token.id) names the vault \(token.vault), which the setup does not have")
            }
            var address: Address?
            if token.deployed {
                do {
                    let deployed = try chain.deploy(ERC20Token(name: token.name, symbol: token.symbol, decimals: token.decimals, cap: token.cap), from: deployer)
                    for role in [Role.minter, Role.burner] {
                        try chain.transact(
                            deployed.address, "grantRole(bytes32,address)", [.fixedBytes(role.bytes), .address(vault.account.address)], from: deployer)
                    }
                    contracts.append((token.symbol, ERC20Token.kind, deployed.address))
                    address = deployed.address
                    if !token.vaultBalance.isZero {
                        try chain.transact(
                            deployed.address, "mint(address,uint256)", [.address(vault.account.address), .uint(token.vaultBalance)], from: vault.account.address)
                    }
                } catch {
                    throw MintError("cannot deploy the Qustody token \(token.id): \(error.message)")
                }
            }
            qustodyTokens.append(
                QustodyToken(
                    id: token.id, name: token.name, symbol: token.symbol, decimals: token.decimals, contract: address, template: token.template,
                    supportsMint: true, supportsBurn: token.burnable, policy: token.policy, vault: vault.id))
        }

        var users: [AssetsUser] = []
        for user in plan.assetsUsers {
            users.append(
                AssetsUser(
                    name: user.name, wallet: try named(user.wallet), pincode: user.pincode,
                    otpSecret: user.otp ? Array(Keccak256.hash(Array("mintsim:otp:\(user.name)".utf8)).bytes.prefix(20)) : nil,
                    secretCodes: user.secretCodes > 0 ? (1...user.secretCodes).map { demoSecretCode(user.name, $0) } : []))
        }
        var apiKeys = plan.assetsUsers.map { IssuedKey(dialect: "assets", key: $0.key ?? demoKey("assets", $0.name, prefix: "sm_atk_"), subject: $0.name) }
        if let key = plan.abclabKey { apiKeys.append(IssuedKey(dialect: "abclab", key: key, subject: abclabOperator.name)) }
        var studios: [ImmutableKeyScope] = []
        for scope in plan.immutableKeys {
            var linked: [Address] = []
            for name in scope.collections {
                guard let collection = immutableCollections.first(where: { $0.name == name }) else {
                    throw MintError("the Immutable key \(scope.subject) names the collection \(name), which the setup does not have")
                }
                linked.append(collection.address)
            }
            studios.append(ImmutableKeyScope(subject: scope.subject, collections: linked, tier: scope.tier))
            apiKeys.append(IssuedKey(dialect: "immutable", key: scope.key ?? demoKey("immutable", scope.subject, prefix: "sk_imapik-test-"), subject: scope.subject))
        }
        let qustodyKeys = plan.qustodyKeys.map { QustodyKeyScope(subject: $0.subject, permissions: $0.permissions) }
        apiKeys += plan.qustodyKeys.map { IssuedKey(dialect: "qustody", key: $0.key ?? demoKey("qustody", $0.subject, prefix: "qk_test_"), subject: $0.subject) }
        return MintSetup(
            accounts: accounts, contracts: contracts, apiKeys: apiKeys, assetsUsers: users, securityAssets: securityAssets,
            abclabOperator: abclabOperator, abclabAssets: abclabAssets, immutableMinter: immutableMinter,
            immutableCollections: immutableCollections, immutableKeys: studios, qustodyVaults: vaults, qustodyTokens: qustodyTokens,
            qustodyKeys: qustodyKeys, rateLimits: plan.rateLimits)
    }

    /// The data of a claim: its topic's name (`KYC`, `AML`, `ACCREDITED`) or number.
    static func claimData(_ topic: UInt256) -> String {
        Checker.topicNames.first { UInt256($0.topic) == topic }?.name ?? topic.description
    }
}
