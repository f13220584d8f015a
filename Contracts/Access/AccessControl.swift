import MintSimChain
import MintSimPrimitives

/// OpenZeppelin's AccessControl: roles as bytes32, each with an admin role (DEFAULT_ADMIN_ROLE,
/// 0x00…00, unless changed), granted and revoked by holders of the admin role.
public enum AccessControl {
    /// Storage: `roles[role][account]` and `admins[role]`.
    static let rolesSlot: UInt32 = 100
    static let adminsSlot: UInt32 = 101

    public enum Function: UInt32, FunctionSet {
        case hasRole = 0x91d1_4854
        case getRoleAdmin = 0x248a_9ca3
        case grantRole = 0x2f2f_f15d
        case revokeRole = 0xd547_741f
        case renounceRole = 0x3656_8abe
        case defaultAdminRole = 0xa217_fddf

        public var declaration: String {
            switch self {
            case .hasRole: return "function hasRole(bytes32 role, address account) view returns (bool)"
            case .getRoleAdmin: return "function getRoleAdmin(bytes32 role) view returns (bytes32)"
            case .grantRole: return "function grantRole(bytes32 role, address account)"
            case .revokeRole: return "function revokeRole(bytes32 role, address account)"
            case .renounceRole: return "function renounceRole(bytes32 role, address callerConfirmation)"
            case .defaultAdminRole: return "function DEFAULT_ADMIN_ROLE() view returns (bytes32)"
            }
        }
    }

    public static let events = [
        "event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)",
        "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
        "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
    ]

    public static let errors = [
        "error AccessControlBadConfirmation()",
        "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
    ]

    static let roleGranted = topic("RoleGranted(bytes32,address,address)")
    static let roleRevoked = topic("RoleRevoked(bytes32,address,address)")
    static let roleAdminChanged = topic("RoleAdminChanged(bytes32,bytes32,bytes32)")

    public static func hasRole(_ context: ExecutionContext, _ role: Hash, _ account: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(rolesSlot, role, account)).isZero
    }

    /// `onlyRole(role)` for `account`: AccessControlUnauthorizedAccount(account, role) without it.
    public static func check(_ context: ExecutionContext, _ role: Hash, _ account: Address) throws(Revert) {
        guard try hasRole(context, role, account) else {
            throw Revert.error(
                "AccessControlUnauthorizedAccount(address,bytes32)", [.address(account), .fixedBytes(role.bytes)])
        }
    }

    /// `onlyRole(role)` for the caller.
    public static func check(_ context: ExecutionContext, _ role: Hash) throws(Revert) {
        try check(context, role, context.sender)
    }

    public static func roleAdmin(_ context: ExecutionContext, _ role: Hash) throws(Revert) -> Hash {
        try context.loadWord(StorageKey(adminsSlot, role)).word32
    }

    /// `_grantRole`: false (and no event) when the account already has the role.
    @discardableResult
    public static func grant(_ context: ExecutionContext, _ role: Hash, _ account: Address) throws(Revert) -> Bool {
        guard try !hasRole(context, role, account) else { return false }
        try context.storeWord(StorageKey(rolesSlot, role, account), .one)
        try context.emit(topics: [roleGranted, role, account.word32, context.sender.word32], data: [])
        return true
    }

    /// `_revokeRole`: false (and no event) when the account does not have the role.
    @discardableResult
    public static func revoke(_ context: ExecutionContext, _ role: Hash, _ account: Address) throws(Revert) -> Bool {
        guard try hasRole(context, role, account) else { return false }
        try context.storeWord(StorageKey(rolesSlot, role, account), .zero)
        try context.emit(topics: [roleRevoked, role, account.word32, context.sender.word32], data: [])
        return true
    }

    /// `_setRoleAdmin`: emits RoleAdminChanged.
    public static func setRoleAdmin(_ context: ExecutionContext, _ role: Hash, _ admin: Hash) throws(Revert) {
        let previous = try roleAdmin(context, role)
        try context.storeWord(StorageKey(adminsSlot, role), UInt256(word32: admin))
        try context.emit(topics: [roleAdminChanged, role, previous, admin], data: [])
    }

    /// Runs an AccessControl function.
    static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .hasRole:
            let args = try Arguments(context, words: 2)
            return Returns.bool(try hasRole(context, args.bytes32(0), args.address(1)))
        case .getRoleAdmin:
            let args = try Arguments(context, words: 1)
            return Returns.bytes32(try roleAdmin(context, args.bytes32(0)))
        case .grantRole:
            let args = try Arguments(context, words: 2)
            let role = args.bytes32(0), account = try args.address(1)
            try check(context, try roleAdmin(context, role))
            try grant(context, role, account)
            return []
        case .revokeRole:
            let args = try Arguments(context, words: 2)
            let role = args.bytes32(0), account = try args.address(1)
            try check(context, try roleAdmin(context, role))
            try revoke(context, role, account)
            return []
        case .renounceRole:
            let args = try Arguments(context, words: 2)
            let role = args.bytes32(0), confirmation = try args.address(1)
            guard confirmation == context.sender else { throw Revert.error("AccessControlBadConfirmation()") }
            try revoke(context, role, confirmation)
            return []
        case .defaultAdminRole:
            return Returns.bytes32(Role.defaultAdmin)
        }
    }
}
