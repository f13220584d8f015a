import MintSimChain
import MintSimPrimitives

/// An ERC-20 token as OpenZeppelin Contracts v5 builds it from ERC20, ERC20Burnable, ERC20Pausable,
/// ERC20Capped and AccessControl: `mint` for MINTER_ROLE, `burn(account, value)` for BURNER_ROLE,
/// `pause`/`unpause` for PAUSER_ROLE, and an all-or-nothing `batchMint`. The deployer gets
/// DEFAULT_ADMIN_ROLE, MINTER_ROLE, BURNER_ROLE and PAUSER_ROLE.
///
/// Differences from OpenZeppelin: a cap of 0 means no cap (`cap()` then answers 2²⁵⁶−1) instead of
/// reverting with ERC20InvalidCap; `burn(address,uint256)` and `batchMint` are MintSim's own
/// (the names follow T-REX).
public struct ERC20Token: ContractModel {
    public static let kind = "erc20"
    public var kind: String { Self.kind }

    public let name: String
    public let symbol: String
    public let decimals: UInt8
    /// The supply cap; nil: no cap.
    public let cap: UInt256?
    /// Minted at deployment to `initialHolder` (the deployer when zero).
    public let initialSupply: UInt256
    public let initialHolder: Address

    public init(
        name: String, symbol: String, decimals: UInt8 = 18, cap: UInt256? = nil, initialSupply: UInt256 = .zero,
        initialHolder: Address = .zero
    ) {
        self.name = name
        self.symbol = symbol
        self.decimals = decimals
        self.cap = cap.flatMap { $0.isZero ? nil : $0 }
        self.initialSupply = initialSupply
        self.initialHolder = initialHolder
    }

    public static let constructorDeclaration =
        "constructor(string name_, string symbol_, uint8 decimals_, uint256 cap_, uint256 initialSupply, address initialHolder)"

    public var constructorArguments: [UInt8] {
        let values: [ABIValue] = [
            .string(name), .string(symbol), .uint(UInt256(UInt64(decimals))), .uint(cap ?? .zero), .uint(initialSupply),
            .address(initialHolder),
        ]
        return (try? ABI.encode(ABIEntry(Self.constructorDeclaration).inputs.map(\.type), values)) ?? []
    }

    /// Builds the token from ABI-encoded constructor arguments.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(
            name: values[0].stringValue, symbol: values[1].stringValue, decimals: UInt8(values[2].uintValue.uint64 ?? 18),
            cap: values[3].uintValue, initialSupply: values[4].uintValue, initialHolder: values[5].addressValue)
    }

    public enum Function: UInt32, FunctionSet {
        case name = 0x06fd_de03
        case symbol = 0x95d8_9b41
        case decimals = 0x313c_e567
        case totalSupply = 0x1816_0ddd
        case balanceOf = 0x70a0_8231
        case transfer = 0xa905_9cbb
        case allowance = 0xdd62_ed3e
        case approve = 0x095e_a7b3
        case transferFrom = 0x23b8_72dd
        case cap = 0x3552_74ea
        case mint = 0x40c1_0f19
        case batchMint = 0x6857_3107
        case burn = 0x4296_6c68
        case burnFrom = 0x79cc_6790
        case burnAccount = 0x9dc2_9fac
        case minterRole = 0xd539_1393
        case burnerRole = 0x282c_51f3
        case pauserRole = 0xe63a_b1e9
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .name: return "function name() view returns (string)"
            case .symbol: return "function symbol() view returns (string)"
            case .decimals: return "function decimals() view returns (uint8)"
            case .totalSupply: return "function totalSupply() view returns (uint256)"
            case .balanceOf: return "function balanceOf(address account) view returns (uint256)"
            case .transfer: return "function transfer(address to, uint256 value) returns (bool)"
            case .allowance: return "function allowance(address owner, address spender) view returns (uint256)"
            case .approve: return "function approve(address spender, uint256 value) returns (bool)"
            case .transferFrom: return "function transferFrom(address from, address to, uint256 value) returns (bool)"
            case .cap: return "function cap() view returns (uint256)"
            case .mint: return "function mint(address to, uint256 amount)"
            case .batchMint: return "function batchMint(address[] toList, uint256[] amounts)"
            case .burn: return "function burn(uint256 value)"
            case .burnFrom: return "function burnFrom(address account, uint256 value)"
            case .burnAccount: return "function burn(address account, uint256 value)"
            case .minterRole: return "function MINTER_ROLE() view returns (bytes32)"
            case .burnerRole: return "function BURNER_ROLE() view returns (bytes32)"
            case .pauserRole: return "function PAUSER_ROLE() view returns (bytes32)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            }
        }
    }

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + AccessControl.Function.declarations
            + Pausable.Function.declarations + ERC20Ledger.events + AccessControl.events + Pausable.events
            + ERC20Ledger.errors + AccessControl.errors + Pausable.errors + [
                "error ERC20ExceededCap(uint256 increasedSupply, uint256 cap)",
                "error InvalidArrayLength(uint256 toLength, uint256 amountsLength)",
            ])

    public func construct(_ context: ExecutionContext) throws(Revert) {
        for role in [Role.defaultAdmin, Role.minter, Role.burner, Role.pauser] {
            try AccessControl.grant(context, role, context.sender)
        }
        if !initialSupply.isZero {
            try mint(context, to: initialHolder == .zero ? context.sender : initialHolder, value: initialSupply)
        }
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = AccessControl.Function(rawValue: selector) { return try AccessControl.call(function, context) }
        if let function = Pausable.Function(rawValue: selector) { return try Pausable.call(function, context) }
        throw Revert(data: [])
    }

    /// `_update` with the Pausable and Capped hooks: EnforcedPause first, then the ledger, then the cap.
    func update(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        try Pausable.requireNotPaused(context)
        try ERC20Ledger.update(context, from: from, to: to, value: value)
        if from == .zero, let cap {
            let supply = try ERC20Ledger.totalSupply(context)
            if supply > cap { throw Revert.error("ERC20ExceededCap(uint256,uint256)", [.uint(supply), .uint(cap)]) }
        }
    }

    /// `_mint`.
    func mint(_ context: ExecutionContext, to: Address, value: UInt256) throws(Revert) {
        if to == .zero { throw ERC20Ledger.invalidReceiver(.zero) }
        try update(context, from: .zero, to: to, value: value)
    }

    /// `_burn`.
    func burn(_ context: ExecutionContext, from: Address, value: UInt256) throws(Revert) {
        if from == .zero { throw ERC20Ledger.invalidSender(.zero) }
        try update(context, from: from, to: .zero, value: value)
    }

    /// `_transfer`.
    func transfer(_ context: ExecutionContext, from: Address, to: Address, value: UInt256) throws(Revert) {
        try ERC20Ledger.checkTransfer(from: from, to: to)
        try update(context, from: from, to: to, value: value)
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .name: return Returns.string(name)
        case .symbol: return Returns.string(symbol)
        case .decimals: return Returns.uint(UInt64(decimals))
        case .totalSupply: return Returns.uint(try ERC20Ledger.totalSupply(context))
        case .balanceOf:
            let args = try Arguments(context, words: 1)
            return Returns.uint(try ERC20Ledger.balance(context, of: args.address(0)))
        case .transfer:
            let args = try Arguments(context, words: 2)
            try transfer(context, from: context.sender, to: args.address(0), value: args.uint(1))
            return Returns.true
        case .allowance:
            let args = try Arguments(context, words: 2)
            return Returns.uint(try ERC20Ledger.allowance(context, owner: args.address(0), spender: args.address(1)))
        case .approve:
            let args = try Arguments(context, words: 2)
            try ERC20Ledger.approve(context, owner: context.sender, spender: args.address(0), value: args.uint(1))
            return Returns.true
        case .transferFrom:
            let args = try Arguments(context, words: 3)
            let from = try args.address(0), to = try args.address(1), value = args.uint(2)
            try ERC20Ledger.spendAllowance(context, owner: from, spender: context.sender, value: value)
            try transfer(context, from: from, to: to, value: value)
            return Returns.true
        case .cap:
            return Returns.uint(cap ?? .max)
        case .mint:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0), value = args.uint(1)
            try AccessControl.check(context, Role.minter)
            try mint(context, to: to, value: value)
            return []
        case .batchMint:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            let recipients = values[0].addressArray, amounts = values[1].uintArray
            try AccessControl.check(context, Role.minter)
            guard recipients.count == amounts.count else {
                throw Revert.error(
                    "InvalidArrayLength(uint256,uint256)", [.uint(UInt256(recipients.count)), .uint(UInt256(amounts.count))])
            }
            for (to, value) in zip(recipients, amounts) { try mint(context, to: to, value: value) }
            return []
        case .burn:
            let args = try Arguments(context, words: 1)
            try burn(context, from: context.sender, value: args.uint(0))
            return []
        case .burnFrom:
            let args = try Arguments(context, words: 2)
            let account = try args.address(0), value = args.uint(1)
            try ERC20Ledger.spendAllowance(context, owner: account, spender: context.sender, value: value)
            try burn(context, from: account, value: value)
            return []
        case .burnAccount:
            let args = try Arguments(context, words: 2)
            let account = try args.address(0), value = args.uint(1)
            try AccessControl.check(context, Role.burner)
            try burn(context, from: account, value: value)
            return []
        case .minterRole: return Returns.bytes32(Role.minter)
        case .burnerRole: return Returns.bytes32(Role.burner)
        case .pauserRole: return Returns.bytes32(Role.pauser)
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(id == InterfaceId.erc165 || id == InterfaceId.accessControl)
        }
    }
}
