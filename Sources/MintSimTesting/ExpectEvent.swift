/// Expects `receipt` to hold the event `event` — a name (`"Transfer"`) or signature
/// (`"Transfer(address,address,uint256)"`) an event of a MintSim contract kind has — emitted by
/// `contract` when given, whose arguments include `arguments` (by declared name; the others may
/// be anything). An indexed `string` or `bytes` argument, stored as its hash, is compared with the
/// hash of the value given. Returns the first such event, decoded; otherwise throws an
/// `ExpectationFailure` listing the receipt's events, decoded.
@discardableResult
public func expectEvent(
    _ receipt: Receipt, _ event: String, from contract: Address? = nil, _ arguments: KeyValuePairs<String, any ABIArgument> = [:],
    file: String = #filePath, line: Int = #line
) throws -> Decoded {
    let expected = try ExpectedEvent(event, arguments: arguments, file: file, line: line)
    let logs = receipt.logs.filter { contract == nil || $0.address == contract }
    for log in logs {
        if let decoded = ContractDecoder.decodeLog(log), expected.matches(decoded) { return decoded }
    }
    var message = "expected event \(expected.rendered)\(contract.map { " from \($0)" } ?? ""), but "
    if !receipt.status {
        let revert = Revert(data: receipt.revertData, explanation: receipt.revertExplanation)
        message += "the transaction \(reverted(revert))"
    } else if receipt.logs.isEmpty {
        message += "the receipt has no events"
    } else {
        message += "the receipt's events are:\n" + receipt.logs.map { "  " + render($0) }.joined(separator: "\n")
    }
    throw ExpectationFailure(message, file: file, line: line)
}

/// Expects `receipt` to hold no event `event` (emitted by `contract`, when given).
public func expectNoEvent(
    _ receipt: Receipt, _ event: String, from contract: Address? = nil, file: String = #filePath, line: Int = #line
) throws {
    let expected = try ExpectedEvent(event, arguments: [:], file: file, line: line)
    let found = receipt.logs.filter { log in
        (contract == nil || log.address == contract) && ContractDecoder.decodeLog(log).map(expected.matches) == true
    }
    guard found.isEmpty else {
        throw ExpectationFailure(
            "expected no event \(event)\(contract.map { " from \($0)" } ?? ""), but the receipt has:\n"
                + found.map { "  " + render($0) }.joined(separator: "\n"),
            file: file, line: line)
    }
}

/// `Transfer(from: 0x…, to: 0x…, value: 5) from 0x…`, or the raw topic for a log no kind declares.
private func render(_ log: Log) -> String {
    if let decoded = ContractDecoder.decodeLog(log) { return "\(decoded) from \(log.address)" }
    if let topic0 = log.topics.first { return "log with topic 0 \(topic0.hex) from \(log.address)" }
    return "anonymous log from \(log.address)"
}

/// The event an `expectEvent` names, resolved to its declarations, with the arguments to check.
struct ExpectedEvent {
    let written: String
    /// Declared name or canonical signature.
    let byName: Bool
    let canonical: String
    let arguments: [(name: String, value: ABIValue)]
    /// `Transfer(to: 0x…, value: 5)`, or the event as written when no argument is checked.
    let rendered: String

    init(_ written: String, arguments given: KeyValuePairs<String, any ABIArgument>, file: String, line: Int) throws {
        self.written = written
        let declarations: [ABIEntry]
        if written.contains("(") {
            let function: ABIFunction
            do {
                function = try ABIFunction(parsing: written)
            } catch {
                throw ExpectationFailure("invalid event signature \"\(written)\": \(error.message)", file: file, line: line)
            }
            byName = false
            canonical = function.signature
            declarations = ContractDecoder.events.filter { $0.signature == function.signature }
            guard !declarations.isEmpty else {
                throw ExpectationFailure(
                    "unknown event \(function.signature): no MintSim contract kind declares it", file: file, line: line)
            }
        } else {
            byName = true
            canonical = written
            declarations = ContractDecoder.events(named: written)
            guard !declarations.isEmpty else {
                var message = "unknown event \(written)"
                if let suggestion = suggestion(for: written, among: ContractDecoder.eventNames) { message += "; \(suggestion)" }
                throw ExpectationFailure(message, file: file, line: line)
            }
        }
        // Argument names as `ContractDecoder` gives them, in declaration order.
        let parameters = declarations.map { entry in
            entry.inputs.enumerated().map { index, parameter -> (name: String, type: ABIType) in
                let trimmed = String(parameter.name.drop { $0 == "_" })
                return (trimmed.isEmpty ? "arg\(index)" : trimmed, parameter.type)
            }
        }
        let known = parameters.flatMap { $0.map(\.name) }.reduce(into: [String]()) { names, name in
            if !names.contains(name) { names.append(name) }
        }
        var seen = Set<String>()
        for (name, _) in given {
            guard seen.insert(name).inserted else {
                throw ExpectationFailure("argument \(name) of \(written) is given twice", file: file, line: line)
            }
            guard known.contains(name) else {
                var message = "\(written) has no argument \(name)"
                if let suggestion = suggestion(for: name, among: known) { message += "; \(suggestion)" }
                message += " (its arguments: \(known.joined(separator: ", ")))"
                throw ExpectationFailure(message, file: file, line: line)
            }
        }
        // Listed in declaration order, fitted to the type of the first declaration that has the argument.
        let givenValues = Dictionary(given.map { ($0.0, $0.1.abiValue) }, uniquingKeysWith: { first, _ in first })
        let ordered = known.compactMap { name -> (name: String, value: ABIValue)? in
            guard let value = givenValues[name] else { return nil }
            let type = parameters.lazy.compactMap { $0.first { $0.name == name }?.type }.first
            return (name, type.map { ABIFitting.fit(value, to: $0) } ?? value)
        }
        arguments = ordered
        rendered = ordered.isEmpty
            ? written : "\(declarations[0].name)(" + ordered.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + ")"
    }

    func matches(_ decoded: Decoded) -> Bool {
        guard byName ? decoded.name == canonical : decoded.signature == canonical else { return false }
        return arguments.allSatisfy { expected in
            guard let actual = decoded.arguments.first(where: { $0.name == expected.name }) else { return false }
            if actual.hashed {
                switch expected.value {
                case .string(let text): return actual.value == .fixedBytes(Keccak256.hash(Array(text.utf8)).bytes)
                case .bytes(let bytes): return actual.value == .fixedBytes(Keccak256.hash(bytes).bytes)
                default: return actual.value == expected.value
                }
            }
            return ABIFitting.fit(expected.value, to: actual.type) == actual.value
        }
    }
}
