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
    /// Per-key rate limits of the dialects whose documents give none (assets and qustody by key
    /// subject, abclab as a whole with subject `*`); Immutable's are its keys' tiers.
    public var rateLimits: [(dialect: String, subject: String, tier: RateTier)] = []

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

    /// The chain a setup runs on: the development chain with every account of the plan funded
    /// (10,000 ether each, at least Anvil's ten).
    public static func chainConfig(_ plan: MintSetupPlan) -> ChainConfig {
        guard plan.mnemonic != Mnemonic.defaultPhrase else { return .development(accounts: max(10, plan.accounts.count)) }
        var config = ChainConfig.development()
        let keys = (try? Mnemonic(plan.mnemonic).accounts(count: max(10, plan.accounts.count))) ?? []
        let ether = (try? UInt256(amount: "10000", decimals: 18)) ?? .zero
        config.genesisAccounts = keys.map { ($0.address, ether) }
        return config
    }

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
        try build(.demo, on: chain)
    }

    /// A key derived from the dialect and subject: the same on every machine.
    static func demoKey(_ dialect: String, _ subject: String, prefix: String) -> String {
        prefix + Hex.encode(Keccak256.hash(Array("mintsim:key:\(dialect):\(subject)".utf8)).bytes.prefix(16), prefix: false)
    }

    static func demoSecretCode(_ user: String, _ index: Int) -> String {
        let digits = Hex.encode(Keccak256.hash(Array("mintsim:secret-code:\(user):\(index)".utf8)).bytes.prefix(4), prefix: false)
        return (String(digits.prefix(4)) + "-" + String(digits.suffix(4))).uppercased()
    }

    static func grant(_ chain: Chain, _ contract: Address, _ role: Hash, to account: Address, from: Address) throws(SuiteError) {
        try transact(chain, contract, "grantRole(bytes32,address)", [.fixedBytes(role.bytes), .address(account)], from: from)
    }

    static func transact(
        _ chain: Chain, _ contract: Address, _ signature: String, _ arguments: [ABIValue], from: Address
    ) throws(SuiteError) {
        do {
            try chain.transact(contract, signature, arguments, from: from)
        } catch {
            throw SuiteError(.transactionFailed, "\(signature) on \(contract): \(error.message)")
        }
    }
}
