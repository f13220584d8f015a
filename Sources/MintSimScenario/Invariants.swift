import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// The functions scenario expressions can call on the chain, with their arities.
enum ScenarioFunctions {
    static let arities: [String: ClosedRange<Int>] = [
        "balance": 1...3, "balances": 1...1, "holders": 1...1, "totalSupply": 1...2, "cap": 1...1, "paused": 1...1,
        "frozen": 2...2, "frozenTokens": 2...2, "isVerified": 2...2, "ownerOf": 2...2, "allowance": 3...3, "hasRole": 3...3,
        "units": 2...2, "decimals": 1...1, "now": 0...0, "blockNumber": 0...0,
    ]

    static var names: [String] { arities.keys.sorted() }
}

extension Checker {
    /// Reads an expression now, so that its syntax errors, unknown functions and wrong argument
    /// counts are reported with the file's other errors. Names are checked once the whole file is read.
    func checkExpression(_ text: String, _ node: YNode) {
        let location = reader.location(node)
        let quoted: Int
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { quoted = 1 } else { quoted = 0 }
        func at(_ offset: Int) -> SourceLocation {
            SourceLocation(file: location.file, line: location.line, column: location.column + quoted + offset)
        }
        let expression: Expression
        do {
            expression = try Expression(parsing: text)
        } catch {
            reader.diagnostics.error(at(error.offset), error.message)
            return
        }
        let known = ScenarioFunctions.names + Expression.builtinFunctions
        for call in expression.calls where !Expression.builtinFunctions.contains(call.name) {
            guard let arity = ScenarioFunctions.arities[call.name] else {
                reader.diagnostics.error(at(call.offset), "unknown function '\(call.name)'\(Suggest.hint(call.name, known)) (functions: \(ScenarioFunctions.names.joined(separator: ", ")))")
                continue
            }
            if !arity.contains(call.arity) {
                let count = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                reader.diagnostics.error(at(call.offset), "\(call.name) takes \(count) argument\(arity.upperBound == 1 ? "" : "s"), found \(call.arity)")
            }
        }
        pendingNames.append(contentsOf: expression.names.map { ($0.name, at($0.offset)) })
    }

    /// Names used in expressions must be accounts or contracts of the file (or role names).
    func checkExpressionNames() {
        let known = accounts.map(\.name) + declared
        for (name, location) in pendingNames where !known.contains(name) && !name.hasSuffix("_ROLE") && name != "zero" {
            reader.diagnostics.error(location, "unknown name '\(name)'\(Suggest.hint(name, known)) (accounts and contracts: \(known.joined(separator: ", ")))")
        }
    }
}

/// Answers expressions from the runner's chain.
struct ChainEnvironment: ExpressionEnvironment {
    let runner: ScenarioRunner
    /// Answers already read in this pass: the state does not change while invariants are checked,
    /// so `totalSupply(T)` in two invariants is read once.
    let memo = Memo()

    final class Memo {
        var values: [String: ExpressionValue] = [:]
    }

    func value(ofName name: String) throws(ExpressionError) -> ExpressionValue {
        if name == "zero" { return .address(.zero) }
        if let account = runner.scenario.account(name) { return .address(account.address) }
        if let address = runner.addresses[name] { return .address(address) }
        if name.hasSuffix("_ROLE") { return .name(name) }
        if runner.scenario.contracts[name] != nil { throw ExpressionError(.unknownName, "\(name) is not deployed yet") }
        throw ExpressionError(.unknownName, "unknown name '\(name)'")
    }

    func call(_ function: String, _ arguments: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue {
        let key = function + "(" + arguments.map(Self.key).joined(separator: ",") + ")"
        if let known = memo.values[key] { return known }
        let value = try evaluate(function, arguments)
        memo.values[key] = value
        return value
    }

    /// A value as a memo key: like its description, without the checksum's hashing.
    private static func key(_ value: ExpressionValue) -> String {
        switch value {
        case .address(let address): return address.lowercaseHex
        case .list(let items): return "[" + items.map(key).joined(separator: ",") + "]"
        default: return value.description
        }
    }

    private func evaluate(_ function: String, _ arguments: [ExpressionValue]) throws(ExpressionError) -> ExpressionValue {
        switch function {
        case "now": return .integer(UInt256(runner.chain.now))
        case "blockNumber": return .integer(UInt256(runner.chain.blockNumber))
        case "balance" where arguments.count == 1:
            return .integer(runner.chain.balance(of: try address(arguments[0], 0)))
        default: break
        }
        let (token, info) = try self.token(arguments.first, function)
        switch function {
        case "balance":
            let holder = try address(arguments[1], 1)
            if arguments.count == 3 {
                return try read(token, "balanceOf(address,uint256)(uint256)", [.address(holder), .uint(try integer(arguments[2], 2))])
            }
            return try read(token, "balanceOf(address)(uint256)", [.address(holder)])
        case "balances" where isLedger(token):
            // The ledger's storage read directly: what balanceOf answers, without a call per holder.
            return .list((runner.holders[info.name] ?? []).map { .integer(ERC20Ledger.balance(on: runner.chain, token: token, of: $0)) })
        case "totalSupply" where arguments.count == 1 && isLedger(token):
            return .integer(ERC20Ledger.totalSupply(on: runner.chain, token: token))
        case "balances":
            var values: [ExpressionValue] = []
            for holder in runner.holders[info.name] ?? [] where info.kind != "erc1155" {
                values.append(try read(token, "balanceOf(address)(uint256)", [.address(holder)]))
            }
            return .list(values)
        case "holders":
            return .list((runner.holders[info.name] ?? []).map { .address($0) })
        case "totalSupply":
            if arguments.count == 2 { return try read(token, "totalSupply(uint256)(uint256)", [.uint(try integer(arguments[1], 1))]) }
            return try read(token, "totalSupply()(uint256)", [])
        case "cap": return try read(token, "cap()(uint256)", [])
        case "paused": return try read(token, "paused()(bool)", [])
        case "frozen": return try read(token, "isFrozen(address)(bool)", [.address(try address(arguments[1], 1))])
        case "frozenTokens": return try read(token, "getFrozenTokens(address)(uint256)", [.address(try address(arguments[1], 1))])
        case "isVerified":
            guard let suite = runner.suites[info.name] else { throw ExpressionError(.type, "\(info.name) is not a security token", argument: 0) }
            return try read(suite.identityRegistry, "isVerified(address)(bool)", [.address(try address(arguments[1], 1))])
        case "ownerOf": return try read(token, "ownerOf(uint256)(address)", [.uint(try integer(arguments[1], 1))])
        case "allowance":
            return try read(token, "allowance(address,address)(uint256)", [.address(try address(arguments[1], 1)), .address(try address(arguments[2], 2))])
        case "hasRole":
            guard case .name(let role) = arguments[1] else { throw ExpressionError(.type, "hasRole needs a role name such as MINTER_ROLE", argument: 1) }
            let account = try address(arguments[2], 2)
            if role == "AGENT_ROLE" { return try read(token, "isAgent(address)(bool)", [.address(account)]) }
            let id: Hash = role == "DEFAULT_ADMIN_ROLE" ? .zero : Keccak256.hash(Array(role.utf8))
            return try read(token, "hasRole(bytes32,address)(bool)", [.fixedBytes(id.bytes), .address(account)])
        case "decimals": return .integer(UInt256(UInt64(info.decimals)))
        case "units":
            let text: String
            switch arguments[1] {
            case .decimal(let value): text = value
            case .integer(let value): text = value.description
            default: throw ExpressionError(.type, "units takes an amount such as 1000.5, found \(arguments[1].kind)", argument: 1)
            }
            do {
                return .integer(try UInt256(amount: text, decimals: info.decimals))
            } catch {
                throw ExpressionError(.invalidArgument, "\(text) is not an amount of \(info.name) (\(info.decimals) decimals): \(error.message)", argument: 1)
            }
        default:
            throw ExpressionError(.unknownFunction, "unknown function '\(function)'")
        }
    }

    /// Whether the model at `token` keeps its balances in `ERC20Ledger`.
    private func isLedger(_ token: Address) -> Bool {
        runner.chain.contract(at: token).map { ERC20Ledger.kinds.contains($0.kind) } ?? false
    }

    private func token(_ value: ExpressionValue?, _ function: String) throws(ExpressionError) -> (Address, ContractInfo) {
        guard case .address(let address)? = value, let name = runner.names[address], let info = runner.scenario.contracts[name] else {
            throw ExpressionError(.type, "\(function) needs a token of the scenario as its first argument", argument: 0)
        }
        return (address, info)
    }

    private func address(_ value: ExpressionValue, _ index: Int) throws(ExpressionError) -> Address {
        guard case .address(let address) = value else { throw ExpressionError(.type, "expected an account or contract, found \(value.kind)", argument: index) }
        return address
    }

    private func integer(_ value: ExpressionValue, _ index: Int) throws(ExpressionError) -> UInt256 {
        guard case .integer(let number) = value else { throw ExpressionError(.type, "expected a whole number, found \(value.kind)", argument: index) }
        return number
    }

    private func read(_ contract: Address, _ signature: String, _ arguments: [ABIValue]) throws(ExpressionError) -> ExpressionValue {
        let outputs: [ABIValue]
        do {
            outputs = try runner.chain.call(contract, signature, arguments)
        } catch {
            throw ExpressionError(.environment, "\(signature.prefix { $0 != "(" }) of \(runner.name(contract)) failed: \(error.message)")
        }
        switch outputs.first {
        case .uint(let value)?: return .integer(value)
        case .bool(let value)?: return .boolean(value)
        case .address(let value)?: return .address(value)
        default: throw ExpressionError(.environment, "\(signature) returned nothing")
        }
    }
}

extension ScenarioRunner {
    /// Checks every invariant whose contracts are all deployed.
    func checkInvariants() throws(StepFailure) {
        let environment = ChainEnvironment(runner: self)
        for (invariant, parsed) in zip(scenario.invariants, invariantExpressions) {
            guard let expression = parsed else { continue }
            let ready = expression.names.allSatisfy { scenario.contracts[$0.name] == nil || addresses[$0.name] != nil }
            guard ready else { continue }
            let why: String?
            do {
                why = try expression.explainFailure(in: environment)
            } catch {
                throw StepFailure(message: "invariant \(invariant.location): \(error.message)")
            }
            if let why { throw StepFailure(message: "invariant \(invariant.location): \(why)") }
        }
    }

    func checkExpression(_ text: String, location: SourceLocation) throws(StepFailure) {
        let why: String?
        do {
            why = try Expression(parsing: text).explainFailure(in: ChainEnvironment(runner: self), as: "assertion")
        } catch {
            throw StepFailure(message: error.message)
        }
        if let why { throw StepFailure(message: why) }
    }
}
