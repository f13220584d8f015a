/// Runs `body` and expects it to revert with the custom error `error`, given by name
/// (`"ERC20InsufficientBalance"`, any error a MintSim contract kind declares, `"Panic"`) or by full
/// signature (`"ERC20InsufficientBalance(address,uint256,uint256)"`, which also names errors no
/// kind declares). With `arguments`, the error's arguments must equal them, in order; with
/// `explanationContains`, the revert's explanation (`Revert.explanation`) must contain that text.
///
/// A revert counts whether it is thrown (`ContractReverted`, or a `ChainError` with code
/// `executionReverted` from `chain.transact`/`chain.call`) or mined with status 0: `body` may
/// return the `Receipt` (or what `chain.transact` returns) of a transaction sent with a `gasLimit`.
/// Anything else throws an `ExpectationFailure` saying what happened instead. Returns the revert.
@discardableResult
public func expectRevert<T>(
    _ error: String, _ arguments: [any ABIArgument]? = nil, explanationContains: String? = nil,
    file: String = #filePath, line: Int = #line, _ body: () throws -> T
) throws -> Revert {
    let expected = try ExpectedError(error, file: file, line: line)
    return try expected.check(arguments: arguments, explanationContains: explanationContains, file: file, line: line, body)
}

/// Runs `body` and expects it to revert with `Error(string)` carrying `reason` (what
/// `require(condition, "reason")` reverts with).
@discardableResult
public func expectRevert<T>(
    reason: String, explanationContains: String? = nil, file: String = #filePath, line: Int = #line, _ body: () throws -> T
) throws -> Revert {
    let expected = try ExpectedError("Error(string)", file: file, line: line)
    return try expected.check(arguments: [reason], explanationContains: explanationContains, file: file, line: line, body)
}

/// Runs `body` and expects it to revert, with any error (or none).
@discardableResult
public func expectRevert<T>(file: String = #filePath, line: Int = #line, _ body: () throws -> T) throws -> Revert {
    switch try RevertOutcome.of(body) {
    case .reverted(let revert, _):
        return revert
    case .succeeded:
        throw ExpectationFailure("expected a revert, but the call succeeded", file: file, line: line)
    case .threw(let error):
        throw ExpectationFailure("expected a revert, but the call threw: \(error)", file: file, line: line)
    }
}

/// How a body ended.
enum RevertOutcome {
    case succeeded
    case reverted(Revert, kind: String?)
    case threw(any Error)

    static func of<T>(_ body: () throws -> T) throws -> RevertOutcome {
        do {
            let value = try body()
            if let receipt = failedReceipt(value) {
                return .reverted(Revert(data: receipt.revertData, explanation: receipt.revertExplanation), kind: nil)
            }
            return .succeeded
        } catch let failure as ExpectationFailure {
            throw failure
        } catch let reverted as ContractReverted {
            return .reverted(reverted.revert, kind: reverted.kind)
        } catch let error as ChainError where error.code == .executionReverted {
            return .reverted(error.revert ?? Revert(data: []), kind: nil)
        } catch let revert as Revert {
            return .reverted(revert, kind: nil)
        } catch {
            return .threw(error)
        }
    }

    /// A receipt with status 0 among the values a send returns.
    private static func failedReceipt(_ value: Any) -> Receipt? {
        let receipt: Receipt?
        if let value = value as? Receipt {
            receipt = value
        } else if let sent = value as? (hash: Hash, receipt: Receipt?) {
            receipt = sent.receipt
        } else if let deployed = value as? (address: Address, hash: Hash, receipt: Receipt?) {
            receipt = deployed.receipt
        } else {
            receipt = nil
        }
        guard let receipt, !receipt.status else { return nil }
        return receipt
    }
}

/// An error declaration a revert may match.
struct ErrorDeclaration {
    let name: String
    let signature: String
    let parameters: [(name: String, type: ABIType)]

    var selector: [UInt8] { Array(Keccak256.hash(signature).bytes.prefix(4)) }
    var types: [ABIType] { parameters.map(\.type) }

    init(_ entry: ABIEntry) {
        name = entry.name
        signature = entry.signature
        parameters = entry.inputs.enumerated().map { index, parameter in
            let trimmed = String(parameter.name.drop { $0 == "_" })
            return (trimmed.isEmpty ? "arg\(index)" : trimmed, parameter.type)
        }
    }

    init(_ function: ABIFunction) {
        name = function.name
        signature = function.signature
        parameters = function.inputs.enumerated().map { ("arg\($0)", $1) }
    }

    /// `Name(a: 1, b: 2)`; `Error("…")` and `Panic(17: …)` as `ContractDecoder.describe` writes them.
    func render(_ values: [ABIValue]) -> String {
        if let data = try? ABI.encode(types, values), ContractDecoder.decodeRevert(selector + data)?.signature == signature {
            return ContractDecoder.describe(Revert(data: selector + data))
        }
        return "\(name)(" + zip(parameters, values).map { "\($0.name): \($1)" }.joined(separator: ", ") + ")"
    }
}

/// The error an `expectRevert` names, resolved to its declarations.
struct ExpectedError {
    let written: String
    let declarations: [ErrorDeclaration]

    init(_ written: String, file: String, line: Int) throws {
        self.written = written
        if written.contains("(") {
            let function: ABIFunction
            do {
                function = try ABIFunction(parsing: written)
            } catch {
                throw ExpectationFailure("invalid error signature \"\(written)\": \(error.message)", file: file, line: line)
            }
            let declared = ContractDecoder.errors.filter { $0.signature == function.signature }
            declarations = declared.isEmpty ? [ErrorDeclaration(function)] : declared.map(ErrorDeclaration.init)
        } else {
            let declared = ContractDecoder.errors(named: written)
            guard !declared.isEmpty else {
                var message = "unknown error \(written)"
                if let suggestion = suggestion(for: written, among: ContractDecoder.errorNames) {
                    message += "; \(suggestion)"
                } else {
                    message += ": no MintSim contract kind declares it "
                        + "(give its full signature, such as \(written)(uint256), for another contract's error)"
                }
                throw ExpectationFailure(message, file: file, line: line)
            }
            declarations = declared.map(ErrorDeclaration.init)
        }
    }

    func check<T>(
        arguments: [any ABIArgument]?, explanationContains: String?, file: String, line: Int, _ body: () throws -> T
    ) throws -> Revert {
        // The expected arguments, fitted to each declaration that takes that many.
        var candidates: [(declaration: ErrorDeclaration, values: [ABIValue]?)] = declarations.map { ($0, nil) }
        var expectedText = written
        if let arguments {
            candidates = declarations.filter { $0.parameters.count == arguments.count }.map { declaration in
                (declaration, zip(arguments, declaration.types).map { ABIFitting.fit($0.abiValue, to: $1) })
            }
            guard let first = candidates.first, let values = first.values else {
                throw ExpectationFailure(argumentCountMessage(arguments.count), file: file, line: line)
            }
            do {
                _ = try ABI.encode(first.declaration.types, values)
            } catch {
                throw ExpectationFailure("\(first.declaration.signature): \(error.message)", file: file, line: line)
            }
            expectedText = first.declaration.render(values)
        }

        let revert: Revert, kind: String?
        switch try RevertOutcome.of(body) {
        case .succeeded:
            throw ExpectationFailure("expected a revert with \(expectedText), but the call succeeded", file: file, line: line)
        case .threw(let error):
            throw ExpectationFailure("expected a revert with \(expectedText), but the call threw: \(error)", file: file, line: line)
        case .reverted(let actual, let actualKind):
            revert = actual
            kind = actualKind
        }

        let selector = revert.data.count >= 4 ? Array(revert.data.prefix(4)) : []
        let encoded = Array(revert.data.dropFirst(4))
        let match = candidates.lazy.compactMap { candidate in
            candidate.declaration.selector == selector
                ? (try? ABI.decode(candidate.declaration.types, encoded)).map { (candidate.declaration, candidate.values, $0) } : nil
        }.first
        guard let (declaration, expectedValues, actualValues) = match else {
            throw ExpectationFailure(
                "expected a revert with \(expectedText), but it \(reverted(revert, kind: kind))",
                file: file, line: line)
        }
        if let expectedValues {
            let differing = zip(declaration.parameters, zip(expectedValues, actualValues)).filter { $1.0 != $1.1 }.map(\.0.name)
            if !differing.isEmpty {
                throw ExpectationFailure(
                    "expected a revert with \(expectedText), but it reverted with \(declaration.render(actualValues)) "
                        + "(\(listed(differing)) \(differing.count == 1 ? "differs" : "differ"))",
                    file: file, line: line)
            }
        }
        if let explanationContains {
            guard let explanation = revert.explanation else {
                throw ExpectationFailure(
                    "expected the explanation of \(declaration.name) to contain \"\(explanationContains)\", but it has no explanation",
                    file: file, line: line)
            }
            guard explanation.contains(explanationContains) else {
                throw ExpectationFailure(
                    "expected the explanation of \(declaration.name) to contain \"\(explanationContains)\", but it is \"\(explanation)\"",
                    file: file, line: line)
            }
        }
        return revert
    }

    private func argumentCountMessage(_ given: Int) -> String {
        let was = given == 1 ? "was" : "were"
        if declarations.count == 1, let declaration = declarations.first {
            let count = declaration.parameters.count
            let names = declaration.parameters.isEmpty ? "" : " (\(declaration.parameters.map(\.name).joined(separator: ", ")))"
            return "\(declaration.name) takes \(count) argument\(count == 1 ? "" : "s")\(names), \(given) \(was) given"
        }
        let signatures = declarations.map(\.signature).joined(separator: ", ")
        return "no declaration of \(written) takes \(given) argument\(given == 1 ? "" : "s") (\(signatures))"
    }
}

/// `reverted with ERC20InvalidReceiver(receiver: 0x…)`, `reverted without data`, then the
/// explanation, if any, after ` — `.
func reverted(_ revert: Revert, kind: String? = nil) -> String {
    guard revert.data.isEmpty else { return "reverted with \(ContractDecoder.describe(revert, kind: kind))" }
    return "reverted without data" + (revert.explanation.map { " — " + $0 } ?? "")
}

/// `a`, `a and b`, `a, b and c`.
func listed(_ items: [String]) -> String {
    guard let last = items.last else { return "" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
}
