import MintSimChain
@testable import MintSimContracts
import MintSimPrimitives
import Testing

@Suite struct SecurityTokenPropertyTests {
    /// 1,200 random agent and investor actions; after each: balances and frozen amounts match a plain
    /// model that changes frozen amounts only on freeze, unfreeze, forced transfer and burn; the
    /// balances add up to the supply, which stays within the cap and the collateral; wallets that
    /// are not verified never hold tokens; no wallet has more frozen than it holds.
    @Test func invariantsHoldUnderRandomActions() throws {
        let cap = n(5_000), collateralAmount = n(4_000)
        let s = try SecurityTokenSuite(cap: cap)
        try s.onboard(mallory, country: 250, claim: false)
        s.send("grantRole(bytes32,address)", [b32(SecurityToken.collateralRole), a(deployer)])
        s.send("setCollateral(uint256,uint256)", [u(collateralAmount), u(UInt256(s.chain.now + 10_000_000))])
        let verified = [alice, bob, carol], unverified = [mallory, dave], wallets = verified + unverified
        var balances: [Address: UInt256] = [:], frozen: [Address: UInt256] = [:]
        var random = SplitMix64(state: 0x5EC0_7013)
        var successes = 0

        for step in 0..<1_200 {
            let from = random.pick(wallets), to = random.pick(wallets)
            let amount = n(random.below(5) == 0 ? random.below(1_500) : random.below(120))
            let kind = random.below(10)
            let (signature, arguments, caller): (String, [ABIValue], Address)
            switch kind {
            case 0, 1: (signature, arguments, caller) = ("mint(address,uint256)", [a(to), u(amount)], deployer)
            case 2: (signature, arguments, caller) = ("burn(address,uint256)", [a(from), u(amount)], deployer)
            case 3, 4, 5: (signature, arguments, caller) = ("transfer(address,uint256)", [a(to), u(amount)], from)
            case 6: (signature, arguments, caller) = ("forcedTransfer(address,address,uint256)", [a(from), a(to), u(amount)], deployer)
            case 7: (signature, arguments, caller) = ("freezePartialTokens(address,uint256)", [a(from), u(amount)], deployer)
            case 8: (signature, arguments, caller) = ("unfreezePartialTokens(address,uint256)", [a(from), u(amount)], deployer)
            default:
                let paused = s.h.bool("paused()(bool)") == true
                (signature, arguments, caller) = random.below(3) == 0
                    ? (paused ? "unpause()" : "pause()", [], deployer)
                    : ("setAddressFrozen(address,bool)", [a(from), .bool(random.below(3) == 0)], deployer)
            }
            let succeeded = (try? s.chain.transact(s.token, signature, arguments, from: caller)) != nil
            if succeeded {
                successes += 1
                func shortfall(_ wallet: Address) {
                    let free = (balances[wallet] ?? .zero) &- (frozen[wallet] ?? .zero)
                    if amount > free { frozen[wallet] = (frozen[wallet] ?? .zero) &- (amount &- free) }
                }
                switch kind {
                case 0, 1: balances[to] = (balances[to] ?? .zero) &+ amount
                case 2:
                    shortfall(from)
                    balances[from] = (balances[from] ?? .zero) &- amount
                case 3, 4, 5:
                    #expect(amount <= (balances[from] ?? .zero) &- (frozen[from] ?? .zero), "step \(step): transfer of frozen tokens")
                    balances[from] = (balances[from] ?? .zero) &- amount
                    balances[to] = (balances[to] ?? .zero) &+ amount
                case 6:
                    shortfall(from)
                    balances[from] = (balances[from] ?? .zero) &- amount
                    balances[to] = (balances[to] ?? .zero) &+ amount
                case 7: frozen[from] = (frozen[from] ?? .zero) &+ amount
                case 8: frozen[from] = (frozen[from] ?? .zero) &- amount
                default: break
                }
            }
            var sum = UInt256.zero
            for wallet in wallets {
                let balance = s.balance(wallet), held = s.frozen(wallet)
                #expect(balance == balances[wallet] ?? .zero, "step \(step) \(signature): balance of \(wallet)")
                #expect(held == frozen[wallet] ?? .zero, "step \(step) \(signature): frozen of \(wallet)")
                #expect(held <= balance, "step \(step): more frozen than held")
                sum = sum &+ balance
            }
            for wallet in unverified { #expect(s.balance(wallet).isZero, "step \(step): unverified \(wallet) holds tokens") }
            let supply = s.supply
            #expect(sum == supply && supply <= cap && supply <= collateralAmount, "step \(step): supply \(supply), sum \(sum)")
        }
        #expect(successes > 300)
    }
}
