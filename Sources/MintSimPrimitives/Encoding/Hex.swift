/// Hexadecimal encoding and decoding of byte strings, Ethereum style (`0x`-prefixed, lowercase).
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hex with a `0x` prefix (`0x` alone for no bytes).
    public static func encode(_ bytes: some Collection<UInt8>, prefix: Bool = true) -> String {
        let count = bytes.count * 2 + (prefix ? 2 : 0)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            if prefix {
                buffer[0] = UInt8(ascii: "0")
                buffer[1] = UInt8(ascii: "x")
                i = 2
            }
            for byte in bytes {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return count
        }
    }

    /// Decodes a hex string. The `0x` (or `0X`) prefix is optional unless `requirePrefix` is set;
    /// an odd number of digits or a character that is not a hex digit is an error naming the position.
    public static func decode(_ string: String, requirePrefix: Bool = false) throws(HexError) -> [UInt8] {
        let utf8 = Array(string.utf8)
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            start = 2
        } else if requirePrefix {
            throw HexError(.missingPrefix, input: string, reason: "missing 0x prefix")
        }
        let digitCount = utf8.count - start
        for i in start..<utf8.count where nibble(utf8[i]) == nil {
            let character = String(decoding: [utf8[i]], as: UTF8.self)
            let shown = utf8[i] < 0x80 ? "'\(character)'" : "a non-ASCII character"
            throw HexError(.invalidCharacter, input: string, reason: "\(shown) at position \(i) is not a hex digit")
        }
        if digitCount % 2 != 0 {
            throw HexError(.oddLength, input: string, reason: "odd number of hex digits (\(digitCount))")
        }
        var out = [UInt8](repeating: 0, count: digitCount / 2)
        for j in 0..<out.count {
            out[j] = (nibbleTable[Int(utf8[start + 2 * j])] << 4) | nibbleTable[Int(utf8[start + 2 * j + 1])]
        }
        return out
    }

    /// Decodes a hex string that must hold exactly `length` bytes.
    public static func decode(_ string: String, length: Int, what: String = "value") throws(HexError) -> [UInt8] {
        let bytes = try decode(string)
        guard bytes.count == length else {
            throw HexError(.wrongLength, "invalid \(what) \(quoted(string)): expected \(length) bytes, got \(bytes.count)", reason: "expected \(length) bytes, got \(bytes.count)")
        }
        return bytes
    }

    /// Value of each ASCII hex digit; 0xFF marks a byte that is not a hex digit.
    private static let nibbleTable: [UInt8] = (0..<256).map { c -> UInt8 in
        switch c {
        case 0x30...0x39: return UInt8(c - 0x30)
        case 0x61...0x66: return UInt8(c - 0x61 + 10)
        case 0x41...0x46: return UInt8(c - 0x41 + 10)
        default: return 0xFF
        }
    }

    @inline(__always)
    public static func nibble(_ c: UInt8) -> UInt8? {
        let v = nibbleTable[Int(c)]
        return v == 0xFF ? nil : v
    }

    /// Quotes a user-supplied string for an error message, shortening very long input.
    static func quoted(_ s: String) -> String {
        if s.count <= 80 { return "\"\(s)\"" }
        return "\"\(s.prefix(40))…\(s.suffix(20))\" (\(s.count) characters)"
    }
}

public struct HexError: CodedError {
    public enum Code: Sendable, Equatable { case missingPrefix, oddLength, invalidCharacter, wrongLength }
    public let code: Code
    public let message: String
    /// What is wrong, without quoting the input (for secrets such as private keys).
    public let reason: String
    init(_ code: Code, _ message: String, reason: String) {
        self.code = code
        self.message = message
        self.reason = reason
    }
    init(_ code: Code, input: String, reason: String) {
        self.init(code, "invalid hex \(Hex.quoted(input)): \(reason)", reason: reason)
    }
}

extension Array where Element == UInt8 {
    /// The bytes as `0x`-prefixed lowercase hex.
    public var hex: String { Hex.encode(self) }

    /// Parses `0x`-prefixed (or bare) hex.
    public init(hex: String) throws(HexError) { self = try Hex.decode(hex) }
}
