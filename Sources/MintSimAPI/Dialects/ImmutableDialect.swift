import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// Immutable's Minting API (seeds/002) under `/v1/chains/{chain_name}/collections/{contract_address}`:
/// mint requests for ERC-721 (with or without token_id) and ERC-1155, their status, metadata refresh
/// and the NFT with its metadata, with `x-immutable-api-key`.
///
/// A mint request is accepted (202, with the rate-limit fields in the body and as headers) and
/// queued as `pending`. The queue goes on chain as one transaction per collection — ERC-721
/// `mintBatch` for requests with a token_id, `mintBatchByQuantity` for those without, ERC-1155
/// `mintBatch` per owner — signed by the minting wallet. With automine that happens as the request
/// is answered; when confirmations are held (manual mining), requests stay `pending` until a block
/// holds them, so everything queued meanwhile shares one transaction per collection. A request that
/// would make its batch revert fails alone (`failed`, with the reason in `error`).
///
/// Errors are `{"code", "message", "details", "trace_id"}`.
public final class ImmutableDialect: Dialect, ConfirmationHolding {
    public let name = "immutable"
    public let title = "Immutable: NFT minting API"
    let service: MintService

    public static let chainNames = ["imtbl-zkevm-testnet", "imtbl-zkevm-mainnet", "imtbl-zkevm-devnet"]
    static let maxAssets = 100
    static let maxRefreshTokens = 250
    static let maxRefreshBytes = 228 * 1024
    static let refreshTier = RateTier(name: "Refresh", perMinute: 677, burst: 677)
    static let maxRefreshStacks = 10
    static let stackRefreshTier = RateTier(name: "Metadata stacks", perMinute: 677, burst: 677)

    /// One mint request, as the status route answers it.
    struct MintRequest {
        let collection: Address
        let standard: String
        let referenceID: String
        let owner: Address
        var tokenID: UInt256?
        let requestedTokenID: Bool
        let amount: UInt256?
        let metadata: JSON?
        var status: String
        var transactionHash: Hash?
        var error: String?
        let createdAt: UInt64
        var updatedAt: UInt64
    }

    /// A token's metadata as last minted or refreshed, and when; `stack` is its metadata_id, the
    /// stack of the collection's tokens that share this metadata.
    struct TokenMetadata: Equatable {
        var metadata: JSON?
        var syncedAt: UInt64?
        let indexedAt: UInt64
        var stack: String? = nil
    }

    var requests: [MintRequest] = []
    /// What changed since the records were last taken.
    var changedRequests = Set<Int>()
    var changedMetadata = Set<String>()
    var changedBuckets = Set<String>()
    var traceChanged = false
    /// Index of each request by collection and reference_id.
    var byReference: [Address: [String: Int]] = [:]
    /// ERC-721 token ids requested and not failed, by collection.
    var requestedIDs: [Address: Set<UInt256>] = [:]
    /// ERC-1155 token ids whose metadata was given (first mint), by collection.
    var metadataGiven: [Address: Set<UInt256>] = [:]
    /// Requests accepted and not yet sent.
    var queue: [Int] = []
    /// Requests sent in a transaction not yet mined.
    var inFlight: [Hash: [Int]] = [:]
    var metadata: [Address: [UInt256: TokenMetadata]] = [:]
    var mintBuckets: [String: TokenBucket] = [:] {
        didSet { changedBuckets.formUnion(mintBuckets.keys.filter { mintBuckets[$0] != oldValue[$0] }.map { "mint/" + $0 }) }
    }
    var refreshBuckets: [String: TokenBucket] = [:] {
        didSet { changedBuckets.formUnion(refreshBuckets.keys.filter { refreshBuckets[$0] != oldValue[$0] }.map { "refresh/" + $0 }) }
    }
    var stackBuckets: [String: TokenBucket] = [:] {
        didSet { changedBuckets.formUnion(stackBuckets.keys.filter { stackBuckets[$0] != oldValue[$0] }.map { "stacks/" + $0 }) }
    }
    /// Metadata stacks, by collection: each metadata_id's tokens, and the stack holding each
    /// metadata (its exact JSON text). Derived from `metadata`.
    var stacks: [Address: [String: Set<UInt256>]] = [:]
    var stackByContent: [Address: [String: String]] = [:]
    var stackContent: [Address: [String: String]] = [:]
    var traceCount = 0 {
        didSet { traceChanged = true }
    }
    /// While set, accepted requests wait for `/_mintsim/mine` (a fault).
    var holdConfirmations = false

    init(service: MintService) { self.service = service }

    private static let base = "/v1/chains/{chain_name}/collections/{contract_address}"

    public var routes: [RouteSpec] {
        let header = "x-immutable-api-key"
        let errors: [(status: Int, description: String, schema: JSON?)] = [
            (400, "VALIDATION_ERROR", ImmutableSchemas.error), (401, "UNAUTHORISED_REQUEST", ImmutableSchemas.error),
            (403, "AUTHENTICATION_ERROR: collection not linked to the API key", ImmutableSchemas.error),
            (404, "RESOURCE_NOT_FOUND", ImmutableSchemas.error),
        ]
        return [
            RouteSpec(
                "POST", Self.base + "/nfts/mint-requests", operationID: "immutableCreateMintRequests",
                summary: "Request mints of ERC-721 (with or without token_id) or ERC-1155 NFTs, up to 100 assets", apiKeyHeader: header,
                requestSchema: ImmutableSchemas.mintRequest,
                responses: [(202, "Accepted, with the rate-limit fields", ImmutableSchemas.mintLimits)] + errors + [
                    (409, "CONFLICT: reference_id or token_id already used, or metadata for an existing ERC-1155 token_id", ImmutableSchemas.error),
                    (429, "TOO_MANY_REQUESTS_ERROR", ImmutableSchemas.error),
                ]),
            RouteSpec(
                "GET", Self.base + "/nfts/mint-requests", operationID: "immutableListMintRequests",
                summary: "List the collection's mint requests (?status=pending|succeeded|failed, ?page_size)", apiKeyHeader: header,
                responses: [(200, "The mint requests", ImmutableSchemas.statusList)] + errors),
            RouteSpec(
                "GET", Self.base + "/nfts/mint-requests/{reference_id}", operationID: "immutableGetMintRequest",
                summary: "A mint request's status by reference_id", apiKeyHeader: header,
                responses: [(200, "The status, in result[0]", ImmutableSchemas.statusList)] + errors),
            RouteSpec(
                "POST", Self.base + "/nfts/refresh-metadata", operationID: "immutableRefreshMetadata",
                summary: "Replace the metadata of up to 250 minted tokens", apiKeyHeader: header, requestSchema: ImmutableSchemas.refreshRequest,
                responses: [(202, "Accepted, with the refresh rate-limit fields", ImmutableSchemas.refreshLimits)] + errors + [
                    (429, "TOO_MANY_REQUESTS_ERROR", ImmutableSchemas.error)
                ]),
            RouteSpec(
                "POST", Self.base + "/metadata/refresh-metadata", operationID: "immutableRefreshMetadataByID",
                summary: "Replace the metadata of up to 10 metadata stacks (metadata_id): every token of each stack", apiKeyHeader: header,
                requestSchema: ImmutableSchemas.refreshByIDRequest,
                responses: [(202, "Accepted, with the refresh rate-limit fields", ImmutableSchemas.refreshLimits)] + errors + [
                    (429, "TOO_MANY_REQUESTS_ERROR", ImmutableSchemas.error)
                ]),
            RouteSpec(
                "GET", Self.base + "/nfts/{token_id}", operationID: "immutableGetNFT",
                summary: "An NFT with its metadata and metadata_synced_at (the key is optional)",
                headers: [(header, false, "Secret API key")],
                responses: [(200, "The NFT", ImmutableSchemas.nft)] + errors),
        ]
    }

    // MARK: Errors

    struct Failure: Error {
        let status: Int
        let code: String
        let message: String
        var headers: [(name: String, value: String)] = []
    }

    public func failure(status: Int, message: String) -> APIResponse {
        let code: String
        switch status {
        case 404: code = "RESOURCE_NOT_FOUND"
        case 405: code = "METHOD_NOT_ALLOWED"
        case 413: code = "VALIDATION_ERROR"
        case 429: code = "TOO_MANY_REQUESTS_ERROR"
        default: code = "INTERNAL_SERVER_ERROR"
        }
        return respond(Failure(status: status, code: code, message: message))
    }

    public func fault(status: Int, code: String, message: String) -> APIResponse {
        respond(Failure(status: status, code: code, message: message))
    }

    private func respond(_ failure: Failure) -> APIResponse {
        traceCount += 1
        let trace = Hex.encode(Keccak256.hash(Array("mintsim:trace:\(traceCount)".utf8)).bytes.prefix(16), prefix: false)
        return .json(
            failure.status,
            .obj(["code": .string(failure.code), "message": .string(failure.message.clippedMessage), "details": .null, "trace_id": .string(trace)]),
            headers: failure.headers)
    }

    private static func invalid(_ message: String) -> Failure { Failure(status: 400, code: "VALIDATION_ERROR", message: message) }

    // MARK: Handling

    public func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse {
        do throws(Failure) {
            let optionalKey = route.operationID == "immutableGetNFT"
            let subject = try authenticate(request, optional: optionalKey)
            let chainName = parameters["chain_name"] ?? ""
            guard Self.chainNames.contains(chainName) else {
                throw Failure(
                    status: 404, code: "RESOURCE_NOT_FOUND",
                    message: "chain \(chainName) not found (chains: \(Self.chainNames.joined(separator: ", ")))")
            }
            let collection = try self.collection(parameters["contract_address"] ?? "")
            if let subject, !optionalKey {
                let linked = service.setup.immutableKeys.first { $0.subject == subject }?.collections ?? []
                guard linked.contains(collection.address) else {
                    throw Failure(
                        status: 403, code: "AUTHENTICATION_ERROR",
                        message: "Collection not linked to API key: collection \(collection.address.lowercaseHexPrefixed) is not linked to this key")
                }
            }
            switch route.operationID {
            case "immutableCreateMintRequests":
                return try createMintRequests(collection, subject: subject ?? "", body: request.body)
            case "immutableListMintRequests":
                return try listMintRequests(collection, chainName: chainName, query: request.query)
            case "immutableGetMintRequest":
                let reference = parameters["reference_id"] ?? ""
                guard let index = byReference[collection.address]?[reference] else {
                    throw Failure(
                        status: 404, code: "RESOURCE_NOT_FOUND",
                        message: "mint request with reference_id \(reference) not found in collection \(collection.address.lowercaseHexPrefixed)")
                }
                return .json(200, .obj(["result": .array([statusJSON(requests[index], chainName: chainName)]), "page": Self.page]))
            case "immutableRefreshMetadata":
                return try refreshMetadata(collection, subject: subject ?? "", body: request.body)
            case "immutableRefreshMetadataByID":
                return try refreshStacks(collection, subject: subject ?? "", body: request.body)
            default:
                return try nft(collection, chainName: chainName, tokenText: parameters["token_id"] ?? "")
            }
        } catch {
            return respond(error)
        }
    }

    private func authenticate(_ request: APIRequest, optional: Bool) throws(Failure) -> String? {
        let presented = request.header("x-immutable-api-key")
        if presented == nil, optional { return nil }
        guard let subject = service.authenticate(dialect: name, presented: presented) else {
            throw Failure(
                status: 401, code: "UNAUTHORISED_REQUEST",
                message: presented == nil ? "Invalid API key: no x-immutable-api-key header" : "Invalid API key")
        }
        return subject
    }

    private func collection(_ text: String) throws(Failure) -> ImmutableCollection {
        let address: Address
        do {
            address = try Address(text)
        } catch {
            throw Self.invalid("contract_address: \(error.message)")
        }
        guard let collection = service.setup.immutableCollections.first(where: { $0.address == address }) else {
            throw Failure(status: 404, code: "RESOURCE_NOT_FOUND", message: "collection \(address.lowercaseHexPrefixed) not found")
        }
        return collection
    }

    static let page: JSON = .obj(["previous_cursor": .null, "next_cursor": .null])

    // MARK: Mint requests

    private struct Asset {
        let referenceID: String
        let owner: Address
        let tokenID: UInt256?
        let amount: UInt256?
        let metadata: JSON?
    }

    private func createMintRequests(_ collection: ImmutableCollection, subject: String, body: [UInt8]) throws(Failure) -> APIResponse {
        let assets = try parseAssets(body, standard: collection.standard)
        // Conflicts: reference_ids and ERC-721 token_ids used before, metadata for ERC-1155 ids that exist.
        for (index, asset) in assets.enumerated() {
            if byReference[collection.address]?[asset.referenceID] != nil {
                throw Failure(
                    status: 409, code: "CONFLICT",
                    message: "assets[\(index)].reference_id \(asset.referenceID) already used in collection \(collection.address.lowercaseHexPrefixed)")
            }
            guard let id = asset.tokenID else { continue }
            if collection.standard == "ERC721" {
                if requestedIDs[collection.address]?.contains(id) == true || (try? ownerOf(collection.address, id)) != nil {
                    throw Failure(
                        status: 409, code: "CONFLICT",
                        message: "assets[\(index)].token_id \(id) already used in collection \(collection.address.lowercaseHexPrefixed)")
                }
            } else if asset.metadata != nil, metadataGiven[collection.address]?.contains(id) == true || exists1155(collection.address, id) {
                throw Failure(
                    status: 409, code: "CONFLICT",
                    message: "assets[\(index)].metadata: token_id \(id) already exists; metadata is only accepted on its first mint")
            }
        }
        if collection.standard == "ERC1155" {
            var seen = Set<UInt256>()
            for (index, asset) in assets.enumerated() where asset.metadata != nil {
                if let id = asset.tokenID, !seen.insert(id).inserted {
                    throw Failure(
                        status: 409, code: "CONFLICT",
                        message: "assets[\(index)].metadata: token_id \(id) is given metadata twice in this request; only its first mint takes metadata")
                }
            }
        }
        // Rate limit: distinct token_ids (each ERC-721 asset without one counts alone).
        let distinct = collection.standard == "ERC1155"
            ? Set(assets.compactMap(\.tokenID)).count : assets.count
        let now = service.chain.now
        let tier = service.setup.immutableKeys.first { $0.subject == subject }?.tier ?? .standard
        var bucket = mintBuckets[subject] ?? TokenBucket(tier: tier, now: now)
        guard distinct <= tier.burst else {
            throw Failure(
                status: 429, code: "TOO_MANY_REQUESTS_ERROR",
                message: "Rate limit exceeded: \(distinct) mint requests asked at once, more than the \(tier.name) tier's burst of \(tier.burst); split the request",
                headers: mintLimitFields(&bucket, now: now, retryAfter: nil))
        }
        let (taken, wait) = bucket.take(distinct, at: now)
        mintBuckets[subject] = bucket
        let fields = mintLimitFields(&bucket, now: now, retryAfter: taken ? nil : wait)
        guard taken else {
            throw Failure(
                status: 429, code: "TOO_MANY_REQUESTS_ERROR",
                message: "Rate limit exceeded: \(distinct) mint requests asked, \(bucket.remaining(at: now)) remaining; retry after \(wait) seconds",
                headers: fields)
        }
        for asset in assets {
            let request = MintRequest(
                collection: collection.address, standard: collection.standard, referenceID: asset.referenceID, owner: asset.owner,
                tokenID: asset.tokenID, requestedTokenID: asset.tokenID != nil, amount: asset.amount, metadata: asset.metadata,
                status: "pending", transactionHash: nil, error: nil, createdAt: now, updatedAt: now)
            byReference[collection.address, default: [:]][asset.referenceID] = requests.count
            if collection.standard == "ERC721", let id = asset.tokenID { requestedIDs[collection.address, default: []].insert(id) }
            if collection.standard == "ERC1155", asset.metadata != nil, let id = asset.tokenID {
                metadataGiven[collection.address, default: []].insert(id)
            }
            queue.append(requests.count)
            changedRequests.insert(requests.count)
            requests.append(request)
            emitUpdate(requests.count - 1)
        }
        process()
        return .json(202, .object(JSONObject(fields.map { ($0.name, .string($0.value)) })), headers: fields)
    }

    private func mintLimitFields(_ bucket: inout TokenBucket, now: UInt64, retryAfter: UInt64?) -> [(name: String, value: String)] {
        let untilFull = bucket.secondsUntilFull(at: now)
        let reset = now &+ max(untilFull, 1)
        let retry = retryAfter ?? untilFull
        return [
            ("imx_mint_requests_limit", String(bucket.tier.burst)),
            ("imx_remaining_mint_requests", String(bucket.remaining(at: now))),
            ("imx_mint_requests_limit_reset", Self.resetTime(reset) + " UTC"),
            ("imx_mint_requests_retry_after", "\(retry).00-seconds"),
        ]
    }

    /// `2024-02-13 07:20:00`.
    static func resetTime(_ seconds: UInt64) -> String {
        let iso = ISOTime.string(seconds)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
    }

    private func parseAssets(_ body: [UInt8], standard: String) throws(Failure) -> [Asset] {
        let object = try Self.bodyObject(body)
        guard let assetsValue = object["assets"] else { throw Self.invalid("assets is required") }
        guard case .array(let items) = assetsValue else { throw Self.invalid("assets must be an array, got \(assetsValue.typeName)") }
        guard !items.isEmpty else { throw Self.invalid("assets must hold at least one asset") }
        guard items.count <= Self.maxAssets else {
            throw Self.invalid("assets holds \(items.count) assets; at most \(Self.maxAssets) per request")
        }
        var assets: [Asset] = []
        var references = Set<String>()
        var ids = Set<UInt256>()
        for (index, item) in items.enumerated() {
            let field = "assets[\(index)]"
            guard case .object(let asset) = item else { throw Self.invalid("\(field) must be an object, got \(item.typeName)") }
            guard case .string(let reference)? = asset["reference_id"], !reference.isEmpty else {
                throw Self.invalid(
                    "\(field).reference_id " + (asset["reference_id"].map { "must be a non-empty string, got \($0.text())" } ?? "is required"))
            }
            guard reference.utf8.count <= 256 else { throw Self.invalid("\(field).reference_id is longer than 256 bytes (\(reference.utf8.count) in UTF-8)") }
            guard references.insert(reference).inserted else {
                throw Self.invalid("\(field).reference_id \(reference) is duplicated in this request")
            }
            guard case .string(let ownerText)? = asset["owner_address"] else {
                throw Self.invalid("\(field).owner_address " + (asset["owner_address"].map { "must be a string, got \($0.text())" } ?? "is required"))
            }
            let owner: Address
            do {
                owner = try Address(ownerText)
            } catch {
                throw Self.invalid("\(field).owner_address: \(error.message)")
            }
            guard owner != .zero else { throw Self.invalid("\(field).owner_address cannot be the zero address") }
            var tokenID: UInt256?
            if let value = asset["token_id"], value != .null {
                tokenID = try Self.tokenID(value, field: "\(field).token_id")
            }
            var amount: UInt256?
            if standard == "ERC1155" {
                guard tokenID != nil else { throw Self.invalid("\(field).token_id is required for an ERC-1155 collection") }
                guard let value = asset["amount"] else { throw Self.invalid("\(field).amount is required for an ERC-1155 collection") }
                guard case .string(let text) = value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                    let parsed = try? UInt256(text)
                else {
                    throw Self.invalid("\(field).amount must be a string of decimal digits, got \(value.text())")
                }
                guard !parsed.isZero else { throw Self.invalid("\(field).amount must be greater than 0") }
                amount = parsed
            } else {
                if let value = asset["amount"], value != .null {
                    throw Self.invalid("\(field).amount is only for ERC-1155 collections; this collection is ERC-721")
                }
                if let id = tokenID {
                    guard ids.insert(id).inserted else { throw Self.invalid("\(field).token_id \(id) is duplicated in this request") }
                }
            }
            var metadata: JSON?
            if let value = asset["metadata"], value != .null {
                try Self.validateMetadata(value, field: "\(field).metadata")
                metadata = value
            }
            assets.append(Asset(referenceID: reference, owner: owner, tokenID: tokenID, amount: amount, metadata: metadata))
        }
        return assets
    }

    static func bodyObject(_ body: [UInt8]) throws(Failure) -> JSONObject {
        switch JSON.object(from: body) {
        case .success(let object): return object
        case .failure(let error): throw invalid(error.message)
        }
    }

    static func tokenID(_ value: JSON, field: String) throws(Failure) -> UInt256 {
        guard case .string(let text) = value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw invalid("\(field) must be a string of decimal digits, got \(value.text())")
        }
        guard let id = try? UInt256(text) else { throw invalid("\(field) \(text) exceeds 2^256-1") }
        return id
    }

    static let displayTypes = ["number", "boost_percentage", "boost_number", "date"]

    /// The metadata object's known fields must have their documented types.
    static func validateMetadata(_ value: JSON, field: String) throws(Failure) {
        guard case .object(let object) = value else { throw invalid("\(field) must be an object, got \(value.typeName)") }
        for key in ["name", "description", "image", "external_url", "animation_url", "youtube_url"] {
            if let member = object[key], member != .null, member.stringValue == nil {
                throw invalid("\(field).\(key) must be a string, got \(member.typeName)")
            }
        }
        guard let attributes = object["attributes"], attributes != .null else { return }
        guard case .array(let items) = attributes else { throw invalid("\(field).attributes must be an array, got \(attributes.typeName)") }
        for (index, item) in items.enumerated() {
            let path = "\(field).attributes[\(index)]"
            guard case .object(let attribute) = item else { throw invalid("\(path) must be an object, got \(item.typeName)") }
            guard attribute["trait_type"]?.stringValue != nil else {
                throw invalid("\(path).trait_type " + (attribute["trait_type"] == nil ? "is required" : "must be a string"))
            }
            switch attribute["value"] {
            case .string?, .number?: break
            case nil: throw invalid("\(path).value is required")
            case let other?: throw invalid("\(path).value must be a string or a number, got \(other.typeName)")
            }
            if let display = attribute["display_type"], display != .null {
                guard let text = display.stringValue, displayTypes.contains(text) else {
                    throw invalid("\(path).display_type must be one of \(displayTypes.joined(separator: ", ")), got \(display.text())")
                }
            }
        }
    }

    private func listMintRequests(_ collection: ImmutableCollection, chainName: String, query: [(name: String, value: String)]) throws(Failure)
        -> APIResponse
    {
        var status: String?
        var pageSize = 200
        for (key, value) in query {
            switch key {
            case "status":
                guard ["pending", "succeeded", "failed"].contains(value) else {
                    throw Self.invalid("status must be pending, succeeded or failed, got \(value)")
                }
                status = value
            case "page_size":
                guard let size = Int(value), (1...200).contains(size) else { throw Self.invalid("page_size must be from 1 to 200, got \(value)") }
                pageSize = size
            default: break
            }
        }
        let matching = requests.filter { $0.collection == collection.address && (status == nil || $0.status == status) }
        return .json(
            200, .obj(["result": .array(matching.prefix(pageSize).map { statusJSON($0, chainName: chainName) }), "page": Self.page]))
    }

    func statusJSON(_ request: MintRequest, chainName: String) -> JSON {
        .obj([
            "chain": .obj(["id": .string("eip155:\(service.chain.config.chainId)"), "name": .string(chainName)]),
            "collection_address": .string(request.collection.lowercaseHexPrefixed),
            "reference_id": .string(request.referenceID),
            "status": .string(request.status),
            "token_id": request.tokenID.map { .string($0.description) } ?? .null,
            "amount": request.amount.map { .string($0.description) } ?? .null,
            "owner_address": .string(request.owner.lowercaseHexPrefixed),
            "transaction_hash": request.transactionHash.map { .string($0.description) } ?? .null,
            "error": request.error.map { .string($0) } ?? .null,
            "created_at": .string(ISOTime.string(request.createdAt)),
            "updated_at": .string(ISOTime.string(request.updatedAt)),
        ])
    }

    // MARK: Going on chain

    /// Sends every queued request: one transaction per collection (and per kind of ERC-721 mint, and
    /// per owner for ERC-1155), unless confirmations are held.
    func process(evenIfHeld: Bool = false) {
        guard evenIfHeld || !holdConfirmations, !queue.isEmpty else { return }
        let pending = queue
        queue = []
        var order: [Address] = []
        var groups: [Address: [Int]] = [:]
        for index in pending {
            let collection = requests[index].collection
            if groups[collection] == nil { order.append(collection) }
            groups[collection, default: []].append(index)
        }
        for collection in order {
            let members = groups[collection] ?? []
            if requests[members[0]].standard == "ERC721" {
                submit(members.filter { requests[$0].requestedTokenID }, to: collection) { batch in
                    ("mintBatch((address,uint256[])[])", [.array(batch.map { .tuple([.address($0.owner), .array([.uint($0.tokenID ?? .zero)])]) })])
                }
                submit(members.filter { !requests[$0].requestedTokenID }, to: collection) { batch in
                    ("mintBatchByQuantity((address,uint256)[])", [.array(batch.map { .tuple([.address($0.owner), .uint(.one)]) })])
                }
            } else {
                var owners: [Address] = []
                var byOwner: [Address: [Int]] = [:]
                for index in members {
                    let owner = requests[index].owner
                    if byOwner[owner] == nil { owners.append(owner) }
                    byOwner[owner, default: []].append(index)
                }
                for owner in owners {
                    submit(byOwner[owner] ?? [], to: collection) { batch in
                        (
                            "mintBatch(address,uint256[],uint256[],bytes)",
                            [
                                .address(owner), .array(batch.map { .uint($0.tokenID ?? .zero) }), .array(batch.map { .uint($0.amount ?? .zero) }),
                                .bytes([]),
                            ]
                        )
                    }
                }
            }
        }
    }

    private func submit(_ members: [Int], to collection: Address, call: ([MintRequest]) -> (String, [ABIValue])) {
        guard !members.isEmpty else { return }
        let minter = service.setup.immutableMinter
        var batch = members
        func estimate(_ indices: [Int]) -> ChainError? {
            let (signature, arguments) = call(indices.map { requests[$0] })
            do {
                _ = try service.estimate(collection, signature, arguments, from: minter.address)
                return nil
            } catch {
                return error
            }
        }
        if estimate(batch) != nil {
            // Find the requests that fail alone; the others go on together.
            for index in batch {
                if let error = estimate([index]) { fail(index, error) }
            }
            batch = batch.filter { requests[$0].status == "pending" }
            if let error = estimate(batch) {
                for index in batch { fail(index, error) }
                return
            }
        }
        guard !batch.isEmpty else { return }
        let (signature, arguments) = call(batch.map { requests[$0] })
        do {
            let sent = try service.send(collection, signature, arguments, from: minter)
            if let receipt = sent.receipt {
                settle(batch, receipt: receipt)
            } else {
                inFlight[sent.hash] = batch
                for index in batch {
                    requests[index].transactionHash = sent.hash
                    changedRequests.insert(index)
                }
            }
        } catch {
            for index in batch { fail(index, error) }
        }
    }

    /// After blocks were mined (`/_mintsim/mine`): settles the requests those blocks hold, then sends
    /// what was queued, held or not (mining is the moment held requests wait for).
    public func reconcile() {
        for (hash, batch) in inFlight.sorted(by: { ($0.value.first ?? 0) < ($1.value.first ?? 0) }) {
            guard let receipt = service.chain.receipt(hash: hash) else { continue }
            inFlight[hash] = nil
            settle(batch, receipt: receipt)
        }
        process(evenIfHeld: true)
    }

    private func settle(_ batch: [Int], receipt: Receipt) {
        let now = service.chain.block(number: receipt.blockNumber)?.timestamp ?? service.chain.now
        guard receipt.status else {
            let reason = receipt.revertExplanation ?? "the mint transaction reverted"
            for index in batch { fail(index, ChainError(.executionReverted, reason), hash: receipt.transactionHash) }
            return
        }
        // ERC-721: one Transfer(0, owner, id) per request, in order (by-quantity ids come from them).
        let transfers = receipt.logs.filter { $0.topics.count == 4 && $0.topics[0] == ImmutableDialect.transferTopic }
        for (position, index) in batch.enumerated() {
            var request = requests[index]
            if request.standard == "ERC721", position < transfers.count {
                request.tokenID = try? UInt256(bigEndian: transfers[position].topics[3].bytes)
            }
            request.status = "succeeded"
            request.transactionHash = receipt.transactionHash
            request.updatedAt = now
            requests[index] = request
            changedRequests.insert(index)
            if let id = request.tokenID {
                var record = metadata[request.collection]?[id] ?? TokenMetadata(metadata: nil, syncedAt: nil, indexedAt: now)
                if let given = request.metadata, record.metadata == nil || request.standard == "ERC721" {
                    record.metadata = given
                    record.syncedAt = now
                }
                metadata[request.collection, default: [:]][id] = record
                changedMetadata.insert(Self.metadataKey(request.collection, id))
                stack(request.collection, id)
            }
            emitUpdate(index)
        }
    }

    static func metadataKey(_ collection: Address, _ id: UInt256) -> String { "\(collection.lowercaseHex)/\(id)" }

    static let transferTopic = Keccak256.hash(Array("Transfer(address,address,uint256)".utf8))

    private func fail(_ index: Int, _ error: ChainError, hash: Hash? = nil) {
        var request = requests[index]
        request.status = "failed"
        request.error = Self.describe(error)
        request.transactionHash = hash
        request.updatedAt = service.chain.now
        requests[index] = request
        changedRequests.insert(index)
        if request.standard == "ERC721", request.requestedTokenID, let id = request.tokenID {
            requestedIDs[request.collection]?.remove(id)
        }
        if request.standard == "ERC1155", request.metadata != nil, let id = request.tokenID, !exists1155(request.collection, id) {
            metadataGiven[request.collection]?.remove(id)
        }
        emitUpdate(index)
    }

    /// A failure as Immutable reports it: a missing role in OpenZeppelin's words.
    static func describe(_ error: ChainError) -> String {
        guard let revert = error.revert else { return error.message }
        if let decoded = ContractDecoder.decodeRevert(revert.data), decoded.name == "AccessControlUnauthorizedAccount",
            case .address(let account)? = decoded.arguments.first?.value, case .fixedBytes(let role)? = decoded.arguments.last?.value
        {
            return "AccessControl: account \(account.lowercaseHexPrefixed) is missing role \(Hex.encode(role))"
        }
        return revert.explanation ?? ContractDecoder.describe(revert)
    }

    private func emitUpdate(_ index: Int) {
        let request = requests[index]
        service.emit(
            dialect: name, event: "imtbl_zkevm_mint_request_updated",
            body: .obj([
                "event_name": .string("imtbl_zkevm_mint_request_updated"),
                "data": .obj([
                    "reference_id": .string(request.referenceID), "status": .string(request.status),
                    "token_id": request.tokenID.map { .string($0.description) } ?? .null,
                    "transaction_hash": request.transactionHash.map { .string($0.description) } ?? .null,
                    "collection_address": .string(request.collection.lowercaseHexPrefixed),
                    "owner_address": .string(request.owner.lowercaseHexPrefixed),
                ]),
            ]))
    }

    // MARK: Metadata and NFTs

    /// A refresh body's list `member`: 1 to `limit` items (`what`: "tokens", `ids`: "token IDs"), in at
    /// most 228 KiB.
    private static func refreshItems(_ body: [UInt8], _ member: String, limit: Int, what: String, ids: String) throws(Failure) -> [JSON] {
        guard body.count <= maxRefreshBytes else {
            throw invalid("the request is \(body.count) bytes; metadata may total at most 228 KiB (\(maxRefreshBytes) bytes) per request")
        }
        let object = try bodyObject(body)
        guard let listValue = object[member] else { throw invalid("\(member) is required") }
        guard case .array(let items) = listValue else { throw invalid("\(member) must be an array, got \(listValue.typeName)") }
        guard !items.isEmpty else { throw invalid("\(member) must hold at least one \(what.dropLast())") }
        guard items.count <= limit else { throw invalid("\(member) holds \(items.count) \(what); at most \(limit) \(ids) per request") }
        return items
    }

    private func refreshMetadata(_ collection: ImmutableCollection, subject: String, body: [UInt8]) throws(Failure) -> APIResponse {
        let items = try Self.refreshItems(body, "nft_metadata", limit: Self.maxRefreshTokens, what: "tokens", ids: "token IDs")
        var updates: [(UInt256, JSON)] = []
        var seen = Set<UInt256>()
        for (index, item) in items.enumerated() {
            let field = "nft_metadata[\(index)]"
            guard case .object(var fields) = item else { throw Self.invalid("\(field) must be an object, got \(item.typeName)") }
            if fields["metadata_id"] != nil {
                throw Self.invalid(
                    "\(field).metadata_id: this route refreshes tokens by token_id; refresh a metadata stack with POST …/metadata/refresh-metadata and {\"metadata\": [{\"metadata_id\", …}]}")
            }
            guard let idValue = fields["token_id"] else { throw Self.invalid("\(field).token_id is required") }
            let id = try Self.tokenID(idValue, field: "\(field).token_id")
            guard seen.insert(id).inserted else { throw Self.invalid("\(field).token_id \(id) is duplicated in this request") }
            guard minted(collection, id) else {
                throw Failure(
                    status: 404, code: "RESOURCE_NOT_FOUND",
                    message: "\(field).token_id \(id) is not minted in collection \(collection.address.lowercaseHexPrefixed)")
            }
            try Self.validateMetadata(item, field: field)
            fields["token_id"] = nil
            updates.append((id, .object(fields)))
        }
        let now = service.chain.now
        let fields = try takeRefreshes(updates.count, of: "NFT refreshes", from: &refreshBuckets[subject], tier: Self.refreshTier)
        for (id, value) in updates {
            var record = metadata[collection.address]?[id] ?? TokenMetadata(metadata: nil, syncedAt: nil, indexedAt: now)
            record.metadata = value
            record.syncedAt = now
            metadata[collection.address, default: [:]][id] = record
            changedMetadata.insert(Self.metadataKey(collection.address, id))
            stack(collection.address, id)
        }
        return .json(202, .object(JSONObject(fields.map { ($0.name, .string($0.value)) })), headers: fields)
    }

    /// `POST …/metadata/refresh-metadata`: `{"metadata": [{"metadata_id", name, …}]}` replaces the
    /// metadata of every token of each stack (up to 10 stacks, 677 stacks a minute per key).
    private func refreshStacks(_ collection: ImmutableCollection, subject: String, body: [UInt8]) throws(Failure) -> APIResponse {
        let items = try Self.refreshItems(body, "metadata", limit: Self.maxRefreshStacks, what: "metadata stacks", ids: "metadata_ids")
        var updates: [(String, JSON)] = []
        for (index, item) in items.enumerated() {
            let field = "metadata[\(index)]"
            guard case .object(var fields) = item else { throw Self.invalid("\(field) must be an object, got \(item.typeName)") }
            guard let idValue = fields["metadata_id"], idValue != .null else { throw Self.invalid("\(field).metadata_id is required") }
            guard case .string(let id) = idValue else { throw Self.invalid("\(field).metadata_id must be a string, got \(idValue.typeName)") }
            if fields["token_id"] != nil {
                throw Self.invalid("\(field).token_id: this route refreshes metadata stacks by metadata_id; refresh tokens with POST …/nfts/refresh-metadata")
            }
            guard !updates.contains(where: { $0.0 == id }) else { throw Self.invalid("\(field).metadata_id \(id) is duplicated in this request") }
            guard stacks[collection.address]?[id]?.isEmpty == false else {
                throw Failure(
                    status: 404, code: "RESOURCE_NOT_FOUND",
                    message: "\(field).metadata_id \(id) not found in collection \(collection.address.lowercaseHexPrefixed)")
            }
            try Self.validateMetadata(item, field: field)
            fields["metadata_id"] = nil
            updates.append((id, .object(fields)))
        }
        let now = service.chain.now
        let fields = try takeRefreshes(updates.count, of: "metadata stacks", from: &stackBuckets[subject], tier: Self.stackRefreshTier)
        for (id, value) in updates {
            // The stack keeps its id and now holds the new metadata (with none, its tokens leave it).
            setStackContent(collection.address, id, Self.stackKey(value))
            for token in (stacks[collection.address]?[id] ?? []).sorted() {
                guard var record = metadata[collection.address]?[token] else { continue }
                record.metadata = value
                record.syncedAt = now
                metadata[collection.address, default: [:]][token] = record
                changedMetadata.insert(Self.metadataKey(collection.address, token))
                stack(collection.address, token)
            }
        }
        return .json(202, .object(JSONObject(fields.map { ($0.name, .string($0.value)) })), headers: fields)
    }

    /// Takes `count` from a refresh bucket (made full on first use): the refresh rate-limit fields,
    /// or 429 with them when the request does not fit (then nothing is taken).
    private func takeRefreshes(_ count: Int, of what: String, from slot: inout TokenBucket?, tier: RateTier) throws(Failure)
        -> [(name: String, value: String)]
    {
        let now = service.chain.now
        var bucket = slot ?? TokenBucket(tier: tier, now: now)
        let (taken, wait) = bucket.take(count, at: now)
        slot = bucket
        let untilFull = bucket.secondsUntilFull(at: now)
        let fields: [(name: String, value: String)] = [
            ("imx_refreshes_limit", String(tier.burst)),
            ("imx_refresh_limit_reset", Self.resetTime(now &+ max(untilFull, 1))),
            ("imx_remaining_refreshes", String(bucket.remaining(at: now))),
            ("retry_after", "\(taken ? untilFull : wait)-seconds"),
        ]
        guard taken else {
            throw Failure(
                status: 429, code: "TOO_MANY_REQUESTS_ERROR",
                message: "Rate limit exceeded: \(count) \(what) asked, \(bucket.remaining(at: now)) remaining; retry after \(wait) seconds",
                headers: fields)
        }
        return fields
    }

    /// The key a metadata stack is found by: the metadata's canonical JSON (members sorted), or nil
    /// for no metadata or an empty object (such a token has no stack).
    static func stackKey(_ value: JSON?) -> String? {
        guard let value else { return nil }
        if case .object(let object) = value, object.members.isEmpty { return nil }
        return String(decoding: value.canonical.encoded(), as: UTF8.self)
    }

    /// Stack `stack` now holds `content` (nil: the stack is gone). The stack new tokens with some
    /// metadata join is, of the stacks holding it, the one with the smallest id, whatever order they
    /// came to hold it in (so a restart or a revert, which rebuild the stacks, choose the same).
    private func setStackContent(_ collection: Address, _ stack: String, _ content: String?) {
        let old = stackContent[collection]?[stack]
        if let content {
            stackContent[collection, default: [:]][stack] = content
            if let current = stackByContent[collection]?[content], current <= stack {} else {
                stackByContent[collection, default: [:]][content] = stack
            }
        } else {
            stackContent[collection]?[stack] = nil
        }
        if let old, old != content, stackByContent[collection]?[old] == stack {
            stackByContent[collection]?[old] = stackContent[collection]?.filter { $0.value == old }.keys.min()
        }
    }

    /// Puts token `id` in the metadata stack of its metadata: it stays in its stack while that holds
    /// its metadata, else joins the stack that does, or starts one with an id derived from the
    /// collection and the metadata (the same on every run).
    func stack(_ collection: Address, _ id: UInt256) {
        guard var record = metadata[collection]?[id] else { return }
        let content = Self.stackKey(record.metadata)
        if let current = record.stack, let content, stackContent[collection]?[current] == content {
            stacks[collection, default: [:]][current, default: []].insert(id)
            return
        }
        if let old = record.stack {
            stacks[collection]?[old]?.remove(id)
            if stacks[collection]?[old]?.isEmpty == true {
                stacks[collection]?[old] = nil
                setStackContent(collection, old, nil)
            }
        }
        guard let content else {
            if record.stack != nil {
                record.stack = nil
                metadata[collection]?[id] = record
                changedMetadata.insert(Self.metadataKey(collection, id))
            }
            return
        }
        let stackID: String
        if let existing = stackByContent[collection]?[content] {
            stackID = existing
        } else {
            var attempt = 0
            var candidate = Self.stackID(collection, content, attempt)
            while stackContent[collection]?[candidate] != nil {
                attempt += 1
                candidate = Self.stackID(collection, content, attempt)
            }
            stackID = candidate
            setStackContent(collection, stackID, content)
        }
        stacks[collection, default: [:]][stackID, default: []].insert(id)
        if record.stack != stackID {
            record.stack = stackID
            metadata[collection]?[id] = record
            changedMetadata.insert(Self.metadataKey(collection, id))
        }
    }

    /// A UUID (version 4 layout) from the collection, the metadata and a counter.
    static func stackID(_ collection: Address, _ content: String, _ attempt: Int) -> String {
        var bytes = Array(Keccak256.hash(Array("mintsim:immutable:metadata:\(collection.lowercaseHex):\(attempt):\(content)".utf8)).bytes.prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Hex.encode(bytes, prefix: false)
        let h = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(h[$0]) }.joined(separator: "-")
    }

    /// The stacks as `metadata` has them (after a restore or a revert).
    func rebuildStacks() {
        stacks = [:]
        stackByContent = [:]
        stackContent = [:]
        for (collection, tokens) in metadata {
            for (id, record) in tokens {
                guard let stackID = record.stack, let content = Self.stackKey(record.metadata) else { continue }
                stacks[collection, default: [:]][stackID, default: []].insert(id)
                setStackContent(collection, stackID, content)
            }
        }
    }

    private func minted(_ collection: ImmutableCollection, _ id: UInt256) -> Bool {
        collection.standard == "ERC721" ? (try? ownerOf(collection.address, id)) != nil : exists1155(collection.address, id)
    }

    private func ownerOf(_ collection: Address, _ id: UInt256) throws(ChainError) -> Address {
        try service.readAddress(collection, "ownerOf(uint256)(address)", [.uint(id)])
    }

    private func exists1155(_ collection: Address, _ id: UInt256) -> Bool {
        (try? service.readBool(collection, "exists(uint256)(bool)", [.uint(id)])) == true
    }

    private func nft(_ collection: ImmutableCollection, chainName: String, tokenText: String) throws(Failure) -> APIResponse {
        let id = try Self.tokenID(.string(tokenText), field: "token_id")
        guard minted(collection, id) else {
            throw Failure(
                status: 404, code: "RESOURCE_NOT_FOUND", message: "NFT \(id) not found in collection \(collection.address.lowercaseHexPrefixed)")
        }
        let record = metadata[collection.address]?[id]
        let fields = record?.metadata?.objectValue ?? JSONObject()
        func field(_ key: String) -> JSON { fields[key] ?? .null }
        var members: [(String, JSON)] = [
            ("chain", .obj(["id": .string("eip155:\(service.chain.config.chainId)"), "name": .string(chainName)])),
            ("token_id", .string(id.description)),
            ("contract_address", .string(collection.address.lowercaseHexPrefixed)),
            ("contract_type", .string(collection.standard)),
            ("indexed_at", record.map { .string(ISOTime.string($0.indexedAt)) } ?? .null),
            ("updated_at", record.map { .string(ISOTime.string(max($0.indexedAt, $0.syncedAt ?? 0))) } ?? .null),
            ("metadata_synced_at", record?.syncedAt.map { .string(ISOTime.string($0)) } ?? .null),
            ("metadata_id", record?.stack.map { .string($0) } ?? .null),
            ("name", field("name")), ("description", field("description")), ("image", field("image")),
            ("external_url", field("external_url")), ("animation_url", field("animation_url")), ("youtube_url", field("youtube_url")),
            ("attributes", field("attributes")),
        ]
        if collection.standard == "ERC721" {
            members.append(("owner_address", (try? ownerOf(collection.address, id)).map { .string($0.lowercaseHexPrefixed) } ?? .null))
        } else {
            let supply = try? service.readUInt(collection.address, "totalSupply(uint256)(uint256)", [.uint(id)])
            members.append(("total_supply", supply.map { .string($0.description) } ?? .null))
        }
        return .json(200, .object(JSONObject(members)))
    }
}

extension Address {
    /// `0x` and the 40 lowercase hex digits, as Immutable writes addresses.
    var lowercaseHexPrefixed: String { lowercaseHex }
}

enum ImmutableSchemas {
    static let attribute: JSON = Schema.object(
        ["trait_type": Schema.string, "value": Schema.oneOf([Schema.string, Schema.number]), "display_type": Schema.enumeration(ImmutableDialect.displayTypes)],
        required: ["trait_type", "value"])
    static let metadata: JSON = Schema.object([
        "name": Schema.string, "description": Schema.string, "image": Schema.string, "external_url": Schema.string,
        "animation_url": Schema.string, "youtube_url": Schema.string, "attributes": Schema.array(attribute),
    ])
    static let mintRequest: JSON = Schema.object(
        [
            "assets": Schema.array(
                Schema.object(
                    [
                        "reference_id": Schema.string, "owner_address": Schema.address, "token_id": Schema.string, "amount": Schema.string,
                        "metadata": metadata,
                    ], required: ["reference_id", "owner_address"]), maxItems: 100)
        ], required: ["assets"])
    static let mintLimits: JSON = Schema.object([
        "imx_mint_requests_limit": Schema.string, "imx_remaining_mint_requests": Schema.string,
        "imx_mint_requests_limit_reset": Schema.string, "imx_mint_requests_retry_after": Schema.string,
    ])
    static let refreshRequest: JSON = Schema.object(
        ["nft_metadata": Schema.array(Schema.object(["token_id": Schema.string], required: ["token_id"]), maxItems: 250)],
        required: ["nft_metadata"])
    static let refreshByIDRequest: JSON = Schema.object(
        ["metadata": Schema.array(Schema.object(["metadata_id": Schema.string], required: ["metadata_id"]), maxItems: 10)],
        required: ["metadata"])
    static let refreshLimits: JSON = Schema.object([
        "imx_refreshes_limit": Schema.string, "imx_refresh_limit_reset": Schema.string, "imx_remaining_refreshes": Schema.string,
        "retry_after": Schema.string,
    ])
    static let status: JSON = Schema.object([
        "chain": Schema.object(["id": Schema.string, "name": Schema.string]), "collection_address": Schema.string,
        "reference_id": Schema.string, "status": Schema.enumeration(["pending", "succeeded", "failed"]),
        "token_id": Schema.nullable(Schema.string), "amount": Schema.nullable(Schema.string), "owner_address": Schema.string,
        "transaction_hash": Schema.nullable(Schema.string), "error": Schema.nullable(Schema.string), "created_at": Schema.string,
        "updated_at": Schema.string,
    ])
    static let statusList: JSON = Schema.object(["result": Schema.array(status), "page": Schema.object([:])], required: ["result"])
    static let nft: JSON = Schema.object([
        "token_id": Schema.string, "contract_address": Schema.string, "contract_type": Schema.string,
        "metadata_synced_at": Schema.nullable(Schema.string), "metadata_id": Schema.nullable(Schema.string), "name": Schema.nullable(Schema.string),
    ])
    static let error: JSON = Schema.object(
        ["code": Schema.string, "message": Schema.string, "details": .obj([:]), "trace_id": Schema.string], required: ["code", "message"])
}
