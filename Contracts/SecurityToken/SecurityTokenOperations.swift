import MintSimChain
import MintSimPrimitives

// MARK: Checks and the calls to the identity registry and the compliance

extension SecurityToken {
    /// Why `wallet` is not verified by the token's identity registry (nil: verified). A MintSim
    /// IdentityRegistry names the failing rule; another registry is asked `isVerified` through its ABI.
    public static func verificationFailure(_ context: ExecutionContext, _ wallet: Address) throws(Revert) -> String? {
        let registry = try address(context, identityRegistryKey)
        if let answer = try context.callNative(registry, as: IdentityRegistry.self, { _, inner throws(Revert) in
            try IdentityRegistry.verificationFailure(inner, wallet)
        }) {
            return answer
        }
        let verified = try ExternalCall.call(context, registry, "isVerified(address)(bool)", [.address(wallet)]).first?.boolValue
        return verified == true ? nil : "identity registry \(registry) does not verify wallet \(wallet)"
    }

    /// Why the compliance refuses the transfer (nil: compliant); `from` is zero for a mint.
    public static func complianceRefusal(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert)
        -> String?
    {
        let compliance = try address(context, complianceKey)
        if let answer = try context.callNative(compliance, as: ModularCompliance.self, { _, inner throws(Revert) in
            try ModularCompliance.canTransfer(inner, from: from, to: to, amount: amount)
        }) {
            return answer
        }
        let allowed = try ExternalCall.call(
            context, compliance, "canTransfer(address,address,uint256)(bool)", [.address(from), .address(to), .uint(amount)]
        ).first?.boolValue
        return allowed == true ? nil : "compliance \(compliance) refuses the transfer"
    }

    static func complianceTransferred(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert) {
        let compliance = try address(context, complianceKey)
        let done = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) -> Bool in
            try ModularCompliance.transferred(inner, from: from, to: to, amount: amount)
            return true
        }
        if done == nil {
            _ = try ExternalCall.call(
                context, compliance, "transferred(address,address,uint256)", [.address(from), .address(to), .uint(amount)])
        }
    }

    static func complianceCreated(_ context: ExecutionContext, to: Address, amount: UInt256) throws(Revert) {
        let compliance = try address(context, complianceKey)
        let done = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) -> Bool in
            try ModularCompliance.created(inner, to: to, amount: amount)
            return true
        }
        if done == nil { _ = try ExternalCall.call(context, compliance, "created(address,uint256)", [.address(to), .uint(amount)]) }
    }

    static func complianceDestroyed(_ context: ExecutionContext, from: Address, amount: UInt256) throws(Revert) {
        let compliance = try address(context, complianceKey)
        let done = try context.callNative(compliance, as: ModularCompliance.self) { _, inner throws(Revert) -> Bool in
            try ModularCompliance.destroyed(inner, from: from, amount: amount)
            return true
        }
        if done == nil { _ = try ExternalCall.call(context, compliance, "destroyed(address,uint256)", [.address(from), .uint(amount)]) }
    }

    static func zeroValue(_ what: String) -> Revert {
        Revert.error("ZeroValue()", explanation: "ZeroValue: the compliance refuses a \(what) of 0 tokens")
    }

    /// The T-REX checks and MintSim's cap and collateral checks of `mint(to, amount)`, in order:
    /// UnverifiedIdentity, ComplianceNotFollowed, then `_mint`'s ERC20InvalidReceiver(0) and supply
    /// overflow, ERC20ExceededCap, InsufficientCollateral.
    static func mintCheck(_ context: ExecutionContext, to: Address, amount: UInt256) throws(Revert) -> Revert? {
        if let failure = try verificationFailure(context, to) {
            return Revert.error("UnverifiedIdentity()", explanation: "UnverifiedIdentity: \(failure)")
        }
        if let refusal = try complianceRefusal(context, from: .zero, to: to, amount: amount) {
            return Revert.error("ComplianceNotFollowed()", explanation: "ComplianceNotFollowed: \(refusal)")
        }
        // `_mint` refuses the zero address before it adds to the supply.
        if to == .zero {
            return ERC20Ledger.invalidReceiver(.zero).explained("ERC20InvalidReceiver: cannot mint to the zero address")
        }
        let supply = try ERC20Ledger.totalSupply(context)
        guard let increased = try? supply.adding(amount) else {
            return Revert.panic(0x11).explained("Panic 0x11: minting \(amount) overflows the supply \(supply)")
        }
        let cap = try context.loadWord(capKey)
        if !cap.isZero, increased > cap {
            return Revert.error(
                "ERC20ExceededCap(uint256,uint256)", [.uint(increased), .uint(cap)],
                explanation: "ERC20ExceededCap: minting \(amount) takes the supply to \(increased), past the cap \(cap)")
        }
        let (collateral, expiry, isSet) = try Self.collateral(context)
        if isSet {
            let available = try validCollateral(context)
            if increased > available {
                let validity =
                    available.isZero && !collateral.isZero
                    ? "valid collateral is 0 (collateral \(collateral) expired at \(expiry))"
                    : "valid collateral is \(available) (expires \(expiry))"
                return Revert.error(
                    "InsufficientCollateral(uint256,uint256)", [.uint(increased), .uint(available)],
                    explanation: "InsufficientCollateral: minting \(amount) needs collateral \(increased), \(validity)")
            }
        }
        return nil
    }

    /// Why `mint(to, amount)` would revert, without sending it (nil: it would succeed, unless a
    /// compliance module's mint hook refuses). With `minter`, the caller's rights are checked first.
    /// `context` runs at the token (a view call or a native call to it).
    public static func mintRefusal(_ context: ExecutionContext, to: Address, amount: UInt256, minter: Address? = nil) throws(Revert)
        -> Revert?
    {
        if let minter, let refusal = try supplyRightsRefusal(context, minter, role: Role.minter, roleName: "MINTER_ROLE") {
            return refusal
        }
        if let refusal = try mintCheck(context, to: to, amount: amount) { return refusal }
        if amount.isZero { return zeroValue("mint") }
        return nil
    }

    /// `onlyAgent`, or for mint and burn the matching MintSim role.
    static func supplyRightsRefusal(_ context: ExecutionContext, _ caller: Address, role: Hash, roleName: String) throws(Revert) -> Revert? {
        if try AgentRole.isAgent(context, caller) { return nil }
        if try AccessControl.hasRole(context, role, caller) { return nil }
        return Revert.error(
            "CallerDoesNotHaveAgentRole()", explanation: "CallerDoesNotHaveAgentRole: \(caller) is not an agent and lacks \(roleName)")
    }

    static func requireAgent(_ context: ExecutionContext) throws(Revert) {
        guard try AgentRole.isAgent(context, context.sender) else {
            throw Revert.error("CallerDoesNotHaveAgentRole()", explanation: "CallerDoesNotHaveAgentRole: \(context.sender) is not an agent of the token")
        }
    }

    static func requireOwner(_ context: ExecutionContext) throws(Revert) {
        do { try Ownable.check(context) } catch { throw error.explained("OwnableUnauthorizedAccount: \(context.sender) is not the token's owner") }
    }

    static func requireNotPaused(_ context: ExecutionContext) throws(Revert) {
        if try Pausable.isPaused(context) { throw Revert.error("EnforcedPause()", explanation: "EnforcedPause: the token is paused") }
    }

    // MARK: Ledger

    /// `_transfer`.
    static func move(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert) {
        if from == .zero { throw Revert.error("ERC20InvalidSpender(address)", [.address(from)]) }
        if to == .zero { throw ERC20Ledger.invalidReceiver(to).explained("ERC20InvalidReceiver: cannot transfer to the zero address") }
        try ERC20Ledger.update(context, from: from, to: to, value: amount)
    }

    /// `_approve` (T-REX 4.2 names a zero owner with ERC20InvalidSender).
    static func approve(_ context: ExecutionContext, owner: Address, spender: Address, amount: UInt256) throws(Revert) {
        if owner == .zero { throw ERC20Ledger.invalidSender(.zero) }
        if spender == .zero {
            throw Revert.error("ERC20InvalidSpender(address)", [.address(.zero)], explanation: "ERC20InvalidSpender: the spender is the zero address")
        }
        try context.storeWord(StorageKey(ERC20Ledger.allowancesSlot, owner, spender), amount)
        try context.emit(topics: [ERC20Ledger.approvalEvent, owner.word32, spender.word32], data: amount.bytes32)
    }

    /// The part of `from`'s balance that is not frozen (checked: Panic 0x11 if frozen exceeds it).
    static func freeBalance(_ context: ExecutionContext, _ user: Address) throws(Revert) -> (free: UInt256, balance: UInt256, frozen: UInt256) {
        let balance = try ERC20Ledger.balance(context, of: user), frozen = try frozenTokens(context, user)
        guard balance >= frozen else { throw Revert.panic(0x11) }
        return (balance &- frozen, balance, frozen)
    }

    /// Unfreezes what `amount` needs beyond the free balance (forced transfers and burns).
    static func unfreezeShortfall(_ context: ExecutionContext, _ user: Address, amount: UInt256) throws(Revert) {
        let (free, _, frozen) = try freeBalance(context, user)
        guard amount > free else { return }
        let shortfall = amount &- free
        try setFrozenTokens(context, user, frozen &- shortfall)
        try context.emit(topics: [tokensUnfrozen, user.word32], data: shortfall.bytes32)
    }

    // MARK: Operations

    /// `transfer` / `transferFrom`: pause, frozen wallets, free balance, verified receiver and
    /// compliance; then the allowance (transferFrom), the ledger and the compliance's `transferred`.
    static func transfer(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256, spender: Address?) throws(Revert) {
        try requireNotPaused(context)
        let senderFrozen = try isFrozen(context, from), receiverFrozen = try isFrozen(context, to)
        if receiverFrozen || senderFrozen {
            let who = senderFrozen ? "sender \(from)" : "receiver \(to)"
            throw Revert.error("FrozenWallet()", explanation: "FrozenWallet: \(who) is frozen")
        }
        let (free, balance, frozen) = try freeBalance(context, from)
        if amount > free {
            throw Revert.error(
                "ERC20InsufficientBalance(address,uint256,uint256)", [.address(from), .uint(free), .uint(amount)],
                explanation: "ERC20InsufficientBalance: \(from) has \(free) unfrozen of \(balance) (\(frozen) frozen), needs \(amount)")
        }
        if let failure = try verificationFailure(context, to) {
            throw Revert.error("TransferNotPossible()", explanation: "TransferNotPossible: \(failure)")
        }
        if let refusal = try complianceRefusal(context, from: from, to: to, amount: amount) {
            throw Revert.error("TransferNotPossible()", explanation: "TransferNotPossible: \(refusal)")
        }
        if let spender {
            let current = try ERC20Ledger.allowance(context, owner: from, spender: spender)
            guard current >= amount else {
                throw Revert.panic(0x11).explained(
                    "Panic 0x11: the allowance of \(spender) from \(from) is \(current), the transfer needs \(amount)")
            }
            try approve(context, owner: from, spender: spender, amount: current &- amount)
        }
        try move(context, from: from, to: to, amount: amount)
        try complianceTransferred(context, from: from, to: to, amount: amount)
    }

    static func mint(_ context: ExecutionContext, to: Address, amount: UInt256) throws(Revert) {
        if let refusal = try supplyRightsRefusal(context, context.sender, role: Role.minter, roleName: "MINTER_ROLE") { throw refusal }
        if let refusal = try mintCheck(context, to: to, amount: amount) { throw refusal }
        try ERC20Ledger.update(context, from: .zero, to: to, value: amount)
        do { try complianceCreated(context, to: to, amount: amount) } catch { throw explainZero(error, "mint") }
    }

    static func burn(_ context: ExecutionContext, user: Address, amount: UInt256) throws(Revert) {
        if let refusal = try supplyRightsRefusal(context, context.sender, role: Role.burner, roleName: "BURNER_ROLE") { throw refusal }
        let balance = try ERC20Ledger.balance(context, of: user)
        if balance < amount {
            throw Revert.error(
                "ERC20InsufficientBalance(address,uint256,uint256)", [.address(user), .uint(balance), .uint(amount)],
                explanation: "ERC20InsufficientBalance: \(user) holds \(balance), cannot burn \(amount)")
        }
        try unfreezeShortfall(context, user, amount: amount)
        if user == .zero { throw Revert.error("ERC20InvalidSpender(address)", [.address(user)]) }
        try ERC20Ledger.update(context, from: user, to: .zero, value: amount)
        do { try complianceDestroyed(context, from: user, amount: amount) } catch { throw explainZero(error, "burn") }
    }

    static func forcedTransfer(_ context: ExecutionContext, from: Address, to: Address, amount: UInt256) throws(Revert) {
        try requireAgent(context)
        let balance = try ERC20Ledger.balance(context, of: from)
        if balance < amount {
            throw Revert.error(
                "ERC20InsufficientBalance(address,uint256,uint256)", [.address(from), .uint(balance), .uint(amount)],
                explanation: "ERC20InsufficientBalance: \(from) holds \(balance), cannot move \(amount)")
        }
        try unfreezeShortfall(context, from, amount: amount)
        if let failure = try verificationFailure(context, to) {
            throw Revert.error("TransferNotPossible()", explanation: "TransferNotPossible: \(failure)")
        }
        try move(context, from: from, to: to, amount: amount)
        do { try complianceTransferred(context, from: from, to: to, amount: amount) } catch { throw explainZero(error, "transfer") }
    }

    static func explainZero(_ error: Revert, _ what: String) -> Revert {
        error == Revert.error("ZeroValue()") && error.explanation == nil ? zeroValue(what) : error
    }

    static func setAddressFrozen(_ context: ExecutionContext, user: Address, freeze: Bool) throws(Revert) {
        try requireAgent(context)
        try setFrozenFlag(context, user, freeze, by: context.sender)
    }

    static func freezePartialTokens(_ context: ExecutionContext, user: Address, amount: UInt256) throws(Revert) {
        try requireAgent(context)
        let balance = try ERC20Ledger.balance(context, of: user), frozen = try frozenTokens(context, user)
        guard let total = try? frozen.adding(amount) else { throw Revert.panic(0x11) }
        if balance < total {
            throw Revert.error(
                "ERC20InsufficientBalance(address,uint256,uint256)", [.address(user), .uint(balance), .uint(amount)],
                explanation: "ERC20InsufficientBalance: \(user) holds \(balance) with \(frozen) frozen, cannot freeze \(amount) more")
        }
        try setFrozenTokens(context, user, total)
        try context.emit(topics: [tokensFrozen, user.word32], data: amount.bytes32)
    }

    static func unfreezePartialTokens(_ context: ExecutionContext, user: Address, amount: UInt256) throws(Revert) {
        try requireAgent(context)
        let frozen = try frozenTokens(context, user)
        if frozen < amount {
            throw Revert.error(
                "AmountAboveFrozenTokens(uint256,uint256)", [.uint(amount), .uint(frozen)],
                explanation: "AmountAboveFrozenTokens: \(user) has \(frozen) frozen, cannot unfreeze \(amount)")
        }
        try setFrozenTokens(context, user, frozen &- amount)
        try context.emit(topics: [tokensUnfrozen, user.word32], data: amount.bytes32)
    }

    /// T-REX 4.2's `recoveryAddress`: moves the whole balance, the frozen amount and the frozen flag
    /// to the new wallet and moves the registration (the token must be an agent of the registry).
    static func recoveryAddress(_ context: ExecutionContext, lost: Address, new: Address, investorOnchainID: Address) throws(Revert) {
        try requireAgent(context)
        let balance = try ERC20Ledger.balance(context, of: lost)
        if balance.isZero { throw Revert.error("NoTokenToRecover()", explanation: "NoTokenToRecover: \(lost) holds no tokens") }
        let registry = try address(context, identityRegistryKey)
        func contains(_ wallet: Address) throws(Revert) -> Bool {
            try ExternalCall.call(context, registry, "contains(address)(bool)", [.address(wallet)]).first?.boolValue == true
        }
        // `contains(lost) || contains(new)` short-circuits: the new wallet is asked only when the lost
        // one is not registered.
        if try !contains(lost), try !contains(new) {
            throw Revert.error(
                "RecoveryNotPossible()",
                explanation: "RecoveryNotPossible: neither the lost wallet \(lost) nor the new wallet \(new) is in the identity registry")
        }
        let frozen = try frozenTokens(context, lost), flag = try isFrozen(context, lost)
        try move(context, from: lost, to: new, amount: balance)
        if !frozen.isZero {
            try setFrozenTokens(context, lost, .zero)
            try context.emit(topics: [tokensUnfrozen, lost.word32], data: frozen.bytes32)
            try setFrozenTokens(context, new, try frozenTokens(context, new) &+ frozen)  // bounded by the supply
            try context.emit(topics: [tokensFrozen, new.word32], data: frozen.bytes32)
        }
        if flag {
            try setFrozenFlag(context, lost, false, by: context.address)
            if try !isFrozen(context, new) { try setFrozenFlag(context, new, true, by: context.address) }
        }
        // T-REX asks the registry again after the move.
        if try contains(lost) {
            if try !contains(new) {
                let country = try ExternalCall.call(context, registry, "investorCountry(address)(uint16)", [.address(lost)]).first?.uintValue
                _ = try ExternalCall.call(
                    context, registry, "registerIdentity(address,address,uint16)",
                    [.address(new), .address(investorOnchainID), .uint(country ?? .zero)])
            }
            _ = try ExternalCall.call(context, registry, "deleteIdentity(address)", [.address(lost)])
        }
        try context.emit(topics: [recoverySuccess, lost.word32, new.word32, investorOnchainID.word32], data: [])
    }

    static func setCollateral(_ context: ExecutionContext, amount: UInt256, expiry: UInt256) throws(Revert) {
        do { try AccessControl.check(context, collateralRole) } catch {
            throw error.explained("AccessControlUnauthorizedAccount: \(context.sender) lacks COLLATERAL_ROLE")
        }
        try context.storeWord(collateralAmountKey, amount)
        try context.storeWord(collateralExpiryKey, expiry)
        try context.storeWord(collateralSetKey, .one)
        try context.emit(topics: [collateralUpdated], data: amount.bytes32 + expiry.bytes32)
    }
}

// MARK: Dispatch

extension SecurityToken {
    public func call(_ context: ExecutionContext) throws(Revert) -> [UInt8] {
        guard let selector = context.selectorValue else { throw Revert(data: []) }
        if let function = Function(rawValue: selector) { return try call(function, context) }
        if let function = OwnableTwoStep.Function(rawValue: selector) { return try OwnableTwoStep.call(function, context) }
        if let function = AgentRole.Function(rawValue: selector) { return try AgentRole.call(function, context) }
        if let function = AccessControl.Function(rawValue: selector) { return try AccessControl.call(function, context) }
        throw Revert(data: [])
    }

    /// Two parallel arrays as a Solidity loop over the first reads them: a shorter second array is an
    /// out-of-bounds Panic(0x32) when reached.
    static func pairs<A, B>(_ first: [A], _ second: [B], _ body: (A, B) throws(Revert) -> Void) throws(Revert) {
        for (index, item) in first.enumerated() {
            guard index < second.count else { throw Revert.panic(0x32) }
            try body(item, second[index])
        }
    }

    func string(_ context: ExecutionContext, _ key: StorageKey) throws(Revert) -> String {
        String(decoding: try context.loadBytes(key), as: UTF8.self)
    }

    func call(_ function: Function, _ context: ExecutionContext) throws(Revert) -> [UInt8] {
        switch function {
        case .name: return Returns.string(try string(context, Self.nameKey))
        case .symbol: return Returns.string(try string(context, Self.symbolKey))
        case .decimals: return Returns.uint(UInt64(decimals))
        case .totalSupply: return Returns.uint(try ERC20Ledger.totalSupply(context))
        case .balanceOf:
            let args = try Arguments(context, words: 1)
            return Returns.uint(try ERC20Ledger.balance(context, of: args.address(0)))
        case .allowance:
            let args = try Arguments(context, words: 2)
            return Returns.uint(try ERC20Ledger.allowance(context, owner: args.address(0), spender: args.address(1)))
        case .approve:
            let args = try Arguments(context, words: 2)
            try Self.approve(context, owner: context.sender, spender: args.address(0), amount: args.uint(1))
            return Returns.true
        case .increaseAllowance, .decreaseAllowance:
            let args = try Arguments(context, words: 2)
            let spender = try args.address(0), delta = args.uint(1)
            let current = try ERC20Ledger.allowance(context, owner: context.sender, spender: spender)
            let updated = function == .increaseAllowance ? try? current.adding(delta) : (current >= delta ? current &- delta : nil)
            guard let updated else {
                throw Revert.panic(0x11).explained("Panic 0x11: the allowance \(current) cannot change by \(delta)")
            }
            try Self.approve(context, owner: context.sender, spender: spender, amount: updated)
            return Returns.true
        case .transfer:
            let args = try Arguments(context, words: 2)
            try Self.transfer(context, from: context.sender, to: args.address(0), amount: args.uint(1), spender: nil)
            return Returns.true
        case .transferFrom:
            let args = try Arguments(context, words: 3)
            try Self.transfer(context, from: args.address(0), to: args.address(1), amount: args.uint(2), spender: context.sender)
            return Returns.true
        case .batchTransfer:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            try Self.pairs(values[0].addressArray, values[1].uintArray) { to, amount throws(Revert) in
                try Self.transfer(context, from: context.sender, to: to, amount: amount, spender: nil)
            }
            return []
        case .mint:
            let args = try Arguments(context, words: 2)
            try Self.mint(context, to: args.address(0), amount: args.uint(1))
            return []
        case .batchMint:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            try Self.pairs(values[0].addressArray, values[1].uintArray) { to, amount throws(Revert) in
                try Self.mint(context, to: to, amount: amount)
            }
            return []
        case .burn:
            let args = try Arguments(context, words: 2)
            try Self.burn(context, user: args.address(0), amount: args.uint(1))
            return []
        case .batchBurn:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            try Self.pairs(values[0].addressArray, values[1].uintArray) { user, amount throws(Revert) in
                try Self.burn(context, user: user, amount: amount)
            }
            return []
        case .forcedTransfer:
            let args = try Arguments(context, words: 3)
            try Self.forcedTransfer(context, from: args.address(0), to: args.address(1), amount: args.uint(2))
            return Returns.true
        case .batchForcedTransfer:
            let values = try context.decodeArguments([.array(.address), .array(.address), .array(.uint(256))])
            let froms = values[0].addressArray, tos = values[1].addressArray, amounts = values[2].uintArray
            for (index, from) in froms.enumerated() {
                guard index < tos.count, index < amounts.count else { throw Revert.panic(0x32) }
                try Self.forcedTransfer(context, from: from, to: tos[index], amount: amounts[index])
            }
            return []
        case .setAddressFrozen:
            let args = try Arguments(context, words: 2)
            try Self.setAddressFrozen(context, user: args.address(0), freeze: args.bool(1))
            return []
        case .batchSetAddressFrozen:
            let values = try context.decodeArguments([.array(.address), .array(.bool)])
            let flags: [Bool]
            if case .array(let items) = values[1] { flags = items.map(\.boolValue) } else { flags = [] }
            try Self.pairs(values[0].addressArray, flags) { user, freeze throws(Revert) in
                try Self.setAddressFrozen(context, user: user, freeze: freeze)
            }
            return []
        case .freezePartialTokens:
            let args = try Arguments(context, words: 2)
            try Self.freezePartialTokens(context, user: args.address(0), amount: args.uint(1))
            return []
        case .batchFreezePartialTokens:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            try Self.pairs(values[0].addressArray, values[1].uintArray) { user, amount throws(Revert) in
                try Self.freezePartialTokens(context, user: user, amount: amount)
            }
            return []
        case .unfreezePartialTokens:
            let args = try Arguments(context, words: 2)
            try Self.unfreezePartialTokens(context, user: args.address(0), amount: args.uint(1))
            return []
        case .batchUnfreezePartialTokens:
            let values = try context.decodeArguments([.array(.address), .array(.uint(256))])
            try Self.pairs(values[0].addressArray, values[1].uintArray) { user, amount throws(Revert) in
                try Self.unfreezePartialTokens(context, user: user, amount: amount)
            }
            return []
        case .pause:
            try Self.requireAgent(context)
            try Self.requireNotPaused(context)
            try Pausable.pause(context)
            return []
        case .unpause:
            try Self.requireAgent(context)
            guard try Pausable.isPaused(context) else {
                throw Revert.error("ExpectedPause()", explanation: "ExpectedPause: the token is not paused")
            }
            try Pausable.unpause(context)
            return []
        case .recoveryAddress:
            let args = try Arguments(context, words: 3)
            try Self.recoveryAddress(context, lost: args.address(0), new: args.address(1), investorOnchainID: args.address(2))
            return Returns.true
        case .isFrozen:
            let args = try Arguments(context, words: 1)
            return Returns.bool(try Self.isFrozen(context, args.address(0)))
        case .getFrozenTokens:
            let args = try Arguments(context, words: 1)
            return Returns.uint(try Self.frozenTokens(context, args.address(0)))
        case .identityRegistry: return Returns.address(try Self.address(context, Self.identityRegistryKey))
        case .compliance: return Returns.address(try Self.address(context, Self.complianceKey))
        case .onchainID: return Returns.address(try Self.address(context, Self.onchainIDKey))
        case .paused: return Returns.bool(try Pausable.isPaused(context))
        case .version: return Returns.string(Self.version)
        case .setIdentityRegistry:
            let args = try Arguments(context, words: 1)
            let registry = try args.address(0)
            try Self.requireOwner(context)
            try Self.setIdentityRegistry(context, registry)
            return []
        case .setCompliance:
            let args = try Arguments(context, words: 1)
            let compliance = try args.address(0)
            try Self.requireOwner(context)
            try Self.setCompliance(context, compliance)
            return []
        case .setName, .setSymbol:
            let text = try context.decodeArguments([.string])[0].stringValue
            try Self.requireOwner(context)
            if text.isEmpty { throw Revert.error("EmptyString()", explanation: "EmptyString: the \(function == .setName ? "name" : "symbol") must not be empty") }
            try context.storeBytes(function == .setName ? Self.nameKey : Self.symbolKey, Array(text.utf8))
            try emitTokenInformation(context)
            return []
        case .setOnchainID:
            let args = try Arguments(context, words: 1)
            let onchainID = try args.address(0)
            try Self.requireOwner(context)
            try Self.storeAddress(context, Self.onchainIDKey, onchainID)
            try emitTokenInformation(context)
            return []
        case .cap:
            let cap = try context.loadWord(Self.capKey)
            return Returns.uint(cap.isZero ? .max : cap)
        case .assetType: return Returns.string(assetType)
        case .basePrice: return Returns.uint(basePrice)
        case .currency: return Returns.string(currency)
        case .setCollateral:
            let args = try Arguments(context, words: 2)
            try Self.setCollateral(context, amount: args.uint(0), expiry: args.uint(1))
            return []
        case .collateral:
            let (amount, expiry, _) = try Self.collateral(context)
            return amount.bytes32 + expiry.bytes32
        case .canMint:
            let args = try Arguments(context, words: 2)
            let refusal = try Self.mintRefusal(context, to: args.address(0), amount: args.uint(1))
            return (try? ABI.encode([.bool, .string], [.bool(refusal == nil), .string(refusal.map { $0.explanation ?? "\($0)" } ?? "")])) ?? []
        case .minterRole: return Returns.bytes32(Role.minter)
        case .burnerRole: return Returns.bytes32(Role.burner)
        case .collateralRole: return Returns.bytes32(Self.collateralRole)
        case .supportsInterface:
            let args = try Arguments(context, words: 1)
            let id = try args.bytes4(0)
            return Returns.bool(
                id == Self.erc20InterfaceId || id == Self.erc173InterfaceId || id == InterfaceId.erc165 || id == InterfaceId.accessControl)
        }
    }
}
