import ArgumentParser
import MintSimPrimitives

struct Keccak: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keccak-256 of each input: 0x-prefixed input is hashed as bytes, anything else as UTF-8 text.")

    @Argument(help: "Inputs; read from standard input (one per line) when omitted.")
    var inputs: [String] = []

    @Flag(help: "Hash every input as UTF-8 text, even if it starts with 0x.")
    var text = false

    func run() throws {
        for input in try Input.values(inputs, what: "input") {
            if !text && (input.hasPrefix("0x") || input.hasPrefix("0X")) {
                Output.line(Keccak256.hash(try Hex.decode(input)).hex)
            } else {
                Output.line(Keccak256.hash(input).hex)
            }
        }
    }
}

struct Selector: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The 4-byte selector of a function signature, or the topic 0 of an event signature.",
        discussion: "A signature written `event Name(…)` or given with --event prints the 32-byte topic 0.")

    @Argument(help: "Signatures such as 'transfer(address,uint256)'; standard input when omitted.")
    var signatures: [String] = []

    @Flag(help: "Treat the signatures as events and print topic 0.")
    var event = false

    @Flag(help: "Print JSON with the canonical signature, selector and topic 0.")
    var json = false

    func run() throws {
        var results: [[String: String]] = []
        for text in try Input.values(signatures, what: "signature") {
            let function = try ABIFunction(parsing: text)
            let isEvent = event || text.trimmingSpaces.hasPrefix("event ")
            if json {
                results.append(["signature": function.signature, "selector": function.selector.hex, "topic0": function.topic0.hex])
            } else {
                Output.line(isEvent ? function.topic0.hex : function.selector.hex)
            }
        }
        if json { try Output.json(results.count == 1 ? results[0] as Any : results as Any) }
    }
}

extension String {
    var trimmingSpaces: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
