import Foundation

/// A signed 256-bit integer in two's complement, for ABI `int<M>` values.
///
/// It carries values only (parsing, printing, range checks); amounts and arithmetic use `UInt256`.
public struct Int256: Hashable, Sendable, CustomStringConvertible {
    /// The 256-bit two's-complement pattern (the ABI word).
    public let bitPattern: UInt256

    public init(bitPattern: UInt256) { self.bitPattern = bitPattern }

    public init(_ value: Int) {
        if value >= 0 {
            bitPattern = UInt256(UInt64(value))
        } else {
            bitPattern = UInt256(limbs: (UInt64(bitPattern: Int64(value)), .max, .max, .max))
        }
    }

    public static let zero = Int256(bitPattern: .zero)
    /// −2^255.
    public static let min = Int256(bitPattern: UInt256.powerOfTwo(255))
    /// 2^255 − 1.
    public static let max = Int256(bitPattern: UInt256.powerOfTwo(255) &- .one)

    public var isNegative: Bool { bitPattern.limbs.3 >> 63 == 1 }

    /// |value| (2^255 for `min`).
    public var magnitude: UInt256 { isNegative ? (~bitPattern &+ .one) : bitPattern }

    /// Whether the value fits in `int<bits>`: −2^(bits−1) ≤ value ≤ 2^(bits−1) − 1.
    public func fits(bits: Int) -> Bool {
        let width = isNegative ? (~bitPattern).bitWidth : bitPattern.bitWidth
        return width <= bits - 1
    }

    public var description: String { isNegative ? "-\(magnitude)" : bitPattern.description }

    /// Parses an optional minus sign and decimal digits, or hex digits after `0x` / `-0x`.
    public init(_ text: String) throws(UInt256Error) {
        let negative = text.hasPrefix("-")
        var body = negative ? String(text.dropFirst()) : text
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            body = String(body.dropFirst(2))
            radix = 16
        }
        let shown = Hex.quoted(text)
        let magnitude: UInt256
        do {
            magnitude = try UInt256(digits: body, radix: radix, original: text)
        } catch where error.code == .tooLarge {
            throw UInt256Error(.tooLarge, negative ? "signed integer \(shown) is below -2^255" : "signed integer \(shown) exceeds 2^255-1")
        } catch {
            throw UInt256Error(error.code, error.message.replacingOccurrences(of: " integer \(shown)", with: " signed integer \(shown)"))
        }
        if negative {
            guard magnitude <= UInt256.powerOfTwo(255) else {
                throw UInt256Error(.tooLarge, "signed integer \(shown) is below -2^255")
            }
            bitPattern = ~magnitude &+ .one
        } else {
            guard magnitude < UInt256.powerOfTwo(255) else {
                throw UInt256Error(.tooLarge, "signed integer \(shown) exceeds 2^255-1")
            }
            bitPattern = magnitude
        }
    }
}
