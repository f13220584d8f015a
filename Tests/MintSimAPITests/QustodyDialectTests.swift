import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// The `qustody` dialect (seeds/003): mint and burn with Idempotency-Key, permissions, on-chain
/// roles, approval policies, operations, webhooks and every documented error code.
@Suite struct QustodyDialectTests {
    let recipient = "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"
    static let seedMint = #"{"amount": "1000000000000000000000", "recipient": { "type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12" }, "feeStrategy": "MEDIUM"}"#
    static let seedBurn = #"{"amount": "500000000000000000000", "from": { "type": "vaultAccountId", "vaultAccountId": "vault_123" }, "feeStrategy": "MEDIUM"}"#

    func headers(_ f: Fixture, _ user: String = "treasury-ops", key: String? = nil) -> [(String, String)] {
        var out = [("X-API-Key", f.key("qustody", user))]
        if let key { out.append(("Idempotency-Key", key)) }
        return out
    }

    func mint(_ f: Fixture, _ token: String = "token_abc123", _ body: String = seedMint, key: String, user: String = "treasury-ops") -> APIResponse {
        f.post("/qustody/v1/tokens/\(token)/mint", body, headers: headers(f, user, key: key))
    }

    func burn(_ f: Fixture, _ token: String = "token_abc123", _ body: String = seedBurn, key: String) -> APIResponse {
        f.post("/qustody/v1/tokens/\(token)/burn", body, headers: headers(f, key: key))
    }

    func approve(_ f: Fixture, _ operation: String, as user: String) -> APIResponse {
        f.post("/qustody/v1/operations/\(operation)/approve", "", headers: headers(f, user))
    }

    func events(_ f: Fixture) -> [String] { f.api.service.events.filter { $0.dialect == "qustody" }.map(\.name) }

    func tokenAddress(_ f: Fixture, _ id: String = "token_abc123") -> Address {
        f.setup.qustodyTokens.first { $0.id == id }?.contract ?? .zero
    }

    @Test func seedMintFlowsThroughApprovalToTheChain() throws {
        let f = try Fixture()
        let response = mint(f, key: "mint-2026-04-27-001")
        #expect(response.status == 202)
        let operation = try #require(response.json)
        #expect(operation["id"] == .string("op_000001"))
        #expect(operation["type"] == .string("MINT"))
        #expect(operation["status"] == .string("PENDING_APPROVAL"))
        #expect(operation["recipient"] == .obj(["type": .string("address"), "address": .string(recipient)]))
        #expect(operation["approvals"]?["required"] == .number("2"))
        #expect(operation["transactionHash"] == .null)
        #expect(approve(f, "op_000001", as: "approver-1").json?["status"] == .string("PENDING_APPROVAL"))
        let approved = approve(f, "op_000001", as: "approver-3")
        #expect(approved.status == 200)
        #expect(approved.json?["status"] == .string("CONFIRMED"))
        #expect(approved.json?["approvals"]?["approvedBy"]?.arrayValue?.map { $0["approver"] } == [.string("approver-1"), .string("approver-3")])
        let hash = try #require(approved.json?["transactionHash"]?.stringValue)
        let record = try #require(f.chain.transaction(hash: try Hash(hex: hash)))
        #expect(record.from == f.account("qustody-vault").address)
        #expect(record.signature != nil)
        #expect(try f.balance(tokenAddress(f), Address(recipient)) == UInt256(amount: "1000", decimals: 18))
        #expect(events(f) == ["token.mint_requested", "token.minted"])
        let minted = try #require(f.api.service.events.last?.body)
        #expect(minted["type"] == .string("token.minted"))
        #expect(minted["id"] == .string("evt_000002"))
        #expect(minted["data"]?["transactionHash"] == .string(hash))
        // The operation reads back the same.
        #expect(f.request("GET", "/qustody/v1/operations/op_000001", headers: headers(f, "auditor")).body == approved.body)
    }

    @Test func seedBurnFromTheVault() throws {
        let f = try Fixture()
        let toVault = #"{"amount": "800000000000000000000", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#
        #expect(mint(f, "token_abc123", toVault, key: "fund-vault").status == 202)
        _ = approve(f, "op_000001", as: "approver-1")
        _ = approve(f, "op_000001", as: "approver-2")
        let response = burn(f, key: "burn-2026-04-27-001")
        #expect(response.status == 202)
        #expect(response.json?["type"] == .string("BURN"))
        #expect(response.json?["from"] == .obj(["type": .string("vaultAccountId"), "vaultAccountId": .string("vault_123")]))
        _ = approve(f, "op_000002", as: "approver-2")
        #expect(approve(f, "op_000002", as: "approver-3").json?["status"] == .string("CONFIRMED"))
        #expect(try f.balance(tokenAddress(f), f.account("qustody-vault").address) == UInt256(amount: "1300", decimals: 18))
        #expect(events(f) == ["token.mint_requested", "token.minted", "token.burn_requested", "token.burned"])
    }

    @Test func idempotencyKeysReplayAndConflict() throws {
        let f = try Fixture()
        let first = mint(f, key: "k1")
        #expect(first.status == 202)
        // The same body (whitespace aside) answers the same operation, marked as a replay.
        let replay = mint(f, "token_abc123", Self.seedMint.replacingOccurrences(of: " ", with: ""), key: "k1")
        #expect(replay.status == 202)
        #expect(replay.header("idempotent-replayed") == "true")
        #expect(replay.body == first.body)
        #expect(f.api.mountedQustody?.operations.count == 1)
        let changed = mint(f, "token_abc123", Self.seedMint.replacingOccurrences(of: "1000000", with: "2000000"), key: "k1")
        #expect(changed.status == 409)
        #expect(changed.text == #"{"error":{"code":"IDEMPOTENCY_CONFLICT","message":"Idempotency-Key k1 was used with a different request (operation op_000001); never vary the key for the same logical request"}}"#)
        // Keys belong to the request kind and token too: the same key on burn is another request.
        #expect(burn(f, key: "k1").status == 409)
        let missing = f.post("/qustody/v1/tokens/token_abc123/mint", Self.seedMint, headers: headers(f))
        #expect(missing.status == 400)
        #expect(missing.text == #"{"error":{"code":"IDEMPOTENCY_KEY_REQUIRED","message":"Idempotency-Key is required on every mint and burn request"}}"#)
        #expect(mint(f, key: "").code == "IDEMPOTENCY_KEY_REQUIRED")
    }

    @Test func missingOnChainRolesHaveTheirNumericCodesAndRetryAfterGranting() throws {
        let f = try Fixture()
        let token = tokenAddress(f)
        let vault = f.account("qustody-vault").address
        let deployer = f.account("deployer").address
        try f.chain.transact(token, "revokeRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(vault)], from: deployer)
        var response = mint(f, key: "retry-me")
        #expect(response.status == 403)
        #expect(response.text == #"{"error":{"code":"TOKEN_MINT_NOT_ALLOWED","numericCode":1706,"message":"Caller lacks MINTER: vault account vault_123 (\#(vault)) has no on-chain MINTER role on token token_abc123; retry after granting it"}}"#)
        try f.chain.transact(token, "grantRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(vault)], from: deployer)
        response = mint(f, key: "retry-me")
        #expect(response.status == 202)
        try f.chain.transact(token, "revokeRole(bytes32,address)", [.fixedBytes(Role.burner.bytes), .address(vault)], from: deployer)
        response = burn(f, key: "b")
        #expect(response.status == 403)
        #expect(response.json?["error"]?["numericCode"] == .number("1707"))
        #expect(response.code == "TOKEN_BURN_NOT_ALLOWED")
        #expect(response.message?.hasPrefix("Caller lacks BURNER: vault account vault_123") == true)
    }

    @Test func aRoleRevokedWhileWaitingForApprovalFailsTheOperation() throws {
        let f = try Fixture()
        #expect(mint(f, key: "slow").status == 202)
        try f.chain.transact(
            tokenAddress(f), "revokeRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(f.account("qustody-vault").address)],
            from: f.account("deployer").address)
        _ = approve(f, "op_000001", as: "approver-1")
        let response = approve(f, "op_000001", as: "approver-2")
        #expect(response.json?["status"] == .string("FAILED"))
        #expect(response.json?["error"]?["code"] == .string("TOKEN_MINT_NOT_ALLOWED"))
        #expect(response.json?["error"]?["numericCode"] == .number("1706"))
        #expect(events(f) == ["token.mint_requested", "token.operation_failed"])
    }

    @Test func documentedErrorCodes() throws {
        let f = try Fixture()
        var response = mint(f, "token_draft", key: "a")
        #expect(response.status == 409)
        #expect(response.text == #"{"error":{"code":"TOKEN_NOT_DEPLOYED","message":"Token token_draft has no contractAddress yet; retry after its deployment completes"}}"#)
        response = burn(f, "token_ghi789", key: "b")
        #expect(response.status == 400)
        #expect(response.text == #"{"error":{"code":"TOKEN_OPERATION_NOT_ALLOWED","message":"Token token_ghi789 (template QRC20_MINTABLE) does not support burn"}}"#)
        response = mint(f, "token_abc123", #"{"amount": "10000001000000000000000000", "recipient": {"type": "address", "address": "\#(recipient)"}}"#, key: "c")
        #expect(response.status == 400)
        #expect(response.code == "TOKEN_SUPPLY_EXCEEDED")
        #expect(response.message == "Mint of 10000001000000000000000000 would take the supply 1000000000000000000000 past maxSupply 10000000000000000000000000; retry with a smaller amount")
        for (amount, message) in [
            ("\"0\"", "Amount is zero; amounts must be greater than 0"), ("\"-5\"", "Amount -5 is negative; amounts must be greater than 0"),
        ] {
            response = mint(f, "token_abc123", #"{"amount": \#(amount), "recipient": {"type": "address", "address": "\#(recipient)"}}"#, key: "d")
            #expect(response.status == 400)
            #expect(response.code == "TOKEN_INVALID_AMOUNT")
            #expect(response.message == message)
        }
        response = burn(f, "token_abc123", #"{"amount": "1000000000000000000001", "from": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#, key: "e")
        #expect(response.code == "TOKEN_INVALID_AMOUNT")
        #expect(response.message == "Amount 1000000000000000000001 is above the source balance 1000000000000000000000 of \(f.account("qustody-vault").address)")
        response = mint(f, "token_abc123", #"{"amount": "1000000000000000000000001", "recipient": {"type": "address", "address": "\#(recipient)"}}"#, key: "f")
        #expect(response.status == 403)
        #expect(response.text == #"{"error":{"code":"POLICY_DENIED","message":"Approval policy rejected the operation: amount 1000000000000000000000001 is above MAX_AMOUNT 1000000000000000000000000"}}"#)
        response = mint(f, "token_abz123", key: "g")
        #expect(response.status == 404)
        #expect(response.message == "Token token_abz123 does not exist (did you mean token_abc123?)")
        // None of these created an operation or an event.
        #expect(f.api.mountedQustody?.operations.isEmpty == true)
        #expect(events(f).isEmpty)
    }

    @Test func dailyLimitCountsTheTokensOperationsOfTheUTCDay() throws {
        let f = try Fixture()
        let million = #"{"amount": "1000000000000000000000000", "recipient": {"type": "address", "address": "\#(recipient)"}}"#
        for index in 1...5 { #expect(mint(f, "token_abc123", million, key: "day-\(index)").status == 202) }
        var response = mint(f, "token_abc123", million, key: "day-6")
        #expect(response.status == 403)
        #expect(response.message == "Approval policy rejected the operation: DAILY_LIMIT 5000000000000000000000000 for token token_abc123; 5000000000000000000000000 already used today (UTC)")
        // A rejected operation no longer counts.
        let rejected = f.post("/qustody/v1/operations/op_000001/reject", #"{"reason": "duplicate"}"#, headers: headers(f, "approver-2"))
        #expect(rejected.json?["status"] == .string("REJECTED"))
        #expect(rejected.json?["approvals"]?["rejectedBy"]?["reason"] == .string("duplicate"))
        #expect(mint(f, "token_abc123", million, key: "day-6").status == 202)
        #expect(mint(f, "token_abc123", million, key: "day-7").status == 403)
        try f.chain.advanceTime(by: 86_400)
        response = mint(f, "token_abc123", million, key: "day-7")
        #expect(response.status == 202)
        #expect(events(f).contains("token.operation_rejected"))
    }

    @Test func timeWindowFollowsTheChainsClock() throws {
        let f = try Fixture()
        let body = #"{"amount": "5", "recipient": {"type": "address", "address": "\#(recipient)"}}"#
        var response = mint(f, "token_def456", body, key: "early")
        #expect(response.status == 403)
        #expect(response.message?.hasPrefix("Approval policy rejected the operation: TIME_WINDOW allows 08:00–18:00 UTC, it is 00:") == true)
        try f.chain.advanceTime(by: 8 * 3600)
        response = mint(f, "token_def456", body, key: "early")
        #expect(response.status == 202)
        // No approval rule: the operation runs at once.
        #expect(response.json?["status"] == .string("CONFIRMED"))
        #expect(response.json?["approvals"]?["required"] == .number("0"))
        #expect(events(f) == ["token.mint_requested", "token.minted"])
    }

    @Test func approvalRules() throws {
        let f = try Fixture()
        #expect(mint(f, key: "x").status == 202)
        var response = approve(f, "op_000001", as: "treasury-ops")
        #expect(response.status == 403)
        #expect(response.text == #"{"error":{"code":"PERMISSION_DENIED","message":"API key of treasury-ops lacks the operations:approve permission"}}"#)
        #expect(approve(f, "op_000001", as: "approver-1").status == 200)
        response = approve(f, "op_000001", as: "approver-1")
        #expect(response.status == 409)
        #expect(response.message == "approver-1 already approved operation op_000001")
        #expect(f.post("/qustody/v1/operations/op_000001/reject", "", headers: headers(f, "approver-1")).message
            == "approver-1 already approved operation op_000001 and cannot reject it")
        #expect(f.post("/qustody/v1/operations/op_000001/reject", "", headers: headers(f, "approver-3")).json?["status"] == .string("REJECTED"))
        response = approve(f, "op_000001", as: "approver-2")
        #expect(response.message == "Operation op_000001 is REJECTED, not PENDING_APPROVAL")
        #expect(approve(f, "op_000009", as: "approver-2").message == "Operation op_000009 does not exist")
        // An approver who is not in this token's policy.
        let f2 = try Fixture { setup in
            setup.qustodyTokens[0].policy.approvers = ["approver-1", "approver-2"]
        }
        #expect(mint(f2, key: "y").status == 202)
        #expect(approve(f2, "op_000001", as: "approver-3").message
            == "approver-3 is not an approver of token token_abc123's policy (approvers: approver-1, approver-2)")
        #expect(f.post("/qustody/v1/operations/op_000001/reject", #"{"reason": 5}"#, headers: headers(f, "approver-2")).message
            == "reason must be a string, got a number")
    }

    @Test func authenticationPermissionsAndValidation() throws {
        let f = try Fixture()
        var response = f.post("/qustody/v1/tokens/token_abc123/mint", Self.seedMint, headers: [("Idempotency-Key", "z")])
        #expect(response.status == 401)
        #expect(response.text == #"{"error":{"code":"UNAUTHORIZED","message":"Missing API key: send it in the X-API-Key header"}}"#)
        response = f.post("/qustody/v1/tokens/token_abc123/mint", Self.seedMint, headers: [("X-API-Key", "nope"), ("Idempotency-Key", "z")])
        #expect(response.message == "Invalid API key")
        response = mint(f, key: "z", user: "auditor")
        #expect(response.status == 403)
        #expect(response.message == "API key of auditor lacks the tokens:mint permission")
        let address = #""address": "\#(recipient)""#
        let cases: [(String, String)] = [
            (#"{"recipient": {"type": "address", \#(address)}}"#, "amount is required"),
            (#"{"amount": 5, "recipient": {"type": "address", \#(address)}}"#, #"amount must be a string of base units ("1000000000000000000000"), got a number"#),
            (#"{"amount": "1.5", "recipient": {"type": "address", \#(address)}}"#, #"amount must be a string of decimal digits (base units), got "1.5""#),
            (#"{"amount": "5"}"#, "recipient is required"),
            (#"{"amount": "5", "recipient": "\#(recipient)"}"#, "recipient must be an object, got a string"),
            (#"{"amount": "5", "recipient": {\#(address)}}"#, #"recipient.type is required: "address" or "vaultAccountId""#),
            (#"{"amount": "5", "recipient": {"type": "wallet"}}"#, #"recipient.type must be "address" or "vaultAccountId", got "wallet""#),
            (#"{"amount": "5", "recipient": {"type": "address"}}"#, "recipient.address is required for type address"),
            (
                #"{"amount": "5", "recipient": {"type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d1"}}"#,
                #"recipient.address: invalid address "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d1": expected 40 hex digits, got 39"#
            ),
            (#"{"amount": "5", "recipient": {"type": "vaultAccountId"}}"#, "recipient.vaultAccountId is required for type vaultAccountId"),
            (#"{"amount": "5", "recipient": {"type": "address", \#(address)}, "feeStrategy": "FAST"}"#, #"feeStrategy must be LOW, MEDIUM or HIGH, got "FAST""#),
            ("[]", "the request body must be a JSON object, got an array"),
            (#"{"amount": "-abc", "recipient": {"type": "address", \#(address)}}"#, #"amount must be a string of decimal digits (base units), got "-abc""#),
            (#"{"amount": "-", "recipient": {"type": "address", \#(address)}}"#, #"amount must be a string of decimal digits (base units), got "-""#),
            (#"{"amount": "5", "recipient": {"type": 5}}"#, "recipient.type must be a string, got a number"),
            (#"{"amount": "5", "recipient": {"type": "address", "address": 5}}"#, "recipient.address must be a string, got a number"),
            (#"{"amount": "5", "recipient": {"type": "vaultAccountId", "vaultAccountId": 5}}"#, "recipient.vaultAccountId must be a string, got a number"),
            (
                #"{"amount": "5", "recipient": {"type": "address", \#(address), "vaultAccountId": "vault_123"}}"#,
                "recipient.vaultAccountId is not a member of recipient of type address (members: type, address)"
            ),
        ]
        for (body, message) in cases {
            response = mint(f, "token_abc123", body, key: "v")
            #expect(response.status == 400, "\(body)")
            #expect(response.code == "VALIDATION_ERROR", "\(body)")
            #expect(response.message == message, "\(body)")
        }
        response = mint(f, "token_abc123", #"{"amount": "5", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_9"}}"#, key: "v")
        #expect(response.status == 404)
        #expect(response.text == #"{"error":{"code":"VAULT_ACCOUNT_NOT_FOUND","message":"Vault account vault_9 does not exist"}}"#)
        // Amounts: "-0" is zero, digits past 2^256-1 are too large; both TOKEN_INVALID_AMOUNT.
        response = mint(f, "token_abc123", #"{"amount": "-0", "recipient": {"type": "address", \#(address)}}"#, key: "v")
        #expect(response.text == #"{"error":{"code":"TOKEN_INVALID_AMOUNT","message":"Amount is zero; amounts must be greater than 0"}}"#)
        let huge = String(repeating: "9", count: 80)
        response = mint(f, "token_abc123", #"{"amount": "\#(huge)", "recipient": {"type": "address", \#(address)}}"#, key: "v")
        #expect(response.text == #"{"error":{"code":"TOKEN_INVALID_AMOUNT","message":"Amount \#(huge) exceeds 2^256-1"}}"#)
        // The key: at most 255 bytes of UTF-8.
        response = mint(f, key: String(repeating: "☃", count: 100))
        #expect(response.status == 400)
        #expect(response.message == "Idempotency-Key is longer than 255 bytes (300 in UTF-8)")
        response = f.post(
            "/qustody/v1/tokens/token_abc123/mint", Self.seedMint, headers: headers(f, key: "k1") + [("idempotency-key", "k2")])
        #expect(response.status == 400)
        #expect(response.message == "Idempotency-Key was sent 2 times; send it once")
        // Permissions of the other routes.
        response = f.post("/qustody/v1/tokens/token_abc123/burn", Self.seedBurn, headers: headers(f, "approver-1", key: "b"))
        #expect(response.status == 403)
        #expect(response.message == "API key of approver-1 lacks the tokens:burn permission")
        let reads = [("X-API-Key", f.key("qustody", "approver-1"))]
        #expect(f.request("GET", "/qustody/v1/tokens/token_abc123", headers: headers(f, "treasury-ops")).status == 200)
        let noRead = try Fixture { setup in setup.qustodyKeys = setup.qustodyKeys.map { key in
            var key = key
            if key.subject == "auditor" { key.permissions = [] }
            return key
        } }
        response = noRead.request("GET", "/qustody/v1/tokens/token_abc123", headers: [("X-API-Key", noRead.key("qustody", "auditor"))])
        #expect(response.status == 403)
        #expect(response.message == "API key of auditor lacks the tokens:read permission")
        #expect(f.request("GET", "/qustody/v1/tokens/token_abc123", headers: reads).status == 200)
        #expect(f.api.mountedQustody?.operations.isEmpty == true)
    }

    @Test func anOperationTheChainRefusesAfterApprovalFailsWithItsCode() throws {
        let f = try Fixture()
        // Two burns of 600 from the vault's 1,000: each fits when accepted, the second not once the first is done.
        let six = #"{"amount": "600000000000000000000", "from": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#
        #expect(burn(f, "token_abc123", six, key: "b1").status == 202)
        #expect(burn(f, "token_abc123", six, key: "b2").status == 202)
        for operation in ["op_000001", "op_000002"] {
            _ = approve(f, operation, as: "approver-1")
            _ = approve(f, operation, as: "approver-2")
        }
        let failed = try #require(f.request("GET", "/qustody/v1/operations/op_000002", headers: headers(f, "auditor")).json)
        #expect(failed["status"] == .string("FAILED"))
        #expect(failed["error"]?["code"] == .string("TOKEN_INVALID_AMOUNT"))
        #expect(failed["error"]?["message"]?.stringValue?.hasPrefix("Amount above the source balance: ERC20InsufficientBalance(") == true)
        #expect(failed["transactionHash"] == .null)
        #expect(try f.balance(tokenAddress(f), f.account("qustody-vault").address) == UInt256(amount: "400", decimals: 18))
        #expect(events(f) == ["token.burn_requested", "token.burn_requested", "token.burned", "token.operation_failed"])
        let event = try #require(f.api.service.events.last?.body)
        #expect(event["type"] == .string("token.operation_failed"))
        #expect(event["data"]?["id"] == .string("op_000002"))
        #expect(event["data"]?["error"] == failed["error"])
        // A rejection's event carries the operation with who rejected it and why.
        #expect(mint(f, key: "m").status == 202)
        let rejected = f.post("/qustody/v1/operations/op_000003/reject", #"{"reason": "no invoice"}"#, headers: headers(f, "approver-3"))
        #expect(rejected.json?["status"] == .string("REJECTED"))
        let rejection = try #require(f.api.service.events.last?.body)
        #expect(rejection["type"] == .string("token.operation_rejected"))
        #expect(rejection["data"]?["approvals"]?["rejectedBy"]?["approver"] == .string("approver-3"))
        #expect(rejection["data"]?["approvals"]?["rejectedBy"]?["reason"] == .string("no invoice"))
    }

    @Test func aConfiguredRateLimitAnswers429InQustodysShape() throws {
        let f = try Fixture { $0.rateLimits = [("qustody", "auditor", RateTier(name: "Custom", perMinute: 6, burst: 1))] }
        #expect(f.request("GET", "/qustody/v1/tokens/token_abc123", headers: headers(f, "auditor")).header("RateLimit-Remaining") == "0")
        let limited = f.request("GET", "/qustody/v1/tokens/token_abc123", headers: headers(f, "auditor"))
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "10")
        #expect(limited.text == #"{"error":{"code":"RATE_LIMITED","message":"Rate limit exceeded for the key of auditor: 6 requests a minute, 1 at most at once; retry after 10 seconds"}}"#)
        try f.chain.advanceTime(by: 10)
        #expect(f.request("GET", "/qustody/v1/tokens/token_abc123", headers: headers(f, "auditor")).status == 200)
    }

    @Test func feeStrategiesCommentsAndTokensWithoutApprovalOrCap() throws {
        let f = try Fixture()
        for (index, fee) in ["LOW", "HIGH"].enumerated() {
            let response = mint(f, "token_ghi789", #"{"amount": "1", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}, "feeStrategy": "\#(fee)"}"#, key: "fee\(index)")
            #expect(response.status == 202)
            #expect(response.json?["feeStrategy"] == .string(fee))
        }
        let plain = mint(f, "token_ghi789", #"{"amount": "1", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#, key: "fee-default")
        #expect(plain.json?["feeStrategy"] == .string("MEDIUM"))
        // A token without REQUIRE_APPROVAL: its operations never wait, so there is nothing to approve.
        let done = try #require(plain.json?["id"]?.stringValue)
        let late = approve(f, done, as: "approver-1")
        #expect(late.status == 409)
        #expect(late.message == "Operation \(done) is CONFIRMED, not PENDING_APPROVAL (token token_ghi789's policy requires no approval)")
        // An approval may carry a comment.
        #expect(mint(f, key: "c").status == 202)
        let commented = f.post("/qustody/v1/operations/op_000004/approve", #"{"comment": "checked the invoice"}"#, headers: headers(f, "approver-1"))
        #expect(commented.status == 200)
        #expect(f.post("/qustody/v1/operations/op_000004/approve", #"{"comment": 5}"#, headers: headers(f, "approver-2")).message
            == "comment must be a string, got a number")
        // Without a cap, the supply still ends at 2^256-1.
        let g = try Fixture()
        let max = UInt256.max.description
        #expect(mint(g, "token_ghi789", #"{"amount": "\#(max)", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#, key: "max").status == 202)
        let over = mint(g, "token_ghi789", #"{"amount": "1", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#, key: "over")
        #expect(over.status == 400)
        #expect(over.message == "Mint of 1 would take the supply \(max) past 2^256-1 (the token has no maxSupply); retry with a smaller amount")
    }

    @Test func tokensAndOperationsRead() throws {
        let f = try Fixture()
        #expect(mint(f, key: "r").status == 202)
        let token = try #require(f.request("GET", "/qustody/v1/tokens/token_abc123", headers: headers(f, "auditor")).json)
        #expect(token["status"] == .string("DEPLOYED"))
        #expect(token["contractAddress"] == .string(tokenAddress(f).checksummed))
        #expect(token["maxSupply"] == .string("10000000000000000000000000"))
        #expect(token["policy"]?["rules"]?.arrayValue?.map { $0["type"] } == ["REQUIRE_APPROVAL", "MAX_AMOUNT", "DAILY_LIMIT"].map { .string($0) })
        #expect(f.request("GET", "/qustody/v1/tokens/token_draft", headers: headers(f, "auditor")).json?["status"] == .string("PENDING_DEPLOYMENT"))
        let euro = f.request("GET", "/qustody/v1/tokens/token_def456", headers: headers(f, "auditor")).json
        #expect(euro?["policy"]?["rules"] == .array([
            .obj(["type": .string("TIME_WINDOW"), "start": .string("08:00"), "end": .string("18:00"), "timezone": .string("UTC")])
        ]))
        #expect(euro?["maxSupply"] == .null)
        let list = f.request("GET", "/qustody/v1/tokens/token_abc123/operations", headers: headers(f, "auditor"))
        #expect(list.json?["data"]?.arrayValue?.map { $0["id"] } == [.string("op_000001")])
        #expect(f.request("GET", "/qustody/v1/operations/op_9", headers: headers(f, "auditor")).code == "OPERATION_NOT_FOUND")
    }

    @Test func heldOperationsWaitForMining() throws {
        let f = try Fixture()
        let qustody = try #require(f.api.mountedQustody)
        qustody.holdConfirmations = true
        #expect(mint(f, "token_ghi789", #"{"amount": "7", "recipient": {"type": "address", "address": "\#(recipient)"}}"#, key: "h").json?["status"]
            == .string("SUBMITTED"))
        #expect(f.request("GET", "/qustody/v1/operations/op_000001", headers: headers(f, "auditor")).json?["transactionHash"] == .null)
        #expect(f.post("/_mintsim/mine", "").status == 200)
        let done = try #require(f.request("GET", "/qustody/v1/operations/op_000001", headers: headers(f, "auditor")).json)
        #expect(done["status"] == .string("CONFIRMED"))
        #expect(done["transactionHash"] != .null)
    }
}

extension MintAPI {
    var mountedQustody: QustodyDialect? { mounts.compactMap { $0.dialect as? QustodyDialect }.first }
}
