import Testing
@testable import MintSimScenario

/// Broken scenario files: each mistake is reported with its exact message and position, all at once,
/// before anything runs, and none crashes.
@Suite struct BrokenScenarioTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let diagnostics: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "01-syntax",
            yaml: """
                name: x
                steps:
                  - mint: { token: T, to: alice
                """,
            diagnostics: [
                "4:1: YAML syntax: did not find expected ',' or '}' while parsing a flow mapping",
            ]),
        Case(
            name: "02-tab",
            yaml: """
                name: x
                steps:
                \t- mine: 1
                """,
            diagnostics: [
                "3:1: YAML syntax: a tab cannot indent YAML; use spaces",
            ]),
        Case(
            name: "03-empty",
            yaml: """
                """,
            diagnostics: [
                "1:1: the file is empty",
            ]),
        Case(
            name: "04-top-list",
            yaml: """
                - name: x
                """,
            diagnostics: [
                "1:1: the scenario must be a mapping, found a list",
            ]),
        Case(
            name: "05-unknown-top",
            yaml: """
                name: x
                acounts: [alice]
                steps: []
                """,
            diagnostics: [
                "2:1: unknown field 'acounts' in the scenario (did you mean 'accounts'?); fields: name, steps, description, chain, accounts, contracts, invariants, fuzz, include, mint-api",
            ]),
        Case(
            name: "06-missing-steps",
            yaml: """
                name: x
                accounts: [alice]
                """,
            diagnostics: [
                "1:1: the scenario needs 'steps'",
            ]),
        Case(
            name: "07-dup-key",
            yaml: """
                name: x
                name: y
                steps: []
                """,
            diagnostics: [
                "1:1: YAML: 'name' appears twice in one mapping",
            ]),
        Case(
            name: "08-bad-mining",
            yaml: """
                name: x
                chain: { mining: automatic, blockTime: 0, startTime: yesterday, chainId: -1 }
                steps: []
                """,
            diagnostics: [
                "2:18: mining must be auto, interval or manual, found 'automatic'",
                "2:40: blockTime must be at least 1 second",
                "2:54: startTime: 'yesterday' is not a time (write 2026-01-01T00:00:00Z or seconds since 1970)",
                "2:74: chainId must be a whole number, found '-1'",
            ]),
        Case(
            name: "09-bad-mnemonic",
            yaml: """
                name: x
                chain: { mnemonic: "apple banana" }
                steps: []
                """,
            diagnostics: [
                "2:20: mnemonic: invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 2",
            ]),
        Case(
            name: "10-bad-account",
            yaml: """
                name: x
                accounts: [alice, "bad name", 0x12, { treasury: "0x1234" }]
                steps: []
                """,
            diagnostics: [
                "2:19: an account must be a name without spaces, found 'bad name'",
                "2:31: '0x12' is not a valid name (letters, digits, '_' and '-', starting with a letter)",
                "2:49: the address of treasury: invalid address \"0x1234\": expected 40 hex digits, got 4",
            ]),
        Case(
            name: "11-unknown-kind",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc-20, args: { name: T, symbol: T } }
                steps: []
                """,
            diagnostics: [
                "4:14: contract T: unknown contract kind 'erc-20' (did you mean 'erc20'?) (kinds: erc20, erc721, erc1155, identity, claim-issuer, claim-topics-registry, trusted-issuers-registry, identity-registry-storage, identity-registry, security-token, modular-compliance, country-allow-module, country-restrict-module, supply-limit-module, max-balance-module, transfer-restrict-module, time-transfers-limits-module, max-holders-module)",
            ]),
        Case(
            name: "12-missing-option",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { symbol: T } }
                steps: []
                """,
            diagnostics: [
                "4:27: contract T: erc20 needs the option 'name'",
            ]),
        Case(
            name: "13-float-amount",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: T, to: alice, amount: 1.5 }
                """,
            diagnostics: [
                "6:42: mint amount: write amounts as strings, \"1.5\" (YAML reads 1.5 as a floating-point number)",
            ]),
        Case(
            name: "14-too-many-decimals",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T, decimals: 2 } }
                steps:
                  - mint: { token: T, to: alice, amount: "1.234" }
                """,
            diagnostics: [
                "6:42: mint amount: '1.234' is not an amount with at most 2 decimals: invalid amount \"1.234\": 3 fractional digits but the token has 2 decimals",
            ]),
        Case(
            name: "15-unknown-token",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  TOKEN: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: TOKNE, to: alice, amount: "1" }
                """,
            diagnostics: [
                "6:20: mint token: unknown contract 'TOKNE' (did you mean 'TOKEN'?) (contracts: TOKEN)",
            ]),
        Case(
            name: "16-wrong-kind-op",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - freeze: { token: T, account: alice }
                """,
            diagnostics: [
                "6:22: freeze token: T is erc20, which has no such operation (it works on security-token)",
            ]),
        Case(
            name: "17-two-actions",
            yaml: """
                name: x
                steps:
                  - mine: 1
                    snapshot: a
                """,
            diagnostics: [
                "4:5: a step has one action, but this one also has 'snapshot' (after 'mine'); write two steps",
            ]),
        Case(
            name: "18-unknown-role",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T }, roles: { MINTER: [alice] } }
                steps: []
                """,
            diagnostics: [
                "4:60: contract T: unknown role 'MINTER' for erc20 (roles: DEFAULT_ADMIN_ROLE, MINTER_ROLE, BURNER_ROLE, PAUSER_ROLE)",
            ]),
        Case(
            name: "19-revert-unknown-snapshot",
            yaml: """
                name: x
                steps:
                  - revert: base
                  - snapshot: base
                """,
            diagnostics: [
                "3:13: revert: no snapshot 'base' is taken before this step",
            ]),
        Case(
            name: "20-expect-revert-args",
            yaml: """
                name: x
                accounts: [owner, alice, bob]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - transfer: { token: T, from: alice, to: bob, amount: "1" }
                    expect-revert: { error: ERC20InsufficientBalance, args: { sender: alice, needs: "1" } }
                """,
            diagnostics: [
                "7:78: expect-revert args: error ERC20InsufficientBalance has no argument 'needs' (did you mean 'needed'?) (arguments: sender, balance, needed)",
            ]),
        Case(
            name: "21-unknown-event",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: T, to: alice, amount: "1" }
                    expect:
                      events: [ { Tranfer: { to: alice } } ]
                """,
            diagnostics: [
                "8:19: expect events: unknown event 'Tranfer' (did you mean 'Transfer'?)",
            ]),
        Case(
            name: "22-balance-change-sign",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: T, to: alice, amount: "1" }
                    expect:
                      balance-changes: { alice: "+one" }
                """,
            diagnostics: [
                "8:33: expect balance-changes alice: 'one' is not an amount with at most 18 decimals: invalid amount \"one\": 'o' is not a decimal digit",
            ]),
        Case(
            name: "23-expression-syntax",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                invariants:
                  - "totalSupply(T) = 0"
                steps: []
                """,
            diagnostics: [
                "6:21: unexpected '=': did you mean '=='?",
            ]),
        Case(
            name: "24-expression-arity",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                invariants:
                  - "allowance(T, owner) == 0"
                steps: []
                """,
            diagnostics: [
                "6:6: allowance takes 3 arguments, found 2",
            ]),
        Case(
            name: "25-unknown-country",
            yaml: """
                name: x
                accounts: [owner, alice, kyc]
                contracts:
                  S: { kind: security-token, args: { name: S, symbol: S }, claimTopics: [KYC], trustedIssuers: { kyc: [KYC] } }
                steps:
                  - register-identity: { token: S, wallet: alice, country: USA1, claims: { KYC: kyc } }
                """,
            diagnostics: [
                "6:60: register-identity country: unknown country 'USA1' (did you mean 'USA'?); write an ISO 3166-1 code such as US, GBR or 276",
            ]),
        Case(
            name: "26-unknown-module",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  S: { kind: security-token, args: { name: S, symbol: S }, compliance: [ { module: max-holder, max: 3 } ] }
                steps: []
                """,
            diagnostics: [
                "4:84: contract S compliance: unknown module 'max-holder' (did you mean 'max-holders'?) (modules: country-allow, country-restrict, max-balance, max-holders, supply-limit, transfer-restrict, time-transfers-limits)",
            ]),
        Case(
            name: "27-suite-field-on-erc20",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T }, claimTopics: [KYC] }
                steps: []
                """,
            diagnostics: [
                "4:51: unknown field 'claimTopics' in contract T; fields: kind, from, args, roles",
            ]),
        Case(
            name: "28-unknown-topic",
            yaml: """
                name: x
                accounts: [owner, kyc]
                contracts:
                  S: { kind: security-token, args: { name: S, symbol: S }, claimTopics: [KCY], trustedIssuers: { kyc: [KYC] } }
                steps: []
                """,
            diagnostics: [
                "4:74: contract S claimTopics: unknown claim topic 'KCY' (did you mean 'KYC'?) (topics: KYC = 1, AML = 2, ACCREDITED = 3, or a number)",
            ]),
        Case(
            name: "29-bad-address",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: T, to: "0x70997970C51812dc3A010C7d01b50e0d17dc79c8", amount: "1" }
                """,
            diagnostics: [
                "6:27: mint to: invalid address \"0x70997970C51812dc3A010C7d01b50e0d17dc79c8\": EIP-55 checksum mismatch (the checksummed form is 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)",
            ]),
        Case(
            name: "30-events-manual",
            yaml: """
                name: x
                chain: { mining: manual }
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - mint: { token: T, to: alice, amount: "1" }
                    expect:
                      events: [ Transfer ]
                """,
            diagnostics: [
                "9:7: expected events need the transaction's receipt, which manual mining gives only when a block is mined; use mining: auto, or assert after a mine step",
            ]),
        Case(
            name: "31-assert-unknown-check",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - assert: { balanceOf: { token: T, of: alice }, equals: "1" }
                """,
            diagnostics: [
                "6:15: assert: unknown check 'balanceOf' (did you mean 'balance'?) (checks: balance, totalSupply, ownerOf, allowance, hasRole, paused, frozen, frozenTokens, isVerified, cap, expression)",
            ]),
        Case(
            name: "32-step-not-mapping",
            yaml: """
                name: x
                steps:
                  - mine
                  - [1, 2]
                """,
            diagnostics: [
                "3:5: a step must be a mapping, found a string",
                "4:5: a step must be a mapping, found a list",
            ]),
        Case(
            name: "33-call-args",
            yaml: """
                name: x
                accounts: [owner]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - call: { contract: T, function: "approve(address,uint256)", args: [owner] }
                  - call: { contract: T, function: "approve(address,uint257)", args: [owner, 1] }
                """,
            diagnostics: [
                "6:70: call args: approve takes 2 arguments, found 1",
                "7:36: call function: invalid signature \"approve(address,uint257)\": invalid ABI type \"approve(address,uint257)\" at position 16: unknown type 'uint257'",
            ]),
        Case(
            name: "34-name-clash",
            yaml: """
                name: x
                accounts: [owner, T]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps: []
                """,
            diagnostics: [
                "4:3: 'T' is already the name of an account",
            ]),
        Case(
            name: "35-contract-as-sender",
            yaml: """
                name: x
                accounts: [owner, alice]
                contracts:
                  T: { kind: erc20, args: { name: T, symbol: T } }
                steps:
                  - transfer: { token: T, from: T, to: alice, amount: "1" }
                """,
            diagnostics: [
                "6:33: transfer from: 'T' is a contract; transactions are sent from accounts",
            ]),
        Case(
            name: "36-duration-overflow",
            yaml: """
                name: x
                steps:
                  - advance-time: 99999999999999999999w
                  - mine: { blocks: 2000000 }
                """,
            diagnostics: [
                "3:19: advance-time: '99999999999999999999w' is not a duration (seconds, or a number with s, m, h, d or w: 90s, 15m, 2h, 1d, 1w)",
                "4:21: mine blocks must be at most 1000000, found 2000000",
            ]),
        // YAML tells a plain `true` (a boolean) from a quoted "true" (a string): not duplicates to
        // YAML, but the same field name to the checker.
        Case(
            name: "37-same-text-other-tag",
            yaml: """
                name: x
                steps: []
                true: a
                "true": b
                """,
            diagnostics: [
                "3:1: unknown field 'true' in the scenario; fields: name, steps, description, chain, accounts, contracts, invariants, fuzz, include, mint-api",
                "4:1: 'true' appears twice in the scenario",
            ]),
        // An explicit tag that matches the implicit one: duplicates to YAML.
        Case(
            name: "38-dup-key-tagged",
            yaml: """
                name: x
                steps: []
                !!int 1: a
                1: b
                """,
            diagnostics: [
                "3:1: YAML: '1' appears twice in one mapping",
            ]),
        Case(
            name: "39-dup-key-nested",
            yaml: """
                name: x
                steps:
                  - mine: 1
                    mine: 2
                """,
            diagnostics: [
                "3:5: YAML: 'mine' appears twice in one mapping",
            ]),
    ]

    @Test(arguments: cases)
    func reportsEveryMistakeWithItsPosition(_ broken: Case) {
        do {
            _ = try ScenarioLoader.load(text: broken.yaml, file: "broken.yaml")
            Issue.record("\(broken.name) loaded without errors")
        } catch {
            #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == broken.diagnostics)
            #expect(error.diagnostics.allSatisfy { $0.location.file == "broken.yaml" })
        }
    }

    @Test func atLeastTwentyFiveDistinctMistakes() {
        #expect(Set(Self.cases.flatMap(\.diagnostics)).count >= 25)
    }
}
