import MintSimPrimitives

/// How blocks are produced.
public enum MiningMode: Hashable, Sendable {
    /// One block per transaction, mined as soon as the transaction is sent (Anvil's default).
    case auto
    /// A block every `blockTime` simulated seconds, mined as the clock passes each interval.
    case interval
    /// Blocks only when `mine(count:)` is called.
    case manual
}

/// Everything that shapes a chain. The same configuration always gives the same chain.
public struct ChainConfig: Hashable, Sendable {
    public var chainId: UInt64
    /// Timestamp of the genesis block, in seconds since 1970.
    public var startTime: UInt64
    /// Seconds between blocks: the interval in `.interval` mode, and how far each mined block moves
    /// the clock in the other modes. At least 1 (0 is taken as 1), so block timestamps strictly increase.
    public var blockTime: UInt64
    public var mining: MiningMode
    /// Base fee per gas (wei) of every block. Default 0: transactions cost nothing unless asked to.
    public var baseFee: UInt256
    /// Gas limit of every block.
    public var blockGasLimit: UInt64
    /// Receives the priority fees.
    public var coinbase: Address
    /// Accounts funded at genesis, with their balances, in this order.
    public var genesisAccounts: [(Address, UInt256)]
    /// How many blocks before the latest keep their state for reads at a past block
    /// (`balance(of:atBlock:)`, `call(…, atBlock:)`); 0 (or less) keeps only the latest. Default 256,
    /// as Anvil keeps in memory. Memory grows with the changes those blocks made, not with the state.
    public var stateHistory: Int

    public init(
        chainId: UInt64 = 31337, startTime: UInt64 = 1_767_225_600, blockTime: UInt64 = 1, mining: MiningMode = .auto,
        baseFee: UInt256 = .zero, blockGasLimit: UInt64 = 30_000_000, coinbase: Address = .zero,
        genesisAccounts: [(Address, UInt256)] = [], stateHistory: Int = 256
    ) {
        self.chainId = chainId
        self.startTime = startTime
        self.blockTime = blockTime
        self.mining = mining
        self.baseFee = baseFee
        self.blockGasLimit = blockGasLimit
        self.coinbase = coinbase
        self.genesisAccounts = genesisAccounts
        self.stateHistory = stateHistory
    }

    /// The default development chain: chain id 31337, genesis at 2026-01-01T00:00:00Z, one-second
    /// blocks, automine, and the first `accounts` accounts of the default mnemonic funded with
    /// 10,000 ether each, as Anvil starts.
    public static func development(accounts: Int = 10) -> ChainConfig {
        var config = ChainConfig()
        let tenThousandEther = (try? UInt256(amount: "10000", decimals: 18)) ?? .zero
        let addresses = accounts <= defaultAddresses.count
            ? Array(defaultAddresses.prefix(max(accounts, 0)))
            : ((try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: accounts)) ?? []).map(\.address)
        config.genesisAccounts = addresses.map { ($0, tenThousandEther) }
        return config
    }

    /// The first 20 accounts of the default mnemonic, derived once (derivation runs PBKDF2).
    static let defaultAddresses: [Address] =
        ((try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 20)) ?? []).map(\.address)

    public static func == (lhs: ChainConfig, rhs: ChainConfig) -> Bool {
        lhs.chainId == rhs.chainId && lhs.startTime == rhs.startTime && lhs.blockTime == rhs.blockTime
            && lhs.mining == rhs.mining && lhs.baseFee == rhs.baseFee && lhs.blockGasLimit == rhs.blockGasLimit
            && lhs.coinbase == rhs.coinbase && lhs.stateHistory == rhs.stateHistory
            && lhs.genesisAccounts.map(\.0) == rhs.genesisAccounts.map(\.0)
            && lhs.genesisAccounts.map(\.1) == rhs.genesisAccounts.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(chainId)
        hasher.combine(startTime)
        hasher.combine(blockTime)
    }
}
