import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// An account the mint service signs for, by name.
public struct NamedAccount: Sendable, Equatable {
    public let name: String
    public let address: Address
    public let key: PrivateKey

    public init(name: String, key: PrivateKey) {
        self.name = name
        self.address = key.address
        self.key = key
    }
}

/// An API key as issued: the plain key is shown once (banner, `/_mintsim/setup`); the service keeps
/// only its digest.
public struct IssuedKey: Sendable, Equatable {
    public let dialect: String
    public let key: String
    /// The user, account or client the key belongs to.
    public let subject: String
}

/// A user of the asset-tokenization platform (`assets` dialect): a wallet and the wallet
/// verification methods enabled on the account.
public struct AssetsUser: Sendable, Equatable {
    public let name: String
    public let wallet: NamedAccount
    /// The 6-digit PINCODE; nil: not enabled.
    public let pincode: String?
    /// The TOTP secret (RFC 6238, HMAC-SHA1, 30 s, 6 digits on the chain's clock); nil: not enabled.
    public let otpSecret: [UInt8]?
    /// One-time secret codes; each verifies once.
    public let secretCodes: [String]
}

/// A security token the `assets` dialect serves.
public struct SecurityAsset: Sendable {
    public let suite: SecurityTokenSuite
    /// The timestamp of the block that deployed the token (the asset's `createdAt`).
    public let createdAt: UInt64
}

/// An asset the `abclab` dialect mints: its id, the token id its mint creates, and the ERC-20 that
/// holds it.
public struct ABCLabAsset: Sendable, Equatable {
    public let assetID: String
    public let tokenID: String
    public let name: String
    public let token: Address
    public let decimals: UInt8
}

/// A collection the `immutable` dialect mints into.
public struct ImmutableCollection: Sendable, Equatable {
    public let name: String
    public let address: Address
    /// "ERC721" or "ERC1155".
    public let standard: String
}

/// A rate-limit tier: how many NFTs per minute a key may request, and the burst it may spend at once.
public struct RateTier: Sendable, Equatable {
    public let name: String
    public let perMinute: Int
    public let burst: Int

    public init(name: String, perMinute: Int, burst: Int) {
        self.name = name
        self.perMinute = perMinute
        self.burst = burst
    }

    public static let standard = RateTier(name: "Standard", perMinute: 200, burst: 2_000)
    public static let partner = RateTier(name: "Partner", perMinute: 2_000, burst: 20_000)
}

/// What an `immutable` key may do: the collections linked to it and its tier.
public struct ImmutableKeyScope: Sendable, Equatable {
    public let subject: String
    public let collections: [Address]
    public let tier: RateTier
}

/// A Qustody vault account: an id the API uses and the account that signs for it.
public struct QustodyVault: Sendable, Equatable {
    public let id: String
    public let account: NamedAccount
}

/// A Qustody approval policy: every rule is optional; a policy without rules lets operations run
/// at once.
public struct QustodyPolicy: Sendable, Equatable {
    /// REQUIRE_APPROVAL: this many distinct approvers among `approvers` must approve.
    public var quorum: Int?
    public var approvers: [String]
    /// MAX_AMOUNT per single mint or burn, in base units.
    public var maxAmount: UInt256?
    /// DAILY_LIMIT: mints and burns of the token per UTC day of the chain's clock, in base units.
    public var dailyLimit: UInt256?
    /// TIME_WINDOW: operations only from `start` to `end` minutes after midnight UTC (end excluded).
    public var timeWindow: (start: Int, end: Int)?

    public init(
        quorum: Int? = nil, approvers: [String] = [], maxAmount: UInt256? = nil, dailyLimit: UInt256? = nil, timeWindow: (start: Int, end: Int)? = nil
    ) {
        self.quorum = quorum
        self.approvers = approvers
        self.maxAmount = maxAmount
        self.dailyLimit = dailyLimit
        self.timeWindow = timeWindow
    }

    public static func == (lhs: QustodyPolicy, rhs: QustodyPolicy) -> Bool {
        lhs.quorum == rhs.quorum && lhs.approvers == rhs.approvers && lhs.maxAmount == rhs.maxAmount && lhs.dailyLimit == rhs.dailyLimit
            && lhs.timeWindow?.start == rhs.timeWindow?.start && lhs.timeWindow?.end == rhs.timeWindow?.end
    }
}

/// A token as Qustody manages it.
public struct QustodyToken: Sendable, Equatable {
    public let id: String
    public let name: String
    public let symbol: String
    public let decimals: UInt8
    /// Nil until deployed (TOKEN_NOT_DEPLOYED).
    public let contract: Address?
    /// The template, which decides the operations it supports.
    public let template: String
    public let supportsMint: Bool
    public let supportsBurn: Bool
    public var policy: QustodyPolicy
    /// The vault account that performs mints and burns.
    public let vault: String
}

/// A Qustody API key's user and permissions (`tokens:mint`, `tokens:burn`, `tokens:read`,
/// `operations:approve`).
public struct QustodyKeyScope: Sendable, Equatable {
    public let subject: String
    public var permissions: [String]
}

/// Everything the mint service serves: accounts, contracts, keys and each dialect's setup.
public struct MintSetup: Sendable {
    public var accounts: [NamedAccount]
    /// Deployed contracts: name, kind, address, in deployment order.
    public var contracts: [(name: String, kind: String, address: Address)]
    public var apiKeys: [IssuedKey]
    public var assetsUsers: [AssetsUser]
    public var securityAssets: [SecurityAsset]
    public var abclabOperator: NamedAccount
    public var abclabAssets: [ABCLabAsset]
    /// The account Immutable's minting API signs with (MINTER_ROLE on every collection).
    public var immutableMinter: NamedAccount
    public var immutableCollections: [ImmutableCollection]
    public var immutableKeys: [ImmutableKeyScope]
    public var qustodyVaults: [QustodyVault]
    public var qustodyTokens: [QustodyToken]
    public var qustodyKeys: [QustodyKeyScope]

    public func account(named name: String) -> NamedAccount? { accounts.first { $0.name == name } }

    /// A readable name for `address`: an account's or contract's name, else the address.
    public func name(of address: Address) -> String? {
        accounts.first { $0.address == address }?.name ?? contracts.first { $0.address == address }?.name
    }
}

// MARK: - The demo setup

extension MintSetup {
    /// The names of the demo's accounts, in the default mnemonic's order.
    public static let demoAccountNames = [
        "deployer", "issuer", "viewer", "abclab-operator", "kyc-issuer", "alice", "bob", "carol", "dave", "erin",
        "immutable-minter", "qustody-vault",
    ]

    /// The chain the demo runs on: the development chain with every demo account funded.
    public static var demoChainConfig: ChainConfig { .development(accounts: demoAccountNames.count) }

    /// The PINCODE of the demo's `issuer` (the one seed 000's example sends).
    public static let demoPincode = "123456"

    /// Builds the documented demo on `chain` (the default mnemonic's accounts, by `demoAccountNames`):
    /// - ACME, "ACME Holdings Common Stock": an equity security token (18 decimals, cap 1,000,000,
    ///   base price 100.00 USD) needing a KYC claim (topic 1) from `kyc-issuer`; alice, bob and
    ///   carol are registered with the claim, dave is registered without it, erin is not registered.
    /// - ASN, "ACME Secured Note": a bond (6 decimals) whose mints are bounded by collateral of
    ///   1,000,000 set by the deployer; alice, bob and carol registered with KYC.
    /// - `issuer` holds MINTER_ROLE on both (supply management) and has a PINCODE, an OTP secret and
    ///   secret codes; `viewer` has a key but no role.
    /// - ABC-Lab assets UKGILT2030 (token TOKEN-12345) and DEBUND2035 (TOKEN-12346), ERC-20 tokens with
    ///   no decimals that `abclab-operator` mints.
    /// - Immutable collections Heroes (ERC-721) and Items (ERC-1155), with `immutable-minter` as
    ///   minter; the key of studio `game-studio` is linked to both (Standard tier), that of
    ///   `other-studio` to none.
    /// - Qustody tokens (ERC-20, 18 decimals, vault `vault_123` = `qustody-vault` with MINTER_ROLE and
    ///   BURNER_ROLE): token_abc123 QUSD (cap 10,000,000; REQUIRE_APPROVAL 2 of approver-1..3,
    ///   MAX_AMOUNT 1,000,000, DAILY_LIMIT 5,000,000), token_def456 QEUR (TIME_WINDOW 08:00–18:00
    ///   UTC), token_ghi789 QPTS (no rules; its template cannot burn) and token_draft (not deployed).
    ///   Keys: treasury-ops (tokens:mint, tokens:burn, tokens:read), approver-1..3
    ///   (operations:approve, tokens:read), auditor (tokens:read).
    public static func demo(on chain: Chain) throws(MintError) -> MintSetup {
        let keys: [PrivateKey]
        do {
            keys = try Mnemonic(Mnemonic.defaultPhrase).accounts(count: demoAccountNames.count).map(\.privateKey)
        } catch {
            throw MintError("cannot derive the demo accounts: \(error.message)")
        }
        let accounts = zip(demoAccountNames, keys).map { NamedAccount(name: $0, key: $1) }
        func named(_ name: String) -> NamedAccount { accounts[demoAccountNames.firstIndex(of: name) ?? 0] }
        let deployer = named("deployer").address
        let issuer = named("issuer")
        let kycIssuer = named("kyc-issuer")
        var contracts: [(name: String, kind: String, address: Address)] = []
        var securityAssets: [SecurityAsset] = []

        func unit(_ amount: String, _ decimals: Int) -> UInt256 { (try? UInt256(amount: amount, decimals: decimals)) ?? .zero }
        let tokens: [(options: SecurityTokenSuite.Options, registered: [String], verified: [String], collateral: UInt256?)] = [
            (
                SecurityTokenSuite.Options(
                    name: "ACME Holdings Common Stock", symbol: "ACME", decimals: 18, cap: unit("1000000", 18), assetType: "equity",
                    basePrice: 10000, currency: "USD", claimTopics: [1],
                    trustedIssuers: [SecurityTokenSuite.Issuer(signer: kycIssuer.address, topics: [1])]),
                ["alice", "bob", "carol", "dave"], ["alice", "bob", "carol"], nil
            ),
            (
                SecurityTokenSuite.Options(
                    name: "ACME Secured Note", symbol: "ASN", decimals: 6, assetType: "bond", basePrice: 100000, currency: "USD",
                    claimTopics: [1], trustedIssuers: [SecurityTokenSuite.Issuer(signer: kycIssuer.address, topics: [1])]),
                ["alice", "bob", "carol"], ["alice", "bob", "carol"], unit("1000000", 6)
            ),
        ]
        do throws(SuiteError) {
            for plan in tokens {
                let suite = try SecurityTokenSuite.deploy(on: chain, owner: deployer, options: plan.options)
                let createdAt = chain.latestBlock.timestamp
                let symbol = plan.options.symbol
                contracts += [
                    (symbol, SecurityToken.kind, suite.token),
                    ("\(symbol) identity registry", IdentityRegistry.kind, suite.identityRegistry),
                    ("\(symbol) compliance", ModularCompliance.kind, suite.compliance),
                ]
                try grant(chain, suite.token, Role.minter, to: issuer.address, from: deployer)
                if let collateral = plan.collateral {
                    try grant(chain, suite.token, SecurityToken.collateralRole, to: deployer, from: deployer)
                    try transact(
                        chain, suite.token, "setCollateral(uint256,uint256)", [.uint(collateral), .uint(UInt256.max)], from: deployer)
                }
                for investor in plan.registered {
                    let wallet = named(investor)
                    let identity = try suite.registerInvestor(wallet.address, country: 826, on: chain, agent: deployer)
                    if plan.verified.contains(investor) {
                        try suite.issueClaim(
                            identity: identity, topic: 1, data: Array("KYC".utf8), signer: kycIssuer.key, manager: wallet.address,
                            on: chain)
                    }
                }
                securityAssets.append(SecurityAsset(suite: suite, createdAt: createdAt))
            }
        } catch {
            throw MintError("cannot deploy the demo security tokens: \(error.message)")
        }

        let abclabOperator = named("abclab-operator")
        var abclabAssets: [ABCLabAsset] = []
        for (index, asset) in [("UKGILT2030", "UK Gilt 2030", "UKG30"), ("DEBUND2035", "German Bund 2035", "DEB35")].enumerated() {
            let token: Address
            do {
                token = try chain.deploy(ERC20Token(name: asset.1, symbol: asset.2, decimals: 0), from: deployer).address
            } catch {
                throw MintError("cannot deploy the demo asset \(asset.0): \(error.message)")
            }
            do throws(SuiteError) {
                try grant(chain, token, Role.minter, to: abclabOperator.address, from: deployer)
            } catch {
                throw MintError("cannot set up the demo asset \(asset.0): \(error.message)")
            }
            contracts.append((asset.0, ERC20Token.kind, token))
            abclabAssets.append(ABCLabAsset(assetID: asset.0, tokenID: "TOKEN-\(12345 + index)", name: asset.1, token: token, decimals: 0))
        }

        let immutableMinter = named("immutable-minter")
        var immutableCollections: [ImmutableCollection] = []
        let collections: [(String, any ContractModel, String)] = [
            ("Heroes", ERC721Token(name: "Immutable Heroes", symbol: "HERO", baseURI: "https://assets.example.com/heroes/"), "ERC721"),
            ("Items", ERC1155Token(uri: "https://assets.example.com/items/{id}.json"), "ERC1155"),
        ]
        for (name, model, standard) in collections {
            do {
                let address = try chain.deploy(model, from: deployer).address
                try chain.transact(
                    address, "grantRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(immutableMinter.address)], from: deployer)
                contracts.append((name, model.kind, address))
                immutableCollections.append(ImmutableCollection(name: name, address: address, standard: standard))
            } catch {
                throw MintError("cannot deploy the demo collection \(name): \(error.message)")
            }
        }

        let vault = QustodyVault(id: "vault_123", account: named("qustody-vault"))
        var qustodyTokens: [QustodyToken] = []
        let qusd = unit("1000000", 18)
        let plans: [(String, String, String, UInt256?, String, Bool, QustodyPolicy)] = [
            (
                "token_abc123", "Qustody Dollar", "QUSD", unit("10000000", 18), "QRC20_MINTABLE_BURNABLE", true,
                QustodyPolicy(quorum: 2, approvers: ["approver-1", "approver-2", "approver-3"], maxAmount: qusd, dailyLimit: unit("5000000", 18))
            ),
            ("token_def456", "Qustody Euro", "QEUR", nil, "QRC20_MINTABLE_BURNABLE", true, QustodyPolicy(timeWindow: (8 * 60, 18 * 60))),
            ("token_ghi789", "Qustody Points", "QPTS", nil, "QRC20_MINTABLE", false, QustodyPolicy()),
        ]
        for (id, tokenName, symbol, cap, template, burnable, policy) in plans {
            do {
                let address = try chain.deploy(ERC20Token(name: tokenName, symbol: symbol, decimals: 18, cap: cap), from: deployer).address
                for role in [Role.minter, Role.burner] {
                    try chain.transact(
                        address, "grantRole(bytes32,address)", [.fixedBytes(role.bytes), .address(vault.account.address)], from: deployer)
                }
                contracts.append((symbol, ERC20Token.kind, address))
                qustodyTokens.append(
                    QustodyToken(
                        id: id, name: tokenName, symbol: symbol, decimals: 18, contract: address, template: template, supportsMint: true,
                        supportsBurn: burnable, policy: policy, vault: vault.id))
            } catch {
                throw MintError("cannot deploy the demo Qustody token \(id): \(error.message)")
            }
        }
        qustodyTokens.append(
            QustodyToken(
                id: "token_draft", name: "Qustody Draft", symbol: "QDRF", decimals: 18, contract: nil, template: "QRC20_MINTABLE_BURNABLE",
                supportsMint: true, supportsBurn: true, policy: QustodyPolicy(), vault: vault.id))
        let qustodyKeys = [
            QustodyKeyScope(subject: "treasury-ops", permissions: ["tokens:mint", "tokens:burn", "tokens:read"]),
            QustodyKeyScope(subject: "approver-1", permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyScope(subject: "approver-2", permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyScope(subject: "approver-3", permissions: ["operations:approve", "tokens:read"]),
            QustodyKeyScope(subject: "auditor", permissions: ["tokens:read"]),
        ]

        let users = [
            AssetsUser(
                name: "issuer", wallet: issuer, pincode: demoPincode, otpSecret: Array(Keccak256.hash(Array("mintsim:otp:issuer".utf8)).bytes.prefix(20)),
                secretCodes: (1...10).map { demoSecretCode("issuer", $0) }),
            AssetsUser(name: "viewer", wallet: named("viewer"), pincode: demoPincode, otpSecret: nil, secretCodes: []),
        ]
        var apiKeys = users.map { IssuedKey(dialect: "assets", key: demoKey("assets", $0.name, prefix: "sm_atk_"), subject: $0.name) }
        let studios = [
            ImmutableKeyScope(subject: "game-studio", collections: immutableCollections.map(\.address), tier: .standard),
            ImmutableKeyScope(subject: "other-studio", collections: [], tier: .standard),
        ]
        apiKeys += studios.map { IssuedKey(dialect: "immutable", key: demoKey("immutable", $0.subject, prefix: "sk_imapik-test-"), subject: $0.subject) }
        apiKeys += qustodyKeys.map { IssuedKey(dialect: "qustody", key: demoKey("qustody", $0.subject, prefix: "qk_test_"), subject: $0.subject) }
        return MintSetup(
            accounts: accounts, contracts: contracts, apiKeys: apiKeys, assetsUsers: users, securityAssets: securityAssets,
            abclabOperator: abclabOperator, abclabAssets: abclabAssets, immutableMinter: immutableMinter,
            immutableCollections: immutableCollections, immutableKeys: studios, qustodyVaults: [vault], qustodyTokens: qustodyTokens,
            qustodyKeys: qustodyKeys)
    }

    /// A key derived from the dialect and subject: the same on every machine.
    static func demoKey(_ dialect: String, _ subject: String, prefix: String) -> String {
        prefix + Hex.encode(Keccak256.hash(Array("mintsim:key:\(dialect):\(subject)".utf8)).bytes.prefix(16), prefix: false)
    }

    static func demoSecretCode(_ user: String, _ index: Int) -> String {
        let digits = Hex.encode(Keccak256.hash(Array("mintsim:secret-code:\(user):\(index)".utf8)).bytes.prefix(4), prefix: false)
        return (String(digits.prefix(4)) + "-" + String(digits.suffix(4))).uppercased()
    }

    private static func grant(_ chain: Chain, _ contract: Address, _ role: Hash, to account: Address, from: Address) throws(SuiteError) {
        try transact(chain, contract, "grantRole(bytes32,address)", [.fixedBytes(role.bytes), .address(account)], from: from)
    }

    private static func transact(
        _ chain: Chain, _ contract: Address, _ signature: String, _ arguments: [ABIValue], from: Address
    ) throws(SuiteError) {
        do {
            try chain.transact(contract, signature, arguments, from: from)
        } catch {
            throw SuiteError(.transactionFailed, "\(signature) on \(contract): \(error.message)")
        }
    }
}
