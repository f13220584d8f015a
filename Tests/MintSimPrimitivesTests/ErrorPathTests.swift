import Foundation
import Testing

@testable import MintSimPrimitives

/// Every error a user can trigger in MintSimPrimitives, with its exact message.
@Suite struct ErrorPathTests {
    /// A 32-byte big-endian ABI word holding `n`.
    static func word(_ n: UInt64) -> [UInt8] { UInt256(n).bytes32 }

    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"  // 2^256-1
    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
    static let twoTo255 = "57896044618658097711785492504343953926634992332820282019728792003956564819968"

    // MARK: - Hex

    @Test func hexErrors() throws {
        expectError(HexError.self, #"invalid hex "1234": missing 0x prefix"#) { _ = try Hex.decode("1234", requirePrefix: true) }
        expectError(HexError.self, #"invalid hex "": missing 0x prefix"#) { _ = try Hex.decode("", requirePrefix: true) }
        #expect(try Hex.decode("0X0aFf", requirePrefix: true) == [0x0a, 0xff])
        #expect(try Hex.decode("0x") == [])
        #expect(try Hex.decode("") == [])
        expectError(HexError.self, #"invalid hex "0x123": odd number of hex digits (3)"#) { _ = try Hex.decode("0x123") }
        expectError(HexError.self, #"invalid hex "1": odd number of hex digits (1)"#) { _ = try Hex.decode("1") }
        expectError(HexError.self, #"invalid hex "0x12g4": 'g' at position 4 is not a hex digit"#) { _ = try Hex.decode("0x12g4") }
        expectError(HexError.self, #"invalid hex " 0x12": ' ' at position 0 is not a hex digit"#) { _ = try Hex.decode(" 0x12") }
        // A bad character is reported before an odd length.
        expectError(HexError.self, #"invalid hex "0x1z3": 'z' at position 3 is not a hex digit"#) { _ = try Hex.decode("0x1z3") }
        // Positions count UTF-8 bytes; non-ASCII characters are not echoed as broken bytes.
        expectError(HexError.self, #"invalid hex "0x12é4": a non-ASCII character at position 4 is not a hex digit"#) {
            _ = try Hex.decode("0x12é4")
        }
        expectError(HexError.self, #"invalid selector "0x1234": expected 4 bytes, got 2"#) {
            _ = try Hex.decode("0x1234", length: 4, what: "selector")
        }
        expectError(HexError.self, #"invalid value "0x": expected 1 bytes, got 0"#) { _ = try Hex.decode("0x", length: 1) }
        // Long input is shortened in messages.
        let long = String(repeating: "a", count: 99)
        expectError(HexError.self, "invalid hex \"\(String(repeating: "a", count: 40))…\(String(repeating: "a", count: 20))\" (99 characters): odd number of hex digits (99)") {
            _ = try Hex.decode(long)
        }
        #expect(thrownError(HexError.self) { _ = try Hex.decode("0xg") }?.code == .invalidCharacter)
        #expect(thrownError(HexError.self) { _ = try Hex.decode("0x1") }?.code == .oddLength)
    }

    // MARK: - Address and Hash

    @Test func addressErrors() throws {
        let d39 = String(repeating: "a", count: 39)
        expectError(AddressError.self, "invalid address \"0x\(d39)\": expected 40 hex digits, got 39") { _ = try Address("0x" + d39) }
        expectError(AddressError.self, "invalid address \"0x\(d39)bb\": expected 40 hex digits, got 41") { _ = try Address("0x" + d39 + "bb") }
        expectError(AddressError.self, #"invalid address "": expected 40 hex digits, got 0"#) { _ = try Address("") }
        expectError(AddressError.self, "invalid address \"0xg\(d39)\": character at position 2 is not a hex digit") { _ = try Address("0xg" + d39) }
        expectError(AddressError.self, "invalid address \"\(d39)x\": character at position 39 is not a hex digit") { _ = try Address(d39 + "x") }
        // One letter's case flipped in a valid checksummed address.
        let good = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
        let flipped = "0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266"
        #expect(throws: Never.self) { try Address(good) }
        expectError(AddressError.self, "invalid address \"\(flipped)\": EIP-55 checksum mismatch (the checksummed form is \(good))") {
            _ = try Address(flipped)
        }
        // All-lowercase and all-uppercase skip the checksum.
        #expect(try Address(good.lowercased()) == Address(good))
        #expect(try Address("0x" + good.dropFirst(2).uppercased()) == Address(good))
        expectError(AddressError.self, "invalid address: expected 20 bytes, got 19") { _ = try Address(bytes: [UInt8](repeating: 1, count: 19)) }
        #expect(thrownError(AddressError.self) { _ = try Address(flipped) }?.code == .badChecksum)
    }

    @Test func hashErrors() throws {
        expectError(HashError.self, #"invalid hash "0x1234": expected 32 bytes, got 2"#) { _ = try Hash(hex: "0x1234") }
        expectError(HashError.self, #"invalid hex "0xzz": 'z' at position 2 is not a hex digit"#) { _ = try Hash(hex: "0xzz") }
        expectError(HashError.self, #"invalid hex "0x123": odd number of hex digits (3)"#) { _ = try Hash(hex: "0x123") }
        expectError(HashError.self, "invalid hash: expected 32 bytes, got 33") { _ = try Hash(bytes: [UInt8](repeating: 0, count: 33)) }
    }

    // MARK: - UInt256 and Int256

    @Test func uint256ParseErrors() throws {
        expectError(UInt256Error.self, #"invalid decimal integer "12a": character at position 2 is not a decimal digit"#) { _ = try UInt256("12a") }
        expectError(UInt256Error.self, #"invalid decimal integer "-1": character at position 0 is not a decimal digit"#) { _ = try UInt256("-1") }
        expectError(UInt256Error.self, #"invalid decimal integer "1_000": character at position 1 is not a decimal digit"#) { _ = try UInt256("1_000") }
        expectError(UInt256Error.self, #"invalid hex integer "0x1g": character at position 3 is not a hex digit"#) { _ = try UInt256("0x1g") }
        expectError(UInt256Error.self, #"invalid decimal integer "": no digits"#) { _ = try UInt256("") }
        expectError(UInt256Error.self, #"invalid hex integer "0x": no digits"#) { _ = try UInt256("0x") }
        expectError(UInt256Error.self, #"invalid base-2 integer "102": character at position 2 is not a base-2 digit"#) {
            _ = try UInt256(digits: "102", radix: 2)
        }
        expectError(UInt256Error.self, "integer \"\(Self.twoTo256)\" exceeds 2^256-1") { _ = try UInt256(Self.twoTo256) }
        let hex65 = "0x1" + String(repeating: "0", count: 64)
        expectError(UInt256Error.self, "integer \"\(hex65)\" exceeds 2^256-1") { _ = try UInt256(hex65) }
        // Above the 260-digit cap (rejected before any conversion).
        let huge = String(repeating: "1", count: 261)
        expectError(UInt256Error.self, "integer \"\(huge.prefix(40))…\(huge.suffix(20))\" (261 characters) exceeds 2^256-1") { _ = try UInt256(huge) }
        #expect(try UInt256(Self.maxDecimal) == .max)
        #expect(try UInt256("0x" + String(repeating: "f", count: 64)) == .max)
        #expect(try UInt256(String(repeating: "0", count: 300) + "7") == 7)
        expectError(UInt256Error.self, "value of 33 bytes does not fit in 256 bits") { _ = try UInt256(bigEndian: [UInt8](repeating: 0, count: 33)) }
        #expect(thrownError(UInt256Error.self) { _ = try UInt256(Self.twoTo256) }?.code == .tooLarge)
    }

    /// 145…260 hex digits (or 174…260 decimal digits) pass the 260-digit cap, and
    /// `__gmpn_set_str` then writes more limbs than the 9-limb buffer in UInt256.swift holds.
    @Test func uint256LongDigitStringsAreRejectedSafely() async throws {
        await #expect(processExitsWith: .success) {
            for _ in 0..<50 {
                _ = try? UInt256("0x" + String(repeating: "f", count: 260))
                _ = try? UInt256(String(repeating: "9", count: 260))
                _ = (0..<50).map { [UInt8](repeating: UInt8($0), count: 72) }
            }
        }
    }

    @Test func amountErrors() throws {
        expectError(UInt256Error.self, #"invalid amount "1.2.3": more than one decimal point"#) { _ = try UInt256(amount: "1.2.3", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount "": no digits"#) { _ = try UInt256(amount: "", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount ".": no digits"#) { _ = try UInt256(amount: ".", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount "1a": 'a' is not a decimal digit"#) { _ = try UInt256(amount: "1a", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount "-1": '-' is not a decimal digit"#) { _ = try UInt256(amount: "-1", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount "1e18": 'e' is not a decimal digit"#) { _ = try UInt256(amount: "1e18", decimals: 18) }
        expectError(UInt256Error.self, #"invalid amount "1.234": 3 fractional digits but the token has 2 decimals"#) {
            _ = try UInt256(amount: "1.234", decimals: 2)
        }
        expectError(UInt256Error.self, #"invalid amount "0.5": 1 fractional digits but the token has 0 decimals"#) {
            _ = try UInt256(amount: "0.5", decimals: 0)
        }
        expectError(UInt256Error.self, #"amount "1000" with 77 decimals exceeds 2^256-1 base units"#) { _ = try UInt256(amount: "1000", decimals: 77) }
        expectError(UInt256Error.self, "amount \"\(Self.twoTo256)\" with 0 decimals exceeds 2^256-1 base units") {
            _ = try UInt256(amount: Self.twoTo256, decimals: 0)
        }
        expectError(UInt256Error.self, "invalid decimals 78: must be between 0 and 77") { _ = try UInt256(amount: "1", decimals: 78) }
        expectError(UInt256Error.self, "invalid decimals -1: must be between 0 and 77") { _ = try UInt256(amount: "1", decimals: -1) }
        #expect(thrownError(UInt256Error.self) { _ = try UInt256(amount: "1.234", decimals: 2) }?.code == .tooManyDecimals)
        #expect(thrownError(UInt256Error.self) { _ = try UInt256(amount: "1..", decimals: 2) }?.code == .invalidAmount)
    }

    /// A non-ASCII character is shown as one of its UTF-8 bytes decoded alone, i.e. U+FFFD.
    @Test func amountNonASCIICharacterMessage() throws {
        expectError(UInt256Error.self, #"invalid amount "1é": 'é' is not a decimal digit"#) { _ = try UInt256(amount: "1é", decimals: 2) }
    }

    @Test func arithmeticErrors() throws {
        let max = Self.maxDecimal
        expectError(ArithmeticError.self, "arithmetic overflow: \(max) + 1 exceeds 2^256-1") { _ = try UInt256.max.adding(.one) }
        expectError(ArithmeticError.self, "arithmetic overflow: \(max) * 2 exceeds 2^256-1") { _ = try UInt256.max.multiplied(by: 2) }
        let twoTo128 = UInt256(limbs: (0, 0, 1, 0))
        expectError(ArithmeticError.self, "arithmetic overflow: \(twoTo128) * \(twoTo128) exceeds 2^256-1") { _ = try twoTo128.multiplied(by: twoTo128) }
        expectError(ArithmeticError.self, "arithmetic underflow: 1 - 2 is negative") { _ = try UInt256(1).subtracting(2) }
        expectError(ArithmeticError.self, "arithmetic underflow: 0 - \(max) is negative") { _ = try UInt256.zero.subtracting(.max) }
        expectError(ArithmeticError.self, "division by zero: 7 / 0") { _ = try UInt256(7).divided(by: .zero) }
        expectError(ArithmeticError.self, "modulo by zero: 7 % 0") { _ = try UInt256(7).remainder(dividingBy: .zero) }
        expectError(ArithmeticError.self, "arithmetic overflow: 10^78 exceeds 2^256-1") { _ = try UInt256.pow10(78) }
        #expect(thrownError(ArithmeticError.self) { _ = try UInt256(1).subtracting(2) }?.code == .underflow)
        #expect(thrownError(ArithmeticError.self) { _ = try UInt256(1).divided(by: 0) }?.code == .divisionByZero)
        #expect(thrownError(ArithmeticError.self) { _ = try UInt256.pow10(78) }?.code == .overflow)
    }

    @Test func pow10NegativeExponentMessage() throws {
        #expect(thrownError(ArithmeticError.self) { _ = try UInt256.pow10(-1) }?.description.contains("exceeds") == false)
    }

    @Test func int256Errors() throws {
        // -2^255 and 2^255-1 are the bounds.
        #expect(try Int256("-" + Self.twoTo255) == Int256.min)
        #expect(try Int256("-0x8" + String(repeating: "0", count: 63)) == Int256.min)
        let belowMin = "-57896044618658097711785492504343953926634992332820282019728792003956564819969"
        expectError(UInt256Error.self, "signed integer \"\(belowMin)\" is below -2^255") { _ = try Int256(belowMin) }
        expectError(UInt256Error.self, "signed integer \"\(Self.twoTo255)\" exceeds 2^255-1") { _ = try Int256(Self.twoTo255) }
        expectError(UInt256Error.self, "signed integer \"-\(Self.maxDecimal)\" is below -2^255") { _ = try Int256("-" + Self.maxDecimal) }
        expectError(UInt256Error.self, #"invalid decimal signed integer "abc": character at position 0 is not a decimal digit"#) { _ = try Int256("abc") }
        expectError(UInt256Error.self, #"invalid hex signed integer "0x": no digits"#) { _ = try Int256("0x") }
        expectError(UInt256Error.self, "signed integer \"\(Self.twoTo256)\" exceeds 2^255-1") { _ = try Int256(Self.twoTo256) }
    }

    /// The sign is stripped before parsing, and the message then quotes (and counts positions in)
    /// the text without it.
    @Test func int256NegativeParseErrorMessages() throws {
        expectError(UInt256Error.self, #"invalid decimal signed integer "-12x": character at position 3 is not a decimal digit"#) {
            _ = try Int256("-12x")
        }
        expectError(UInt256Error.self, #"invalid decimal signed integer "-": no digits"#) { _ = try Int256("-") }
        expectError(UInt256Error.self, "signed integer \"-\(Self.twoTo256)\" is below -2^255") { _ = try Int256("-" + Self.twoTo256) }
    }

    // MARK: - RLP

    static func rlpError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> RLPError? {
        thrownError(RLPError.self, sourceLocation: sourceLocation) { _ = try RLP.decode(bytes) }
    }

    static func expectRLP(
        _ bytes: [UInt8], _ code: RLPError.Code, offset: Int?, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = rlpError(bytes, sourceLocation: sourceLocation) else { return }
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.offset == offset, sourceLocation: sourceLocation)
        #expect(error.description == message, sourceLocation: sourceLocation)
    }

    @Test func rlpErrors() throws {
        Self.expectRLP([], .empty, offset: 0, "invalid RLP at byte 0: empty input")
        Self.expectRLP([0x83, 0x61, 0x62], .truncated, offset: 0, "invalid RLP at byte 0: string declares 3 byte(s) but only 2 remain")
        Self.expectRLP([0xc3, 0x01], .truncated, offset: 0, "invalid RLP at byte 0: list declares 3 byte(s) but only 1 remain")
        // Inside a list the child is checked against the list's end, not the input's.
        Self.expectRLP([0xc2, 0x83, 0x61, 0x62], .truncated, offset: 1, "invalid RLP at byte 1: string declares 3 byte(s) but only 1 remain")
        Self.expectRLP([0xb9, 0x01], .truncated, offset: 0, "invalid RLP at byte 0: string length needs 2 byte(s) but only 1 remain")
        Self.expectRLP([0xf9], .truncated, offset: 0, "invalid RLP at byte 0: list length needs 2 byte(s) but only 0 remain")
        Self.expectRLP([0xb8, 0x40] + [UInt8](repeating: 1, count: 10), .truncated, offset: 0,
            "invalid RLP at byte 0: string declares 64 byte(s) but only 10 remain")
        Self.expectRLP([0xbb, 0x7f, 0xff, 0xff, 0xff], .truncated, offset: 0,
            "invalid RLP at byte 0: string declares 2147483647 byte(s) but only 0 remain")
        Self.expectRLP([0xbf] + [UInt8](repeating: 0xff, count: 8), .truncated, offset: 0,
            "invalid RLP at byte 0: string length does not fit in memory")
        Self.expectRLP([0xb8, 0x00], .nonCanonical, offset: 1, "invalid RLP at byte 1: non-canonical string length: leading zero byte")
        Self.expectRLP([0xf9, 0x00, 0x40], .nonCanonical, offset: 1, "invalid RLP at byte 1: non-canonical list length: leading zero byte")
        Self.expectRLP([0xb8, 0x37] + [UInt8](repeating: 0x61, count: 55), .nonCanonical, offset: 0,
            "invalid RLP at byte 0: non-canonical string length: 55 must use the short form")
        Self.expectRLP([0xf8, 0x01, 0x01], .nonCanonical, offset: 0, "invalid RLP at byte 0: non-canonical list length: 1 must use the short form")
        Self.expectRLP([0x81, 0x7f], .nonCanonical, offset: 0, "invalid RLP at byte 0: non-canonical string: single byte 0x7f must be encoded as itself")
        Self.expectRLP([0xc2, 0x01, 0x81, 0x00], .truncated, offset: 2, "invalid RLP at byte 2: string declares 1 byte(s) but only 0 remain")
        Self.expectRLP([0xc3, 0x01, 0x81, 0x00], .nonCanonical, offset: 2, "invalid RLP at byte 2: non-canonical string: single byte 0x0 must be encoded as itself")
        Self.expectRLP([0x01, 0x02], .trailingBytes, offset: 1, "invalid RLP at byte 1: 1 trailing byte(s) after the item")
        Self.expectRLP([0xc0, 0xc0, 0xc0], .trailingBytes, offset: 1, "invalid RLP at byte 1: 2 trailing byte(s) after the item")
        #expect(try RLP.decode([0x81, 0x80]) == .bytes([0x80]))
    }

    /// `count` lists nested in one another, innermost empty, encoded by hand.
    static func nestedLists(_ count: Int) -> [UInt8] {
        var encoded: [UInt8] = [0xc0]
        for _ in 1..<count {
            let n = encoded.count
            if n < 56 {
                encoded = [0xc0 + UInt8(n)] + encoded
            } else {
                let length = UInt256(UInt64(n)).minimalBytes
                encoded = [0xf7 + UInt8(length.count)] + length + encoded
            }
        }
        return encoded
    }

    @Test func rlpNestingLimit() throws {
        #expect(RLP.maxDepth == 1024)
        let ok = Self.nestedLists(1024)
        var item = try RLP.decode(ok)
        var depth = 1
        while case .list(let items) = item, let first = items.first {
            item = first
            depth += 1
        }
        #expect(depth == 1024)
        #expect(RLP.encode(try RLP.decode(ok)) == ok)
        // The 1025th list is the innermost one, the last byte of the input.
        let deep = Self.nestedLists(1025)
        Self.expectRLP(deep, .tooDeep, offset: deep.count - 1, "invalid RLP at byte \(deep.count - 1): lists nested deeper than 1024")
    }

    @Test func rlpItemAccessorErrors() throws {
        expectError(RLPError.self, "invalid RLP: nonce: integer has a leading zero byte") { _ = try RLPItem.bytes([0, 1]).uint256Value("nonce") }
        expectError(RLPError.self, "invalid RLP: nonce: integer has a leading zero byte") { _ = try RLPItem.bytes([0]).uint64Value("nonce") }
        expectError(RLPError.self, "invalid RLP: value: integer of 33 bytes exceeds 256 bits") {
            _ = try RLPItem.bytes([UInt8](repeating: 1, count: 33)).uint256Value("value")
        }
        expectError(RLPError.self, "invalid RLP: gas: 18446744073709551616 exceeds 2^64-1") { _ = try RLPItem.bytes([1, 0, 0, 0, 0, 0, 0, 0, 0]).uint64Value("gas") }
        expectError(RLPError.self, "invalid RLP: to: expected a byte string, got a list") { _ = try RLPItem.list([]).bytesValue("to") }
        expectError(RLPError.self, "invalid RLP: gas: expected a byte string, got a list") { _ = try RLPItem.list([]).uint64Value("gas") }
        expectError(RLPError.self, "invalid RLP: accessList: expected a list, got a byte string") { _ = try RLPItem.bytes([]).listValue("accessList") }
        for (item, code) in [(RLPItem.bytes([0, 1]), RLPError.Code.nonCanonical), (.list([]), .unexpectedList), (.bytes([UInt8](repeating: 1, count: 33)), .integerTooLarge)] {
            let error = thrownError(RLPError.self) { _ = try item.uint256Value("x") }
            #expect(error?.code == code)
            #expect(error?.offset == nil)
        }
        #expect(thrownError(RLPError.self) { _ = try RLPItem.bytes([1]).listValue("x") }?.code == .unexpectedString)
        #expect(try RLPItem.bytes([]).uint64Value("zero") == 0)
    }

    // MARK: - ABI types and signatures

    @Test func abiTypeParseErrors() throws {
        expectError(ABIError.self, #"invalid ABI type "foo" at position 0: unknown type 'foo'"#) { _ = try ABIType(parsing: "foo") }
        expectError(ABIError.self, #"invalid ABI type "uint7" at position 0: unknown type 'uint7'"#) { _ = try ABIType(parsing: "uint7") }
        expectError(ABIError.self, #"invalid ABI type "uint264" at position 0: unknown type 'uint264'"#) { _ = try ABIType(parsing: "uint264") }
        expectError(ABIError.self, #"invalid ABI type "uint08" at position 0: unknown type 'uint08'"#) { _ = try ABIType(parsing: "uint08") }
        expectError(ABIError.self, #"invalid ABI type "bytes33" at position 0: unknown type 'bytes33'"#) { _ = try ABIType(parsing: "bytes33") }
        expectError(ABIError.self, #"invalid ABI type "(bool,fixed)" at position 6: unknown type 'fixed'"#) { _ = try ABIType(parsing: "(bool,fixed)") }
        expectError(ABIError.self, #"invalid ABI type "uint256[0]" at position 10: fixed array length must be between 1 and 1048576, got 0"#) {
            _ = try ABIType(parsing: "uint256[0]")
        }
        expectError(ABIError.self, #"invalid ABI type "uint256[01]" at position 11: fixed array length must be between 1 and 1048576, got 01"#) {
            _ = try ABIType(parsing: "uint256[01]")
        }
        expectError(ABIError.self, #"invalid ABI type "bool[1048577]" at position 13: fixed array length must be between 1 and 1048576, got 1048577"#) {
            _ = try ABIType(parsing: "bool[1048577]")
        }
        #expect(try ABIType(parsing: "bool[1048576]") == .fixedArray(.bool, 1_048_576))
        expectError(ABIError.self, #"invalid ABI type "uint256[x]" at position 8: expected ']' in array type"#) { _ = try ABIType(parsing: "uint256[x]") }
        expectError(ABIError.self, #"invalid ABI type "uint256[" at position 8: expected ']' in array type"#) { _ = try ABIType(parsing: "uint256[") }
        expectError(ABIError.self, #"invalid ABI type "uint256 x" at position 8: unexpected 'x' after the type"#) { _ = try ABIType(parsing: "uint256 x") }
        expectError(ABIError.self, #"invalid ABI type "bool)" at position 4: unexpected ')' after the type"#) { _ = try ABIType(parsing: "bool)") }
        expectError(ABIError.self, #"invalid ABI type "" at position 0: expected a type"#) { _ = try ABIType(parsing: "") }
        expectError(ABIError.self, #"invalid ABI type "[]" at position 0: expected a type, found '['"#) { _ = try ABIType(parsing: "[]") }
        expectError(ABIError.self, #"invalid ABI type "(uint256" at position 8: missing ')'"#) { _ = try ABIType(parsing: "(uint256") }
        expectError(ABIError.self, #"invalid ABI type "(uint256;bool)" at position 8: expected ',' or ')', found ';'"#) { _ = try ABIType(parsing: "(uint256;bool)") }
        expectError(ABIError.self, #"invalid ABI type "(uint256,)" at position 9: expected a type, found ')'"#) { _ = try ABIType(parsing: "(uint256,)") }
        // 32 levels of arrays or tuples is the limit.
        let arrays = "uint256" + String(repeating: "[]", count: 32)
        expectError(ABIError.self, "invalid ABI type \"\(arrays)\" at position 69: nested deeper than 32") {
            _ = try ABIType(parsing: arrays)
        }
        #expect(throws: Never.self) { try ABIType(parsing: "uint256" + String(repeating: "[]", count: 31)) }
        let tuples = String(repeating: "(", count: 33) + "uint256" + String(repeating: ")", count: 33)
        expectError(ABIError.self, "invalid ABI type \"\(tuples)\" at position 32: nested deeper than 32") { _ = try ABIType(parsing: tuples) }
        expectError(ABIError.self, #"invalid ABI type "uint256 a b" at position 11: unexpected 'b' after parameter name"#) { _ = try ABIType.parseList("uint256 a b") }
        expectError(ABIError.self, #"invalid ABI type "uint256," at position 8: expected a type"#) { _ = try ABIType.parseList("uint256,") }
        expectError(ABIError.self, #"invalid ABI type "uint256)" at position 7: unexpected ')'"#) { _ = try ABIType.parseList("uint256)") }
        #expect(thrownError(ABIError.self) { _ = try ABIType(parsing: "foo") }?.code == .invalidType)
    }

    /// Nested fixed arrays whose total size overflows Int trap in `ABIType.headSize`.
    @Test func hugeNestedFixedArrayTypeDoesNotCrash() async throws {
        await #expect(processExitsWith: .success) {
            let type = try? ABIType(parsing: "uint256[1048576][1048576][1048576]")
            if let type { _ = try? ABI.decode([type], []) }
        }
    }

    @Test func signatureParseErrors() throws {
        expectError(ABIError.self, #"invalid signature "": expected a name followed by '('"#) { _ = try ABIFunction(parsing: "") }
        expectError(ABIError.self, #"invalid signature "(uint256)": expected a name followed by '('"#) { _ = try ABIFunction(parsing: "(uint256)") }
        expectError(ABIError.self, #"invalid signature "1abc()": expected a name followed by '('"#) { _ = try ABIFunction(parsing: "1abc()") }
        expectError(ABIError.self, #"invalid signature "transfer": expected '(' after transfer"#) { _ = try ABIFunction(parsing: "transfer") }
        expectError(ABIError.self, #"invalid signature "transfer[]": expected '(' after transfer"#) { _ = try ABIFunction(parsing: "transfer[]") }
        expectError(ABIError.self, #"invalid signature "transfer(address": invalid ABI type "transfer(address" at position 16: missing ')'"#) {
            _ = try ABIFunction(parsing: "transfer(address")
        }
        expectError(ABIError.self, #"invalid signature "transfer(addresss,uint256)": invalid ABI type "transfer(addresss,uint256)" at position 9: unknown type 'addresss'"#) {
            _ = try ABIFunction(parsing: "transfer(addresss,uint256)")
        }
        expectError(ABIError.self, #"invalid signature "f() x": unexpected "x" after the parameters"#) { _ = try ABIFunction(parsing: "f() x") }
        expectError(ABIError.self, #"invalid signature "f()(uint256) x": unexpected text after the return types"#) { _ = try ABIFunction(parsing: "f()(uint256) x") }
        expectError(ABIError.self, #"invalid signature "f() returns (uint256": invalid ABI type "(uint256" at position 8: missing ')'"#) {
            _ = try ABIFunction(parsing: "f() returns (uint256")
        }
        #expect(thrownError(ABIError.self) { _ = try ABIFunction(parsing: "f(") }?.code == .invalidSignature)
        // The accepted forms, for contrast.
        #expect(try ABIFunction(parsing: "function transfer(address to, uint256 amount) external returns (bool)").outputs == [.bool])
    }

    @Test func decodeCallErrors() throws {
        let transfer = try ABIFunction(parsing: "transfer(address,uint256)")
        expectError(ABIError.self, "calldata of 3 bytes has no 4-byte selector") { _ = try transfer.decodeCall([1, 2, 3]) }
        expectError(ABIError.self, "calldata selector 0x00000000 is not 0xa9059cbb (transfer(address,uint256))") { _ = try transfer.decodeCall([0, 0, 0, 0]) }
        expectError(ABIError.self, "ABI data too short: (address,uint256) needs at least 64 bytes, got 0") { _ = try transfer.decodeCall([0xa9, 0x05, 0x9c, 0xbb]) }
        #expect(thrownError(ABIError.self) { _ = try transfer.decodeCall([0, 0, 0, 0]) }?.code == .selectorMismatch)
    }

    // MARK: - ABI values

    @Test func abiEncodeErrors() throws {
        expectError(ABIError.self, "expected 2 value(s) for (uint256,bool), got 1") { _ = try ABI.encode([.uint(256), .bool], [.uint(1)]) }
        expectError(ABIError.self, "value 0: a bool value cannot be encoded as uint256") { _ = try ABI.encode([.uint(256)], [.bool(true)]) }
        expectError(ABIError.self, "value 1: a string value cannot be encoded as bytes") { _ = try ABI.encode([.bool, .bytes], [.bool(true), .string("x")]) }
        expectError(ABIError.self, "value 0: 256 does not fit in uint8") { _ = try ABI.encode([.uint(8)], [.uint(256)]) }
        expectError(ABIError.self, "value 0: -129 does not fit in int8") { _ = try ABI.encode([.int(8)], [.int(Int256(-129))]) }
        expectError(ABIError.self, "value 0: 128 does not fit in int8") { _ = try ABI.encode([.int(8)], [.int(Int256(128))]) }
        #expect(throws: Never.self) { try ABI.encode([.int(8), .int(8), .uint(8)], [.int(Int256(-128)), .int(Int256(127)), .uint(255)]) }
        expectError(ABIError.self, "value 0: bytes4 needs exactly 4 bytes, got 3") { _ = try ABI.encode([.fixedBytes(4)], [.fixedBytes([1, 2, 3])]) }
        expectError(ABIError.self, "value 0: (uint256,bool) has 2 components, got 1") { _ = try ABI.encode([.tuple([.uint(256), .bool])], [.tuple([.uint(1)])]) }
        expectError(ABIError.self, "value 0: uint256[2] needs 2 elements, got 1") { _ = try ABI.encode([.fixedArray(.uint(256), 2)], [.array([.uint(1)])]) }
        expectError(ABIError.self, "value 0.1: 300 does not fit in uint8") { _ = try ABI.encode([.array(.uint(8))], [.array([.uint(1), .uint(300)])]) }
        expectError(ABIError.self, "value 0.1.0: a uint value cannot be encoded as bool") {
            _ = try ABI.encode([.tuple([.uint(8), .array(.bool)])], [.tuple([.uint(1), .array([.uint(1)])])])
        }
        #expect(thrownError(ABIError.self) { _ = try ABI.encode([.uint(8)], [.uint(256)]) }?.code == .outOfRange)
        #expect(thrownError(ABIError.self) { _ = try ABI.encode([.uint(8)], [.bool(true)]) }?.code == .valueMismatch)
    }

    @Test func abiDecodeErrors() throws {
        let word = Self.word
        let zero = word(0)
        expectError(ABIError.self, "ABI data too short: (uint256,bool) needs at least 64 bytes, got 63") {
            _ = try ABI.decode([.uint(256), .bool], [UInt8](repeating: 0, count: 63))
        }
        // Offsets.
        expectError(ABIError.self, "value 0: offset 4096 at offset 0 points past the end of the 32-byte data") { _ = try ABI.decode([.bytes], word(4096)) }
        expectError(ABIError.self, "value 0: offset \(Self.maxDecimal) at offset 0 points past the end of the 32-byte data") {
            _ = try ABI.decode([.string], [UInt8](repeating: 0xff, count: 32))
        }
        expectError(ABIError.self, "value 0.0: offset 64 at byte 64 points past the end of the 96-byte data") {
            _ = try ABI.decode([.array(.bytes)], word(32) + word(1) + word(64))
        }
        // Lengths.
        expectError(ABIError.self, "value 0: length 1000 at offset 32 points past the end of the 64-byte data") { _ = try ABI.decode([.bytes], word(32) + word(1000)) }
        expectError(ABIError.self, "value 0: length 40 at offset 32 runs past the end of the 96-byte data") { _ = try ABI.decode([.bytes], word(32) + word(40) + zero) }
        expectError(ABIError.self, "value 0: array length \(Self.maxDecimal) at offset 32 points past the end of the 64-byte data") {
            _ = try ABI.decode([.array(.uint(256))], word(32) + [UInt8](repeating: 0xff, count: 32))
        }
        expectError(ABIError.self, "value 0: array length 3 at offset 32 needs more data than the 32 bytes left") {
            _ = try ABI.decode([.array(.uint(256))], word(32) + word(3) + word(1))
        }
        expectError(ABIError.self, "value 0: string[2] at offset 32 needs more data than the 32 bytes left") {
            _ = try ABI.decode([.fixedArray(.string, 2)], word(32) + zero)
        }
        expectError(ABIError.self, "value 0: (uint256,string) at offset 32 needs 64 bytes but 32 are left") {
            _ = try ABI.decode([.tuple([.uint(256), .string])], word(32) + zero)
        }
        // Dirty high bits.
        expectError(ABIError.self, "value 0: address word at offset 0 has non-zero high bytes") { _ = try ABI.decode([.address], [1] + [UInt8](repeating: 0, count: 31)) }
        expectError(ABIError.self, "value 1: bool word at offset 32 is neither 0 nor 1") { _ = try ABI.decode([.bool, .bool], word(1) + word(2)) }
        expectError(ABIError.self, "value 0: word at offset 0 does not fit in uint8") { _ = try ABI.decode([.uint(8)], word(256)) }
        expectError(ABIError.self, "value 0: word at offset 0 is not a sign-extended int8") { _ = try ABI.decode([.int(8)], word(128)) }
        expectError(ABIError.self, "value 0: word at offset 0 is not a sign-extended int8") {
            _ = try ABI.decode([.int(8)], [UInt8](repeating: 0xff, count: 31) + [0x7f])
        }
        #expect(try ABI.decode([.int(8)], [UInt8](repeating: 0xff, count: 31) + [0x80]) == [.int(Int256(-128))])
        expectError(ABIError.self, "value 0: bytes2 word at offset 0 has non-zero padding") { _ = try ABI.decode([.fixedBytes(2)], [1, 2, 3] + [UInt8](repeating: 0, count: 29)) }
        expectError(ABIError.self, "value 0: string at offset 32 is not valid UTF-8") {
            _ = try ABI.decode([.string], word(32) + word(1) + [0xff] + [UInt8](repeating: 0, count: 31))
        }
        // Paths name nested elements.
        expectError(ABIError.self, "value 0.1: bool word at offset 96 is neither 0 nor 1") { _ = try ABI.decode([.array(.bool)], word(32) + word(2) + word(1) + word(7)) }
        let codes: [([ABIType], [UInt8], ABIError.Code)] = [
            ([.uint(256)], [], .truncated), ([.bytes], word(4096), .invalidOffset), ([.bool], word(2), .invalidPadding),
            ([.string], word(32) + word(1) + [0xc3] + [UInt8](repeating: 0, count: 31), .invalidUTF8),
        ]
        for (types, data, code) in codes {
            #expect(thrownError(ABIError.self) { _ = try ABI.decode(types, data) }?.code == code)
        }
    }

    /// `Decoder.uint(at:)` turns a read past the end into zero (`try?` around `word(at:)`), so a missing
    /// length word reads as 0: `bytes` reports "length 0 … runs past the end", and an array whose length
    /// word is cut short decodes as an empty array (−24 / 32 rounds to 0 in the bounds check).
    @Test func abiMissingLengthWord() throws {
        let word = Self.word
        expectError(ABIError.self, "value 0: needs 32 bytes at offset 32 but the data is 32 bytes") { _ = try ABI.decode([.bytes], word(32)) }
        expectError(ABIError.self, "value 0: needs 32 bytes at offset 32 but the data is 40 bytes") {
            _ = try ABI.decode([.array(.uint(256))], word(32) + [UInt8](repeating: 0, count: 8))
        }
        expectError(ABIError.self, "value 0: needs 32 bytes at offset 32 but the data is 63 bytes") {
            _ = try ABI.decode([.array(.string)], word(32) + [UInt8](repeating: 0, count: 31))
        }
    }

    @Test func abiTextArgumentErrors() throws {
        func text(_ s: String, _ type: ABIType) throws -> ABIValue { try ABIValue(text: s, type: type) }
        expectError(ABIError.self, "value: 256 does not fit in uint8") { _ = try text("256", .uint(8)) }
        expectError(ABIError.self, "value: -129 does not fit in int8") { _ = try text("-129", .int(8)) }
        expectError(ABIError.self, "value: -129 does not fit in int8") { _ = try text("-0x81", .int(8)) }
        #expect(try text("-0x80", .int(8)) == .int(Int256(-128)))
        expectError(ABIError.self, #"value: invalid decimal integer "abc": character at position 0 is not a decimal digit"#) { _ = try text("abc", .uint(256)) }
        expectError(ABIError.self, #"value: invalid decimal signed integer "1.5": character at position 1 is not a decimal digit"#) { _ = try text("1.5", .int(256)) }
        expectError(ABIError.self, #"value: expected true or false, got "yes""#) { _ = try text("yes", .bool) }
        expectError(ABIError.self, "value: bytes4 needs exactly 4 bytes, got 3") { _ = try text("0x010203", .fixedBytes(4)) }
        expectError(ABIError.self, #"value: invalid hex "0x0": odd number of hex digits (1)"#) { _ = try text("0x0", .bytes) }
        expectError(ABIError.self, #"value: invalid address "0x12": expected 40 hex digits, got 2"#) { _ = try text("0x12", .address) }
        expectError(ABIError.self, "value: uint256[2] needs 2 elements, got 1") { _ = try text("[1]", .fixedArray(.uint(256), 2)) }
        expectError(ABIError.self, "value: (uint256,bool) has 2 components, got 1") { _ = try text("(1)", .tuple([.uint(256), .bool])) }
        expectError(ABIError.self, #"value: expected […], got "1,2""#) { _ = try text("1,2", .array(.uint(256))) }
        expectError(ABIError.self, #"value: expected (…), got "[1,true]""#) { _ = try text("[1,true]", .tuple([.uint(256), .bool])) }
        expectError(ABIError.self, #"value: unbalanced ']' in "[1,2]]""#) { _ = try text("[1,2]]", .array(.uint(256))) }
        expectError(ABIError.self, #"value: unbalanced brackets in "[[1,2]""#) { _ = try text("[[1,2]", .array(.array(.uint(256)))) }
        expectError(ABIError.self, #"value: unterminated string in "["abc]""#) { _ = try text(#"["abc]"#, .array(.string)) }
        expectError(ABIError.self, "value[1]: 300 does not fit in uint8") { _ = try text("[1, 300]", .array(.uint(8))) }
        expectError(ABIError.self, #"value.1: expected true or false, got "maybe""#) { _ = try text("(1, maybe)", .tuple([.uint(8), .bool])) }
        expectError(ABIError.self, #"value[0].1: expected true or false, got "2""#) { _ = try text("[(1,2)]", .array(.tuple([.uint(8), .bool]))) }
        #expect(thrownError(ABIError.self) { _ = try text("x", .uint(8)) }?.code == .invalidValue)
        #expect(thrownError(ABIError.self) { _ = try text("256", .uint(8)) }?.code == .outOfRange)
        #expect(try text("[1, 2]", .array(.uint(8))) == .array([.uint(1), .uint(2)]))
        #expect(try text(#"["a,b", "c\"d"]"#, .array(.string)).description.hasPrefix(#"["a,b", "#))
    }

    /// Whitespace between a comma and an opening quote ends up inside the string, and brackets inside
    /// a quoted string one level down are counted as structure.
    @Test func abiTextQuotedStrings() throws {
        #expect((try? ABIValue(text: #"["a", "b"]"#, type: .array(.string))) == .array([.string("a"), .string("b")]))
        #expect((try? ABIValue(text: #"[["a]b"]]"#, type: .array(.array(.string)))) == .array([.array([.string("a]b")])]))
    }

    @Test func abiJSONValueErrors() throws {
        expectError(ABIError.self, "value: expected true or false for bool, got x") { _ = try ABIValue(json: "x", type: .bool) }
        expectError(ABIError.self, "value: expected a string for string, got 5") { _ = try ABIValue(json: 5, type: .string) }
        expectError(ABIError.self, "value: expected an array for uint256[], got 1") { _ = try ABIValue(json: "1", type: .array(.uint(256))) }
        expectError(ABIError.self, "value: uint256[2] needs 2 elements, got 1") { _ = try ABIValue(json: ["1"], type: .fixedArray(.uint(256), 2)) }
        expectError(ABIError.self, "value: (uint256,bool) has 2 components, got 1") { _ = try ABIValue(json: ["1"], type: .tuple([.uint(256), .bool])) }
        expectError(ABIError.self, "value: expected an array of the tuple's components for (uint256), got 1") { _ = try ABIValue(json: "1", type: .tuple([.uint(256)])) }
        expectError(ABIError.self, "value[1]: 256 does not fit in uint8") { _ = try ABIValue(json: ["1", "256"], type: .array(.uint(8))) }
        expectError(ABIError.self, "value.0: expected a string for address, got [1]") { _ = try ABIValue(json: [[1]], type: .tuple([.address])) }
        #expect(try ABIValue(json: 7, type: .uint(256)) == .uint(7))
    }

    /// JSONSerialization on Linux returns NSNumbers for 0 and 1 that also cast to Bool, so
    /// `!(json is Bool)` rejects the JSON numbers 0 and 1 as integers and accepts them as bools.
    @Test func abiJSONNumbersZeroAndOne() throws {
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data("[0, 1, 2, true]".utf8)) as? [Any])
        #expect(try ABIValue(json: parsed[2], type: .uint(256)) == .uint(2))
        #expect((try? ABIValue(json: parsed[0], type: .uint(256))) == .uint(0))
        #expect((try? ABIValue(json: parsed[1], type: .int(8))) == .int(Int256(1)))
        #expect(throws: ABIError.self) { try ABIValue(json: parsed[1], type: .bool) }
        expectError(ABIError.self, "value: expected a string for uint256, got true") { _ = try ABIValue(json: parsed[3], type: .uint(256)) }
    }

    // MARK: - Keys and signatures

    static let anvilKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    static let orderHex = "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"

    @Test func keyErrors() throws {
        let outOfRange = "invalid private key: must be between 1 and the curve order minus 1"
        expectError(KeyError.self, outOfRange) { _ = try PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
        expectError(KeyError.self, outOfRange) { _ = try PrivateKey(hex: Self.orderHex) }
        expectError(KeyError.self, outOfRange) { _ = try PrivateKey(hex: "0x" + String(repeating: "f", count: 64)) }
        #expect(throws: Never.self) { try PrivateKey(hex: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140") }
        expectError(KeyError.self, "invalid private key: expected 32 bytes, got 31") { _ = try PrivateKey(bytes: [UInt8](repeating: 1, count: 31)) }
        expectError(KeyError.self, "invalid private key: expected 32 bytes, got 33") { _ = try PrivateKey(hex: "0x01" + Self.anvilKey.dropFirst(2)) }
        expectError(KeyError.self, "invalid private key: 'z' at position 2 is not a hex digit") { _ = try PrivateKey(hex: "0xzz") }
        expectError(KeyError.self, "invalid public key: expected 33 or 65 bytes, got 64") { _ = try PublicKey(bytes: [UInt8](repeating: 1, count: 64)) }
        expectError(KeyError.self, "invalid public key: not a point on secp256k1") { _ = try PublicKey(bytes: [0x04] + [UInt8](repeating: 0, count: 64)) }
        expectError(KeyError.self, "invalid public key: not a point on secp256k1") { _ = try PublicKey(bytes: [0x05] + [UInt8](repeating: 1, count: 32)) }
        // x = 5 is not the x coordinate of any point.
        expectError(KeyError.self, "invalid public key: not a point on secp256k1") { _ = try PublicKey(bytes: [0x02] + UInt256(5).bytes32) }
        #expect(thrownError(KeyError.self) { _ = try PublicKey(bytes: []) }?.code == .invalidPublicKey)
        #expect(thrownError(KeyError.self) { _ = try PrivateKey(bytes: []) }?.code == .invalidPrivateKey)
    }

    @Test func signatureErrors() throws {
        expectError(SignatureError.self, "invalid signature: expected 65 bytes, got 64") { _ = try Signature(bytes65: [UInt8](repeating: 1, count: 64)) }
        expectError(SignatureError.self, "invalid signature: v must be 0, 1, 27 or 28, got 2") { _ = try Signature(bytes65: [UInt8](repeating: 1, count: 64) + [2]) }
        expectError(SignatureError.self, "invalid signature: v must be 0, 1, 27 or 28, got 29") { _ = try Signature(bytes65: [UInt8](repeating: 1, count: 64) + [29]) }
        #expect(try Signature(bytes65: [UInt8](repeating: 1, count: 64) + [28]).recoveryId == 1)
        let hash = Keccak256.hash(Array("mintsim".utf8))
        let order = try UInt256(Self.orderHex)
        let rangeMessage = "invalid signature: r and s must be between 1 and the curve order minus 1"
        expectError(SignatureError.self, rangeMessage) { _ = try Signature(r: .zero, s: .one, recoveryId: 0).recoverAddress(hash: hash) }
        expectError(SignatureError.self, rangeMessage) { _ = try Signature(r: .one, s: .zero, recoveryId: 0).recoverAddress(hash: hash) }
        expectError(SignatureError.self, rangeMessage) { _ = try Signature(r: .one, s: order, recoveryId: 0).recoverAddress(hash: hash) }
        expectError(SignatureError.self, rangeMessage) { _ = try Signature(r: .max, s: .one, recoveryId: 1).recoverPublicKey(hash: hash) }
        expectError(SignatureError.self, "invalid signature: recovery id must be 0 or 1, got 2") { _ = try Signature(r: .one, s: .one, recoveryId: 2).recoverAddress(hash: hash) }
        // r = 5 is not the x coordinate of any point, so nothing recovers.
        expectError(SignatureError.self, "invalid signature: no public key recovers from it") { _ = try Signature(r: 5, s: .one, recoveryId: 0).recoverAddress(hash: hash) }
        #expect(thrownError(SignatureError.self) { _ = try Signature(r: 5, s: .one, recoveryId: 0).recoverAddress(hash: hash) }?.code == .unrecoverable)
        #expect(thrownError(SignatureError.self) { _ = try Signature(r: .one, s: .one, recoveryId: 3).recoverAddress(hash: hash) }?.code == .invalidRecoveryId)
    }

    // MARK: - Transactions

    static let key = try! PrivateKey(hex: anvilKey)
    static let recipient = try! Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")

    /// The signed fields of `transaction` (payload then v, r, s), to be tampered with.
    static func signedFields(_ transaction: Transaction) throws -> [RLPItem] {
        let signed = try transaction.signed(with: key)
        let raw = signed.rawBytes
        return try RLP.decode(transaction.type == .legacy ? raw : Array(raw.dropFirst())).listValue("transaction")
    }

    static func raw(_ type: TransactionType, _ fields: [RLPItem]) -> [UInt8] {
        let list = RLP.encode(.list(fields))
        return type == .legacy ? list : [type.rawValue] + list
    }

    static let legacy = Transaction(type: .legacy, chainId: nil, nonce: 1, gasPrice: 10, to: recipient, value: 5)
    static let eip1559 = Transaction(
        type: .dynamicFee, nonce: 2, maxPriorityFeePerGas: 1, maxFeePerGas: 20, to: recipient,
        accessList: [AccessListEntry(address: recipient, storageKeys: [Hash.zero])])
    static let eip2930 = Transaction(type: .accessList, nonce: 3, gasPrice: 7, to: nil, data: [0x60, 0x00])

    /// Decodes `fields` (after `change`) as a transaction of `type` and expects `message`.
    static func expectTx(
        _ type: TransactionType, _ fields: [RLPItem], _ message: String, code: TransactionError.Code = .malformed,
        sourceLocation: SourceLocation = #_sourceLocation, change: (inout [RLPItem]) -> Void = { _ in }
    ) {
        var fields = fields
        change(&fields)
        let bytes = raw(type, fields)
        guard let error = thrownError(TransactionError.self, sourceLocation: sourceLocation, { _ = try SignedTransaction(raw: bytes) }) else { return }
        #expect(error.description == message, sourceLocation: sourceLocation)
        #expect(error.code == code, sourceLocation: sourceLocation)
    }

    @Test func transactionEnvelopeErrors() throws {
        expectError(TransactionError.self, "empty transaction") { _ = try SignedTransaction(raw: []) }
        expectError(TransactionError.self, "unsupported transaction type 0x03") { _ = try SignedTransaction(raw: [0x03, 0xc0]) }
        expectError(TransactionError.self, "unsupported transaction type 0x00") { _ = try SignedTransaction(raw: [0x00]) }
        expectError(TransactionError.self, "unsupported transaction type 0x7f") { _ = try SignedTransaction(raw: [0x7f]) }
        expectError(TransactionError.self, "not a transaction: first byte 0x80 starts neither a type nor an RLP list") { _ = try SignedTransaction(raw: [0x80]) }
        expectError(TransactionError.self, "not a transaction: first byte 0xbf starts neither a type nor an RLP list") { _ = try SignedTransaction(raw: [0xbf, 0x00]) }
        expectError(TransactionError.self, "type 2 transaction has nothing after its type byte") { _ = try SignedTransaction(raw: [0x02]) }
        expectError(TransactionError.self, "transaction: invalid RLP: transaction: expected a list, got a byte string") { _ = try SignedTransaction(raw: [0x02, 0x80]) }
        expectError(TransactionError.self, "transaction: invalid RLP at byte 0: list declares 3 byte(s) but only 1 remain") { _ = try SignedTransaction(raw: [0xc3, 0x01]) }
        let legacyRaw = try Self.legacy.signed(with: Self.key).rawBytes
        expectError(TransactionError.self, "transaction: invalid RLP at byte \(legacyRaw.count): 1 trailing byte(s) after the item") {
            _ = try SignedTransaction(raw: legacyRaw + [0])
        }
        #expect(thrownError(TransactionError.self) { _ = try SignedTransaction(raw: [0x03]) }?.code == .unsupportedType)
        #expect(thrownError(TransactionError.self) { _ = try SignedTransaction(raw: []) }?.code == .malformed)
    }

    /// RLP offsets in the messages of typed transactions count from after the type byte.
    @Test func typedTransactionRLPOffsets() throws {
        expectError(TransactionError.self, "transaction: invalid RLP at byte 1: list declares 5 byte(s) but only 1 remain") {
            _ = try SignedTransaction(raw: [0x02, 0xc5, 0x01])
        }
    }

    @Test func transactionFieldErrors() throws {
        let legacy = try Self.signedFields(Self.legacy)
        let eip1559 = try Self.signedFields(Self.eip1559)
        let eip2930 = try Self.signedFields(Self.eip2930)
        // The untouched encodings decode.
        #expect(try SignedTransaction(raw: Self.raw(.legacy, legacy)).transaction == Self.legacy)
        #expect(try SignedTransaction(raw: Self.raw(.dynamicFee, eip1559)).transaction == Self.eip1559)
        #expect(try SignedTransaction(raw: Self.raw(.accessList, eip2930)).transaction == Self.eip2930)

        Self.expectTx(.legacy, legacy, "type 0 transaction must have 9 fields, got 8") { $0.removeLast() }
        Self.expectTx(.dynamicFee, eip1559, "type 2 transaction must have 12 fields, got 13") { $0.append(.bytes([])) }
        Self.expectTx(.accessList, eip2930, "type 1 transaction must have 11 fields, got 0") { $0 = [] }
        Self.expectTx(.legacy, legacy, "transaction field nonce: integer has a leading zero byte") { $0[0] = .bytes([0, 1]) }
        Self.expectTx(.dynamicFee, eip1559, "transaction field chainId: integer has a leading zero byte") { $0[0] = .bytes([0x00, 0x7a, 0x69]) }
        Self.expectTx(.dynamicFee, eip1559, "transaction field maxFeePerGas: integer has a leading zero byte") { $0[3] = .bytes([0]) }
        Self.expectTx(.legacy, legacy, "transaction field value: integer of 33 bytes exceeds 256 bits") { $0[4] = .bytes([UInt8](repeating: 1, count: 33)) }
        Self.expectTx(.legacy, legacy, "transaction field nonce: 18446744073709551616 exceeds 2^64-1") { $0[0] = .uint(UInt256(limbs: (0, 1, 0, 0))) }
        Self.expectTx(.legacy, legacy, "transaction field gas: 18446744073709551616 exceeds 2^64-1") { $0[2] = .uint(UInt256(limbs: (0, 1, 0, 0))) }
        Self.expectTx(.legacy, legacy, "transaction field gasPrice: expected a byte string, got a list") { $0[1] = .list([]) }
        Self.expectTx(.legacy, legacy, "to: expected 0 or 20 bytes, got 19") { $0[3] = .bytes([UInt8](repeating: 1, count: 19)) }
        Self.expectTx(.dynamicFee, eip1559, "to: expected 0 or 20 bytes, got 21") { $0[5] = .bytes([UInt8](repeating: 1, count: 21)) }
        Self.expectTx(.legacy, legacy, "transaction field data: expected a byte string, got a list") { $0[5] = .list([]) }
        // v, r and s.
        Self.expectTx(.legacy, legacy, "legacy transaction v must be 27, 28 or chainId*2+35/36, got 30", code: .invalidSignature) { $0[6] = .uint(UInt64(30)) }
        Self.expectTx(.legacy, legacy, "legacy transaction v must be 27, 28 or chainId*2+35/36, got 0", code: .invalidSignature) { $0[6] = .uint(UInt64(0)) }
        Self.expectTx(.dynamicFee, eip1559, "type 2 transaction y parity must be 0 or 1, got 2", code: .invalidSignature) { $0[9] = .uint(UInt64(2)) }
        Self.expectTx(.accessList, eip2930, "type 1 transaction y parity must be 0 or 1, got 27", code: .invalidSignature) { $0[8] = .uint(UInt64(27)) }
        let rangeMessage = "signature r and s must be between 1 and the curve order minus 1"
        let order = try UInt256(Self.orderHex)
        Self.expectTx(.legacy, legacy, rangeMessage, code: .invalidSignature) { $0[7] = .uint(UInt64(0)) }
        Self.expectTx(.legacy, legacy, rangeMessage, code: .invalidSignature) { $0[8] = .uint(UInt64(0)) }
        Self.expectTx(.dynamicFee, eip1559, rangeMessage, code: .invalidSignature) { $0[10] = .uint(order) }
        Self.expectTx(.dynamicFee, eip1559, rangeMessage, code: .invalidSignature) { $0[11] = .uint(order) }
        let highS = "signature s is in the upper half of the curve order (EIP-2)"
        Self.expectTx(.dynamicFee, eip1559, highS, code: .invalidSignature) { $0[11] = .uint(order &- .one) }
        Self.expectTx(.legacy, legacy, highS, code: .invalidSignature) { $0[8] = .uint(Secp256k1.halfOrder &+ .one) }
        Self.expectTx(.legacy, legacy, "transaction field v: integer has a leading zero byte") { $0[6] = .bytes([0, 27]) }
    }

    @Test func accessListErrors() throws {
        let fields = try Self.signedFields(Self.eip1559)
        let address = RLPItem.bytes(Self.recipient.bytes)
        Self.expectTx(.dynamicFee, fields, "transaction field accessList: expected a list, got a byte string") { $0[8] = .bytes([]) }
        Self.expectTx(.dynamicFee, fields, "transaction field accessList[0]: expected a list, got a byte string") { $0[8] = .list([.bytes([1])]) }
        Self.expectTx(.dynamicFee, fields, "accessList[0]: expected [address, storageKeys], got 1 items") { $0[8] = .list([.list([address])]) }
        Self.expectTx(.dynamicFee, fields, "accessList[1]: expected [address, storageKeys], got 3 items") {
            $0[8] = .list([.list([address, .list([])]), .list([address, .list([]), .list([])])])
        }
        Self.expectTx(.dynamicFee, fields, "accessList[0].address: expected 20 bytes, got 19") { $0[8] = .list([.list([.bytes([UInt8](repeating: 1, count: 19)), .list([])])]) }
        Self.expectTx(.dynamicFee, fields, "transaction field accessList[0].address: expected a byte string, got a list") { $0[8] = .list([.list([.list([]), .list([])])]) }
        Self.expectTx(.dynamicFee, fields, "transaction field accessList[0].storageKeys: expected a list, got a byte string") { $0[8] = .list([.list([address, .bytes([])])]) }
        Self.expectTx(.dynamicFee, fields, "accessList[0].storageKeys[1]: expected 32 bytes, got 31") {
            $0[8] = .list([.list([address, .list([.bytes(Hash.zero.bytes), .bytes([UInt8](repeating: 1, count: 31))])])])
        }
        Self.expectTx(.dynamicFee, fields, "transaction field accessList[0].storageKeys[0]: expected a byte string, got a list") {
            $0[8] = .list([.list([address, .list([.list([])])])])
        }
    }

    @Test func signingAndRecoveryErrors() throws {
        expectError(TransactionError.self, "a type 2 transaction needs a chain id") { _ = try Transaction(chainId: nil, to: nil).signed(with: Self.key) }
        expectError(TransactionError.self, "a type 1 transaction needs a chain id") { _ = try Transaction(type: .accessList, chainId: nil, to: nil).validate() }
        #expect(thrownError(TransactionError.self) { _ = try Transaction(chainId: nil, to: nil).validate() }?.code == .missingChainId)
        #expect(throws: Never.self) { try Transaction(type: .legacy, chainId: nil, to: nil).validate() }
        // A well-formed transaction whose r is not the x coordinate of any point has no sender.
        let bad = SignedTransaction(transaction: Self.eip1559, signature: Signature(r: 5, s: .one, recoveryId: 0))
        let decoded = try SignedTransaction(raw: bad.rawBytes)
        expectError(TransactionError.self, "transaction signature: invalid signature: no public key recovers from it") { _ = try decoded.recoverSender() }
        #expect(thrownError(TransactionError.self) { _ = try decoded.recoverSender() }?.code == .invalidSignature)
    }

    // MARK: - Mnemonics and paths

    @Test func mnemonicErrors() throws {
        let abandon11 = Array(repeating: "abandon", count: 11)
        expectError(MnemonicError.self, "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 11") { _ = try Mnemonic(abandon11.joined(separator: " ")) }
        expectError(MnemonicError.self, "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 0") { _ = try Mnemonic("  ") }
        expectError(MnemonicError.self, "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got 13") {
            _ = try Mnemonic((abandon11 + ["about", "about"]).joined(separator: " "))
        }
        expectError(MnemonicError.self, #"invalid mnemonic: word 3 "foo" is not in the BIP-39 English word list"#) {
            _ = try Mnemonic("abandon abandon FOO abandon abandon abandon abandon abandon abandon abandon abandon about")
        }
        expectError(MnemonicError.self, #"invalid mnemonic: word 12 "abou" is not in the BIP-39 English word list"#) {
            _ = try Mnemonic((abandon11 + ["abou"]).joined(separator: " "))
        }
        expectError(MnemonicError.self, "invalid mnemonic: checksum mismatch (a word is wrong or out of order)") {
            _ = try Mnemonic(Array(repeating: "abandon", count: 12).joined(separator: " "))
        }
        #expect(throws: Never.self) { try Mnemonic((abandon11 + ["about"]).joined(separator: "\t  ").uppercased()) }
        #expect(thrownError(MnemonicError.self) { _ = try Mnemonic("abandon") }?.code == .wordCount)
    }

    @Test func derivationPathErrors() throws {
        expectError(MnemonicError.self, #"invalid derivation path "44'/60'": must start with m/"#) { _ = try DerivationPath("44'/60'") }
        expectError(MnemonicError.self, #"invalid derivation path "": must start with m/"#) { _ = try DerivationPath("") }
        expectError(MnemonicError.self, #"invalid derivation path "M/0": must start with m/"#) { _ = try DerivationPath("M/0") }
        expectError(MnemonicError.self, #"invalid derivation path "m/x": "x" is not an index below 2^31"#) { _ = try DerivationPath("m/x") }
        expectError(MnemonicError.self, #"invalid derivation path "m/2147483648": "2147483648" is not an index below 2^31"#) { _ = try DerivationPath("m/2147483648") }
        expectError(MnemonicError.self, #"invalid derivation path "m/2147483648'": "2147483648'" is not an index below 2^31"#) { _ = try DerivationPath("m/2147483648'") }
        expectError(MnemonicError.self, #"invalid derivation path "m/": "" is not an index below 2^31"#) { _ = try DerivationPath("m/") }
        expectError(MnemonicError.self, #"invalid derivation path "m/0//1": "" is not an index below 2^31"#) { _ = try DerivationPath("m/0//1") }
        expectError(MnemonicError.self, #"invalid derivation path "m/'": "'" is not an index below 2^31"#) { _ = try DerivationPath("m/'") }
        expectError(MnemonicError.self, #"invalid derivation path "m/1''": "1''" is not an index below 2^31"#) { _ = try DerivationPath("m/1''") }
        expectError(MnemonicError.self, #"invalid derivation path "m/١": "١" is not an index below 2^31"#) { _ = try DerivationPath("m/١") }
        #expect(try DerivationPath("m/2147483647h/0H/1'").description == "m/2147483647'/0'/1'")
        #expect(try DerivationPath("m").indices == [])
        #expect(thrownError(MnemonicError.self) { _ = try DerivationPath("m/x") }?.code == .invalidPath)
    }

    /// `UInt32(_: String)` accepts a leading `+` or `-`, so "m/+5" and "m/-0" parse.
    @Test func derivationPathSigns() throws {
        #expect(throws: MnemonicError.self) { try DerivationPath("m/+5") }
        #expect(throws: MnemonicError.self) { try DerivationPath("m/-0") }
    }
}
