import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// The `immutable` dialect (seeds/002): mint requests, status, metadata, NFTs, rate limits.
@Suite struct ImmutableDialectTests {
    let player = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"
    let other = "0x976ea74026e726554db657fa54763abd0c3a0aa9"

    func base(_ f: Fixture, _ collection: String, chain: String = "imtbl-zkevm-testnet") -> String {
        "/immutable/v1/chains/\(chain)/collections/\(f.contract(collection))"
    }

    func key(_ f: Fixture, _ studio: String = "game-studio") -> [(String, String)] {
        [("x-immutable-api-key", f.key("immutable", studio))]
    }

    func mint(_ f: Fixture, _ collection: String, _ assets: String, studio: String = "game-studio") -> APIResponse {
        f.post(base(f, collection) + "/nfts/mint-requests", #"{"assets": [\#(assets)]}"#, headers: key(f, studio))
    }

    func status(_ f: Fixture, _ collection: String, _ reference: String) -> JSON? {
        f.request("GET", base(f, collection) + "/nfts/mint-requests/\(reference)", headers: key(f)).json?["result"]?.arrayValue?.first
    }

    func dialect(_ f: Fixture) -> ImmutableDialect? { f.api.mounts.compactMap { $0.dialect as? ImmutableDialect }.first }

    @Test func seedERC721WithTokenIDExample() throws {
        let f = try Fixture()
        // mintSingleNFT as seeds/002 writes it: reference_id = token_id, with metadata.
        let response = mint(
            f, "Heroes",
            #"{"reference_id": "123", "owner_address": "\#(player)", "token_id": "123", "metadata": {"name": "Legendary Sword", "description": "A powerful weapon", "image": "https://assets.example.com/sword.png", "animation_url": "https://assets.example.com/sword.mp4", "attributes": [{"trait_type": "Rarity", "value": "Legendary"}, {"trait_type": "Damage", "value": 100, "display_type": "number"}]}}"#
        )
        #expect(response.status == 202)
        let limits = try #require(response.json?.objectValue)
        #expect(limits.keys == ["imx_mint_requests_limit", "imx_remaining_mint_requests", "imx_mint_requests_limit_reset", "imx_mint_requests_retry_after"])
        #expect(limits["imx_mint_requests_limit"] == .string("2000"))
        #expect(limits["imx_remaining_mint_requests"] == .string("1999"))
        #expect(response.header("imx_remaining_mint_requests") == "1999")
        #expect(limits["imx_mint_requests_limit_reset"]?.stringValue?.hasSuffix(" UTC") == true)
        // One token back at 200 a minute takes 0.3 s: the bucket is full again within a second.
        #expect(limits["imx_mint_requests_retry_after"] == .string("1.00-seconds"))
        let result = try #require(status(f, "Heroes", "123"))
        #expect(result.objectValue?.keys == [
            "chain", "collection_address", "reference_id", "status", "token_id", "amount", "owner_address", "transaction_hash", "error",
            "created_at", "updated_at",
        ])
        #expect(result["status"] == .string("succeeded"))
        #expect(result["token_id"] == .string("123"))
        #expect(result["owner_address"] == .string(player))
        #expect(result["chain"] == .obj(["id": .string("eip155:31337"), "name": .string("imtbl-zkevm-testnet")]))
        #expect(result["error"] == .null)
        let hash = try #require(result["transaction_hash"]?.stringValue)
        let record = try #require(f.chain.transaction(hash: try Hash(hex: hash)))
        #expect(record.from == f.account("immutable-minter").address)
        #expect(record.signature != nil)
        let nft = try #require(f.request("GET", base(f, "Heroes") + "/nfts/123", headers: key(f)).json)
        #expect(nft["name"] == .string("Legendary Sword"))
        #expect(nft["owner_address"] == .string(player))
        #expect(nft["contract_type"] == .string("ERC721"))
        #expect(nft["attributes"]?.arrayValue?.count == 2)
        #expect(nft["metadata_synced_at"]?.stringValue?.hasPrefix("2026-01-01T") == true)
        // The indexer read needs no key.
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/123").status == 200)
    }

    @Test func seedERC721WithoutTokenIDGetsSequentialIDs() throws {
        let f = try Fixture()
        let response = mint(
            f, "Heroes",
            #"{"reference_id": "reward-123", "owner_address": "\#(player)", "metadata": {"name": "Daily Reward", "image": "https://assets.example.com/reward.png"}}, {"reference_id": "reward-124", "owner_address": "\#(other)"}"#
        )
        #expect(response.status == 202)
        #expect(status(f, "Heroes", "reward-123")?["token_id"] == .string("0"))
        #expect(status(f, "Heroes", "reward-124")?["token_id"] == .string("1"))
        #expect(status(f, "Heroes", "reward-124")?["owner_address"] == .string(other))
        #expect(status(f, "Heroes", "reward-123")?["transaction_hash"] == status(f, "Heroes", "reward-124")?["transaction_hash"])
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/0").json?["name"] == .string("Daily Reward"))
    }

    @Test func seedERC1155StarterPack() throws {
        let f = try Fixture()
        let pack = #"{"reference_id": "starter-sword-1", "owner_address": "\#(player)", "token_id": "1", "amount": "1", "metadata": {"name": "Iron Sword", "image": "https://example.com/sword.png", "attributes": [{"trait_type": "Attack", "value": 10}]}}, {"reference_id": "starter-potion-1", "owner_address": "\#(player)", "token_id": "2", "amount": "5", "metadata": {"name": "Health Potion", "image": "https://example.com/potion.png"}}"#
        #expect(mint(f, "Items", pack).status == 202)
        #expect(status(f, "Items", "starter-potion-1")?["status"] == .string("succeeded"))
        #expect(status(f, "Items", "starter-potion-1")?["amount"] == .string("5"))
        let items = f.contract("Items")
        #expect(try f.chain.call(items, "balanceOf(address,uint256)(uint256)", [.address(Address(player)), .uint(2)]).first == .uint(5))
        // Metadata only on the first mint of a token_id: 409; without it, more of the same id.
        var response = mint(f, "Items", #"{"reference_id": "more-swords", "owner_address": "\#(other)", "token_id": "1", "amount": "3", "metadata": {"name": "Iron Sword"}}"#)
        #expect(response.status == 409)
        #expect(response.code == "CONFLICT")
        #expect(response.message == "assets[0].metadata: token_id 1 already exists; metadata is only accepted on its first mint")
        response = mint(f, "Items", #"{"reference_id": "more-swords", "owner_address": "\#(other)", "token_id": "1", "amount": "3"}"#)
        #expect(response.status == 202)
        let nft = try #require(f.request("GET", base(f, "Items") + "/nfts/1").json)
        #expect(nft["total_supply"] == .string("4"))
        #expect(nft["name"] == .string("Iron Sword"))
        #expect(nft["contract_type"] == .string("ERC1155"))
    }

    @Test func referenceIDsAndTokenIDsAreUsedOnce() throws {
        let f = try Fixture()
        #expect(mint(f, "Heroes", #"{"reference_id": "a", "owner_address": "\#(player)", "token_id": "5"}"#).status == 202)
        var response = mint(f, "Heroes", #"{"reference_id": "a", "owner_address": "\#(player)", "token_id": "6"}"#)
        #expect(response.status == 409)
        #expect(response.message == "assets[0].reference_id a already used in collection \(f.contract("Heroes").lowercaseHexPrefixed)")
        response = mint(f, "Heroes", #"{"reference_id": "b", "owner_address": "\#(player)"}, {"reference_id": "c", "owner_address": "\#(player)", "token_id": "5"}"#)
        #expect(response.status == 409)
        #expect(response.message == "assets[1].token_id 5 already used in collection \(f.contract("Heroes").lowercaseHexPrefixed)")
        // Nothing of a refused request was kept: b is free.
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/mint-requests/b", headers: key(f)).status == 404)
        #expect(mint(f, "Heroes", #"{"reference_id": "b", "owner_address": "\#(player)"}"#).status == 202)
        // The same reference_id in another collection is another request.
        #expect(mint(f, "Items", #"{"reference_id": "a", "owner_address": "\#(player)", "token_id": "5", "amount": "1"}"#).status == 202)
    }

    @Test func validationErrors() throws {
        let f = try Fixture()
        let owner = #""owner_address": "\#(player)""#
        let cases: [(String, String, String)] = [
            ("Heroes", "", "assets must hold at least one asset"),
            ("Heroes", #"{"reference_id": "x", \#(owner)}, {"reference_id": "x", \#(owner)}"#, "assets[1].reference_id x is duplicated in this request"),
            ("Heroes", #"{\#(owner)}"#, "assets[0].reference_id is required"),
            ("Heroes", #"{"reference_id": "", \#(owner)}"#, #"assets[0].reference_id must be a non-empty string, got """#),
            ("Heroes", #"{"reference_id": "x"}"#, "assets[0].owner_address is required"),
            (
                "Heroes", #"{"reference_id": "x", "owner_address": "0x123"}"#,
                #"assets[0].owner_address: invalid address "0x123": expected 40 hex digits, got 3"#
            ),
            ("Heroes", #"{"reference_id": "x", \#(owner), "token_id": 5}"#, "assets[0].token_id must be a string of decimal digits, got 5"),
            ("Heroes", #"{"reference_id": "x", \#(owner), "token_id": "-1"}"#, #"assets[0].token_id must be a string of decimal digits, got "-1""#),
            ("Heroes", #"{"reference_id": "x", \#(owner), "amount": "1"}"#, "assets[0].amount is only for ERC-1155 collections; this collection is ERC-721"),
            (
                "Heroes", #"{"reference_id": "x", \#(owner), "token_id": "1"}, {"reference_id": "y", \#(owner), "token_id": "1"}"#,
                "assets[1].token_id 1 is duplicated in this request"
            ),
            ("Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"name": 5}}"#, "assets[0].metadata.name must be a string, got a number"),
            (
                "Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"attributes": [{"trait_type": "a", "value": true}]}}"#,
                "assets[0].metadata.attributes[0].value must be a string or a number, got a boolean"
            ),
            (
                "Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"attributes": [{"trait_type": "a", "value": 1, "display_type": "bar"}]}}"#,
                #"assets[0].metadata.attributes[0].display_type must be one of number, boost_percentage, boost_number, date, got "bar""#
            ),
            ("Items", #"{"reference_id": "x", \#(owner), "amount": "1"}"#, "assets[0].token_id is required for an ERC-1155 collection"),
            ("Items", #"{"reference_id": "x", \#(owner), "token_id": "1"}"#, "assets[0].amount is required for an ERC-1155 collection"),
            ("Items", #"{"reference_id": "x", \#(owner), "token_id": "1", "amount": "0"}"#, "assets[0].amount must be greater than 0"),
            ("Items", #"{"reference_id": "x", \#(owner), "token_id": "1", "amount": 2}"#, "assets[0].amount must be a string of decimal digits, got 2"),
        ]
        for (collection, assets, message) in cases {
            let response = mint(f, collection, assets)
            #expect(response.status == 400, "\(assets)")
            #expect(response.code == "VALIDATION_ERROR", "\(assets)")
            #expect(response.message == message, "\(assets)")
            #expect(response.json?["trace_id"]?.stringValue?.count == 32)
        }
        let many = (0...100).map { #"{"reference_id": "r\#($0)", \#(owner)}"# }.joined(separator: ",")
        #expect(mint(f, "Heroes", many).message == "assets holds 101 assets; at most 100 per request")
        let path = base(f, "Heroes") + "/nfts/mint-requests"
        #expect(f.post(path, #"{"asset": []}"#, headers: key(f)).message == "assets is required")
        #expect(f.post(path, #"{"assets": {}}"#, headers: key(f)).message == "assets must be an array, got an object")
        #expect(f.post(path, "nope", headers: key(f)).message == "the request body is not JSON: invalid JSON at line 1, column 1: unexpected 'n' where a value should be")
        #expect(f.dialectEvents.isEmpty)
    }

    @Test func authenticationCollectionsAndChains() throws {
        let f = try Fixture()
        let assets = #"{"reference_id": "x", "owner_address": "\#(player)"}"#
        var response = f.post(base(f, "Heroes") + "/nfts/mint-requests", #"{"assets": [\#(assets)]}"#)
        #expect(response.status == 401)
        #expect(response.code == "UNAUTHORISED_REQUEST")
        #expect(response.message == "Invalid API key: no x-immutable-api-key header")
        response = f.post(base(f, "Heroes") + "/nfts/mint-requests", #"{"assets": [\#(assets)]}"#, headers: [("x-immutable-api-key", "sk_wrong")])
        #expect(response.message == "Invalid API key")
        response = mint(f, "Heroes", assets, studio: "other-studio")
        #expect(response.status == 403)
        #expect(response.code == "AUTHENTICATION_ERROR")
        #expect(response.message == "Collection not linked to API key: collection \(f.contract("Heroes").lowercaseHexPrefixed) is not linked to this key")
        response = f.post(base(f, "Heroes", chain: "ethereum") + "/nfts/mint-requests", "{}", headers: key(f))
        #expect(response.status == 404)
        #expect(response.message == "chain ethereum not found (chains: imtbl-zkevm-testnet, imtbl-zkevm-mainnet, imtbl-zkevm-devnet)")
        response = f.post("/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(f.contract("ACME"))/nfts/mint-requests", "{}", headers: key(f))
        #expect(response.status == 404)
        #expect(response.message == "collection \(f.contract("ACME").lowercaseHexPrefixed) not found")
        response = f.post("/immutable/v1/chains/imtbl-zkevm-testnet/collections/0xzz/nfts/mint-requests", "{}", headers: key(f))
        #expect(response.status == 400)
        #expect(response.message == #"contract_address: invalid address "0xzz": character at position 2 is not a hex digit"#)
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/mint-requests/none", headers: key(f)).status == 404)
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/7").message == "NFT 7 not found in collection \(f.contract("Heroes").lowercaseHexPrefixed)")
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/abc").message == #"token_id must be a string of decimal digits, got "abc""#)
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/7", headers: [("x-immutable-api-key", "bad")]).status == 401)
    }

    @Test func heldRequestsStayPendingThenShareOneTransactionPerCollection() throws {
        let f = try Fixture()
        let immutable = try #require(dialect(f))
        immutable.holdConfirmations = true
        #expect(mint(f, "Heroes", #"{"reference_id": "p1", "owner_address": "\#(player)"}"#).status == 202)
        #expect(mint(f, "Heroes", #"{"reference_id": "p2", "owner_address": "\#(other)"}"#).status == 202)
        #expect(mint(f, "Heroes", #"{"reference_id": "p3", "owner_address": "\#(other)", "token_id": "77"}"#).status == 202)
        #expect(status(f, "Heroes", "p1")?["status"] == .string("pending"))
        #expect(status(f, "Heroes", "p1")?["token_id"] == .null)
        #expect(status(f, "Heroes", "p1")?["transaction_hash"] == .null)
        let pending = f.request("GET", base(f, "Heroes") + "/nfts/mint-requests?status=pending", headers: key(f))
        #expect(pending.json?["result"]?.arrayValue?.count == 3)
        // Meanwhile token 77 is minted outside the API: p3 fails alone when the queue goes on chain.
        try f.chain.transact(f.contract("Heroes"), "mint(address,uint256)", [.address(Address(player)), .uint(77)], from: f.account("deployer").address)
        let blockBefore = f.chain.blockNumber
        #expect(f.post("/_mintsim/mine", "").status == 200)
        #expect(status(f, "Heroes", "p1")?["status"] == .string("succeeded"))
        #expect(status(f, "Heroes", "p2")?["token_id"] == .string("1"))
        #expect(status(f, "Heroes", "p1")?["transaction_hash"] == status(f, "Heroes", "p2")?["transaction_hash"])
        #expect(f.chain.blockNumber == blockBefore + 2)  // the mined block, then the batch
        let failed = try #require(status(f, "Heroes", "p3"))
        #expect(failed["status"] == .string("failed"))
        #expect(failed["error"]?.stringValue?.hasPrefix("ERC721InvalidSender") == true)
        let list = f.request("GET", base(f, "Heroes") + "/nfts/mint-requests?status=failed&page_size=10", headers: key(f))
        #expect(list.json?["result"]?.arrayValue?.map { $0["reference_id"] } == [.string("p3")])
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/mint-requests?status=done", headers: key(f)).message == "status must be pending, succeeded or failed, got done")
    }

    @Test func aMissingMinterRoleFailsTheRequestInOpenZeppelinsWords() throws {
        let f = try Fixture()
        let minter = f.account("immutable-minter").address
        try f.chain.transact(
            f.contract("Heroes"), "revokeRole(bytes32,address)", [.fixedBytes(Role.minter.bytes), .address(minter)], from: f.account("deployer").address)
        #expect(mint(f, "Heroes", #"{"reference_id": "r", "owner_address": "\#(player)"}"#).status == 202)
        let result = try #require(status(f, "Heroes", "r"))
        #expect(result["status"] == .string("failed"))
        #expect(result["error"] == .string("AccessControl: account \(minter.lowercaseHexPrefixed) is missing role \(Role.minter)"))
        #expect(result["transaction_hash"] == .null)
        // The webhook event says so: pending, then failed, without a transaction.
        let events = f.api.service.events.filter { $0.dialect == "immutable" }
        #expect(events.map { $0.body["data"]?["status"] } == [.string("pending"), .string("failed")])
        #expect(events.last?.body.text() == #"{"event_name":"imtbl_zkevm_mint_request_updated","data":{"reference_id":"r","status":"failed","token_id":null,"transaction_hash":null,"collection_address":"\#(f.contract("Heroes").lowercaseHexPrefixed)","owner_address":"\#(player)"}}"#)
    }

    @Test func rateLimitsCountDistinctTokenIDsOnTheChainsClock() throws {
        let f = try Fixture { setup in
            setup.immutableKeys = setup.immutableKeys.map {
                ImmutableKeyScope(subject: $0.subject, collections: $0.collections, tier: RateTier(name: "Tiny", perMinute: 2, burst: 3))
            }
        }
        // 1000 copies of one ERC-1155 token_id count once.
        #expect(mint(f, "Items", #"{"reference_id": "a", "owner_address": "\#(player)", "token_id": "9", "amount": "1000"}"#).status == 202)
        var response = mint(
            f, "Items",
            #"{"reference_id": "b", "owner_address": "\#(player)", "token_id": "9", "amount": "1"}, {"reference_id": "c", "owner_address": "\#(player)", "token_id": "10", "amount": "1"}"#
        )
        #expect(response.status == 202)
        #expect(response.json?["imx_remaining_mint_requests"] == .string("0"))
        response = mint(f, "Items", #"{"reference_id": "d", "owner_address": "\#(player)", "token_id": "11", "amount": "1"}"#)
        #expect(response.status == 429)
        #expect(response.code == "TOO_MANY_REQUESTS_ERROR")
        #expect(response.header("imx_remaining_mint_requests") == "0")
        let retry = try #require(response.header("imx_mint_requests_retry_after"))
        #expect(retry.hasSuffix(".00-seconds"))
        let seconds = try #require(UInt64(retry.dropLast(".00-seconds".count)))
        #expect(response.message == "Rate limit exceeded: 1 mint requests asked, 0 remaining; retry after \(seconds) seconds")
        #expect(f.request("GET", base(f, "Items") + "/nfts/mint-requests/d", headers: key(f)).status == 404)
        try f.chain.advanceTime(by: seconds)
        #expect(mint(f, "Items", #"{"reference_id": "d", "owner_address": "\#(player)", "token_id": "11", "amount": "1"}"#).status == 202)
    }

    @Test func refreshMetadataReplacesItWhole() throws {
        let f = try Fixture()
        #expect(mint(f, "Heroes", #"{"reference_id": "h", "owner_address": "\#(player)", "token_id": "123", "metadata": {"name": "Hero", "description": "new", "image": "a.png"}}"#).status == 202)
        let before = try #require(f.request("GET", base(f, "Heroes") + "/nfts/123").json?["metadata_synced_at"])
        try f.chain.advanceTime(by: 3600)
        let path = base(f, "Heroes") + "/nfts/refresh-metadata"
        // seeds/002's example.
        let response = f.post(
            path,
            #"{"nft_metadata": [{"token_id": "123", "name": "Hero - Level 5", "description": "A battle-hardened warrior", "image": "https://assets.example.com/hero-level5.png", "attributes": [{"trait_type": "Level", "value": 5, "display_type": "number"}, {"trait_type": "Attack", "value": 25, "display_type": "number"}, {"trait_type": "Defense", "value": 15, "display_type": "number"}]}]}"#,
            headers: key(f))
        #expect(response.status == 202)
        #expect(response.json?.objectValue?.keys == ["imx_refreshes_limit", "imx_refresh_limit_reset", "imx_remaining_refreshes", "retry_after"])
        #expect(response.header("imx_remaining_refreshes") == "676")
        #expect(response.header("imx_refreshes_limit") == "677")
        let reset = try #require(response.header("imx_refresh_limit_reset"))
        #expect(reset.count == 19 && !reset.hasSuffix("UTC"))
        #expect(response.header("retry_after") == "1-seconds")
        let nft = try #require(f.request("GET", base(f, "Heroes") + "/nfts/123").json)
        #expect(nft["name"] == .string("Hero - Level 5"))
        #expect(nft["attributes"]?.arrayValue?.count == 3)
        #expect(nft["metadata_synced_at"] != before)
        // Errors.
        #expect(f.post(path, #"{"nft_metadata": [{"token_id": "124", "name": "x"}]}"#, headers: key(f)).message
            == "nft_metadata[0].token_id 124 is not minted in collection \(f.contract("Heroes").lowercaseHexPrefixed)")
        #expect(f.post(path, #"{"nft_metadata": [{"name": "x"}]}"#, headers: key(f)).message == "nft_metadata[0].token_id is required")
        let many = (0...250).map { #"{"token_id": "\#($0)"}"# }.joined(separator: ",")
        #expect(f.post(path, #"{"nft_metadata": [\#(many)]}"#, headers: key(f)).message == "nft_metadata holds 251 tokens; at most 250 token IDs per request")
        let big = #"{"nft_metadata": [{"token_id": "123", "name": "\#(String(repeating: "x", count: 228 * 1024))"}]}"#
        #expect(f.post(path, big, headers: key(f)).message
            == "the request is \(big.utf8.count) bytes; metadata may total at most 228 KiB (233472 bytes) per request")
        #expect(f.post(path, #"{"nft_metadata": [{"token_id": "123"}, {"token_id": "123"}]}"#, headers: key(f)).message
            == "nft_metadata[1].token_id 123 is duplicated in this request")
    }

    @Test func refreshesHaveTheirOwnBucketOf677AMinute() throws {
        let f = try Fixture()
        for batch in 0..<3 {
            let assets = (0..<100).map { #"{"reference_id": "r\#(batch * 100 + $0)", "owner_address": "\#(player)", "token_id": "\#(batch * 100 + $0)"}"# }
            #expect(mint(f, "Heroes", assets.joined(separator: ",")).status == 202)
        }
        let path = base(f, "Heroes") + "/nfts/refresh-metadata"
        let body = #"{"nft_metadata": [\#((0..<250).map { #"{"token_id": "\#($0)", "name": "n"}"# }.joined(separator: ","))]}"#
        #expect(f.post(path, body, headers: key(f)).header("imx_remaining_refreshes") == "427")
        #expect(f.post(path, body, headers: key(f)).header("imx_remaining_refreshes") == "177")
        let refused = f.post(path, body, headers: key(f))
        #expect(refused.status == 429)
        #expect(refused.code == "TOO_MANY_REQUESTS_ERROR")
        #expect(refused.message == "Rate limit exceeded: 250 NFT refreshes asked, 177 remaining; retry after 7 seconds")
        #expect(refused.header("retry_after") == "7-seconds")
        #expect(refused.header("imx_remaining_refreshes") == "177")
        // Seven seconds later the bucket has refilled about 79 (677 a minute): the request fits.
        try f.chain.advanceTime(by: 7)
        #expect(f.post(path, body, headers: key(f)).status == 202)
    }

    @Test func metadataStacksShareMetadataAndRefreshByMetadataID() throws {
        let f = try Fixture()
        let sword = #"{"name": "Sword", "image": "sword.png"}"#
        let assets = (1...3).map { #"{"reference_id": "s\#($0)", "owner_address": "\#(player)", "token_id": "\#($0)", "metadata": \#(sword)}"# }
            + [#"{"reference_id": "h4", "owner_address": "\#(player)", "token_id": "4", "metadata": {"name": "Shield"}}"#,
               #"{"reference_id": "n5", "owner_address": "\#(player)", "token_id": "5"}"#]
        #expect(mint(f, "Heroes", assets.joined(separator: ",")).status == 202)
        func nft(_ id: Int) -> JSON? { f.request("GET", base(f, "Heroes") + "/nfts/\(id)").json }
        // Tokens minted with the same metadata share one metadata stack; a token without metadata has none.
        let swords = try #require(nft(1)?["metadata_id"]?.stringValue)
        #expect(swords.count == 36 && swords.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(nft(2)?["metadata_id"] == .string(swords))
        #expect(nft(3)?["metadata_id"] == .string(swords))
        let shield = try #require(nft(4)?["metadata_id"]?.stringValue)
        #expect(shield != swords)
        #expect(nft(5)?["metadata_id"] == .null)
        // Refreshing a token by token_id moves it to the stack of its new metadata.
        let byToken = base(f, "Heroes") + "/nfts/refresh-metadata"
        #expect(f.post(byToken, #"{"nft_metadata": [{"token_id": "3", "name": "Shield"}]}"#, headers: key(f)).status == 202)
        #expect(nft(3)?["metadata_id"] == .string(shield))
        // Refreshing a stack by metadata_id replaces the metadata of every token in it, at once.
        try f.chain.advanceTime(by: 60)
        let path = base(f, "Heroes") + "/metadata/refresh-metadata"
        let response = f.post(
            path, #"{"metadata": [{"metadata_id": "\#(swords)", "name": "Sword +1", "image": "sword1.png", "attributes": [{"trait_type": "Level", "value": 2}]}]}"#,
            headers: key(f))
        #expect(response.status == 202)
        #expect(response.json?.objectValue?.keys == ["imx_refreshes_limit", "imx_refresh_limit_reset", "imx_remaining_refreshes", "retry_after"])
        #expect(response.header("imx_remaining_refreshes") == "676")
        for id in [1, 2] {
            #expect(nft(id)?["name"] == .string("Sword +1"))
            #expect(nft(id)?["metadata_id"] == .string(swords))
            #expect(nft(id)?["metadata_synced_at"] == nft(1)?["metadata_synced_at"])
        }
        #expect(nft(3)?["name"] == .string("Shield"))
        #expect(nft(4)?["name"] == .string("Shield"))
        // A new token minted with the stack's new metadata joins it; one with its old metadata starts another stack.
        #expect(mint(f, "Heroes", #"{"reference_id": "s6", "owner_address": "\#(player)", "token_id": "6", "metadata": {"name": "Sword +1", "image": "sword1.png", "attributes": [{"trait_type": "Level", "value": 2}]}}"#).status == 202)
        #expect(nft(6)?["metadata_id"] == .string(swords))
        #expect(mint(f, "Heroes", #"{"reference_id": "s7", "owner_address": "\#(player)", "token_id": "7", "metadata": \#(sword)}"#).status == 202)
        let oldSwords = try #require(nft(7)?["metadata_id"]?.stringValue)
        #expect(oldSwords != swords && oldSwords != shield)
        // Errors, each changing nothing.
        let unknown = "00000000-0000-4000-8000-000000000000"
        let collection = f.contract("Heroes").lowercaseHexPrefixed
        let cases: [(String, Int, String)] = [
            (#"{}"#, 400, "metadata is required"),
            (#"{"metadata": {}}"#, 400, "metadata must be an array, got an object"),
            (#"{"metadata": []}"#, 400, "metadata must hold at least one metadata stack"),
            (#"{"metadata": [5]}"#, 400, "metadata[0] must be an object, got a number"),
            (#"{"metadata": [{"name": "x"}]}"#, 400, "metadata[0].metadata_id is required"),
            (#"{"metadata": [{"metadata_id": 5}]}"#, 400, "metadata[0].metadata_id must be a string, got a number"),
            (
                #"{"metadata": [{"metadata_id": "\#(swords)", "token_id": "1"}]}"#, 400,
                "metadata[0].token_id: this route refreshes metadata stacks by metadata_id; refresh tokens with POST …/nfts/refresh-metadata"
            ),
            (
                #"{"metadata": [{"metadata_id": "\#(swords)"}, {"metadata_id": "\#(swords)"}]}"#, 400,
                "metadata[1].metadata_id \(swords) is duplicated in this request"
            ),
            (#"{"metadata": [{"metadata_id": "\#(swords)", "name": 5}]}"#, 400, "metadata[0].name must be a string, got a number"),
            (#"{"metadata": [{"metadata_id": "\#(unknown)"}]}"#, 404, "metadata[0].metadata_id \(unknown) not found in collection \(collection)"),
        ]
        for (body, status, message) in cases {
            let answer = f.post(path, body, headers: key(f))
            #expect(answer.status == status, "\(body)")
            #expect(answer.message == message, "\(body)")
        }
        let eleven = (0...10).map { _ in #"{"metadata_id": "\#(swords)"}"# }.joined(separator: ",")
        #expect(f.post(path, #"{"metadata": [\#(eleven)]}"#, headers: key(f)).message
            == "metadata holds 11 metadata stacks; at most 10 metadata_ids per request")
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(swords)"}]}"#).status == 401)
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(swords)"}]}"#, headers: key(f, "other-studio")).status == 403)
        #expect(nft(1)?["name"] == .string("Sword +1"))
        // metadata_id on the token route is refused, instead of being kept as metadata.
        #expect(f.post(byToken, #"{"nft_metadata": [{"token_id": "1", "metadata_id": "\#(swords)"}]}"#, headers: key(f)).message
            == #"nft_metadata[0].metadata_id: this route refreshes tokens by token_id; refresh a metadata stack with POST …/metadata/refresh-metadata and {"metadata": [{"metadata_id", …}]}"#)
        #expect(nft(1)?["name"] == .string("Sword +1"))
    }

    @Test func stacksChosenForNewTokensAreTheSameAfterARestoreOrARevert() throws {
        let f = try Fixture()
        func mintOne(_ id: Int, _ metadata: String) {
            #expect(mint(f, "Heroes", #"{"reference_id": "t\#(id)", "owner_address": "\#(player)", "token_id": "\#(id)", "metadata": \#(metadata)}"#).status == 202)
        }
        func stackOf(_ api: MintAPI, _ id: Int) -> JSON? {
            api.handle(APIRequest(method: "GET", path: base(f, "Heroes") + "/nfts/\(id)")).json?["metadata_id"]
        }
        mintOne(1, #"{"name": "A", "image": "x"}"#)
        // The order of members does not make other metadata.
        mintOne(2, #"{"image": "x", "name": "A"}"#)
        mintOne(3, #"{"name": "B"}"#)
        // An empty object is no metadata: no stack.
        mintOne(4, #"{}"#)
        #expect(stackOf(f.api, 2) == stackOf(f.api, 1))
        #expect(stackOf(f.api, 4) == .null)
        let a = try #require(stackOf(f.api, 1)?.stringValue)
        let b = try #require(stackOf(f.api, 3)?.stringValue)
        // Refreshing stack A to B's metadata: two stacks now hold it (a stack keeps its id).
        let path = base(f, "Heroes") + "/metadata/refresh-metadata"
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(a)", "name": "B"}]}"#, headers: key(f)).status == 202)
        #expect(stackOf(f.api, 1) == .string(a))
        // A token refreshed by token_id to the metadata its stack holds stays in it.
        #expect(f.post(base(f, "Heroes") + "/nfts/refresh-metadata", #"{"nft_metadata": [{"token_id": "1", "name": "B"}]}"#, headers: key(f)).status == 202)
        #expect(stackOf(f.api, 1) == .string(a))
        // A new token with that metadata joins the stack with the smaller id, now and after a restore or a revert.
        let expected = JSON.string(min(a, b))
        let records = f.api.takeChanges().records.compactMap { record in record.value.map { (key: record.key, value: $0) } }
        let snapshot = f.chain.snapshot()
        f.api.keepRecords(forSnapshot: snapshot)
        mintOne(5, #"{"name": "B"}"#)
        #expect(stackOf(f.api, 5) == expected)
        let restored = try MintAPI(service: MintService(chain: f.chain, setup: f.setup))
        try restored.restore(records)
        #expect(stackOf(restored, 1) == .string(a))
        #expect(stackOf(restored, 3) == .string(b))
        let seventh = restored.handle(
            APIRequest(
                method: "POST", path: base(f, "Heroes") + "/nfts/mint-requests", headers: [(name: "x-immutable-api-key", value: f.key("immutable", "game-studio"))],
                body: Array(#"{"assets": [{"reference_id": "t7", "owner_address": "\#(player)", "token_id": "7", "metadata": {"name": "B"}}]}"#.utf8)))
        #expect(seventh.status == 202)
        #expect(stackOf(restored, 7) == expected)
        try f.chain.revert(to: snapshot)
        try f.api.revertRecords(toSnapshot: snapshot, keep: false)
        mintOne(6, #"{"name": "B"}"#)
        #expect(stackOf(f.api, 6) == expected)
        // A stack refreshed to empty metadata is gone: its tokens have none.
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(b)"}]}"#, headers: key(f)).status == 202)
        #expect(stackOf(f.api, 3) == .null)
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(b)"}]}"#, headers: key(f)).status == 404)
        // The stack route's size limit.
        let big = #"{"metadata": [{"metadata_id": "\#(a)", "name": "\#(String(repeating: "x", count: 228 * 1024))"}]}"#
        #expect(f.post(path, big, headers: key(f)).message
            == "the request is \(big.utf8.count) bytes; metadata may total at most 228 KiB (233472 bytes) per request")
    }

    @Test func metadataStacksHaveTheirOwnRateLimitAndComeBackWithARevert() throws {
        let f = try Fixture()
        let assets = (1...10).map { #"{"reference_id": "r\#($0)", "owner_address": "\#(player)", "token_id": "\#($0)", "metadata": {"name": "N\#($0)"}}"# }
        #expect(mint(f, "Heroes", assets.joined(separator: ",")).status == 202)
        func stack(_ id: Int) throws -> String {
            try #require(f.request("GET", base(f, "Heroes") + "/nfts/\(id)").json?["metadata_id"]?.stringValue)
        }
        let ten = try (1...10).map { #"{"metadata_id": "\#(try stack($0))", "name": "x"}"# }.joined(separator: ",")
        let path = base(f, "Heroes") + "/metadata/refresh-metadata"
        let snapshot = f.chain.snapshot()
        f.api.keepRecords(forSnapshot: snapshot)
        // 677 stacks a minute, as a bucket: 67 requests of ten take 670, the 68th is refused.
        for _ in 0..<67 { #expect(f.post(path, #"{"metadata": [\#(ten)]}"#, headers: key(f)).status == 202) }
        let refused = f.post(path, #"{"metadata": [\#(ten)]}"#, headers: key(f))
        #expect(refused.status == 429)
        #expect(refused.code == "TOO_MANY_REQUESTS_ERROR")
        #expect(refused.message == "Rate limit exceeded: 10 metadata stacks asked, 7 remaining; retry after 1 seconds")
        #expect(refused.header("retry_after") == "1-seconds")
        // The token route's own limit is untouched.
        let byToken = f.post(base(f, "Heroes") + "/nfts/refresh-metadata", #"{"nft_metadata": [{"token_id": "1", "name": "y"}]}"#, headers: key(f))
        #expect(byToken.header("imx_remaining_refreshes") == "676")
        // A revert brings back each token's stack and metadata.
        try f.chain.revert(to: snapshot)
        try f.api.revertRecords(toSnapshot: snapshot, keep: false)
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/1").json?["name"] == .string("N1"))
        #expect(f.post(path, #"{"metadata": [{"metadata_id": "\#(try stack(1))", "name": "z"}]}"#, headers: key(f)).status == 202)
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/1").json?["name"] == .string("z"))
    }

    @Test func moreMessagesOfTheMintRoute() throws {
        let f = try Fixture()
        let owner = #""owner_address": "\#(player)""#
        let cases: [(String, String, String)] = [
            (
                "Heroes", #"{"reference_id": "\#(String(repeating: "é", count: 129))", \#(owner)}"#,
                "assets[0].reference_id is longer than 256 bytes (258 in UTF-8)"
            ),
            ("Heroes", #"{"reference_id": "x", "owner_address": 5}"#, "assets[0].owner_address must be a string, got 5"),
            ("Heroes", #"{"reference_id": 5, \#(owner)}"#, "assets[0].reference_id must be a non-empty string, got 5"),
            (
                "Heroes", #"{"reference_id": "x", "owner_address": "0x0000000000000000000000000000000000000000"}"#,
                "assets[0].owner_address cannot be the zero address"
            ),
            (
                "Heroes", #"{"reference_id": "x", \#(owner), "token_id": "\#(String(repeating: "9", count: 80))"}"#,
                "assets[0].token_id \(String(repeating: "9", count: 80)) exceeds 2^256-1"
            ),
            ("Heroes", #"5"#, "assets[0] must be an object, got a number"),
            ("Heroes", #"{"reference_id": "x", \#(owner), "metadata": 5}"#, "assets[0].metadata must be an object, got a number"),
            ("Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"attributes": 5}}"#, "assets[0].metadata.attributes must be an array, got a number"),
            ("Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"attributes": [{"value": 1}]}}"#, "assets[0].metadata.attributes[0].trait_type is required"),
            ("Heroes", #"{"reference_id": "x", \#(owner), "metadata": {"attributes": [{"trait_type": "a"}]}}"#, "assets[0].metadata.attributes[0].value is required"),
        ]
        for (collection, assets, message) in cases {
            let response = mint(f, collection, assets)
            #expect(response.status == 400, "\(assets)")
            #expect(response.message == message, "\(assets)")
        }
        let twice = #"{"reference_id": "a", \#(owner), "token_id": "9", "amount": "1", "metadata": {"name": "a"}}, {"reference_id": "b", \#(owner), "token_id": "9", "amount": "1", "metadata": {"name": "b"}}"#
        let conflict = mint(f, "Items", twice)
        #expect(conflict.status == 409)
        #expect(conflict.message == "assets[1].metadata: token_id 9 is given metadata twice in this request; only its first mint takes metadata")
        #expect(f.request("GET", base(f, "Heroes") + "/nfts/mint-requests?page_size=0", headers: key(f)).message == "page_size must be from 1 to 200, got 0")
        #expect(f.post(base(f, "Heroes") + "/nfts/mint-requests", "[]", headers: key(f)).message == "the request body must be a JSON object, got an array")
        #expect(f.dialectEvents.isEmpty)
    }

    @Test func everyStatusChangeRaisesTheDocumentedWebhookEvent() throws {
        let f = try Fixture()
        #expect(mint(f, "Heroes", #"{"reference_id": "reward-123", "owner_address": "\#(player)"}"#).status == 202)
        let events = f.api.service.events.filter { $0.dialect == "immutable" }
        #expect(events.map(\.name) == ["imtbl_zkevm_mint_request_updated", "imtbl_zkevm_mint_request_updated"])
        #expect(events[0].body["data"]?["status"] == .string("pending"))
        let done = events[1].body
        #expect(done.text() == #"{"event_name":"imtbl_zkevm_mint_request_updated","data":{"reference_id":"reward-123","status":"succeeded","token_id":"0","transaction_hash":"\#(status(f, "Heroes", "reward-123")?["transaction_hash"]?.stringValue ?? "")","collection_address":"\#(f.contract("Heroes").lowercaseHexPrefixed)","owner_address":"\#(player)"}}"#)
    }
}

extension Fixture {
    var dialectEvents: [MintService.Event] { api.service.events }
}
