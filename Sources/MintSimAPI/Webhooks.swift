import MintSimPrimitives

/// Registered webhook endpoints and the delivery log. Each event a dialect raises becomes one
/// delivery per endpoint of that dialect: the event's body as it is (deterministic bytes), signed
/// with HMAC-SHA256 under the endpoint's secret. The server's deliverer POSTs them and records
/// each attempt here; failures are retried with exponential backoff.
public final class Webhooks {
    public struct Endpoint: Sendable, Equatable {
        public let id: String
        public let dialect: String
        public let url: String
        public let secret: String
    }

    public struct Attempt: Sendable, Equatable {
        public let number: Int
        /// The milliseconds waited before this attempt (backoff and injected delay).
        public let delayMs: Int
        /// The receiver's status, or nil when the request failed.
        public let status: Int?
        public let error: String?
    }

    public enum State: String, Sendable {
        case pending, delivered, failed, dropped
    }

    public struct Delivery: Sendable {
        public let id: String
        public let eventID: Int
        public let event: String
        public let dialect: String
        public let endpointID: String
        public let url: String
        public let body: [UInt8]
        /// The headers sent besides Content-Type: the signature, event name and delivery id.
        public let headers: [(name: String, value: String)]
        public internal(set) var state: State
        public internal(set) var attempts: [Attempt]
    }

    public internal(set) var endpoints: [Endpoint] = []
    public internal(set) var deliveries: [Delivery] = []
    /// What changed since the records were last taken (see `Records.swift`).
    var changedEndpoints = Set<String>()
    var changedDeliveries = Set<Int>()
    var restored: (endpoints: [Endpoint], deliveries: [Delivery]) = ([], [])
    /// Attempts per delivery before it is `failed`.
    public var maxAttempts = 5
    /// The first retry waits this long; each later one twice the one before.
    public var backoffMs = 500
    /// Faults: drop the next N deliveries (logged as `dropped`, never sent); delay every first attempt.
    public var dropNext = 0
    public var delayMs = 0
    /// Called with each new delivery's index and endpoint id (the server's deliverer queues it).
    public var onQueued: ((_ index: Int, _ endpointID: String) -> Void)?

    public init() {}

    /// The header carrying `sha256=<hex HMAC>` for each dialect.
    public static func signatureHeader(_ dialect: String) -> String {
        switch dialect {
        case "immutable": return "X-Immutable-Signature"
        case "qustody": return "X-Qustody-Signature"
        default: return "X-MintSim-Signature"
        }
    }

    public static func signature(_ body: [UInt8], secret: String) -> String {
        "sha256=" + Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: body), prefix: false)
    }

    /// Registers an endpoint; without a secret, one derived from the dialect and URL.
    @discardableResult
    public func register(dialect: String, url: String, secret: String?) -> Endpoint {
        let id = "wh_" + String(endpoints.count + 1).leftPadded(to: 3)
        let key = secret ?? "whsec_" + Hex.encode(Keccak256.hash(Array("mintsim:webhook:\(dialect):\(url)".utf8)).bytes.prefix(16), prefix: false)
        let endpoint = Endpoint(id: id, dialect: dialect, url: url, secret: key)
        endpoints.append(endpoint)
        changedEndpoints.insert(id)
        return endpoint
    }

    /// One delivery per endpoint of the event's dialect.
    func queue(_ event: MintService.Event) {
        for endpoint in endpoints where endpoint.dialect == event.dialect {
            let body = event.body.encoded()
            let id = "dlv_" + String(deliveries.count + 1).leftPadded(to: 6)
            var delivery = Delivery(
                id: id, eventID: event.id, event: event.name, dialect: event.dialect, endpointID: endpoint.id, url: endpoint.url, body: body,
                headers: [
                    (Self.signatureHeader(event.dialect), Self.signature(body, secret: endpoint.secret)), ("X-Webhook-Event", event.name),
                    ("X-Webhook-Delivery", id),
                ], state: .pending, attempts: [])
            changedDeliveries.insert(deliveries.count)
            if dropNext > 0 {
                dropNext -= 1
                delivery.state = .dropped
                deliveries.append(delivery)
                continue
            }
            deliveries.append(delivery)
            onQueued?(deliveries.count - 1, endpoint.id)
        }
    }

    /// The wait before attempt `number` (1-based): the injected delay first, then the backoff.
    public func delay(beforeAttempt number: Int) -> Int {
        number <= 1 ? delayMs : backoffMs << min(number - 2, 20)
    }

    /// Records an attempt's outcome; answers whether another attempt follows.
    public func record(_ index: Int, status: Int?, error: String?, delayMs: Int) -> Bool {
        guard deliveries.indices.contains(index) else { return false }
        changedDeliveries.insert(index)
        let number = deliveries[index].attempts.count + 1
        deliveries[index].attempts.append(Attempt(number: number, delayMs: delayMs, status: status, error: error))
        if let status, (200..<300).contains(status) {
            deliveries[index].state = .delivered
            return false
        }
        if number >= maxAttempts {
            deliveries[index].state = .failed
            return false
        }
        return true
    }

    public var pendingCount: Int { deliveries.filter { $0.state == .pending }.count }

    /// The deliveries still pending, oldest first (after a restart, the server starts them again).
    public var pendingIndices: [Int] { deliveries.indices.filter { deliveries[$0].state == .pending } }

    /// The pending deliveries with their endpoints, oldest first.
    public var pendingDeliveries: [(index: Int, endpointID: String)] {
        pendingIndices.map { ($0, deliveries[$0].endpointID) }
    }

    func json(_ delivery: Delivery) -> JSON {
        .obj([
            "id": .string(delivery.id), "eventId": .int(delivery.eventID), "event": .string(delivery.event), "dialect": .string(delivery.dialect),
            "endpointId": .string(delivery.endpointID), "url": .string(delivery.url), "state": .string(delivery.state.rawValue),
            "headers": .object(JSONObject(delivery.headers.map { ($0.name, .string($0.value)) })),
            "body": .string(String(decoding: delivery.body, as: UTF8.self)),
            "attempts": .array(delivery.attempts.map { attempt in
                .obj([
                    "number": .int(attempt.number), "delayMs": .int(attempt.delayMs), "status": attempt.status.map { .int($0) } ?? .null,
                    "error": attempt.error.map { .string($0) } ?? .null,
                ])
            }),
        ])
    }
}
