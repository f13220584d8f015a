import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MintSimStore
import Testing

/// `mintsim serve --state` killed with SIGKILL during a mint load and restarted.
@Suite struct ServeStateTests {
    /// A running `mintsim serve` and the port it listens on.
    struct Server {
        let process: Process
        let port: Int
        let banner: String

        static func start(_ arguments: [String]) throws -> Server {
            let process = Process()
            process.executableURL = try mintsimBinary()
            process.arguments = ["serve", "--port", "0"] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            while !text.contains("Listening on http://127.0.0.1:") || !text.hasSuffix("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let last = text.split(separator: "\n").last, let port = Int(last.split(separator: ":").last ?? "") else {
                process.terminate()
                throw CLIRunnerError(message: "mintsim serve did not start: \(text)")
            }
            return Server(process: process, port: port, banner: text)
        }
    }

    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var confirmed: [(key: String, operation: String, hash: String, amount: Int)] = []
        var stop = false
        /// Answers other than a confirmed operation (none are expected).
        var unexpected: [String] = []
    }

    /// An empty folder of this process's own, under the temporary directory.
    static func scratch(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test func everyMintThatGotASuccessResponseSurvivesSIGKILL() throws {
        let directory = try Self.scratch("mintsim-serve-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("serve.sqlite").path
        let results = Results()
        var key = ""
        // Kill points: after this many confirmed mints in each round (varied, fixed).
        let rounds = [37, 5, 120, 64, 1, 90]
        for (round, target) in rounds.enumerated() {
            let server = try Server.start(["--state", state])
            if key.isEmpty {
                key = server.banner.split(separator: "\n").first { $0.contains("treasury-ops: key ") }
                    .map { String($0.split(separator: " ")[2].dropLast()) } ?? ""
                try #require(key.hasPrefix("qk_test_"))
            }
            let start = results.lock.withLock { results.confirmed.count }
            results.lock.withLock { results.stop = false }
            let apiKey = key
            let group = DispatchGroup()
            for client in 0..<4 {
                group.enter()
                DispatchQueue.global().async {
                    defer { group.leave() }
                    var n = 0
                    while !results.lock.withLock({ results.stop }) {
                        n += 1
                        let idempotencyKey = "r\(round)-c\(client)-\(n)"
                        let amount = client + 1
                        guard
                            let answer = try? httpRequest(
                                port: server.port, method: "POST", path: "/qustody/v1/tokens/token_ghi789/mint",
                                headers: ["X-API-Key": apiKey, "Idempotency-Key": idempotencyKey, "Content-Type": "application/json"],
                                body: #"{"amount": "\#(amount)", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#)
                        else { return }
                        guard answer.status == 202, let operation = Self.json(answer.body), operation["status"] as? String == "CONFIRMED",
                            let id = operation["id"] as? String, let hash = operation["transactionHash"] as? String
                        else {
                            results.lock.withLock {
                                results.unexpected.append("\(answer.status) \(answer.body)")
                                results.stop = true
                            }
                            kill(server.process.processIdentifier, SIGKILL)
                            return
                        }
                        let reached = results.lock.withLock { () -> Bool in
                            results.confirmed.append((idempotencyKey, id, hash, amount))
                            return results.confirmed.count - start >= target
                        }
                        if reached {
                            // Kill at once, with the other clients' requests in flight.
                            kill(server.process.processIdentifier, SIGKILL)
                            results.lock.withLock { results.stop = true }
                        }
                    }
                }
            }
            group.wait()
            server.process.waitUntilExit()
            #expect(results.unexpected.isEmpty, "round \(round): \(results.unexpected.prefix(3))")
            if !results.unexpected.isEmpty { return }
            #expect(server.process.terminationReason == .uncaughtSignal, "round \(round)")
        }

        // The file is whole, and every confirmed mint is there, once.
        let file = try StateFile(path: state, mode: .readWrite)
        _ = try file.chain()
        _ = try file.checkIntegrity()
        let server = try Server.start(["--state", state])
        defer {
            kill(server.process.processIdentifier, SIGTERM)
            server.process.waitUntilExit()
        }
        let confirmed = results.confirmed
        #expect(confirmed.count >= rounds.reduce(0, +))
        for mint in confirmed {
            let answer = try httpRequest(port: server.port, method: "GET", path: "/qustody/v1/operations/\(mint.operation)", headers: ["X-API-Key": key])
            let operation = Self.json(answer.body)
            #expect(operation?["status"] as? String == "CONFIRMED", "\(mint.operation)")
            #expect(operation?["transactionHash"] as? String == mint.hash, "\(mint.operation)")
            #expect(operation?["idempotencyKey"] as? String == mint.key, "\(mint.operation)")
        }
        // A retry of a confirmed mint answers it again instead of minting twice.
        if let first = confirmed.first {
            let replay = try httpRequest(
                port: server.port, method: "POST", path: "/qustody/v1/tokens/token_ghi789/mint",
                headers: ["X-API-Key": key, "Idempotency-Key": first.key, "Content-Type": "application/json"],
                body: #"{"amount": "\#(first.amount)", "recipient": {"type": "vaultAccountId", "vaultAccountId": "vault_123"}}"#)
            #expect(Self.json(replay.body)?["id"] as? String == first.operation)
        }
        // The supply is exactly what the confirmed operations the server knows add up to.
        let operations = Self.json(
            try httpRequest(port: server.port, method: "GET", path: "/qustody/v1/tokens/token_ghi789/operations", headers: ["X-API-Key": key]).body)
        let list = (operations?["data"] as? [[String: Any]]) ?? []
        let sum = list.filter { $0["status"] as? String == "CONFIRMED" }.compactMap { Int($0["amount"] as? String ?? "") }.reduce(0, +)
        #expect(sum >= confirmed.map(\.amount).reduce(0, +))
        let token = Self.json(try httpRequest(port: server.port, method: "GET", path: "/qustody/v1/tokens/token_ghi789", headers: ["X-API-Key": key]).body)
        #expect(token?["totalSupply"] as? String == String(sum))
    }

    /// A webhook receiver that answers 503 until opened, then 200; it keeps what it answered.
    final class Receiver: @unchecked Sendable {
        let lock = NSLock()
        var open = false
        var answered: [(delivery: String, status: Int, body: String)] = []

        func app() -> some ApplicationProtocol {
            let router = Router()
            router.post("/hook") { request, _ -> Response in
                var request = request
                let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
                let delivery = request.headers[HTTPField.Name("X-Webhook-Delivery")!] ?? ""
                let status = self.lock.withLock { () -> Int in
                    let status = self.open ? 200 : 503
                    self.answered.append((delivery, status, body))
                    return status
                }
                return Response(status: .init(code: status))
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        }
    }

    @Test func deliveriesLeftPendingBySIGKILLGoOnInOrderAndOnce() async throws {
        let directory = try Self.scratch("mintsim-serve-webhooks")
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("serve.sqlite").path
        let receiver = Receiver()
        try await receiver.app().test(.live) { client in
            let hook = "http://127.0.0.1:\(try #require(client.port))/hook"
            var server = try Server.start(["--state", state])
            let setup = try #require(Self.json(try httpRequest(port: server.port, method: "GET", path: "/_mintsim/setup").body))
            let contracts = try #require(setup["contracts"] as? [[String: Any]])
            let heroes = try #require(contracts.first { $0["name"] as? String == "Heroes" }?["address"] as? String)
            let immutable = (setup["dialects"] as? [String: Any])?["immutable"] as? [String: Any]
            let key = try #require((immutable?["keys"] as? [[String: Any]])?.first?["apiKey"] as? String)
            let json = ["Content-Type": "application/json"]
            #expect(try httpRequest(port: server.port, method: "POST", path: "/_mintsim/webhooks", headers: json, body: #"{"dialect": "immutable", "url": "\#(hook)"}"#).status == 201)
            #expect(try httpRequest(port: server.port, method: "POST", path: "/_mintsim/faults", headers: json, body: #"{"holdConfirmations": true, "delayWebhooksMs": 600000}"#).status == 200)
            for reference in ["h1", "h2"] {
                let answer = try httpRequest(
                    port: server.port, method: "POST", path: "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests",
                    headers: json.merging(["x-immutable-api-key": key]) { $1 },
                    body: #"{"assets": [{"reference_id": "\#(reference)", "owner_address": "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"}]}"#)
                #expect(answer.status == 202)
            }
            // Killed with both "pending" events undelivered (their first attempt waits ten minutes, so no
            // request is in flight: one would arrive twice, deliveries being at least once) and both
            // requests held. Faults are not kept in the file: the restarted server sends at once.
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            receiver.lock.withLock { receiver.open = true }
            server = try Server.start(["--state", state])
            defer {
                kill(server.process.processIdentifier, SIGTERM)
                server.process.waitUntilExit()
            }
            // Wait (polling, bounded) until no delivery is pending.
            var pending = 1
            for _ in 0..<600 where pending > 0 {
                let log = Self.json(try httpRequest(port: server.port, method: "GET", path: "/_mintsim/deliveries?state=pending").body)
                pending = (log?["data"] as? [Any])?.count ?? 1
                if pending > 0 { usleep(50_000) }
            }
            #expect(pending == 0)
            let delivered = receiver.lock.withLock { receiver.answered.filter { $0.status == 200 } }
            // Each delivery once, the events in the order they were raised: both pending, then both succeeded.
            #expect(delivered.map(\.delivery) == ["dlv_000001", "dlv_000002", "dlv_000003", "dlv_000004"])
            let events = delivered.map { Self.json($0.body)?["data"] as? [String: Any] }
            #expect(events.map { $0?["reference_id"] as? String } == ["h1", "h2", "h1", "h2"])
            #expect(events.map { $0?["status"] as? String } == ["pending", "pending", "succeeded", "succeeded"])
        }
    }

    @Test func stateFileErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-serve-state-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.txt").path
        try "hello".write(toFile: text, atomically: true, encoding: .utf8)
        var result = try mintsim("serve", "--state", text)
        #expect(result.status == 3)
        #expect(result.stderr == "error: \(text) is not an SQLite database (it does not start with the SQLite header)\n")
        // A chain that `mintsim run` made is not the demo's.
        let scenario = directory.appendingPathComponent("s.yaml").path
        try """
            name: other chain
            accounts: [owner, holder]
            contracts:
              T: { kind: erc20, from: owner, args: { name: T, symbol: T } }
            steps:
              - mint: { token: T, to: holder, amount: "5" }
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let chainFile = directory.appendingPathComponent("run.sqlite").path
        result = try mintsim("run", "--quiet", "--state", chainFile, scenario)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        result = try mintsim("serve", "--state", chainFile)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("error: \(chainFile) holds a chain that mintsim serve did not set up with the demo: no security-token ACME at 0x"))
    }
}
