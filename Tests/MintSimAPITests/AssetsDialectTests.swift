import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// The `assets` dialect (seeds/000): every documented request form, response field and
/// troubleshooting case.
@Suite struct AssetsDialectTests {
    let alice = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"
    let bob = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"
    let carol = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955"
    let dave = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"
    let erin = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"
    static let pin = #""walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}"#

    func mint(_ f: Fixture, _ fields: String, token: String = "ACME", user: String = "issuer") -> APIResponse {
        f.post(
            "/assets/api/token/\(f.contract(token))/mint", "{\(fields)}", headers: [("X-Api-Key", f.key("assets", user))])
    }

    func wei(_ text: String) -> UInt256 { (try? UInt256(text)) ?? .zero }

    @Test func seedSingleExampleRefusesItsMalformedRecipientNamingTheField() throws {
        let f = try Fixture()
        // Exactly as seeds/000 shows it: the recipient has 39 hex digits.
        let response = mint(
            f, #""recipients": "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb", "amounts": ["1000000000000000000000", 18], \#(Self.pin)"#)
        #expect(response.status == 400)
        #expect(response.code == "BAD_REQUEST")
        #expect(
            response.message
                == #"Input validation failed: recipients: invalid address "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb": expected 40 hex digits, got 39"#)
        #expect(response.json?["data"]?["issues"] == .array([.obj([
            "path": .array([.string("recipients")]),
            "message": .string(#"invalid address "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb": expected 40 hex digits, got 39"#),
        ])]))
        #expect(try f.supply(f.contract("ACME")) == .zero)
    }

    @Test func seedSingleExampleWithAValidRecipientAnswersTheAssetObject() throws {
        let f = try Fixture()
        let response = mint(f, #""recipients": "\#(alice)", "amounts": ["1000000000000000000000", 18], \#(Self.pin)"#)
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json; charset=utf-8")
        let asset = try #require(response.json?.objectValue)
        #expect(asset.keys == [
            "id", "type", "createdAt", "name", "symbol", "decimals", "basePrice", "basePriceCurrencyCode", "totalSupply", "pausable",
            "capped", "identity", "accessControl", "complianceModuleConfigs", "userPermissions", "stats",
        ])
        #expect(asset["id"] == .string(f.contract("ACME").checksummed))
        #expect(asset["type"] == .string("equity"))
        #expect(asset["name"] == .string("ACME Holdings Common Stock"))
        #expect(asset["symbol"] == .string("ACME"))
        #expect(asset["decimals"] == .number("18"))
        #expect(asset["basePrice"] == .string(#"["10000",2]"#))
        #expect(asset["basePriceCurrencyCode"] == .string("USD"))
        #expect(asset["totalSupply"] == .string(#"["1000000000000000000000",18]"#))
        #expect(asset["pausable"] == .obj(["paused": .bool(false)]))
        #expect(asset["capped"] == .obj(["cap": .string(#"["1000000000000000000000000",18]"#)]))
        #expect(asset["userPermissions"] == .obj(["roles": .obj(["supplyManagement": .bool(true)]), "actions": .obj(["mint": .bool(true)])]))
        #expect(asset["accessControl"]?["supplyManagement"] == .array([
            .string(f.account("deployer").address.checksummed), .string(f.account("issuer").address.checksummed),
        ]))
        guard case .string(let created)? = asset["createdAt"] else { Issue.record("no createdAt"); return }
        #expect(created.hasPrefix("2026-01-01T00:00:") && created.hasSuffix(".000Z"))
        #expect(try f.balance(f.contract("ACME"), Address(alice)) == wei("1000000000000000000000"))
        // A real transaction signed by the user's wallet.
        let sender = try #require(f.latestSender())
        #expect(sender.from == f.account("issuer").address)
        #expect(sender.signed)
    }

    @Test func seedBatchExampleRefusesItsMalformedRecipientsOneByOne() throws {
        let f = try Fixture()
        let amounts = #""amounts": [["500000000000000000000", 18], ["300000000000000000000", 18], ["200000000000000000000", 18]]"#
        var response = mint(
            f,
            #""recipients": ["0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb", "0x8e5F72f6E5b3B4D1234567890AbCdEf1234567890", "0x1234567890AbCdEf1234567890AbCdEf12345678"], \#(amounts), \#(Self.pin)"#
        )
        #expect(response.status == 400)
        #expect(response.message?.hasPrefix("Input validation failed: recipients[0]: invalid address") == true)
        #expect(response.json?["data"]?["issues"]?.arrayValue?.first?["path"] == .array([.string("recipients"), .number("0")]))
        response = mint(
            f,
            #""recipients": ["\#(alice)", "0x8e5F72f6E5b3B4D1234567890AbCdEf1234567890", "0x1234567890AbCdEf1234567890AbCdEf12345678"], \#(amounts), \#(Self.pin)"#
        )
        #expect(
            response.message
                == #"Input validation failed: recipients[1]: invalid address "0x8e5F72f6E5b3B4D1234567890AbCdEf1234567890": expected 40 hex digits, got 41"#)
        response = mint(f, #""recipients": ["\#(alice)", "\#(bob)", "0x1234567890AbCdEf1234567890AbCdEf12345678"], \#(amounts), \#(Self.pin)"#)
        #expect(
            response.message
                == #"Input validation failed: recipients[2]: invalid address "0x1234567890AbCdEf1234567890AbCdEf12345678": EIP-55 checksum mismatch (the checksummed form is 0x1234567890AbcdEF1234567890aBcdef12345678)"#
        )
        #expect(try f.supply(f.contract("ACME")) == .zero)
    }

    @Test func batchMintIsOneTransactionForEveryRecipient() throws {
        let f = try Fixture()
        let before = f.chain.blockNumber
        let response = mint(
            f,
            #""recipients": ["\#(alice)", "\#(bob)", "\#(carol)"], "amounts": [["500000000000000000000", 18], ["300000000000000000000", 18], ["200000000000000000000", 18]], \#(Self.pin)"#
        )
        #expect(response.status == 200)
        #expect(response.json?["totalSupply"] == .string(#"["1000000000000000000000",18]"#))
        #expect(f.chain.blockNumber == before + 1)
        #expect(f.chain.latestBlock.transactionHashes.count == 1)
        #expect(try f.balance(f.contract("ACME"), Address(bob)) == wei("300000000000000000000"))
        #expect(try f.balance(f.contract("ACME"), Address(carol)) == wei("200000000000000000000"))
    }

    @Test func amountsTakeEveryDocumentedForm() throws {
        let f = try Fixture()
        let token = f.contract("ACME")
        // A dnum with fewer decimals than the asset, its string form, a decimal string, a number as the scaled value.
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": ["25", 1], \#(Self.pin)"#).status == 200)
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": "[\"3\",0]", \#(Self.pin)"#).status == 200)
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": "1.5", \#(Self.pin)"#).status == 200)
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": [2, 0], \#(Self.pin)"#).status == 200)
        // 2.5 + 3 + 1.5 + 2 tokens.
        #expect(try f.balance(token, Address(alice)) == wei("9000000000000000000"))
        // A dnum with more decimals than the asset, exact.
        let asn = f.contract("ASN")
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": ["1500000000", 9], \#(Self.pin)"#, token: "ASN").status == 200)
        #expect(try f.balance(asn, Address(alice)) == wei("1500000"))
    }

    @Test func invalidAmountsAreRefusedNamingTheField() throws {
        let f = try Fixture()
        let cases: [(String, String)] = [
            (#""amounts": ["0", 18]"#, #"Amount must be positive: amounts is ["0",18]; all amounts must be greater than 0"#),
            (#""amounts": ["-5", 18]"#, #"Amount must be positive: amounts is ["-5",18]; all amounts must be greater than 0"#),
            (#""amounts": "0""#, #"Amount must be positive: amounts is "0"; all amounts must be greater than 0"#),
            (#""amounts": "-1""#, #"Amount must be positive: amounts is "-1"; all amounts must be greater than 0"#),
            (#""amounts": ["1", 18, 3]"#, "Input validation failed: amounts: a dnum tuple is [scaled_value, decimals], got 3 items"),
            (#""amounts": ["1", 78]"#, "Input validation failed: amounts: a dnum's decimals must be an integer from 0 to 77, got 78"),
            (#""amounts": ["1", "18"]"#, #"Input validation failed: amounts: a dnum's decimals must be an integer from 0 to 77, got "18""#),
            (#""amounts": ["1.5", 18]"#, #"Input validation failed: amounts: a dnum's scaled value must be an integer in digits, got "1.5""#),
            (#""amounts": [true, 18]"#, "Input validation failed: amounts: a dnum's scaled value must be a string of digits, got a boolean"),
            (#""amounts": ["1", 19]"#, #"Input validation failed: amounts: ["1",19] has more decimals than the asset's 18"#),
            (#""amounts": "0.0000000000000000001""#, #"Input validation failed: amounts: "0.0000000000000000001" has more decimals than the asset's 18"#),
            (#""amounts": "ten""#, #"Input validation failed: amounts: "ten" is not a decimal amount or a dnum tuple"#),
            (#""amounts": "1e3""#, #"Input validation failed: amounts: "1e3" is not a decimal amount or a dnum tuple"#),
            (#""amounts": "[1,2""#, #"Input validation failed: amounts: "[1,2" is not a dnum tuple ["scaled_value", decimals]"#),
            (#""amounts": 1000"#, "Input validation failed: amounts: must be a dnum tuple [scaled_value, decimals] or a string, got a number"),
            (
                #""amounts": ["999999999999999999999999999999999999999999999999999999999999999999999999999999", 0]"#,
                #"Input validation failed: amounts: ["999999999999999999999999999999999999999999999999999999999999999999999999999999",0] exceeds 2^256-1"#
            ),
        ]
        for (amounts, message) in cases {
            let response = mint(f, #""recipients": "\#(alice)", \#(amounts), \#(Self.pin)"#)
            #expect(response.status == 400, "\(amounts)")
            #expect(response.code == "BAD_REQUEST", "\(amounts)")
            #expect(response.message == message, "\(amounts)")
        }
        #expect(try f.supply(f.contract("ACME")) == .zero)
    }

    @Test func recipientsAndAmountsMustMatch() throws {
        let f = try Fixture()
        var response = mint(f, #""recipients": ["\#(alice)", "\#(bob)"], "amounts": [["1", 0]], \#(Self.pin)"#)
        #expect(response.status == 400)
        #expect(response.message == "Recipients and amounts mismatch: 2 recipients but 1 amounts; array lengths must be equal")
        response = mint(f, #""recipients": ["\#(alice)"], "amounts": ["1", 0], \#(Self.pin)"#)
        #expect(
            response.message
                == "Recipients and amounts mismatch: recipients is an array, so amounts must be an array with one amount per recipient")
        response = mint(f, #""recipients": [], "amounts": [], \#(Self.pin)"#)
        #expect(response.message == "Input validation failed: recipients: must name at least one recipient")
        let many = (0..<101).map { _ in "\"\(alice)\"" }.joined(separator: ",")
        let amounts = (0..<101).map { _ in #"["1",0]"# }.joined(separator: ",")
        response = mint(f, #""recipients": [\#(many)], "amounts": [\#(amounts)], \#(Self.pin)"#)
        #expect(response.message == "Input validation failed: recipients: has 101 recipients; at most 100 per API call (split larger batches)")
        // Exactly 100 is fine.
        let hundred = (0..<100).map { _ in "\"\(alice)\"" }.joined(separator: ",")
        let hundredAmounts = (0..<100).map { _ in #"["1",0]"# }.joined(separator: ",")
        #expect(mint(f, #""recipients": [\#(hundred)], "amounts": [\#(hundredAmounts)], \#(Self.pin)"#).status == 200)
        #expect(try f.balance(f.contract("ACME"), Address(alice)) == wei("100000000000000000000"))
    }

    @Test func malformedBodiesAndFieldsAreRefusedNamingTheField() throws {
        let f = try Fixture()
        let cases: [(String, String)] = [
            (#""amounts": ["1", 0], \#(Self.pin)"#, "Input validation failed: recipients: is required"),
            (#""recipients": "\#(alice)", \#(Self.pin)"#, "Input validation failed: amounts: is required"),
            (#""recipients": "\#(alice)", "amounts": ["1", 0]"#, "Input validation failed: walletVerification: is required"),
            (#""recipients": 5, "amounts": ["1", 0], \#(Self.pin)"#, "Input validation failed: recipients: must be an address string or an array of them, got a number"),
            (#""recipients": [5], "amounts": [["1", 0]], \#(Self.pin)"#, "Input validation failed: recipients[0]: must be an address string, got a number"),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": "123456""#,
                "Input validation failed: walletVerification: must be an object, got a string"
            ),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "123456"}"#,
                "Input validation failed: walletVerification.verificationType: is required"
            ),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "SMS"}"#,
                #"Input validation failed: walletVerification.verificationType: must be "PINCODE", "OTP" or "SECRET_CODES", got "SMS""#
            ),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"verificationType": "PINCODE"}"#,
                "Input validation failed: walletVerification.secretVerificationCode: is required"
            ),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": 123456, "verificationType": "PINCODE"}"#,
                "Input validation failed: walletVerification.secretVerificationCode: must be a string, got a number"
            ),
            (
                #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "12345", "verificationType": "PINCODE"}"#,
                #"Input validation failed: walletVerification.secretVerificationCode: a PINCODE code is 6 digits, got "12345""#
            ),
            (
                #""recipients": "0x0000000000000000000000000000000000000000", "amounts": ["1", 0], \#(Self.pin)"#,
                "Input validation failed: recipients: cannot mint to the zero address"
            ),
        ]
        for (fields, message) in cases {
            let response = mint(f, fields)
            #expect(response.status == 400, "\(fields)")
            #expect(response.message == message, "\(fields)")
        }
        let path = "/assets/api/token/\(f.contract("ACME"))/mint"
        let key = [("X-Api-Key", f.key("assets", "issuer"))]
        #expect(f.post(path, "[1]", headers: key).message == "Input validation failed: body: the request body must be a JSON object, got an array")
        #expect(
            f.post(path, "{\"recipients\": \n  \"x\",}", headers: key).message
                == "Input validation failed: body: invalid JSON at line 2, column 7: expected a member name in double quotes, found '}'")
        #expect(f.post(path, "", headers: key).message == "Input validation failed: body: invalid JSON at line 1, column 1: the body is empty")
        #expect(
            f.post(path, #"{"recipients": "a", "recipients": "b"}"#, headers: key).message
                == #"Input validation failed: body: invalid JSON at line 1, column 21: duplicate member "recipients""#)
    }

    @Test func authenticationAndPermissions() throws {
        let f = try Fixture()
        let path = "/assets/api/token/\(f.contract("ACME"))/mint"
        let body = #"{"recipients": "\#(alice)", "amounts": ["1", 0], \#(Self.pin)}"#
        var response = f.post(path, body)
        #expect(response.status == 401)
        #expect(response.code == "UNAUTHORIZED")
        #expect(response.message == "API key is invalid, expired, or disabled (no X-Api-Key header)")
        response = f.post(path, body, headers: [("X-Api-Key", "sm_atk_00000000000000000000000000000000")])
        #expect(response.status == 401)
        #expect(response.message == "API key is invalid, expired, or disabled (the X-Api-Key is not a key of this platform)")
        // The header name is case-insensitive, the key is not.
        response = f.post(path, body, headers: [("x-api-key", f.key("assets", "issuer").uppercased())])
        #expect(response.status == 401)
        response = mint(f, #""recipients": "\#(alice)", "amounts": ["1", 0], \#(Self.pin)"#, user: "viewer")
        #expect(response.status == 403)
        #expect(response.code == "USER_NOT_AUTHORIZED")
        #expect(
            response.message
                == "USER_NOT_AUTHORIZED: user viewer (wallet \(f.account("viewer").address)) has no supplyManagement role on asset \(f.contract("ACME"))")
        // Reading is allowed without the role; the permissions say so.
        response = f.request("GET", "/assets/api/token/\(f.contract("ACME"))", headers: [("X-Api-Key", f.key("assets", "viewer"))])
        #expect(response.status == 200)
        #expect(response.json?["userPermissions"]?["actions"] == .obj(["mint": .bool(false)]))
        #expect(try f.supply(f.contract("ACME")) == .zero)
    }

    @Test func walletVerificationPincodeOTPAndSecretCodes() throws {
        let f = try Fixture()
        func verify(_ type: String, _ code: String) -> APIResponse {
            mint(f, #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "\#(code)", "verificationType": "\#(type)"}"#)
        }
        var response = verify("PINCODE", "654321")
        #expect(response.status == 403)
        #expect(response.code == "WALLET_VERIFICATION_FAILED")
        #expect(response.message == "Wallet verification failed: the PINCODE is not correct")
        // OTP: RFC 6238 on the chain's clock; the admin route tells the current code.
        let user = try #require(f.setup.assetsUsers.first { $0.name == "issuer" })
        let secret = try #require(user.otpSecret)
        let code = TOTP.code(secret: secret, step: f.chain.now / 30)
        #expect(f.request("GET", "/_mintsim/assets/otp/issuer").json?["code"] == .string(code))
        #expect(verify("OTP", code).status == 200)
        response = verify("OTP", code == "000000" ? "000001" : "000000")
        #expect(response.message == "Wallet verification failed: the OTP code is not valid at the chain's time \(f.chain.now)")
        // After the clock moves on by minutes, the old code no longer verifies.
        try f.chain.advanceTime(by: 600)
        #expect(verify("OTP", code).status == 403)
        // Secret codes verify once each.
        let secretCode = user.secretCodes[3]
        #expect(verify("SECRET_CODES", secretCode).status == 200)
        #expect(verify("SECRET_CODES", secretCode).message == "Wallet verification failed: the secret code was already used")
        #expect(verify("SECRET_CODES", "NOPE-NOPE").message == "Wallet verification failed: the secret code is not one of the user's")
        // RFC 6238's own test vector (SHA-1, T = 59 s): 94287082, of which the last 6 digits.
        #expect(TOTP.code(secret: Array("12345678901234567890".utf8), step: 1) == "287082")
        #expect(TOTP.base32(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(try f.balance(f.contract("ACME"), Address(alice)) == wei("2000000000000000000"))
    }

    @Test func verificationMethodsNotEnabledAreRefused() throws {
        let f = try Fixture()
        for (type, code, message) in [
            ("OTP", "123456", "Wallet verification failed: OTP verification is not enabled for user viewer"),
            ("SECRET_CODES", "AAAA-BBBB", "Wallet verification failed: SECRET_CODES verification is not enabled for user viewer"),
        ] {
            // The viewer has no role: the role check comes first, so give it the role.
            try f.chain.transact(
                f.contract("ACME"), "grantRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(f.account("viewer").address)],
                from: f.account("deployer").address)
            let response = mint(
                f, #""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "\#(code)", "verificationType": "\#(type)"}"#,
                user: "viewer")
            #expect(response.status == 403)
            #expect(response.message == message)
        }
    }

    @Test func troubleshootingCasesHaveTheirDocumentedWords() throws {
        let f = try Fixture()
        let acme = f.contract("ACME")
        let deployer = f.account("deployer").address
        // Recipient identity not found: erin is not registered.
        var response = mint(f, #""recipients": "\#(erin)", "amounts": ["1", 0], \#(Self.pin)"#)
        #expect(response.status == 400)
        #expect(response.code == "RECIPIENT_IDENTITY_NOT_FOUND")
        #expect(
            response.message
                == "Recipient identity not found: recipients \(erin) has no registered identity; the recipient must create an account and register their identity")
        // Recipient not compliant: dave has an identity without the KYC claim (second of a batch).
        response = mint(f, #""recipients": ["\#(alice)", "\#(dave)"], "amounts": [["1", 0], ["1", 0]], \#(Self.pin)"#)
        #expect(response.code == "RECIPIENT_NOT_COMPLIANT")
        #expect(response.message?.hasPrefix("Recipient not compliant: recipients[1] \(dave) lacks required claims (identity 0x") == true)
        #expect(response.message?.hasSuffix("has no valid claim of topic 1 by a trusted issuer)") == true)
        #expect(response.json?["data"]?["issues"]?.arrayValue?.first?["path"] == .array([.string("recipients"), .number("1")]))
        #expect(try f.supply(acme) == .zero)  // all or nothing: alice got nothing either
        // Exceeds supply cap (1,000,000 tokens).
        response = mint(f, #""recipients": "\#(alice)", "amounts": ["1000001", 0], \#(Self.pin)"#)
        #expect(response.code == "EXCEEDS_SUPPLY_CAP")
        #expect(
            response.message
                == "Exceeds supply cap: minting 1000001000000000000000000 takes the supply to 1000001000000000000000000, past the cap 1000000000000000000000000")
        // The cap across a batch whose amounts each fit: the transaction's own check.
        response = mint(f, #""recipients": ["\#(alice)", "\#(bob)"], "amounts": [["600000", 0], ["600000", 0]], \#(Self.pin)"#)
        #expect(response.code == "EXCEEDS_SUPPLY_CAP")
        #expect(response.message?.hasPrefix("Exceeds supply cap: ") == true)
        #expect(try f.supply(acme) == .zero)
        // Insufficient collateral: ASN is backed by 1,000,000.
        response = mint(f, #""recipients": "\#(alice)", "amounts": ["1000000.000001", 6], \#(Self.pin)"#, token: "ASN")
        #expect(response.status == 400)
        #expect(response.message == #"Input validation failed: amounts: a dnum's scaled value must be an integer in digits, got "1000000.000001""#)
        response = mint(f, #""recipients": "\#(alice)", "amounts": "1000000.000001", \#(Self.pin)"#, token: "ASN")
        #expect(response.code == "INSUFFICIENT_COLLATERAL")
        #expect(
            response.message
                == "Insufficient collateral: minting 1000000000001 needs collateral 1000000000001, valid collateral is 1000000000000 (expires \(UInt256.max)); deposit more collateral before minting"
        )
        // Asset is paused.
        try f.chain.transact(acme, "pause()", [], from: deployer)
        response = mint(f, #""recipients": "\#(alice)", "amounts": ["1", 0], \#(Self.pin)"#)
        #expect(response.code == "ASSET_PAUSED")
        #expect(response.message == "Asset is paused: unpause asset \(acme) before minting")
        #expect(f.request("GET", "/assets/api/token/\(acme)", headers: [("X-Api-Key", f.key("assets", "issuer"))]).json?["pausable"] == .obj([
            "paused": .bool(true)
        ]))
    }

    @Test func amountsPastTheLargestSupplyAndMalformedAmounts() throws {
        let f = try Fixture()
        let max = UInt256.max.description
        // Once there is supply, a mint of 2^256-1 overflows it (checked before the cap, as ERC20Capped
        // does): past ACME's cap, and a validation error on ASN, which has none.
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": ["1", 0], \#(Self.pin)"#).status == 200)
        var response = mint(f, #""recipients": "\#(alice)", "amounts": ["\#(max)", 18], \#(Self.pin)"#)
        #expect(response.status == 400)
        #expect(response.code == "EXCEEDS_SUPPLY_CAP")
        #expect(response.message == "Exceeds supply cap: minting \(max) overflows the supply 1000000000000000000, past the cap 1000000000000000000000000")
        response = mint(f, #""recipients": ["\#(alice)", "\#(bob)"], "amounts": [["\#(max)", 18], ["1", 18]], \#(Self.pin)"#)
        #expect(response.code == "EXCEEDS_SUPPLY_CAP")
        #expect(mint(f, #""recipients": "\#(alice)", "amounts": ["1", 0], \#(Self.pin)"#, token: "ASN").status == 200)
        response = mint(f, #""recipients": "\#(alice)", "amounts": ["\#(max)", 6], \#(Self.pin)"#, token: "ASN")
        #expect(response.status == 400)
        #expect(response.code == "BAD_REQUEST")
        #expect(response.message == "Input validation failed: amounts: the total supply would exceed 2^256-1 base units: minting \(max) overflows the supply 1000000")
        #expect(try f.supply(f.contract("ACME")) == UInt256(amount: "1", decimals: 18))
        // Malformed amounts are validation errors, not negative or mismatched ones.
        let cases: [(String, String)] = [
            (#""recipients": "\#(alice)", "amounts": " 1""#, #"Input validation failed: amounts: " 1" is not a decimal amount or a dnum tuple"#),
            (#""recipients": "\#(alice)", "amounts": "1\n""#, #"Input validation failed: amounts: "1\n" is not a decimal amount or a dnum tuple"#),
            (#""recipients": "\#(alice)", "amounts": "1.""#, #"Input validation failed: amounts: "1." is not a decimal amount or a dnum tuple"#),
            (#""recipients": "\#(alice)", "amounts": "-abc""#, #"Input validation failed: amounts: "-abc" is not a decimal amount or a dnum tuple"#),
            (#""recipients": "\#(alice)", "amounts": ["-", 0]"#, #"Input validation failed: amounts: a dnum's scaled value must be an integer in digits, got "-""#),
            (#""recipients": "\#(alice)", "amounts": ["--5", 0]"#, #"Input validation failed: amounts: a dnum's scaled value must be an integer in digits, got "--5""#),
            (#""recipients": "\#(alice)", "amounts": ["-abc", 0]"#, #"Input validation failed: amounts: a dnum's scaled value must be an integer in digits, got "-abc""#),
            (#""recipients": ["\#(alice)", "\#(bob)"], "amounts": [1, 2]"#, "Input validation failed: amounts[0]: must be a dnum tuple [scaled_value, decimals] or a string, got a number"),
            (#""recipients": "\#(alice)", "amounts": ["-5", 0]"#, #"Amount must be positive: amounts is ["-5",0]; all amounts must be greater than 0"#),
            (#""recipients": "\#(alice)", "amounts": "-2.5""#, #"Amount must be positive: amounts is "-2.5"; all amounts must be greater than 0"#),
            (#""recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "12345", "verificationType": "OTP"}"#,
             #"Input validation failed: walletVerification.secretVerificationCode: an OTP code is 6 digits, got "12345""#),
        ]
        for (fields, message) in cases {
            response = mint(f, fields)
            #expect(response.status == 400, "\(fields)")
            #expect(response.message == message, "\(fields)")
        }
        #expect(try f.supply(f.contract("ACME")) == UInt256(amount: "1", decimals: 18))
    }

    @Test func unknownAndMalformedAssetAddresses() throws {
        let f = try Fixture()
        let key = [("X-Api-Key", f.key("assets", "issuer"))]
        var response = f.request("GET", "/assets/api/token/0x0000000000000000000000000000000000000001", headers: key)
        #expect(response.status == 404)
        #expect(response.code == "NOT_FOUND")
        #expect(response.message == "Asset not found: no asset at 0x0000000000000000000000000000000000000001")
        response = f.post("/assets/api/token/0x12/mint", "{}", headers: key)
        #expect(response.status == 400)
        #expect(response.message == #"Input validation failed: tokenAddress: invalid address "0x12": expected 40 hex digits, got 2"#)
        // Authentication comes first.
        #expect(f.post("/assets/api/token/0x12/mint", "{}").status == 401)
    }

    @Test func getAnswersTheSameAssetObjectAsMint() throws {
        let f = try Fixture()
        let minted = mint(f, #""recipients": "\#(alice)", "amounts": ["7", 0], \#(Self.pin)"#)
        let read = f.request("GET", "/assets/api/token/\(f.contract("ACME"))", headers: [("X-Api-Key", f.key("assets", "issuer"))])
        #expect(read.status == 200)
        #expect(read.body == minted.body)
        let asn = f.request("GET", "/assets/api/token/\(f.contract("ASN"))", headers: [("X-Api-Key", f.key("assets", "issuer"))])
        #expect(asn.json?["type"] == .string("bond"))
        #expect(asn.json?["capped"] == .null)
        #expect(asn.json?["basePrice"] == .string(#"["100000",2]"#))
        #expect(asn.json?["stats"] == .obj(["collateral": .string(#"["1000000000000",6]"#), "collateralExpiresAt": .null]))
    }
}
