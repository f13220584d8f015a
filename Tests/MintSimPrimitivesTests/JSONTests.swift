import MintSimPrimitives
import Testing

@Suite struct JSONTests {
    @Test func numbersKeepTheirTextAndObjectsTheirOrder() throws {
        let value = try JSON.parse(#" {"b": 1e2, "a": [-0.5, 123456789012345678901234567890], "c": {"x": null, "y": true}} "#)
        #expect(value["b"] == .number("1e2"))
        #expect(value["a"] == .array([.number("-0.5"), .number("123456789012345678901234567890")]))
        #expect(value.objectValue?.keys == ["b", "a", "c"])
        #expect(value.text() == #"{"b":1e2,"a":[-0.5,123456789012345678901234567890],"c":{"x":null,"y":true}}"#)
        #expect(value.text(pretty: true) == "{\n  \"b\": 1e2,\n  \"a\": [\n    -0.5,\n    123456789012345678901234567890\n  ],\n  \"c\": {\n    \"x\": null,\n    \"y\": true\n  }\n}\n")
    }

    @Test func stringsEscapeAndUnescape() throws {
        let value = try JSON.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0001""#)
        #expect(value == .string("a\"b\\c/d\n\té😀\u{01}"))
        #expect(value.text() == #""a\"b\\c/d\n\té😀\u0001""#)
    }

    @Test func malformedJSONSaysWhatAndWhere() {
        let cases: [(String, String)] = [
            ("", "invalid JSON at line 1, column 1: the body is empty"),
            ("  ", "invalid JSON at line 1, column 3: no value, only whitespace"),
            ("{\"a\": 1,}", "invalid JSON at line 1, column 9: expected a member name in double quotes, found '}'"),
            ("{\"a\" 1}", "invalid JSON at line 1, column 6: expected ':' after member name \"a\", found '1'"),
            ("[1 2]", "invalid JSON at line 1, column 4: expected ',' or ']' in an array, found '2'"),
            ("{\"a\": 1, \"a\": 2}", "invalid JSON at line 1, column 10: duplicate member \"a\""),
            ("01", "invalid JSON at line 1, column 2: a number may not have leading zeros"),
            ("-", "invalid JSON at line 1, column 2: a number needs a digit after '-'"),
            ("1.", "invalid JSON at line 1, column 3: a number needs a digit after '.'"),
            ("1e", "invalid JSON at line 1, column 3: a number needs a digit in its exponent"),
            ("\"abc", "invalid JSON at line 1, column 1: a string is not closed"),
            ("\"a\u{01}\"", "invalid JSON at line 1, column 3: a control character (byte 0x01) must be escaped in a string"),
            ("\"\\x\"", "invalid JSON at line 1, column 2: unknown escape '\\x' in a string"),
            ("\"\\ud800\"", "invalid JSON at line 1, column 8: a \\u escape holds half of a surrogate pair"),
            ("\"\\u12g4\"", "invalid JSON at line 1, column 4: a \\u escape needs four hex digits"),
            ("tru", "invalid JSON at line 1, column 1: unexpected 't' where a value should be"),
            ("1 2", "invalid JSON at line 1, column 3: unexpected '2' after the value"),
            ("[\n\n  x]", "invalid JSON at line 3, column 3: unexpected 'x' where a value should be"),
            ("\"é\" x", "invalid JSON at line 1, column 5: unexpected 'x' after the value"),
        ]
        for (text, message) in cases {
            #expect(throws: JSONError.self, "\(text)") { try JSON.parse(text) }
            do {
                _ = try JSON.parse(text)
            } catch {
                #expect(error.description == message, "\(text)")
            }
        }
        #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        do {
            _ = try JSON.parse(deep)
            Issue.record("nesting of 65 accepted")
        } catch {
            #expect(error.message == "nesting deeper than 64 levels")
        }
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSON.parse(fine)) != nil)
    }

}

/// Random inputs: the parser never traps, and what the writer writes parses back to the same value.
@Suite struct JSONPropertyTests {
    func value(_ g: inout SplitMix64, depth: Int) -> JSON {
        switch g.below(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(g.below(2) == 0)
        case 2:
            let numbers = ["0", "-1", "12.5", "1e9", "-0.000001", "123456789012345678901234567890", "3E-7"]
            return .number(numbers[g.below(numbers.count)])
        case 3, 4:
            let pieces = ["a", "é", "\"", "\\", "\n", "\u{01}", "😀", " ", "/", "\u{2028}"]
            return .string((0..<g.below(6)).map { _ in pieces[g.below(pieces.count)] }.joined())
        case 5: return .array((0..<g.below(4)).map { _ in value(&g, depth: depth + 1) })
        default:
            var members: [(String, JSON)] = []
            for index in 0..<g.below(4) { members.append(("k\(index)", value(&g, depth: depth + 1))) }
            return .object(JSONObject(members))
        }
    }

    @Test func writtenValuesParseBackTheSame() throws {
        var g = SplitMix64(state: 20_261_125)
        for _ in 0..<2_000 {
            let original = value(&g, depth: 0)
            #expect(try JSON.parse(original.encoded()) == original)
            #expect(try JSON.parse(original.encoded(pretty: true)) == original)
        }
    }

    @Test func randomBytesAndMutatedDocumentsNeverTrap() {
        var g = SplitMix64(state: 7)
        let seed = Array(#"{"assets": [{"reference_id": "r\u00e9", "owner_address": "0x9a8e", "n": [1, -2.5e3, true, null]}]}"#.utf8)
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<g.below(40)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            } else {
                bytes = seed
                for _ in 0..<(1 + g.below(4)) {
                    let position = g.below(bytes.count)
                    switch g.below(3) {
                    case 0: bytes[position] = UInt8(truncatingIfNeeded: g.next())
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8(truncatingIfNeeded: g.next()), at: position)
                    }
                }
            }
            if (try? JSON.parse(bytes)) != nil { accepted += 1 }
        }
        // Some mutations stay valid JSON; most do not; none traps.
        #expect(accepted > 0)
        #expect(accepted < 20_000)
    }
}
