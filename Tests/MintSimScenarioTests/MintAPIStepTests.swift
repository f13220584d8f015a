import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimScenario

/// A mint API that answers from a script and reports canned deliveries, to test the steps alone.
final class ScriptedMintAPI: ScenarioMintAPI, @unchecked Sendable {
    /// Why the API's records cannot be reverted, when they cannot.
    var revertFailure: String?
    var requests: [ScenarioHTTPRequest] = []
    var answer: (ScenarioHTTPRequest) -> ScenarioHTTPResponse
    var deliveries: [ScenarioWebhookDelivery] = []
    var calls: [String] = []
    let suites: [String: SecurityTokenSuite] = [:]

    init(answer: @escaping (ScenarioHTTPRequest) -> ScenarioHTTPResponse) { self.answer = answer }

    func send(_ request: ScenarioHTTPRequest) -> ScenarioHTTPResponse {
        requests.append(request)
        return answer(request)
    }
    func settle() {}
    func blocksMined() { calls.append("mined") }
    func snapshot(_ id: UInt64) { calls.append("snapshot \(id)") }
    func revert(to id: UInt64) throws(ScenarioMintAPIError) {
        calls.append("revert \(id)")
        if let revertFailure { throw ScenarioMintAPIError(revertFailure) }
    }
}

struct ScriptedProvider: ScenarioMintAPIProvider {
    let host: ScriptedMintAPI
    /// Why the setup cannot be laid out, when it cannot.
    var refusal: String?
    /// The contracts the layout says the setup deploys.
    var contracts: [ExistingContract] = []
    var setups: [String] { ["demo"] }
    var dialects: [String] { ["alpha", "beta"] }
    var webhookDialects: [String] { ["alpha"] }

    func layout(of setup: String, dialect: String?) throws(ScenarioMintAPIError) -> ScenarioMintAPILayout {
        if let refusal { throw ScenarioMintAPIError(refusal) }
        let keys = (try? Mnemonic(Mnemonic.defaultPhrase).accounts(count: 2)) ?? []
        return ScenarioMintAPILayout(
            config: .development(), accounts: zip(["operator", "client"], keys).map { ($0, $1.privateKey) }, contracts: contracts)
    }

    func start(_ setup: String, dialect: String?, on chain: Chain, webhooks: [ScenarioWebhookEndpoint]) throws(ScenarioMintAPIError)
        -> any ScenarioMintAPI
    {
        host.calls.append("start \(setup) \(dialect ?? "-") \(webhooks.map(\.url).joined(separator: ","))")
        return host
    }
}

func json(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> ScenarioHTTPResponse {
    ScenarioHTTPResponse(status: status, headers: [("content-type", "application/json")] + headers, body: Array(body.utf8))
}

/// Runs `yaml` with a scripted API; the result and the API.
func runScripted(_ yaml: String, answer: @escaping (ScenarioHTTPRequest) -> ScenarioHTTPResponse = { _ in json(200, "{}") }) throws -> (
    ScenarioResult, ScriptedMintAPI
) {
    let host = ScriptedMintAPI(answer: answer)
    let scenario = try ScenarioLoader.load(text: yaml, file: "api.yaml", mintAPI: ScriptedProvider(host: host))
    return (ScenarioRunner(scenario: scenario).run(), host)
}

func delivery(
    _ id: String, event: String, state: String = "delivered", body: String = #"{"ok":true}"#, attempts: [Int?] = [200], secret: String = "s",
    signedWith: String? = nil
) -> ScenarioWebhookDelivery {
    let bytes = Array(body.utf8)
    let signature = "sha256=" + Hex.encode(Digest.hmacSHA256(key: Array((signedWith ?? secret).utf8), message: bytes), prefix: false)
    return ScenarioWebhookDelivery(
        id: id, event: event, dialect: "alpha", url: "https://hooks.test/a", body: bytes, headers: [("X-Sig", signature)], signatureHeader: "X-Sig",
        secret: secret, state: state, attempts: attempts)
}

@Suite struct MintAPIStepTests {
    @Test func requestsAreSentAsWrittenWithNamesAndSavedValuesFilledIn() throws {
        let (result, host) = try runScripted(
            """
            name: t
            mint-api: { setup: demo, dialect: beta, webhooks: [ { dialect: alpha, url: "https://hooks.test/a" } ] }
            steps:
              - http:
                  method: post
                  path: /alpha/orders?owner=${client}&note=a%20b
                  headers: { X-Key: "k-${operator:lower}" }
                  body: { to: "${client}", n: 1e2, tag: "$${literal}", nested: [ { ok: true, none: null, text: "007" } ] }
                expect: { status: 201, body: { id: 7, amount: "100" } }
                save: { id: id, first: "items[0]" }
              - http: { path: "/alpha/orders/${id}", body: { again: "${id}", item: "${first}", label: "id ${id}" } }
                save: { cursor: cursor }
              - http: { path: "/alpha/orders?after=${cursor}&n=1%202+3&flag" }
            """,
            answer: { request in
                request.path == "/alpha/orders" && request.method == "POST"
                    ? json(201, #"{"id": 7, "amount": "100", "items": [{"a": 1}]}"#) : json(200, #"{"cursor": "a+b=&c%20"}"#)
            })
        #expect(result.passed, "\(failure(result) ?? "")")
        #expect(host.calls == ["start demo beta https://hooks.test/a"])
        let first = try #require(host.requests.first)
        #expect(first.method == "POST")
        #expect(first.path == "/alpha/orders")
        #expect(first.query.map { "\($0.name)=\($0.value)" } == ["owner=0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "note=a b"])
        #expect(first.headers.map { "\($0.name): \($0.value)" } == ["X-Key: k-0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "Content-Type: application/json"])
        #expect(
            String(decoding: first.body, as: UTF8.self)
                == #"{"to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","n":1e2,"tag":"${literal}","nested":[{"ok":true,"none":null,"text":"007"}]}"#)
        let second = try #require(host.requests.dropFirst().first)
        #expect(second.method == "GET")
        #expect(second.path == "/alpha/orders/7")
        // A string that is only a saved value takes the value itself; inside text, its JSON text.
        #expect(String(decoding: second.body, as: UTF8.self) == #"{"again":7,"item":{"a":1},"label":"id 7"}"#)
        // Literal query text is percent-decoded; a filled-in value is taken as it is, & and = included.
        let third = try #require(host.requests.last)
        #expect(third.path == "/alpha/orders")
        #expect(third.query.map { "\($0.name)|\($0.value)" } == ["after|a+b=&c%20", "n|1 2 3", "flag|"])
    }

    @Test func everyMismatchOfAResponseIsNamedPrecisely() throws {
        let answer: (ScenarioHTTPRequest) -> ScenarioHTTPResponse = { _ in
            json(202, #"{"status": "PENDING", "amount": 100, "list": [1, 2], "inner": {"a": "x"}}"#, headers: [("Idempotent-Replayed", "true")])
        }
        let cases: [(String, String)] = [
            ("expect: { status: 200 }", #"expected status 200, got 202: {"status": "PENDING", "amount": 100, "list": [1, 2], "inner": {"a": "x"}}"#),
            ("expect: { headers: { Retry-After: \"5\" } }", "expected the header Retry-After: 5, but the response has no Retry-After"),
            ("expect: { headers: { idempotent-replayed: \"false\" } }", "expected the header idempotent-replayed: false, got true"),
            ("expect: { body: { state: PENDING } }", "body.state: missing (the object has status, amount, list, inner)"),
            ("expect: { body: { status: DONE } }", #"body.status: expected "DONE", got "PENDING""#),
            ("expect: { body: { amount: \"100\" } }", #"body.amount: expected a string "100", got a number 100"#),
            ("expect: { body: { amount: 101 } }", "body.amount: expected 101, got 100"),
            ("expect: { body: { list: [1] } }", "body.list: expected 1 item, got 2: [1,2]"),
            ("expect: { body: { list: [1, 3] } }", "body.list[1]: expected 3, got 2"),
            ("expect: { body: { inner: { a: null } } }", #"body.inner.a: expected null, got a string "x""#),
            ("save: { x: inner.b }", "save x: the response body has nothing at inner.b"),
        ]
        for (extra, message) in cases {
            let (result, _) = try runScripted(
                """
                name: t
                mint-api: demo
                steps:
                  - http: { path: /x }
                    \(extra)
                """, answer: answer)
            #expect(failure(result) == "4:5: \(message)", "\(extra)")
        }
        // The same number written otherwise matches; so does a subset of the members.
        let (passing, _) = try runScripted(
            """
            name: t
            mint-api: demo
            steps:
              - http: { path: /x }
                expect: { status: 202, body: { amount: 1e2, inner: {}, list: [1.0, 2] }, headers: { IDEMPOTENT-REPLAYED: "true" } }
            """, answer: answer)
        #expect(passing.passed, "\(failure(passing) ?? "")")
        let (notJSON, _) = try runScripted(
            """
            name: t
            mint-api: demo
            steps:
              - http: { path: /x }
                expect: { body: { a: 1 } }
            """, answer: { _ in ScenarioHTTPResponse(status: 200, headers: [], body: Array("plain text".utf8)) })
        #expect(failure(notJSON) == "4:5: expected a JSON body, got plain text")
    }

    @Test func webhookChecksMatchDeliveriesAndVerifyTheirSignatures() throws {
        let yaml = { (check: String) in
            """
            name: t
            mint-api: demo
            steps:
              - webhook: \(check)
            """
        }
        let host = ScriptedMintAPI(answer: { _ in json(200, "{}") })
        host.deliveries = [
            delivery("dlv_1", event: "minted", body: #"{"data": {"id": "op_1", "amount": "5"}}"#, attempts: [503, 200]),
            delivery("dlv_2", event: "minted", body: #"{"data": {"id": "op_2", "amount": "6"}}"#),
            delivery("dlv_3", event: "burned", state: "failed", attempts: [500, 500]),
        ]
        func check(_ text: String) throws -> String? {
            let scenario = try ScenarioLoader.load(text: yaml(text), file: "api.yaml", mintAPI: ScriptedProvider(host: host))
            return failure(ScenarioRunner(scenario: scenario).run())
        }
        #expect(try check("{ event: minted, body: { data: { id: op_1 } }, attempts: 2 }") == nil)
        #expect(try check("{ event: minted, count: 2 }") == nil)
        #expect(try check("{ dialect: alpha, event: burned, state: failed, attempts: 2 }") == nil)
        // A count names the deliveries it counted and those of the kind it did not, not every delivery.
        #expect(try check("{ event: minted, count: 3 }") == "4:5: expected 3 delivered minted deliveries, found 2 (matching: dlv_1, dlv_2)")
        #expect(try check("{ event: minted, attempts: 1, count: 2 }") == "4:5: expected 2 delivered minted deliveries, found 1 (matching: dlv_2; dlv_1 took 2 attempts)")
        #expect(try check("{ event: burned, count: 1 }") == "4:5: expected 1 delivered burned delivery, found 0 (dlv_3 is failed)")
        #expect(
            try check("{ event: refunded, count: 1 }")
                == "4:5: expected 1 delivered refunded delivery, found 0 (deliveries: dlv_1 minted of alpha delivered; dlv_2 minted of alpha delivered; dlv_3 burned of alpha failed)")
        #expect(try check("{ event: burned }") == "4:5: no delivered burned delivery matches (dlv_3 is failed)")
        #expect(try check("{ event: minted, attempts: 3 }") == "4:5: no delivered minted delivery matches (dlv_1 took 2 attempts; dlv_2 took 1 attempt)")
        #expect(
            try check("{ event: minted, body: { data: { amount: \"7\" } } }")
                == #"4:5: no delivered minted delivery matches (dlv_1: body.data.amount: expected "7", got "5"; dlv_2: body.data.amount: expected "7", got "6")"#)
        #expect(try check("{ url: \"https://elsewhere.test/\" }") == "4:5: no delivered webhook to https://elsewhere.test/ delivery matches (deliveries: dlv_1 minted of alpha delivered; dlv_2 minted of alpha delivered; dlv_3 burned of alpha failed)")
        host.deliveries = [delivery("dlv_9", event: "minted", signedWith: "another secret")]
        #expect(try check("{ event: minted }") == "4:5: dlv_9 (minted to https://hooks.test/a): the X-Sig header does not verify against the endpoint's secret")
        host.deliveries = []
        #expect(try check("{ event: minted }") == "4:5: no delivered minted delivery matches (no webhook has been delivered: is an endpoint registered for the dialect?)")
    }

    @Test func theRunStopsWhereTheAPIFailsItsSetupOrARevert() throws {
        let host = ScriptedMintAPI(answer: { _ in json(200, "{}") })
        let missing = Address.contractAddress(sender: .zero, nonce: 7)
        var provider = ScriptedProvider(host: host)
        provider.contracts = [ExistingContract(name: "GHOST", kind: "erc20", decimals: 18, address: missing)]
        let notDeployed = ScenarioRunner(scenario: try ScenarioLoader.load(text: "name: t\nmint-api: demo\nsteps: []", file: "api.yaml", mintAPI: provider)).run()
        #expect(failure(notDeployed) == "2:11: the mint API's setup did not deploy GHOST at \(missing.checksummed)")

        host.revertFailure = "a record is damaged"
        let scenario = try ScenarioLoader.load(
            text: "name: t\nmint-api: demo\nsteps:\n  - snapshot: start\n  - revert: start", file: "api.yaml", mintAPI: ScriptedProvider(host: host))
        #expect(failure(ScenarioRunner(scenario: scenario).run()) == "5:5: the mint API's records cannot go back: a record is damaged")
    }

    @Test func snapshotsRevertsAndMinesReachTheAPI() throws {
        let (result, host) = try runScripted(
            """
            name: t
            mint-api: demo
            steps:
              - snapshot: start
              - mine: 2
              - revert: start
            """)
        #expect(result.passed, "\(failure(result) ?? "")")
        #expect(host.calls.dropFirst() == ["snapshot 0", "mined", "revert 0"])
    }

    @Test func templatesPathsAndNumbers() {
        #expect(Template.parse("a${b}c$${d}$e").map(\.pieces) == .success([.text("a"), .name("b"), .text("c${d}$e")]))
        #expect(Template.parse("${x}").map(\.soleName) == .success("x"))
        #expect((try? Template.parse("a ${b").get()) == nil)
        #expect((try? Template.parse("${}").get()) == nil)
        #expect(JSONPath.parse("a.b[2].c")?.components == [.key("a"), .key("b"), .index(2), .key("c")])
        #expect(JSONPath.parse("$.data.items[0]")?.components == [.key("data"), .key("items"), .index(0)])
        #expect(JSONPath.parse("[1][0]")?.components == [.index(1), .index(0)])
        for bad in ["", "a..b", "a.", ".a", "a[x]", "a[-1]", "a[1]b", "a[1"] { #expect(JSONPath.parse(bad) == nil, "\(bad)") }
        #expect(JSONPath.parse("$[0].id")?.components == [.index(0), .key("id")])
        #expect(JSONPath.parse("$")?.components == [])
        for bad in ["[+5]", "a.[0]", "a[ 1]"] { #expect(JSONPath.parse(bad) == nil, "\(bad)") }
        // Exponents beyond what compares by value fall back to the text, without trapping.
        #expect(!ScenarioRunner.sameNumber("10e9223372036854775807", "1e9223372036854775808"))
        #expect(!ScenarioRunner.sameNumber("1e99999999999999999999", "1"))
        #expect(!ScenarioRunner.sameNumber("1.5e-9223372036854775808", "15e-9223372036854775809"))
        #expect(ScenarioRunner.sameNumber("1e99999999999999999999", "1e99999999999999999999"))
        #expect(ScenarioRunner.sameNumber("100", "1e2"))
        #expect(ScenarioRunner.sameNumber("1.50", "15e-1"))
        #expect(ScenarioRunner.sameNumber("0", "-0.0"))
        #expect(!ScenarioRunner.sameNumber("100", "10"))
        #expect(!ScenarioRunner.sameNumber("-1", "1"))
    }

    static let broken: [(yaml: String, diagnostics: [String])] = [
        ("mint-api: nothing\nsteps: []", ["2:11: mint-api: unknown setup 'nothing' (setups: demo, or a setup file ending in .yaml)"]),
        ("mint-api: { setup: demo, dialect: gamma }\nsteps: []", ["2:35: mint-api dialect: unknown dialect 'gamma' (dialects: alpha, beta)"]),
        (
            "mint-api: { setup: demo, webhooks: [ { dialect: alpha, url: \"ftp://x\", respond: [200, 700] } ] }\nsteps: []",
            ["2:61: webhook url: 'ftp://x' is not an http:// or https:// URL", "2:87: webhook respond: 700 is not an HTTP status (100 to 599)"]
        ),
        (
            "mint-api: { setup: demo, webhooks: [ { dialect: beta, url: \"https://x.test/\" } ] }\nsteps:\n  - webhook: { dialect: beta }",
            [
                "2:49: webhook dialect: 'beta' raises no webhook events (dialects with webhooks: alpha)",
                "4:25: webhook dialect: 'beta' raises no webhook events (dialects with webhooks: alpha)",
            ]
        ),
        (
            "mint-api: { setup: demo, webhooks: [ { dialect: alpha, url: \"https://x y\" }, { dialect: alpha, url: \"http://a\", secret: \"\" }, { dialect: alpha, url: \"http://b\" }, { dialect: alpha, url: \"http://b\" } ] }\nsteps:\n  - webhook: { state: pending }",
            [
                "2:61: webhook url: 'https://x y' is not an http:// or https:// URL",
                "2:121: webhook secret must not be empty (leave it out to have one derived)",
                "2:164: mint-api webhooks: http://b is already an endpoint (one receiver per URL)",
                "4:23: webhook state: 'pending' is not one of delivered, failed, dropped",
            ]
        ),
        (
            "mint-api: demo\nsteps:\n  - http: { path: /a }\n    save: { zero: id, later: id }\n  - deploy: { name: later, kind: erc20 }",
            [
                "5:13: save: 'zero' is reserved for the zero address",
                "6:21: 'later' is already the name of a value an http step saves",
            ]
        ),
        ("mint-api: demo\nchain: { mining: manual }\nsteps: []", [#"2:11: mint-api: the mint API needs mining: auto (to hold its confirmations, POST /_mintsim/faults {"holdConfirmations": true})"#]),
        ("mint-api: demo\nchain: { mnemonic: \"legal winner thank year wave sausage worth useful legal winner thank yellow\" }\nsteps: []", ["2:11: mint-api: the setup's accounts are those of the default mnemonic, and the file's own continue them; remove chain.mnemonic"]),
        ("mint-api: demo\naccounts: [client]\nsteps: []", ["3:12: 'client' is already an account or contract of the mint API's demo setup"]),
        ("steps:\n  - http: { path: /x }", ["3:11: an http step needs the mint API: add 'mint-api: demo' at the top of the file"]),
        ("steps:\n  - webhook: { event: x }", ["3:14: a webhook step needs the mint API: add 'mint-api: demo' at the top of the file"]),
        (
            "mint-api: demo\nsteps:\n  - http: { method: FETCH, path: x }",
            ["4:21: http method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS", "4:34: http path: 'x' must start with '/' (the API's own path, as /qustody/v1/...)"]
        ),
        (
            "mint-api: demo\nsteps:\n  - http: { path: \"/a/${clinet}/${b\", headers: { \"Bad Name\": x, X-A: \"${operator:upper}\" } }",
            [
                #"4:19: http path: '${' without its closing '}' in '/a/${clinet}/${b'"#, "4:50: http headers: 'Bad Name' is not a header name",
                "4:70: http headers X-A: '${operator:upper}': the only form after ':' is ':lower'",
            ]
        ),
        (
            "mint-api: demo\nsteps:\n  - http: { path: \"/a/${clinet}\", body: { to: \"${nobody}\" } }",
            [
                "4:19: http path: unknown name '${clinet}' (did you mean 'client'?) (an account, a contract or a value saved by an earlier step)",
                "4:47: http body: unknown name '${nobody}' (an account, a contract or a value saved by an earlier step)",
            ]
        ),
        ("mint-api: demo\nsteps:\n  - http: { path: /a }\n    expect: { status: 999 }", ["5:23: expect status: 999 is not an HTTP status (100 to 599)"]),
        ("mint-api: demo\nsteps:\n  - http: { path: /a, body: { [a, b]: 1 } }", ["4:31: http body: an object's key must be a string"]),
        (
            "mint-api: { setup: demo, webhooks: [ { dialect: alpha, url: \"https://x.test/\", respond: [] } ] }\nsteps: []",
            ["2:89: webhook respond: give at least one status"]
        ),
        (
            // Each reference at its own place, however deep in a body.
            """
            mint-api: demo
            steps:
              - http:
                  method: POST
                  path: /x
                  body:
                    a: 1
                    b:
                      c: [2, "${nobdy}"]
                expect:
                  body:
                    e:
                      f: "${clinet}"
            """,
            [
                "10:18: http body: unknown name '${nobdy}' (an account, a contract or a value saved by an earlier step)",
                "14:14: expect body: unknown name '${clinet}' (did you mean 'client'?) (an account, a contract or a value saved by an earlier step)",
            ]
        ),
        (
            "mint-api: demo\nsteps:\n  - http: { path: /a }\n    expect-revert: Foo\n    save: { client: id, \"9x\": a, y: \"a..b\" }",
            [
                "5:20: expect-revert: unknown error 'Foo'; the contracts' errors are listed by `mintsim contracts --json` and in their ABI files",
                "5:20: an http step cannot expect a revert (the API refuses what would revert; expect its status and body)",
                "6:13: save: 'client' is already the name of an account or contract", "6:25: save: '9x' is not a valid name (letters, digits, '_' and '-', starting with a letter)",
                "6:37: save y: 'a..b' is not a path into the body (write it as id, data.items[0].id or $.data.id)",
            ]
        ),
        ("mint-api: demo\nsteps:\n  - mine: 1\n    save: { a: b }", ["5:5: save: only an http step saves values (from its response's body)"]),
        (
            "mint-api: demo\nsteps:\n  - webhook: { dialect: gamma, state: lost, attempts: x }",
            [
                "4:25: webhook dialect: unknown dialect 'gamma' (dialects with webhooks: alpha)",
                "4:39: webhook state: 'lost' is not one of delivered, failed, dropped",
                "4:55: webhook attempts must be a whole number, found 'x'",
            ]
        ),
        ("mint-api: demo\nsteps: []\nfuzz: { runs: 1, actions: [] }", ["4:7: fuzz: a scenario with mint-api cannot be fuzzed (fuzz actions are contract calls)"]),
    ]

    @Test func brokenFilesAreReportedWithPositions() {
        let provider = ScriptedProvider(host: ScriptedMintAPI(answer: { _ in json(200, "{}") }))
        for (yaml, expected) in Self.broken {
            do {
                _ = try ScenarioLoader.load(text: "name: t\n" + yaml, file: "api.yaml", mintAPI: provider)
                Issue.record("loaded without errors: \(yaml)")
            } catch {
                #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == expected, "\(yaml)")
            }
        }
    }

    /// When the mint API cannot be served, the steps that call it and the names its setup gives are
    /// not reported as errors of their own: the section's refusal is the one error.
    @Test func aRefusedMintAPIIsTheOnlyErrorReported() {
        let steps = """
            accounts: [own]
            steps:
              - http: { path: "/a/${client}" }
              - webhook: { event: e }
              - assert: { balance: { of: operator }, equals: "1" }
            """
        let host = ScriptedMintAPI(answer: { _ in json(200, "{}") })
        let usdx = ExistingContract(name: "USDX", kind: "erc20", decimals: 6, address: Address.contractAddress(sender: .zero, nonce: 1))
        let cases: [(provider: ScriptedProvider?, existing: [ExistingContract], message: String)] = [
            (nil, [], "mint-api: this run has no mint API to serve (mintsim run serves one; a scenario with mint-api cannot run in fuzz or with --state)"),
            (ScriptedProvider(host: host, refusal: "the setup failed: no"), [], "mint-api: the setup failed: no"),
            (ScriptedProvider(host: host), [usdx], "mint-api: the chain has contracts already, and the mint API's setup needs a new chain"),
        ]
        for (provider, existing, message) in cases {
            do {
                _ = try ScenarioLoader.load(text: "name: t\nmint-api: demo\n" + steps, file: "api.yaml", existing: existing, mintAPI: provider)
                Issue.record("loaded: \(message)")
            } catch {
                #expect(error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == ["2:11: \(message)"])
            }
        }
    }
}
