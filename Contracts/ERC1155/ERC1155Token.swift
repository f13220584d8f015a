import MintSimChain
import MintSimPrimitives

/// An ERC-1155 multi-token as OpenZeppelin Contracts v5.7 builds it from ERC1155, ERC1155Supply,
/// ERC1155URIStorage, ERC1155Burnable, ERC1155Pausable and AccessControl: `mint`/`mintBatch` for
/// MINTER_ROLE, `pause`/`unpause` for PAUSER_ROLE, `setURI`/`setTokenURI`/`setBaseURI` for
/// URI_SETTER_ROLE, and `burn`/`burnBatch` by the holder or an approved operator. The deployer gets
/// DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE and URI_SETTER_ROLE.
///
/// `uri(id)` answers `baseURI + tokenURI[id]` when a per-id URI is set and otherwise the template
/// given at deployment (or by `setURI`) unchanged: as the standard asks, clients replace `{id}` in it
/// with the id as 64 lowercase hex digits without `0x` (id 2 → `000…002`).
///
/// Batch entry points (`safeBatchTransferFrom`, `mintBatch`) call `onERC1155BatchReceived` even for a
/// single id (OpenZeppelin v5.6 and later); `safeTransferFrom` and `mint` call `onERC1155Received`.
public struct ERC1155Token: ContractModel {
    public static let kind = "erc1155"
    public var kind: String { Self.kind }

    /// The metadata URI template stored at deployment.
    public let uri: String

    public init(uri: String) {
        self.uri = uri
    }

    public static let constructorDeclaration = "constructor(string uri_)"

    public var constructorArguments: [UInt8] { Words.string(Array(uri.utf8)) }

    /// Builds the token from ABI-encoded constructor arguments.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(uri: values[0].stringValue)
    }

    typealias Words = ERC1155Ledger.Words

    /// Storage: `tokenURIs[id]`, the base URI, the URI template (byte strings), `totalSupply[id]` and
    /// the supply of all ids. The balances and approvals are ERC1155Ledger's (slots 0 and 1).
    static let tokenURIsSlot: UInt32 = 2
    static let baseURIKey = StorageKey(3)
    static let templateURIKey = StorageKey(4)
    static let supplySlot: UInt32 = 5
    static let totalSupplyKey = StorageKey(6)

    public enum Function: UInt32, FunctionSet {
        case uri = 0x0e89_341c
        case balanceOf = 0x00fd_d58e
        case balanceOfBatch = 0x4e12_73f4
        case setApprovalForAll = 0xa22c_b465
        case isApprovedForAll = 0xe985_e9c5
        case safeTransferFrom = 0xf242_432a
        case safeBatchTransferFrom = 0x2eb2_c2d6
        case totalSupplyOf = 0xbd85_b039
        case totalSupply = 0x1816_0ddd
        case exists = 0x4f55_8e79
        case setURI = 0x02fe_5305
        case setTokenURI = 0x1620_94c4
        case setBaseURI = 0x55f8_04b3
        case mint = 0x7311_33e9
        case mintBatch = 0x1f7f_dffa
        case burn = 0xf529_8aca
        case burnBatch = 0x6b20_c454
        case minterRole = 0xd539_1393
        case pauserRole = 0xe63a_b1e9
        case uriSetterRole = 0x7f34_5710
        case supportsInterface = 0x01ff_c9a7

        public var declaration: String {
            switch self {
            case .uri: return "function uri(uint256 tokenId) view returns (string)"
            case .balanceOf: return "function balanceOf(address account, uint256 id) view returns (uint256)"
            case .balanceOfBatch:
                return "function balanceOfBatch(address[] accounts, uint256[] ids) view returns (uint256[])"
            case .setApprovalForAll: return "function setApprovalForAll(address operator, bool approved)"
            case .isApprovedForAll:
                return "function isApprovedForAll(address account, address operator) view returns (bool)"
            case .safeTransferFrom:
                return "function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data)"
            case .safeBatchTransferFrom:
                return
                    "function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data)"
            case .totalSupplyOf: return "function totalSupply(uint256 id) view returns (uint256)"
            case .totalSupply: return "function totalSupply() view returns (uint256)"
            case .exists: return "function exists(uint256 id) view returns (bool)"
            case .setURI: return "function setURI(string newuri)"
            case .setTokenURI: return "function setTokenURI(uint256 tokenId, string tokenURI)"
            case .setBaseURI: return "function setBaseURI(string baseURI)"
            case .mint: return "function mint(address account, uint256 id, uint256 amount, bytes data)"
            case .mintBatch: return "function mintBatch(address to, uint256[] ids, uint256[] amounts, bytes data)"
            case .burn: return "function burn(address account, uint256 id, uint256 value)"
            case .burnBatch: return "function burnBatch(address account, uint256[] ids, uint256[] values)"
            case .minterRole: return "function MINTER_ROLE() view returns (bytes32)"
            case .pauserRole: return "function PAUSER_ROLE() view returns (bytes32)"
            case .uriSetterRole: return "function URI_SETTER_ROLE() view returns (bytes32)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            }
        }
    }

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + AccessControl.Function.declarations
            + Pausable.Function.declarations + ERC1155Ledger.events + AccessControl.events + Pausable.events
            + ERC1155Ledger.errors + AccessControl.errors + Pausable.errors)

    public func construct(_ context: ExecutionContext) throws(Revert) {
        try context.storeBytes(Self.templateURIKey, Array(uri.utf8))
        for role in [Role.defaultAdmin, Role.minter, Role.pauser, Role.uriSetter] {
            try AccessControl.grant(context, role, context.sender)
        }
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = AccessControl.Function(rawValue: selector) { return try AccessControl.call(function, context) }
        if let function = Pausable.Function(rawValue: selector) { return try Pausable.call(function, context) }
        throw Revert(data: [])
    }

    // MARK: Internal functions

    /// `_update` with the Pausable and Supply hooks: EnforcedPause first, then the ledger (array
    /// lengths, balances, the Transfer event), then the supplies (checked on mint, Panic(0x11) on
    /// overflow).
    func update(_ context: ExecutionContext, from: Address, to: Address, ids: [UInt256], values: [UInt256]) throws(Revert) {
        try Pausable.requireNotPaused(context)
        try ERC1155Ledger.update(context, from: from, to: to, ids: ids, values: values)
        if from == .zero {
            var minted = UInt256.zero
            for index in ids.indices {
                let key = StorageKey(Self.supplySlot, ids[index])
                let supply = try context.loadWord(key)
                guard let increased = try? supply.adding(values[index]), let total = try? minted.adding(values[index]) else {
                    throw Revert.panic(0x11)
                }
                try context.storeWord(key, increased)
                minted = total
            }
            let all = try context.loadWord(Self.totalSupplyKey)
            guard let increased = try? all.adding(minted) else { throw Revert.panic(0x11) }
            try context.storeWord(Self.totalSupplyKey, increased)
        }
        if to == .zero {
            var burned = UInt256.zero
            for index in ids.indices {
                // Cannot underflow: values[i] <= balance <= totalSupply(ids[i]).
                let key = StorageKey(Self.supplySlot, ids[index])
                try context.storeWord(key, try context.loadWord(key) &- values[index])
                burned = burned &+ values[index]
            }
            try context.storeWord(Self.totalSupplyKey, try context.loadWord(Self.totalSupplyKey) &- burned)
        }
    }

    /// `_updateWithAcceptanceCheck`: the update, then the receiver check when `to` is not zero.
    func updateWithAcceptanceCheck(
        _ context: ExecutionContext, from: Address, to: Address, ids: [UInt256], values: [UInt256], data: [UInt8],
        batch: Bool
    ) throws(Revert) {
        try update(context, from: from, to: to, ids: ids, values: values)
        guard to != .zero else { return }
        if batch {
            try ERC1155Ledger.checkOnBatchReceived(
                context, operator: context.sender, from: from, to: to, ids: ids, values: values, data: data)
        } else {
            try ERC1155Ledger.checkOnReceived(
                context, operator: context.sender, from: from, to: to, id: ids[0], value: values[0], data: data)
        }
    }

    /// `safeTransferFrom`/`safeBatchTransferFrom` after the authorization check: the zero-address checks.
    func safeTransfer(
        _ context: ExecutionContext, from: Address, to: Address, ids: [UInt256], values: [UInt256], data: [UInt8],
        batch: Bool
    ) throws(Revert) {
        try ERC1155Ledger.checkAuthorized(context, operator: context.sender, owner: from)
        if to == .zero { throw ERC1155Ledger.invalidReceiver(.zero) }
        if from == .zero { throw ERC1155Ledger.invalidSender(.zero) }
        try updateWithAcceptanceCheck(context, from: from, to: to, ids: ids, values: values, data: data, batch: batch)
    }

    /// `_mint`/`_mintBatch`.
    func mint(
        _ context: ExecutionContext, to: Address, ids: [UInt256], values: [UInt256], data: [UInt8], batch: Bool
    ) throws(Revert) {
        if to == .zero { throw ERC1155Ledger.invalidReceiver(.zero) }
        try updateWithAcceptanceCheck(context, from: .zero, to: to, ids: ids, values: values, data: data, batch: batch)
    }

    /// ERC1155Burnable's `burn`/`burnBatch`: the holder or an approved operator; then `_burn`/`_burnBatch`.
    func burn(_ context: ExecutionContext, from: Address, ids: [UInt256], values: [UInt256]) throws(Revert) {
        try ERC1155Ledger.checkAuthorized(context, operator: context.sender, owner: from)
        if from == .zero { throw ERC1155Ledger.invalidSender(.zero) }
        try update(context, from: from, to: .zero, ids: ids, values: values)
    }

    /// ERC1155URIStorage's `uri`: base URI and per-id URI when one is set, else the template.
    func uri(_ context: ExecutionContext, id: UInt256) throws(Revert) -> [UInt8] {
        let tokenURI = try context.loadBytes(StorageKey(Self.tokenURIsSlot, id))
        if tokenURI.isEmpty { return try context.loadBytes(Self.templateURIKey) }
        return try context.loadBytes(Self.baseURIKey) + tokenURI
    }

    func totalSupply(_ context: ExecutionContext, id: UInt256) throws(Revert) -> UInt256 {
        try context.loadWord(StorageKey(Self.supplySlot, id))
    }

    // MARK: Dispatch

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .uri:
            let args = try Arguments(context, words: 1)
            return Words.string(try uri(context, id: args.uint(0)))
        case .balanceOf:
            let args = try Arguments(context, words: 2)
            return Returns.uint(try ERC1155Ledger.balance(context, of: args.address(0), id: args.uint(1)))
        case .balanceOfBatch:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            let accounts = values[0].addressArray, ids = values[1].uintArray
            guard accounts.count == ids.count else { throw ERC1155Ledger.invalidArrayLength(ids.count, accounts.count) }
            var balances: [UInt256] = []
            balances.reserveCapacity(ids.count)
            for (account, id) in zip(accounts, ids) {
                balances.append(try ERC1155Ledger.balance(context, of: account, id: id))
            }
            return Words.int(32) + Words.tail(balances)
        case .setApprovalForAll:
            let args = try Arguments(context, words: 2)
            let operatorAddress = try args.address(0), approved = try args.bool(1)
            try ERC1155Ledger.setApprovalForAll(
                context, owner: context.sender, operator: operatorAddress, approved: approved)
            return []
        case .isApprovedForAll:
            let args = try Arguments(context, words: 2)
            let account = try args.address(0), operatorAddress = try args.address(1)
            return Returns.bool(try ERC1155Ledger.isApprovedForAll(context, account: account, operator: operatorAddress))
        case .safeTransferFrom:
            let values = try context.decodeArguments([.address, .address, .uint(256), .uint(256), .bytes])
            try safeTransfer(
                context, from: values[0].addressValue, to: values[1].addressValue, ids: [values[2].uintValue],
                values: [values[3].uintValue], data: values[4].bytesValue, batch: false)
            return []
        case .safeBatchTransferFrom:
            let values = try context.decodeArguments([.address, .address, .array(.uint(256)), .array(.uint(256)), .bytes])
            try safeTransfer(
                context, from: values[0].addressValue, to: values[1].addressValue, ids: values[2].uintArray,
                values: values[3].uintArray, data: values[4].bytesValue, batch: true)
            return []
        case .totalSupplyOf:
            let args = try Arguments(context, words: 1)
            return Returns.uint(try totalSupply(context, id: args.uint(0)))
        case .totalSupply:
            return Returns.uint(try context.loadWord(Self.totalSupplyKey))
        case .exists:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try !totalSupply(context, id: args.uint(0)).isZero)
        case .setURI:
            // Strings are kept as bytes: Solidity does not check that a `string` is UTF-8.
            let values = try context.decodeArguments([.bytes])
            try AccessControl.check(context, Role.uriSetter)
            try context.storeBytes(Self.templateURIKey, values[0].bytesValue)
            return []
        case .setTokenURI:
            let values = try context.decodeArguments([.uint(256), .bytes])
            let id = values[0].uintValue
            try AccessControl.check(context, Role.uriSetter)
            try context.storeBytes(StorageKey(Self.tokenURIsSlot, id), values[1].bytesValue)
            try context.emit(topics: [ERC1155Ledger.uriEvent, id.word32], data: Words.string(try uri(context, id: id)))
            return []
        case .setBaseURI:
            let values = try context.decodeArguments([.bytes])
            try AccessControl.check(context, Role.uriSetter)
            try context.storeBytes(Self.baseURIKey, values[0].bytesValue)
            return []
        case .mint:
            let values = try context.decodeArguments([.address, .uint(256), .uint(256), .bytes])
            try AccessControl.check(context, Role.minter)
            try mint(
                context, to: values[0].addressValue, ids: [values[1].uintValue], values: [values[2].uintValue],
                data: values[3].bytesValue, batch: false)
            return []
        case .mintBatch:
            let values = try context.decodeArguments([.address, .array(.uint(256)), .array(.uint(256)), .bytes])
            try AccessControl.check(context, Role.minter)
            try mint(
                context, to: values[0].addressValue, ids: values[1].uintArray, values: values[2].uintArray,
                data: values[3].bytesValue, batch: true)
            return []
        case .burn:
            let args = try Arguments(context, words: 3)
            try burn(context, from: args.address(0), ids: [args.uint(1)], values: [args.uint(2)])
            return []
        case .burnBatch:
            let values = try context.decodeArguments([.address, .array(.uint(256)), .array(.uint(256))])
            try burn(context, from: values[0].addressValue, ids: values[1].uintArray, values: values[2].uintArray)
            return []
        case .minterRole: return Returns.bytes32(Role.minter)
        case .pauserRole: return Returns.bytes32(Role.pauser)
        case .uriSetterRole: return Returns.bytes32(Role.uriSetter)
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(
                id == InterfaceId.erc165 || id == InterfaceId.erc1155 || id == InterfaceId.erc1155MetadataURI
                    || id == InterfaceId.accessControl)
        }
    }
}
