import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// The `abclab` dialect (seeds/001): the documented body, success body and the four error codes.
@Suite struct ABCLabDialectTests {
    let alice = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"

    @Test func seedExampleRefusesItsTenByteAddress() throws {
        let f = try Fixture()
        // Exactly as seeds/001 shows it.
        let response = f.post("/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": 100, "recipient_wallet_address": "0xA1B2C3D4E5F6A7B8C9D0"}"#)
        #expect(response.status == 400)
        #expect(response.text == #"{"status":"error","error_code":"INVALID_INPUT","message":"Invalid input: recipient_wallet_address: invalid address \"0xA1B2C3D4E5F6A7B8C9D0\": expected 40 hex digits, got 20"}"#)
    }

    @Test func seedExampleWithAValidAddressAnswersTheDocumentedSuccess() throws {
        let f = try Fixture()
        let response = f.post("/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": 100, "recipient_wallet_address": "\#(alice)"}"#)
        #expect(response.status == 200)
        #expect(response.text == #"{"status":"success","token_id":"TOKEN-12345","asset_id":"UKGILT2030","amount":100,"assigned_to":"\#(alice)"}"#)
        let token = f.contract("UKGILT2030")
        #expect(try f.balance(token, Address(alice)) == UInt256(100))
        let sender = try #require(f.latestSender())
        #expect(sender.from == f.account("abclab-operator").address)
        #expect(sender.signed)
        // The token for this asset now exists.
        let again = f.post("/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": 5, "recipient_wallet_address": "\#(alice)"}"#)
        #expect(again.status == 409)
        #expect(again.text == #"{"status":"error","error_code":"DUPLICATE_MINT","message":"Token for this asset already exists: UKGILT2030 was minted as TOKEN-12345 (supply 100)"}"#)
        #expect(try f.supply(token) == UInt256(100))
        // Another asset has its own token id.
        let other = f.post("/abclab/api/tokens/mint", #"{"asset_id": "DEBUND2035", "amount": 1e2, "recipient_wallet_address": "\#(alice.lowercased())"}"#)
        #expect(other.status == 200)
        #expect(other.text == #"{"status":"success","token_id":"TOKEN-12346","asset_id":"DEBUND2035","amount":1e2,"assigned_to":"\#(alice.lowercased())"}"#)
        #expect(try f.supply(f.contract("DEBUND2035")) == UInt256(100))
    }

    @Test func invalidInput() throws {
        let f = try Fixture()
        let cases: [(String, String)] = [
            (#"{"asset_id": "UKGILT2030", "recipient_wallet_address": "\#(alice)"}"#, "One or more required fields are missing: amount"),
            (#"{}"#, "One or more required fields are missing: asset_id, amount, recipient_wallet_address"),
            (#"{"asset_id": null, "amount": 1, "recipient_wallet_address": "\#(alice)"}"#, "One or more required fields are missing: asset_id"),
            (#"{"asset_id": "", "amount": 1, "recipient_wallet_address": "\#(alice)"}"#, #"Invalid input: asset_id must be a non-empty string, got """#),
            (#"{"asset_id": 7, "amount": 1, "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: asset_id must be a non-empty string, got 7"),
            (#"{"asset_id": "UKGILT2030", "amount": "100", "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: amount must be a number, got a string"),
            (#"{"asset_id": "UKGILT2030", "amount": 0, "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: amount must be greater than 0, got 0"),
            (#"{"asset_id": "UKGILT2030", "amount": -5, "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: amount must be greater than 0, got -5"),
            (#"{"asset_id": "UKGILT2030", "amount": 1.5, "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: amount 1.5 has more decimals than the asset's 0"),
            (#"{"asset_id": "UKGILT2030", "amount": 1e80, "recipient_wallet_address": "\#(alice)"}"#, "Invalid input: amount 1e80 exceeds 2^256-1 base units"),
            (#"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": 5}"#, "Invalid input: recipient_wallet_address must be a string, got a number"),
            (
                #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "0x0000000000000000000000000000000000000000"}"#,
                "Invalid input: recipient_wallet_address: cannot mint to the zero address"
            ),
            ("[]", "Invalid input: the request body must be a JSON object, got an array"),
            ("{", "Invalid input: the request body is not JSON: invalid JSON at line 1, column 2: the body ends inside an object"),
        ]
        for (body, message) in cases {
            let response = f.post("/abclab/api/tokens/mint", body)
            #expect(response.status == 400, "\(body)")
            #expect(response.code == "INVALID_INPUT", "\(body)")
            #expect(response.message == message, "\(body)")
            #expect(response.json?["status"] == .string("error"))
        }
        #expect(try f.supply(f.contract("UKGILT2030")) == .zero)
    }

    @Test func unknownAssetIsNotFound() throws {
        let f = try Fixture()
        let response = f.post("/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2031", "amount": 1, "recipient_wallet_address": "\#(alice)"}"#)
        #expect(response.status == 404)
        #expect(response.code == "ASSET_NOT_FOUND")
        #expect(response.message == "Asset ID does not exist: UKGILT2031 (did you mean UKGILT2030?)")
    }

    @Test func aFailedMintTransactionIsAnInternalError() throws {
        let f = try Fixture()
        let token = f.contract("UKGILT2030")
        try f.chain.transact(
            token, "revokeRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(f.account("abclab-operator").address)],
            from: f.account("deployer").address)
        let response = f.post("/abclab/api/tokens/mint", #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "\#(alice)"}"#)
        #expect(response.status == 500)
        #expect(response.code == "INTERNAL_ERROR")
        #expect(response.message?.hasPrefix("Unexpected server error: the mint transaction failed: AccessControlUnauthorizedAccount") == true)
        #expect(try f.supply(token) == .zero)
    }

    @Test func aConfiguredKeyIsRequired() throws {
        let f = try Fixture { setup in setup.apiKeys.append(IssuedKey(dialect: "abclab", key: "abc-secret", subject: "client")) }
        let body = #"{"asset_id": "UKGILT2030", "amount": 1, "recipient_wallet_address": "\#(alice)"}"#
        var response = f.post("/abclab/api/tokens/mint", body)
        #expect(response.status == 401)
        #expect(response.text == #"{"status":"error","error_code":"UNAUTHORIZED","message":"Authentication required: no Authorization header"}"#)
        response = f.post("/abclab/api/tokens/mint", body, headers: [("Authorization", "abc-secret")])
        #expect(response.message == #"Authentication required: the Authorization header is not "Bearer KEY""#)
        response = f.post("/abclab/api/tokens/mint", body, headers: [("Authorization", "Bearer abc-secreT")])
        #expect(response.message == "Authentication required: the key is not valid")
        response = f.post("/abclab/api/tokens/mint", body, headers: [("Authorization", "Bearer abc-secret")])
        #expect(response.status == 200)
    }
}
