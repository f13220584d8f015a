import Foundation
import MintSimPrimitives
import MintSimScenario

extension Runner {
    /// A large generated scenario (`ScenarioGenerator`, or a file given with `--scenario`): loading
    /// and checking the text, running it, and the two together, timed separately over `rounds`
    /// rounds. Every round's result must pass; a failure stops the benchmark with status 1.
    mutating func runScenario(steps: Int, file: String?) {
        let text: String
        let name: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("error: cannot read \(file)\n".utf8))
                exit(2)
            }
            text = String(decoding: data, as: UTF8.self)
            name = file
        } else {
            text = ScenarioGenerator.generate(steps: steps)
            name = "generated-\(steps).yaml"
        }
        var stepCount = 0
        var load: [Double] = [], run: [Double] = [], total: [Double] = []
        for _ in 0..<rounds {
            let start = Runner.now()
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader.load(text: text, file: name)
            } catch {
                FileHandle.standardError.write(Data("error: the scenario has errors:\n\(error.description.prefix(4_000))\n".utf8))
                exit(1)
            }
            let loaded = Runner.now()
            let result = ScenarioRunner(scenario: scenario).run()
            let finished = Runner.now()
            guard result.passed else {
                FileHandle.standardError.write(Data("error: the scenario failed:\n\(ScenarioReport.text(result, verbosity: .quiet))\n".utf8))
                exit(1)
            }
            stepCount = scenario.steps.count
            load.append(Double(loaded - start))
            run.append(Double(finished - loaded))
            total.append(Double(finished - start))
        }
        let perStep = { (samples: [Double]) in samples.map { $0 / Double(max(stepCount, 1)) } }
        let label = "scenario (\(stepCount) steps)"
        results.append(Measurement(name: "\(label): load+check, per step", nanosPerOp: perStep(load)))
        results.append(Measurement(name: "\(label): run, per step", nanosPerOp: perStep(run)))
        results.append(Measurement(name: "\(label): total, per step", nanosPerOp: perStep(total)))
        let seconds = { (samples: [Double]) in Measurement(name: "", nanosPerOp: samples).median / 1e9 }
        notes.append(
            String(
                format: "%@: %d bytes; medians of %d rounds: load+check %.2f s, run %.2f s, total %.2f s (%.0f steps/s)",
                label, text.utf8.count, rounds, seconds(load), seconds(run), seconds(total), Double(stepCount) / max(seconds(total), 1e-9)))
    }
}

/// The scenario `scripts/gen_scenario.py` writes, generated in the process so that the benchmark
/// needs no Python: the same SplitMix64 choices from the same seed give the same text, byte for byte.
enum ScenarioGenerator {
    static let seed: UInt64 = 20_261_125
    static let token = "USDB"
    static let decimals = 6
    static let cap = 1_000_000_000  // whole tokens
    static let capCents = cap * 100
    static let assertEvery = 250
    static let users = [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
        "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent",
    ]
    static let accounts = ["owner", "minter", "burner"] + users


    /// An amount kept in hundredths of a token, as the file writes it.
    static func units(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func generate(steps: Int) -> String {
        var state = State()
        state.header(steps: steps)
        for index in 0..<steps {
            if index % assertEvery == assertEvery - 1 {
                state.check()
                continue
            }
            let roll = state.rng.below(100)
            switch roll {
            case ..<14: state.randomMint()
            case ..<60: state.transfer()
            case ..<70: state.approve()
            case ..<82: state.transferFrom()
            case ..<90: state.burn()
            case ..<97: state.expectRevert()
            case ..<98: state.line("  - advance-time: \(state.rng.pick(["1h", "1d", "90s"]))")
            default: state.transfer()
            }
        }
        return state.out
    }

    /// The generator's bookkeeping: balances, allowances (by user index) and the supply, in cents.
    struct State {
        var rng = SplitMix64(state: seed)
        var balance = [Int](repeating: 0, count: users.count)
        var allowance = [Int](repeating: 0, count: users.count * users.count)
        var supply = 0
        var out = ""

        mutating func line(_ text: String) {
            out += text
            out += "\n"
        }

        mutating func header(steps: Int) {
            line("# Generated by scripts/gen_scenario.py --steps \(steps) (seed \(seed)); do not edit by hand.")
            line("# A capped ERC-20 and twenty accounts: mints, transfers, allowances, burns, expected reverts and")
            line("# balance changes, the supply invariants checked after every step and an assert every \(assertEvery) steps.")
            line("name: Generated ERC-20 scenario, \(steps) steps")
            line("chain: { chainId: 31337, startTime: \"2026-01-01T00:00:00Z\", blockTime: 12, mining: auto }")
            line("accounts: [\(accounts.joined(separator: ", "))]")
            line("")
            line("contracts:")
            line("  \(token):")
            line("    kind: erc20")
            line("    from: owner")
            line("    args: { name: Bench Dollar, symbol: \(token), decimals: \(decimals), cap: \"\(cap)\" }")
            line("    roles: { MINTER_ROLE: [minter], BURNER_ROLE: [burner] }")
            line("")
            line("invariants:")
            line("  - \"sum(balances(\(token))) == totalSupply(\(token))\"")
            line("  - \"totalSupply(\(token)) <= cap(\(token))\"")
            line("")
            line("steps:")
        }

        mutating func changes(_ entries: [(Int, String, Int)]) {
            let body = entries.map { "\(users[$0.0]): \"\($0.1)\(units($0.2))\"" }.joined(separator: ", ")
            line("    expect:")
            line("      balance-changes: { \(body) }")
        }

        var holders: [Int] { users.indices.filter { balance[$0] > 0 } }

        func others(_ user: Int) -> [Int] { users.indices.filter { $0 != user } }

        mutating func mint(_ to: Int, _ cents: Int, expect: Bool) {
            let sender = rng.below(4) != 0 ? "minter" : "owner"
            line("  - mint: { token: \(token), to: \(users[to]), amount: \"\(units(cents))\", from: \(sender) }")
            if expect { changes([(to, "+", cents)]) }
            balance[to] += cents
            supply += cents
        }

        mutating func randomMint() {
            let to = rng.below(users.count)
            var cents = 100 + rng.below(5_000_000)
            cents = min(cents, capCents - supply)
            let expect = rng.below(4) == 0
            if cents > 0 {
                mint(to, cents, expect: expect)
            } else {
                line("  - assert: { totalSupply: \(token), equals: \"\(units(supply))\" }")
            }
        }

        mutating func transfer() {
            let senders = holders
            guard !senders.isEmpty else { return randomMint() }
            let sender = rng.pick(senders)
            let to = rng.pick(others(sender))
            let cents = 1 + rng.below(min(balance[sender], 1_000_000))
            line("  - transfer: { token: \(token), from: \(users[sender]), to: \(users[to]), amount: \"\(units(cents))\" }")
            if rng.below(5) == 0 { changes([(sender, "-", cents), (to, "+", cents)]) }
            balance[sender] -= cents
            balance[to] += cents
        }

        mutating func approve() {
            let owner = rng.below(users.count)
            let spender = rng.pick(others(owner))
            let cents = 100 + rng.below(2_000_000)
            line("  - approve: { token: \(token), from: \(users[owner]), spender: \(users[spender]), amount: \"\(units(cents))\" }")
            allowance[owner * users.count + spender] = cents
        }

        mutating func transferFrom() {
            var usable: [(Int, Int)] = []
            for owner in users.indices where balance[owner] > 0 {
                for spender in users.indices where allowance[owner * users.count + spender] > 0 { usable.append((owner, spender)) }
            }
            guard !usable.isEmpty else { return transfer() }
            let (owner, spender) = rng.pick(usable)
            let to = rng.pick(others(owner))
            let cents = 1 + rng.below(min(allowance[owner * users.count + spender], balance[owner]))
            line("  - transfer-from: { token: \(token), from: \(users[spender]), owner: \(users[owner]), to: \(users[to]), amount: \"\(units(cents))\" }")
            if rng.below(5) == 0 { changes([(owner, "-", cents), (to, "+", cents)]) }
            allowance[owner * users.count + spender] -= cents
            balance[owner] -= cents
            balance[to] += cents
        }

        mutating func burn() {
            let candidates = holders
            guard !candidates.isEmpty else { return randomMint() }
            let account = rng.pick(candidates)
            let cents = 1 + rng.below(min(balance[account], 500_000))
            if rng.below(2) != 0 {
                line("  - burn: { token: \(token), from: \(users[account]), amount: \"\(units(cents))\" }")
            } else {
                line("  - burn: { token: \(token), account: \(users[account]), amount: \"\(units(cents))\", from: burner }")
            }
            if rng.below(3) == 0 { changes([(account, "-", cents)]) }
            balance[account] -= cents
            supply -= cents
        }

        mutating func expectRevert() {
            let kind = rng.below(5)
            switch kind {
            case 0, 1:
                // A transfer (or a burn) of more than the balance.
                let sender = rng.below(users.count)
                let needed = balance[sender] + 1 + rng.below(100_000)
                if kind == 0 {
                    let to = rng.pick(others(sender))
                    line("  - transfer: { token: \(token), from: \(users[sender]), to: \(users[to]), amount: \"\(units(needed))\" }")
                } else {
                    line("  - burn: { token: \(token), from: \(users[sender]), amount: \"\(units(needed))\" }")
                }
                if rng.below(2) != 0 {
                    line("    expect-revert: ERC20InsufficientBalance")
                } else {
                    line("    expect-revert: { error: ERC20InsufficientBalance, args: { sender: \(users[sender]), balance: \"\(units(balance[sender]))\", needed: \"\(units(needed))\" } }")
                }
            case 2:
                // A transfer from an allowance of more than the allowance.
                let owner = rng.below(users.count)
                let spender = rng.pick(others(owner))
                let to = rng.pick(others(owner))
                let current = allowance[owner * users.count + spender]
                let needed = current + 1 + rng.below(100_000)
                line("  - transfer-from: { token: \(token), from: \(users[spender]), owner: \(users[owner]), to: \(users[to]), amount: \"\(units(needed))\" }")
                line("    expect-revert: { error: ERC20InsufficientAllowance, args: { spender: \(users[spender]), allowance: \"\(units(current))\", needed: \"\(units(needed))\" } }")
            case 3:
                // A mint past the cap.
                let to = rng.below(users.count)
                let cents = capCents - supply + 1 + rng.below(1_000_000)
                line("  - mint: { token: \(token), to: \(users[to]), amount: \"\(units(cents))\", from: minter }")
                line("    expect-revert: { error: ERC20ExceededCap, args: { increasedSupply: \"\(units(supply + cents))\", cap: \"\(cap)\" } }")
            default:
                // A mint by an account without MINTER_ROLE.
                let sender = rng.below(users.count)
                let to = rng.below(users.count)
                let cents = 1 + rng.below(100_000)
                line("  - mint: { token: \(token), to: \(users[to]), amount: \"\(units(cents))\", from: \(users[sender]) }")
                line("    expect-revert: { error: AccessControlUnauthorizedAccount, args: { account: \(users[sender]), neededRole: MINTER_ROLE } }")
            }
        }

        mutating func check() {
            switch rng.below(4) {
            case 0:
                line("  - assert: { totalSupply: \(token), equals: \"\(units(supply))\" }")
            case 1:
                let account = rng.below(users.count)
                line("  - assert: { balance: { token: \(token), of: \(users[account]) }, equals: \"\(units(balance[account]))\" }")
            case 2:
                let account = rng.below(users.count)
                line("  - assert: \"balance(\(token), \(users[account])) == units(\(token), \(units(balance[account])))\"")
            default:
                let owner = rng.below(users.count)
                let spender = rng.pick(others(owner))
                line("  - assert: { allowance: { token: \(token), owner: \(users[owner]), spender: \(users[spender]) }, equals: \"\(units(allowance[owner * users.count + spender]))\" }")
            }
        }
    }
}
