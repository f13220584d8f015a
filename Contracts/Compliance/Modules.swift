import MintSimChain
import MintSimPrimitives

/// T-REX 4.2's CountryAllowModule: only receivers whose investor country the compliance allows.
public struct CountryAllowModule: ComplianceModule {
    public static let kind = "country-allow-module"
    public var kind: String { Self.kind }
    public static let moduleName = "CountryAllowModule"
    public static let isPlugAndPlay = true

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let allowedSlot: UInt32 = 0

    public enum Function: UInt32, FunctionSet {
        case batchAllowCountries = 0x771c_5281
        case batchDisallowCountries = 0xc08e_1502
        case addAllowedCountry = 0x4f44_425e
        case removeAllowedCountry = 0x8175_44c3
        case isCountryAllowed = 0x0f4f_0904

        public var declaration: String {
            switch self {
            case .batchAllowCountries: return "function batchAllowCountries(uint16[] _countries)"
            case .batchDisallowCountries: return "function batchDisallowCountries(uint16[] _countries)"
            case .addAllowedCountry: return "function addAllowedCountry(uint16 _country)"
            case .removeAllowedCountry: return "function removeAllowedCountry(uint16 _country)"
            case .isCountryAllowed: return "function isCountryAllowed(address _compliance, uint16 _country) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event CountryAllowed(address _compliance, uint16 _country)", "event CountryUnallowed(address _compliance, uint16 _country)",
    ]
    public static let errors = [
        "error CountryAlreadyAllowed(address _compliance, uint16 _country)", "error CountryNotAllowed(address _compliance, uint16 _country)",
    ]
    static let countryAllowed = topic("CountryAllowed(address,uint16)")
    static let countryUnallowed = topic("CountryUnallowed(address,uint16)")

    static func key(_ compliance: Address, _ country: UInt16) -> StorageKey {
        StorageKey(allowedSlot, compliance.word32, UInt256(UInt64(country)).word32)
    }

    public static func isAllowed(_ context: ExecutionContext, compliance: Address, country: UInt16) throws(Revert) -> Bool {
        try !context.loadWord(key(compliance, country)).isZero
    }

    static func set(_ context: ExecutionContext, _ country: UInt16, _ allowed: Bool) throws(Revert) {
        try context.storeWord(key(context.sender, country), allowed ? .one : .zero)
        try ModuleCore.emitCompliance(context, allowed ? countryAllowed : countryUnallowed, UInt256(UInt64(country)))
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        let country = try ModuleCore.country(context, compliance: compliance, user: to)
        if try isAllowed(context, compliance: compliance, country: country) { return nil }
        return "\(kind): receiver's country \(country) is not allowed"
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .batchAllowCountries, .batchDisallowCountries:
            let countries = try ModuleCore.countries(context)
            try ModuleCore.checkComplianceCall(context)
            for country in countries { try set(context, country, function == .batchAllowCountries) }
            return []
        case .addAllowedCountry:
            let country = try Arguments(context, words: 1).uint16(0)
            try ModuleCore.checkComplianceCall(context)
            if try isAllowed(context, compliance: context.sender, country: country) {
                throw Revert.error("CountryAlreadyAllowed(address,uint16)", [.address(context.sender), .uint(UInt256(UInt64(country)))])
            }
            try set(context, country, true)
            return []
        case .removeAllowedCountry:
            let country = try Arguments(context, words: 1).uint16(0)
            try ModuleCore.checkComplianceCall(context)
            if try !isAllowed(context, compliance: context.sender, country: country) {
                throw Revert.error("CountryNotAllowed(address,uint16)", [.address(context.sender), .uint(UInt256(UInt64(country)))])
            }
            try set(context, country, false)
            return []
        case .isCountryAllowed:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), country = try args.uint16(1)
            return Returns.bool(try isAllowed(context, compliance: compliance, country: country))
        }
    }
}

/// T-REX's CountryRestrictModule: refuses receivers whose investor country the compliance restricts.
public struct CountryRestrictModule: ComplianceModule {
    public static let kind = "country-restrict-module"
    public var kind: String { Self.kind }
    public static let moduleName = "CountryRestrictModule"
    public static let isPlugAndPlay = true

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let restrictedSlot: UInt32 = 0
    static let maxBatch = 195

    public enum Function: UInt32, FunctionSet {
        case addCountryRestriction = 0x0333_ce24
        case removeCountryRestriction = 0x6aae_7b26
        case batchRestrictCountries = 0xbdf9_a07e
        case batchUnrestrictCountries = 0x249c_981d
        case isCountryRestricted = 0x3023_6f4a

        public var declaration: String {
            switch self {
            case .addCountryRestriction: return "function addCountryRestriction(uint16 _country)"
            case .removeCountryRestriction: return "function removeCountryRestriction(uint16 _country)"
            case .batchRestrictCountries: return "function batchRestrictCountries(uint16[] _countries)"
            case .batchUnrestrictCountries: return "function batchUnrestrictCountries(uint16[] _countries)"
            case .isCountryRestricted: return "function isCountryRestricted(address _compliance, uint16 _country) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event AddedRestrictedCountry(address indexed _compliance, uint16 _country)",
        "event RemovedRestrictedCountry(address indexed _compliance, uint16 _country)",
    ]
    public static let errors: [String] = []
    static let added = topic("AddedRestrictedCountry(address,uint16)")
    static let removed = topic("RemovedRestrictedCountry(address,uint16)")

    static func key(_ compliance: Address, _ country: UInt16) -> StorageKey {
        StorageKey(restrictedSlot, compliance.word32, UInt256(UInt64(country)).word32)
    }

    public static func isRestricted(_ context: ExecutionContext, compliance: Address, country: UInt16) throws(Revert) -> Bool {
        try !context.loadWord(key(compliance, country)).isZero
    }

    static func restrict(_ context: ExecutionContext, _ country: UInt16) throws(Revert) {
        if try isRestricted(context, compliance: context.sender, country: country) { throw Revert.reason("country already restricted") }
        try context.storeWord(key(context.sender, country), .one)
        try ModuleCore.emitCompliance(context, added, indexedCompliance: true, UInt256(UInt64(country)))
    }

    static func unrestrict(_ context: ExecutionContext, _ country: UInt16) throws(Revert) {
        if try !isRestricted(context, compliance: context.sender, country: country) { throw Revert.reason("country not restricted") }
        try context.storeWord(key(context.sender, country), .zero)
        try ModuleCore.emitCompliance(context, removed, indexedCompliance: true, UInt256(UInt64(country)))
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        let country = try ModuleCore.country(context, compliance: compliance, user: to)
        if try !isRestricted(context, compliance: compliance, country: country) { return nil }
        return "\(kind): receiver's country \(country) is restricted"
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .addCountryRestriction:
            let country = try Arguments(context, words: 1).uint16(0)
            try ModuleCore.checkComplianceCall(context)
            try restrict(context, country)
            return []
        case .removeCountryRestriction:
            let country = try Arguments(context, words: 1).uint16(0)
            try ModuleCore.checkComplianceCall(context)
            try unrestrict(context, country)
            return []
        case .batchRestrictCountries:
            let countries = try ModuleCore.countries(context)
            try ModuleCore.checkComplianceCall(context)
            if countries.count >= maxBatch { throw Revert.reason("maximum 195 can be restricted in one batch") }
            for country in countries { try restrict(context, country) }
            return []
        case .batchUnrestrictCountries:
            let countries = try ModuleCore.countries(context)
            try ModuleCore.checkComplianceCall(context)
            if countries.count >= maxBatch { throw Revert.reason("maximum 195 can be unrestricted in one batch") }
            for country in countries { try unrestrict(context, country) }
            return []
        case .isCountryRestricted:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), country = try args.uint16(1)
            return Returns.bool(try isRestricted(context, compliance: compliance, country: country))
        }
    }
}

/// T-REX's SupplyLimitModule: refuses mints that would take the token's total supply past the limit.
public struct SupplyLimitModule: ComplianceModule {
    public static let kind = "supply-limit-module"
    public var kind: String { Self.kind }
    public static let moduleName = "SupplyLimitModule"
    public static let isPlugAndPlay = true

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let limitSlot: UInt32 = 0

    public enum Function: UInt32, FunctionSet {
        case setSupplyLimit = 0x361f_ab25
        case getSupplyLimit = 0x4ae6_5b5c

        public var declaration: String {
            switch self {
            case .setSupplyLimit: return "function setSupplyLimit(uint256 _limit)"
            case .getSupplyLimit: return "function getSupplyLimit(address _compliance) view returns (uint256)"
            }
        }
    }

    public static let events = ["event SupplyLimitSet(address _compliance, uint256 _limit)"]
    public static let errors: [String] = []
    static let supplyLimitSet = topic("SupplyLimitSet(address,uint256)")

    public static func limit(_ context: ExecutionContext, compliance: Address) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(limitSlot, compliance))
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        guard from == .zero else { return nil }
        let supply = try ModuleCore.totalSupply(context, compliance: compliance)
        let limit = try limit(context, compliance: compliance)
        if try ModuleCore.add(supply, value) <= limit { return nil }
        return "\(kind): minting \(value) would take the supply \(supply) past the limit \(limit)"
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .setSupplyLimit:
            let limit = try Arguments(context, words: 1).uint(0)
            try ModuleCore.checkComplianceCall(context)
            try context.storeWord(StorageKey(limitSlot, context.sender), limit)
            try ModuleCore.emitCompliance(context, supplyLimitSet, limit)
            return []
        case .getSupplyLimit:
            let compliance = try Arguments(context, words: 1).address(0)
            return Returns.uint(try limit(context, compliance: compliance))
        }
    }
}

/// T-REX's TransferRestrictModule: a transfer passes when its sender or its receiver is allowed by
/// the compliance; mints and burns always pass.
public struct TransferRestrictModule: ComplianceModule {
    public static let kind = "transfer-restrict-module"
    public var kind: String { Self.kind }
    public static let moduleName = "TransferRestrictModule"
    public static let isPlugAndPlay = true

    public init() {}
    public init(arguments: [UInt8]) throws(Revert) {
        _ = try ConstructorArguments.decode("constructor()", arguments, kind: Self.kind)
    }

    static let allowedSlot: UInt32 = 0

    public enum Function: UInt32, FunctionSet {
        case allowUser = 0x771c_456f
        case batchAllowUsers = 0x726b_b465
        case disallowUser = 0x5859_1fb7
        case batchDisallowUsers = 0x32bb_1f16
        case isUserAllowed = 0xa9fb_3b35

        public var declaration: String {
            switch self {
            case .allowUser: return "function allowUser(address _userAddress)"
            case .batchAllowUsers: return "function batchAllowUsers(address[] _userAddresses)"
            case .disallowUser: return "function disallowUser(address _userAddress)"
            case .batchDisallowUsers: return "function batchDisallowUsers(address[] _userAddresses)"
            case .isUserAllowed: return "function isUserAllowed(address _compliance, address _userAddress) view returns (bool)"
            }
        }
    }

    public static let events = [
        "event UserAllowed(address _compliance, address _userAddress)", "event UserDisallowed(address _compliance, address _userAddress)",
    ]
    public static let errors: [String] = []
    static let userAllowed = topic("UserAllowed(address,address)")
    static let userDisallowed = topic("UserDisallowed(address,address)")

    public static func isAllowed(_ context: ExecutionContext, compliance: Address, user: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(allowedSlot, compliance, user)).isZero
    }

    static func set(_ context: ExecutionContext, _ user: Address, _ allowed: Bool) throws(Revert) {
        try context.storeWord(StorageKey(allowedSlot, context.sender, user), allowed ? .one : .zero)
        try context.emit(topics: [allowed ? userAllowed : userDisallowed], data: context.sender.word + user.word)
    }

    public static func refusal(_ context: ExecutionContext, from: Address, to: Address, value: UInt256, compliance: Address) throws(Revert)
        -> String?
    {
        if from == .zero || to == .zero { return nil }
        if try isAllowed(context, compliance: compliance, user: from) { return nil }
        if try isAllowed(context, compliance: compliance, user: to) { return nil }
        return "\(kind): neither sender \(from) nor receiver \(to) is allowed"
    }

    public static func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .allowUser, .disallowUser:
            let user = try Arguments(context, words: 1).address(0)
            try ModuleCore.checkComplianceCall(context)
            try set(context, user, function == .allowUser)
            return []
        case .batchAllowUsers, .batchDisallowUsers:
            let users = try context.decodeArguments([.array(.address)]).first?.addressArray ?? []
            try ModuleCore.checkComplianceCall(context)
            for user in users { try set(context, user, function == .batchAllowUsers) }
            return []
        case .isUserAllowed:
            let args = try Arguments(context, words: 2)
            let compliance = try args.address(0), user = try args.address(1)
            return Returns.bool(try isAllowed(context, compliance: compliance, user: user))
        }
    }
}
