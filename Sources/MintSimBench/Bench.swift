import CKeccak
import COpenSSL
import CSecp256k1
import Foundation
import MintSimPrimitives

/// Micro-benchmarks of the primitives, each next to the library it should be compared with,
/// run in the same process with interleaved rounds so that machine noise hits both sides alike.
///
/// Usage: swift run -c release mintsim-bench [--rounds N] [--round-ms MS] [--json]
@main
enum Bench {
    static func main() {
        var rounds = 15
        var roundMillis = 40.0
        var json = false
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--rounds": rounds = arguments.next().flatMap(Int.init).map { max($0, 1) } ?? rounds
            case "--round-ms": roundMillis = arguments.next().flatMap(Double.init).map { max($0, 1) } ?? roundMillis
            case "--json": json = true
            case "--help", "-h":
                print("usage: mintsim-bench [--rounds N] [--round-ms MS] [--json]")
                return
            default:
                FileHandle.standardError.write(Data("error: unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
        var runner = Runner(rounds: rounds, roundSeconds: roundMillis / 1000)
        runner.runAll()
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

    init(rounds: Int, roundSeconds: Double) {
        self.rounds = rounds
        self.roundSeconds = roundSeconds
    }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Times `iterations` calls of `body`, returning nanoseconds per call.
    static func time(_ iterations: Int, _ body: () -> Void) -> Double {
        let start = now()
        for _ in 0..<iterations { body() }
        return Double(now() - start) / Double(iterations)
    }

    /// Runs each benchmark of a group for `rounds` interleaved rounds; iterations per round are
    /// calibrated once so that a round lasts about `roundSeconds`.
    mutating func group(_ benchmarks: [(String, () -> Void)]) {
        var iterations: [Int] = []
        for (_, body) in benchmarks {
            for _ in 0..<1000 { body() }  // warm up
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
                ("keccak256 \(size)B (MintSim)", { consume(Keccak256.hash(input).bytes.withUnsafeBytes { $0.load(as: UInt64.self) }) }),
                ("keccak256 \(size)B (C core)", {
                    mintsim_keccak256(input, input.count, &out)
                    consume(UInt64(out[0]))
                }),
                ("sha3-256 \(size)B (OpenSSL)", {
                    EVP_DigestInit_ex(ctx, md, nil)
                    EVP_DigestUpdate(ctx, input, input.count)
                    EVP_DigestFinal_ex(ctx, &out, &length)
                    consume(UInt64(out[0]))
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
            ("secp256k1 sign (MintSim)", {
                counter &+= 1
                digest = Keccak256.hash(digest)
                consume(UInt64(key.sign(hash: digest).recoveryId))
            }),
            ("secp256k1 sign (libsecp256k1)", {
                counter &+= 1
                digestBytes = Keccak256.hash(digestBytes).bytes
                var sig = secp256k1_ecdsa_recoverable_signature()
                _ = secp256k1_ecdsa_sign_recoverable(raw, &sig, digestBytes, keyBytes, nil, nil)
                var compact = [UInt8](repeating: 0, count: 64)
                var recid: Int32 = 0
                _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(raw, &compact, &recid, &sig)
                consume(UInt64(recid))
            }),
        ])
        ratios.append(("sign / libsecp256k1", "secp256k1 sign (MintSim)", "secp256k1 sign (libsecp256k1)"))

        let fixedDigest = Keccak256.hash("recover me")
        let fixedSignature = key.sign(hash: fixedDigest)
        let compact = fixedSignature.compact
        let fixedDigestBytes = fixedDigest.bytes
        group([
            ("secp256k1 recover (MintSim)", {
                consume((try? fixedSignature.recoverPublicKey(hash: fixedDigest))?.rawBytes.count.magnitude.toUInt64 ?? 0)
            }),
            ("secp256k1 recover (libsecp256k1)", {
                var sig = secp256k1_ecdsa_recoverable_signature()
                _ = secp256k1_ecdsa_recoverable_signature_parse_compact(raw, &sig, compact, Int32(fixedSignature.recoveryId))
                var pubkey = secp256k1_pubkey()
                _ = secp256k1_ecdsa_recover(raw, &pubkey, &sig, fixedDigestBytes)
                var out = [UInt8](repeating: 0, count: 65)
                var length = 65
                _ = secp256k1_ec_pubkey_serialize(raw, &out, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
                consume(UInt64(length))
            }),
        ])
        ratios.append(("recover / libsecp256k1", "secp256k1 recover (MintSim)", "secp256k1 recover (libsecp256k1)"))
        secp256k1_context_destroy(raw)
        _ = signature

        // uint256 arithmetic through GMP's mpn layer.
        let a = (try? UInt256("0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210")) ?? .zero
        var b = (try? UInt256("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")) ?? .zero
        let small = UInt256(1_000_003)
        group([
            ("uint256 add (256-bit operands)", {
                b = b.addingReportingOverflow(a).partialValue
                consume(b.uint64 ?? 1)
            }),
            ("uint256 checked add", {
                b = (try? small.adding(b)) ?? small
                consume(b.uint64 ?? 1)
            }),
            ("uint256 mul (256x256, overflow check)", {
                b = b.multipliedReportingOverflow(by: a).partialValue &+ .one
                consume(b.uint64 ?? 1)
            }),
            ("uint256 compare", {
                consume(a < b ? 1 : 0)
                b = b &+ .one
            }),
            ("uint256 div (256 / 64-bit)", {
                consume(a.quotientAndRemainder(dividingBy: small)?.remainder.uint64 ?? 0)
            }),
            ("uint256 to decimal string", {
                consume(UInt64(a.description.utf8.count))
            }),
        ])
        _ = counter
    }

    func printTable() {
        print("MintSim primitives benchmark: medians of \(rounds) rounds of ~\(Int(roundSeconds * 1000)) ms each")
        print("")
        let width = results.map(\.name.count).max() ?? 20
        for m in results {
            let pad = String(repeating: " ", count: width - m.name.count)
            print("\(m.name)\(pad)  \(String(format: "%10.1f", m.median)) ns/op")
        }
        print("")
        print("Ratios (lower is better for MintSim; 1.00 = same speed):")
        for (label, num, den) in ratios {
            print("  \(label): \(String(format: "%.2f", median(num) / median(den)))×")
        }
        print("(sink \(sink % 10))")
    }

    func printJSON() {
        var object: [String: Any] = [:]
        object["rounds"] = rounds
        object["medianNanosPerOp"] = Dictionary(uniqueKeysWithValues: results.map { ($0.name, ($0.median * 10).rounded() / 10) })
        object["ratios"] = Dictionary(uniqueKeysWithValues: ratios.map { ($0.0, ((median($0.1) / median($0.2)) * 1000).rounded() / 1000) })
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}
