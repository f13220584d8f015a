import Foundation
import Testing

@testable import MintSimPrimitives

/// Deterministic RandomNumberGenerator (SplitMix64), so every run feeds the decoders the same input.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Random damage to an encoding: bit flips, byte overwrites, insertions, deletions, truncation.
private func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var b = input
    for _ in 0...rng.below(3) {
        switch rng.below(6) {
        case 0 where !b.isEmpty:
            b[rng.below(b.count)] ^= 1 << UInt8(rng.below(8))
        case 1 where !b.isEmpty:
            b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
        case 2:
            b.insert(contentsOf: rng.bytes(rng.below(4) + 1), at: rng.below(b.count + 1))
        case 3 where !b.isEmpty:
            let start = rng.below(b.count)
            b.removeSubrange(start..<min(b.count, start + rng.below(4) + 1))
        case 4:
            b = Array(b.prefix(rng.below(b.count + 1)))
        default:
            // Interesting boundary bytes of RLP headers.
            if !b.isEmpty { b[rng.below(b.count)] = [0x00, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xbf, 0xc0, 0xf7, 0xf8, 0xff][rng.below(11)] }
        }
    }
    return b
}

@Suite struct DecoderRobustnessTests {
    // MARK: - RLP

    private static func randomItem(_ rng: inout SplitMix64, depth: Int = 0) -> RLPItem {
        if depth < 4 && rng.chance(30) {
            return .list((0..<rng.below(5)).map { _ in randomItem(&rng, depth: depth + 1) })
        }
        switch rng.below(4) {
        case 0: return .bytes([UInt8(rng.below(0x80))])
        case 1: return .bytes(rng.bytes(rng.below(3)))
        case 2: return .bytes(rng.bytes(50 + rng.below(12)))  // around the 55/56 boundary
        default: return .bytes(rng.bytes(rng.below(300)))
        }
    }

    @Test func rlpRandomAndMutatedInputs() throws {
        var rng = SplitMix64(seed: 0x0001_F)
        var valid = try cases("rlp", "valid").map { try hex($0, "encoded") }
        for _ in 0..<200 {
            let item = Self.randomItem(&rng)
            let encoded = RLP.encode(item)
            if (try? RLP.decode(encoded)) != item { Issue.record("round trip failed for \(item)") }
            valid.append(encoded)
        }
        var decoded = 0, rejected = 0
        for i in 0..<20_000 {
            let input: [UInt8]
            if i % 4 == 0 {
                // Raw noise, often starting with a header byte.
                input = rng.bytes(rng.below(40))
            } else {
                input = mutate(valid[rng.below(valid.count)], &rng)
            }
            do {
                let item = try RLP.decode(input)
                decoded += 1
                // Strict decoding: whatever decodes is the one canonical encoding of its item.
                if RLP.encode(item) != input { Issue.record("\(input.hex) decoded to \(item) which encodes differently") }
            } catch {
                rejected += 1
                if let offset = error.offset, offset < 0 || offset > input.count {
                    Issue.record("offset \(offset) outside the \(input.count)-byte input \(input.hex)")
                }
            }
        }
        // Both outcomes are exercised.
        #expect(decoded > 1000)
        #expect(rejected > 5000)
    }

    @Test func rlpHugeDeclaredLengthsAreRejected() {
        for prefix: UInt8 in 0xb8...0xbf {
            for lengthByte: UInt8 in [0x01, 0x7f, 0x80, 0xff] {
                let n = Int(prefix - 0xb7)
                let input = [prefix, lengthByte] + [UInt8](repeating: 0xff, count: n - 1) + [1, 2, 3]
                #expect(throws: RLPError.self) { try RLP.decode(input) }
                #expect(throws: RLPError.self) { try RLP.decode([prefix + 0x40] + Array(input.dropFirst())) }
            }
        }
    }

    // MARK: - ABI

    private static let abiTypes: [ABIType] = try! [
        "uint256", "address", "bool", "bytes", "string", "int24", "bytes3", "uint8[]", "(uint256,string)[]", "bytes32[2]",
        "(bool,(bytes,uint16[])[])[]", "string[][]", "(string,int8)[2]", "uint64[3][]",
    ].map { try ABIType(parsing: $0) }

    private static func randomValue(_ type: ABIType, _ rng: inout SplitMix64, depth: Int = 0) -> ABIValue {
        let count = depth > 2 ? rng.below(2) : rng.below(4)
        switch type {
        case .uint(let m):
            var bytes = [UInt8](repeating: 0, count: 32 - m / 8) + rng.bytes(m / 8)
            if rng.chance(30) { bytes = [UInt8](repeating: 0, count: 31) + [UInt8(rng.below(3))] }
            return .uint(try! UInt256(bigEndian: bytes))
        case .int(let m):
            // m random bits, sign-extended: p − 2^m when the top bit is set.
            let p = try! UInt256(bigEndian: rng.bytes(m / 8))
            let negative = m < 256 && p.bitWidth == m
            return .int(Int256(bitPattern: negative ? p &- UInt256.powerOfTwo(m) : p))
        case .address: return .address(try! Address(bytes: rng.bytes(20)))
        case .bool: return .bool(rng.chance(50))
        case .fixedBytes(let m): return .fixedBytes(rng.bytes(m))
        case .bytes: return .bytes(rng.bytes(rng.below(70)))
        case .string:
            let pieces = ["a", "é", "€", "😀", " ", "\"", ",", "]"]
            return .string((0..<rng.below(12)).map { _ in pieces[rng.below(pieces.count)] }.joined())
        case .array(let t): return .array((0..<count).map { _ in randomValue(t, &rng, depth: depth + 1) })
        case .fixedArray(let t, let k): return .array((0..<k).map { _ in randomValue(t, &rng, depth: depth + 1) })
        case .tuple(let ts): return .tuple(ts.map { randomValue($0, &rng, depth: depth + 1) })
        }
    }

    /// Replaces whole 32-byte words with values that stress offsets and lengths.
    private static func mutateWords(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        guard b.count >= 32 else { return b }
        for _ in 0...rng.below(2) {
            let at = rng.below(b.count / 32) * 32
            let replacement: UInt256
            switch rng.below(6) {
            case 0: replacement = .max
            case 1: replacement = UInt256.powerOfTwo(rng.below(256))
            case 2: replacement = UInt256(UInt64(rng.below(b.count + 64)))  // an offset pointing anywhere
            case 3: replacement = UInt256(UInt64(rng.below(b.count / 32 + 2) * 32))  // an aligned offset
            case 4: replacement = UInt256(UInt64(Int.max) + UInt64(rng.below(3)))
            default: replacement = UInt256(UInt64(rng.below(4)))
            }
            b.replaceSubrange(at..<(at + 32), with: replacement.bytes32)
        }
        return b
    }

    @Test func abiRoundTripsThenMutations() throws {
        var rng = SplitMix64(seed: 0xAB1)
        var decodedCount = 0, rejectedCount = 0
        for round in 0..<300 {
            let types = (0..<(1 + rng.below(3))).map { _ in Self.abiTypes[rng.below(Self.abiTypes.count)] }
            let values = types.map { Self.randomValue($0, &rng) }
            let encoded = try ABI.encode(types, values)
            let back = try ABI.decode(types, encoded)
            #expect(back == values, "\(types)")
            // Calldata round trip too.
            let function = ABIFunction(name: "f\(round)", inputs: types)
            #expect(try function.decodeCall(try function.encodeCall(values)) == values)

            for _ in 0..<20 {
                let damaged = rng.chance(50) ? Self.mutateWords(encoded, &rng) : mutate(encoded, &rng)
                do {
                    let decoded = try ABI.decode(types, damaged)
                    decodedCount += 1
                    // Whatever decodes is a valid value of the types: it re-encodes, and that decodes to itself.
                    let reencoded = try ABI.encode(types, decoded)
                    #expect(try ABI.decode(types, reencoded) == decoded)
                    #expect(try ABI.encode(types, decoded) == reencoded)
                } catch {
                    rejectedCount += 1
                }
            }
        }
        #expect(decodedCount > 500)
        #expect(rejectedCount > 500)
    }

    @Test func abiRandomDataAgainstEachType() throws {
        var rng = SplitMix64(seed: 0xAB2)
        for type in Self.abiTypes {
            for _ in 0..<200 {
                // Mostly small words (plausible offsets and lengths), sometimes noise.
                let words = rng.below(12)
                var data: [UInt8] = []
                for _ in 0..<words {
                    data += rng.chance(70) ? UInt256(UInt64(rng.below(8) * 32 + (rng.chance(10) ? 1 : 0))).bytes32 : rng.bytes(32)
                }
                if rng.chance(20) { data += rng.bytes(rng.below(31)) }
                if let decoded = try? ABI.decode([type], data) {
                    #expect(try ABI.decode([type], try ABI.encode([type], decoded)) == decoded, "\(type) from \(data.hex)")
                }
            }
        }
    }

    /// Offsets may alias, so a small input can describe a huge value: here 5 levels of arrays whose
    /// 8 elements all point at the same next level decode into 8^5 = 32768 leaves from under 1.5 KB.
    @Test func abiAliasedOffsetsDoNotAmplify() throws {
        let levels = 5, n = 8
        var type = ABIType.uint(8)
        for _ in 0..<levels { type = .array(type) }
        // Level k lives at 32 + k·(32 + 32n): a length word then n words.
        let levelSize = 32 + 32 * n
        var data = UInt256(32).bytes32
        for level in 0..<levels {
            data += UInt256(UInt64(n)).bytes32
            // Element offsets count from this level's first element; the next level's length word is
            // levelSize − 32 = 32n bytes further on.
            let element = level == levels - 1 ? UInt256(1) : UInt256(UInt64(levelSize - 32))
            data += (0..<n).flatMap { _ in element.bytes32 }
        }
        #expect(data.count < 1500)
        func leaves(_ v: ABIValue) -> Int {
            if case .array(let items) = v { return items.reduce(0) { $0 + leaves($1) } }
            return 1
        }
        let total = ((try? ABI.decode([type], data)) ?? []).reduce(0) { $0 + leaves($1) }
        #expect(total <= data.count, "\(data.count) bytes decoded into \(total) values")
    }

    // MARK: - Transactions

    @Test func mutatedTransactions() throws {
        var rng = SplitMix64(seed: 0x7E)
        let raws = try cases("transactions").map { try hex($0, "raw") }
        var decodedCount = 0, rejectedCount = 0
        for raw in raws {
            for i in 0..<25 {
                var damaged = mutate(raw, &rng)
                if i == 0 && !damaged.isEmpty { damaged[0] = UInt8(rng.below(256)) }  // any type byte
                do {
                    let tx = try SignedTransaction(raw: damaged)
                    decodedCount += 1
                    // Decoding is strict, so what decodes re-encodes byte for byte.
                    #expect(tx.rawBytes == damaged, "\(damaged.hex)")
                    _ = try? tx.recoverSender()
                } catch {
                    rejectedCount += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(rejectedCount > raws.count * 10)
        #expect(decodedCount > 0)
    }

    // MARK: - Text parsers

    /// Random text over an alphabet that mixes hex digits, prefixes, signs, dots and non-ASCII.
    /// Lengths stay below 100 characters (see the known UInt256 overflow for 145+ digits).
    private static func randomText(_ rng: inout SplitMix64, alphabet: [String]) -> String {
        var s = rng.chance(40) ? "0x" : ""
        for _ in 0..<rng.below(rng.chance(30) ? 90 : 20) { s += alphabet[rng.below(alphabet.count)] }
        return s
    }

    @Test func textParsersOnRandomStrings() throws {
        var rng = SplitMix64(seed: 0x7E47)
        let hexy = Array("0123456789abcdefABCDEF").map(String.init)
        let noise = hexy + hexy + ["x", "X", "g", "z", " ", ".", "-", "_", "é", "😀", "e\u{301}", "\u{0}", "０"]
        var hexOK = 0, addressOK = 0, uintOK = 0, amountOK = 0
        for _ in 0..<6000 {
            let text = Self.randomText(&rng, alphabet: rng.chance(50) ? hexy : noise)

            if let bytes = try? Hex.decode(text) {
                hexOK += 1
                let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
                #expect(Hex.encode(bytes) == "0x" + digits.lowercased(), "\(text)")
            }
            if let address = try? Address(text) {
                addressOK += 1
                #expect(try Address(address.checksummed) == address)
                #expect(try Address(address.lowercaseHex) == address)
                #expect(address.lowercaseHex.dropFirst(2) == text.suffix(40).lowercased())
            }
            if let hash = try? Hash(hex: text) { #expect(try Hash(hex: hash.hex) == hash) }
            if let v = try? UInt256(text) {
                uintOK += 1
                #expect(try UInt256(v.description) == v)
                #expect(try UInt256(v.hexString) == v)
                if !text.hasPrefix("0x") && !text.hasPrefix("0X") { #expect(v.description == String(text.drop { $0 == "0" }).ifEmpty("0"), "\(text)") }
            }
            if let v = try? Int256(text) { #expect(try Int256(v.description) == v) }
            if let v = try? Int256("-" + text) { #expect(try Int256(v.description) == v) }
            let decimals = rng.below(30)
            let amountText = String(text.filter { $0 != "x" && $0 != "X" }.map { $0.isHexDigit && !$0.isNumber ? "." : $0 })
            if let v = try? UInt256(amount: amountText, decimals: decimals) {
                amountOK += 1
                #expect(try UInt256(amount: v.formatted(decimals: decimals), decimals: decimals) == v, "\(amountText)")
            }
        }
        #expect(hexOK > 500 && uintOK > 100 && amountOK > 100)
        // Random 40-digit strings are addresses unless mixed case with a wrong checksum.
        for _ in 0..<300 {
            let digits = (0..<40).map { _ in hexy[rng.below(hexy.count)] }.joined()
            let lower = digits.lowercased()
            let address = try Address(lower)
            let hasLetters = lower.contains { $0.isLetter }
            if let parsed = try? Address(digits) {
                #expect(parsed == address)
            } else {
                #expect(hasLetters && digits != lower && digits != lower.uppercased())
                #expect(digits != String(address.checksummed.dropFirst(2)))
            }
        }
    }

    @Test func abiTypeAndTextParsersOnRandomStrings() throws {
        var rng = SplitMix64(seed: 0xAB17)
        let tokens = ["uint256", "uint8", "int", "bool", "address", "bytes", "bytes32", "string", "tuple", "(", ")", "[", "]",
                      "[2]", "[]", ",", " ", "x", "[0]", "[1048576]", "indexed", "memory", "fixed", "é"]
        var parsed = 0
        for _ in 0..<4000 {
            let text = (0..<rng.below(12)).map { _ in tokens[rng.below(tokens.count)] }.joined()
            if let type = try? ABIType(parsing: text) {
                parsed += 1
                #expect(try ABIType(parsing: type.description) == type, "\(text)")
            }
            if let list = try? ABIType.parseList(text) {
                // The parenthesised form is unambiguous ("(bool)" alone is read as the list [bool]).
                #expect(try ABIType.parseList("(" + list.map(\.description).joined(separator: ",") + ")") == list, "\(text)")
            }
            if let function = try? ABIFunction(parsing: "f(" + text + ")") {
                #expect(try ABIFunction(parsing: function.signature).inputs == function.inputs)
            }
        }
        #expect(parsed > 100)

        let valueTokens = ["[", "]", "(", ")", ",", "\"", "\\", " ", "1", "0x1f", "-5", "true", "a", "é"]
        let valueTypes: [ABIType] = [.array(.uint(8)), .array(.string), .tuple([.bool, .string]), .array(.array(.int(8))), .fixedArray(.bytes, 2)]
        for _ in 0..<4000 {
            let text = (0..<rng.below(14)).map { _ in valueTokens[rng.below(valueTokens.count)] }.joined()
            for type in valueTypes {
                if let value = try? ABIValue(text: text, type: type) {
                    // Every accepted value encodes and decodes.
                    #expect(try ABI.decode([type], try ABI.encode([type], [value])) == [value])
                }
            }
        }
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
