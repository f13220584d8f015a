import MintSimChain
import MintSimPrimitives

/// An ERC-721 token as OpenZeppelin Contracts v5 builds it from ERC721, ERC721URIStorage,
/// ERC721Burnable, ERC721Pausable and AccessControl: `mint`/`safeMint` for MINTER_ROLE,
/// `pause`/`unpause` for PAUSER_ROLE, `setTokenURI` for URI_SETTER_ROLE, `burn` by the owner or an
/// approved account. The deployer gets DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE and URI_SETTER_ROLE.
///
/// MintSim's additions: `mintSequential` (ids from a counter starting at 0 that skips existing ids),
/// Immutable's preset batch mints for MINTER_ROLE, all or nothing — `mintBatch(IDMint[])` safe-mints
/// the given ids to each `to`, `mintBatchByQuantity(Mint[])` safe-mints `quantity` ids from the
/// sequential counter to each `to`, in order —
/// `nextTokenId`, `totalSupply` (the number of existing tokens), `setTokenURI` (reverts with
/// ERC721NonexistentToken for a token that does not exist) and `setBaseURI` for DEFAULT_ADMIN_ROLE
/// (emits the ERC-4906 BatchMetadataUpdate over every id). The base URI is the constructor's
/// `baseURI_` until changed. As in OpenZeppelin v5, burning keeps a token's stored URI, which a
/// later mint of the same id uses again.
public struct ERC721Token: ContractModel {
    public static let kind = "erc721"
    public var kind: String { Self.kind }

    public let name: String
    public let symbol: String
    /// The base URI at deployment.
    public let baseURI: String

    public init(name: String, symbol: String, baseURI: String = "") {
        self.name = name
        self.symbol = symbol
        self.baseURI = baseURI
    }

    public static let constructorDeclaration = "constructor(string name_, string symbol_, string baseURI_)"

    public var constructorArguments: [UInt8] {
        let values: [ABIValue] = [.string(name), .string(symbol), .string(baseURI)]
        return (try? ABI.encode(ABIEntry(Self.constructorDeclaration).inputs.map(\.type), values)) ?? []
    }

    /// Builds the token from ABI-encoded constructor arguments.
    public init(arguments: [UInt8]) throws(Revert) {
        let values = try ConstructorArguments.decode(Self.constructorDeclaration, arguments, kind: Self.kind)
        self.init(name: values[0].stringValue, symbol: values[1].stringValue, baseURI: values[2].stringValue)
    }

    /// Storage beyond the ledger's: `tokenURIs[tokenId]`, the sequential-mint counter, the base URI.
    static let tokenURIsSlot: UInt32 = 4
    static let counterKey = StorageKey(5)
    static let baseURIKey = StorageKey(7)

    static let metadataUpdateEvent = topic("MetadataUpdate(uint256)")
    static let batchMetadataUpdateEvent = topic("BatchMetadataUpdate(uint256,uint256)")

    public enum Function: UInt32, FunctionSet {
        case name = 0x06fd_de03
        case symbol = 0x95d8_9b41
        case tokenURI = 0xc87b_56dd
        case balanceOf = 0x70a0_8231
        case ownerOf = 0x6352_211e
        case approve = 0x095e_a7b3
        case getApproved = 0x0818_12fc
        case setApprovalForAll = 0xa22c_b465
        case isApprovedForAll = 0xe985_e9c5
        case transferFrom = 0x23b8_72dd
        case safeTransferFrom = 0x4284_2e0e
        case safeTransferFromWithData = 0xb88d_4fde
        case supportsInterface = 0x01ff_c9a7
        case totalSupply = 0x1816_0ddd
        case mint = 0x40c1_0f19
        case safeMint = 0xa144_8194
        case safeMintWithURI = 0xcd27_9c7c
        case mintSequential = 0x2e73_e0fd
        case nextTokenId = 0x7579_4a3c
        case setTokenURI = 0x1620_94c4
        case setBaseURI = 0x55f8_04b3
        case burn = 0x4296_6c68
        case minterRole = 0xd539_1393
        case pauserRole = 0xe63a_b1e9
        case uriSetterRole = 0x7f34_5710
        case mintBatch = 0x9e26_41a3
        case mintBatchByQuantity = 0xe192_7859

        public var declaration: String {
            switch self {
            case .name: return "function name() view returns (string)"
            case .symbol: return "function symbol() view returns (string)"
            case .tokenURI: return "function tokenURI(uint256 tokenId) view returns (string)"
            case .balanceOf: return "function balanceOf(address owner) view returns (uint256)"
            case .ownerOf: return "function ownerOf(uint256 tokenId) view returns (address)"
            case .approve: return "function approve(address to, uint256 tokenId)"
            case .getApproved: return "function getApproved(uint256 tokenId) view returns (address)"
            case .setApprovalForAll: return "function setApprovalForAll(address operator, bool approved)"
            case .isApprovedForAll: return "function isApprovedForAll(address owner, address operator) view returns (bool)"
            case .transferFrom: return "function transferFrom(address from, address to, uint256 tokenId)"
            case .safeTransferFrom: return "function safeTransferFrom(address from, address to, uint256 tokenId)"
            case .safeTransferFromWithData:
                return "function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)"
            case .supportsInterface: return "function supportsInterface(bytes4 interfaceId) view returns (bool)"
            case .totalSupply: return "function totalSupply() view returns (uint256)"
            case .mint: return "function mint(address to, uint256 tokenId)"
            case .safeMint: return "function safeMint(address to, uint256 tokenId)"
            case .safeMintWithURI: return "function safeMint(address to, uint256 tokenId, string uri)"
            case .mintSequential: return "function mintSequential(address to, uint256 quantity) returns (uint256 firstTokenId)"
            case .nextTokenId: return "function nextTokenId() view returns (uint256)"
            case .setTokenURI: return "function setTokenURI(uint256 tokenId, string uri)"
            case .setBaseURI: return "function setBaseURI(string newBaseURI)"
            case .burn: return "function burn(uint256 tokenId)"
            case .minterRole: return "function MINTER_ROLE() view returns (bytes32)"
            case .pauserRole: return "function PAUSER_ROLE() view returns (bytes32)"
            case .uriSetterRole: return "function URI_SETTER_ROLE() view returns (bytes32)"
            case .mintBatch: return "function mintBatch((address to, uint256[] tokenIds)[] mints)"
            case .mintBatchByQuantity: return "function mintBatchByQuantity((address to, uint256 quantity)[] mints)"
            }
        }
    }

    public static let interface = ContractInterface(
        [constructorDeclaration] + Function.declarations + AccessControl.Function.declarations
            + Pausable.Function.declarations + ERC721Ledger.events + [
                "event MetadataUpdate(uint256 _tokenId)",
                "event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId)",
            ] + AccessControl.events + Pausable.events + ERC721Ledger.errors + AccessControl.errors + Pausable.errors + [
                "error ERC721InvalidQuantity(uint256 quantity)"
            ])

    public func construct(_ context: ExecutionContext) throws(Revert) {
        for role in [Role.defaultAdmin, Role.minter, Role.pauser, Role.uriSetter] {
            try AccessControl.grant(context, role, context.sender)
        }
        try context.storeBytes(Self.baseURIKey, Array(baseURI.utf8))
    }

    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = AccessControl.Function(rawValue: selector) { return try AccessControl.call(function, context) }
        if let function = Pausable.Function(rawValue: selector) { return try Pausable.call(function, context) }
        throw Revert(data: [])
    }

    // MARK: - Internal functions

    /// `_update` with the ERC721Pausable hook: EnforcedPause before anything else.
    @discardableResult
    func update(_ context: ExecutionContext, to: Address, tokenId: UInt256, auth: Address) throws(Revert) -> Address {
        try Pausable.requireNotPaused(context)
        return try ERC721Ledger.update(context, to: to, tokenId: tokenId, auth: auth)
    }

    /// `_mint`: ERC721InvalidReceiver(0) for a zero `to`, ERC721InvalidSender(0) when the token exists.
    func mint(_ context: ExecutionContext, to: Address, tokenId: UInt256) throws(Revert) {
        if to == .zero { throw ERC721Ledger.invalidReceiver(.zero) }
        let previousOwner = try update(context, to: to, tokenId: tokenId, auth: .zero)
        if previousOwner != .zero { throw ERC721Ledger.invalidSender(.zero) }
    }

    /// `_safeMint`: `_mint`, then the receiver check with the caller as operator.
    func safeMint(_ context: ExecutionContext, to: Address, tokenId: UInt256, data: [UInt8] = []) throws(Revert) {
        try mint(context, to: to, tokenId: tokenId)
        try ERC721Ledger.checkOnReceived(context, operator: context.sender, from: .zero, to: to, tokenId: tokenId, data: data)
    }

    /// `transferFrom`: ERC721InvalidReceiver(0) for a zero `to`, then `_update` with the caller as
    /// `auth`, then ERC721IncorrectOwner when `from` was not the owner.
    func transfer(_ context: ExecutionContext, from: Address, to: Address, tokenId: UInt256) throws(Revert) {
        if to == .zero { throw ERC721Ledger.invalidReceiver(.zero) }
        let previousOwner = try update(context, to: to, tokenId: tokenId, auth: context.sender)
        if previousOwner != from {
            throw Revert.error(
                "ERC721IncorrectOwner(address,uint256,address)", [.address(from), .uint(tokenId), .address(previousOwner)])
        }
    }

    /// `safeTransferFrom`: `transferFrom`, then the receiver check with the caller as operator.
    func safeTransfer(_ context: ExecutionContext, from: Address, to: Address, tokenId: UInt256, data: [UInt8]) throws(Revert) {
        try transfer(context, from: from, to: to, tokenId: tokenId)
        try ERC721Ledger.checkOnReceived(context, operator: context.sender, from: from, to: to, tokenId: tokenId, data: data)
    }

    /// `_setTokenURI`: stores the URI and emits MetadataUpdate(tokenId).
    func setTokenURI(_ context: ExecutionContext, _ tokenId: UInt256, _ uri: [UInt8]) throws(Revert) {
        try context.storeBytes(StorageKey(Self.tokenURIsSlot, tokenId), uri)
        try context.emit(topics: [Self.metadataUpdateEvent], data: tokenId.bytes32)
    }

    /// ERC721URIStorage's `tokenURI`: the stored URI when the base URI is empty, base + stored URI when
    /// both are set, else base + the decimal id ("" when the base is empty).
    func tokenURI(_ context: ExecutionContext, _ tokenId: UInt256) throws(Revert) -> [UInt8] {
        _ = try ERC721Ledger.requireOwned(context, tokenId)
        let stored = try context.loadBytes(StorageKey(Self.tokenURIsSlot, tokenId))
        let base = try context.loadBytes(Self.baseURIKey)
        if base.isEmpty { return stored }
        if !stored.isEmpty { return base + stored }
        return base + Array(tokenId.description.utf8)
    }

    /// The first id from `start` on that has no owner; Panic(0x11) past 2²⁵⁶−1.
    func firstFreeId(_ context: ExecutionContext, from start: UInt256) throws(Revert) -> UInt256 {
        var id = start
        while try ERC721Ledger.owner(context, of: id) != .zero { id = try Self.increment(id) }
        return id
    }

    /// `mintSequential`: safe-mints `quantity` tokens, each with the first free id from the counter on,
    /// moving the counter past it before minting; returns the first id.
    func mintSequential(_ context: ExecutionContext, to: Address, quantity: UInt256) throws(Revert) -> UInt256 {
        guard !quantity.isZero else { throw Revert.error("ERC721InvalidQuantity(uint256)", [.uint(quantity)]) }
        var first = UInt256.zero
        var minted = UInt256.zero
        while minted < quantity {
            let id = try firstFreeId(context, from: try context.loadWord(Self.counterKey))
            try context.storeWord(Self.counterKey, try Self.increment(id))
            try safeMint(context, to: to, tokenId: id)
            if minted.isZero { first = id }
            minted = minted &+ .one
        }
        return first
    }

    static func increment(_ value: UInt256) throws(Revert) -> UInt256 {
        let (next, overflow) = value.addingReportingOverflow(.one)
        if overflow { throw Revert.panic(0x11) }
        return next
    }

    /// ABI-encodes raw bytes as a `string` return value (the encoding of `string` and `bytes` is the same).
    static func returnString(_ bytes: [UInt8]) -> [UInt8] {
        (try? ABI.encode([.bytes], [.bytes(bytes)])) ?? []
    }

    // MARK: - Dispatch

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .name: return Returns.string(name)
        case .symbol: return Returns.string(symbol)
        case .tokenURI:
            let args = try Arguments(context, words: 1)
            return Self.returnString(try tokenURI(context, args.uint(0)))
        case .balanceOf:
            let args = try Arguments(context, words: 1)
            return Returns.uint(try ERC721Ledger.balance(context, of: args.address(0)))
        case .ownerOf:
            let args = try Arguments(context, words: 1)
            return Returns.address(try ERC721Ledger.requireOwned(context, args.uint(0)))
        case .approve:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0), tokenId = args.uint(1)
            try ERC721Ledger.approve(context, to: to, tokenId: tokenId, auth: context.sender)
            return []
        case .getApproved:
            let args = try Arguments(context, words: 1)
            let tokenId = args.uint(0)
            _ = try ERC721Ledger.requireOwned(context, tokenId)
            return Returns.address(try ERC721Ledger.approved(context, tokenId))
        case .setApprovalForAll:
            let args = try Arguments(context, words: 2)
            let account = try args.address(0), approved = try args.bool(1)
            try ERC721Ledger.setApprovalForAll(context, owner: context.sender, operator: account, approved: approved)
            return []
        case .isApprovedForAll:
            let args = try Arguments(context, words: 2)
            return Returns.bool(try ERC721Ledger.isApprovedForAll(context, owner: args.address(0), operator: args.address(1)))
        case .transferFrom:
            let args = try Arguments(context, words: 3)
            try transfer(context, from: args.address(0), to: args.address(1), tokenId: args.uint(2))
            return []
        case .safeTransferFrom:
            let args = try Arguments(context, words: 3)
            try safeTransfer(context, from: args.address(0), to: args.address(1), tokenId: args.uint(2), data: [])
            return []
        case .safeTransferFromWithData:
            let values = try context.decodeArguments([.address, .address, .uint(256), .bytes])
            try safeTransfer(
                context, from: values[0].addressValue, to: values[1].addressValue, tokenId: values[2].uintValue,
                data: values[3].bytesValue)
            return []
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(
                id == InterfaceId.erc4906 || id == InterfaceId.erc721 || id == InterfaceId.erc721Metadata
                    || id == InterfaceId.accessControl || id == InterfaceId.erc165)
        case .totalSupply:
            return Returns.uint(try ERC721Ledger.totalSupply(context))
        case .mint:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0), tokenId = args.uint(1)
            try AccessControl.check(context, Role.minter)
            try mint(context, to: to, tokenId: tokenId)
            return []
        case .safeMint:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0), tokenId = args.uint(1)
            try AccessControl.check(context, Role.minter)
            try safeMint(context, to: to, tokenId: tokenId)
            return []
        case .safeMintWithURI:
            // `string` arguments are taken as their bytes, unchecked, as Solidity does.
            let values = try context.decodeArguments([.address, .uint(256), .bytes])
            let to = values[0].addressValue, tokenId = values[1].uintValue
            try AccessControl.check(context, Role.minter)
            try safeMint(context, to: to, tokenId: tokenId)
            try setTokenURI(context, tokenId, values[2].bytesValue)
            return []
        case .mintSequential:
            let args = try Arguments(context, words: 2)
            let to = try args.address(0), quantity = args.uint(1)
            try AccessControl.check(context, Role.minter)
            return Returns.uint(try mintSequential(context, to: to, quantity: quantity))
        case .mintBatch:
            let values = try context.decodeArguments([.array(.tuple([.address, .array(.uint(256))]))])
            try AccessControl.check(context, Role.minter)
            guard case .array(let mints) = values[0] else { throw Revert(data: []) }
            for mint in mints {
                guard case .tuple(let fields) = mint, case .array(let ids) = fields[1] else { throw Revert(data: []) }
                for id in ids { try safeMint(context, to: fields[0].addressValue, tokenId: id.uintValue) }
            }
            return []
        case .mintBatchByQuantity:
            let values = try context.decodeArguments([.array(.tuple([.address, .uint(256)]))])
            try AccessControl.check(context, Role.minter)
            guard case .array(let mints) = values[0] else { throw Revert(data: []) }
            for mint in mints {
                guard case .tuple(let fields) = mint else { throw Revert(data: []) }
                _ = try mintSequential(context, to: fields[0].addressValue, quantity: fields[1].uintValue)
            }
            return []
        case .nextTokenId:
            return Returns.uint(try firstFreeId(context, from: try context.loadWord(Self.counterKey)))
        case .setTokenURI:
            let values = try context.decodeArguments([.uint(256), .bytes])
            let tokenId = values[0].uintValue
            try AccessControl.check(context, Role.uriSetter)
            _ = try ERC721Ledger.requireOwned(context, tokenId)
            try setTokenURI(context, tokenId, values[1].bytesValue)
            return []
        case .setBaseURI:
            let values = try context.decodeArguments([.bytes])
            try AccessControl.check(context, Role.defaultAdmin)
            try context.storeBytes(Self.baseURIKey, values[0].bytesValue)
            try context.emit(topics: [Self.batchMetadataUpdateEvent], data: UInt256.zero.bytes32 + UInt256.max.bytes32)
            return []
        case .burn:
            let args = try Arguments(context, words: 1)
            try update(context, to: .zero, tokenId: args.uint(0), auth: context.sender)
            return []
        case .minterRole: return Returns.bytes32(Role.minter)
        case .pauserRole: return Returns.bytes32(Role.pauser)
        case .uriSetterRole: return Returns.bytes32(Role.uriSetter)
        }
    }
}
