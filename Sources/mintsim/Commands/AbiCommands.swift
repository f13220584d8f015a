import ArgumentParser
import Foundation
import MintSimPrimitives

/// Parses the text arguments of a call against a signature's input types. The arguments are taken
/// as they come (so negative numbers need no `--`); a `--` is dropped, and before it a word that
/// starts with `-` and is not a number is an unknown option.
func parseArguments(_ function: ABIFunction, _ raw: [String]) throws -> [ABIValue] {
    var arguments: [String] = []
    var afterSeparator = false
    for argument in raw {
        if !afterSeparator && argument == "--" {
            afterSeparator = true
            continue
        }
        if !afterSeparator, argument.hasPrefix("-"), argument.count > 1, !(argument.dropFirst().first?.isNumber ?? false) {
            throw InputError("Unknown option '\(argument)'")
        }
        arguments.append(argument)
    }
    guard arguments.count == function.inputs.count else {
        throw InputError("\(function.signature) takes \(function.inputs.count) argument(s), got \(arguments.count)")
    }
    return try zip(arguments, function.inputs).enumerated().map { i, pair in
        try ABIValue(text: pair.0, type: pair.1, path: "argument \(i + 1) (\(pair.1))")
    }
}

struct AbiEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi-encode",
        abstract: "ABI-encode arguments for a signature (without the selector; see calldata).",
        discussion: """
            Values: integers in decimal or 0x hex, addresses in hex, true/false, bytes in hex, strings as \
            they are, arrays as [a,b], tuples as (a,b). Example: mintsim abi-encode "transfer(address,uint256)" \
            0x70997970C51812dc3A010C7d01b50e0d17dc79C8 1000
            """)

    @Argument(help: "Function signature, e.g. 'transfer(address,uint256)' or '(uint256,string)'.")
    var signature: String

    @Argument(parsing: .allUnrecognized, help: "One value per input type (negative numbers need no --).")
    var arguments: [String] = []

    func run() throws {
        let function = try signatureOrTypes(signature)
        Output.line(try ABI.encode(function.inputs, parseArguments(function, arguments)).hex)
    }
}

struct Calldata: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "ABI-encode a function call: the 4-byte selector followed by the encoded arguments.")

    @Argument(help: "Function signature, e.g. 'transfer(address,uint256)'.")
    var signature: String

    @Argument(parsing: .allUnrecognized, help: "One value per input type (negative numbers need no --).")
    var arguments: [String] = []

    func run() throws {
        let function = try ABIFunction(parsing: signature)
        Output.line(try function.encodeCall(parseArguments(function, arguments)).hex)
    }
}

/// A signature `name(types)` or a bare type list `(types)` / `types`.
func signatureOrTypes(_ text: String) throws -> ABIFunction {
    let trimmed = text.trimmingSpaces
    if let parenthesis = trimmed.firstIndex(of: "(") {
        let name = String(trimmed[..<parenthesis]).trimmingSpaces
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_$ "))
        let isIdentifier = !name.isEmpty && name.unicodeScalars.allSatisfy { allowed.contains($0) }
        if isIdentifier && name != "tuple" && (try? ABIType(parsing: name)) == nil {
            return try ABIFunction(parsing: trimmed)
        }
    }
    return ABIFunction(name: "", inputs: try ABIType.parseList(trimmed))
}

struct AbiDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi-decode",
        abstract: "Decode ABI data: return data for 'name(in)(out)', or the given types.",
        discussion: """
            TYPES is a type list such as 'uint256,address' or '(uint256,address)', or a signature: \
            with 'name(in)(out)' the data is return data decoded as the outputs; with 'name(in)' (or --input) \
            it is calldata, whose selector must match. One value per line, or --json.
            """)

    @Argument(help: "Types or signature.")
    var types: String

    @Argument(help: "Hex data; standard input when omitted.")
    var data: String?

    @Flag(help: "Decode calldata (selector and inputs) even when the signature has outputs.")
    var input = false

    @Flag(help: "Print a JSON array (integers as decimal strings).")
    var json = false

    func run() throws {
        let bytes = try Hex.decode(try Input.single(data, what: "data"))
        let function = try signatureOrTypes(types)
        let values: [ABIValue]
        if function.name.isEmpty {
            values = try ABI.decode(function.inputs, bytes)
        } else if let outputs = function.outputs, !input {
            values = try ABI.decode(outputs, bytes)
        } else {
            values = try function.decodeCall(bytes)
        }
        if json {
            try Output.json(values.map(\.jsonObject))
        } else {
            for value in values { Output.line(lineDescription(value)) }
        }
    }
}

/// One decoded value on one line: a string that holds a line break or another control character is
/// printed quoted and escaped, as JSON writes it, so that every value stays on its own line.
func lineDescription(_ value: ABIValue) -> String {
    guard case .string(let text) = value, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
        return value.description
    }
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data()
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
