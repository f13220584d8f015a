import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MintSimChain
import MintSimPrimitives
import NIOCore
import Testing

@testable import MintSimAPI
@testable import MintSimServer

/// What a local webhook receiver got: each request's headers and body; it answers 500 to the
/// first `failures` attempts of each delivery named in `failing` (every delivery when nil), then 200.
final class Receiver: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [(headers: HTTPFields, body: [UInt8])] = []
    private let failures: Int
    private let failing: Set<String>?
    private var failed: [String: Int] = [:]

    init(failures: Int, failing: Set<String>? = nil) {
        self.failures = failures
        self.failing = failing
    }

    var requests: [(headers: HTTPFields, body: [UInt8])] { lock.withLock { received } }

    func app() -> some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var request = request
            let body = Array((try await request.collectBody(upTo: 1 << 20)).readableBytesView)
            let delivery = request.headers[HTTPField.Name("X-Webhook-Delivery")!] ?? ""
            let fail = self.lock.withLock { () -> Bool in
                self.received.append((request.headers, body))
                guard self.failing?.contains(delivery) ?? true, self.failed[delivery, default: 0] < self.failures else { return false }
                self.failed[delivery, default: 0] += 1
                return true
            }
            return Response(status: fail ? .internalServerError : .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite struct WebhookTests {
    func post(_ server: MintServer, _ path: String, _ body: String, headers: [(name: String, value: String)] = []) -> APIResponse {
        server.api.with { $0.handle(APIRequest(method: "POST", path: path, headers: headers, body: Array(body.utf8))) }
    }

    func get(_ server: MintServer, _ path: String, query: [(name: String, value: String)] = []) -> APIResponse {
        server.api.with { $0.handle(APIRequest(method: "GET", path: path, query: query)) }
    }

    @Test func deliveriesAreSignedRetriedAfterFailuresAndLogged() async throws {
        let (server, setup, _) = try ServerTests.server()
        server.api.with { $0.webhooks.backoffMs = 5 }
        let receiver = Receiver(failures: 2, failing: ["dlv_000001"])
        let opsKey = try #require(setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == "treasury-ops" }).key
        try await receiver.app().test(.live) { client in
            let port = try #require(client.port)
            let registered = post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://127.0.0.1:\#(port)/hook", "secret": "s3cret"}"#)
            #expect(registered.status == 201)
            #expect(registered.json?["signatureHeader"] == .string("X-Qustody-Signature"))
            let minted = post(
                server, "/qustody/v1/tokens/token_ghi789/mint", #"{"amount": "5", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#,
                headers: [("X-API-Key", opsKey), ("Idempotency-Key", "w1")])
            #expect(minted.status == 202)
            await server.deliverer.idle()
        }
        // Two events (mint_requested, minted); the first delivery failed twice before it got through.
        let log = try #require(get(server, "/_mintsim/deliveries").json?["data"]?.arrayValue)
        #expect(log.count == 2)
        #expect(log.map { $0["event"] } == [.string("token.mint_requested"), .string("token.minted")])
        #expect(log.allSatisfy { $0["state"] == .string("delivered") })
        let attempts = log.compactMap { $0["attempts"]?.arrayValue }
        #expect(attempts.map(\.count).reduce(0, +) == 4)
        #expect(attempts[0].map { $0["status"] } == [.number("500"), .number("500"), .number("200")])
        #expect(attempts[1].map { $0["status"] } == [.number("200")])
        let retried = attempts[0]
        #expect(retried.map { $0["delayMs"] } == [.number("0"), .number("5"), .number("10")])
        // Every request carries a valid signature over its exact body.
        let requests = receiver.requests
        #expect(requests.count == 4)
        // One endpoint gets its deliveries in the order of the events: the retried first one holds
        // back the second.
        #expect(requests.map { $0.headers[HTTPField.Name("X-Webhook-Delivery")!] } == ["dlv_000001", "dlv_000001", "dlv_000001", "dlv_000002"])
        for request in requests {
            let signature = request.headers[HTTPField.Name("X-Qustody-Signature")!]
            #expect(signature == Webhooks.signature(request.body, secret: "s3cret"))
            #expect(request.headers[HTTPField.Name("X-Webhook-Event")!]?.hasPrefix("token.") == true)
        }
        // The bodies are the events' deterministic bodies.
        let events = server.api.with { $0.service.events }
        #expect(Set(requests.map(\.body)) == Set(events.map { $0.body.encoded() }))
        #expect(get(server, "/_mintsim/deliveries", query: [("state", "failed")]).json?["data"] == .array([]))
        #expect(get(server, "/_mintsim/deliveries", query: [("state", "lost")]).json?["error"]?["message"]
            == .string("state must be pending, delivered, failed or dropped, got lost"))
    }

    @Test func exhaustedRetriesFailAndDroppedWebhooksAreNeverSent() async throws {
        let (server, setup, _) = try ServerTests.server()
        server.api.with {
            $0.webhooks.backoffMs = 1
            $0.webhooks.maxAttempts = 3
        }
        let receiver = Receiver(failures: 100)
        let key = try #require(setup.apiKeys.first { $0.dialect == "immutable" && $0.subject == "game-studio" }).key
        let heroes = try #require(setup.immutableCollections.first { $0.name == "Heroes" }).address
        try await receiver.app().test(.live) { client in
            let port = try #require(client.port)
            #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "immutable", "url": "http://127.0.0.1:\#(port)/hook"}"#).status == 201)
            #expect(post(server, "/_mintsim/faults", #"{"dropWebhooks": 1}"#).json?["dropWebhooks"] == .number("1"))
            let response = post(
                server, "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                #"{"assets": [{"reference_id": "r1", "owner_address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}]}"#,
                headers: [("x-immutable-api-key", key)])
            #expect(response.status == 202)
            await server.deliverer.idle()
        }
        let log = try #require(get(server, "/_mintsim/deliveries").json?["data"]?.arrayValue)
        #expect(log.map { $0["state"] } == [.string("dropped"), .string("failed")])
        #expect(log[0]["attempts"] == .array([]))
        #expect(log[1]["attempts"]?.arrayValue?.count == 3)
        #expect(receiver.requests.count == 3)
        // The default secret is derived, the same on every machine.
        let endpoint = try #require(get(server, "/_mintsim/webhooks").json?["data"]?.arrayValue?.first)
        #expect(endpoint["secret"]?.stringValue?.hasPrefix("whsec_") == true)
        #expect(receiver.requests.first.map { Webhooks.signature($0.body, secret: endpoint["secret"]?.stringValue ?? "") }
            == receiver.requests.first?.headers[HTTPField.Name("X-Immutable-Signature")!])
    }

    @Test func registrationAndFaultErrors() throws {
        let (server, _, _) = try ServerTests.server()
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "abclab", "url": "http://x"}"#).text
            == #"{"error":{"code":"BAD_REQUEST","message":"dialect must be one of immutable, qustody (the dialects with webhooks), got \"abclab\""}}"#)
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "ftp://x"}"#).json?["error"]?["message"]
            == .string(#"url must be an http:// or https:// URL, got "ftp://x""#))
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://"}"#).json?["error"]?["message"]
            == .string(#"url must be an http:// or https:// URL, got "http://""#))
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://x:99999/"}"#).json?["error"]?["message"]
            == .string(#"url must be an http:// or https:// URL, got "http://x:99999/""#))
        // One endpoint per dialect and URL: the same again answers it; another secret is a conflict.
        let first = post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://127.0.0.1:9/h", "secret": "s1"}"#)
        #expect(first.status == 201)
        let again = post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://127.0.0.1:9/h"}"#)
        #expect(again.status == 200)
        #expect(again.body == first.body)
        let other = post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://127.0.0.1:9/h", "secret": "s2"}"#)
        #expect(other.status == 409)
        #expect(other.json?["error"]?["message"]
            == .string("http://127.0.0.1:9/h is already the qustody endpoint wh_001, with another secret; one endpoint per dialect and URL"))
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "immutable", "url": "http://127.0.0.1:9/h"}"#).status == 201)
        #expect(get(server, "/_mintsim/webhooks").json?["data"]?.arrayValue?.count == 2)
        #expect(post(server, "/_mintsim/webhooks", #"{"dialect": "qustody", "url": "http://example.test", "secret": ""}"#).json?["error"]?["message"]
            == .string("secret must be a non-empty string"))
        #expect(post(server, "/_mintsim/faults", #"{"failNext": {"count": 0}}"#).json?["error"]?["message"]
            == .string("failNext.count must be an integer from 1 to 1000000, got 0"))
        #expect(post(server, "/_mintsim/faults", #"{"failNext": {"count": 1, "status": 200}}"#).json?["error"]?["message"]
            == .string("failNext.status must be an integer from 400 to 599, got 200"))
        #expect(post(server, "/_mintsim/faults", #"{"failNext": {"count": 1, "dialect": "x"}}"#).json?["error"]?["message"]
            == .string(#"failNext.dialect must be one of assets, abclab, immutable, qustody, got "x""#))
        #expect(post(server, "/_mintsim/faults", #"{"holdConfirmations": "yes"}"#).json?["error"]?["message"]
            == .string(#"holdConfirmations must be true or false, got "yes""#))
        #expect(post(server, "/_mintsim/faults", #"{"delayWebhooksMs": -1}"#).json?["error"]?["message"]
            == .string("delayWebhooksMs must be an integer from 0 to 600000, got -1"))
    }
}

extension APIResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}
