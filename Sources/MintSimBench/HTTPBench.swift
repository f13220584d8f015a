import AsyncHTTPClient
import Foundation
import Hummingbird
import MintSimAPI
import MintSimChain
import MintSimServer
import NIOCore
import NIOHTTP1

/// `--suite http`: mint requests per second against `mintsim serve`'s server on loopback, with
/// `--connections` clients each sending one request after another (keep-alive), and their latency.
/// Each dialect's mint runs on a fresh demo chain, in memory; the clients run in this process, on
/// the same cores as the server.
enum HTTPBench {
    struct Figure {
        let name: String
        let requests: Int
        let seconds: Double
        let p50: Double
        let p99: Double
        let failures: Int
    }

    static func run(connections: Int, seconds: Double, json: Bool) {
        let done = DispatchSemaphore(value: 0)
        let box = FigureBox()
        Task {
            for kind in ["qustody", "immutable", "assets"] {
                if let figure = await measure(kind, connections: connections, seconds: seconds) { box.append(figure) }
            }
            done.signal()
        }
        done.wait()
        // The same requests without HTTP: what the service itself takes.
        for kind in ["qustody", "immutable", "assets"] {
            let chain = Chain(config: MintSetup.demoChainConfig)
            guard let setup = try? MintSetup.demo(on: chain), let api = try? MintAPI(service: MintService(chain: chain, setup: setup)) else { continue }
            api.service.setupOverride(immutableTier: RateTier(name: "Bench", perMinute: 100_000_000, burst: 100_000_000))
            let clock = ContinuousClock()
            var latencies: [Double] = []
            let start = clock.now
            var n = 0
            while clock.now - start < .seconds(seconds / 2) {
                n += 1
                let (path, headers, body) = request(kind, setup: setup, client: 0, n: n)
                let sent = clock.now
                let response = api.handle(
                    APIRequest(method: "POST", path: path, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8)))
                if response.status >= 300 { break }
                let elapsed = clock.now - sent
                latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            let elapsed = clock.now - start
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let sorted = latencies.sorted()
            box.append(
                Figure(
                    name: "\(kind), in process (no HTTP, one at a time)", requests: sorted.count, seconds: wall,
                    p50: sorted.isEmpty ? 0 : sorted[sorted.count / 2], p99: sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
                    failures: 0))
        }
        let figures = box.figures
        if json {
            let rows = figures.map {
                "{\"name\":\"\($0.name)\",\"requests\":\($0.requests),\"perSecond\":\(Int(Double($0.requests) / $0.seconds)),\"p50Ms\":\(String(format: "%.2f", $0.p50)),\"p99Ms\":\(String(format: "%.2f", $0.p99)),\"failures\":\($0.failures)}"
            }
            print("[" + rows.joined(separator: ",") + "]")
            return
        }
        print("HTTP mint requests on loopback, \(connections) connections, \(Int(seconds)) s each")
        print("benchmark".padding(toLength: 50, withPad: " ", startingAt: 0) + "  req/s      p50 ms   p99 ms   failures")
        for figure in figures {
            let rate = String(Int(Double(figure.requests) / figure.seconds))
            print(
                figure.name.padding(toLength: 50, withPad: " ", startingAt: 0) + "  " + rate.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "  %7.2f  %7.2f  %d", figure.p50, figure.p99, figure.failures))
        }
    }

    final class FigureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [Figure] = []
        func append(_ figure: Figure) { lock.withLock { list.append(figure) } }
        var figures: [Figure] { lock.withLock { list } }
    }

    final class PortBox: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Int, Never>?
        private var port: Int?
        func set(_ value: Int) {
            let waiting = lock.withLock { () -> CheckedContinuation<Int, Never>? in
                port = value
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(returning: value)
        }
        func wait() async -> Int {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
                let ready = lock.withLock { () -> Int? in
                    if let port { return port }
                    self.continuation = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// One request of `kind` number `n` from client `client`: path, headers and body.
    static func request(_ kind: String, setup: MintSetup, client: Int, n: Int) -> (String, [(String, String)], String) {
        let owner = "0x9a8e5e21f0c27d2c5c14b6e9bd8e4a0f9c9b4d12"
        switch kind {
        case "qustody":
            let key = setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == "treasury-ops" }?.key ?? ""
            return (
                "/qustody/v1/tokens/token_ghi789/mint", [("X-API-Key", key), ("Idempotency-Key", "bench-\(client)-\(n)")],
                #"{"amount": "1000", "recipient": {"type": "address", "address": "\#(owner)"}}"#
            )
        case "immutable":
            let key = setup.apiKeys.first { $0.dialect == "immutable" && $0.subject == "game-studio" }?.key ?? ""
            let heroes = setup.immutableCollections.first { $0.name == "Heroes" }?.address ?? .zero
            return (
                "/immutable/v1/chains/imtbl-zkevm-testnet/collections/\(heroes)/nfts/mint-requests", [("x-immutable-api-key", key)],
                #"{"assets": [{"reference_id": "bench-\#(client)-\#(n)", "owner_address": "\#(owner)"}]}"#
            )
        default:
            let key = setup.apiKeys.first { $0.dialect == "assets" && $0.subject == "issuer" }?.key ?? ""
            let acme = setup.securityAssets.first?.suite.token ?? .zero
            let alice = setup.account(named: "alice")?.address ?? .zero
            return (
                "/assets/api/token/\(acme)/mint", [("X-Api-Key", key)],
                #"{"recipients": "\#(alice)", "amounts": ["1", 0], "walletVerification": {"secretVerificationCode": "123456", "verificationType": "PINCODE"}}"#
            )
        }
    }

    static func measure(_ kind: String, connections: Int, seconds: Double) async -> Figure? {
        let chain = Chain(config: MintSetup.demoChainConfig)
        guard let setup = try? MintSetup.demo(on: chain), let api = try? MintAPI(service: MintService(chain: chain, setup: setup)) else { return nil }
        if kind == "immutable" {
            // A key with room for the whole run (the demo's tier allows 2,000 at once).
            api.service.setupOverride(immutableTier: RateTier(name: "Bench", perMinute: 100_000_000, burst: 100_000_000))
        }
        let server = MintServer(api: api)
        let ports = PortBox()
        let app = server.application(host: "127.0.0.1", port: 0) { ports.set($0) }
        let serving = Task { try? await app.runService() }
        let port = await ports.wait()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let clock = ContinuousClock()
        // Warm up, then measure for `seconds`.
        for phase in 0..<2 {
            let duration = phase == 0 ? min(1, seconds / 4) : seconds
            let start = clock.now
            let deadline = start + .milliseconds(Int(duration * 1000))
            let results = await withTaskGroup(of: ([Double], Int).self) { group in
                for index in 0..<connections {
                    group.addTask {
                        var latencies: [Double] = []
                        var failures = 0
                        var n = 0
                        while clock.now < deadline {
                            n += 1
                            let (path, headers, body) = request(kind, setup: setup, client: index + 1000 * phase, n: n)
                            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            for (name, value) in headers { request.headers.add(name: name, value: value) }
                            request.body = .bytes(ByteBuffer(string: body))
                            let sent = clock.now
                            do {
                                let response = try await client.execute(request, timeout: .seconds(30))
                                _ = try await response.body.collect(upTo: 1 << 20)
                                if !(200..<300).contains(Int(response.status.code)) { failures += 1 }
                            } catch {
                                failures += 1
                            }
                            let elapsed = clock.now - sent
                            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                        }
                        return (latencies, failures)
                    }
                }
                var all: ([Double], Int) = ([], 0)
                for await result in group {
                    all.0 += result.0
                    all.1 += result.1
                }
                return all
            }
            if phase == 1 {
                let elapsed = clock.now - start
                let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let sorted = results.0.sorted()
                let p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
                let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
                try? await client.shutdown()
                serving.cancel()
                _ = await serving.value
                let name: String
                switch kind {
                case "qustody": name = "qustody mint (1 signed tx + block each)"
                case "immutable": name = "immutable mint-request (1 ERC-721, batched tx)"
                default: name = "assets mint (security token, 1 recipient)"
                }
                return Figure(name: name, requests: sorted.count, seconds: wall, p50: p50, p99: p99, failures: results.1)
            }
        }
        return nil
    }
}
