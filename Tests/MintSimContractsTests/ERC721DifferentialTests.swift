import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

/// A token id as an ABI value.
private func uid(_ id: UInt64) -> ABIValue { .uint(UInt256(id)) }


/// An independent ERC-721 ledger on plain dictionaries that predicts each call's outcome: nil for
/// success (and applies it), or the exact revert data.
struct ERC721Reference {
    struct Pair: Hashable {
        let owner: Address
        let operatorAddress: Address
    }

    let minter: Address
    /// Contracts that refuse tokens sent with the safe functions.
    let refusing: Set<Address>
    var owners: [UInt64: Address] = [:]
    var approvals: [UInt64: Address] = [:]
    var operators: Set<Pair> = []
    var counter: UInt64 = 0
    var paused = false
    var transferEvents = 0
    var approvalEvents = 0
    var approvalForAllEvents = 0

    func balance(of account: Address) -> Int { owners.values.filter { $0 == account }.count }
    func isOperator(_ owner: Address, _ account: Address) -> Bool { operators.contains(Pair(owner: owner, operatorAddress: account)) }

    func nextFreeId(from start: UInt64) -> UInt64 {
        var id = start
        while owners[id] != nil { id += 1 }
        return id
    }

    static func error(_ signature: String, _ arguments: [ABIValue] = []) -> [UInt8] { Revert.error(signature, arguments).data }
    static func unauthorized(_ account: Address, _ role: Hash) -> [UInt8] {
        error("AccessControlUnauthorizedAccount(address,bytes32)", [a(account), b32(role)])
    }
    static func invalidReceiver(_ account: Address) -> [UInt8] { error("ERC721InvalidReceiver(address)", [a(account)]) }
    static let enforcedPause = error("EnforcedPause()")

    /// The authorization part of `_update` for `caller` on `id`.
    func authorizationFailure(caller: Address, id: UInt64) -> [UInt8]? {
        let owner = owners[id] ?? .zero
        let authorized = owner == caller || isOperator(owner, caller) || approvals[id] == caller
        if authorized { return nil }
        if owner == .zero { return Self.error("ERC721NonexistentToken(uint256)", [uid(id)]) }
        return Self.error("ERC721InsufficientApproval(address,uint256)", [a(caller), uid(id)])
    }

    mutating func mint(caller: Address, to: Address, id: UInt64, safe: Bool) -> [UInt8]? {
        if caller != minter { return Self.unauthorized(caller, Role.minter) }
        if to == .zero { return Self.invalidReceiver(.zero) }
        if paused { return Self.enforcedPause }
        if owners[id] != nil { return Self.error("ERC721InvalidSender(address)", [a(.zero)]) }
        if safe && refusing.contains(to) { return Self.invalidReceiver(to) }
        owners[id] = to
        transferEvents += 1
        return nil
    }

    mutating func mintSequential(caller: Address, to: Address, quantity: UInt64) -> [UInt8]? {
        if caller != minter { return Self.unauthorized(caller, Role.minter) }
        if quantity == 0 { return Self.error("ERC721InvalidQuantity(uint256)", [u(0)]) }
        var next = self
        for _ in 0..<quantity {
            let id = next.nextFreeId(from: next.counter)
            next.counter = id + 1
            if let failure = next.mint(caller: caller, to: to, id: id, safe: true) { return failure }
        }
        self = next
        return nil
    }

    mutating func transfer(caller: Address, from: Address, to: Address, id: UInt64, safe: Bool) -> [UInt8]? {
        if to == .zero { return Self.invalidReceiver(.zero) }
        if paused { return Self.enforcedPause }
        if let failure = authorizationFailure(caller: caller, id: id) { return failure }
        let owner = owners[id] ?? .zero
        if owner != from { return Self.error("ERC721IncorrectOwner(address,uint256,address)", [a(from), uid(id), a(owner)]) }
        if safe && refusing.contains(to) { return Self.invalidReceiver(to) }
        approvals[id] = nil
        owners[id] = to
        transferEvents += 1
        return nil
    }

    mutating func approve(caller: Address, to: Address, id: UInt64) -> [UInt8]? {
        guard let owner = owners[id] else { return Self.error("ERC721NonexistentToken(uint256)", [uid(id)]) }
        if owner != caller && !isOperator(owner, caller) { return Self.error("ERC721InvalidApprover(address)", [a(caller)]) }
        approvals[id] = to == .zero ? nil : to
        approvalEvents += 1
        return nil
    }

    mutating func setApprovalForAll(caller: Address, operatorAddress: Address, approved: Bool) -> [UInt8]? {
        if operatorAddress == .zero { return Self.error("ERC721InvalidOperator(address)", [a(.zero)]) }
        let pair = Pair(owner: caller, operatorAddress: operatorAddress)
        if approved { operators.insert(pair) } else { operators.remove(pair) }
        approvalForAllEvents += 1
        return nil
    }

    mutating func burn(caller: Address, id: UInt64) -> [UInt8]? {
        if paused { return Self.enforcedPause }
        if let failure = authorizationFailure(caller: caller, id: id) { return failure }
        owners[id] = nil
        approvals[id] = nil
        transferEvents += 1
        return nil
    }

    mutating func setPaused(_ pause: Bool, caller: Address) -> [UInt8]? {
        if caller != minter { return Self.unauthorized(caller, Role.pauser) }  // the deployer holds both roles
        if pause && paused { return Self.enforcedPause }
        if !pause && !paused { return Self.error("ExpectedPause()") }
        paused = pause
        return nil
    }
}

@Suite struct ERC721DifferentialTests {
    static let steps = 3_000

    @Test func randomOperationsMatchTheReferenceLedger() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let harness = try Harness(ERC721Token(name: "Diff", symbol: "DIF", baseURI: "https://d/"))
        let chain = harness.chain, token = harness.token
        let accepting = try chain.deploy(ERC721TestReceiver(mode: .accept), from: deployer).address
        let refusing = try chain.deploy(ERC721TestReceiver(mode: .wrongValue), from: deployer).address
        let accounts = [deployer, alice, bob, carol, mallory]
        let holders = accounts + [accepting, refusing]
        var reference = ERC721Reference(minter: deployer, refusing: [refusing])
        var rng = SplitMix64(state: 0x4D49_4E54_5349_4D37)
        var outcomes: [String: (success: Int, failure: Int)] = [:]
        var events = (transfer: 0, approval: 0, approvalForAll: 0)
        let transferTopic = Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))
        let approvalTopic = Keccak256.hash(Array("Approval(address,address,uint256)".utf8))
        let approvalForAllTopic = Keccak256.hash(Array("ApprovalForAll(address,address,bool)".utf8))

        /// A token id: mostly one that exists, sometimes any small id.
        func pickId() -> UInt64 {
            let existing = reference.owners.keys.sorted()
            if !existing.isEmpty && rng.chance(75) { return rng.pick(existing) }
            return UInt64(rng.below(48))
        }

        /// A caller for `id`: favours its owner, approved account and operators, among the EOAs.
        func pickCaller(for id: UInt64) -> Address {
            var candidates = accounts
            if let owner = reference.owners[id] {
                if accounts.contains(owner) { candidates += [owner, owner, owner] }
                candidates += accounts.filter { reference.isOperator(owner, $0) }
            }
            if let approved = reference.approvals[id], accounts.contains(approved) { candidates += [approved, approved] }
            return rng.pick(candidates)
        }

        func pickRecipient() -> Address { rng.chance(4) ? .zero : rng.pick(holders) }

        for step in 0..<Self.steps {
            var name: String
            var signature: String
            var arguments: [ABIValue]
            var caller: Address
            var expected: [UInt8]?
            var receiverCheck: (from: Address, id: UInt64, data: [UInt8])?
            let roll = rng.below(100)
            switch roll {
            case 0..<15:
                let to = pickRecipient(), id = UInt64(rng.below(48)), safe = rng.chance(50)
                caller = rng.chance(85) ? deployer : rng.pick(accounts)
                name = safe ? "safeMint" : "mint"
                signature = safe ? "safeMint(address,uint256)" : "mint(address,uint256)"
                arguments = [a(to), uid(id)]
                expected = reference.mint(caller: caller, to: to, id: id, safe: safe)
                if safe && to == accepting { receiverCheck = (.zero, id, []) }
            case 15..<21:
                let to = pickRecipient(), quantity = UInt64(rng.below(4))
                caller = rng.chance(85) ? deployer : rng.pick(accounts)
                name = "mintSequential"
                signature = "mintSequential(address,uint256)"
                arguments = [a(to), uid(quantity)]
                expected = reference.mintSequential(caller: caller, to: to, quantity: quantity)
            case 21..<55:
                let id = pickId()
                caller = pickCaller(for: id)
                let owner = reference.owners[id] ?? rng.pick(accounts)
                let from = rng.chance(85) ? owner : rng.pick(holders)
                let to = pickRecipient()
                let variant = rng.below(3)
                let data: [UInt8] = variant == 2 ? [UInt8(step & 0xff), 0x72, UInt8(step >> 8)] : []
                name = ["transferFrom", "safeTransferFrom", "safeTransferFrom+data"][variant]
                signature = [
                    "transferFrom(address,address,uint256)", "safeTransferFrom(address,address,uint256)",
                    "safeTransferFrom(address,address,uint256,bytes)",
                ][variant]
                arguments = [a(from), a(to), uid(id)] + (variant == 2 ? [.bytes(data)] : [])
                expected = reference.transfer(caller: caller, from: from, to: to, id: id, safe: variant > 0)
                if variant > 0 && to == accepting { receiverCheck = (from, id, data) }
            case 55..<67:
                let id = pickId()
                caller = pickCaller(for: id)
                let to = rng.chance(15) ? Address.zero : rng.pick(accounts)
                name = "approve"
                signature = "approve(address,uint256)"
                arguments = [a(to), uid(id)]
                expected = reference.approve(caller: caller, to: to, id: id)
            case 67..<79:
                caller = rng.pick(accounts)
                let account = rng.chance(5) ? Address.zero : rng.pick(accounts), approved = rng.chance(65)
                name = "setApprovalForAll"
                signature = "setApprovalForAll(address,bool)"
                arguments = [a(account), .bool(approved)]
                expected = reference.setApprovalForAll(caller: caller, operatorAddress: account, approved: approved)
            case 79..<95:
                let id = pickId()
                caller = pickCaller(for: id)
                name = "burn"
                signature = "burn(uint256)"
                arguments = [uid(id)]
                expected = reference.burn(caller: caller, id: id)
            default:
                let pause = reference.paused ? rng.chance(20) : rng.chance(80)
                caller = rng.chance(85) ? deployer : rng.pick(accounts)
                name = pause ? "pause" : "unpause"
                signature = pause ? "pause()" : "unpause()"
                arguments = []
                expected = reference.setPaused(pause, caller: caller)
            }

            // Run it on the chain.
            let blocks = chain.blockNumber
            var actual: [UInt8]?
            do {
                let receipt = try chain.transact(token, signature, arguments, from: caller).receipt
                #expect(receipt?.status == true)
                for log in receipt?.logs ?? [] where log.address == token {
                    if log.topics.first == transferTopic { events.transfer += 1 }
                    if log.topics.first == approvalTopic { events.approval += 1 }
                    if log.topics.first == approvalForAllTopic { events.approvalForAll += 1 }
                }
            } catch {
                #expect(error.code == .executionReverted)
                actual = error.revert?.data ?? [0xff]
            }
            let context = "step \(step): \(name) \(arguments.map(\.description)) from \(caller)"
            #expect(actual?.hex == expected?.hex, "\(context)")
            #expect(chain.blockNumber == blocks + (actual == nil ? 1 : 0), "\(context)")
            if actual?.hex != expected?.hex { return }  // later steps would only repeat the divergence
            outcomes[name, default: (0, 0)].success += expected == nil ? 1 : 0
            outcomes[name, default: (0, 0)].failure += expected == nil ? 0 : 1

            if expected == nil, let check = receiverCheck {
                let record = ERC721ReceiverRecord(chain: chain, receiver: accepting)
                #expect(record.operatorAddress == caller && record.from == check.from, "\(context)")
                #expect(record.tokenId == UInt256(check.id) && record.data == check.data, "\(context)")
            }

            // After every step: balances as predicted, and their sum is the supply.
            var sum = UInt256.zero
            for holder in holders {
                let balance = harness.uint("balanceOf(address)(uint256)", [a(holder)])
                #expect(balance == UInt256(reference.balance(of: holder)), "\(context): balance of \(holder)")
                sum = sum &+ balance
            }
            let supply = harness.uint("totalSupply()(uint256)")
            #expect(sum == supply, "\(context)")
            #expect(supply == UInt256(reference.owners.count), "\(context)")
            #expect(events.transfer == reference.transferEvents, "\(context)")
        }

        // At the end: every id's owner and approval, every operator pair, the counters and events.
        let highest = max(reference.owners.keys.max() ?? 0, reference.counter) + 3
        for id in 0...highest {
            let owner = try? chain.call(token, "ownerOf(uint256)(address)", [uid(id)])
            #expect(owner == reference.owners[id].map { [a($0)] }, "owner of \(id)")
            if reference.owners[id] != nil {
                #expect(
                    try chain.call(token, "getApproved(uint256)(address)", [uid(id)]) == [a(reference.approvals[id] ?? .zero)],
                    "approval of \(id)")
            }
        }
        for owner in holders {
            for account in accounts {
                #expect(
                    harness.bool("isApprovedForAll(address,address)(bool)", [a(owner), a(account)]) == reference.isOperator(owner, account))
            }
        }
        #expect(harness.uint("totalSupply()(uint256)") == UInt256(reference.owners.count))
        #expect(harness.uint("nextTokenId()(uint256)") == UInt256(reference.nextFreeId(from: reference.counter)))
        #expect(events.transfer == reference.transferEvents)
        #expect(events.approval == reference.approvalEvents)
        #expect(events.approvalForAll == reference.approvalForAllEvents)
        #expect(harness.bool("paused()(bool)") == reference.paused)

        // The run covered both outcomes of every operation.
        for name in ["mint", "safeMint", "mintSequential", "transferFrom", "safeTransferFrom", "safeTransferFrom+data", "approve",
            "setApprovalForAll", "burn", "pause", "unpause"]
        {
            let counts = outcomes[name] ?? (0, 0)
            #expect(counts.success > 0 && counts.failure > 0, "\(name): \(counts)")
        }
        #expect(reference.owners.count > 10)
        let elapsed = clock.now - started
        #expect(elapsed < .seconds(60), "\(Self.steps) steps took \(elapsed)")
    }
}
