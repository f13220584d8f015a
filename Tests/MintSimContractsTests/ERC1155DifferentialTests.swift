import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing


/// One step of the run: who calls what.
private enum Step: CustomStringConvertible {
    case mint(caller: Address, to: Address, ids: [UInt256], values: [UInt256], batch: Bool, data: [UInt8])
    case transfer(caller: Address, from: Address, to: Address, ids: [UInt256], values: [UInt256], batch: Bool, data: [UInt8])
    case burn(caller: Address, account: Address, ids: [UInt256], values: [UInt256], batch: Bool)
    case approve(caller: Address, operator: Address, approved: Bool)
    case pause(caller: Address)
    case unpause(caller: Address)

    var caller: Address {
        switch self {
        case .mint(let caller, _, _, _, _, _), .transfer(let caller, _, _, _, _, _, _), .burn(let caller, _, _, _, _),
            .approve(let caller, _, _), .pause(let caller), .unpause(let caller):
            return caller
        }
    }

    var call: (signature: String, arguments: [ABIValue]) {
        func list(_ values: [UInt256]) -> ABIValue { .array(values.map { .uint($0) }) }
        switch self {
        case .mint(_, let to, let ids, let values, let batch, let data):
            return batch
                ? ("mintBatch(address,uint256[],uint256[],bytes)", [a(to), list(ids), list(values), .bytes(data)])
                : ("mint(address,uint256,uint256,bytes)", [a(to), .uint(ids[0]), .uint(values[0]), .bytes(data)])
        case .transfer(_, let from, let to, let ids, let values, let batch, let data):
            return batch
                ? ("safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)", [a(from), a(to), list(ids), list(values), .bytes(data)])
                : ("safeTransferFrom(address,address,uint256,uint256,bytes)", [a(from), a(to), .uint(ids[0]), .uint(values[0]), .bytes(data)])
        case .burn(_, let account, let ids, let values, let batch):
            return batch
                ? ("burnBatch(address,uint256[],uint256[])", [a(account), list(ids), list(values)])
                : ("burn(address,uint256,uint256)", [a(account), .uint(ids[0]), .uint(values[0])])
        case .approve(_, let operatorAddress, let approved):
            return ("setApprovalForAll(address,bool)", [a(operatorAddress), .bool(approved)])
        case .pause: return ("pause()", [])
        case .unpause: return ("unpause()", [])
        }
    }

    var description: String { "\(call.signature) \(call.arguments) from \(caller)" }
}

/// The reference: plain dictionaries and OpenZeppelin's rules written out directly, independent of
/// the model's code. It predicts each step's revert data (nil: success).
private struct Reference {
    struct Slot: Hashable {
        let id: UInt256
        let account: Address
    }

    let admin: Address
    var balances: [Slot: UInt256] = [:]
    var approvals: Set<[Address]> = []
    var supply: [UInt256: UInt256] = [:]
    var total = UInt256.zero
    var paused = false
    var singleEvents = 0
    var batchEvents = 0

    init(admin: Address) { self.admin = admin }

    func balance(_ account: Address, _ id: UInt256) -> UInt256 { balances[Slot(id: id, account: account)] ?? .zero }

    /// Runs a step; on a revert nothing changes.
    mutating func apply(_ step: Step) -> Revert? {
        var trial = self
        let failure = trial.run(step)
        if failure == nil { self = trial }
        return failure
    }

    private static let panic = Revert.error("Panic(uint256)", [.uint(UInt256(0x11))])

    private mutating func run(_ step: Step) -> Revert? {
        switch step {
        case .mint(let caller, let to, let ids, let values, _, _):
            if caller != admin { return Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [a(caller), b32(Role.minter)]) }
            if to == .zero { return Revert.error("ERC1155InvalidReceiver(address)", [a(.zero)]) }
            return update(from: .zero, to: to, ids: ids, values: values)
        case .transfer(let caller, let from, let to, let ids, let values, _, _):
            if caller != from && !approvals.contains([from, caller]) {
                return Revert.error("ERC1155MissingApprovalForAll(address,address)", [a(caller), a(from)])
            }
            if to == .zero { return Revert.error("ERC1155InvalidReceiver(address)", [a(.zero)]) }
            if from == .zero { return Revert.error("ERC1155InvalidSender(address)", [a(.zero)]) }
            return update(from: from, to: to, ids: ids, values: values)
        case .burn(let caller, let account, let ids, let values, _):
            if caller != account && !approvals.contains([account, caller]) {
                return Revert.error("ERC1155MissingApprovalForAll(address,address)", [a(caller), a(account)])
            }
            if account == .zero { return Revert.error("ERC1155InvalidSender(address)", [a(.zero)]) }
            return update(from: account, to: .zero, ids: ids, values: values)
        case .approve(let caller, let operatorAddress, let approved):
            if operatorAddress == .zero { return Revert.error("ERC1155InvalidOperator(address)", [a(.zero)]) }
            if approved { approvals.insert([caller, operatorAddress]) } else { approvals.remove([caller, operatorAddress]) }
            return nil
        case .pause(let caller):
            if caller != admin { return Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [a(caller), b32(Role.pauser)]) }
            if paused { return Revert.error("EnforcedPause()") }
            paused = true
            return nil
        case .unpause(let caller):
            if caller != admin { return Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [a(caller), b32(Role.pauser)]) }
            if !paused { return Revert.error("ExpectedPause()") }
            paused = false
            return nil
        }
    }

    private mutating func update(from: Address, to: Address, ids: [UInt256], values: [UInt256]) -> Revert? {
        if paused { return Revert.error("EnforcedPause()") }
        guard ids.count == values.count else {
            return Revert.error("ERC1155InvalidArrayLength(uint256,uint256)", [.uint(UInt256(ids.count)), .uint(UInt256(values.count))])
        }
        for (id, value) in zip(ids, values) {
            if from != .zero {
                let held = balance(from, id)
                if held < value {
                    return Revert.error(
                        "ERC1155InsufficientBalance(address,uint256,uint256,uint256)", [a(from), .uint(held), .uint(value), .uint(id)])
                }
                balances[Slot(id: id, account: from)] = held &- value
            }
            if to != .zero {
                let (sum, overflow) = balance(to, id).addingReportingOverflow(value)
                if overflow { return Self.panic }
                balances[Slot(id: id, account: to)] = sum
            }
        }
        if ids.count == 1 { singleEvents += 1 } else { batchEvents += 1 }
        if from == .zero {
            var minted = UInt256.zero
            for (id, value) in zip(ids, values) {
                let (idSupply, overflow) = (supply[id] ?? .zero).addingReportingOverflow(value)
                let (sum, sumOverflow) = minted.addingReportingOverflow(value)
                if overflow || sumOverflow { return Self.panic }
                supply[id] = idSupply
                minted = sum
            }
            let (newTotal, overflow) = total.addingReportingOverflow(minted)
            if overflow { return Self.panic }
            total = newTotal
        }
        if to == .zero {
            for (id, value) in zip(ids, values) {
                supply[id] = (supply[id] ?? .zero) &- value
                total = total &- value
            }
        }
        return nil
    }
}

private func uintArray(_ value: ABIValue?) -> [UInt256] {
    guard case .array(let items) = value else { return [] }
    return items.map { item in
        if case .uint(let v) = item { return v }
        return .max
    }
}

@Suite struct ERC1155DifferentialTests {
    static let accounts = [deployer, alice, bob, carol, mallory]
    static let ids: [UInt256] = (0..<6).map { UInt256(UInt64($0)) }

    /// A random step; amounts are small so that balances run out and transfers fail now and then.
    private func randomStep(_ rng: inout SplitMix64, _ reference: Reference) -> Step {
        let accounts = Self.accounts
        func account() -> Address { rng.chance(4) ? .zero : rng.pick(accounts) }
        func other(than caller: Address) -> Address { rng.chance(70) ? caller : rng.pick(accounts) }
        func data() -> [UInt8] { (0..<rng.below(40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        func idList(_ batch: Bool) -> [UInt256] {
            batch ? (0..<(rng.chance(5) ? 0 : 1 + rng.below(3))).map { _ in rng.pick(Self.ids) } : [rng.pick(Self.ids)]
        }
        /// Values for `ids` drawn from `holder`'s balances, mostly affordable.
        func amounts(_ ids: [UInt256], of holder: Address, mismatch: Bool) -> [UInt256] {
            var values = ids.map { id -> UInt256 in
                let held = Int(reference.balance(holder, id).uint64 ?? 1_000)
                return UInt256(UInt64(rng.chance(85) ? rng.below(held + 1) : held + 1 + rng.below(3)))
            }
            if mismatch { if values.isEmpty || rng.chance(50) { values.append(UInt256(1)) } else { values.removeLast() } }
            return values
        }

        if reference.paused && rng.chance(25) { return .unpause(caller: rng.chance(90) ? deployer : rng.pick(accounts)) }
        let roll = rng.below(100)
        switch roll {
        case 0..<30:
            let batch = roll >= 20
            let ids = idList(batch)
            var values = ids.map { _ in UInt256(UInt64(rng.below(25))) }
            if batch && rng.chance(8) { values.append(.one) }
            if rng.chance(2) && !values.isEmpty && !reference.total.isZero { values[0] = .max }
            let caller = rng.chance(88) ? deployer : rng.pick(accounts)
            return .mint(caller: caller, to: account(), ids: ids, values: values, batch: batch, data: data())
        case 30..<64:
            let batch = roll >= 52
            let from = rng.chance(97) ? rng.pick(accounts) : .zero
            let caller = rng.chance(60) ? from : rng.pick(accounts)
            let ids = idList(batch)
            let values = amounts(ids, of: from, mismatch: batch && rng.chance(8))
            return .transfer(caller: caller, from: from, to: account(), ids: ids, values: values, batch: batch, data: data())
        case 64..<76:
            let caller = rng.pick(accounts)
            let operatorAddress = rng.chance(4) ? .zero : rng.pick(accounts)
            return .approve(caller: caller, operator: operatorAddress, approved: rng.chance(65))
        case 76..<97:
            let batch = roll >= 88
            let account = rng.chance(97) ? rng.pick(accounts) : .zero
            let ids = idList(batch)
            let values = amounts(ids, of: account, mismatch: batch && rng.chance(8))
            return .burn(caller: other(than: account), account: account, ids: ids, values: values, batch: batch)
        default:
            let caller = rng.chance(80) ? deployer : rng.pick(accounts)
            return reference.paused ? .unpause(caller: caller) : .pause(caller: caller)
        }
    }

    @Test func randomOperationsMatchThePlainReference() throws {
        let h = try Harness(ERC1155Token(uri: "https://example.test/{id}"))
        var reference = Reference(admin: deployer)
        var rng = SplitMix64(state: 0x1155_5eed_2024)
        let transferSingle = try Hash(hex: "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62")
        let transferBatch = try Hash(hex: "0x4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb")
        var singleLogs = 0, batchLogs = 0, successes = 0
        var errorsSeen: [String: Int] = [:]
        var completed = 0
        let pairs = Self.accounts.flatMap { account in Self.ids.map { (account, $0) } }
        let query = try ABIFunction.cached("balanceOfBatch(address[],uint256[])(uint256[])").encodeCall([
            .array(pairs.map { a($0.0) }), .array(pairs.map { .uint($0.1) }),
        ])
        let steps = 1_200

        for index in 0..<steps {
            let step = randomStep(&rng, reference)
            let predicted = reference.apply(step)
            let (signature, arguments) = step.call
            var matched = true
            do {
                let receipt = try h.chain.transact(h.token, signature, arguments, from: step.caller).receipt
                if let predicted {
                    Issue.record("step \(index): \(step) succeeded; the reference expected \(predicted)")
                    matched = false
                }
                #expect(receipt?.status == true)
                successes += 1
                for log in receipt?.logs ?? [] where log.address == h.token {
                    if log.topics.first == transferSingle { singleLogs += 1 }
                    if log.topics.first == transferBatch { batchLogs += 1 }
                }
            } catch {
                if error.revert?.data != predicted?.data {
                    Issue.record("step \(index): \(step) reverted with \(error.message); the reference expected \(predicted.map { "\($0)" } ?? "success")")
                    matched = false
                }
                let selector = error.revert?.selector.map { String($0.hex.dropFirst(2)) } ?? "empty"
                errorsSeen[selector, default: 0] += 1
            }

            // After every step: balances as the reference has them; per-id and overall supplies are sums.
            let output = try h.chain.call(to: h.token, data: query)
            let balances = uintArray(try ABI.decode([.array(.uint(256))], output).first)
            #expect(balances.count == pairs.count)
            var sums: [UInt256: UInt256] = [:]
            for ((account, id), balance) in zip(pairs, balances) {
                if balance != reference.balance(account, id) {
                    Issue.record("step \(index): balance of \(account) for id \(id) is \(balance), reference \(reference.balance(account, id))")
                    matched = false
                }
                sums[id] = (sums[id] ?? .zero) &+ balance
            }
            var sumOfSupplies = UInt256.zero
            for id in Self.ids {
                let supply = try h.chain.call(h.token, "totalSupply(uint256)(uint256)", [.uint(id)]).first
                if supply != .uint(sums[id] ?? .zero) || supply != .uint(reference.supply[id] ?? .zero) {
                    Issue.record("step \(index): totalSupply(\(id)) is \(String(describing: supply)), balances sum to \(sums[id] ?? .zero)")
                    matched = false
                }
                sumOfSupplies = sumOfSupplies &+ (sums[id] ?? .zero)
            }
            let total = try h.chain.call(h.token, "totalSupply()(uint256)").first
            if total != .uint(sumOfSupplies) || total != .uint(reference.total) {
                Issue.record("step \(index): totalSupply() is \(String(describing: total)), supplies sum to \(sumOfSupplies)")
                matched = false
            }
            if !matched { break }
            completed += 1
        }
        try #require(completed == steps, "stopped at the first difference")

        // At the end: approvals, pause state, existence and the Transfer event counts.
        for owner in Self.accounts {
            for operatorAddress in Self.accounts {
                let approved = try h.chain.call(h.token, "isApprovedForAll(address,address)(bool)", [a(owner), a(operatorAddress)])
                #expect(approved == [.bool(reference.approvals.contains([owner, operatorAddress]))])
            }
        }
        #expect(try h.chain.call(h.token, "paused()(bool)") == [.bool(reference.paused)])
        for id in Self.ids {
            let exists = try h.chain.call(h.token, "exists(uint256)(bool)", [.uint(id)])
            #expect(exists == [.bool(!(reference.supply[id] ?? .zero).isZero)])
        }
        #expect(singleLogs == reference.singleEvents)
        #expect(batchLogs == reference.batchEvents)

        // The run covers the interesting outcomes.
        let failures = errorsSeen.values.reduce(0, +)
        #expect(successes + failures == steps)
        #expect(successes > steps / 2)
        #expect(singleLogs > 100 && batchLogs > 50)
        for selector in ["03dee4c5", "e237d922", "57f447ce", "ced3e100", "5b059991", "e2517d3f", "d93c0665", "4e487b71"] {
            #expect(errorsSeen[selector, default: 0] > 0, "no revert with selector \(selector): \(errorsSeen)")
        }
    }
}
