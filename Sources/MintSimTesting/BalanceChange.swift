/// A signed change of a balance, from −(2^256 − 1) to 2^256 − 1: any difference of two 256-bit
/// balances (wider than `Int256`). Written as an integer literal of any size (`-100`, `+100`,
/// `1_000_000_000_000_000_000_000`), or `.increase(amount)` / `.decrease(amount)` for computed
/// amounts.
public struct BalanceChange: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Whether the balance goes down (false for no change).
    public let isNegative: Bool
    public let magnitude: UInt256
    /// A literal beyond ±(2^256 − 1): reported as a failure by `expectBalanceChanges`.
    let outOfRange: Bool

    private init(isNegative: Bool, magnitude: UInt256, outOfRange: Bool = false) {
        self.isNegative = isNegative && !magnitude.isZero
        self.magnitude = magnitude
        self.outOfRange = outOfRange
    }

    public static let zero = BalanceChange(isNegative: false, magnitude: .zero)

    public static func increase(_ amount: UInt256) -> BalanceChange { BalanceChange(isNegative: false, magnitude: amount) }
    public static func decrease(_ amount: UInt256) -> BalanceChange { BalanceChange(isNegative: true, magnitude: amount) }

    public init(_ value: Int) {
        self.init(isNegative: value < 0, magnitude: UInt256(value.magnitude.toUInt64))
    }

    public init(_ value: Int256) {
        self.init(isNegative: value.isNegative, magnitude: value.magnitude)
    }

    /// The change from `before` to `after`.
    public init(from before: UInt256, to after: UInt256) {
        if after >= before {
            self.init(isNegative: false, magnitude: after &- before)
        } else {
            self.init(isNegative: true, magnitude: before &- after)
        }
    }

    public init(integerLiteral value: StaticBigInt) {
        // The literal's two's-complement form, 320 bits wide, little-endian bytes.
        let byteCount = 40
        guard value.bitWidth <= byteCount * 8 else {
            self.init(isNegative: value.signum() < 0, magnitude: .max, outOfRange: true)
            return
        }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for index in 0..<byteCount {
            let bit = index * 8
            bytes[index] = UInt8(truncatingIfNeeded: value[bit / UInt.bitWidth] >> UInt(bit % UInt.bitWidth))
        }
        let negative = value.signum() < 0
        if negative {  // magnitude = ~x + 1
            var carry = true
            for index in 0..<byteCount {
                let (sum, overflow) = (~bytes[index]).addingReportingOverflow(carry ? 1 : 0)
                bytes[index] = sum
                carry = overflow
            }
        }
        let fits = bytes[32...].allSatisfy { $0 == 0 }
        let magnitude = (try? UInt256(bigEndian: bytes[0..<32].reversed())) ?? .max
        self.init(isNegative: negative, magnitude: fits ? magnitude : .max, outOfRange: !fits)
    }

    public static prefix func + (change: BalanceChange) -> BalanceChange { change }

    public static prefix func - (change: BalanceChange) -> BalanceChange {
        BalanceChange(isNegative: !change.isNegative, magnitude: change.magnitude, outOfRange: change.outOfRange)
    }

    /// `+100`, `-100`, or `0`.
    public var description: String {
        if outOfRange { return "(out of range)" }
        if magnitude.isZero { return "0" }
        return (isNegative ? "-" : "+") + magnitude.description
    }
}

extension UInt {
    fileprivate var toUInt64: UInt64 { UInt64(truncatingIfNeeded: self) }
}
