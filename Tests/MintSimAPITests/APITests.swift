import MintSimChain
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// Routing, the admin routes, the OpenAPI document and the dialects' answers to what no route takes.
@Suite struct APITests {
    @Test func unmatchedRequestsGetTheDialectsShape() throws {
        let f = try Fixture()
        var response = f.request("GET", "/abclab/api/tokens/mint")
        #expect(response.status == 405)
        #expect(response.header("allow") == "POST")
        #expect(response.text == #"{"status":"error","error_code":"METHOD_NOT_ALLOWED","message":"GET is not allowed on /abclab/api/tokens/mint"}"#)
        response = f.request("GET", "/assets/api/nothing")
        #expect(response.status == 404)
        #expect(response.json?["code"] == .string("NOT_FOUND"))
        #expect(response.message == "no route GET /assets/api/nothing")
        response = f.request("DELETE", "/_mintsim/setup")
        #expect(response.status == 405)
        #expect(response.text == #"{"error":{"code":"METHOD_NOT_ALLOWED","message":"DELETE is not allowed on /_mintsim/setup"}}"#)
        response = f.request("GET", "/elsewhere")
        #expect(response.status == 404)
        #expect(response.text == #"{"error":{"code":"NOT_FOUND","message":"no route GET /elsewhere"}}"#)
    }

    @Test func everyDialectAnswersWhatNoRouteTakesInItsOwnShape() throws {
        let f = try Fixture()
        let acme = f.contract("ACME")
        let heroes = f.contract("Heroes")
        let big = "{\"x\": \"" + String(repeating: "a", count: MintAPI.maxBodySize) + "\"}"
        // (dialect, path of a POST route, the shape's top-level members, codes of 404, 405, 413)
        let dialects: [(String, String, [String], [String], String)] = [
            (
                "assets", "/assets/api/token/\(acme)/mint", ["defined", "code", "status", "message", "data"],
                ["NOT_FOUND", "METHOD_NOT_SUPPORTED", "PAYLOAD_TOO_LARGE"], "POST"
            ),
            (
                "immutable", "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests", ["code", "message", "details", "trace_id"],
                ["RESOURCE_NOT_FOUND", "METHOD_NOT_ALLOWED", "VALIDATION_ERROR"], "POST, GET"
            ),
            ("qustody", "/qustody/v1/tokens/token_abc123/mint", ["error"], ["NOT_FOUND", "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE"], "POST"),
        ]
        for (dialect, path, members, codes, allowed) in dialects {
            let missing = f.request("GET", "/\(dialect)/nothing/here")
            #expect(missing.status == 404, "\(dialect)")
            #expect(missing.json?.objectValue?.keys == members, "\(dialect)")
            #expect(missing.code == codes[0], "\(dialect)")
            #expect(missing.message == "no route GET /\(dialect)/nothing/here", "\(dialect)")
            let method = f.request("PUT", path)
            #expect(method.status == 405, "\(dialect)")
            #expect(method.header("allow") == allowed, "\(dialect)")
            #expect(method.code == codes[1], "\(dialect)")
            #expect(method.message == "PUT is not allowed on \(path)", "\(dialect)")
            let large = f.post(path, big)
            #expect(large.status == 413, "\(dialect)")
            #expect(large.code == codes[2], "\(dialect)")
            #expect(large.message == "the request body exceeds 1048576 bytes", "\(dialect)")
        }
        // An injected failure in each dialect's shape too.
        #expect(f.post("/_mintsim/faults", #"{"failNext": {"count": 1, "dialect": "assets"}}"#).status == 200)
        #expect(f.post("/_mintsim/faults", #"{"failNext": {"count": 1, "dialect": "immutable"}}"#).status == 200)
        let assets = f.post(
            "/assets/api/token/\(acme)/mint",
            #"{"recipients": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}}"#,
            headers: [("X-Api-Key", f.key("assets", "issuer"))])
        #expect(assets.status == 500)
        #expect(assets.json?.objectValue?.keys == ["defined", "code", "status", "message", "data"])
        #expect(assets.message == "injected failure")
        let immutable = f.post(
            "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
            #"{"assets": [{"reference_id": "r", "owner_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}]}"#,
            headers: [("x-immutable-api-key", f.key("immutable", "game-studio"))])
        #expect(immutable.status == 500)
        #expect(immutable.code == "INTERNAL_ERROR")
        #expect(immutable.message == "injected failure")
        #expect(try f.supply(acme) == .zero)
    }

    @Test func aLongValueEchoedInAnErrorIsClipped() throws {
        let f = try Fixture()
        let digits = String(repeating: "9", count: 500_000)
        let heroes = f.contract("Heroes")
        let answers: [(APIResponse, String)] = [
            (
                f.post(
                    "/assets/api/token/\(f.contract("ACME"))/mint",
                    #"{"recipients": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "amounts": ["\#(digits)", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}}"#,
                    headers: [("X-Api-Key", f.key("assets", "issuer"))]),
                #"Input validation failed: amounts: ["\#(digits.prefix(10))"#
            ),
            (f.post("/abclab/api/tokens/mint", #"{"asset_id": "\#(digits)", "amount": 1, "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#), "Asset ID does not exist: 999"),
            (
                f.post(
                    "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                    #"{"assets": [{"reference_id": "r", "owner_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", "token_id": "\#(digits)"}]}"#,
                    headers: [("x-immutable-api-key", f.key("immutable", "game-studio"))]),
                "assets[0].token_id 999"
            ),
            (
                f.post(
                    "/qustody/v1/tokens/token_abc123/mint", #"{"amount": "\#(digits)", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#,
                    headers: [("X-API-Key", f.key("qustody", "treasury-ops")), ("Idempotency-Key", "long")]),
                "Amount 999"
            ),
            (f.post("/_mintsim/time/advance", #"{"seconds": "\#(digits)"}"#), "seconds must be"),
        ]
        for (answer, start) in answers {
            #expect(answer.status == 400 || answer.status == 404, "\(start)")
            let message = try #require(answer.message, "\(start)")
            #expect(message.hasPrefix(start), "\(message.prefix(80))")
            // The first 1,000 characters, then how many more there were.
            #expect(message.hasSuffix(" more characters)"), "\(message.suffix(40))")
            #expect(message.count < 1040)
            #expect(answer.body.count < 2500, "\(start)")
        }
    }

    @Test func oversizedBodiesAreRefusedBeforeParsing() throws {
        let f = try Fixture()
        let body = "{\"x\": \"" + String(repeating: "a", count: MintAPI.maxBodySize) + "\"}"
        let response = f.post("/abclab/api/tokens/mint", body)
        #expect(response.status == 413)
        #expect(response.text == #"{"status":"error","error_code":"PAYLOAD_TOO_LARGE","message":"the request body exceeds 1048576 bytes"}"#)
    }

    @Test func oneDialectAtTheRoot() throws {
        let f = try Fixture(only: "abclab")
        #expect(f.api.routes.map(\.path) == [
            "/api/tokens/mint", "/openapi.json", "/_mintsim/setup", "/_mintsim/mine", "/_mintsim/time/advance", "/_mintsim/snapshot",
            "/_mintsim/revert", "/_mintsim/webhooks", "/_mintsim/webhooks", "/_mintsim/deliveries", "/_mintsim/faults", "/_mintsim/faults",
            "/_mintsim/faults", "/_mintsim/assets/otp/{user}",
        ])
        let response = f.post("/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#)
        #expect(response.status == 200)
        #expect(f.request("GET", "/nothing").json?["error_code"] == .string("NOT_FOUND"))
        #expect(f.request("GET", "/_mintsim/setup").json?["dialects"]?["abclab"]?["basePath"] == .string("/"))
        #expect(throws: MintError("unknown dialect \"abc\" (dialects: assets, abclab, immutable, qustody)")) {
            _ = try MintAPI(service: f.api.service, only: "abc")
        }
    }

    @Test func setupDescribesAccountsContractsAndCredentials() throws {
        let f = try Fixture()
        let setup = try #require(f.request("GET", "/_mintsim/setup").json)
        #expect(setup["chain"]?["chainId"] == .number("31337"))
        #expect(setup["accounts"]?.arrayValue?.count == 12)
        #expect(setup["accounts"]?.arrayValue?.first == .obj([
            "name": .string("deployer"), "address": .string("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            "privateKey": .string("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        ]))
        #expect(setup["contracts"]?.arrayValue?.map { $0["name"] } == [
            "ACME", "ACME identity registry", "ACME compliance", "ASN", "ASN identity registry", "ASN compliance", "UKGILT2030", "DEBUND2035", "Heroes", "Items", "QUSD", "QEUR", "QPTS",
        ].map { .string($0) })
        let issuer = try #require(setup["dialects"]?["assets"]?["users"]?.arrayValue?.first)
        #expect(issuer["apiKey"] == .string(f.key("assets", "issuer")))
        #expect(issuer["pincode"] == .string("123456"))
        #expect(issuer["secretCodes"]?.arrayValue?.count == 10)
        #expect(setup["dialects"]?["assets"]?["basePath"] == .string("/assets"))
        #expect(setup["dialects"]?["abclab"]?["authentication"] == .string("none"))
        #expect(setup["dialects"]?["abclab"]?["assets"]?.arrayValue?.first?["token_id"] == .string("TOKEN-12345"))
        // Deterministic: a second demo answers the same bytes.
        #expect(try Fixture().request("GET", "/_mintsim/setup").body == f.request("GET", "/_mintsim/setup").body)
    }

    @Test func adminRoutesDriveTheChain() throws {
        let f = try Fixture()
        let start = f.chain.blockNumber
        var response = f.post("/_mintsim/mine", #"{"blocks": 3}"#)
        #expect(response.status == 200)
        #expect(response.json?["blocks"]?.arrayValue?.count == 3)
        #expect(f.chain.blockNumber == start + 3)
        #expect(f.post("/_mintsim/mine", "").json?["blocks"]?.arrayValue?.count == 1)
        let time = f.chain.now
        response = f.post("/_mintsim/time/advance", #"{"seconds": 3600}"#)
        #expect(response.json?["time"] == .int(time + 3600))
        let snapshot = f.post("/_mintsim/snapshot", "")
        #expect(snapshot.json?["id"] == .number("0"))
        f.chain.mine(count: 2)
        response = f.post("/_mintsim/revert", #"{"id": 0}"#)
        #expect(response.json == .obj(["reverted": .bool(true), "blockNumber": .int(start + 4)]))
        #expect(f.chain.blockNumber == start + 4)
        // Errors.
        #expect(f.post("/_mintsim/revert", #"{"id": 0}"#).text == #"{"error":{"code":"UNKNOWN_SNAPSHOT","message":"unknown snapshot id 0"}}"#)
        #expect(f.post("/_mintsim/revert", "").message == "id is required")
        #expect(f.post("/_mintsim/mine", #"{"blocks": 0}"#).message == "blocks must be an integer from 1 to 10000, got 0")
        #expect(f.post("/_mintsim/mine", #"{"blocks": "2"}"#).message == #"blocks must be an integer from 1 to 10000, got "2""#)
        #expect(f.post("/_mintsim/mine", "[").message == "invalid JSON at line 1, column 2: the body ends where a value should be")
        #expect(f.post("/_mintsim/time/advance", "[]").message == "the request body must be a JSON object, got an array")
        #expect(f.request("GET", "/_mintsim/assets/otp/nobody").message == "no assets user \"nobody\" (users: issuer, viewer)")
        #expect(f.request("GET", "/_mintsim/assets/otp/viewer").message == "user viewer has no OTP secret")
    }

    @Test func openAPIDocumentsEveryRoute() throws {
        let f = try Fixture()
        let document = try #require(f.request("GET", "/openapi.json").json)
        #expect(document["openapi"] == .string("3.1.0"))
        let paths = try #require(document["paths"]?.objectValue)
        for route in f.api.routes {
            let operation = paths[route.path]?[route.spec.method.lowercased()]
            #expect(operation?["operationId"] == .string(route.spec.operationID), "\(route.spec.method) \(route.path)")
        }
        let documented = paths.members.reduce(0) { $0 + ($1.value.objectValue?.members.count ?? 0) }
        #expect(documented == f.api.routes.count)
        let mint = paths["/assets/api/token/{tokenAddress}/mint"]?["post"]
        #expect(mint?["security"] == .array([.obj(["assetsApiKey": .array([])])]))
        #expect(mint?["parameters"]?.arrayValue?.first?["name"] == .string("tokenAddress"))
        #expect(document["components"]?["securitySchemes"]?["assetsApiKey"] == .obj([
            "type": .string("apiKey"), "in": .string("header"), "name": .string("X-Api-Key"),
        ]))
        #expect(mint?["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == .array([
            .string("recipients"), .string("amounts"), .string("walletVerification"),
        ]))
        // Each route lists the errors it answers, not its siblings'.
        func described(_ path: String, _ method: String, _ status: String) -> String? {
            paths[path]?[method]?["responses"]?[status]?["description"]?.stringValue
        }
        #expect(described("/qustody/v1/operations/{operationId}/approve", "post", "409") == "OPERATION_NOT_PENDING, ALREADY_APPROVED")
        #expect(described("/qustody/v1/operations/{operationId}/approve", "post", "404") == "OPERATION_NOT_FOUND")
        #expect(described("/qustody/v1/tokens/{tokenId}/mint", "post", "403") == "PERMISSION_DENIED, TOKEN_MINT_NOT_ALLOWED (1706), POLICY_DENIED")
        #expect(described("/qustody/v1/tokens/{tokenId}/burn", "post", "403") == "PERMISSION_DENIED, TOKEN_BURN_NOT_ALLOWED (1707), POLICY_DENIED")
        #expect(described("/qustody/v1/tokens/{tokenId}/mint", "post", "404") == "TOKEN_NOT_FOUND, VAULT_ACCOUNT_NOT_FOUND")
        #expect(described("/qustody/v1/operations/{operationId}", "get", "400") == nil)
        #expect(paths["/immutable/v1/chains/{chain_name}/collections/{contract_address}/metadata/refresh-metadata"]?["post"]?["operationId"]
            == .string("immutableRefreshMetadataByID"))
    }
}

/// Faults injected through `/_mintsim/faults`.
@Suite struct FaultTests {
    @Test func failNextAnswersTheDialectsErrorAndThenStops() throws {
        let f = try Fixture()
        var faults = f.post("/_mintsim/faults", #"{"failNext": {"count": 2, "dialect": "abclab", "status": 503, "code": "INTERNAL_ERROR", "message": "Unexpected server error"}}"#)
        #expect(faults.status == 200)
        #expect(faults.json?["failNext"]?.arrayValue?.first?["count"] == .number("2"))
        let body = #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#
        for _ in 0..<2 {
            let response = f.post("/abclab/api/tokens/mint", body)
            #expect(response.status == 503)
            #expect(response.text == #"{"status":"error","error_code":"INTERNAL_ERROR","message":"Unexpected server error"}"#)
        }
        #expect(try f.supply(f.contract("UKGILT2030")) == .zero)
        #expect(f.post("/abclab/api/tokens/mint", body).status == 200)
        // Reads are never failed; other dialects are not touched by a dialect's fault.
        faults = f.post("/_mintsim/faults", #"{"failNext": {"count": 1}}"#)
        #expect(f.request("GET", "/_mintsim/faults").json?["failNext"]?.arrayValue?.first?["dialect"] == .null)
        let qustody = f.post(
            "/qustody/v1/tokens/token_ghi789/mint", #"{"amount": "1", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#,
            headers: [("X-API-Key", f.key("qustody", "treasury-ops")), ("Idempotency-Key", "f1")])
        #expect(qustody.text == #"{"error":{"code":"INTERNAL_ERROR","message":"injected failure"}}"#)
        #expect(f.request("DELETE", "/_mintsim/faults").json == .obj([
            "failNext": .array([]), "holdConfirmations": .bool(false), "dropWebhooks": .number("0"), "delayWebhooksMs": .number("0"),
        ]))
    }

    @Test func holdConfirmationsKeepsOperationsPendingUntilMined() throws {
        let f = try Fixture()
        #expect(f.post("/_mintsim/faults", #"{"holdConfirmations": true}"#).json?["holdConfirmations"] == .bool(true))
        let heroes = f.contract("Heroes")
        let key = [("x-immutable-api-key", f.key("immutable", "game-studio"))]
        #expect(f.post(
            "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
            #"{"assets": [{"reference_id": "held", "owner_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}]}"#, headers: key).status == 202)
        let path = "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests/held"
        #expect(f.request("GET", path, headers: key).json?["result"]?.arrayValue?.first?["status"] == .string("pending"))
        #expect(f.post("/_mintsim/mine", "").status == 200)
        #expect(f.request("GET", path, headers: key).json?["result"]?.arrayValue?.first?["status"] == .string("succeeded"))
        // Lifting the hold sends what waits.
        #expect(f.post(
            "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
            #"{"assets": [{"reference_id": "held-2", "owner_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}]}"#, headers: key).status == 202)
        #expect(f.post("/_mintsim/faults", #"{"holdConfirmations": false}"#).status == 200)
        #expect(f.request("GET", path + "-2", headers: key).json?["result"]?.arrayValue?.first?["status"] == .string("succeeded"))
    }
}

/// Edge cases found in review: each once crashed or answered wrongly.
@Suite struct EdgeCaseTests {
    @Test func extremeExponentsAreRefusedNotTrapped() throws {
        let f = try Fixture()
        for (amount, why) in [
            ("1e-9223372036854775808", "has more decimals than the asset's 0"), ("1e9223372036854775807", "exceeds 2^256-1 base units"),
            ("1e99999999999999999999", "exceeds 2^256-1 base units"), ("1e-99999999999999999999", "has more decimals than the asset's 0"),
        ] {
            let response = f.post(
                "/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": \#(amount), "recipient_wallet_address": "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}"#)
            #expect(response.status == 400, "\(amount)")
            #expect(response.message == "Invalid input: amount \(amount) \(why)", "\(amount)")
        }
        #expect(Amounts.scale(number: "0e99999999999999999999", decimals: 0) == .success(.zero))
    }

    @Test func rateBucketsNeverOverflow() {
        var bucket = TokenBucket(tier: RateTier(name: "Huge", perMinute: 100_000_000, burst: 100_000_000), now: 0)
        #expect(bucket.take(5, at: 0).taken)
        #expect(bucket.remaining(at: UInt64.max) == 100_000_000)
        let restored = TokenBucket(tier: RateTier(name: "Small", perMinute: 2, burst: 3), units: 1_000_000, updatedAt: 5)
        #expect(restored.units == 180)
        var empty = TokenBucket(tier: RateTier(name: "Small", perMinute: 2, burst: 3), units: -7, updatedAt: 5)
        #expect(empty.remaining(at: 5) == 0)
    }

    @Test func idempotencyIgnoresMemberOrder() throws {
        let f = try Fixture()
        let headers = [("X-API-Key", f.key("qustody", "treasury-ops")), ("Idempotency-Key", "order")]
        let first = f.post(
            "/qustody/v1/tokens/token_ghi789/mint", #"{"amount": "3", "recipient": {"type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}}"#,
            headers: headers)
        let reordered = f.post(
            "/qustody/v1/tokens/token_ghi789/mint", #"{"recipient": {"address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12", "type": "address"}, "amount": "3"}"#,
            headers: headers)
        #expect(reordered.status == 202)
        #expect(reordered.header("idempotent-replayed") == "true")
        #expect(reordered.json?["id"] == first.json?["id"])
    }

    @Test func aSecretCodeIsUsedUpOnlyByAMintThatHappens() throws {
        let f = try Fixture()
        let code = try #require(f.setup.assetsUsers.first { $0.name == "issuer" }?.secretCodes.first)
        let path = "/assets/api/token/\(f.contract("ACME"))/mint"
        let key = [("X-Api-Key", f.key("assets", "issuer"))]
        let erin = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"
        let alice = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"
        func body(_ to: String) -> String {
            #"{"recipients": "\#(to)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "\#(code)", "verificationType": "SECRET_CODES"}}"#
        }
        #expect(f.post(path, body(erin), headers: key).json?["code"] == .string("RECIPIENT_IDENTITY_NOT_FOUND"))
        #expect(f.post(path, body(alice), headers: key).status == 200)
        #expect(f.post(path, body(alice), headers: key).message == "Wallet verification failed: the secret code was already used")
    }

    @Test func theAllowHeaderNamesEachMethodOnce() throws {
        let f = try Fixture()
        let response = f.request("DELETE", "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(f.contract("Heroes"))/nfts/mint-requests")
        #expect(response.status == 405)
        #expect(response.header("allow") == "POST, GET")
    }
}

/// `/_mintsim/snapshot` and `/_mintsim/revert` take the API's records back with the chain.
@Suite struct SnapshotTests {
    @Test func revertTakesRequestsOperationsAndKeysBack() throws {
        let f = try Fixture()
        let qustody = [("X-API-Key", f.key("qustody", "treasury-ops")), ("Idempotency-Key", "before")]
        let body = #"{"amount": "4", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#
        #expect(f.post("/qustody/v1/tokens/token_ghi789/mint", body, headers: qustody).status == 202)
        let snapshot = try #require(f.post("/_mintsim/snapshot", "").json?["id"])
        // After the snapshot: a Qustody mint, an Immutable request, a used secret code.
        let after = [("X-API-Key", f.key("qustody", "treasury-ops")), ("Idempotency-Key", "after")]
        #expect(f.post("/qustody/v1/tokens/token_ghi789/mint", body, headers: after).json?["id"] == .string("op_000002"))
        let heroes = "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(f.contract("Heroes"))/nfts/mint-requests"
        let immutableKey = [("x-immutable-api-key", f.key("immutable", "game-studio"))]
        #expect(f.post(heroes, #"{"assets": [{"reference_id": "r", "owner_address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}]}"#, headers: immutableKey).status == 202)
        _ = f.api.takeChanges()
        #expect(f.post("/_mintsim/revert", #"{"id": \#(snapshot.text())}"#).status == 200)
        // The records are as they were: the later operation and request are gone, their keys free.
        #expect(f.request("GET", "/qustody/v1/operations/op_000002", headers: qustody).status == 404)
        #expect(f.request("GET", "/qustody/v1/operations/op_000001", headers: qustody).json?["status"] == .string("CONFIRMED"))
        #expect(f.request("GET", heroes + "/r", headers: immutableKey).status == 404)
        #expect(try f.supply(f.setup.qustodyTokens.first { $0.id == "token_ghi789" }?.contract ?? .zero) == UInt256(4))
        // The same requests run again, as new ones with the same ids.
        #expect(f.post("/qustody/v1/tokens/token_ghi789/mint", body, headers: after).json?["id"] == .string("op_000002"))
        #expect(f.post(heroes, #"{"assets": [{"reference_id": "r", "owner_address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}]}"#, headers: immutableKey).status == 202)
        // A state file is rewritten whole after a revert, once.
        #expect(f.api.takeChanges().replacesAll)
        #expect(!f.api.takeChanges().replacesAll)
        #expect(f.post("/_mintsim/snapshot", "").status == 200)
        #expect(f.post("/_mintsim/revert", #"{"id": 1}"#).status == 200)
        let changes = f.api.takeChanges()
        #expect(changes.replacesAll)
        #expect(changes.records.contains { $0.key == "qustody/operation/00000001" })
        #expect(!f.api.takeChanges().replacesAll)
    }
}
