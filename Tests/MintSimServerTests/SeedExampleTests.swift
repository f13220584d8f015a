import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MintSimAPI
import MintSimChain
import MintSimPrimitives
import NIOCore
import Testing

@testable import MintSimServer

/// Each platform document's own example requests, sent as the document shows them (only the base URL
/// changed) to the listening server over a real socket, get the documented answer's shape; where the
/// document's example holds a malformed address, it is refused naming the field, and the same request
/// with a valid address gets the documented shape.
@Suite struct SeedExampleTests {
    static let alice = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"
    static let bob = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"
    static let carol = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955"

    struct Answer {
        let status: Int
        let headers: HTTPFields
        let text: String
        var json: JSON? { try? JSON.parse(Array(text.utf8)) }
        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    }

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> Answer {
        var fields: HTTPFields = body == nil ? [:] : [.contentType: "application/json"]
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) { response in
            Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }

    static func key(_ setup: MintSetup, _ dialect: String, _ subject: String) throws -> String {
        try #require(setup.apiKeys.first { $0.dialect == dialect && $0.subject == subject }).key
    }

    static func address(_ setup: MintSetup, _ name: String) throws -> Address {
        try #require(setup.contracts.first { $0.name == name }).address
    }

    @Test func assetsMintExamplesOfSeed000() async throws {
        let (server, setup, _) = try ServerTests.server()
        let acme = try Self.address(setup, "ACME")
        let key = try Self.key(setup, "assets", "issuer")
        let verification = """
            "walletVerification": {
            "secretVerificationCode": "123456",
            "verificationType": "PINCODE"
            }
            """
        try await server.application(host: "127.0.0.1", port: 0).test(.live) { client in
            let path = "/assets/api/token/\(acme)/mint"
            let headers = [("X-Api-Key", key)]
            // Single recipient, as the document writes it: its recipient has 39 hex digits.
            var answer = try await Self.send(client, .post, path, """
                {
                "recipients": "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb",
                "amounts": ["1000000000000000000000", 18],
                \(verification)
                }
                """, headers: headers)
            #expect(answer.status == 400)
            #expect(answer.json?["message"] == .string(
                #"Input validation failed: recipients: invalid address "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb": expected 40 hex digits, got 39"#))
            // The same with a valid recipient: the asset object, totalSupply updated.
            answer = try await Self.send(client, .post, path, """
                {
                "recipients": "\(Self.alice)",
                "amounts": ["1000000000000000000000", 18],
                \(verification)
                }
                """, headers: headers)
            #expect(answer.status == 200)
            let asset = try #require(answer.json?.objectValue)
            for field in ["id", "type", "createdAt", "name", "symbol", "decimals", "basePrice", "basePriceCurrencyCode", "totalSupply", "pausable", "capped"] {
                #expect(asset[field] != nil, "\(field)")
            }
            for field in ["identity", "accessControl", "complianceModuleConfigs", "userPermissions", "stats"] { #expect(asset[field] != nil, "\(field)") }
            #expect(asset["name"] == .string("ACME Holdings Common Stock"))
            #expect(asset["totalSupply"] == .string(#"["1000000000000000000000",18]"#))
            #expect(asset["pausable"] == .obj(["paused": .bool(false)]))
            #expect(asset["capped"] == .obj(["cap": .string(#"["1000000000000000000000000",18]"#)]))
            // The batch as the document writes it: 39 and 41 hex digits, and a bad EIP-55 checksum.
            let amounts = """
                "amounts": [
                ["500000000000000000000", 18],
                ["300000000000000000000", 18],
                ["200000000000000000000", 18]
                ],
                """
            answer = try await Self.send(client, .post, path, """
                {
                "recipients": [
                "0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb",
                "0x8e5F72f6E5b3B4D1234567890AbCdEf1234567890",
                "0x1234567890AbCdEf1234567890AbCdEf12345678"
                ],
                \(amounts)
                \(verification)
                }
                """, headers: headers)
            #expect(answer.status == 400)
            #expect(answer.json?["data"]?["issues"]?.arrayValue?.first?["path"] == .array([.string("recipients"), .number("0")]))
            answer = try await Self.send(client, .post, path, """
                {
                "recipients": [
                "\(Self.alice)",
                "\(Self.bob)",
                "\(Self.carol)"
                ],
                \(amounts)
                \(verification)
                }
                """, headers: headers)
            #expect(answer.status == 200)
            #expect(answer.json?["totalSupply"] == .string(#"["2000000000000000000000",18]"#))
            answer = try await Self.send(client, .get, "/assets/api/token/\(acme)", headers: headers)
            #expect(answer.status == 200)
            #expect(answer.json?["totalSupply"] == .string(#"["2000000000000000000000",18]"#))
        }
    }

    @Test func abclabMintExampleOfSeed001() async throws {
        let (server, _, _) = try ServerTests.server()
        try await server.application(host: "127.0.0.1", port: 0).test(.live) { client in
            let example = """
                {
                  "asset_id": "UKGILT2030",
                  "amount": 100,
                  "recipient_wallet_address": "0xA1B2C3D4E5F6A7B8C9D0"
                }
                """
            var answer = try await Self.send(client, .post, "/abclab/api/tokens/mint", example)
            #expect(answer.status == 400)
            #expect(answer.text == #"{"status":"error","error_code":"INVALID_INPUT","message":"Invalid input: recipient_wallet_address: invalid address \"0xA1B2C3D4E5F6A7B8C9D0\": expected 40 hex digits, got 20"}"#)
            answer = try await Self.send(client, .post, "/abclab/api/tokens/mint", example.replacingOccurrences(of: "0xA1B2C3D4E5F6A7B8C9D0", with: Self.alice))
            #expect(answer.status == 200)
            #expect(answer.text == #"{"status":"success","token_id":"TOKEN-12345","asset_id":"UKGILT2030","amount":100,"assigned_to":"\#(Self.alice)"}"#)
            // The documented errors, over the socket.
            answer = try await Self.send(client, .post, "/abclab/api/tokens/mint", example.replacingOccurrences(of: "0xA1B2C3D4E5F6A7B8C9D0", with: Self.alice))
            #expect(answer.status == 409)
            #expect(answer.json?["error_code"] == .string("DUPLICATE_MINT"))
            answer = try await Self.send(client, .post, "/abclab/api/tokens/mint", #"{"asset_id": "NOPE", "amount": 1, "recipient_wallet_address": "\#(Self.alice)"}"#)
            #expect(answer.status == 404)
            #expect(answer.json?["error_code"] == .string("ASSET_NOT_FOUND"))
            answer = try await Self.send(client, .post, "/abclab/api/tokens/mint", #"{"asset_id": "DEBUND2035"}"#)
            #expect(answer.status == 400)
            #expect(answer.json?["message"] == .string("One or more required fields are missing: amount, recipient_wallet_address"))
        }
    }

    @Test func immutableMintingExamplesOfSeed002() async throws {
        let (server, setup, _) = try ServerTests.server()
        let heroes = try Self.address(setup, "Heroes").lowercaseHexPrefixed
        let items = try Self.address(setup, "Items").lowercaseHexPrefixed
        let headers = [("x-immutable-api-key", try Self.key(setup, "immutable", "game-studio"))]
        let player = Self.alice.lowercased()
        try await server.application(host: "127.0.0.1", port: 0).test(.live) { client in
            // mintSingleNFT: an ERC-721 with its token_id and metadata.
            var answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                #"{"assets":[{"reference_id":"123","owner_address":"\#(player)","token_id":"123","metadata":{"name":"Legendary Sword","description":"A powerful weapon","image":"https://assets.example.com/sword.png","animation_url":"https://assets.example.com/sword.mp4","attributes":[{"trait_type":"Rarity","value":"Legendary"},{"trait_type":"Damage","value":100,"display_type":"number"}]}}]}"#,
                headers: headers)
            #expect(answer.status == 202)
            #expect(answer.json?.objectValue?.keys == [
                "imx_mint_requests_limit", "imx_remaining_mint_requests", "imx_mint_requests_limit_reset", "imx_mint_requests_retry_after",
            ])
            #expect(answer.header("imx_remaining_mint_requests") == "1999")
            // Without token_id, on the mainnet chain name the document uses for it.
            answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-mainnet/collections/\(heroes)/nfts/mint-requests",
                #"{"assets":[{"reference_id":"reward-123","owner_address":"\#(player)","metadata":{"name":"Daily Reward","image":"https://assets.example.com/reward.png"}}]}"#,
                headers: headers)
            #expect(answer.status == 202)
            // ERC-1155: a starter pack.
            answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(items)/nfts/mint-requests",
                #"{"assets":[{"reference_id":"starter-sword-1","owner_address":"\#(player)","token_id":"1","amount":"1","metadata":{"name":"Iron Sword","image":"https://example.com/sword.png","attributes":[{"trait_type":"Attack","value":10}]}},{"reference_id":"starter-potion-1","owner_address":"\#(player)","token_id":"2","amount":"5","metadata":{"name":"Health Potion","image":"https://example.com/potion.png"}}]}"#,
                headers: headers)
            #expect(answer.status == 202)
            // The status, read as result[0].
            answer = try await Self.send(client, .get, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests/123", headers: headers)
            #expect(answer.status == 200)
            let status = try #require(answer.json?["result"]?.arrayValue?.first)
            #expect(status["status"] == .string("succeeded"))
            #expect(status["token_id"] == .string("123"))
            #expect(status["transaction_hash"]?.stringValue?.count == 66)
            answer = try await Self.send(client, .get, "/immutable/v1/chains/imtbl-zkevm-mainnet/collections/\(heroes)/nfts/mint-requests/reward-123", headers: headers)
            #expect(answer.json?["result"]?.arrayValue?.first?["token_id"] == .string("0"))
            // The refresh example, then the NFT with metadata_synced_at.
            answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/refresh-metadata",
                #"{"nft_metadata":[{"token_id":"123","name":"Hero - Level 5","description":"A battle-hardened warrior","image":"https://assets.example.com/hero-level5.png","attributes":[{"trait_type":"Level","value":5,"display_type":"number"},{"trait_type":"Attack","value":25,"display_type":"number"},{"trait_type":"Defense","value":15,"display_type":"number"}]}]}"#,
                headers: headers)
            #expect(answer.status == 202)
            #expect(answer.header("imx_remaining_refreshes") == "676")
            #expect(answer.header("imx_refresh_limit_reset") != nil)
            answer = try await Self.send(client, .get, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/123", headers: headers)
            #expect(answer.status == 200)
            #expect(answer.json?["name"] == .string("Hero - Level 5"))
            #expect(answer.json?["metadata_synced_at"]?.stringValue != nil)
            // The documented errors, over the socket.
            answer = try await Self.send(client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests", #"{"assets":[]}"#, headers: headers)
            #expect(answer.status == 400)
            #expect(answer.json?["code"] == .string("VALIDATION_ERROR"))
            answer = try await Self.send(client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests", #"{"assets":[]}"#)
            #expect(answer.status == 401)
            #expect(answer.json?["code"] == .string("UNAUTHORISED_REQUEST"))
            answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                #"{"assets":[{"reference_id":"123","owner_address":"\#(player)"}]}"#, headers: headers)
            #expect(answer.status == 409)
            #expect(answer.json?["code"] == .string("CONFLICT"))
            answer = try await Self.send(
                client, .post, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                #"{"assets":[{"reference_id":"x","owner_address":"\#(player)"}]}"#, headers: [("x-immutable-api-key", try Self.key(setup, "immutable", "other-studio"))])
            #expect(answer.status == 403)
            #expect(answer.json?["code"] == .string("AUTHENTICATION_ERROR"))
        }
    }

    @Test func qustodyMintAndBurnExamplesOfSeed003() async throws {
        let (server, setup, _) = try ServerTests.server()
        let ops = [("X-API-Key", try Self.key(setup, "qustody", "treasury-ops"))]
        try await server.application(host: "127.0.0.1", port: 0).test(.live) { client in
            var answer = try await Self.send(client, .post, "/qustody/v1/tokens/token_abc123/mint", """
                {
                  "amount": "1000000000000000000000",
                  "recipient": { "type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12" },
                  "feeStrategy": "MEDIUM"
                }
                """, headers: ops + [("Idempotency-Key", "mint-2026-04-27-001")])
            #expect(answer.status == 202)
            #expect(answer.json?["status"] == .string("PENDING_APPROVAL"))
            #expect(answer.json?["type"] == .string("MINT"))
            let mint = try #require(answer.json?["id"]?.stringValue)
            answer = try await Self.send(client, .post, "/qustody/v1/tokens/token_abc123/burn", """
                {
                  "amount": "500000000000000000000",
                  "from": { "type": "vaultAccountId", "vaultAccountId": "vault_123" },
                  "feeStrategy": "MEDIUM"
                }
                """, headers: ops + [("Idempotency-Key", "burn-2026-04-27-001")])
            #expect(answer.status == 202)
            #expect(answer.json?["status"] == .string("PENDING_APPROVAL"))
            #expect(answer.json?["type"] == .string("BURN"))
            let burn = try #require(answer.json?["id"]?.stringValue)
            // After approval: token.minted / token.burned, with the transaction hash on the operation.
            for operation in [mint, burn] {
                for approver in ["approver-1", "approver-2"] {
                    answer = try await Self.send(
                        client, .post, "/qustody/v1/operations/\(operation)/approve", headers: [("X-API-Key", try Self.key(setup, "qustody", approver))])
                    #expect(answer.status == 200)
                }
                #expect(answer.json?["status"] == .string("CONFIRMED"))
                let hash = try #require(answer.json?["transactionHash"]?.stringValue)
                let recorded = try Hash(hex: hash)
                #expect(server.api.with { $0.service.chain.transaction(hash: recorded) } != nil)
            }
            let events = server.api.with { $0.service.events.map(\.name) }
            #expect(events == ["token.mint_requested", "token.burn_requested", "token.minted", "token.burned"])
            // A retry with the same key replays; with another body it conflicts.
            answer = try await Self.send(client, .post, "/qustody/v1/tokens/token_abc123/burn", """
                {"amount": "500000000000000000000", "from": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}, "feeStrategy": "MEDIUM"}
                """, headers: ops + [("Idempotency-Key", "burn-2026-04-27-001")])
            #expect(answer.status == 202)
            #expect(answer.header("Idempotent-Replayed") == "true")
            answer = try await Self.send(client, .post, "/qustody/v1/tokens/token_abc123/burn", """
                {"amount": "1", "from": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}
                """, headers: ops + [("Idempotency-Key", "burn-2026-04-27-001")])
            #expect(answer.status == 409)
            #expect(answer.json?["error"]?["code"] == .string("IDEMPOTENCY_CONFLICT"))
            answer = try await Self.send(client, .post, "/qustody/v1/tokens/token_draft/mint", #"{"amount": "1", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#, headers: ops + [("Idempotency-Key", "d")])
            #expect(answer.status == 409)
            #expect(answer.json?["error"]?["code"] == .string("TOKEN_NOT_DEPLOYED"))
        }
    }
}
