import MintSimChain
import MintSimPrimitives

/// An ERC-3643 security token as T-REX 4.2 builds it (`contracts/token/Token.sol`, custom errors):
/// ERC-20 whose transfers need a verified receiver (IdentityRegistry) and a compliant transfer
/// (ModularCompliance), wallets and partial balances that agents freeze, agent mint, burn, forced
/// transfer, pause and wallet recovery, and their all-or-nothing batch forms. The token starts
/// paused, as T-REX's `init` leaves it.
///
/// MintSim additions, beside T-REX's agent role:
/// - AccessControl roles (the deployer holds DEFAULT_ADMIN_ROLE): `mint` and `batchMint` accept an
///   agent or a MINTER_ROLE holder, `burn` and `batchBurn` an agent or a BURNER_ROLE holder, so a
///   platform can grant supply management alone; anyone else gets CallerDoesNotHaveAgentRole().
/// - a supply cap (0: none): a mint past it reverts ERC20ExceededCap(increasedSupply, cap).
/// - collateral: COLLATERAL_ROLE holders call `setCollateral(amount, expiry)`; once set, a mint
///   that takes the supply past the valid collateral (0 after `expiry`) reverts
///   InsufficientCollateral(required, available).
/// - metadata: `assetType()` (equity, bond, fund, stablecoin, deposit or other), `basePrice()` in
///   the currency's minor units, `currency()`.
/// - `canMint(to, amount)`: every mint check, answering the first refusal's explanation.
///
/// Mint checks run in this order: caller, verified receiver, compliance, cap, collateral; then the
/// ledger and the compliance's `created` (ZeroValue() for a zero amount).
public struct SecurityToken: ContractModel {
    public static let kind = "security-token"
    public var kind: String { Self.kind }

    public static let assetTypes = ["equity", "bond", "fund", "stablecoin", "deposit", "other"]
    /// The value `version()` answers and `UpdatedTokenInformation` carries: T-REX's `_TOKEN_VERSION`,
    /// which its 4.2 line still sets to "4.1.3".
    public static let version = "4.1.3"

    public let name: String
    public let symbol: String
    public let decimals: UInt8
    public let identityRegistry: Address
    public let compliance: Address
    public let onchainID: Address
    /// The supply cap; nil: no cap.
    public let cap: UInt256?
    public let assetType: String
    /// The price of one token in the currency's minor units.
    public let basePrice: UInt256
    public let currency: String

    public init(
        name: String, symbol: String, decimals: UInt8 = 0, identityRegistry: Address, compliance: Address,
        onchainID: Address = .zero, cap: UInt256? = nil, assetType: String = "equity", basePrice: UInt256 = .zero,
        currency: String = "USD"
    ) {
        self.name = name
        self.symbol = symbol
        self.decimals = decimals
        self.identityRegistry = identityRegistry
        self.compliance = compliance
        self.onchainID = onchainID
        self.cap = cap.flatMap { $0.isZero ? nil : $0 }
        self.assetType = assetType
        self.basePrice = basePrice
        self.currency = currency
    }

    public static let constructorDeclaration =
        "constructor(string name_, string symbol_, uint8 decimals_, address identityRegistry_, address compliance_, address onchainID_, uint256 cap_, string assetType_, uint256 basePrice_, string currency_)"

    public var constructorArguments: [UInt8] {
        let values: [ABIValue] = [
            .string(name), .string(symbol), .uint(UInt256(UInt64(decimals))), .address(identityRegistry), .address(compliance),
            .address(onchainID), .uint(cap ?? .zero), .string(assetType), .uint(basePrice), .string(currency),
        ]
        return (try? ABI.encode(ABIEntry(Self.constructorDeclaration).inputs.map(\.type), values)) ?? []
    }

    /// Builds the token from ABI-encoded constructor arguments; an unknown asset type is refused.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(
            name: values[0].stringValue, symbol: values[1].stringValue, decimals: UInt8(values[2].uintValue.uint64 ?? 0),
            identityRegistry: values[3].addressValue, compliance: values[4].addressValue, onchainID: values[5].addressValue,
            cap: values[6].uintValue, assetType: values[7].stringValue, basePrice: values[8].uintValue, currency: values[9].stringValue)
        if let refusal = Self.assetTypeRefusal(assetType) { throw refusal }
    }

    static func assetTypeRefusal(_ assetType: String) -> Revert? {
        guard !assetTypes.contains(assetType) else { return nil }
        let text = "security-token: asset type '\(assetType)' is not one of \(assetTypes.joined(separator: ", "))"
        return Revert.reason(text).explained(text)
    }

    // MARK: Storage (ERC20Ledger: 0–2)

    static let nameKey = StorageKey(10)
    static let symbolKey = StorageKey(11)
    static let onchainIDKey = StorageKey(12)
    static let identityRegistryKey = StorageKey(13)
    static let complianceKey = StorageKey(14)
    static let frozenSlot: UInt32 = 16
    static let frozenTokensSlot: UInt32 = 17
    static let collateralAmountKey = StorageKey(18)
    static let collateralExpiryKey = StorageKey(19)
    static let collateralSetKey = StorageKey(20)
    static let capKey = StorageKey(21)

    /// keccak256("COLLATERAL_ROLE").
    public static let collateralRole = Keccak256.hash(Array("COLLATERAL_ROLE".utf8))

    public enum Function: UInt32, FunctionSet {
        case name = 0x06fd_de03
        case symbol = 0x95d8_9b41
        case decimals = 0x313c_e567
        case totalSupply = 0x1816_0ddd
        case balanceOf = 0x70a0_8231
        case allowance = 0xdd62_ed3e
        case approve = 0x095e_a7b3
        case increaseAllowance = 0x3950_9351
        case decreaseAllowance = 0xa457_c2d7
        case transfer = 0xa905_9cbb
        case transferFrom = 0x23b8_72dd
        case batchTransfer = 0x88d6_95b2
        case mint = 0x40c1_0f19
        case burn = 0x9dc2_9fac
        case forcedTransfer = 0x9fc1_d0e7
        case setAddressFrozen = 0xc69c_09cf
        case freezePartialTokens = 0x125c_4a33
        case unfreezePartialTokens = 0x1fe5_6f7d
        case pause = 0x8456_cb59
        case unpause = 0x3f4b_a83a
        case recoveryAddress = 0x9285_948a
        case batchMint = 0x6857_3107
        case batchBurn = 0x4a6c_c677
        case batchForcedTransfer = 0x42a4_7abc
        case batchSetAddressFrozen = 0x1a7a_f379
        case batchFreezePartialTokens = 0xfc7e_5fa8
        case batchUnfreezePartialTokens = 0x4710_362d
        case isFrozen = 0xe583_9836
        case getFrozenTokens = 0x158b_1a57
        case identityRegistry = 0x134e_18f4
        case compliance = 0x6290_865d
        case onchainID = 0xaba6_3705
        case paused = 0x5c97_5abb
        case version = 0x54fd_4d50
        case setIdentityRegistry = 0xcbf3_f861
        case setCompliance = 0xf898_1789
        case setName = 0xc47f_0027
        case setSymbol = 0xb84c_8246
        case setOnchainID = 0x3d1d_dc5b
        case cap = 0x3552_74ea
        case assetType = 0x3fe3_347a
        case basePrice = 0xc787_6ea4
        case currency = 0xe5a6_b10f
        case setCollateral = 0xcaa6_8078
        case collateral = 0xd8df_eb45
        case canMint = 0x0d5e_34a4
        case minterRole = 0xd539_1393
        case burnerRole = 0x282c_51f3
        case collateralRole = 0x64a9_5fa1
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .name: return "function name() view returns (string)"
            case .symbol: return "function symbol() view returns (string)"
            case .decimals: return "function decimals() view returns (uint8)"
            case .totalSupply: return "function totalSupply() view returns (uint256)"
            case .balanceOf: return "function balanceOf(address _userAddress) view returns (uint256)"
            case .allowance: return "function allowance(address _owner, address _spender) view returns (uint256)"
            case .approve: return "function approve(address _spender, uint256 _amount) returns (bool)"
            case .increaseAllowance: return "function increaseAllowance(address _spender, uint256 _addedValue) returns (bool)"
            case .decreaseAllowance: return "function decreaseAllowance(address _spender, uint256 _subtractedValue) returns (bool)"
            case .transfer: return "function transfer(address _to, uint256 _amount) returns (bool)"
            case .transferFrom: return "function transferFrom(address _from, address _to, uint256 _amount) returns (bool)"
            case .batchTransfer: return "function batchTransfer(address[] _toList, uint256[] _amounts)"
            case .mint: return "function mint(address _to, uint256 _amount)"
            case .burn: return "function burn(address _userAddress, uint256 _amount)"
            case .forcedTransfer: return "function forcedTransfer(address _from, address _to, uint256 _amount) returns (bool)"
            case .setAddressFrozen: return "function setAddressFrozen(address _userAddress, bool _freeze)"
            case .freezePartialTokens: return "function freezePartialTokens(address _userAddress, uint256 _amount)"
            case .unfreezePartialTokens: return "function unfreezePartialTokens(address _userAddress, uint256 _amount)"
            case .pause: return "function pause()"
            case .unpause: return "function unpause()"
            case .recoveryAddress:
                return "function recoveryAddress(address _lostWallet, address _newWallet, address _investorOnchainID) returns (bool)"
            case .batchMint: return "function batchMint(address[] _toList, uint256[] _amounts)"
            case .batchBurn: return "function batchBurn(address[] _userAddresses, uint256[] _amounts)"
            case .batchForcedTransfer:
                return "function batchForcedTransfer(address[] _fromList, address[] _toList, uint256[] _amounts)"
            case .batchSetAddressFrozen: return "function batchSetAddressFrozen(address[] _userAddresses, bool[] _freeze)"
            case .batchFreezePartialTokens: return "function batchFreezePartialTokens(address[] _userAddresses, uint256[] _amounts)"
            case .batchUnfreezePartialTokens:
                return "function batchUnfreezePartialTokens(address[] _userAddresses, uint256[] _amounts)"
            case .isFrozen: return "function isFrozen(address _userAddress) view returns (bool)"
            case .getFrozenTokens: return "function getFrozenTokens(address _userAddress) view returns (uint256)"
            case .identityRegistry: return "function identityRegistry() view returns (address)"
            case .compliance: return "function compliance() view returns (address)"
            case .onchainID: return "function onchainID() view returns (address)"
            case .paused: return "function paused() view returns (bool)"
            case .version: return "function version() pure returns (string)"
            case .setIdentityRegistry: return "function setIdentityRegistry(address _identityRegistry)"
            case .setCompliance: return "function setCompliance(address _compliance)"
            case .setName: return "function setName(string _name)"
            case .setSymbol: return "function setSymbol(string _symbol)"
            case .setOnchainID: return "function setOnchainID(address _onchainID)"
            case .cap: return "function cap() view returns (uint256)"
            case .assetType: return "function assetType() view returns (string)"
            case .basePrice: return "function basePrice() view returns (uint256)"
            case .currency: return "function currency() view returns (string)"
            case .setCollateral: return "function setCollateral(uint256 amount, uint256 expiry)"
            case .collateral: return "function collateral() view returns (uint256 amount, uint256 expiry)"
            case .canMint: return "function canMint(address to, uint256 amount) view returns (bool ok, string reason)"
            case .minterRole: return "function MINTER_ROLE() view returns (bytes32)"
            case .burnerRole: return "function BURNER_ROLE() view returns (bytes32)"
            case .collateralRole: return "function COLLATERAL_ROLE() view returns (bytes32)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event UpdatedTokenInformation(string indexed _newName, string indexed _newSymbol, uint8 _newDecimals, string _newVersion, address indexed _newOnchainID)",
        "event IdentityRegistryAdded(address indexed _identityRegistry)",
        "event ComplianceAdded(address indexed _compliance)",
        "event RecoverySuccess(address indexed _lostWallet, address indexed _newWallet, address indexed _investorOnchainID)",
        "event AddressFrozen(address indexed _userAddress, bool indexed _isFrozen, address indexed _owner)",
        "event TokensFrozen(address indexed _userAddress, uint256 _amount)",
        "event TokensUnfrozen(address indexed _userAddress, uint256 _amount)",
        "event Paused(address _userAddress)",
        "event Unpaused(address _userAddress)",
        "event CollateralUpdated(uint256 amount, uint256 expiry)",
    ]

    public static let errors = [
        "error AmountAboveFrozenTokens(uint256 _amount, uint256 _maxAmount)", "error FrozenWallet()",
        "error ComplianceNotFollowed()", "error NoTokenToRecover()", "error RecoveryNotPossible()", "error TransferNotPossible()",
        "error UnverifiedIdentity()", "error EnforcedPause()", "error ExpectedPause()", "error EmptyString()",
        "error DecimalsOutOfRange(uint256 decimals)", "error ERC20ExceededCap(uint256 increasedSupply, uint256 cap)",
        "error InsufficientCollateral(uint256 required, uint256 available)",
    ]

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + OwnableTwoStep.Function.declarations + AgentRole.Function.declarations
            + AccessControl.Function.declarations + ERC20Ledger.events + events + OwnableTwoStep.events + AgentRole.events
            + AccessControl.events + errors + ERC20Ledger.errors.filter { !$0.contains("InvalidApprover") } + OwnableTwoStep.errors
            + AgentRole.errors + AccessControl.errors)

    static let identityRegistryAdded = topic("IdentityRegistryAdded(address)")
    static let complianceAdded = topic("ComplianceAdded(address)")
    static let recoverySuccess = topic("RecoverySuccess(address,address,address)")
    static let addressFrozen = topic("AddressFrozen(address,bool,address)")
    static let tokensFrozen = topic("TokensFrozen(address,uint256)")
    static let tokensUnfrozen = topic("TokensUnfrozen(address,uint256)")
    static let collateralUpdated = topic("CollateralUpdated(uint256,uint256)")

    /// ERC-165 ids answered: IERC20 and IERC173 as Token.sol lists them. T-REX's IToken id is not
    /// claimed while its per-agent restrictions and default allowances are not modelled.
    static let erc20InterfaceId: UInt32 = 0x3637_2b07
    static let erc173InterfaceId: UInt32 = 0x7f58_28d0

    // MARK: Construction

    /// T-REX's `init`: ZeroAddress(), EmptyString() and DecimalsOutOfRange checks; owner; paused;
    /// identity registry and compliance (which the token binds itself to); token information. Then
    /// MintSim's: DEFAULT_ADMIN_ROLE and the agent role for the deployer.
    public func construct(_ context: ExecutionContext) throws(Revert) {
        if identityRegistry == .zero || compliance == .zero {
            throw Revert.error("ZeroAddress()", explanation: "ZeroAddress: the identity registry and the compliance are required")
        }
        if name.isEmpty || symbol.isEmpty {
            throw Revert.error("EmptyString()", explanation: "EmptyString: the name and the symbol must not be empty")
        }
        if decimals > 18 {
            throw Revert.error(
                "DecimalsOutOfRange(uint256)", [.uint(UInt256(UInt64(decimals)))],
                explanation: "DecimalsOutOfRange: \(decimals) decimals, at most 18")
        }
        if let refusal = Self.assetTypeRefusal(assetType) { throw refusal }
        try Ownable.setOwner(context, context.sender)
        try context.storeBytes(Self.nameKey, Array(name.utf8))
        try context.storeBytes(Self.symbolKey, Array(symbol.utf8))
        try Self.storeAddress(context, Self.onchainIDKey, onchainID)
        try context.storeWord(Pausable.pausedSlot, .one)
        try context.storeWord(Self.capKey, cap ?? .zero)
        try Self.setIdentityRegistry(context, identityRegistry)
        try Self.setCompliance(context, compliance)
        try emitTokenInformation(context)
        try AccessControl.grant(context, Role.defaultAdmin, context.sender)
        try AgentRole.add(context, context.sender)
    }

    func emitTokenInformation(_ context: ExecutionContext) throws(Revert) {
        let name = String(decoding: try context.loadBytes(Self.nameKey), as: UTF8.self)
        let symbol = String(decoding: try context.loadBytes(Self.symbolKey), as: UTF8.self)
        try context.emit(
            "UpdatedTokenInformation(string,string,uint8,string,address)",
            indexed: [(.string, .string(name)), (.string, .string(symbol)), (.address, .address(try Self.address(context, Self.onchainIDKey)))],
            data: [(.uint(8), .uint(UInt256(UInt64(decimals)))), (.string, .string(Self.version))])
    }

    // MARK: State

    static func address(_ context: ExecutionContext, _ key: StorageKey) throws(Revert) -> Address {
        Address(word32: try context.loadWord(key).word32)
    }

    static func storeAddress(_ context: ExecutionContext, _ key: StorageKey, _ value: Address) throws(Revert) {
        try context.storeWord(key, UInt256(word32: value.word32))
    }

    public static func isFrozen(_ context: ExecutionContext, _ user: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(frozenSlot, user)).isZero
    }

    public static func frozenTokens(_ context: ExecutionContext, _ user: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(frozenTokensSlot, user))
    }

    static func setFrozenTokens(_ context: ExecutionContext, _ user: Address, _ value: UInt256) throws(Revert) {
        try context.storeWord(StorageKey(frozenTokensSlot, user), value)
    }

    static func setFrozenFlag(_ context: ExecutionContext, _ user: Address, _ frozen: Bool, by owner: Address) throws(Revert) {
        try context.storeWord(StorageKey(frozenSlot, user), frozen ? .one : .zero)
        try context.emit(topics: [addressFrozen, user.word32, (frozen ? UInt256.one : .zero).word32, owner.word32], data: [])
    }

    /// The collateral as set (amount, expiry) and whether it was ever set.
    public static func collateral(_ context: ExecutionContext) throws(Revert) -> (amount: UInt256, expiry: UInt256, isSet: Bool) {
        (
            try context.loadWord(collateralAmountKey), try context.loadWord(collateralExpiryKey),
            try !context.loadWord(collateralSetKey).isZero
        )
    }

    /// The collateral that backs mints now: the amount until its expiry, 0 after.
    public static func validCollateral(_ context: ExecutionContext) throws(Revert) -> UInt256 {
        let (amount, expiry, _) = try collateral(context)
        return UInt256(context.timestamp) > expiry ? .zero : amount
    }

    static func setIdentityRegistry(_ context: ExecutionContext, _ registry: Address) throws(Revert) {
        try storeAddress(context, identityRegistryKey, registry)
        try context.emit(topics: [identityRegistryAdded, registry.word32], data: [])
    }

    /// `setCompliance`: unbinds the old compliance, binds the new one (the token binds itself).
    static func setCompliance(_ context: ExecutionContext, _ compliance: Address) throws(Revert) {
        let old = try address(context, complianceKey)
        if old != .zero { _ = try ExternalCall.call(context, old, "unbindToken(address)", [.address(context.address)]) }
        try storeAddress(context, complianceKey, compliance)
        _ = try ExternalCall.call(context, compliance, "bindToken(address)", [.address(context.address)])
        try context.emit(topics: [complianceAdded, compliance.word32], data: [])
    }
}
