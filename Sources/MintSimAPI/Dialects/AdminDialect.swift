import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimScenario

/// MintSim's own routes: `/_mintsim/...` to discover the setup and drive the chain (mine, advance
/// time, snapshot and revert), and `GET /openapi.json`. Errors are `{"error": {"code", "message"}}`.
public final class AdminDialect: Dialect {
    public let name = "_mintsim"
    public let title = "MintSim administration"
    let service: MintService
    weak var api: MintAPI?

    init(service: MintService) { self.service = service }

    public var routes: [RouteSpec] {
        let ok = { (description: String) in [(status: 200, description: description, schema: AdminSchemas.any as JSON?)] }
        let failures: [(status: Int, description: String, schema: JSON?)] = [(400, "Invalid input", AdminSchemas.error)]
        return [
            RouteSpec("GET", "/openapi.json", operationID: "openapi", summary: "This OpenAPI 3.1 document", responses: ok("The document")),
            RouteSpec(
                "GET", "/_mintsim/setup", operationID: "adminSetup",
                summary: "The setup: accounts, contracts by name, keys and credentials per dialect", responses: ok("The setup")),
            RouteSpec(
                "POST", "/_mintsim/mine", operationID: "adminMine", summary: "Mine blocks (body {\"blocks\": n}, default 1)",
                requestSchema: Schema.object(["blocks": Schema.integer]), responses: ok("The mined blocks") + failures),
            RouteSpec(
                "POST", "/_mintsim/time/advance", operationID: "adminAdvanceTime",
                summary: "Move the simulated clock forward (body {\"seconds\": n})",
                requestSchema: Schema.object(["seconds": Schema.integer], required: ["seconds"]), responses: ok("The new time") + failures),
            RouteSpec(
                "POST", "/_mintsim/snapshot", operationID: "adminSnapshot", summary: "Take a snapshot of the chain",
                responses: ok("The snapshot id")),
            RouteSpec(
                "POST", "/_mintsim/revert", operationID: "adminRevert", summary: "Revert the chain to a snapshot (body {\"id\": n})",
                requestSchema: Schema.object(["id": Schema.integer], required: ["id"]), responses: ok("Reverted") + failures),
            RouteSpec(
                "GET", "/_mintsim/webhooks", operationID: "adminWebhooks", summary: "The registered webhook endpoints",
                responses: ok("The endpoints")),
            RouteSpec(
                "POST", "/_mintsim/webhooks", operationID: "adminRegisterWebhook",
                summary: "Register a webhook endpoint for a dialect's events (body {\"dialect\", \"url\", \"secret\"})",
                requestSchema: Schema.object(
                    ["dialect": Schema.enumeration(["immutable", "qustody"]), "url": Schema.string, "secret": Schema.string], required: ["dialect", "url"]),
                responses: [
                    (201, "The endpoint, with its secret", AdminSchemas.any),
                    (200, "The endpoint already registered for this dialect and URL", AdminSchemas.any),
                    (409, "CONFLICT: the dialect and URL have an endpoint with another secret", AdminSchemas.any),
                ] + failures),
            RouteSpec(
                "GET", "/_mintsim/deliveries", operationID: "adminDeliveries",
                summary: "The webhook delivery log (?dialect=, ?state=pending|delivered|failed|dropped)", responses: ok("The deliveries") + failures),
            RouteSpec(
                "GET", "/_mintsim/faults", operationID: "adminFaults", summary: "The faults in force", responses: ok("The faults")),
            RouteSpec(
                "POST", "/_mintsim/faults", operationID: "adminSetFaults",
                summary: "Inject faults: failNext {count, dialect, status, code, message}, holdConfirmations, dropWebhooks, delayWebhooksMs",
                requestSchema: Schema.object([
                    "failNext": Schema.object(
                        ["count": Schema.integer, "dialect": Schema.string, "status": Schema.integer, "code": Schema.string, "message": Schema.string],
                        required: ["count"]),
                    "holdConfirmations": Schema.boolean, "dropWebhooks": Schema.integer, "delayWebhooksMs": Schema.integer,
                ]), responses: ok("The faults in force") + failures),
            RouteSpec("DELETE", "/_mintsim/faults", operationID: "adminClearFaults", summary: "Clear every fault", responses: ok("No faults")),
            RouteSpec(
                "GET", "/_mintsim/assets/otp/{user}", operationID: "adminAssetsOTP",
                summary: "The current OTP code of an assets user, on the chain's clock",
                responses: ok("The code") + [(404, "No such user, or OTP not enabled", AdminSchemas.error)]),
        ]
    }

    public func failure(status: Int, message: String) -> APIResponse {
        let code: String
        switch status {
        case 400: code = "BAD_REQUEST"
        case 404: code = "NOT_FOUND"
        case 405: code = "METHOD_NOT_ALLOWED"
        case 413: code = "PAYLOAD_TOO_LARGE"
        default: code = "INTERNAL_ERROR"
        }
        return Self.error(status, code, message)
    }

    public func fault(status: Int, code: String, message: String) -> APIResponse { Self.error(status, code, message) }

    static func error(_ status: Int, _ code: String, _ message: String) -> APIResponse {
        .json(status, .obj(["error": .obj(["code": .string(code), "message": .string(message.clippedMessage)])]))
    }

    public func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse {
        let chain = service.chain
        switch route.operationID {
        case "openapi":
            return .json(200, api.map { OpenAPI.document($0) } ?? .null)
        case "adminSetup":
            return .json(200, setupJSON())
        case "adminMine":
            let count: Int
            switch integer(request, "blocks", default: 1, range: 1...10_000) {
            case .success(let value): count = value
            case .failure(let failure): return failure.response
            }
            let blocks = chain.mine(count: count)
            if let failure = chain.storeFailure { return Self.error(500, "STORE_FAILED", failure.message) }
            api?.reconcile()
            return .json(200, .obj(["blocks": .array(blocks.map(blockJSON))]))
        case "adminAdvanceTime":
            let seconds: Int
            switch integer(request, "seconds", default: nil, range: 0...(1 << 40)) {
            case .success(let value): seconds = value
            case .failure(let failure): return failure.response
            }
            do {
                try chain.advanceTime(by: UInt64(seconds))
            } catch {
                return Self.error(400, "BAD_REQUEST", error.message)
            }
            return .json(200, .obj(["time": .int(chain.now)]))
        case "adminSnapshot":
            let id = chain.snapshot()
            api?.keepRecords(forSnapshot: id)
            return .json(200, .obj(["id": .int(id)]))
        case "adminRevert":
            let id: Int
            switch integer(request, "id", default: nil, range: 0...Int.max) {
            case .success(let value): id = value
            case .failure(let failure): return failure.response
            }
            do {
                try chain.revert(to: UInt64(id))
            } catch {
                return Self.error(404, "UNKNOWN_SNAPSHOT", error.message)
            }
            // The API's records go back with the chain: requests, operations, idempotency keys,
            // metadata, rate-limit buckets and used secret codes as they were at the snapshot.
            do {
                try api?.revertRecords(toSnapshot: UInt64(id), keep: false)
            } catch {
                return Self.error(500, "INTERNAL_ERROR", error.message)
            }
            return .json(200, .obj(["reverted": .bool(true), "blockNumber": .int(chain.blockNumber)]))
        case "adminAssetsOTP":
            let name = parameters["user"] ?? ""
            guard let user = service.setup.assetsUsers.first(where: { $0.name == name }) else {
                return Self.error(404, "NOT_FOUND", "no assets user \"\(name)\" (users: \(service.setup.assetsUsers.map(\.name).joined(separator: ", ")))")
            }
            guard let secret = user.otpSecret else { return Self.error(404, "NOT_FOUND", "user \(name) has no OTP secret") }
            let step = chain.now / 30
            return .json(
                200,
                .obj(["user": .string(name), "code": .string(TOTP.code(secret: secret, step: step)), "validFrom": .int(step * 30), "time": .int(chain.now)]))
        case "adminWebhooks":
            return .json(200, .obj(["data": .array(api?.webhooks.endpoints.map(endpointJSON) ?? [])]))
        case "adminRegisterWebhook":
            return registerWebhook(request)
        case "adminDeliveries":
            return deliveries(request)
        case "adminFaults":
            return .json(200, faultsJSON())
        case "adminSetFaults":
            return setFaults(request)
        case "adminClearFaults":
            api?.failures = []
            api?.holdConfirmations = false
            api?.webhooks.dropNext = 0
            api?.webhooks.delayMs = 0
            api?.reconcile()
            return .json(200, faultsJSON())
        default:
            return failure(status: 404, message: "no route \(request.method) \(request.path)")
        }
    }

    private func body(_ request: APIRequest) -> Result<JSONObject, ErrorResponse> {
        JSON.object(from: request.body).mapError { ErrorResponse(Self.error(400, "BAD_REQUEST", $0.reason)) }
    }

    private func endpointJSON(_ endpoint: Webhooks.Endpoint) -> JSON {
        .obj([
            "id": .string(endpoint.id), "dialect": .string(endpoint.dialect), "url": .string(endpoint.url), "secret": .string(endpoint.secret),
            "signatureHeader": .string(Webhooks.signatureHeader(endpoint.dialect)),
        ])
    }

    /// The dialects that raise webhook events.
    public static let eventDialects = ["immutable", "qustody"]

    private func registerWebhook(_ request: APIRequest) -> APIResponse {
        let object: JSONObject
        switch body(request) {
        case .success(let value): object = value
        case .failure(let failure): return failure.response
        }
        guard let dialect = object["dialect"]?.stringValue, Self.eventDialects.contains(dialect) else {
            return Self.error(400, "BAD_REQUEST", "dialect must be one of \(Self.eventDialects.joined(separator: ", ")) (the dialects with webhooks), got \(object["dialect"]?.text() ?? "nothing")")
        }
        guard let url = object["url"]?.stringValue, Checker.isHTTPURL(url) else {
            return Self.error(400, "BAD_REQUEST", "url must be an http:// or https:// URL, got \(object["url"]?.text() ?? "nothing")")
        }
        var secret: String?
        if let value = object["secret"], value != .null {
            guard let text = value.stringValue, !text.isEmpty else { return Self.error(400, "BAD_REQUEST", "secret must be a non-empty string") }
            secret = text
        }
        guard let webhooks = api?.webhooks else { return failure(status: 500, message: "no API") }
        // One endpoint per dialect and URL: registering it again answers it (200), unless the secret differs.
        if let existing = webhooks.endpoints.first(where: { $0.dialect == dialect && $0.url == url }) {
            guard secret == nil || secret == existing.secret else {
                return Self.error(
                    409, "CONFLICT", "\(url) is already the \(dialect) endpoint \(existing.id), with another secret; one endpoint per dialect and URL")
            }
            return .json(200, endpointJSON(existing))
        }
        return .json(201, endpointJSON(webhooks.register(dialect: dialect, url: url, secret: secret)))
    }

    private func deliveries(_ request: APIRequest) -> APIResponse {
        guard let webhooks = api?.webhooks else { return failure(status: 500, message: "no API") }
        var list = webhooks.deliveries
        for (key, value) in request.query {
            switch key {
            case "dialect": list = list.filter { $0.dialect == value }
            case "state":
                guard let state = Webhooks.State(rawValue: value) else {
                    return Self.error(400, "BAD_REQUEST", "state must be pending, delivered, failed or dropped, got \(value)")
                }
                list = list.filter { $0.state == state }
            default: break
            }
        }
        return .json(200, .obj(["data": .array(list.map(webhooks.json))]))
    }

    private func faultsJSON() -> JSON {
        .obj([
            "failNext": .array((api?.failures ?? []).map { failure in
                .obj([
                    "count": .int(failure.remaining), "dialect": failure.dialect.map { .string($0) } ?? .null, "status": .int(failure.status),
                    "code": .string(failure.code), "message": .string(failure.message),
                ])
            }),
            "holdConfirmations": .bool(api?.holdConfirmations ?? false), "dropWebhooks": .int(api?.webhooks.dropNext ?? 0),
            "delayWebhooksMs": .int(api?.webhooks.delayMs ?? 0),
        ])
    }

    private func setFaults(_ request: APIRequest) -> APIResponse {
        guard let api else { return failure(status: 500, message: "no API") }
        let object: JSONObject
        switch body(request) {
        case .success(let value): object = value
        case .failure(let failure): return failure.response
        }
        func integer(_ value: JSON?, _ name: String, _ range: ClosedRange<Int>) -> Result<Int?, ErrorResponse> {
            guard let value, value != .null else { return .success(nil) }
            guard case .number(let text) = value, let number = Int(text), range.contains(number) else {
                return .failure(ErrorResponse(Self.error(400, "BAD_REQUEST", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got \(value.text())")))
            }
            return .success(number)
        }
        var injected: InjectedFailure?
        if let next = object["failNext"], next != .null {
            guard case .object(let fields) = next else { return Self.error(400, "BAD_REQUEST", "failNext must be an object, got \(next.typeName)") }
            guard case .success(let count?) = integer(fields["count"], "failNext.count", 1...1_000_000) else {
                return Self.error(400, "BAD_REQUEST", "failNext.count must be an integer from 1 to 1000000, got \(fields["count"]?.text() ?? "nothing")")
            }
            let statusResult = integer(fields["status"], "failNext.status", 400...599)
            guard case .success(let status) = statusResult else {
                if case .failure(let failure) = statusResult { return failure.response }
                return failure(status: 500, message: "unreachable")
            }
            var dialect: String?
            if let value = fields["dialect"], value != .null {
                guard let name = value.stringValue, api.mounts.contains(where: { $0.dialect.name == name }) else {
                    return Self.error(400, "BAD_REQUEST", "failNext.dialect must be one of \(api.mounts.map(\.dialect.name).joined(separator: ", ")), got \(value.text())")
                }
                dialect = name
            }
            let code = fields["code"]?.stringValue ?? "INTERNAL_ERROR"
            let message = fields["message"]?.stringValue ?? "injected failure"
            injected = InjectedFailure(dialect: dialect, remaining: count, status: status ?? 500, code: code, message: message)
        }
        var hold: Bool?
        if let value = object["holdConfirmations"], value != .null {
            guard case .bool(let flag) = value else { return Self.error(400, "BAD_REQUEST", "holdConfirmations must be true or false, got \(value.text())") }
            hold = flag
        }
        let drop: Int?
        switch integer(object["dropWebhooks"], "dropWebhooks", 0...1_000_000) {
        case .success(let value): drop = value
        case .failure(let failure): return failure.response
        }
        let delay: Int?
        switch integer(object["delayWebhooksMs"], "delayWebhooksMs", 0...600_000) {
        case .success(let value): delay = value
        case .failure(let failure): return failure.response
        }
        if let injected { api.failures.append(injected) }
        if let hold {
            api.holdConfirmations = hold
            if !hold { api.reconcile() }
        }
        if let drop { api.webhooks.dropNext = drop }
        if let delay { api.webhooks.delayMs = delay }
        return .json(200, faultsJSON())
    }

    /// An integer member of the body (an empty body takes `default`).
    private func integer(_ request: APIRequest, _ key: String, default fallback: Int?, range: ClosedRange<Int>) -> Result<Int, ErrorResponse> {
        var body = JSONObject()
        if !request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            switch self.body(request) {
            case .success(let object): body = object
            case .failure(let failure): return .failure(failure)
            }
        }
        guard let value = body[key] else {
            if let fallback { return .success(fallback) }
            return .failure(ErrorResponse(Self.error(400, "BAD_REQUEST", "\(key) is required")))
        }
        guard case .number(let text) = value, let number = Int(text), range.contains(number) else {
            return .failure(
                ErrorResponse(Self.error(400, "BAD_REQUEST", "\(key) must be an integer from \(range.lowerBound) to \(range.upperBound), got \(value.text())")))
        }
        return .success(number)
    }

    private func blockJSON(_ block: Block) -> JSON {
        .obj([
            "number": .int(block.number), "hash": .string(block.hash.description), "timestamp": .int(block.timestamp),
            "transactions": .array(block.transactionHashes.map { .string($0.description) }),
        ])
    }

    /// What `GET /_mintsim/setup` answers.
    public func setupJSON() -> JSON {
        let setup = service.setup
        let chain = service.chain
        func prefix(_ dialect: String) -> JSON {
            guard let mount = api?.mounts.first(where: { $0.dialect.name == dialect }) else { return .null }
            return .string(mount.prefix.isEmpty ? "/" : mount.prefix)
        }
        func rateLimit(_ dialect: String, _ subject: String) -> JSON {
            guard let rule = setup.rateLimits.first(where: { $0.dialect == dialect && $0.subject == subject }) else { return .null }
            return .obj(["perMinute": .int(rule.tier.perMinute), "burst": .int(rule.tier.burst)])
        }
        let assetsUsers: [JSON] = setup.assetsUsers.map { user in
            .obj([
                "name": .string(user.name), "wallet": .string(user.wallet.address.checksummed),
                "apiKey": .string(setup.apiKeys.first { $0.dialect == "assets" && $0.subject == user.name }?.key ?? ""),
                "pincode": user.pincode.map { .string($0) } ?? .null,
                "otpSecret": user.otpSecret.map { .string(TOTP.base32($0)) } ?? .null,
                "secretCodes": .array(user.secretCodes.map { .string($0) }), "rateLimit": rateLimit("assets", user.name),
            ])
        }
        let abclabKeys = setup.apiKeys.filter { $0.dialect == "abclab" }
        return .obj([
            "chain": .obj(["chainId": .int(chain.config.chainId), "blockNumber": .int(chain.blockNumber), "time": .int(chain.now)]),
            "accounts": .array(setup.accounts.map {
                .obj(["name": .string($0.name), "address": .string($0.address.checksummed), "privateKey": .string($0.key.hex)])
            }),
            "contracts": .array(setup.contracts.map {
                .obj(["name": .string($0.name), "kind": .string($0.kind), "address": .string($0.address.checksummed)])
            }),
            "dialects": .obj([
                "assets": .obj([
                    "basePath": prefix("assets"), "apiKeyHeader": .string("X-Api-Key"), "users": .array(assetsUsers),
                    "assets": .array(setup.securityAssets.map { asset in
                        .obj([
                            "symbol": .string(setup.name(of: asset.suite.token) ?? ""), "address": .string(asset.suite.token.checksummed),
                            "identityRegistry": .string(asset.suite.identityRegistry.checksummed),
                        ])
                    }),
                ]),
                "immutable": .obj([
                    "basePath": prefix("immutable"), "apiKeyHeader": .string("x-immutable-api-key"),
                    "chainNames": .array(ImmutableDialect.chainNames.map { .string($0) }),
                    "minter": .string(setup.immutableMinter.address.checksummed),
                    "keys": .array(setup.immutableKeys.map { scope in
                        .obj([
                            "subject": .string(scope.subject),
                            "apiKey": .string(setup.apiKeys.first { $0.dialect == "immutable" && $0.subject == scope.subject }?.key ?? ""),
                            "collections": .array(scope.collections.map { .string($0.checksummed) }),
                            "tier": .obj(["name": .string(scope.tier.name), "perMinute": .int(scope.tier.perMinute), "burst": .int(scope.tier.burst)]),
                        ])
                    }),
                    "collections": .array(setup.immutableCollections.map {
                        .obj(["name": .string($0.name), "address": .string($0.address.checksummed), "standard": .string($0.standard)])
                    }),
                ]),
                "qustody": .obj([
                    "basePath": prefix("qustody"), "apiKeyHeader": .string("X-API-Key"),
                    "keys": .array(setup.qustodyKeys.map { scope in
                        .obj([
                            "subject": .string(scope.subject),
                            "apiKey": .string(setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == scope.subject }?.key ?? ""),
                            "permissions": .array(scope.permissions.map { .string($0) }), "rateLimit": rateLimit("qustody", scope.subject),
                        ])
                    }),
                    "vaults": .array(setup.qustodyVaults.map { .obj(["id": .string($0.id), "address": .string($0.account.address.checksummed)]) }),
                    "tokens": .array(setup.qustodyTokens.map {
                        .obj([
                            "id": .string($0.id), "symbol": .string($0.symbol), "contractAddress": $0.contract.map { .string($0.checksummed) } ?? .null,
                        ])
                    }),
                ]),
                "abclab": .obj([
                    "basePath": prefix("abclab"),
                    "authentication": abclabKeys.isEmpty ? .string("none") : .string("Authorization: Bearer KEY"),
                    "apiKeys": .array(abclabKeys.map { .string($0.key) }),
                    "operator": .string(setup.abclabOperator.address.checksummed), "rateLimit": rateLimit("abclab", "*"),
                    "assets": .array(setup.abclabAssets.map {
                        .obj([
                            "asset_id": .string($0.assetID), "token_id": .string($0.tokenID), "name": .string($0.name),
                            "address": .string($0.token.checksummed), "decimals": .int($0.decimals),
                        ])
                    }),
                ]),
            ]),
        ])
    }
}

/// A response carried as an error value.
struct ErrorResponse: Error {
    let response: APIResponse
    init(_ response: APIResponse) { self.response = response }
}
