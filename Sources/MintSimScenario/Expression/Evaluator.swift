import MintSimPrimitives

/// The functions of the language itself; every other call goes to the environment.
enum Builtin: String, CaseIterable, Sendable {
    case sum, count, min, max, all, any

    /// Checked when the expression is read, so a wrong count is reported before anything runs.
    func checkArity(_ count: Int, at offset: Int) throws(ExpressionError) {
        switch self {
        case .sum, .count, .all, .any:
            guard count != 1 else { return }
            let what = switch self {
            case .sum: "a list of integers"
            case .count: "a list"
            default: "a list of booleans"
            }
            throw ExpressionError(.arity, "\(rawValue) takes one argument (\(what)), not \(count)", offset: offset)
        case .min, .max:
            guard count == 0 else { return }
            throw ExpressionError(.arity, "\(rawValue) takes a list or one or more integers, not 0 arguments", offset: offset)
        }
    }
}

/// How a message refers to a decimal amount where an integer is needed.
func decimalHint(_ text: String) -> String {
    "scale it to base units with units(TOKEN, \(text))"
}

struct Evaluator<Environment: ExpressionEnvironment> {
    let environment: Environment

    func evaluate(_ node: Node) throws(ExpressionError) -> ExpressionValue {
        switch node.kind {
        case .integer(let value, _): return .integer(value)
        case .decimal(let text, _): return .decimal(text)
        case .boolean(let value): return .boolean(value)
        case .string(let text): return .string(text)
        case .name(let name):
            do {
                return try environment.value(ofName: name)
            } catch {
                throw error.located(at: node.offset)
            }
        case .list(let elements):
            return .list(try evaluateAll(elements))
        case .call(let name, let arguments, let isBuiltin):
            let values = try evaluateAll(arguments)
            if isBuiltin, let builtin = Builtin(rawValue: name) {
                return try apply(builtin, values, arguments: arguments)
            }
            do {
                return try environment.call(name, values)
            } catch {
                if let index = error.argument, arguments.indices.contains(index) {
                    throw error.located(at: arguments[index].offset)
                }
                throw error.located(at: node.offset)
            }
        case .not(let operand):
            let value = try evaluate(operand)
            guard case .boolean(let truth) = value else {
                throw ExpressionError(.type, "'!' expects true or false, not \(value.kind)", offset: operand.offset)
            }
            return .boolean(!truth)
        case .chain(let first, let links):
            switch links.first?.op {
            case .and?, .or?: return try logical(first, links)
            default: return try arithmetic(first, links)
            }
        case .comparison(let lhs, let op, let rhs, let operatorOffset):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return .boolean(try compare(left, op, right, lhs: lhs, rhs: rhs, at: operatorOffset))
        }
    }

    private func evaluateAll(_ nodes: [Node]) throws(ExpressionError) -> [ExpressionValue] {
        var values: [ExpressionValue] = []
        values.reserveCapacity(nodes.count)
        for node in nodes { values.append(try evaluate(node)) }
        return values
    }

    /// `&&` and `||`, short-circuiting: the parts after the deciding one are not evaluated.
    private func logical(_ first: Node, _ links: [Node.Link]) throws(ExpressionError) -> ExpressionValue {
        let op = links[0].op
        let stopAt = op == .or
        func truth(_ node: Node, side: String) throws(ExpressionError) -> Bool {
            let value = try evaluate(node)
            guard case .boolean(let truth) = value else {
                throw ExpressionError(.type, "'\(op.rawValue)' expects true or false, but its \(side) side is \(value.kind)", offset: node.offset)
            }
            return truth
        }
        if try truth(first, side: "left") == stopAt { return .boolean(stopAt) }
        for link in links {
            if try truth(link.operand, side: "right") == stopAt { return .boolean(stopAt) }
        }
        return .boolean(!stopAt)
    }

    private func arithmetic(_ first: Node, _ links: [Node.Link]) throws(ExpressionError) -> ExpressionValue {
        var accumulated = try evaluate(first)
        for link in links {
            let right = try evaluate(link.operand)
            if case .decimal(let text) = accumulated {
                throw ExpressionError(.type, "\(text) is a decimal amount, not an integer: \(decimalHint(text))", offset: first.offset)
            }
            if case .decimal(let text) = right {
                throw ExpressionError(.type, "\(text) is a decimal amount, not an integer: \(decimalHint(text))", offset: link.operand.offset)
            }
            guard case .integer(let a) = accumulated, case .integer(let b) = right else {
                throw ExpressionError(.type, "cannot apply '\(link.op.rawValue)' to \(accumulated.kind) and \(right.kind)", offset: link.offset)
            }
            do {
                switch link.op {
                case .add: accumulated = .integer(try a.adding(b))
                case .subtract: accumulated = .integer(try a.subtracting(b))
                case .multiply: accumulated = .integer(try a.multiplied(by: b))
                case .divide: accumulated = .integer(try a.divided(by: b))
                case .remainder: accumulated = .integer(try a.remainder(dividingBy: b))
                case .and, .or: break  // chains do not mix levels
                }
            } catch {
                throw ExpressionError(.arithmetic, error.message, offset: link.offset)
            }
        }
        return accumulated
    }

    private func compare(
        _ left: ExpressionValue, _ op: ComparisonOperator, _ right: ExpressionValue, lhs: Node, rhs: Node, at offset: Int
    ) throws(ExpressionError) -> Bool {
        if case .decimal(let text) = left {
            throw ExpressionError(.type, "\(text) is a decimal amount, not an integer: \(decimalHint(text))", offset: lhs.offset)
        }
        if case .decimal(let text) = right {
            throw ExpressionError(.type, "\(text) is a decimal amount, not an integer: \(decimalHint(text))", offset: rhs.offset)
        }
        if case .integer(let a) = left, case .integer(let b) = right {
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        }
        guard left.kind == right.kind else {
            throw ExpressionError(.type, "cannot compare \(left.kind) with \(right.kind)", offset: offset)
        }
        switch op {
        case .equal: return left == right
        case .notEqual: return left != right
        default:
            throw ExpressionError(.type, "'\(op.rawValue)' compares integers, not \(left.kindPlural)", offset: offset)
        }
    }

    // MARK: Built-ins

    private func apply(_ builtin: Builtin, _ values: [ExpressionValue], arguments: [Node]) throws(ExpressionError) -> ExpressionValue {
        let name = builtin.rawValue
        switch builtin {
        case .sum:
            let elements = try list(values[0], of: "integers", for: name, at: arguments[0].offset)
            var total = UInt256.zero
            for (index, element) in elements.enumerated() {
                let value = try integer(element, for: name, element: index, at: arguments[0].offset)
                do {
                    total = try total.adding(value)
                } catch {
                    throw ExpressionError(.arithmetic, "arithmetic overflow in sum: \(total) + \(value) exceeds 2^256-1", offset: arguments[0].offset)
                }
            }
            return .integer(total)
        case .count:
            let elements = try list(values[0], of: nil, for: name, at: arguments[0].offset)
            return .integer(UInt256(elements.count))
        case .min, .max:
            var candidates: [UInt256] = []
            if values.count == 1, case .list(let elements) = values[0] {
                guard !elements.isEmpty else {
                    throw ExpressionError(.invalidArgument, "\(name) of an empty list has no value", offset: arguments[0].offset)
                }
                for (index, element) in elements.enumerated() {
                    candidates.append(try integer(element, for: name, element: index, at: arguments[0].offset))
                }
            } else {
                for (index, value) in values.enumerated() {
                    guard case .integer(let number) = value else {
                        let what = if case .decimal(let text) = value {
                            "the decimal amount \(text): \(decimalHint(text))"
                        } else {
                            value.kind
                        }
                        throw ExpressionError(.type, "\(name) expects a list or integers, but argument \(index + 1) is \(what)", offset: arguments[index].offset)
                    }
                    candidates.append(number)
                }
            }
            let result = builtin == .min ? candidates.min() : candidates.max()
            return .integer(result ?? .zero)
        case .all, .any:
            let elements = try list(values[0], of: "booleans", for: name, at: arguments[0].offset)
            var truths: [Bool] = []
            for (index, element) in elements.enumerated() {
                guard case .boolean(let truth) = element else {
                    throw ExpressionError(.type, "\(name) expects a list of booleans, but element \(index + 1) is \(element.kind)", offset: arguments[0].offset)
                }
                truths.append(truth)
            }
            return .boolean(builtin == .all ? !truths.contains(false) : truths.contains(true))
        }
    }

    private func list(_ value: ExpressionValue, of what: String?, for name: String, at offset: Int) throws(ExpressionError) -> [ExpressionValue] {
        guard case .list(let elements) = value else {
            let expected = what.map { "a list of \($0)" } ?? "a list"
            throw ExpressionError(.type, "\(name) expects \(expected), not \(value.kind)", offset: offset)
        }
        return elements
    }

    private func integer(_ element: ExpressionValue, for name: String, element index: Int, at offset: Int) throws(ExpressionError) -> UInt256 {
        switch element {
        case .integer(let value):
            return value
        case .decimal(let text):
            throw ExpressionError(.type, "\(name) expects a list of integers, but element \(index + 1) is the decimal amount \(text): \(decimalHint(text))", offset: offset)
        default:
            throw ExpressionError(.type, "\(name) expects a list of integers, but element \(index + 1) is \(element.kind)", offset: offset)
        }
    }
}
