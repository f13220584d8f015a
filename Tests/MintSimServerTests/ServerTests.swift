import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MintSimAPI
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
        let mounted = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
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
