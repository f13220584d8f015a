import MintSimChain
import MintSimPrimitives

/// The core of OpenZeppelin's ERC721: owners, balances, token and operator approvals, and the checks
/// of `_update`, `_checkAuthorized`, `_approve`, `_setApprovalForAll` and
/// `ERC721Utils.checkOnERC721Received`, in their order. Token models add their hooks (pause) around
/// `update`. Also keeps the number of existing tokens, which OpenZeppelin's ERC721 does not.
public enum ERC721Ledger {
    /// Storage: `owners[tokenId]`, `balances[owner]`, `tokenApprovals[tokenId]`,
    /// `operatorApprovals[owner][operator]` and the number of existing tokens.
    static let ownersSlot: UInt32 = 0
    static let balancesSlot: UInt32 = 1
    static let tokenApprovalsSlot: UInt32 = 2
    static let operatorApprovalsSlot: UInt32 = 3
    static let totalSupplyKey = StorageKey(6)

    static let transferEvent = topic("Transfer(address,address,uint256)")
    static let approvalEvent = topic("Approval(address,address,uint256)")
    static let approvalForAllEvent = topic("ApprovalForAll(address,address,bool)")

    /// `IERC721Receiver.onERC721Received.selector`.
    static let receivedSelector: [UInt8] = [0x15, 0x0b, 0x7a, 0x02]

    public static let events = [
        "event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)",
        "event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)",
        "event ApprovalForAll(address indexed owner, address indexed operator, bool approved)",
    ]

    public static let errors = [
        "error ERC721InvalidOwner(address owner)",
        "error ERC721NonexistentToken(uint256 tokenId)",
        "error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)",
        "error ERC721InvalidSender(address sender)",
        "error ERC721InvalidReceiver(address receiver)",
        "error ERC721InsufficientApproval(address operator, uint256 tokenId)",
        "error ERC721InvalidApprover(address approver)",
        "error ERC721InvalidOperator(address operator)",
    ]

    // MARK: - Reading

    /// `_ownerOf`: the owner, zero when the token does not exist.
    public static func owner(_ context: ExecutionContext, of tokenId: UInt256) throws(Revert) -> Address {
        try loadAddress(context, StorageKey(ownersSlot, tokenId))
    }

    /// `_requireOwned`: the owner; ERC721NonexistentToken(tokenId) when the token does not exist.
    public static func requireOwned(_ context: ExecutionContext, _ tokenId: UInt256) throws(Revert) -> Address {
        let owner = try owner(context, of: tokenId)
        if owner == .zero { throw nonexistentToken(tokenId) }
        return owner
    }

    /// `balanceOf`: ERC721InvalidOwner(0) for the zero address.
    public static func balance(_ context: ExecutionContext, of owner: Address) throws(Revert) -> UInt256 {
        if owner == .zero { throw Revert.error("ERC721InvalidOwner(address)", [.address(.zero)]) }
        return try context.loadWord(StorageKey(balancesSlot, owner))
    }

    /// `_getApproved`: the approved address, zero when none (or the token does not exist).
    public static func approved(_ context: ExecutionContext, _ tokenId: UInt256) throws(Revert) -> Address {
        try loadAddress(context, StorageKey(tokenApprovalsSlot, tokenId))
    }

    public static func isApprovedForAll(_ context: ExecutionContext, owner: Address, operator account: Address) throws(Revert) -> Bool {
        try !context.loadWord(StorageKey(operatorApprovalsSlot, owner, account)).isZero
    }

    /// The number of existing tokens (minted and not burned).
    public static func totalSupply(_ context: ExecutionContext) throws(Revert) -> UInt256 {
        try context.loadWord(totalSupplyKey)
    }

    // MARK: - Changing

    /// `_isAuthorized`: `spender` is non-zero and is the owner, an operator of the owner, or the
    /// token's approved address.
    static func isAuthorized(_ context: ExecutionContext, owner: Address, spender: Address, tokenId: UInt256) throws(Revert) -> Bool {
        guard spender != .zero else { return false }
        if owner == spender { return true }
        if try isApprovedForAll(context, owner: owner, operator: spender) { return true }
        return try approved(context, tokenId) == spender
    }

    /// `_checkAuthorized`: ERC721NonexistentToken when there is no owner, else
    /// ERC721InsufficientApproval(spender, tokenId).
    static func checkAuthorized(_ context: ExecutionContext, owner: Address, spender: Address, tokenId: UInt256) throws(Revert) {
        guard try !isAuthorized(context, owner: owner, spender: spender, tokenId: tokenId) else { return }
        if owner == .zero { throw nonexistentToken(tokenId) }
        throw Revert.error("ERC721InsufficientApproval(address,uint256)", [.address(spender), .uint(tokenId)])
    }

    /// `_update` without hooks: moves `tokenId` to `to`, minting when it has no owner and burning when
    /// `to` is zero. With a non-zero `auth`, checks first that `auth` may move the token. Clears the
    /// token approval without an Approval event, always emits Transfer, and returns the previous owner.
    @discardableResult
    public static func update(_ context: ExecutionContext, to: Address, tokenId: UInt256, auth: Address) throws(Revert) -> Address {
        let from = try owner(context, of: tokenId)
        if auth != .zero { try checkAuthorized(context, owner: from, spender: auth, tokenId: tokenId) }
        if from != .zero {
            try storeAddress(context, StorageKey(tokenApprovalsSlot, tokenId), .zero)
            let key = StorageKey(balancesSlot, from)
            try context.storeWord(key, try context.loadWord(key) &- .one)
        }
        if to != .zero {
            let key = StorageKey(balancesSlot, to)
            try context.storeWord(key, try context.loadWord(key) &+ .one)
        }
        try storeAddress(context, StorageKey(ownersSlot, tokenId), to)
        if from == .zero && to != .zero {
            try context.storeWord(totalSupplyKey, try totalSupply(context) &+ .one)
        } else if from != .zero && to == .zero {
            try context.storeWord(totalSupplyKey, try totalSupply(context) &- .one)
        }
        try context.emit(topics: [transferEvent, from.word32, to.word32, tokenId.word32], data: [])
        return from
    }

    /// `_approve(to, tokenId, auth, emitEvent)`: with an event or an `auth`, the token must exist
    /// (ERC721NonexistentToken) and a non-zero `auth` must be its owner or an operator of the owner
    /// (ERC721InvalidApprover(auth)).
    public static func approve(
        _ context: ExecutionContext, to: Address, tokenId: UInt256, auth: Address, emitEvent: Bool = true
    ) throws(Revert) {
        if emitEvent || auth != .zero {
            let owner = try requireOwned(context, tokenId)
            if auth != .zero, owner != auth, try !isApprovedForAll(context, owner: owner, operator: auth) {
                throw Revert.error("ERC721InvalidApprover(address)", [.address(auth)])
            }
            if emitEvent {
                try context.emit(topics: [approvalEvent, owner.word32, to.word32, tokenId.word32], data: [])
            }
        }
        try storeAddress(context, StorageKey(tokenApprovalsSlot, tokenId), to)
    }

    /// `_setApprovalForAll`: ERC721InvalidApprover(0) for a zero owner, ERC721InvalidOperator(0) for a
    /// zero operator; emits ApprovalForAll.
    public static func setApprovalForAll(
        _ context: ExecutionContext, owner: Address, operator account: Address, approved: Bool
    ) throws(Revert) {
        if owner == .zero { throw Revert.error("ERC721InvalidApprover(address)", [.address(.zero)]) }
        if account == .zero { throw Revert.error("ERC721InvalidOperator(address)", [.address(.zero)]) }
        try context.storeWord(StorageKey(operatorApprovalsSlot, owner, account), approved ? .one : .zero)
        try context.emit(
            topics: [approvalForAllEvent, owner.word32, account.word32], data: approved ? Returns.true : Returns.false)
    }

    /// `ERC721Utils.checkOnERC721Received`: when `to` holds code, calls
    /// `onERC721Received(operator, from, tokenId, data)` on it. A return of the magic value accepts the
    /// token; another bytes4 or a revert without data reverts with ERC721InvalidReceiver(to); a revert
    /// with data is bubbled unchanged. As Solidity's `returns (bytes4)` decoding does, return data
    /// shorter than a word or a bytes4 with non-zero low bytes reverts with empty data.
    public static func checkOnReceived(
        _ context: ExecutionContext, operator caller: Address, from: Address, to: Address, tokenId: UInt256, data: [UInt8]
    ) throws(Revert) {
        guard context.isContract(to) else { return }
        let arguments =
            (try? ABI.encode(
                [.address, .address, .uint(256), .bytes], [.address(caller), .address(from), .uint(tokenId), .bytes(data)]))
            ?? []
        switch try context.tryCall(to, calldata: receivedSelector + arguments) {
        case .success(let output):
            guard output.count >= 32, output[4..<32].allSatisfy({ $0 == 0 }) else { throw Revert(data: []) }
            guard output[0..<4].elementsEqual(receivedSelector) else { throw invalidReceiver(to) }
        case .failure(let revert):
            if revert.data.isEmpty { throw invalidReceiver(to) }
            throw revert
        }
    }

    // MARK: - Errors and storage helpers

    public static func nonexistentToken(_ tokenId: UInt256) -> Revert {
        Revert.error("ERC721NonexistentToken(uint256)", [.uint(tokenId)])
    }

    public static func invalidReceiver(_ address: Address) -> Revert {
        Revert.error("ERC721InvalidReceiver(address)", [.address(address)])
    }

    public static func invalidSender(_ address: Address) -> Revert {
        Revert.error("ERC721InvalidSender(address)", [.address(address)])
    }

    static func loadAddress(_ context: ExecutionContext, _ key: StorageKey) throws(Revert) -> Address {
        Address(word32: Hash(word: try context.loadWord(key)))
    }

    static func storeAddress(_ context: ExecutionContext, _ key: StorageKey, _ address: Address) throws(Revert) {
        try context.storeWord(key, UInt256(word32: address.word32))
    }
}
