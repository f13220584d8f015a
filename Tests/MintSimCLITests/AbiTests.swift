import Foundation
import Testing

/// 32-byte words, for readable expected encodings.
func words(_ hexWords: String...) -> String { "0x" + hexWords.joined() }
func word(_ n: Int) -> String { String(repeating: "0", count: 64 - String(n, radix: 16).count) + String(n, radix: 16) }
func padRight(_ hex: String) -> String { hex + String(repeating: "0", count: (64 - hex.count % 64) % 64) }

@Suite struct AbiEncodeTests {
    // Expected encodings were cross-checked with python eth_abi.encode.
    static let transferArgs = "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" + word(1000)
    static let helloWorld = words(word(1), word(0x40), word(12), padRight("68656c6c6f2c20776f726c64"))

    @Test func transferVector() throws {
        expectOutput(try mintsim("abi-encode", "transfer(address,uint256)", address1, "1000"), ["0x" + Self.transferArgs])
        expectOutput(try mintsim("abi-encode", "transfer(address,uint256)", address1Lower, "0x3e8"), ["0x" + Self.transferArgs])
    }

    @Test(arguments: ["(uint256,string)", "uint256,string", "f(uint256,string)", "function f(uint256 a, string b)"])
    func typeListsAndSignatures(types: String) throws {
        expectOutput(try mintsim("abi-encode", types, "1", "hello, world"), [Self.helloWorld])
    }

    @Test func scalars() throws {
        expectOutput(try mintsim("abi-encode", "uint8", "255"), [words(word(255))])
        expectOutput(try mintsim("abi-encode", "uint256", "0x10"), [words(word(16))])
        expectOutput(try mintsim("abi-encode", "uint256", ToWeiTests.maxUInt256), ["0x" + String(repeating: "f", count: 64)])
        expectOutput(try mintsim("abi-encode", "bool,bool", "true", "false"), [words(word(1), word(0))])
        expectOutput(try mintsim("abi-encode", "bytes32", "0x01" + String(repeating: "00", count: 31)), ["0x01" + String(repeating: "0", count: 62)])
        expectOutput(try mintsim("abi-encode", "bytes4", "0x01020304"), ["0x01020304" + String(repeating: "0", count: 56)])
        expectOutput(try mintsim("abi-encode", "bytes", "0x010203"), [words(word(0x20), word(3), padRight("010203"))])
        expectOutput(try mintsim("abi-encode", "string", ""), [words(word(0x20), word(0))])
        expectOutput(try mintsim("abi-encode", "f()"), ["0x"])
        expectOutput(try mintsim("abi-encode", ""), ["0x"])
    }

    @Test func negativeIntegers() throws {
        // After "--" so that the argument parser does not take them for options.
        expectOutput(try mintsim("abi-encode", "int256", "--", "-1"), ["0x" + String(repeating: "f", count: 64)])
        expectOutput(try mintsim("abi-encode", "int256,int8", "--", "-1", "-128"),
                     ["0x" + String(repeating: "f", count: 64) + String(repeating: "f", count: 62) + "80"])
        expectOutput(try mintsim("abi-encode", "int8[]", "[-1,2]"), [words(word(0x20), word(2), String(repeating: "f", count: 64), word(2))])
    }

    @Test func topLevelStringsAreTakenAsTheyAre() throws {
        expectOutput(try mintsim("abi-encode", "string", #""quoted""#), [words(word(0x20), word(8), padRight("2271756f74656422"))])
        expectOutput(try mintsim("abi-encode", "string", "héllo"), [words(word(0x20), word(6), padRight("68c3a96c6c6f"))])
    }

    @Test func arrays() throws {
        expectOutput(try mintsim("abi-encode", "uint256[]", "[1,2]"), [words(word(0x20), word(2), word(1), word(2))])
        expectOutput(try mintsim("abi-encode", "uint256[]", "[]"), [words(word(0x20), word(0))])
        expectOutput(try mintsim("abi-encode", "uint256[2][]", "[[1,2],[3,4]]"), [words(word(0x20), word(2), word(1), word(2), word(3), word(4))])
        expectOutput(try mintsim("abi-encode", "f(address[2])", "[\(address0), \(address1Lower)]"),
                     ["0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266000000000000000000000000" + String(address1Lower.dropFirst(2))])
    }

    @Test func quotedStringsWithCommas() throws {
        // python: eth_abi.encode(['string[]'], [['a,b', 'c']])
        expectOutput(try mintsim("abi-encode", "string[]", #"["a,b","c"]"#),
                     [words(word(0x20), word(2), word(0x40), word(0x80), word(3), padRight("612c62"), word(1), padRight("63"))])
        expectOutput(try mintsim("abi-encode", "string[]", #"["a\"b"]"#), [words(word(0x20), word(1), word(0x20), word(3), padRight("612262"))])
        // Unquoted elements are trimmed.
        expectOutput(try mintsim("abi-encode", "string[]", "[a b, c]"),
                     [words(word(0x20), word(2), word(0x40), word(0x80), word(3), padRight("612062"), word(1), padRight("63"))])
    }

    @Test func tuples() throws {
        let tuple = words(word(1), "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8")
        expectOutput(try mintsim("abi-encode", "((bool,address))", "(true,\(address1))"), [tuple])
        expectOutput(try mintsim("abi-encode", "f((bool,address))", "(true, \(address1))"), [tuple])
        // A bare "(bool,address)" is a list of two types, not one tuple.
        expectOutput(try mintsim("abi-encode", "(bool,address)", "true", address1), [tuple])
    }

    @Test func nestedTuplesAndArrays() throws {
        // python: eth_abi.encode(['(uint256,string)[]', 'bool'], [[(1, 'x'), (2, 'y,z')], False])
        let expected = words(word(0x40), word(0), word(2), word(0x40), word(0xc0), word(1), word(0x40), word(1), padRight("78"),
                             word(2), word(0x40), word(3), padRight("792c7a"))
        expectOutput(try mintsim("abi-encode", "f((uint256,string)[],bool)", #"[(1,"x"),(2,"y,z")]"#, "false"), [expected])
        expectOutput(try mintsim("abi-encode", "f((uint256,string)[],bool)", #"[(1,x),(2,"y,z")]"#, "false"), [expected])
        // python: eth_abi.encode(['string', '(bool,int8)[]'], ['x', [(True, -5), (False, 7)]])
        let withNegative = words(word(0x40), word(0x80), word(1), padRight("78"), word(2), word(1), String(repeating: "f", count: 63) + "b", word(0), word(7))
        expectOutput(try mintsim("abi-encode", "f(string,(bool,int8)[])", "x", "[(true,-5),(false,7)]"), [withNegative])
        expectOutput(try mintsim("abi-encode", "f(string,(bool,int8)[])", "x", "[(true,-5), (false, 7)]"), [withNegative])
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["abi-encode", "transfer(address,uint256)", address1], "transfer(address,uint256) takes 2 argument(s), got 1"),
        ErrorCase(["abi-encode", "uint256,string", "1"], "(uint256,string) takes 2 argument(s), got 1"),
        ErrorCase(["abi-encode", "(bool,address)", "(true,\(address1))"], "(bool,address) takes 2 argument(s), got 1"),
        ErrorCase(["abi-encode", "uint8", "256"], "argument 1 (uint8): 256 does not fit in uint8"),
        ErrorCase(["abi-encode", "int8", "--", "-129"], "argument 1 (int8): -129 does not fit in int8"),
        ErrorCase(["abi-encode", "int8", "128"], "argument 1 (int8): 128 does not fit in int8"),
        ErrorCase(["abi-encode", "uint256", "abc"], #"argument 1 (uint256): invalid decimal integer "abc": character at position 0 is not a decimal digit"#),
        ErrorCase(["abi-encode", "uint256", "115792089237316195423570985008687907853269984665640564039457584007913129639936"],
                  #"argument 1 (uint256): integer "115792089237316195423570985008687907853269984665640564039457584007913129639936" exceeds 2^256-1"#),
        ErrorCase(["abi-encode", "bool", "yes"], #"argument 1 (bool): expected true or false, got "yes""#),
        ErrorCase(["abi-encode", "transfer(address,uint256)", "0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "1"],
                  #"argument 1 (address): invalid address "0x70997970C51812dc3A010C7d01b50e0d17dc79c8": EIP-55 checksum mismatch (the checksummed form is 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)"#),
        ErrorCase(["abi-encode", "transfer(address,uint256)", "0x70997970c51812dc3a010c7d01b50e0d17dc79", "1"],
                  #"argument 1 (address): invalid address "0x70997970c51812dc3a010c7d01b50e0d17dc79": expected 40 hex digits, got 38"#),
        ErrorCase(["abi-encode", "bytes4", "0x010203"], "argument 1 (bytes4): bytes4 needs exactly 4 bytes, got 3"),
        ErrorCase(["abi-encode", "bytes4", "0x0102030405"], "argument 1 (bytes4): bytes4 needs exactly 4 bytes, got 5"),
        ErrorCase(["abi-encode", "bytes32", "0x01"], "argument 1 (bytes32): bytes32 needs exactly 32 bytes, got 1"),
        ErrorCase(["abi-encode", "bytes", "0x0"], #"argument 1 (bytes): invalid hex "0x0": odd number of hex digits (1)"#),
        ErrorCase(["abi-encode", "uint256[]", "[1,2"], #"argument 1 (uint256[]): expected […], got "[1,2""#),
        ErrorCase(["abi-encode", "uint256[]", "[1,2]]"], #"argument 1 (uint256[]): unbalanced ']' in "[1,2]]""#),
        ErrorCase(["abi-encode", "uint256[][]", "[[1,2]"], #"argument 1 (uint256[][]): unbalanced brackets in "[[1,2]""#),
        ErrorCase(["abi-encode", "string[]", #"["unterminated]"#], #"argument 1 (string[]): unterminated string in "["unterminated]""#),
        ErrorCase(["abi-encode", "string[]", #"["a"b]"#], #"argument 1 (string[]): unexpected 'b' after a quoted string in "["a"b]""#),
        ErrorCase(["abi-encode", "uint256,bool", "1", "(true"], #"argument 2 (bool): expected true or false, got "(true""#),
        ErrorCase(["abi-encode", "((uint256,bool))", "(1)"], "argument 1 ((uint256,bool)): (uint256,bool) has 2 components, got 1"),
        ErrorCase(["abi-encode", "uint256[]", "[1,x]"], #"argument 1 (uint256[])[1]: invalid decimal integer "x": character at position 0 is not a decimal digit"#),
        ErrorCase(["abi-encode", "f(uint256[2])", "[1,2,3]"], "argument 1 (uint256[2]): uint256[2] needs 2 elements, got 3"),
        ErrorCase(["abi-encode", "f(foo)", "1"], #"invalid signature "f(foo)": invalid ABI type "f(foo)" at position 2: unknown type 'foo'"#),
        ErrorCase(["abi-encode", "foo", "1"], #"invalid ABI type "foo" at position 0: unknown type 'foo'"#),
        ErrorCase(["abi-encode", "uint7", "1"], #"invalid ABI type "uint7" at position 0: unknown type 'uint7'"#),
        ErrorCase(["abi-encode"], "Missing expected argument '<signature>'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Bug: negative integers are taken for options by the argument parser ("Unknown option '-1'"), so they only
    /// work after "--". Arguments of abi-encode/calldata are values, never options.
    @Test func negativeIntegersWithoutDoubleDash() throws {
        expectOutput(try mintsim("abi-encode", "int256", "-1"), ["0x" + String(repeating: "f", count: 64)])
        expectOutput(try mintsim("calldata", "f(int8)", "-128"),
                     [try mintsim("calldata", "f(int8)", "--", "-128").stdout.trimmingCharacters(in: .newlines)])
    }

    /// Whitespace outside the quotes of a quoted element is ignored, so abi-decode's own text output
    /// ('["x", "y"]', '(7, "a,b")') can be fed back to abi-encode.
    @Test func whitespaceAroundQuotedElementsIsIgnored() throws {
        let compact = try mintsim("abi-encode", "string[]", #"["x","y"]"#)
        #expect(compact.status == 0)
        expectOutput(try mintsim("abi-encode", "string[]", #"["x", "y"]"#), compact.lines)
        expectOutput(try mintsim("abi-encode", "string[]", #"[ "x" , "y" ]"#), compact.lines)
        let encoded = try mintsim("abi-encode", "f((uint8,string)[])", #"[(7,"a,b")]"#)
        let decoded = try mintsim("abi-decode", "(uint8,string)[]", encoded.lines[0])
        expectOutput(decoded, [#"[(7, "a,b")]"#])
        expectOutput(try mintsim(arguments: ["abi-encode", "f((uint8,string)[])"] + decoded.lines), encoded.lines)
    }

    /// Quoted strings inside nested tuples and arrays may contain brackets and commas.
    @Test func bracketsInsideNestedQuotedStrings() throws {
        // python: eth_abi.encode(['(string,uint8)[]'], [[('a)b', 1)]])
        let expected = words(word(0x20), word(1), word(0x20), word(0x40), word(1), word(3), padRight("612962"))
        expectOutput(try mintsim("abi-encode", "f((string,uint8)[])", #"[("a)b",1)]"#), [expected])
        expectOutput(try mintsim("abi-encode", "f((string,uint8)[])", #"[( "a)b" , 1 )]"#), [expected])
        expectOutput(try mintsim("abi-decode", "(string,uint8)[]", expected), [#"[("a)b", 1)]"#])
    }
}

@Suite struct CalldataTests {
    @Test func transferVector() throws {
        expectOutput(try mintsim("calldata", "transfer(address,uint256)", address1, "1000"), ["0xa9059cbb" + AbiEncodeTests.transferArgs])
    }

    @Test func isSelectorFollowedByEncoding() throws {
        let args = ["f(string,bytes)", "héllo", "0x"]
        let encoded = try mintsim(arguments: ["abi-encode"] + args)
        expectOutput(try mintsim(arguments: ["calldata"] + args), ["0x5d5cfcc2" + encoded.lines[0].dropFirst(2)])
    }

    @Test func signatureForms() throws {
        expectOutput(try mintsim("calldata", "f()"), ["0x26121ff0"])
        expectOutput(try mintsim("calldata", "balanceOf(address)", address0), ["0x70a08231000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"])
        expectOutput(try mintsim("calldata", "function approve(address spender, uint256 amount)", address1, ToWeiTests.maxUInt256),
                     ["0x095ea7b3000000000000000000000000" + String(address1Lower.dropFirst(2)) + String(repeating: "f", count: 64)])
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["calldata", "transfer(address,uint256)", "1", "2", "3"], "transfer(address,uint256) takes 2 argument(s), got 3"),
        ErrorCase(["calldata", "(uint256)", "1"], #"invalid signature "(uint256)": expected a name followed by '('"#),
        ErrorCase(["calldata", "uint256", "1"], #"invalid signature "uint256": expected '(' after uint256"#),
        ErrorCase(["calldata", "f(uint8)", "256"], "argument 1 (uint8): 256 does not fit in uint8"),
        ErrorCase(["calldata", "f(bytes4)", "0x01"], "argument 1 (bytes4): bytes4 needs exactly 4 bytes, got 1"),
        ErrorCase(["calldata"], "Missing expected argument '<signature>'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }
}

@Suite struct AbiDecodeTests {
    static let transferCalldata = "0xa9059cbb" + AbiEncodeTests.transferArgs

    @Test(arguments: ["address,uint256", "(address,uint256)", " address , uint256 "])
    func typeLists(types: String) throws {
        expectOutput(try mintsim("abi-decode", types, "0x" + AbiEncodeTests.transferArgs), [address1, "1000"])
    }

    @Test func calldataBySignature() throws {
        expectOutput(try mintsim("abi-decode", "transfer(address,uint256)", Self.transferCalldata), [address1, "1000"])
        expectOutput(try mintsim("abi-decode", "function transfer(address to, uint256 amount)", Self.transferCalldata), [address1, "1000"])
    }

    @Test func outputs() throws {
        expectOutput(try mintsim("abi-decode", "transfer(address,uint256)(bool)", words(word(1))), ["true"])
        expectOutput(try mintsim("abi-decode", "balanceOf(address)(uint256)", words(word(1000))), ["1000"])
        expectOutput(try mintsim("abi-decode", "--input", "transfer(address,uint256)(bool)", Self.transferCalldata), [address1, "1000"])
    }

    @Test func json() throws {
        let values = try #require(try expectJSON(try mintsim("abi-decode", "--json", "transfer(address,uint256)", Self.transferCalldata)) as? [String])
        #expect(values == [address1, "1000"])
        let encoded = try mintsim("abi-encode", "f(int8,bytes4,bool,uint256[],string)", "1", "0x01020304", "true", "[1,2]", "line1\nline2 \"q\"")
        let mixed = try #require(try expectJSON(try mintsim("abi-decode", "--json", "int8,bytes4,bool,uint256[],string", encoded.lines[0])) as? [Any])
        #expect(mixed.count == 5)
        #expect(mixed[0] as? String == "1")
        #expect(mixed[1] as? String == "0x01020304")
        #expect(mixed[2] as? Bool == true)
        #expect(mixed[3] as? [String] == ["1", "2"])
        #expect(mixed[4] as? String == "line1\nline2 \"q\"")
    }

    @Test func standardInput() throws {
        expectOutput(try mintsim("abi-decode", "address,uint256", stdin: "0x" + AbiEncodeTests.transferArgs + "\n"), [address1, "1000"])
        expectOutput(try mintsim("abi-decode", "address,uint256", "-", stdin: "  0x" + AbiEncodeTests.transferArgs + "  \n"), [address1, "1000"])
    }

    @Test func textFormOfCompositeValues() throws {
        let data = try mintsim("abi-encode", "f(string,(bool,int8)[])", "x", "[(true,-5),(false,7)]").lines[0]
        expectOutput(try mintsim("abi-decode", "f(uint256)(string,(bool,int8)[])", data), ["x", "[(true, -5), (false, 7)]"])
        let json = try #require(try expectJSON(try mintsim("abi-decode", "--json", "string,(bool,int8)[]", data)) as? [Any])
        #expect(json[0] as? String == "x")
        let tuples = try #require(json[1] as? [[Any]])
        #expect(tuples.count == 2)
        #expect(tuples[0][0] as? Bool == true && tuples[0][1] as? String == "-5")
        #expect(tuples[1][0] as? Bool == false && tuples[1][1] as? String == "7")
    }

    @Test func negativeAndExtremeValues() throws {
        expectOutput(try mintsim("abi-decode", "int8", "0x" + String(repeating: "f", count: 62) + "80"), ["-128"])
        expectOutput(try mintsim("abi-decode", "int256,uint256", "0x" + String(repeating: "f", count: 128)), ["-1", ToWeiTests.maxUInt256])
    }

    /// abi-encode → abi-decode → abi-encode gives back the same data.
    @Test(arguments: [
        ("f(int8,bytes4,bool,uint256[],(uint8,bool))", ["1", "0x01020304", "true", "[1,2]", "(7,true)"],
         ["1", "0x01020304", "true", "[1, 2]", "(7, true)"]),
        ("f(address,uint256,string)", [address1Lower, "0x3e8", "héllo"], [address1, "1000", "héllo"]),
        ("f(bytes,bytes32,bool[2])", ["0xdead", "0x" + String(repeating: "ab", count: 32), "[true,false]"],
         ["0xdead", "0x" + String(repeating: "ab", count: 32), "[true, false]"]),
        ("f(uint256[][],bytes[])", ["[[1],[],[2,3]]", "[0x01,0x]"], ["[[1], [], [2, 3]]", "[0x01, 0x]"]),
    ])
    func roundTrip(signature: String, arguments: [String], decoded: [String]) throws {
        let types = String(signature.dropFirst(2).dropLast())
        let encoded = try mintsim(arguments: ["abi-encode", signature] + arguments)
        #expect(encoded.status == 0)
        let decodedResult = try mintsim("abi-decode", types, encoded.lines[0])
        expectOutput(decodedResult, decoded)
        expectOutput(try mintsim(arguments: ["abi-encode", signature] + decodedResult.lines), encoded.lines)
        let withSelector = try mintsim(arguments: ["calldata", signature] + arguments)
        expectOutput(try mintsim("abi-decode", signature, withSelector.lines[0]), decoded)
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["abi-decode", "address,uint256", "0x0000"], "ABI data too short: (address,uint256) needs at least 64 bytes, got 2"),
        ErrorCase(["abi-decode", "uint256", "0x"], "ABI data too short: (uint256) needs at least 32 bytes, got 0"),
        ErrorCase(["abi-decode", "uint256", "0x" + String(repeating: "0", count: 62)], "ABI data too short: (uint256) needs at least 32 bytes, got 31"),
        ErrorCase(["abi-decode", "transfer(address,uint256)", "0x095ea7b3" + AbiEncodeTests.transferArgs],
                  "calldata selector 0x095ea7b3 is not 0xa9059cbb (transfer(address,uint256))"),
        ErrorCase(["abi-decode", "transfer(address,uint256)", "0xa905"], "calldata of 2 bytes has no 4-byte selector"),
        ErrorCase(["abi-decode", "uint8", words(word(256))], "value 0: word at offset 0 does not fit in uint8"),
        ErrorCase(["abi-decode", "bool", words(word(2))], "value 0: bool word at offset 0 is neither 0 nor 1"),
        ErrorCase(["abi-decode", "address", "0x0000000000000000000000010000000000000000000000000000000000000000"],
                  "value 0: address word at offset 0 has non-zero high bytes"),
        ErrorCase(["abi-decode", "string", words(word(0x20), word(5))], "value 0: length 5 at offset 32 runs past the end of the 64-byte data"),
        ErrorCase(["abi-decode", "foo", "0x00"], #"invalid ABI type "foo" at position 0: unknown type 'foo'"#),
        ErrorCase(["abi-decode", "uint256", "0x0g"], #"invalid hex "0x0g": 'g' at position 3 is not a hex digit"#),
        ErrorCase(["abi-decode", "uint256", "0x0"], #"invalid hex "0x0": odd number of hex digits (1)"#),
        ErrorCase(["abi-decode", "uint256"], "no data given (pass it as an argument or on standard input)"),
        ErrorCase(["abi-decode", "uint256", "-"], stdin: "  \n", "no data given (pass it as an argument or on standard input)"),
        ErrorCase(["abi-decode"], "Missing expected argument '<types>'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Bug: the text output promises one value per line, but a string containing a newline is printed raw and
    /// spans several lines (quote/escape strings that contain control characters, as --json does).
    @Test func stringWithNewlineStaysOnOneLine() throws {
        let data = try mintsim("abi-encode", "string,uint256", "line1\nline2", "7").lines[0]
        let r = try mintsim("abi-decode", "string,uint256", data)
        #expect(r.status == 0)
        #expect(r.lines.count == 2)
        #expect(r.lines.last == "7")
    }
}
