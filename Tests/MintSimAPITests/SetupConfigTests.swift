import Foundation
import MintSimChain
import MintSimPrimitives
import MintSimScenario
import Testing

@testable import MintSimAPI

/// Setup files (`mintsim serve --config`): what they build, and every mistake reported with its place.
@Suite struct SetupConfigTests {
    static let example = ScenarioHostTests.root.appendingPathComponent("scenarios/mint-api/setups/treasury.yaml").path

    @Test func theExampleSetupBuildsWhatItSays() throws {
        let plan = try MintSetupConfig.load(file: Self.example)
        #expect(plan.accounts == ["admin", "treasurer", "kyc", "fund-a", "fund-b", "minter", "vault", "viewer"])
        #expect(plan.deployer == "admin")
        let chain = Chain(config: MintSetup.chainConfig(plan))
        let setup = try MintSetup.build(plan, on: chain)
        #expect(setup.contracts.map(\.name) == ["BOND26", "BOND26 identity registry", "BOND26 compliance", "GREENBOND", "Badges", "EURX"])
        #expect(setup.contracts.map(\.kind) == ["security-token", "identity-registry", "modular-compliance", "erc20", "erc721", "erc20"])
        // Keys as given, or derived from the dialect and subject.
        #expect(setup.apiKeys.map { "\($0.dialect) \($0.subject) \($0.key)" } == [
            "assets treasurer sm_atk_treasurer_local", "assets viewer \(MintSetup.demoKey("assets", "viewer", prefix: "sm_atk_"))",
            "abclab minter abclab-local-secret", "immutable badge-service sk_imapik-test-badges-local", "qustody ops qk_test_ops_local",
            "qustody approver qk_test_approver_local", "qustody reporting qk_test_reporting_local",
        ])
        #expect(setup.assetsUsers.map(\.secretCodes.count) == [3, 0])
        #expect(setup.assetsUsers.map(\.pincode) == ["246810", "111111"])
        #expect(setup.immutableKeys.first?.tier == RateTier(name: "Custom", perMinute: 60, burst: 2))
        let eurx = try #require(setup.qustodyTokens.first)
        #expect(eurx.policy == QustodyPolicy(quorum: 1, approvers: ["approver"], maxAmount: 250_000_000_000, dailyLimit: 1_000_000_000_000))
        #expect(eurx.supportsBurn)
        #expect(eurx.vault == "vault_main")
        #expect(plan.webhooks.map(\.url) == ["https://treasury.example.test/hooks/qustody"])
        // The bond: decimals, cap and price as written; fund-a verified, fund-b registered without a claim.
        let bond = try #require(setup.securityAssets.first).suite.token
        #expect(try chain.call(bond, "decimals()(uint8)") == [.uint(6)])
        #expect(try chain.call(bond, "cap()(uint256)") == [.uint(5_000_000_000_000)])
        let fundA = try #require(setup.account(named: "fund-a")).address
        let fundB = try #require(setup.account(named: "fund-b")).address
        let registry = try #require(setup.securityAssets.first).suite.identityRegistry
        #expect(try chain.call(registry, "isVerified(address)(bool)", [.address(fundA)]) == [.bool(true)])
        #expect(try chain.call(registry, "isVerified(address)(bool)", [.address(fundB)]) == [.bool(false)])
        #expect(try chain.call(registry, "contains(address)(bool)", [.address(fundB)]) == [.bool(true)])
        // Building again on a new chain gives the same addresses.
        let again = try MintSetup.build(plan, on: Chain(config: MintSetup.chainConfig(plan)))
        #expect(again.contracts.map(\.address) == setup.contracts.map(\.address))
    }

    @Test func theDemoIsAPlanToo() throws {
        let built = try MintSetup.build(.demo, on: Chain(config: MintSetup.chainConfig(.demo)))
        let demo = try MintSetup.demo(on: Chain(config: MintSetup.demoChainConfig))
        #expect(built.contracts.map(\.address) == demo.contracts.map(\.address))
        #expect(built.apiKeys == demo.apiKeys)
        #expect(MintSetup.chainConfig(.demo).genesisAccounts.map(\.0) == MintSetup.demoChainConfig.genesisAccounts.map(\.0))
    }

    @Test func anotherMnemonicFundsItsOwnAccounts() throws {
        let phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow"
        let plan = try MintSetupConfig.read(text: "accounts: [a, b]\nmnemonic: \(phrase)", file: "s.yaml")
        let keys = try Mnemonic(phrase).accounts(count: 10)
        #expect(MintSetup.chainConfig(plan).genesisAccounts.map(\.0) == keys.map(\.address))
        let setup = try MintSetup.build(plan, on: Chain(config: MintSetup.chainConfig(plan)))
        #expect(setup.accounts.map(\.address) == Array(keys.prefix(2).map(\.address)))
    }

    static let broken: [(yaml: String, diagnostics: [String])] = [
        ("", ["1:1: the file is empty"]),
        ("accounts: []", ["1:11: accounts: name at least one account (the first deploys the contracts)"]),
        ("accounts:\nqustody: { vaults: { v: admin } }", ["1:1: accounts: name at least one account (the first deploys the contracts)"]),
        ("accounts: [a]\nmnemonic: legal winner thank", ["2:11: mnemonic: invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 3"]),
        (
            "accounts: [a]\nimmutable:\n  collections:\n    C: { standard: ERC721, uri: \"https://x.test/{id}\" }",
            ["4:33: immutable collection C: an ERC721 collection takes baseURI, not uri"]
        ),
        (
            "accounts: [a, a]\ndeployer: b\ncolour: red",
            [
                "1:15: the account 'a' is named twice",
                "2:11: deployer: unknown account 'b' (did you mean 'a'?) (accounts: a)",
                "3:1: unknown field 'colour' in the setup; fields: accounts, mnemonic, deployer, securityTokens, assets, abclab, immutable, qustody, webhooks, faults",
            ]
        ),
        (
            """
            accounts: [admin, kyc, alice]
            securityTokens:
              T:
                name: T
                decimals: 2
                cap: "1.234"
                currency: euro
                claimTopics: [KYC, FOO]
                trustedIssuers: { kcy: [KYC] }
                minters: [bob]
                investors:
                  alice: { country: XX, claims: [AML] }
            """,
            [
                "6:10: security token T cap: '1.234' is not an amount with at most 2 decimals: invalid amount \"1.234\": 3 fractional digits but the token has 2 decimals",
                "7:15: security token T currency: 'euro' is not an ISO 4217 code (three capital letters)",
                "8:24: security token T claimTopics: unknown claim topic 'FOO' (KYC, AML, ACCREDITED or a number)",
                "9:23: security token T trustedIssuers: unknown account 'kcy' (did you mean 'kyc'?) (accounts: admin, kyc, alice)",
                "10:15: security token T minters: unknown account 'bob' (accounts: admin, kyc, alice)",
                "12:25: security token T investor alice country: unknown country 'XX' (an ISO 3166-1 code: GB, GBR or 826)",
            ]
        ),
        (
            // What the token's constructor and the registries would refuse when the setup is built.
            """
            accounts: [admin, kyc, alice]
            securityTokens:
              T:
                name: ""
                symbol: ""
                decimals: 19
                assetType: stocks
                claimTopics: [KYC, 1]
                trustedIssuers: { kyc: [], alice: [AML, aml] }
                minters: [admin, admin]
                investors:
                  alice: { country: GB, claims: [AML, 2] }
              U:
                name: U
                claimTopics: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
                trustedIssuers: { kyc: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] }
            """,
            [
                "4:11: security token T name must not be empty",
                "5:13: security token T symbol must not be empty",
                "6:15: security token T decimals must be at most 18, found 19",
                "7:16: security token T assetType: 'stocks' is not one of equity, bond, fund, stablecoin, deposit, other",
                "8:24: security token T claimTopics: topic KYC is listed twice",
                "9:28: security token T trustedIssuers kyc: name at least one claim topic the issuer signs",
                "9:45: security token T trustedIssuers alice: topic AML is listed twice",
                "10:22: security token T minters: 'admin' is listed twice",
                "12:43: security token T investor alice claims: topic AML is listed twice",
                "15:18: security token U claimTopics: 16 topics, at most 15",
                "16:28: security token U trustedIssuers kyc: 16 topics, at most 15",
            ]
        ),
        (
            """
            accounts: [admin, kyc, alice]
            securityTokens:
              T:
                name: T
                trustedIssuers: { kyc: [KYC] }
                investors:
                  alice: { country: GB, claims: [AML] }
            """,
            ["7:38: security token T investor alice: no trusted issuer of T signs claims of topic 2 (list one under trustedIssuers)"]
        ),
        (
            """
            accounts: [admin]
            assets:
              users:
                u: { wallet: admin, pincode: "12345", key: short }
            abclab:
              assets:
                A: { name: x }
            """,
            [
                "4:34: assets user u pincode: '12345' is not 6 digits",
                "4:48: assets user u key: a key is 8 to 200 printable ASCII characters without spaces",
                "7:8: abclab asset A needs 'tokenId'",
            ]
        ),
        (
            """
            accounts: [admin]
            immutable:
              collections:
                C: { standard: ERC20 }
                D: { standard: ERC1155, name: x }
              keys:
                k: { collections: [C, E], tier: gold }
                m: { tier: { perMinute: 0, burst: 1 } }
            """,
            [
                "4:20: immutable collection C standard: 'ERC20' is not ERC721 or ERC1155",
                "5:35: immutable collection D: an ERC1155 collection takes uri (with {id}), not name",
                "7:27: immutable key k collections: unknown collection 'E' (did you mean 'C'?) (collections: C, D)",
                "7:37: immutable key k tier: 'gold' is not standard, partner or {perMinute, burst}",
                "8:16: immutable key m tier: perMinute and burst must be at least 1",
            ]
        ),
        (
            """
            accounts: [admin, vault]
            qustody:
              vaults: { v1: vault }
              keys:
                ops: { permissions: [tokens:mint, tokens:mnit] }
                boss: { permissions: [operations:approve] }
              tokens:
                t1:
                  name: T
                  symbol: T
                  vault: v2
                  template: QRC20_BURNABLE
                  policy:
                    requireApproval: { quorum: 3, approvers: [boss, ops] }
                    timeWindow: "18:00-08:00"
            webhooks:
              - { dialect: qustodi, url: "https://x.test/" }
              - { dialect: qustody, url: "ftp://x.test/" }
            """,
            [
                "5:39: qustody key ops permissions: unknown permission 'tokens:mnit' (did you mean 'tokens:mint'?) (permissions: tokens:mint, tokens:burn, tokens:read, operations:approve)",
                "11:14: qustody token t1 vault: unknown vault 'v2' (did you mean 'v1'?) (vaults: v1)",
                "12:17: qustody token t1 template: 'QRC20_BURNABLE' is not one of QRC20_MINTABLE_BURNABLE, QRC20_MINTABLE",
                "14:26: qustody token t1 requireApproval: quorum 3 must be from 1 to the 2 approvers",
                "14:57: qustody token t1 requireApproval approvers: 'ops' is not a qustody key with operations:approve (did you mean 'boss'?)",
                "15:21: qustody token t1 timeWindow: '18:00-08:00' is not HH:MM-HH:MM (UTC, start before end)",
                "17:16: webhook dialect: unknown dialect 'qustodi' (did you mean 'qustody'?) (dialects with webhooks: immutable, qustody)",
                "18:30: webhook url: 'ftp://x.test/' is not an http:// or https:// URL",
            ]
        ),
        (
            """
            accounts: [admin, "x:lower", zero, T]
            securityTokens:
              T: { name: x }
            qustody:
              keys:
                ap: { permissions: [operations:approve] }
              vaults: { v: admin }
              tokens:
                t: { name: t, symbol: s, vault: v, policy: { requireApproval: { quorum: 1, approvers: [ap, ap] } } }
            webhooks:
              - { dialect: qustody, url: "https://x.test/", secret: "" }
            """,
            [
                "1:19: 'x:lower' is not a valid account name (letters, digits, '_' and '-', starting with a letter)",
                "1:30: 'zero' is reserved for the zero address",
                "3:3: 'T' already names an account of the setup",
                "9:96: qustody token t requireApproval approvers: 'ap' is listed twice",
                "11:57: webhook secret must not be empty (leave it out to have one derived)",
            ]
        ),
        (
            """
            accounts: [admin]
            qustody:
              keys:
                a: { key: same-key-1, permissions: [tokens:read] }
                b: { key: same-key-1, permissions: [tokens:read] }
            abclab:
              assets: { X: { tokenId: T-1 } }
            securityTokens:
              X: { name: x }
            """,
            [
                "5:15: qustody: b and a have the same key",
                "7:13: 'X' already names a contract of the setup",
            ]
        ),
    ]

    /// Every mistake of an entry is reported, and a name declared with a mistake of its own is still
    /// known where it is used.
    static let brokenEntries: [(yaml: String, diagnostics: [String])] = [
        (
            """
            accounts: [admin]
            webhooks:
              - { dialect: assets, url: "ftp://x", secret: "" }
            """,
            [
                "3:16: webhook dialect: 'assets' raises no webhook events (dialects with webhooks: immutable, qustody)",
                "3:29: webhook url: 'ftp://x' is not an http:// or https:// URL",
                "3:48: webhook secret must not be empty (leave it out to have one derived)",
            ]
        ),
        (
            """
            accounts: [admin]
            webhooks:
              - { dialect: qustody, url: "https://a.test/h" }
              - { dialect: qustody, url: "https://a.test/h", secret: other }
              - { dialect: immutable, url: "https://a.test/h" }
            """,
            [
                "4:30: webhook url: https://a.test/h is already an endpoint (one receiver per URL)",
                "5:32: webhook url: https://a.test/h is already an endpoint (one receiver per URL)",
            ]
        ),
        (
            """
            accounts: [admin, vault]
            qustody:
              vaults: { v: vaultt }
              tokens: { t: { name: T, symbol: T, vault: v } }
            """,
            ["3:16: qustody vault v: unknown account 'vaultt' (did you mean 'vault'?) (accounts: admin, vault)"]
        ),
        (
            "accounts: [admin]\nqustody:\n  tokens: { t: { name: T, symbol: T, vault: v } }",
            ["3:45: qustody token t vault: unknown vault 'v' (the setup declares no qustody vaults)"]
        ),
    ]

    @Test func everyMistakeOfAnEntryIsReportedAndNoneFollowsFromAnother() {
        for (yaml, expected) in Self.brokenEntries {
            do {
                _ = try MintSetupConfig.read(text: yaml, file: "setup.yaml")
                Issue.record("read without errors: \(yaml)")
            } catch {
                #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == expected, "\(yaml)")
            }
        }
    }

    @Test func brokenSetupsAreReportedWithPositions() {
        for (yaml, expected) in Self.broken {
            do {
                _ = try MintSetupConfig.read(text: yaml, file: "setup.yaml")
                Issue.record("read without errors: \(yaml)")
            } catch {
                #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == expected, "\(yaml)")
                #expect(error.diagnostics.allSatisfy { $0.location.file == "setup.yaml" })
            }
        }
        #expect(throws: ScenarioFileError.self) { try MintSetupConfig.load(file: "/nonexistent/setup.yaml") }
    }

    @Test func complianceModulesAreDeployedAndTheirRefusalsAnsweredByTheAssetsDialect() throws {
        let plan = try MintSetupConfig.read(
            text: """
                accounts: [admin, kyc, alice, bob, issuer]
                securityTokens:
                  FUND:
                    name: Fund Units
                    claimTopics: [KYC]
                    trustedIssuers: { kyc: [KYC] }
                    minters: [issuer]
                    compliance:
                      - { module: max-balance, max: "100" }
                      - { module: country-restrict, countries: [FR] }
                      - { module: transfer-restrict, allow: [alice] }
                      - { module: time-transfers-limits, limits: [ { window: 1d, limit: "50" } ] }
                    investors:
                      alice: { country: GB, claims: [KYC] }
                      bob: { country: FR, claims: [KYC] }
                assets:
                  users:
                    issuer: { wallet: issuer, pincode: "123456" }
                """, file: "s.yaml")
        let chain = Chain(config: MintSetup.chainConfig(plan))
        let setup = try MintSetup.build(plan, on: chain)
        let api = try MintAPI(service: MintService(chain: chain, setup: setup))
        let fund = try #require(setup.securityAssets.first).suite
        #expect(fund.modules.map(\.kind) == ["max-balance-module", "country-restrict-module", "transfer-restrict-module", "time-transfers-limits-module"])
        let alice = try #require(setup.account(named: "alice")).address
        let bob = try #require(setup.account(named: "bob")).address
        let key = try #require(setup.apiKeys.first { $0.dialect == "assets" }).key
        func mint(_ to: Address, _ amount: String) -> APIResponse {
            api.handle(
                APIRequest(
                    method: "POST", path: "/assets/api/token/\(fund.token)/mint", headers: [(name: "X-Api-Key", value: key)],
                    body: Array(#"{"recipients": "\#(to)", "amounts": ["\#(amount)", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}}"#.utf8)))
        }
        #expect(mint(alice, "100").status == 200)
        let over = mint(alice, "1")
        #expect(over.status == 400)
        #expect(over.json?["code"] == .string("RECIPIENT_NOT_COMPLIANT"))
        #expect(over.json?["message"]?.stringValue?.hasPrefix("Recipient not compliant: recipients \(alice): ") == true)
        let restricted = mint(bob, "1")
        #expect(restricted.json?["code"] == .string("RECIPIENT_NOT_COMPLIANT"))
        #expect(restricted.json?["message"]?.stringValue?.hasPrefix("Recipient not compliant: recipients \(bob): ") == true)
        // The asset object lists the modules.
        let asset = api.handle(APIRequest(method: "GET", path: "/assets/api/token/\(fund.token)", headers: [(name: "X-Api-Key", value: key)])).json
        #expect(asset?["complianceModuleConfigs"]?.arrayValue?.map { $0["typeId"] } == fund.modules.map { .string($0.kind) })
        // Mistakes in a module are reported at their place.
        do {
            _ = try MintSetupConfig.read(
                text: "accounts: [a]\nsecurityTokens:\n  T:\n    name: T\n    compliance: [ { module: max-holder, max: 5 }, { module: transfer-restrict, allow: [zed] } ]",
                file: "s.yaml")
            Issue.record("a broken module was accepted")
        } catch {
            #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "5:29: security token T compliance: unknown module 'max-holder' (did you mean 'max-holders'?) (modules: country-allow, country-restrict, max-balance, max-holders, supply-limit, transfer-restrict, time-transfers-limits)",
                "5:88: the transfer-restrict module allow: unknown account 'zed' (accounts: a)",
            ])
        }
    }

    @Test func aSecurityTokenAtTheLimitsTheChecksAllowIsDeployed() throws {
        let topics = (1...15).map(String.init).joined(separator: ", ")
        let plan = try MintSetupConfig.read(
            text: """
                accounts: [admin, kyc, alice]
                securityTokens:
                  T:
                    name: T
                    decimals: 18
                    assetType: fund
                    claimTopics: [\(topics)]
                    trustedIssuers: { kyc: [\(topics)], alice: [KYC] }
                    minters: [admin, kyc]
                    investors:
                      alice: { country: GB, claims: [KYC, AML] }
                """, file: "setup.yaml")
        let chain = Chain(config: MintSetup.chainConfig(plan))
        let setup = try MintSetup.build(plan, on: chain)
        let token = try #require(setup.securityAssets.first).suite
        #expect(try chain.call(token.claimTopicsRegistry, "getClaimTopics()(uint256[])") == [.array((1...15).map { .uint(UInt256(UInt64($0))) })])
    }

    @Test func faultsInASetupFileAreInForceFromTheStart() throws {
        let plan = try MintSetupConfig.read(
            text: """
                accounts: [admin, vault]
                qustody:
                  vaults: { v: vault }
                  keys: { ops: { key: qk_test_ops_local, permissions: [tokens:mint] } }
                  tokens: { t: { name: T, symbol: T, vault: v } }
                faults:
                  failNext: [ { count: 1, dialect: qustody, status: 503, code: SERVICE_UNAVAILABLE, message: try again } ]
                  holdConfirmations: true
                  dropWebhooks: 2
                  delayWebhooksMs: 250
                """, file: "s.yaml")
        #expect(plan.faults.failNext == [InjectedFailure(dialect: "qustody", remaining: 1, status: 503, code: "SERVICE_UNAVAILABLE", message: "try again")])
        let chain = Chain(config: MintSetup.chainConfig(plan))
        let api = try MintAPI(service: MintService(chain: chain, setup: try MintSetup.build(plan, on: chain)))
        api.apply(plan.faults)
        #expect(api.holdConfirmations)
        #expect(api.webhooks.dropNext == 2)
        #expect(api.webhooks.delayMs == 250)
        func mint(_ key: String) -> APIResponse {
            api.handle(
                APIRequest(
                    method: "POST", path: "/qustody/v1/tokens/t/mint",
                    headers: [("X-API-Key", "qk_test_ops_local"), ("Idempotency-Key", key), ("Content-Type", "application/json")],
                    body: Array(#"{"amount": "5", "recipient": {"type": "address", "address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}}"#.utf8)))
        }
        let failed = mint("k-1")
        #expect(failed.status == 503)
        #expect(failed.json?["error"]?["code"] == .string("SERVICE_UNAVAILABLE"))
        // The next one is accepted, and held until a block is mined on purpose.
        let held = mint("k-2")
        #expect(held.status == 202)
        #expect(held.json?["status"] == .string("SUBMITTED"))
        do {
            _ = try MintSetupConfig.read(
                text: "accounts: [a]\nfaults: { failNext: [ { count: 0, dialect: qustodi, status: 302 } ], holdConfirmations: maybe }", file: "s.yaml")
            Issue.record("bad faults were accepted")
        } catch {
            #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "2:23: faults failNext count must be at least 1",
                "2:44: faults failNext dialect: unknown dialect 'qustodi' (did you mean 'qustody'?) (dialects: assets, abclab, immutable, qustody)",
                "2:61: faults failNext status must be from 400 to 599, found 302",
                "2:89: faults holdConfirmations must be true or false, found 'maybe'",
            ])
        }
    }

    @Test func aScenarioTakesASetupFileRelativeToItself() throws {
        let directory = ScenarioHostTests.root.appendingPathComponent("scenarios/mint-api").path
        let scenario = try ScenarioLoader.load(
            text: "name: t\nmint-api: { setup: setups/treasury.yaml }\nsteps:\n  - assert: { totalSupply: EURX, equals: \"0\" }",
            file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
        #expect(scenario.accounts.map(\.name) == ["admin", "treasurer", "kyc", "fund-a", "fund-b", "minter", "vault", "viewer"])
        #expect(ScenarioRunner(scenario: scenario).run().passed)
        do {
            _ = try ScenarioLoader.load(text: "name: t\nmint-api: { setup: missing.yaml }\nsteps: []", file: directory + "/inline.yaml", mintAPI: MintAPIScenarios())
            Issue.record("a missing setup file was accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["mint-api: \(directory)/missing.yaml: the file does not exist"])
        }
    }
}

/// Per-key rate limits a setup gives the dialects whose documents have none.
@Suite struct ConfiguredRateLimitTests {
    @Test func abclabIsLimitedAsAWholeWithRetryAfter() throws {
        let f = try Fixture { $0.rateLimits = [("abclab", "*", RateTier(name: "Custom", perMinute: 1, burst: 1))] }
        let body = #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#
        let first = f.post("/abclab/api/tokens/mint", body)
        #expect(first.status == 200)
        #expect(first.header("RateLimit-Limit") == "1")
        #expect(first.header("RateLimit-Remaining") == "0")
        #expect(first.header("RateLimit-Reset") == "60")
        let second = f.post("/abclab/api/tokens/mint", body)
        #expect(second.status == 429)
        #expect(second.header("Retry-After") == "59")
        #expect(
            second.json
                == .obj([
                    "status": .string("error"), "error_code": .string("RATE_LIMITED"),
                    "message": .string("Rate limit exceeded for abclab requests: 1 requests a minute, 1 at most at once; retry after 59 seconds"),
                ]))
        // Nothing was minted by the refused request; a minute later the bucket has one again.
        #expect(try f.supply(f.contract("UKGILT2030")) == 1)
        try f.chain.advanceTime(by: 60)
        #expect(f.post("/abclab/api/tokens/mint", body).status == 409)
    }

    @Test func assetsKeysAreLimitedBySubjectAndOthersAreNot() throws {
        let f = try Fixture { $0.rateLimits = [("assets", "viewer", RateTier(name: "Custom", perMinute: 60, burst: 1))] }
        let acme = f.contract("ACME")
        let viewer = [("X-Api-Key", f.key("assets", "viewer"))]
        #expect(f.request("GET", "/assets/api/token/\(acme)", headers: viewer).status == 200)
        let limited = f.request("GET", "/assets/api/token/\(acme)", headers: viewer)
        #expect(limited.status == 429)
        #expect(limited.json?["code"] == .string("TOO_MANY_REQUESTS"))
        #expect(limited.header("Retry-After") == "1")
        // The issuer's key has no limit, and a request without a valid key is refused as before.
        let issuer = [("X-Api-Key", f.key("assets", "issuer"))]
        for _ in 0..<3 { #expect(f.request("GET", "/assets/api/token/\(acme)", headers: issuer).header("RateLimit-Limit") == nil) }
        #expect(f.request("GET", "/assets/api/token/\(acme)", headers: [("X-Api-Key", "sm_atk_wrong")]).status == 401)
    }

    @Test func anInjectedFailureStillComesAfterTheRateLimit() throws {
        let f = try Fixture { $0.rateLimits = [("abclab", "*", RateTier(name: "Custom", perMinute: 60, burst: 5))] }
        f.api.failures = [InjectedFailure(dialect: "abclab", remaining: 1, status: 503, code: "SERVICE_UNAVAILABLE", message: "down")]
        let response = f.post("/abclab/api/tokens/mint", "{}")
        #expect(response.status == 503)
        #expect(response.header("RateLimit-Remaining") == "4")
        // A revert puts the buckets back to full.
        let snapshot = f.chain.snapshot()
        f.api.keepRecords(forSnapshot: snapshot)
        _ = f.post("/abclab/api/tokens/mint", "{}")
        try f.chain.revert(to: snapshot)
        try f.api.revertRecords(toSnapshot: snapshot, keep: false)
        #expect(f.post("/abclab/api/tokens/mint", "{}").header("RateLimit-Remaining") == "4")
    }

    @Test func theOpenAPIDocumentListsTheirAnswer() throws {
        let f = try Fixture { $0.rateLimits = [("qustody", "auditor", RateTier(name: "Custom", perMinute: 6, burst: 1))] }
        let document = OpenAPI.document(f.api)
        let operation = document["paths"]?["/qustody/v1/tokens/{tokenId}"]?["get"]
        #expect(operation?["responses"]?["429"]?["description"] != nil)
        #expect(document["paths"]?["/abclab/api/tokens/mint"]?["post"]?["responses"]?["429"] == nil)
    }

    @Test func aSetupFileSetsThem() throws {
        let plan = try MintSetupConfig.read(
            text: """
                accounts: [admin, vault]
                abclab: { rateLimit: { perMinute: 30, burst: 3 } }
                assets: { users: { u: { wallet: admin, rateLimit: { perMinute: 5, burst: 1 } } } }
                qustody: { keys: { ops: { permissions: [tokens:read], rateLimit: { perMinute: 12, burst: 4 } } } }
                """, file: "s.yaml")
        #expect(plan.rateLimits.map { "\($0.dialect) \($0.subject) \($0.tier.perMinute)/\($0.tier.burst)" } == ["assets u 5/1", "abclab * 30/3", "qustody ops 12/4"])
        #expect(throws: ScenarioFileError.self) {
            try MintSetupConfig.read(text: "accounts: [a]\nqustody: { keys: { ops: { permissions: [], rateLimit: { perMinute: 0, burst: 1 } } } }", file: "s.yaml")
        }
        do {
            _ = try MintSetupConfig.read(text: "accounts: [a]\nqustody: { keys: { ops: { permissions: [], rateLimit: { perMinute: 0, burst: 1 } } } }", file: "s.yaml")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["qustody key ops rateLimit: perMinute and burst must be at least 1"])
        }
    }
}
