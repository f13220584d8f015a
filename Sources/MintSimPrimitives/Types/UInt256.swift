import Foundation
internal import CGMP

/// An unsigned 256-bit integer with Solidity 0.8 checked arithmetic: amounts, balances, EVM words.
///
/// The four 64-bit limbs live inline (no allocation); arithmetic, division and radix conversion run
/// through GMP's low-level `mpn` functions on them. Checked operations throw `ArithmeticError` on
/// overflow, underflow and division by zero instead of wrapping.
public struct UInt256: Sendable {
    typealias Limbs = (UInt64, UInt64, UInt64, UInt64)

    /// Least significant limb first, as GMP stores them.
    var limbs: Limbs

    init(limbs: Limbs) { self.limbs = limbs }

    public static let zero = UInt256(limbs: (0, 0, 0, 0))
    public static let one = UInt256(limbs: (1, 0, 0, 0))
    /// 2^256 − 1.
    public static let max = UInt256(limbs: (.max, .max, .max, .max))

    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }
    public init(_ value: Int) {
        precondition(value >= 0, "UInt256 from a negative Int")
        limbs = (UInt64(value), 0, 0, 0)
    }

    /// Creates a value from big-endian bytes (at most 32; fewer are left-padded with zeros).
    public init(bigEndian bytes: some Collection<UInt8>) throws(UInt256Error) {
        guard bytes.count <= 32 else {
            throw UInt256Error(.tooLarge, "value of \(bytes.count) bytes does not fit in 256 bits")
        }
        let fast: UInt256? = bytes.withContiguousStorageIfAvailable { buffer in
            UInt256(bigEndianPrefix: UnsafeRawBufferPointer(buffer))
        }
        if let fast {
            self = fast
            return
        }
        var value = UInt256.zero
        for byte in bytes { value = value.shiftedLeftByte(byte) }
        self = value
    }

    /// Reads a 32-byte big-endian word at `offset` of `buffer`; the caller has checked that it is there.
    public init(unchecked buffer: UnsafeRawBufferPointer, at offset: Int) {
        func load(_ at: Int) -> UInt64 { UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self)) }
        limbs = (load(24), load(16), load(8), load(0))
    }

    /// Big-endian bytes, at most 32 of them.
    private init(bigEndianPrefix buffer: UnsafeRawBufferPointer) {
        var words: Limbs = (0, 0, 0, 0)
        var shift: UInt64 = 0
        var index = 0
        var position = buffer.count
        while position > 0 {
            position -= 1
            let byte = UInt64(buffer[position]) << shift
            switch index {
            case 0: words.0 |= byte
            case 1: words.1 |= byte
            case 2: words.2 |= byte
            default: words.3 |= byte
            }
            shift += 8
            if shift == 64 {
                shift = 0
                index += 1
            }
        }
        limbs = words
    }

    /// `self << 8 | byte` (the top byte falls off; callers bound the length).
    private func shiftedLeftByte(_ byte: UInt8) -> UInt256 {
        UInt256(limbs: (
            limbs.0 << 8 | UInt64(byte), limbs.1 << 8 | limbs.0 >> 56, limbs.2 << 8 | limbs.1 >> 56,
            limbs.3 << 8 | limbs.2 >> 56))
    }

    /// The 32-byte big-endian representation (an ABI word).
    public var bytes32: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            var big = (limbs.3.bigEndian, limbs.2.bigEndian, limbs.1.bigEndian, limbs.0.bigEndian)
            withUnsafeBytes(of: &big) { raw in
                for i in 0..<32 { buffer[i] = raw[i] }
            }
            count = 32
        }
    }

    /// The big-endian bytes without leading zeros (empty for zero), as RLP encodes integers.
    public var minimalBytes: [UInt8] {
        let length = (bitWidth + 7) / 8
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            var big = (limbs.3.bigEndian, limbs.2.bigEndian, limbs.1.bigEndian, limbs.0.bigEndian)
            withUnsafeBytes(of: &big) { raw in
                for i in 0..<length { buffer[i] = raw[32 - length + i] }
            }
            count = length
        }
    }

    /// Appends the minimal big-endian bytes to `buffer` without an intermediate array.
    @usableFromInline
    func appendMinimalBytes(to buffer: inout [UInt8]) {
        let length = (bitWidth + 7) / 8
        for i in (32 - length)..<32 {
            let word: UInt64
            switch i / 8 {
            case 0: word = limbs.3
            case 1: word = limbs.2
            case 2: word = limbs.1
            default: word = limbs.0
            }
            buffer.append(UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64(i % 8))))
        }
    }

    public var isZero: Bool { limbs.0 == 0 && limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 }

    /// Number of significant bits (0 for zero).
    public var bitWidth: Int {
        if limbs.3 != 0 { return 256 - limbs.3.leadingZeroBitCount }
        if limbs.2 != 0 { return 192 - limbs.2.leadingZeroBitCount }
        if limbs.1 != 0 { return 128 - limbs.1.leadingZeroBitCount }
        return 64 - limbs.0.leadingZeroBitCount
    }

    /// The value as a UInt64 if it fits.
    public var uint64: UInt64? {
        limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 ? limbs.0 : nil
    }

    /// The value as an Int if it fits.
    public var int: Int? {
        guard let v = uint64, v <= UInt64(Int.max) else { return nil }
        return Int(v)
    }

    /// Number of significant limbs (0 for zero).
    var limbCount: Int {
        if limbs.3 != 0 { return 4 }
        if limbs.2 != 0 { return 3 }
        if limbs.1 != 0 { return 2 }
        return limbs.0 != 0 ? 1 : 0
    }
}

// MARK: - GMP access

extension UInt256 {
    @inline(__always)
    static func withLimbs<R>(_ value: inout Limbs, _ body: (UnsafeMutablePointer<mp_limb_t>) -> R) -> R {
        withUnsafeMutablePointer(to: &value) { $0.withMemoryRebound(to: mp_limb_t.self, capacity: 4, body) }
    }
}

// MARK: - Arithmetic

extension UInt256 {
    /// `self + other` and whether it overflowed (the sum wraps modulo 2^256).
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var operands: (Limbs, Limbs, Limbs) = (limbs, other.limbs, (0, 0, 0, 0))
        let carry = withUnsafeMutablePointer(to: &operands) { pointer in
            pointer.withMemoryRebound(to: mp_limb_t.self, capacity: 12) { p in __gmpn_add_n(p + 8, p, p + 4, 4) }
        }
        return (UInt256(limbs: operands.2), carry != 0)
    }

    /// `self - other` and whether it underflowed (the difference wraps modulo 2^256).
    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var a = limbs, b = other.limbs, r: Limbs = (0, 0, 0, 0)
        let borrow = UInt256.withLimbs(&r) { rp in
            UInt256.withLimbs(&a) { ap in UInt256.withLimbs(&b) { bp in __gmpn_sub_n(rp, ap, bp, 4) } }
        }
        return (UInt256(limbs: r), borrow != 0)
    }

    /// `self * other` and whether the full product exceeded 256 bits (the result keeps the low 256 bits).
    public func multipliedReportingOverflow(by other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var a = limbs, b = other.limbs
        var wide: (Limbs, Limbs) = ((0, 0, 0, 0), (0, 0, 0, 0))
        withUnsafeMutablePointer(to: &wide) { widePointer in
            widePointer.withMemoryRebound(to: mp_limb_t.self, capacity: 8) { rp in
                UInt256.withLimbs(&a) { ap in UInt256.withLimbs(&b) { bp in __gmpn_mul_n(rp, ap, bp, 4) } }
            }
        }
        let high = wide.1
        let overflow = high.0 != 0 || high.1 != 0 || high.2 != 0 || high.3 != 0
        return (UInt256(limbs: wide.0), overflow)
    }

    /// Quotient and remainder; nil when dividing by zero.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256)? {
        let dn = divisor.limbCount
        if dn == 0 { return nil }
        if self < divisor { return (.zero, self) }
        var n = limbs, d = divisor.limbs
        var q: Limbs = (0, 0, 0, 0), r: Limbs = (0, 0, 0, 0)
        UInt256.withLimbs(&q) { qp in
            UInt256.withLimbs(&r) { rp in
                UInt256.withLimbs(&n) { np in
                    UInt256.withLimbs(&d) { dp in __gmpn_tdiv_qr(qp, rp, 0, np, 4, dp, dn) }
                }
            }
        }
        return (UInt256(limbs: q), UInt256(limbs: r))
    }

    /// Checked addition: throws on overflow, like Solidity 0.8.
    public func adding(_ other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (value, overflow) = addingReportingOverflow(other)
        if overflow { throw ArithmeticError(.overflow, "arithmetic overflow: \(self) + \(other) exceeds 2^256-1") }
        return value
    }

    /// Checked subtraction: throws on underflow, like Solidity 0.8.
    public func subtracting(_ other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (value, overflow) = subtractingReportingOverflow(other)
        if overflow { throw ArithmeticError(.underflow, "arithmetic underflow: \(self) - \(other) is negative") }
        return value
    }

    /// Checked multiplication: throws on overflow, like Solidity 0.8.
    public func multiplied(by other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (value, overflow) = multipliedReportingOverflow(by: other)
        if overflow { throw ArithmeticError(.overflow, "arithmetic overflow: \(self) * \(other) exceeds 2^256-1") }
        return value
    }

    /// Checked division: throws on division by zero, like Solidity 0.8.
    public func divided(by other: UInt256) throws(ArithmeticError) -> UInt256 {
        guard let (q, _) = quotientAndRemainder(dividingBy: other) else {
            throw ArithmeticError(.divisionByZero, "division by zero: \(self) / 0")
        }
        return q
    }

    /// Checked remainder: throws on modulo by zero, like Solidity 0.8.
    public func remainder(dividingBy other: UInt256) throws(ArithmeticError) -> UInt256 {
        guard let (_, r) = quotientAndRemainder(dividingBy: other) else {
            throw ArithmeticError(.divisionByZero, "modulo by zero: \(self) % 0")
        }
        return r
    }

    /// 10^exponent; throws when it exceeds 2^256−1 (exponent > 77).
    public static func pow10(_ exponent: Int) throws(ArithmeticError) -> UInt256 {
        guard exponent >= 0 else {
            throw ArithmeticError(.underflow, "10^\(exponent) is not an integer: the exponent must not be negative")
        }
        guard exponent < powersOfTen.count else {
            throw ArithmeticError(.overflow, "arithmetic overflow: 10^\(exponent) exceeds 2^256-1")
        }
        return powersOfTen[exponent]
    }

    static let powersOfTen: [UInt256] = {
        var out: [UInt256] = [.one]
        let ten = UInt256(10)
        while true {
            let (next, overflow) = out[out.count - 1].multipliedReportingOverflow(by: ten)
            if overflow { break }
            out.append(next)
        }
        return out
    }()

    /// Wrapping operators for code that wants modular arithmetic explicitly.
    public static func &+ (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.addingReportingOverflow(rhs).partialValue }
    public static func &- (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.subtractingReportingOverflow(rhs).partialValue }
    public static func &* (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.multipliedReportingOverflow(by: rhs).partialValue }

    /// Bitwise complement.
    public static prefix func ~ (value: UInt256) -> UInt256 {
        UInt256(limbs: (~value.limbs.0, ~value.limbs.1, ~value.limbs.2, ~value.limbs.3))
    }

    /// 2^bits (bits in 0..<256).
    static func powerOfTwo(_ bits: Int) -> UInt256 {
        var words: [UInt64] = [0, 0, 0, 0]
        words[bits / 64] = 1 << UInt64(bits % 64)
        return UInt256(limbs: (words[0], words[1], words[2], words[3]))
    }
}

// MARK: - Comparable, Hashable

extension UInt256: Comparable, Hashable {
    public static func == (lhs: UInt256, rhs: UInt256) -> Bool {
        lhs.limbs.0 == rhs.limbs.0 && lhs.limbs.1 == rhs.limbs.1 && lhs.limbs.2 == rhs.limbs.2
            && lhs.limbs.3 == rhs.limbs.3
    }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        if lhs.limbs.3 != rhs.limbs.3 { return lhs.limbs.3 < rhs.limbs.3 }
        if lhs.limbs.2 != rhs.limbs.2 { return lhs.limbs.2 < rhs.limbs.2 }
        if lhs.limbs.1 != rhs.limbs.1 { return lhs.limbs.1 < rhs.limbs.1 }
        return lhs.limbs.0 < rhs.limbs.0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(limbs.0)
        hasher.combine(limbs.1)
        hasher.combine(limbs.2)
        hasher.combine(limbs.3)
    }
}

// MARK: - Text

extension UInt256: CustomStringConvertible, ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }

    /// Decimal digits.
    public var description: String { toString(radix: 10) }

    /// `0x`-prefixed lowercase hex without leading zeros (`0x0` for zero).
    public var hexString: String { "0x" + toString(radix: 16) }

    /// The value in base 2…36 (lowercase letters), without prefix.
    public func toString(radix: Int) -> String {
        precondition(radix >= 2 && radix <= 36)
        let n = limbCount
        if n == 0 { return "0" }
        if n == 1 { return String(limbs.0, radix: radix) }
        var copy = limbs
        var digits = [UInt8](repeating: 0, count: 260)
        let count = digits.withUnsafeMutableBufferPointer { buffer in
            UInt256.withLimbs(&copy) { sp in __gmpn_get_str(buffer.baseAddress, Int32(radix), sp, n) }
        }
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var start = 0
        while start < count - 1 && digits[start] == 0 { start += 1 }
        return String(decoding: digits[start..<count].map { alphabet[Int($0)] }, as: UTF8.self)
    }

    /// Parses decimal digits, or hex digits after `0x`. Underscores are not accepted; the value must
    /// fit in 256 bits.
    public init(_ text: String) throws(UInt256Error) {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            try self.init(digits: String(text.dropFirst(2)), radix: 16, original: text)
        } else {
            try self.init(digits: text, radix: 10, original: text)
        }
    }

    /// How many digits 2^256−1 has in `radix`.
    static func maxDigits(radix: Int) -> Int {
        var digits = 0
        var value = UInt256.max
        let divisor = UInt256(UInt64(radix))
        while !value.isZero {
            value = value.quotientAndRemainder(dividingBy: divisor)?.quotient ?? .zero
            digits += 1
        }
        return digits
    }

    /// Parses digits in `radix` (2…36) without a prefix.
    public init(digits: String, radix: Int, original: String? = nil) throws(UInt256Error) {
        guard radix >= 2 && radix <= 36 else {
            throw UInt256Error(.invalidDigit, "invalid radix \(radix): must be between 2 and 36")
        }
        let shown = Hex.quoted(original ?? digits)
        let kind = radix == 16 ? "hex" : radix == 10 ? "decimal" : "base-\(radix)"
        guard !digits.isEmpty else {
            throw UInt256Error(.invalidDigit, "invalid \(kind) integer \(shown): no digits")
        }
        var values: [UInt8] = []
        values.reserveCapacity(digits.utf8.count)
        for (i, c) in digits.utf8.enumerated() {
            let v: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = Int(c) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = Int(c) - 55
            default: v = 99
            }
            guard v < radix else {
                let offset = (original?.utf8.count ?? digits.utf8.count) - digits.utf8.count + i
                throw UInt256Error(.invalidDigit, "invalid \(kind) integer \(shown): character at position \(offset) is not a \(kind) digit")
            }
            if values.isEmpty && v == 0 { continue }  // leading zeros
            values.append(UInt8(v))
        }
        if values.isEmpty {
            self = .zero
            return
        }
        // More significant digits than 2^256−1 has in this radix cannot fit; checking first also
        // bounds what GMP writes (at most 256 + log2(radix) bits, so 5 limbs; 9 leaves room).
        guard values.count <= UInt256.maxDigits(radix: radix) else {
            throw UInt256Error(.tooLarge, "integer \(shown) exceeds 2^256-1")
        }
        var result = [mp_limb_t](repeating: 0, count: 9)
        let size = result.withUnsafeMutableBufferPointer { rp in
            values.withUnsafeBufferPointer { sp in __gmpn_set_str(rp.baseAddress, sp.baseAddress, sp.count, Int32(radix)) }
        }
        guard size <= 4 else {
            throw UInt256Error(.tooLarge, "integer \(shown) exceeds 2^256-1")
        }
        limbs = (UInt64(result[0]), UInt64(result[1]), UInt64(result[2]), UInt64(result[3]))
    }
}

// MARK: - Token decimals

extension UInt256 {
    /// Parses a decimal amount with up to `decimals` fractional digits and scales it to base units:
    /// `"1.5"` with 18 decimals is 1500000000000000000. Too many fractional digits, a malformed number
    /// or a result above 2^256−1 is an error.
    public init(amount text: String, decimals: Int) throws(UInt256Error) {
        if let value = Self.smallAmount(text, decimals: decimals) {
            self = value
            return
        }
        try self.init(generalAmount: text, decimals: decimals)
    }

    /// Any amount, with the precise errors.
    init(generalAmount text: String, decimals: Int) throws(UInt256Error) {
        let shown = Hex.quoted(text)
        guard decimals >= 0, decimals <= 77 else {
            throw UInt256Error(.invalidAmount, "invalid decimals \(decimals): must be between 0 and 77")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else {
            throw UInt256Error(.invalidAmount, "invalid amount \(shown): more than one decimal point")
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        if whole.isEmpty && fraction.isEmpty {
            throw UInt256Error(.invalidAmount, "invalid amount \(shown): no digits")
        }
        for c in whole + fraction where !("0"..."9").contains(c) {
            throw UInt256Error(.invalidAmount, "invalid amount \(shown): '\(c)' is not a decimal digit")
        }
        let trimmedFraction = String(fraction.reversed().drop { $0 == "0" }.reversed())
        guard trimmedFraction.count <= decimals else {
            throw UInt256Error(.tooManyDecimals, "invalid amount \(shown): \(trimmedFraction.count) fractional digits but the token has \(decimals) decimals")
        }
        let padded = trimmedFraction + String(repeating: "0", count: decimals - trimmedFraction.count)
        let digits = (whole.isEmpty ? "0" : String(whole)) + padded
        do {
            try self.init(digits: digits, radix: 10)
        } catch {
            throw UInt256Error(.tooLarge, "amount \(shown) with \(decimals) decimals exceeds 2^256-1 base units")
        }
    }

    /// The common case without allocations: a well-formed amount of at most 38 digits once scaled.
    /// Nil for anything else, which the general path parses (and refuses with its messages).
    static func smallAmount(_ text: String, decimals: Int) -> UInt256? {
        guard decimals >= 0, decimals <= 38 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, count = 0, fractionDigits = 0, pendingZeros = 0
        var seenPoint = false, seenDigit = false
        // Digits go into a 38-digit accumulator (high·10^19 + low); zeros at the end of the fraction
        // are held back, since they may be trailing zeros that do not count against `decimals`.
        func push(_ digit: UInt64) -> Bool {
            if count == 0 && digit == 0 { return true }  // leading zeros
            count += 1
            if count > 38 { return false }
            let carry = low / 1_000_000_000_000_000_000
            low = (low % 1_000_000_000_000_000_000) * 10 + digit
            high = high * 10 + carry
            return true
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            seenDigit = true
            let digit = UInt64(byte - UInt8(ascii: "0"))
            if seenPoint {
                if digit == 0 {
                    pendingZeros += 1
                    continue
                }
                for _ in 0..<pendingZeros { guard push(0) else { return nil } }
                fractionDigits += pendingZeros + 1
                pendingZeros = 0
            }
            guard push(digit) else { return nil }
        }
        guard seenDigit, fractionDigits <= decimals else { return nil }
        for _ in 0..<(decimals - fractionDigits) { guard push(0) else { return nil } }
        let scaled = UInt256(high).multipliedReportingOverflow(by: UInt256(UInt64(10_000_000_000_000_000_000)))
        guard !scaled.overflow, let value = try? scaled.partialValue.adding(UInt256(low)) else { return nil }
        return value
    }

    /// Formats base units as a decimal amount with `decimals` places, trimming trailing zeros
    /// (`1500000000000000000` with 18 decimals is `"1.5"`). Decimals of zero or less print the integer.
    public func formatted(decimals: Int) -> String {
        if decimals <= 0 { return description }
        var digits = Array(description.utf8)
        if digits.count <= decimals {
            digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals - digits.count + 1) + digits
        }
        let wholeCount = digits.count - decimals
        var end = digits.count
        while end > wholeCount && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        if end == wholeCount { return String(decoding: digits[..<wholeCount], as: UTF8.self) }
        return String(decoding: digits[..<wholeCount] + [UInt8(ascii: ".")] + digits[wholeCount..<end], as: UTF8.self)
    }
}

extension UInt256: Codable {
    /// Decodes a decimal string, a `0x` hex string or a JSON number that fits in 64 bits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(UInt64.self) {
            self.init(number)
        } else {
            self = try UInt256(container.decode(String.self))
        }
    }
    /// Encodes as a decimal string, so that no JSON reader loses precision.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Solidity 0.8 arithmetic failures (the conditions of panic codes 0x11 and 0x12).
public struct ArithmeticError: CodedError {
    public enum Code: Sendable, Equatable { case overflow, underflow, divisionByZero }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

public struct UInt256Error: CodedError {
    public enum Code: Sendable, Equatable { case invalidDigit, tooLarge, invalidAmount, tooManyDecimals }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
