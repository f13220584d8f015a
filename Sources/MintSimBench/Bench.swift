import CKeccak
import COpenSSL
import CSecp256k1
import Foundation
import MintSimChain
import MintSimPrimitives

/// Micro-benchmarks of the primitives, each next to the library it should be compared with,
/// run in the same process with interleaved rounds so that machine noise hits both sides alike.
///
/// Usage: swift run -c release mintsim-bench [--suite primitives|chain|contracts|security-token|scenario|store|all|profile|profile-blocks|profile-calls|profile-erc20|profile-mints] [--rounds N]
///        [--round-ms MS] [--json] [--steps N] [--scenario FILE] [--emit-scenario FILE] [--query-state FILE]
///        [--query-transactions N]
///
/// `--suite scenario` loads and runs a generated scenario of `--steps` steps (100000 by default; the
/// text `scripts/gen_scenario.py` writes) or the file given with `--scenario`, for 5 rounds unless
/// `--rounds` is given; `--emit-scenario FILE` writes the generated text to FILE and exits.
///
/// `--suite http` (not part of `all`) measures mint requests per second on loopback against the
/// mint API server, with `--connections` clients (32) for `--seconds` (10) per dialect.
/// `--suite store` measures persisted ERC-20 transfers, then queries on a state file of
/// `--query-transactions` transfers (1,000,000) built once at `--query-state` (/tmp/mintsim-bench-1m.sqlite).
@main
enum Bench {
    static func main() {
        var rounds = 15
        var roundMillis = 40.0
        var json = false
        var suite = "all"
        var roundsGiven = false
        var scenarioSteps = 100_000
        var scenarioFile: String?
        var emitScenario: String?
        var queryState = "/tmp/mintsim-bench-1m.sqlite"
        var queryTransactions = 1_000_000
        var connections = 32
        var httpSeconds = 10.0
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--rounds":
                rounds = arguments.next().flatMap(Int.init).map { max($0, 1) } ?? rounds
                roundsGiven = true
            case "--steps": scenarioSteps = arguments.next().flatMap(Int.init).map { max($0, 1) } ?? scenarioSteps
            case "--scenario": scenarioFile = arguments.next()
            case "--emit-scenario": emitScenario = arguments.next()
            case "--query-state": queryState = arguments.next() ?? queryState
            case "--query-transactions": queryTransactions = arguments.next().flatMap(Int.init).map { max($0, 1000) } ?? queryTransactions
            case "--round-ms": roundMillis = arguments.next().flatMap(Double.init).map { max($0, 1) } ?? roundMillis
            case "--json": json = true
            case "--suite": suite = arguments.next() ?? suite
            case "--connections": connections = arguments.next().flatMap(Int.init).map { max($0, 1) } ?? connections
            case "--seconds": httpSeconds = arguments.next().flatMap(Double.init).map { max($0, 1) } ?? httpSeconds
            case "--help", "-h":
                print("usage: mintsim-bench [--suite primitives|chain|contracts|security-token|scenario|store|http|all|profile|profile-blocks|profile-calls|profile-erc20|profile-mints] [--rounds N] [--round-ms MS] [--json] [--steps N] [--scenario FILE] [--emit-scenario FILE] [--query-state FILE] [--query-transactions N] [--connections N] [--seconds S]")
                return
            default:
                FileHandle.standardError.write(Data("error: unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
        if let emitScenario {
            do {
                try ScenarioGenerator.generate(steps: scenarioSteps).write(toFile: emitScenario, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write \(emitScenario): \(error.localizedDescription)\n".utf8))
                exit(2)
            }
            return
        }
        guard ["primitives", "chain", "contracts", "security-token", "scenario", "store", "http", "all", "profile", "profile-blocks", "profile-calls", "profile-erc20", "profile-mints"].contains(suite) else {
            FileHandle.standardError.write(Data("error: --suite must be primitives, chain, contracts, security-token, scenario, store, http, all, profile, profile-blocks, profile-calls, profile-erc20 or profile-mints\n".utf8))
            exit(2)
        }
        var runner = Runner(rounds: rounds, roundSeconds: roundMillis / 1000)
        if suite == "http" {
            HTTPBench.run(connections: connections, seconds: httpSeconds, json: json)
            return
        }
        if suite == "profile" { Runner.profileTransfers(); return }
        if suite == "profile-blocks" { Runner.profileEmptyBlocks(); return }
        if suite == "profile-calls" { Runner.profileCalls(); return }
        if suite == "profile-erc20" { Runner.profileERC20(); return }
        if suite == "profile-mints" { Runner.profileMints(); return }
        if suite == "primitives" || suite == "all" { runner.runAll() }
        if suite == "chain" || suite == "all" { runner.runChain() }
        if suite == "contracts" || suite == "all" { runner.runContracts() }
        if suite == "security-token" || suite == "all" { runner.runSecurityToken() }
        if suite == "store" || suite == "all" {
            runner.runStore()
            runner.runStoreQueries(path: queryState, transactions: queryTransactions)
        }
        if suite == "scenario" || suite == "all" {
            var scenarioRunner = Runner(rounds: roundsGiven ? rounds : 5, roundSeconds: runner.roundSeconds)
            scenarioRunner.runScenario(steps: scenarioSteps, file: scenarioFile)
            runner.results += scenarioRunner.results
            runner.notes += scenarioRunner.notes
        }
        if json { runner.printJSON() } else { runner.printTable() }
    }
}

/// Keeps the optimiser from discarding benchmarked work.
nonisolated(unsafe) var sink: UInt64 = 0

@inline(never)
func consume(_ value: UInt64) { sink &+= value }

struct Measurement {
    let name: String
    let nanosPerOp: [Double]
    var median: Double {
        let sorted = nanosPerOp.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

struct Runner {
    let rounds: Int
    let roundSeconds: Double
    var results: [Measurement] = []
    var ratios: [(String, String, String)] = []  // (label, numerator, denominator)
    /// Lines printed after the table (figures that are not per operation).
    var notes: [String] = []

    init(rounds: Int, roundSeconds: Double) {
        self.rounds = rounds
        self.roundSeconds = roundSeconds
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Times `body(iterations)`, which performs the operation `iterations` times, returning
    /// nanoseconds per operation. The loop lives inside each body so that no closure call or
    /// global access is counted per operation.
    static func time(_ iterations: Int, _ body: (Int) -> Void) -> Double {
        let start = now()
        body(iterations)
        return Double(now() - start) / Double(iterations)
    }

    /// Runs each benchmark of a group for `rounds` interleaved rounds; iterations per round are
    /// calibrated once so that a round lasts about `roundSeconds`.
    mutating func group(_ benchmarks: [(String, (Int) -> Void)]) {
        var iterations: [Int] = []
        for (_, body) in benchmarks {
            body(1000)  // warm up
            var n = 16
            while true {
                let ns = Runner.time(n, body) * Double(n)
                if ns >= roundSeconds * 1e9 / 4 || n >= 1 << 26 {
                    iterations.append(max(1, Int(Double(n) * roundSeconds * 1e9 / max(ns, 1))))
                    break
                }
                n *= 2
            }
        }
        var samples = Array(repeating: [Double](), count: benchmarks.count)
        for _ in 0..<rounds {
            for (i, (_, body)) in benchmarks.enumerated() {
                samples[i].append(Runner.time(iterations[i], body))
            }
        }
        for (i, (name, _)) in benchmarks.enumerated() {
            results.append(Measurement(name: name, nanosPerOp: samples[i]))
        }
    }

    func median(_ name: String) -> Double {
        results.first { $0.name == name }?.median ?? .nan
    }

    mutating func runAll() {
        // Keccak-256 against OpenSSL's SHA3-256 (the same permutation, hand-written assembly).
        guard let md = EVP_sha3_256(), let ctx = EVP_MD_CTX_new() else {
            FileHandle.standardError.write(Data("error: OpenSSL has no SHA3-256\n".utf8))
            exit(1)
        }
        for size in [32, 64, 1024] {
            let input = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var out = [UInt8](repeating: 0, count: 32)
            var length: UInt32 = 32
            group([
                ("keccak256 \(size)B (MintSim)", { n in
                    var acc: UInt64 = 0
                    for _ in 0..<n { acc &+= Keccak256.hash(input).withUnsafeBytes { $0.load(as: UInt64.self) } }
                    consume(acc)
                }),
                ("keccak256 \(size)B (C core)", { n in
                    var acc: UInt64 = 0
                    for _ in 0..<n {
                        mintsim_keccak256(input, input.count, &out)
                        acc &+= (UInt64(out[0]))
                    }
                    consume(acc)
                }),
                ("sha3-256 \(size)B (OpenSSL)", { n in
                    var acc: UInt64 = 0
                    for _ in 0..<n {
                        EVP_DigestInit_ex(ctx, md, nil)
                        EVP_DigestUpdate(ctx, input, input.count)
                        EVP_DigestFinal_ex(ctx, &out, &length)
                        acc &+= (UInt64(out[0]))
                    }
                    consume(acc)
                }),
            ])
            ratios.append(("keccak256 \(size)B / OpenSSL sha3-256", "keccak256 \(size)B (MintSim)", "sha3-256 \(size)B (OpenSSL)"))
        }
        EVP_MD_CTX_free(ctx)

        // secp256k1 against libsecp256k1 called directly.
        let key = try? PrivateKey(hex: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        guard let key, let raw = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { exit(1) }
        let keyBytes = key.bytes
        var digest = Keccak256.hash("mintsim benchmark")
        let signature = key.sign(hash: digest)
        var digestBytes = digest.bytes
        var counter: UInt64 = 0
        group([
            ("secp256k1 sign (MintSim)", { n in
                var acc: UInt64 = 0
                for _ in 0..<n {
                    counter &+= 1
                    digest = Keccak256.hash(digest)
                    acc &+= (UInt64(key.sign(hash: digest).recoveryId))
                }
                consume(acc)
            }),
            ("secp256k1 sign (libsecp256k1)", { n in
                var acc: UInt64 = 0
                for _ in 0..<n {
                    counter &+= 1
                    digestBytes = Keccak256.hash(digestBytes).bytes
                    var sig = secp256k1_ecdsa_recoverable_signature()
                    _ = secp256k1_ecdsa_sign_recoverable(raw, &sig, digestBytes, keyBytes, nil, nil)
                    var compact = [UInt8](repeating: 0, count: 64)
                    var recid: Int32 = 0
                    _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(raw, &compact, &recid, &sig)
                    acc &+= (UInt64(recid))
                }
                consume(acc)
            }),
        ])
        ratios.append(("sign / libsecp256k1", "secp256k1 sign (MintSim)", "secp256k1 sign (libsecp256k1)"))

        let fixedDigest = Keccak256.hash("recover me")
        let fixedSignature = key.sign(hash: fixedDigest)
        let compact = fixedSignature.compact
        let fixedDigestBytes = fixedDigest.bytes
        group([
            ("secp256k1 recover (MintSim)", { n in
                var acc: UInt64 = 0
                for _ in 0..<n {
                    acc &+= ((try? fixedSignature.recoverPublicKey(hash: fixedDigest))?.rawBytes.count.magnitude.toUInt64 ?? 0)
                }
                consume(acc)
            }),
            ("secp256k1 recover (libsecp256k1)", { n in
                var acc: UInt64 = 0
                for _ in 0..<n {
                    var sig = secp256k1_ecdsa_recoverable_signature()
                    _ = secp256k1_ecdsa_recoverable_signature_parse_compact(raw, &sig, compact, Int32(fixedSignature.recoveryId))
                    var pubkey = secp256k1_pubkey()
                    _ = secp256k1_ecdsa_recover(raw, &pubkey, &sig, fixedDigestBytes)
                    var out = [UInt8](repeating: 0, count: 65)
                    var length = 65
                    _ = secp256k1_ec_pubkey_serialize(raw, &out, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
                    acc &+= (UInt64(length))
                }
                consume(acc)
            }),
        ])
        ratios.append(("recover / libsecp256k1", "secp256k1 recover (MintSim)", "secp256k1 recover (libsecp256k1)"))
        secp256k1_context_destroy(raw)
        _ = signature

        // uint256 arithmetic through GMP's mpn layer.
        let a = (try? UInt256("0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210")) ?? .zero
        var b = (try? UInt256("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")) ?? .zero
        let small = UInt256(1_000_003)
        let values: [UInt256] = [a, b, small, a &- small]
        group([
            ("uint256 add (256-bit operands)", { n in
                var x = b
                for _ in 0..<n { x = x.addingReportingOverflow(a).partialValue }
                consume(x.bytes32[31].toUInt64)
            }),
            ("uint256 checked add", { n in
                var x = small
                var acc: UInt64 = 0
                for _ in 0..<n {
                    x = (try? x.adding(small)) ?? small
                    acc &+= x.uint64 ?? 1
                }
                consume(acc)
            }),
            ("uint256 mul (256x256, overflow check)", { n in
                var x = b
                var overflows: UInt64 = 0
                for _ in 0..<n {
                    let (product, overflow) = x.multipliedReportingOverflow(by: a)
                    x = product
                    overflows &+= overflow ? 1 : 0
                }
                consume(overflows &+ x.bytes32[31].toUInt64)
            }),
            ("uint256 compare", { n in
                var acc: UInt64 = 0
                for i in 0..<n { acc &+= values[i & 3] < values[(i >> 2) & 3] ? 1 : 0 }
                consume(acc)
            }),
            ("uint256 div (256 / 64-bit)", { n in
                var acc: UInt64 = 0
                for i in 0..<n { acc &+= values[i & 3].quotientAndRemainder(dividingBy: small)?.remainder.uint64 ?? 0 }
                consume(acc)
            }),
            ("uint256 to decimal string", { n in
                var acc: UInt64 = 0
                for i in 0..<n { acc &+= UInt64(values[i & 3].description.utf8.count) }
                consume(acc)
            }),
        ])
        _ = counter
    }

    func printTable() {
        if results.contains(where: { !$0.name.hasPrefix("scenario ") }) {
            print("MintSim benchmark: medians of \(rounds) rounds of ~\(Int(roundSeconds * 1000)) ms each")
        } else {
            print("MintSim benchmark: medians of whole rounds (see below)")
        }
        print("")
        let width = results.map(\.name.count).max() ?? 20
        for m in results {
            let pad = String(repeating: " ", count: width - m.name.count)
            if m.name.hasSuffix("(bytes)") {
                print("\(m.name)\(pad)  \(String(format: "%10.1f", m.median)) bytes")
            } else {
                let perSecond = m.median > 0 ? 1e9 / m.median : 0
                print("\(m.name)\(pad)  \(String(format: "%10.1f", m.median)) ns/op  \(String(format: "%12.0f", perSecond)) /s")
            }
        }
        if !ratios.isEmpty {
            print("")
            print("Ratios (lower is better for MintSim; 1.00 = same speed):")
            for (label, num, den) in ratios {
                print("  \(label): \(String(format: "%.2f", median(num) / median(den)))×")
            }
        }
        if !notes.isEmpty {
            print("")
            notes.forEach { print($0) }
        }
        print("(sink \(sink % 10))")
    }

    func printJSON() {
        var object: [String: Any] = [:]
        object["rounds"] = rounds
        object["medianNanosPerOp"] = Dictionary(uniqueKeysWithValues: results.map { ($0.name, ($0.median * 10).rounded() / 10) })
        if !notes.isEmpty { object["notes"] = notes }
        object["ratios"] = Dictionary(uniqueKeysWithValues: ratios.map { ($0.0, ((median($0.1) / median($0.2)) * 1000).rounded() / 1000) })
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}

extension UInt8 {
    var toUInt64: UInt64 { UInt64(self) }
}
