import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing


/// An independent model of the token: plain dictionaries, and the revert OpenZeppelin's code gives
/// for each operation, derived from its check order.
struct ReferenceLedger {
    let cap: UInt64
    var balances: [Address: UInt64] = [:]
    var allowances: [Address: [Address: UInt64]] = [:]
    var supply: UInt64 = 0
    var paused = false
    var minters: Set<Address> = [deployer]
    var transfers = 0
    var approvals = 0

    func balance(_ account: Address) -> UInt64 { balances[account] ?? 0 }
    func allowance(_ owner: Address, _ spender: Address) -> UInt64 { allowances[owner]?[spender] ?? 0 }

    /// `_update` with the pause and cap hooks: nil on success (applied), or the revert.
    mutating func update(_ from: Address, _ to: Address, _ value: UInt64) -> Revert? {
        if paused { return Revert.error("EnforcedPause()") }
        if from != .zero && balance(from) < value {
            return Revert.error("ERC20InsufficientBalance(address,uint256,uint256)", [a(from), u(UInt256(balance(from))), u(UInt256(value))])
        }
        if from == .zero && supply + value > cap {
            return Revert.error("ERC20ExceededCap(uint256,uint256)", [u(UInt256(supply + value)), u(UInt256(cap))])
        }
        if from == .zero { supply += value } else { balances[from] = balance(from) - value }
        if to == .zero { supply -= value } else { balances[to] = balance(to) + value }
        transfers += 1
        return nil
    }

    mutating func spendAllowance(_ owner: Address, _ spender: Address, _ value: UInt64) -> Revert? {
        let current = allowance(owner, spender)
        if current == .max { return nil }
        if current < value {
            return Revert.error(
                "ERC20InsufficientAllowance(address,uint256,uint256)", [a(spender), u(UInt256(current)), u(UInt256(value))])
        }
        allowances[owner, default: [:]][spender] = current - value
        return nil
    }
}

@Suite struct ERC20DifferentialTests {
    @Test func randomOperationsMatchTheReferenceLedger() throws {
        let cap: UInt64 = 5_000
        let h = try Harness(ERC20Token(name: "Diff", symbol: "DIF", cap: UInt256(cap)))
        var reference = ReferenceLedger(cap: cap)
        var random = SplitMix64(state: 0x5EED_0001)
        let accounts = [deployer, alice, bob, carol, mallory]
        var modelTransfers = 0, modelApprovals = 0
        let transferTopic = erc20.events.first { $0.name == "Transfer" }?.topic0
        let approvalTopic = erc20.events.first { $0.name == "Approval" }?.topic0

        for step in 0..<1_200 {
            var snapshot = reference
            let caller = random.pick(accounts)
            let other = random.below(12) == 0 ? Address.zero : random.pick(accounts)
            let amount = UInt64(random.below(4) == 0 ? random.below(2_000) : random.below(200))
            let signature: String
            let arguments: [ABIValue]
            var expected: Revert?
            switch random.below(9) {
            case 0, 1:
                signature = "mint(address,uint256)"
                arguments = [a(other), u(UInt256(amount))]
                if !snapshot.minters.contains(caller) {
                    expected = Revert.error("AccessControlUnauthorizedAccount(address,bytes32)", [a(caller), b32(Role.minter)])
                } else if other == .zero {
                    expected = Revert.error("ERC20InvalidReceiver(address)", [a(.zero)])
                } else {
                    expected = snapshot.update(.zero, other, amount)
                }
            case 2, 3:
                signature = "transfer(address,uint256)"
                arguments = [a(other), u(UInt256(amount))]
                expected = other == .zero ? Revert.error("ERC20InvalidReceiver(address)", [a(.zero)]) : snapshot.update(caller, other, amount)
            case 4:
                signature = "approve(address,uint256)"
                let value = random.below(10) == 0 ? UInt64.max : amount
                arguments = [a(other), value == .max ? .uint(.max) : u(UInt256(value))]
                if other == .zero {
                    expected = Revert.error("ERC20InvalidSpender(address)", [a(.zero)])
                } else {
                    snapshot.allowances[caller, default: [:]][other] = value
                    snapshot.approvals += 1
                }
            case 5:
                let owner = random.pick(accounts)
                signature = "transferFrom(address,address,uint256)"
                arguments = [a(owner), a(other), u(UInt256(amount))]
                expected = snapshot.spendAllowance(owner, caller, amount)
                if expected == nil {
                    expected = other == .zero ? Revert.error("ERC20InvalidReceiver(address)", [a(.zero)]) : snapshot.update(owner, other, amount)
                }
            case 6:
                signature = "burn(uint256)"
                arguments = [u(UInt256(amount))]
                expected = snapshot.update(caller, .zero, amount)
            case 7:
                let owner = random.pick(accounts)
                signature = "burnFrom(address,uint256)"
                arguments = [a(owner), u(UInt256(amount))]
                expected = snapshot.spendAllowance(owner, caller, amount) ?? snapshot.update(owner, .zero, amount)
            default:
                // Pausing and role changes, rarely.
                if random.below(3) == 0 {
                    signature = snapshot.paused ? "unpause()" : "pause()"
                    arguments = []
                    snapshot.paused.toggle()
                    h.send(signature)
                    reference = snapshot
                    continue
                }
                let account = random.pick(accounts)
                let grant = random.below(2) == 0
                signature = grant ? "grantRole(bytes32,address)" : "revokeRole(bytes32,address)"
                arguments = [b32(Role.minter), a(account)]
                if grant { snapshot.minters.insert(account) } else { snapshot.minters.remove(account) }
                let logs = h.send(signature, arguments)
                #expect(logs.count <= 1)
                reference = snapshot
                continue
            }
            // Run on the chain and compare the outcome.
            do {
                let receipt = try h.chain.transact(h.token, signature, arguments, from: caller).receipt
                #expect(expected == nil, "step \(step): \(signature) succeeded, reference expected \(String(describing: expected))")
                for log in receipt?.logs ?? [] {
                    if log.topics.first == transferTopic { modelTransfers += 1 }
                    if log.topics.first == approvalTopic { modelApprovals += 1 }
                }
            } catch {
                #expect(error.revert == expected, "step \(step): \(signature) reverted with \(error.message)")
            }
            if expected == nil { reference = snapshot }

            // Invariant after every step: sum of balances == totalSupply <= cap.
            let balances = accounts.map { h.uint("balanceOf(address)(uint256)", [a($0)]) }
            let sum = balances.reduce(UInt256.zero) { $0 &+ $1 }
            let supply = h.uint("totalSupply()(uint256)")
            #expect(sum == supply && supply <= UInt256(cap), "step \(step)")
            #expect(supply == UInt256(reference.supply), "step \(step)")
        }
        for account in accounts {
            #expect(h.uint("balanceOf(address)(uint256)", [a(account)]) == UInt256(reference.balance(account)))
            for spender in accounts {
                let expected = reference.allowance(account, spender)
                #expect(h.uint("allowance(address,address)(uint256)", [a(account), a(spender)]) == (expected == .max ? .max : UInt256(expected)))
            }
        }
        #expect(modelTransfers == reference.transfers)
        #expect(modelApprovals == reference.approvals)
        #expect(reference.transfers > 300)
    }
}
