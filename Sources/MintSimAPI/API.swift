import MintSimChain
import MintSimPrimitives

/// One HTTP request as the dialects see it, whatever carried it.
public struct APIRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoding not applied.
    public var path: String
    public var query: [(name: String, value: String)]
    /// Header names in lowercase, in the order received.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
    }

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// How many times header `name` was sent (any case).
    public func headerCount(_ name: String) -> Int {
        let lowered = name.lowercased()
        return headers.reduce(0) { $0 + ($1.name == lowered ? 1 : 0) }
    }
}

/// One HTTP response.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (compact, UTF-8, `Content-Type: application/json`).
    public static func json(_ status: Int, _ value: JSON, headers: [(name: String, value: String)] = []) -> APIResponse {
        APIResponse(status: status, headers: [("content-type", "application/json; charset=utf-8")] + headers, body: value.encoded())
    }

    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body parsed as JSON (for tests and tools).
    public var json: JSON? { try? JSON.parse(body) }
}

/// A route as the OpenAPI document describes it and the server mounts it.
public struct RouteSpec: Sendable {
    public let method: String
    /// The path under the dialect's root, with `{name}` for each path parameter.
    public let path: String
    public let operationID: String
    public let summary: String
    /// The header carrying the API key, when the route needs one.
    public let apiKeyHeader: String?
    /// Other headers the route reads: name, whether required, description.
    public let headers: [(name: String, required: Bool, description: String)]
    /// JSON Schema of the request body, when the route takes one.
    public let requestSchema: JSON?
    /// Status, description and JSON Schema of each response.
    public let responses: [(status: Int, description: String, schema: JSON?)]

    public init(
        _ method: String, _ path: String, operationID: String, summary: String, apiKeyHeader: String? = nil,
        headers: [(name: String, required: Bool, description: String)] = [], requestSchema: JSON? = nil,
        responses: [(status: Int, description: String, schema: JSON?)]
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.apiKeyHeader = apiKeyHeader
        self.headers = headers
        self.requestSchema = requestSchema
        self.responses = responses
    }

    /// The path parameters' names, in order.
    public var parameterNames: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }
}

/// One platform's API: its routes and how each maps onto the mint service.
public protocol Dialect: AnyObject {
    /// The name used on the command line and as the default path prefix (`/assets`).
    var name: String { get }
    /// What the OpenAPI document calls it.
    var title: String { get }
    var routes: [RouteSpec] { get }
    /// Answers a request that matched `route`, with the path parameters it captured.
    func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse
    /// The dialect's own answer to `status` (404 no such route, 405, 413 body too large, 500) with `message`.
    func failure(status: Int, message: String) -> APIResponse
    /// Brings asynchronous work up to date with the chain after blocks were mined outside a request.
    func reconcile()
    /// An injected failure in the dialect's error shape.
    func fault(status: Int, code: String, message: String) -> APIResponse
}

/// A dialect whose operations complete asynchronously, and can be held until `/_mintsim/mine`.
protocol ConfirmationHolding: AnyObject {
    var holdConfirmations: Bool { get set }
}

/// A failure to inject into the next operations (POST routes) of a dialect, or of all dialects.
public struct InjectedFailure: Sendable, Equatable {
    public var dialect: String?
    public var remaining: Int
    public var status: Int
    public var code: String
    public var message: String
}

extension Dialect {
    public func reconcile() {}
}

/// A dialect's route under the path it is mounted at.
public struct MountedRoute: Sendable {
    public let dialect: String
    /// The full path, `{name}` for parameters.
    public let path: String
    public let spec: RouteSpec
}

/// The mint API: the dialects mounted over one mint service, plus the admin routes and the OpenAPI
/// document. It answers one request at a time; callers serialise access.
public final class MintAPI {
    public let service: MintService
    /// Each dialect with the prefix it is served under ("" at the root).
    public let mounts: [(prefix: String, dialect: any Dialect)]
    public let admin: AdminDialect
    public let webhooks = Webhooks()
    /// Injected failures, applied in order.
    public var failures: [InjectedFailure] = []
    /// The dialects' records at each chain snapshot (`/_mintsim/snapshot`), by snapshot id.
    var recordSnapshots: [UInt64: [(key: String, value: JSON)]] = [:]
    /// Set by a revert: the next `takeChanges` rewrites every record.
    var rewriteAll = false
    /// The token buckets of the rate limits a setup configures, by `dialect/subject`.
    var keyBuckets: [String: TokenBucket] = [:]
    /// The largest request body accepted, in bytes.
    public static let maxBodySize = 1 << 20

    /// Mounts every dialect under `/NAME`, or with `only` that dialect at the root.
    public init(service: MintService, only: String? = nil) throws(MintError) {
        self.service = service
        let all: [any Dialect] = [
            AssetsDialect(service: service), ABCLabDialect(service: service), ImmutableDialect(service: service), QustodyDialect(service: service),
        ]
        if let only {
            guard let dialect = all.first(where: { $0.name == only }) else {
                throw MintError("unknown dialect \"\(only)\" (dialects: \(all.map(\.name).joined(separator: ", ")))")
            }
            mounts = [("", dialect)]
        } else {
            mounts = all.map { ("/" + $0.name, $0) }
        }
        admin = AdminDialect(service: service)
        admin.api = self
        let webhooks = self.webhooks
        service.onEvent = { webhooks.queue($0) }
    }

    /// Whether operations of the asynchronous dialects wait for `/_mintsim/mine`.
    public var holdConfirmations: Bool {
        get { mounts.contains { ($0.dialect as? ConfirmationHolding)?.holdConfirmations == true } }
        set {
            for (_, dialect) in mounts { (dialect as? ConfirmationHolding)?.holdConfirmations = newValue }
        }
    }

    /// The names of every dialect MintSim speaks.
    public static let dialectNames = ["assets", "abclab", "immutable", "qustody"]

    /// Brings every dialect's asynchronous work up to date with the chain (after mining).
    public func reconcile() {
        for (_, dialect) in mounts { dialect.reconcile() }
    }

    /// Every route: the dialects', the admin routes and `GET /openapi.json`.
    public var routes: [MountedRoute] {
        var out: [MountedRoute] = []
        for (prefix, dialect) in mounts {
            out += dialect.routes.map { MountedRoute(dialect: dialect.name, path: prefix + $0.path, spec: $0) }
        }
        out += admin.routes.map { MountedRoute(dialect: admin.name, path: $0.path, spec: $0) }
        return out
    }

    /// Answers a request that matched `route` (the server's router matched it).
    public func handle(_ route: MountedRoute, parameters: [String: String], request: APIRequest) -> APIResponse {
        guard let dialect = dialect(named: route.dialect) else {
            return admin.failure(status: 500, message: "no dialect \(route.dialect)")
        }
        if request.body.count > Self.maxBodySize {
            return dialect.failure(status: 413, message: "the request body exceeds \(Self.maxBodySize) bytes")
        }
        if dialect !== admin, let (subject, tier) = rateLimit(for: dialect, request) {
            return limited(dialect, subject: subject, tier: tier) { answer(route, dialect, parameters: parameters, request: request) }
        }
        return answer(route, dialect, parameters: parameters, request: request)
    }

    /// The injected failure due, or the dialect's answer.
    private func answer(_ route: MountedRoute, _ dialect: any Dialect, parameters: [String: String], request: APIRequest) -> APIResponse {
        if route.spec.method == "POST", dialect !== admin,
            let index = failures.firstIndex(where: { $0.remaining > 0 && ($0.dialect == nil || $0.dialect == dialect.name) })
        {
            failures[index].remaining -= 1
            let failure = failures[index]
            if failure.remaining == 0 { failures.remove(at: index) }
            return dialect.fault(status: failure.status, code: failure.code, message: failure.message)
        }
        return dialect.handle(route.spec, parameters: parameters, request: request)
    }

    /// Puts a setup's faults in force (what `POST /_mintsim/faults` does).
    public func apply(_ faults: MintSetupPlan.Faults) {
        failures += faults.failNext
        if faults.holdConfirmations { holdConfirmations = true }
        if faults.dropWebhooks > 0 { webhooks.dropNext = faults.dropWebhooks }
        if faults.delayWebhooksMs > 0 { webhooks.delayMs = faults.delayWebhooksMs }
    }

    // MARK: Rate limits a setup configures

    /// The subject and tier that limit `request`, when the setup limits its key: assets and qustody
    /// keys by their subject, abclab as a whole (its document has no per-client identity).
    private func rateLimit(for dialect: any Dialect, _ request: APIRequest) -> (String, RateTier)? {
        let rules = service.setup.rateLimits
        guard rules.contains(where: { $0.dialect == dialect.name }) else { return nil }
        let subject: String?
        switch dialect.name {
        case "assets", "qustody": subject = service.authenticate(dialect: dialect.name, presented: request.header("x-api-key"))
        case "abclab": subject = "*"
        default: subject = nil
        }
        guard let subject, let rule = rules.first(where: { $0.dialect == dialect.name && $0.subject == subject }) else { return nil }
        return (subject, rule.tier)
    }

    /// Takes one request from the subject's bucket: answers 429 with `Retry-After` when it is empty,
    /// else `body`'s answer; both with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
    private func limited(_ dialect: any Dialect, subject: String, tier: RateTier, _ body: () -> APIResponse) -> APIResponse {
        let now = service.chain.now
        let key = "\(dialect.name)/\(subject)"
        var bucket = keyBuckets[key] ?? TokenBucket(tier: tier, now: now)
        let (taken, wait) = bucket.take(1, at: now)
        keyBuckets[key] = bucket
        let headers: [(name: String, value: String)] = [
            ("ratelimit-limit", String(tier.burst)), ("ratelimit-remaining", String(bucket.remaining(at: now))),
            ("ratelimit-reset", String(bucket.secondsUntilFull(at: now))),
        ]
        guard taken else {
            let who = subject == "*" ? "\(dialect.name) requests" : "the key of \(subject)"
            var response = dialect.failure(
                status: 429,
                message: "Rate limit exceeded for \(who): \(tier.perMinute) requests a minute, \(tier.burst) at most at once; retry after \(wait) seconds")
            response.headers += headers + [("retry-after", String(wait))]
            return response
        }
        var response = body()
        response.headers += headers
        return response
    }

    /// Routes and answers a request (the in-process path; the server uses its own router). HEAD is
    /// answered as GET without the body.
    public func handle(_ request: APIRequest) -> APIResponse {
        if request.method == "HEAD" {
            var get = request
            get.method = "GET"
            var response = handle(get)
            response.body = []
            return response
        }
        let parts = Self.segments(request.path)
        var methodMismatch = false
        for route in routes {
            guard let parameters = Self.match(Self.segments(route.path), parts) else { continue }
            guard route.spec.method == request.method else {
                methodMismatch = true
                continue
            }
            return handle(route, parameters: parameters, request: request)
        }
        return unmatched(request, methodMismatch: methodMismatch)
    }

    /// The answer to a request no route takes: 405 when a route has the path but another method,
    /// else 404, shaped by the dialect whose prefix the path is under.
    public func unmatched(_ request: APIRequest) -> APIResponse {
        let parts = Self.segments(request.path)
        let mismatch = routes.contains { Self.match(Self.segments($0.path), parts) != nil && $0.spec.method != request.method }
        return unmatched(request, methodMismatch: mismatch)
    }

    func unmatched(_ request: APIRequest, methodMismatch: Bool) -> APIResponse {
        let dialect = owner(of: request.path)
        if methodMismatch {
            var allowed: [String] = []
            for route in routes where Self.match(Self.segments(route.path), Self.segments(request.path)) != nil && !allowed.contains(route.spec.method) {
                allowed.append(route.spec.method)
            }
            var response = dialect.failure(status: 405, message: "\(request.method) is not allowed on \(request.path)")
            response.headers.append(("allow", allowed.joined(separator: ", ")))
            return response
        }
        return dialect.failure(status: 404, message: "no route \(request.method) \(request.path)")
    }

    /// The dialect whose prefix `path` is under (the admin routes' shape otherwise).
    public func owner(of path: String) -> any Dialect {
        if path.hasPrefix("/_mintsim") || path == "/openapi.json" { return admin }
        for (prefix, dialect) in mounts where !prefix.isEmpty && (path == prefix || path.hasPrefix(prefix + "/")) {
            return dialect
        }
        return mounts.first { $0.prefix.isEmpty }?.dialect ?? admin
    }

    func dialect(named name: String) -> (any Dialect)? {
        if name == admin.name { return admin }
        return mounts.first { $0.dialect.name == name }?.dialect
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    static func match(_ pattern: [Substring], _ parts: [Substring]) -> [String: String]? {
        guard pattern.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, part) in zip(pattern, parts) {
            if expected.hasPrefix("{") && expected.hasSuffix("}") {
                parameters[String(expected.dropFirst().dropLast())] = String(part).removingPercentEncoding
            } else if expected != part {
                return nil
            }
        }
        return parameters
    }
}

/// A mint API setup or configuration error.
public struct MintError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    /// The text with `%XX` escapes decoded (invalid escapes are kept as they are).
    public var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = Hex.nibble(iterator[iterator.startIndex]), let low = Hex.nibble(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// An error message as answered: past 1,024 characters (a long value echoed back), its first
    /// 1,000 and how many more there were, so that an answer stays small whatever was sent.
    var clippedMessage: String {
        guard count > 1024 else { return self }
        return String(prefix(1000)) + "… (\(count - 1000) more characters)"
    }
}
