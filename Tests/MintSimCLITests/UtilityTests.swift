import Foundation
import Testing

@Suite struct KeccakTests {
    static let empty = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    static let hello = "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8"

    @Test func emptyInputs() throws {
        expectOutput(try mintsim("keccak", ""), [Self.empty])
        expectOutput(try mintsim("keccak", "0x"), [Self.empty])
        expectOutput(try mintsim("keccak", "0X"), [Self.empty])
    }

    @Test func hexIsHashedAsBytesAndTextAsUTF8() throws {
        expectOutput(try mintsim("keccak", "hello"), [Self.hello])
        expectOutput(try mintsim("keccak", "0x68656c6c6f"), [Self.hello])
        expectOutput(try mintsim("keccak", "0x68656C6C6F"), [Self.hello])
        expectOutput(try mintsim("keccak", "0xABCD"), ["0xdbe576b4818846aa77e82f4ed5fa78f92766b141f282d36703886d196df39322"])
        expectOutput(try mintsim("keccak", "héllo"), ["0xb163e4b6ab590984c8a084bb24adf25960a6ffeda33d188ecac36d12552bf3e0"])
        expectOutput(try mintsim("keccak", "--", "-x"), ["0x2941942ed738c6d0776b798c1951473374787705cb73bab081db42d88ea3ebdb"])
    }

    @Test func textFlag() throws {
        expectOutput(try mintsim("keccak", "--text", "0x68656c6c6f"), ["0x43e4886c04c4563d8da337f177f98d3b7b8c9f78e70ece7566829146fd4fb54d"])
        expectOutput(try mintsim("keccak", "--text", "hello"), [Self.hello])
    }

    @Test func severalArgumentsGiveSeveralLines() throws {
        expectOutput(try mintsim("keccak", "a", "b", "c"), [
            "0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb",
            "0xb5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510",
            "0x0b42b6393c1f53060fe3ddbfcd7aadcca894465a5a438f69c87d790b2299b9b2",
        ])
    }

    @Test func standardInputLines() throws {
        expectOutput(try mintsim("keccak", stdin: "hello\n0x\n\n0x68656c6c6f"), [Self.hello, Self.empty, Self.hello])
        expectOutput(try mintsim("keccak", "--text", stdin: "0x68656c6c6f\n"), ["0x43e4886c04c4563d8da337f177f98d3b7b8c9f78e70ece7566829146fd4fb54d"])
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["keccak", "0x1"], #"invalid hex "0x1": odd number of hex digits (1)"#),
        ErrorCase(["keccak", "0xabc"], #"invalid hex "0xabc": odd number of hex digits (3)"#),
        ErrorCase(["keccak", "0xzz"], #"invalid hex "0xzz": 'z' at position 2 is not a hex digit"#),
        ErrorCase(["keccak", "0x6g"], #"invalid hex "0x6g": 'g' at position 3 is not a hex digit"#),
        ErrorCase(["keccak"], "no input given (pass it as an argument or on standard input)"),
        ErrorCase(["keccak"], stdin: "\n\n", "no input given (pass it as an argument or on standard input)"),
        ErrorCase(["keccak", "--bogus"], "Unknown option '--bogus'"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Inputs are processed in order: results before the bad input are printed, then the error.
    @Test func errorAfterValidInputs() throws {
        let r = try mintsim("keccak", "hello", "0x6g", "a")
        #expect(r.status == 2)
        #expect(r.lines == [Self.hello])
        #expect(r.stderr == "error: invalid hex \"0x6g\": 'g' at position 3 is not a hex digit\n")
    }

    /// Bug: Swift treats "\r\n" as one Character, so `split(separator: "\n")` in Input.values does not split
    /// CRLF input: "hello\r\n" is hashed as the 7 bytes "hello\r\n" and two CRLF lines become one input.
    @Test func crlfStandardInputIsSplitIntoLines() throws {
        expectOutput(try mintsim("keccak", stdin: "hello\r\n"), [Self.hello])
        expectOutput(try mintsim("keccak", stdin: "a\r\nb\r\n"), [
            "0x3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb",
            "0xb5553de315e0edf504d9150af82dafa5c4667fa618ed0a6f19c69b41166c5510",
        ])
    }
}

@Suite struct SelectorTests {
    static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

    @Test func wellKnownSelectors() throws {
        expectOutput(try mintsim("selector", "transfer(address,uint256)", "approve(address,uint256)", "balanceOf(address)"),
                     ["0xa9059cbb", "0x095ea7b3", "0x70a08231"])
    }

    @Test(arguments: [
        "transfer(address,uint256)",
        "function transfer(address to, uint256 amount)",
        "function transfer(address to, uint256 amount) external returns (bool)",
        "transfer(address to,uint amount)",
        "  transfer( address , uint256 )  ",
    ])
    func namesAndKeywordsAreIgnored(signature: String) throws {
        expectOutput(try mintsim("selector", signature), ["0xa9059cbb"])
    }

    @Test func tupleAndArrayTypes() throws {
        expectOutput(try mintsim("selector", "f((uint256,bool)[],bytes32)"), ["0x25f6cbff"])
        expectOutput(try mintsim("selector", "f(tuple(uint256))", "f((uint256))"), ["0x3fc03eeb", "0x3fc03eeb"])
        expectOutput(try mintsim("selector", "f(uint256)(bool)"), ["0xb3de648b"])
    }

    @Test func eventTopic0() throws {
        expectOutput(try mintsim("selector", "event Transfer(address indexed from, address indexed to, uint256 value)"), [Self.transferTopic])
        expectOutput(try mintsim("selector", "--event", "Transfer(address,address,uint256)"), [Self.transferTopic])
        expectOutput(try mintsim("selector", "--event", stdin: "Transfer(address,address,uint256)\n"), [Self.transferTopic])
        expectOutput(try mintsim("selector", "transfer(address,uint256)", "event Transfer(address,address,uint256)"),
                     ["0xa9059cbb", Self.transferTopic])
    }

    @Test func json() throws {
        let one = try #require(try expectJSON(try mintsim("selector", "--json", "transfer(address to, uint amount)")) as? [String: String])
        #expect(one == [
            "signature": "transfer(address,uint256)", "selector": "0xa9059cbb",
            "topic0": "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b",
        ])
        let many = try #require(
            try expectJSON(try mintsim("selector", "--json", "balanceOf(address)", "event Transfer(address,address,uint256)")) as? [[String: String]])
        #expect(many.count == 2)
        #expect(many[0]["selector"] == "0x70a08231")
        #expect(many[1] == ["signature": "Transfer(address,address,uint256)", "selector": "0xddf252ad", "topic0": Self.transferTopic])
    }

    @Test func standardInput() throws {
        expectOutput(try mintsim("selector", stdin: "transfer(address,uint256)\n\nbalanceOf(address)\n"), ["0xa9059cbb", "0x70a08231"])
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["selector", "transfer(address,uint256"],
                  #"invalid signature "transfer(address,uint256": invalid ABI type "transfer(address,uint256" at position 24: missing ')'"#),
        ErrorCase(["selector", "transfer"], #"invalid signature "transfer": expected '(' after transfer"#),
        ErrorCase(["selector", "transfer(addr)"], #"invalid signature "transfer(addr)": invalid ABI type "transfer(addr)" at position 9: unknown type 'addr'"#),
        ErrorCase(["selector", "f(uint7)"], #"invalid signature "f(uint7)": invalid ABI type "f(uint7)" at position 2: unknown type 'uint7'"#),
        ErrorCase(["selector", "f(uint256[)"], #"invalid signature "f(uint256[)": invalid ABI type "f(uint256[)" at position 10: expected ']' in array type"#),
        ErrorCase(["selector", "(uint256)"], #"invalid signature "(uint256)": expected a name followed by '('"#),
        ErrorCase(["selector", "1abc(uint256)"], #"invalid signature "1abc(uint256)": expected a name followed by '('"#),
        ErrorCase(["selector", ""], #"invalid signature "": expected a name followed by '('"#),
        ErrorCase(["selector", "f(uint256),"], #"invalid signature "f(uint256),": unexpected "," after the parameters"#),
        ErrorCase(["selector"], "no signature given (pass it as an argument or on standard input)"),
        ErrorCase(["selector", "--event"], "no signature given (pass it as an argument or on standard input)"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }
}

@Suite struct ChecksumTests {
    @Test func checksumsSeveralArguments() throws {
        expectOutput(try mintsim("checksum", address1Lower, "0XF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266", "f39fd6e51aad88f6f4ce6ab8827279cfffb92266", address1),
                     [address1, address0, address0, address1])
    }

    @Test func standardInputLines() throws {
        let input = anvilAddresses.map { $0.lowercased() }.joined(separator: "\n") + "\n"
        expectOutput(try mintsim("checksum", stdin: input), anvilAddresses)
    }

    static let errors: [ErrorCase] = [
        ErrorCase(["checksum", "0x70997970c51812dc3a010c7d01b50e0d17dc79c"], #"invalid address "0x70997970c51812dc3a010c7d01b50e0d17dc79c": expected 40 hex digits, got 39"#),
        ErrorCase(["checksum", "0x70997970c51812dc3a010c7d01b50e0d17dc79c81"], #"invalid address "0x70997970c51812dc3a010c7d01b50e0d17dc79c81": expected 40 hex digits, got 41"#),
        ErrorCase(["checksum", "0x70997970C51812dc3A010C7d01b50e0d17dc79c8"],
                  #"invalid address "0x70997970C51812dc3A010C7d01b50e0d17dc79c8": EIP-55 checksum mismatch (the checksummed form is 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)"#),
        ErrorCase(["checksum", "0x70997970c51812dc3a010c7d01b50e0d17dc79cz"], #"invalid address "0x70997970c51812dc3a010c7d01b50e0d17dc79cz": character at position 41 is not a hex digit"#),
        ErrorCase(["checksum", ""], #"invalid address "": expected 40 hex digits, got 0"#),
        ErrorCase(["checksum", "0x"], #"invalid address "0x": expected 40 hex digits, got 0"#),
        ErrorCase(["checksum"], "no address given (pass it as an argument or on standard input)"),
        ErrorCase(["checksum"], stdin: "\n", "no address given (pass it as an argument or on standard input)"),
        ErrorCase(["checksum"], stdin: "0x1234\n", #"invalid address "0x1234": expected 40 hex digits, got 4"#),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Same CRLF bug as keccak; here it also produces a multi-line error message.
    @Test func crlfStandardInput() throws {
        expectOutput(try mintsim("checksum", stdin: "\(address1Lower)\r\n\(address0.lowercased())\r\n"), [address1, address0])
    }
}

@Suite struct AddressOfTests {
    @Test func anvilAccountKeys() throws {
        expectOutput(try mintsim(arguments: ["address-of"] + anvilKeys), anvilAddresses)
        expectOutput(try mintsim("address-of", String(key0.dropFirst(2))), [address0])
        expectOutput(try mintsim("address-of", stdin: anvilKeys.prefix(2).joined(separator: "\n") + "\n"), Array(anvilAddresses.prefix(2)))
    }

    @Test func boundaryKeys() throws {
        expectOutput(try mintsim("address-of", "0x0000000000000000000000000000000000000000000000000000000000000001"),
                     ["0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"])
        expectOutput(try mintsim("address-of", "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"),
                     ["0x80C0dbf239224071c59dD8970ab9d542E3414aB2"])
    }

    static let outOfRange = "invalid private key: must be between 1 and the curve order minus 1"
    static let errors: [ErrorCase] = [
        ErrorCase(["address-of", "0x0000000000000000000000000000000000000000000000000000000000000000"], outOfRange),
        ErrorCase(["address-of", "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"], outOfRange),
        ErrorCase(["address-of", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"], outOfRange),
        ErrorCase(["address-of", String(key0.dropLast(2))], "invalid private key: expected 32 bytes, got 31"),
        ErrorCase(["address-of", key0 + "00"], "invalid private key: expected 32 bytes, got 33"),
        ErrorCase(["address-of", "0x01"], "invalid private key: expected 32 bytes, got 1"),
        ErrorCase(["address-of", "0x"], "invalid private key: expected 32 bytes, got 0"),
        ErrorCase(["address-of"], "no private key given (pass it as an argument or on standard input)"),
    ]

    @Test(arguments: errors) func failsWithMessage(_ c: ErrorCase) throws { try c.run() }

    /// Poor message: a mistyped private key is echoed in full on standard error (it may end up in logs).
    @Test func badHexKeyIsNotEchoed() throws {
        let typo = "0xzz0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        let r = try mintsim("address-of", typo)
        #expect(r.status == 2)
        #expect(!r.stderr.contains("0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"))
        #expect(r.stderr == "error: invalid private key: 'z' at position 2 is not a hex digit\n")
    }
}
