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

/// The Hummingbird server: routes as the OpenAPI document describes them, the dialects' answers
/// through the router, and requests over a real listening socket.
@Suite struct ServerTests {
    static let alice = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"

    static func server(only: String? = nil) throws -> (MintServer, MintSetup, Chain) {
        let chain = Chain(config: MintSetup.demoChainConfig)
        let setup = try MintSetup.demo(on: chain)
        let api = try MintAPI(service: MintService(chain: chain, setup: setup), only: only)
        return (MintServer(api: api), setup, chain)
    }

    static func json(_ response: TestResponse) -> JSON? { try? JSON.parse(Array(response.body.readableBytesView)) }
    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func everyMountedRouteIsInTheOpenAPIDocumentAndNoOther() async throws {
        let (server, _, _) = try Self.server()
        let router = server.router()
        // HEAD is each GET route without the body, not a route of its own.
        let mounted = Set(router.routes.filter { $0.method != .head }.map { "\($0.method.rawValue) \($0.path.description)" })
        let document = try #require(server.api.with { OpenAPI.document($0) }.objectValue)
        var documented = Set<String>()
        for (path, item) in document["paths"]?.objectValue?.members ?? [] {
            for (method, _) in item.objectValue?.members ?? [] { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(mounted == documented)
        #expect(mounted.contains("POST /assets/api/token/{tokenAddress}/mint"))
        #expect(mounted.contains("POST /abclab/api/tokens/mint"))
        #expect(mounted.contains("GET /openapi.json"))
        try router.validate()
    }

    @Test func seedExamplesThroughTheRouter() async throws {
        let (server, setup, _) = try Self.server()
        let app = Application(router: server.router())
        let acme = try #require(setup.contracts.first { $0.name == "ACME" }).address
        let key = try #require(setup.apiKeys.first { $0.subject == "issuer" }).key
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/abclab/api/tokens/mint", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"asset_id": "UKGILT2030", "amount": 100, "recipient_wallet_address": "\#(Self.alice)"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response) == #"{"status":"success","token_id":"TOKEN-12345","asset_id":"UKGILT2030","amount":100,"assigned_to":"\#(Self.alice)"}"#)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            }
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[HTTPField.Name("X-Api-Key")!] = key
            let body = """
                {
                "recipients": "\(Self.alice)",
                "amounts": ["1000000000000000000000", 18],
                "walletVerification": {
                "secretVerificationCode": "123456",
                "verificationType": "PINCODE"
                }
                }
                """
            try await client.execute(uri: "/assets/api/token/\(acme)/mint", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response)?["totalSupply"] == .string(#"["1000000000000000000000",18]"#))
            }
        }
    }

    @Test func headIsAnsweredAsGetWithoutTheBody() async throws {
        let (server, setup, _) = try Self.server()
        let key = try #require(setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == "auditor" }).key
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            headers[HTTPField.Name("X-API-Key")!] = key
            let length = try await client.execute(uri: "/qustody/v1/tokens/token_abc123", method: .get, headers: headers) { response in
                response.body.readableBytes
            }
            #expect(length > 0)
            try await client.execute(uri: "/qustody/v1/tokens/token_abc123", method: .head, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == String(length))
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            }
            try await client.execute(uri: "/qustody/v1/tokens/token_nope", method: .head, headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
            // HEAD of a POST-only route: 405, as GET is.
            try await client.execute(uri: "/abclab/api/tokens/mint", method: .head) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
        let inProcess = server.api.with { $0.handle(APIRequest(method: "HEAD", path: "/_mintsim/setup")) }
        #expect(inProcess.status == 200)
        #expect(inProcess.body.isEmpty)
    }

    @Test func whatNoRouteTakesIsAnsweredInTheDialectsShape() async throws {
        let (server, _, _) = try Self.server()
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/abclab/api/tokens/mint", method: .get) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(Self.text(response) == #"{"status":"error","error_code":"METHOD_NOT_ALLOWED","message":"GET is not allowed on /abclab/api/tokens/mint"}"#)
            }
            try await client.execute(uri: "/assets/api/token", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response)?["message"] == .string("no route GET /assets/api/token"))
            }
            try await client.execute(uri: "/nowhere?x=1", method: .post) { response in
                #expect(response.status == .notFound)
                #expect(Self.text(response) == #"{"error":{"code":"NOT_FOUND","message":"no route POST /nowhere"}}"#)
            }
            let big = ByteBuffer(repeating: UInt8(ascii: "x"), count: MintAPI.maxBodySize + 1)
            try await client.execute(uri: "/abclab/api/tokens/mint", method: .post, body: big) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.text(response) == #"{"status":"error","error_code":"PAYLOAD_TOO_LARGE","message":"the request body exceeds 1048576 bytes"}"#)
            }
        }
    }

    @Test func listeningServerAnswersConcurrentClientsInOneOrder() async throws {
        let (server, setup, chain) = try Self.server()
        let app = server.application(host: "127.0.0.1", port: 0)
        let acme = try #require(setup.contracts.first { $0.name == "ACME" }).address
        let key = try #require(setup.apiKeys.first { $0.subject == "issuer" }).key
        let investors = ["alice", "bob", "carol"].compactMap { name in setup.accounts.first { $0.name == name }?.address }
        let clients = 16
        let mintsPerClient = 5
        try await app.test(.live) { client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<clients {
                    group.addTask {
                        var ok = 0
                        for round in 0..<mintsPerClient {
                            var headers: HTTPFields = [.contentType: "application/json"]
                            headers[HTTPField.Name("X-Api-Key")!] = key
                            let recipient = investors[(index + round) % investors.count]
                            let body = #"{"recipients": "\#(recipient)", "amounts": ["\#(index + 1)", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}}"#
                            let status = try await client.execute(
                                uri: "/assets/api/token/\(acme)/mint", method: .post, headers: headers, body: ByteBuffer(string: body)
                            ) { $0.status }
                            if status == .ok { ok += 1 }
                        }
                        return ok
                    }
                }
                var succeeded = 0
                for try await ok in group { succeeded += ok }
                #expect(succeeded == clients * mintsPerClient)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response)?["openapi"] == .string("3.1.0"))
            }
        }
        // Each client minted (index + 1) tokens five times.
        let expected = (1...clients).reduce(0) { $0 + $1 * mintsPerClient }
        let supply = try chain.call(acme, "totalSupply()(uint256)").first
        #expect(supply == .uint(try UInt256(amount: String(expected), decimals: 18)))
    }
}

/// 64 clients against the listening server: distinct Idempotency-Keys all execute, exactly once
/// each; one key sent by 64 clients at once executes once.
@Suite struct ConcurrencyTests {
    @Test func sixtyFourClientsTimesTwoHundredMintsAllSucceedWithAnExactSupply() async throws {
        let (server, setup, chain) = try ServerTests.server()
        let app = server.application(host: "127.0.0.1", port: 0)
        let token = try #require(setup.qustodyTokens.first { $0.id == "token_ghi789" }?.contract)
        let key = try #require(setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == "treasury-ops" }).key
        let clients = 64
        let mints = 200
        try await app.test(.live) { client in
            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for index in 0..<clients {
                    group.addTask {
                        var statuses: [HTTPResponse.Status] = []
                        for round in 0..<mints {
                            var headers: HTTPFields = [.contentType: "application/json"]
                            headers[HTTPField.Name("X-API-Key")!] = key
                            headers[HTTPField.Name("Idempotency-Key")!] = "client-\(index)-mint-\(round)"
                            let body = #"{"amount": "\#(index + 1)", "recipient": {"type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}}"#
                            statuses.append(
                                try await client.execute(
                                    uri: "/qustody/v1/tokens/token_ghi789/mint", method: .post, headers: headers, body: ByteBuffer(string: body)
                                ) { $0.status })
                        }
                        return statuses
                    }
                }
                var all: [HTTPResponse.Status] = []
                for try await statuses in group { all += statuses }
                return all
            }
            #expect(statuses.count == clients * mints)
            #expect(statuses.allSatisfy { $0 == .accepted })
        }
        // Client i minted (i + 1) two hundred times.
        let expected = UInt64(mints * (1...clients).reduce(0, +))
        #expect(try chain.call(token, "totalSupply()(uint256)").first == .uint(UInt256(expected)))
        let operations = server.api.with { api in api.mounts.compactMap { $0.dialect as? QustodyDialect }.first?.operations.count }
        #expect(operations == clients * mints)
    }

    @Test func oneIdempotencyKeySentByManyClientsAtOnceExecutesOnce() async throws {
        let (server, setup, chain) = try ServerTests.server()
        let app = server.application(host: "127.0.0.1", port: 0)
        let token = try #require(setup.qustodyTokens.first { $0.id == "token_ghi789" }?.contract)
        let key = try #require(setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == "treasury-ops" }).key
        let immutableKey = try #require(setup.apiKeys.first { $0.dialect == "immutable" && $0.subject == "game-studio" }).key
        let heroes = try #require(setup.immutableCollections.first { $0.name == "Heroes" }).address
        try await app.test(.live) { client in
            let bodies = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        var headers: HTTPFields = [.contentType: "application/json"]
                        headers[HTTPField.Name("X-API-Key")!] = key
                        headers[HTTPField.Name("Idempotency-Key")!] = "the-one-mint"
                        let body = #"{"amount": "1000", "recipient": {"type": "address", "address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}}"#
                        return try await client.execute(
                            uri: "/qustody/v1/tokens/token_ghi789/mint", method: .post, headers: headers, body: ByteBuffer(string: body)
                        ) { ($0.status, String(buffer: $0.body)) }
                    }
                }
                var all: [(HTTPResponse.Status, String)] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            #expect(bodies.allSatisfy { $0.0 == .accepted })
            #expect(Set(bodies.map(\.1)).count == 1)  // every client got the same operation
            // One reference_id from 64 clients: one request, 63 conflicts.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        var headers: HTTPFields = [.contentType: "application/json"]
                        headers[HTTPField.Name("x-immutable-api-key")!] = immutableKey
                        let body = #"{"assets": [{"reference_id": "only-once", "owner_address": "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"}]}"#
                        return try await client.execute(
                            uri: "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests", method: .post,
                            headers: headers, body: ByteBuffer(string: body)
                        ) { $0.status }
                    }
                }
                var all: [HTTPResponse.Status] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.filter { $0 == .accepted }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 63)
        }
        #expect(try chain.call(token, "totalSupply()(uint256)").first == .uint(1000))
        #expect(try chain.call(heroes, "totalSupply()(uint256)").first == .uint(1))
    }
}
