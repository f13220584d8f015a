import Foundation
import Testing

@Suite struct ToWeiTests {
    static let maxUInt256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    @Test(arguments: [
        (["1.5"], "1500000000000000000"),
        (["2", "gwei"], "2000000000"),
        (["12.34", "--decimals", "6"], "12340000"),
        (["1", "ether"], "1000000000000000000"),
        (["1", "ETH"], "1000000000000000000"),
        (["1", "eth"], "1000000000000000000"),
        (["1", "mwei"], "1000000"),
        (["1", "kwei"], "1000"),
        (["1", "wei"], "1"),
        (["0"], "0"),
        ([".5"], "500000000000000000"),
        (["5."], "5000000000000000000"),
        (["00012.500"], "12500000000000000000"),
        (["0.000000000000000001"], "1"),
        (["1", "--decimals", "0"], "1"),
        (["1", "--decimals", "77"], "1" + String(repeating: "0", count: 77)),
        ([maxUInt256, "wei"], maxUInt256),
        (["115792089237316195423570985008687907853269984665640564039457.584007913129639935"], maxUInt256),
    ])
    func converts(arguments: [String], expected: String) throws {
        expectOutput(try mintsim(arguments: ["to-wei"] + arguments), [expected])
    }

    @Test func standardInput() throws {
        expectOutput(try mintsim("to-wei", stdin: "1.5\n2\n"), ["1500000000000000000", "2000000000000000000"])
        expectOutput(try mintsim("to-wei", "--decimals", "9", stdin: "1.5\n"), ["1500000000"])
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["to-wei", "1.0000000000000000001"], #"invalid amount "1.0000000000000000001": 19 fractional digits but the token has 18 decimals"#),
        ErrorCase(["to-wei", "1.5", "wei"], #"invalid amount "1.5": 1 fractional digits but the token has 0 decimals"#),
        ErrorCase(["to-wei", "1.1.1"], #"invalid amount "1.1.1": more than one decimal point"#),
        ErrorCase(["to-wei", "abc"], #"invalid amount "abc": 'a' is not a decimal digit"#),
        ErrorCase(["to-wei", "1e18"], #"invalid amount "1e18": 'e' is not a decimal digit"#),
        ErrorCase(["to-wei", "0x10"], #"invalid amount "0x10": 'x' is not a decimal digit"#),
        ErrorCase(["to-wei", "1,5"], #"invalid amount "1,5": ',' is not a decimal digit"#),
        ErrorCase(["to-wei", "--", "-1"], #"invalid amount "-1": '-' is not a decimal digit"#),
        ErrorCase(["to-wei", ""], #"invalid amount "": no digits"#),
        ErrorCase(["to-wei", "."], #"invalid amount ".": no digits"#),
        ErrorCase(["to-wei", "1", "gwei", "--decimals", "6"], "give either a unit or --decimals, not both"),
        ErrorCase(["to-wei", "1", "foo"], #"unknown unit "foo" (use ether, gwei, mwei, kwei, wei or --decimals N)"#),
        ErrorCase(["to-wei", "1", "--decimals", "78"], "--decimals must be between 0 and 77, got 78"),
        ErrorCase(["to-wei", "1", "--decimals=-1"], "--decimals must be between 0 and 77, got -1"),
        ErrorCase(["to-wei", "1", "--decimals", "x"], "The value 'x' is invalid for '--decimals <decimals>'"),
        ErrorCase(["to-wei", "115792089237316195423570985008687907853269984665640564039457584007913129639936", "wei"],
                  #"amount "115792089237316195423570985008687907853269984665640564039457584007913129639936" with 0 decimals exceeds 2^256-1 base units"#),
        ErrorCase(["to-wei", "115792089237316195423570985008687907853269984665640564039457.584007913129639936"],
                  #"amount "115792089237316195423570985008687907853269984665640564039457.584007913129639936" with 18 decimals exceeds 2^256-1 base units"#),
        ErrorCase(["to-wei"], "no amount given (pass it as an argument or on standard input)"),
        ErrorCase(["to-wei", "1", "gwei", "extra"], "Unexpected argument 'extra'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Bug: unlike abi-decode, decode-tx and sign-tx, "-" is not read as "standard input", so an amount on standard
    /// input cannot be combined with a unit argument (`echo 1.5 | mintsim to-wei - gwei` fails).
    @Test func dashReadsStandardInput() throws {
        expectOutput(try mintsim("to-wei", "-", "gwei", stdin: "1.5\n"), ["1500000000"])
        expectOutput(try mintsim("from-wei", "-", "gwei", stdin: "1500000000\n"), ["1.5"])
    }
}

@Suite struct FromWeiTests {
    @Test(arguments: [
        (["1500000000000000000"], "1.5"),
        (["1000000000000000000"], "1"),
        (["100000000000000000"], "0.1"),
        (["1"], "0.000000000000000001"),
        (["0"], "0"),
        (["007"], "0.000000000000000007"),
        (["1234", "--decimals", "2"], "12.34"),
        (["1200", "--decimals", "2"], "12"),
        (["1230", "--decimals", "2"], "12.3"),
        (["5", "--decimals", "2"], "0.05"),
        (["1234", "--decimals", "0"], "1234"),
        (["2000000000", "gwei"], "2"),
        (["1500000000", "gwei"], "1.5"),
        (["1500", "kwei"], "1.5"),
        (["1", "mwei"], "0.000001"),
        (["7", "wei"], "7"),
        (["0xde0b6b3a7640000"], "1"),
        (["0x0"], "0"),
        (["115792089237316195423570985008687907853269984665640564039457584007913129639935"],
         "115792089237316195423570985008687907853269984665640564039457.584007913129639935"),
        (["115792089237316195423570985008687907853269984665640564039457584007913129639935", "--decimals", "77"],
         "1.15792089237316195423570985008687907853269984665640564039457584007913129639935"),
    ])
    func converts(arguments: [String], expected: String) throws {
        expectOutput(try mintsim(arguments: ["from-wei"] + arguments), [expected])
    }

    @Test func standardInput() throws {
        expectOutput(try mintsim("from-wei", stdin: "1500000000000000000\n1\n"), ["1.5", "0.000000000000000001"])
    }

    @Test func roundTripsWithToWei() throws {
        for amount in ["1.5", "0.000000000000000001", "123456789.123456789", "0"] {
            let wei = try mintsim("to-wei", amount)
            let back = try mintsim("from-wei", wei.lines[0])
            #expect(back.lines == [amount])
        }
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["from-wei", "1.5"], #"invalid decimal integer "1.5": character at position 1 is not a decimal digit"#),
        ErrorCase(["from-wei", "abc"], #"invalid decimal integer "abc": character at position 0 is not a decimal digit"#),
        ErrorCase(["from-wei", "0x"], #"invalid hex integer "0x": no digits"#),
        ErrorCase(["from-wei", "1", "foo"], #"unknown unit "foo" (use ether, gwei, mwei, kwei, wei or --decimals N)"#),
        ErrorCase(["from-wei", "1", "gwei", "--decimals", "2"], "give either a unit or --decimals, not both"),
        ErrorCase(["from-wei", "1", "--decimals", "78"], "--decimals must be between 0 and 77, got 78"),
        ErrorCase(["from-wei", "115792089237316195423570985008687907853269984665640564039457584007913129639936"],
                  #"integer "115792089237316195423570985008687907853269984665640564039457584007913129639936" exceeds 2^256-1"#),
        ErrorCase(["from-wei", "0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"],
                  #"integer "0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" exceeds 2^256-1"#),
        ErrorCase(["from-wei"], "no amount given (pass it as an argument or on standard input)"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }
}
