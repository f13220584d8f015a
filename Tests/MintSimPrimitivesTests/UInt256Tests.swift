import Foundation
import Testing

@testable import MintSimPrimitives

/// A schoolbook reference: a non-negative integer as little-endian 32-bit limbs of any length.
private struct Ref {
    var limbs: [UInt32]

    init(limbs: [UInt32]) { self.limbs = limbs }

    /// From the raw 64-bit limbs (not through any UInt256 conversion under test).
    init(_ value: UInt256) {
        let l = value.limbs
        limbs = [l.0, l.1, l.2, l.3].flatMap { [UInt32(truncatingIfNeeded: $0), UInt32(truncatingIfNeeded: $0 >> 32)] }
    }

    /// The low 256 bits as a UInt256 and whether any higher bit is set.
    var truncated: (value: UInt256, overflow: Bool) {
        var l = limbs + [UInt32](repeating: 0, count: Swift.max(0, 8 - limbs.count))
        let overflow = l[8...].contains { $0 != 0 }
        l = Array(l[..<8])
        func w(_ i: Int) -> UInt64 { UInt64(l[2 * i]) | UInt64(l[2 * i + 1]) << 32 }
        return (UInt256(limbs: (w(0), w(1), w(2), w(3))), overflow)
    }

    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    static func compare(_ a: Ref, _ b: Ref) -> Int {
        for i in stride(from: Swift.max(a.limbs.count, b.limbs.count) - 1, through: 0, by: -1) {
            let x = i < a.limbs.count ? a.limbs[i] : 0
            let y = i < b.limbs.count ? b.limbs[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    static func + (a: Ref, b: Ref) -> Ref {
        let n = Swift.max(a.limbs.count, b.limbs.count)
        var out: [UInt32] = []
        var carry: UInt64 = 0
        for i in 0..<n {
            let t = UInt64(i < a.limbs.count ? a.limbs[i] : 0) + UInt64(i < b.limbs.count ? b.limbs[i] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: t))
            carry = t >> 32
        }
        out.append(UInt32(carry))
        return Ref(limbs: out)
    }

    /// a − b modulo 2^(32·count) and whether it borrowed.
    static func subtract(_ a: Ref, _ b: Ref) -> (Ref, borrow: Bool) {
        let n = Swift.max(a.limbs.count, b.limbs.count)
        var out: [UInt32] = []
        var borrow: Int64 = 0
        for i in 0..<n {
            var d = Int64(i < a.limbs.count ? a.limbs[i] : 0) - Int64(i < b.limbs.count ? b.limbs[i] : 0) - borrow
            borrow = 0
            if d < 0 {
                d += 1 << 32
                borrow = 1
            }
            out.append(UInt32(d))
        }
        return (Ref(limbs: out), borrow != 0)
    }

    static func * (a: Ref, b: Ref) -> Ref {
        var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                let t = UInt64(a.limbs[i]) * UInt64(b.limbs[j]) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            out[i + b.limbs.count] = UInt32(carry)
        }
        return Ref(limbs: out)
    }

    /// Shift-and-subtract long division, one bit at a time.
    static func divMod(_ a: Ref, _ b: Ref) -> (Ref, Ref) {
        var q = [UInt32](repeating: 0, count: a.limbs.count)
        var r = Ref(limbs: [UInt32](repeating: 0, count: b.limbs.count + 1))
        for bit in stride(from: a.limbs.count * 32 - 1, through: 0, by: -1) {
            var carry = (a.limbs[bit / 32] >> UInt32(bit % 32)) & 1
            for i in 0..<r.limbs.count {
                let top = r.limbs[i] >> 31
                r.limbs[i] = r.limbs[i] << 1 | carry
                carry = top
            }
            if compare(r, b) >= 0 {
                r = Ref(limbs: Array(subtract(r, b).0.limbs))
                q[bit / 32] |= 1 << UInt32(bit % 32)
            }
        }
        return (Ref(limbs: q), r)
    }

    /// Decimal digits by repeated short division by 10^9.
    var decimal: String {
        var n = limbs
        var chunks: [UInt32] = []
        while n.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in stride(from: n.count - 1, through: 0, by: -1) {
                let cur = remainder << 32 | UInt64(n[i])
                n[i] = UInt32(cur / 1_000_000_000)
                remainder = cur % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
        }
        guard let last = chunks.popLast() else { return "0" }
        return String(last) + chunks.reversed().map { String(repeating: "0", count: 9 - String($0).count) + String($0) }.joined()
    }

    var hex: String {
        let digits = limbs.reversed().map { String(repeating: "0", count: 8 - String($0, radix: 16).count) + String($0, radix: 16) }.joined()
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    var bitWidth: Int {
        for i in stride(from: limbs.count - 1, through: 0, by: -1) where limbs[i] != 0 {
            return i * 32 + 32 - limbs[i].leadingZeroBitCount
        }
        return 0
    }
}

@Suite struct UInt256Tests {
    /// A value from a mix of shapes: small, at 64-bit limb boundaries, near 2^256, random widths.
    private static func randomValue(_ rng: inout SplitMix64) -> UInt256 {
        let full = UInt256(limbs: (rng.next(), rng.next(), rng.next(), rng.next()))
        switch rng.next() % 10 {
        case 0: return UInt256(rng.next() % 1000)
        case 1: return UInt256(rng.next())
        case 2:  // 2^(64k) + small signed offset
            let k = Int(rng.next() % 4) + 1
            let base = k == 4 ? UInt256.zero : UInt256.powerOfTwo(64 * k)
            let delta = UInt256(rng.next() % 3)
            return rng.next() % 2 == 0 ? base &+ delta : base &- delta &- .one
        case 3: return UInt256.max &- UInt256(rng.next() % 1000)
        case 4:  // random bit width
            let bits = Int(rng.next() % 257)
            if bits == 0 { return .zero }
            let mask = bits == 256 ? UInt256.max : UInt256.powerOfTwo(bits) &- .one
            let l = full.limbs, m = mask.limbs
            return UInt256(limbs: (l.0 & m.0, l.1 & m.1, l.2 & m.2, l.3 & m.3))
        case 5: return UInt256.powerOfTwo(Int(rng.next() % 256))
        case 6: return [UInt256.zero, .one, .max, UInt256(2)][Int(rng.next() % 4)]
        default: return full
        }
    }

    /// 2,000 pairs, plus for division a divisor close in size to the dividend now and then.
    private static func pairs() -> [(UInt256, UInt256)] {
        var rng = SplitMix64(state: 0x5EED_0256)
        var out: [(UInt256, UInt256)] = []
        for i in 0..<2000 {
            let a = randomValue(&rng)
            var b = randomValue(&rng)
            if i % 7 == 0 {  // same top limbs, so the quotient is small
                let l = a.limbs
                b = UInt256(limbs: (rng.next(), l.1, l.2, l.3 >> (rng.next() % 3)))
            }
            out.append((a, b))
        }
        return out
    }

    @Test func arithmeticMatchesSchoolbookReference() throws {
        for (a, b) in Self.pairs() {
            let ra = Ref(a), rb = Ref(b)
            let context = Comment(rawValue: "a = \(ra.decimal), b = \(rb.decimal)")

            let sum = (ra + rb).truncated
            let add = a.addingReportingOverflow(b)
            #expect(add.partialValue == sum.value && add.overflow == sum.overflow, context)
            #expect((try? a.adding(b)) == (sum.overflow ? nil : sum.value), context)
            #expect(a &+ b == sum.value, context)

            let (difference, borrow) = Ref.subtract(ra, rb)
            let sub = a.subtractingReportingOverflow(b)
            #expect(sub.partialValue == difference.truncated.value && sub.overflow == borrow, context)
            #expect((try? a.subtracting(b)) == (borrow ? nil : difference.truncated.value), context)

            let product = (ra * rb).truncated
            let mul = a.multipliedReportingOverflow(by: b)
            #expect(mul.partialValue == product.value && mul.overflow == product.overflow, context)
            #expect((try? a.multiplied(by: b)) == (product.overflow ? nil : product.value), context)
            #expect(a &* b == product.value, context)

            if b.isZero {
                #expect(a.quotientAndRemainder(dividingBy: b) == nil, context)
                #expect(throws: ArithmeticError.self) { try a.divided(by: b) }
                #expect(throws: ArithmeticError.self) { try a.remainder(dividingBy: b) }
            } else {
                let (q, r) = Ref.divMod(ra, rb)
                let result = try #require(a.quotientAndRemainder(dividingBy: b))
                #expect(result.quotient == q.truncated.value && result.remainder == r.truncated.value, context)
                #expect(try a.divided(by: b) == q.truncated.value, context)
                #expect(try a.remainder(dividingBy: b) == r.truncated.value, context)
            }

            let order = Ref.compare(ra, rb)
            #expect((a < b) == (order < 0), context)
            #expect((a == b) == (order == 0), context)
            #expect((a > b) == (order > 0), context)
            if a == b { #expect(a.hashValue == b.hashValue) }
            #expect(a.bitWidth == ra.bitWidth, context)
            #expect(a.isZero == ra.isZero, context)
            #expect(a.uint64 == (ra.bitWidth <= 64 ? a.limbs.0 : nil), context)
        }
    }

    @Test func textAndByteRoundTrips() throws {
        var rng = SplitMix64(state: 42)
        for _ in 0..<2000 {
            let v = Self.randomValue(&rng)
            let ref = Ref(v)
            // Printing matches the reference, and parsing the reference's text gives v back.
            #expect(v.description == ref.decimal)
            #expect(v.hexString == "0x" + ref.hex)
            #expect(try UInt256(ref.decimal) == v)
            #expect(try UInt256("0x" + ref.hex) == v)
            #expect(try UInt256("0X" + ref.hex.uppercased()) == v)
            #expect(try UInt256("0x" + String(repeating: "0", count: 64 - ref.hex.count) + ref.hex) == v)
            #expect(try UInt256(digits: v.toString(radix: 2), radix: 2) == v)
            #expect(try UInt256(digits: v.toString(radix: 36), radix: 36) == v)
            // Bytes.
            let bytes = v.bytes32
            #expect(bytes.count == 32)
            #expect(Hex.encode(bytes, prefix: false) == String(repeating: "0", count: 64 - ref.hex.count) + ref.hex)
            #expect(try UInt256(bigEndian: bytes) == v)
            let minimal = v.minimalBytes
            #expect(minimal.count == (ref.bitWidth + 7) / 8)
            #expect(minimal.first != 0)
            #expect(Array(bytes.suffix(minimal.count)) == minimal)
            #expect(try UInt256(bigEndian: minimal) == v)
            #expect(try UInt256(bigEndian: [0] + bytes.suffix(31)) == UInt256(bigEndian: bytes.suffix(31)))
        }
        #expect(UInt256.zero.minimalBytes == [])
        #expect(UInt256.zero.description == "0")
        #expect(UInt256.zero.hexString == "0x0")
        #expect(UInt256(256).minimalBytes == [1, 0])
        #expect(try UInt256(bigEndian: []) == .zero)
        #expect(UInt256.max.bitWidth == 256)
        #expect(UInt256.one.bitWidth == 1)
        #expect(UInt256.powerOfTwo(64).bitWidth == 65)
        #expect(UInt256.max.int == nil)
        #expect(UInt256(UInt64(Int.max)).int == Int.max)
        #expect(UInt256(UInt64(Int.max) + 1).int == nil)
    }

    @Test func powersOfTen() throws {
        var ref = Ref(limbs: [1])
        for e in 0...77 {
            let p = try UInt256.pow10(e)
            #expect(p.description == "1" + String(repeating: "0", count: e))
            #expect(p == ref.truncated.value)
            #expect(!ref.truncated.overflow)
            ref = ref * Ref(limbs: [10])
        }
        #expect(ref.truncated.overflow)  // 10^78 does not fit, so 77 is the last one.
        #expect(throws: ArithmeticError.self) { try UInt256.pow10(78) }
    }

    @Test func amountParsing() throws {
        let wei = UInt256(1_500_000_000_000_000_000)
        #expect(try UInt256(amount: "1.5", decimals: 18) == wei)
        #expect(try UInt256(amount: ".5", decimals: 18) == UInt256(500_000_000_000_000_000))
        #expect(try UInt256(amount: "5.", decimals: 18) == UInt256(5_000_000_000_000_000_000))
        #expect(try UInt256(amount: "0.000000000000000001", decimals: 18) == .one)
        #expect(try UInt256(amount: "1.50", decimals: 1) == 15)
        #expect(try UInt256(amount: "1.5000000000000000000000", decimals: 1) == 15)
        #expect(try UInt256(amount: "007", decimals: 2) == 700)
        #expect(try UInt256(amount: "0", decimals: 18) == .zero)
        #expect(try UInt256(amount: "0.0", decimals: 0) == .zero)
        #expect(try UInt256(amount: "42", decimals: 0) == 42)
        #expect(try UInt256(amount: "1", decimals: 77) == UInt256.pow10(77))
        #expect(try UInt256(amount: ErrorPathTests.maxDecimal, decimals: 0) == .max)
        // 2^256-1 base units with 18 decimals is the largest amount.
        let maxAmount = UInt256.max.formatted(decimals: 18)
        #expect(maxAmount == "115792089237316195423570985008687907853269984665640564039457.584007913129639935")
        #expect(try UInt256(amount: maxAmount, decimals: 18) == .max)
        #expect(throws: UInt256Error.self) { try UInt256(amount: "115792089237316195423570985008687907853269984665640564039457.584007913129639936", decimals: 18) }
    }

    @Test func amountFormatting() throws {
        #expect(UInt256(1_500_000_000_000_000_000).formatted(decimals: 18) == "1.5")
        #expect(UInt256.one.formatted(decimals: 18) == "0.000000000000000001")
        #expect(UInt256.zero.formatted(decimals: 18) == "0")
        #expect(UInt256(1_000_000_000_000_000_000).formatted(decimals: 18) == "1")
        #expect(UInt256(12_345).formatted(decimals: 0) == "12345")
        #expect(UInt256(12_345).formatted(decimals: 2) == "123.45")
        #expect(UInt256(12_300).formatted(decimals: 2) == "123")
        #expect(UInt256(5).formatted(decimals: 1) == "0.5")
        #expect(UInt256.max.formatted(decimals: 77) == "1.15792089237316195423570985008687907853269984665640564039457584007913129639935")
        var rng = SplitMix64(state: 7)
        for _ in 0..<500 {
            let v = Self.randomValue(&rng)
            let decimals = Int(rng.next() % 78)
            let text = v.formatted(decimals: decimals)
            #expect(try UInt256(amount: text, decimals: decimals) == v, "\(v) with \(decimals) decimals → \(text)")
            #expect(!text.hasSuffix("0") || !text.contains("."))
            #expect(!text.hasSuffix("."))
        }
    }

    @Test func codable() throws {
        let decoded = try JSONDecoder().decode([UInt256].self, from: Data(#"[0, 123, 18446744073709551615, "456", "0x1f", "\#(ErrorPathTests.maxDecimal)"]"#.utf8))
        #expect(decoded == [0, 123, UInt256(UInt64.max), 456, 31, .max])
        // Encoding is always a decimal string, which decodes back.
        let encoded = try JSONEncoder().encode([UInt256.max, 5])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["\#(ErrorPathTests.maxDecimal)","5"]"#)
        #expect(try JSONDecoder().decode([UInt256].self, from: encoded) == [.max, 5])
        // Numbers must fit in 64 bits; other forms are errors.
        for bad in ["[-1]", "[1.5]", "[18446744073709551616]", "[true]", #"["1x"]"#, #"["0x"]"#, "[null]"] {
            #expect(throws: (any Error).self, "\(bad)") { try JSONDecoder().decode([UInt256].self, from: Data(bad.utf8)) }
        }
        let stringError = thrownError(UInt256Error.self) { _ = try JSONDecoder().decode([UInt256].self, from: Data(#"["1x"]"#.utf8)) }
        #expect(stringError?.description == #"invalid decimal integer "1x": character at position 1 is not a decimal digit"#)
    }

    @Test func int256RoundTrips() throws {
        var rng = SplitMix64(state: 255)
        for _ in 0..<1000 {
            let pattern = Self.randomValue(&rng)
            let v = Int256(bitPattern: pattern)
            #expect(try Int256(v.description) == v)
            #expect(v.isNegative == (pattern.bitWidth == 256))
            // fits(bits:) agrees with the magnitude: −2^(m−1) ≤ v ≤ 2^(m−1)−1.
            let m = (Int(rng.next() % 32) + 1) * 8
            let limit = UInt256.powerOfTwo(m - 1)
            #expect(v.fits(bits: m) == (v.isNegative ? v.magnitude <= limit : v.magnitude < limit), "\(v) in int\(m)")
        }
        #expect(Int256(-1).bitPattern == .max)
        #expect(Int256(-1).description == "-1")
        #expect(Int256.min.description == "-" + ErrorPathTests.twoTo255)
        #expect(Int256.min.magnitude == UInt256.powerOfTwo(255))
        #expect(try Int256("-0") == .zero)
        #expect(try Int256("-0x80") == Int256(-128))
        #expect(Int256(-128).fits(bits: 8) && !Int256(-129).fits(bits: 8) && Int256(127).fits(bits: 8) && !Int256(128).fits(bits: 8))
    }
}

@Suite struct AmountFastPathTests {
    /// The allocation-free path gives what the general parser gives, and declines what it cannot take.
    @Test func agreesWithTheGeneralParser() {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet = Array("0000123456789.._x")
        var checked = 0
        for _ in 0..<20_000 {
            let length = Int(next() % 45)
            let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
            let decimals = Int(next() % 40)
            let general = try? UInt256(generalAmount: text, decimals: decimals)
            if let fast = UInt256.smallAmount(text, decimals: decimals) {
                #expect(fast == general, "\(text) with \(decimals) decimals")
                checked += 1
            }
            #expect((try? UInt256(amount: text, decimals: decimals)) == general, "\(text) with \(decimals) decimals")
        }
        #expect(checked > 1_000)
        for (text, decimals, expected) in [
            ("1.5", 18, "1500000000000000000"), ("0", 18, "0"), ("0.000", 0, "0"), (".5", 1, "5"), ("1.", 2, "100"),
            ("1.050", 2, "105"), ("99999999999999999999999999999999999999", 0, "99999999999999999999999999999999999999"),
            ("1000000", 18, "1000000000000000000000000"),
        ] {
            #expect(UInt256.smallAmount(text, decimals: decimals)?.description == expected, "\(text)")
        }
        // Beyond 38 digits the general path answers.
        #expect(UInt256.smallAmount("100000000000000000000", decimals: 18) == nil)
        #expect((try? UInt256(amount: "100000000000000000000", decimals: 18))?.description == "100000000000000000000" + String(repeating: "0", count: 18))
    }
}

@Suite struct EditDistanceTests {
    @Test func countsEditsAndSwapsOfNeighbours() {
        #expect(EditDistance.between(Array("alice"), Array("alice")) == 0)
        #expect(EditDistance.between(Array("alcie"), Array("alice")) == 1)
        #expect(EditDistance.between(Array("mnt"), Array("mint")) == 1)
        #expect(EditDistance.between(Array("kitten"), Array("sitting")) == 3)
        #expect(EditDistance.between(Array(""), Array("abc")) == 3)
        #expect(EditDistance.between(Array("abcdef"), Array("uvwxyz"), limit: 2) == 3)
        #expect(EditDistance.between(Array("a"), Array("abcd"), limit: 1) == 2)
    }
}
