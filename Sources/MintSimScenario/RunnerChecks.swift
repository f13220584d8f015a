import MintSimChain
import MintSimContracts
import MintSimPrimitives

extension ScenarioRunner {

    // MARK: - Reverts and events

    /// A revert as a person reads it, with names for known addresses and amounts in the step's
    /// token units.
    func describe(_ revert: Revert, kind: String?) -> String {
        guard let decoded = ContractDecoder.decodeRevert(revert.data, kind: kind), decoded.name != "Error", decoded.name != "Panic" else {
            return ContractDecoder.describe(revert, kind: kind)
        }
        let arguments = decoded.arguments.map { "\($0.name): \(format($0, decimals: currentDecimals))" }
        return "\(decoded.name)(\(arguments.joined(separator: ", ")))" + (revert.explanation.map { " — " + $0 } ?? "")
    }

    func match(_ revert: Revert, _ expected: RevertExpectation, kind: String?) throws(StepFailure) {
        let actual = describe(revert, kind: kind)
        guard let decoded = ContractDecoder.decodeRevert(revert.data, kind: kind), decoded.name == expected.name else {
            throw StepFailure(message: "expected a revert with \(expected.name), but it reverted with \(actual)")
        }
        for (key, value) in expected.arguments {
            let argument = Int(key).flatMap { $0 < decoded.arguments.count ? decoded.arguments[$0] : nil }
                ?? decoded.arguments.first { $0.name == key }
            guard let argument else {
                throw StepFailure(message: "\(expected.name) has no argument '\(key)' (it has \(decoded.arguments.map(\.name).joined(separator: ", ")))")
            }
            if !matches(value, argument, decimals: currentDecimals) {
                throw StepFailure(message: "expected \(expected.name) with \(argument.name) = \(value.text), but it reverted with \(actual)")
            }
        }
        if let text = expected.explanation {
            guard let explanation = revert.explanation, explanation.contains(text) else {
                throw StepFailure(message: "expected the explanation to contain \"\(text)\", but it is \(revert.explanation.map { "\"\($0)\"" } ?? "empty")")
            }
        }
    }

    func checkEvents(_ expectation: Expectation, minedAnything: Bool) throws(StepFailure) {
        guard !expectation.events.isEmpty || !expectation.absentEvents.isEmpty else { return }
        guard minedAnything else { throw StepFailure(message: "the transaction is pending, so its events are not known yet") }
        let decoded = stepLogs
        for expected in expectation.events {
            let contract = try expected.contract.map { ref throws(StepFailure) in try resolve(ref) }
            let candidates = decoded.filter { log, event in
                event?.name == expected.name && (contract == nil || log.address == contract)
            }
            let found = candidates.contains { log, event in
                guard let event else { return false }
                return expected.arguments.allSatisfy { key, value in
                    guard let argument = event.arguments.first(where: { $0.name == key }) ?? Int(key).flatMap({ $0 < event.arguments.count ? event.arguments[$0] : nil })
                    else { return false }
                    return matches(value, argument, decimals: decimals(of: log.address))
                }
            }
            if !found {
                let emitted = decoded.map { log, _ in describe(log) }
                let list = emitted.isEmpty ? "it emitted no events" : "it emitted: " + emitted.joined(separator: "; ")
                let arguments = expected.arguments.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ")
                throw StepFailure(message: "expected the event \(expected.name)(\(arguments))\(expected.contract.map { " from \($0)" } ?? ""), but \(list)")
            }
        }
        for absent in expectation.absentEvents {
            let contract = try absent.contract.map { ref throws(StepFailure) in try resolve(ref) }
            if let hit = decoded.first(where: { log, event in
                event?.name == absent.name && (contract == nil || log.address == contract)
                    && absent.arguments.allSatisfy { key, value in
                        event?.arguments.first(where: { $0.name == key }).map { matches(value, $0, decimals: decimals(of: log.address)) } ?? false
                    }
            }) {
                throw StepFailure(message: "expected no \(absent.name) event, but it emitted \(describe(hit.0))")
            }
        }
    }

    /// A log as a person reads it: the emitting contract's name, the event, and its arguments with
    /// names for known addresses and amounts in token units.
    func describe(_ log: Log) -> String {
        describe(log, ContractDecoder.decodeLog(log, on: chain))
    }

    /// The same for a log already decoded.
    func describe(_ log: Log, _ decoded: Decoded?) -> String {
        guard let event = decoded else {
            return "\(name(log.address)): log \(log.topics.map(\.description).joined(separator: " ")) \(log.data.hex)"
        }
        let decimals = decimals(of: log.address)
        let arguments = event.arguments.map { argument in "\(argument.name): \(format(argument, decimals: decimals))" }
        return "\(name(log.address)).\(event.name)(\(arguments.joined(separator: ", ")))"
    }

    func format(_ argument: DecodedArgument, decimals: Int) -> String {
        ContractDecoder.format(argument.value, argument: argument.name, decimals: decimals, name: name)
    }

    func decimals(of address: Address) -> Int {
        guard let name = names[address], let info = scenario.contracts[name] else { return 0 }
        return info.kind == "erc721" ? 0 : info.decimals
    }

    // MARK: - Expected values

    /// Whether a decoded argument equals what the file expects, read by the argument's type.
    func matches(_ expected: Expected, _ argument: DecodedArgument, decimals: Int) -> Bool {
        guard let value = try? value(expected, type: argument.type, name: argument.name, decimals: decimals) else { return false }
        return value == argument.value
    }

    func value(_ expected: Expected, type: ABIType, name: String, decimals: Int) throws(StepFailure) -> ABIValue {
        let text = expected.text
        switch type {
        case .address:
            if text == "zero" || text == "0x0" { return .address(.zero) }
            if let account = scenario.account(text) { return .address(account.address) }
            if let address = addresses[text] { return .address(address) }
            if text.contains("."), let ref = Optional(ContractRef(name: String(text.prefix { $0 != "." }), part: String(text.drop { $0 != "." }.dropFirst()))),
                let address = try? resolve(ref)
            {
                return .address(address)
            }
            do {
                return .address(try Address(text))
            } catch {
                throw StepFailure(message: "\(expected.location): '\(text)' is not an account, a contract or an address")
            }
        case .uint:
            let scale = expected.raw || !ContractDecoder.amountArguments.contains(name) ? 0 : decimals
            do {
                return .uint(try UInt256(amount: text.replacingOccurrences(of: "_", with: ""), decimals: scale))
            } catch {
                throw StepFailure(message: "\(expected.location): '\(text)' is not an amount: \(error.message)")
            }
        case .fixedBytes(32) where text.hasSuffix("_ROLE"):
            return .fixedBytes((text == "DEFAULT_ADMIN_ROLE" ? Hash.zero : Keccak256.hash(Array(text.utf8))).bytes)
        default:
            do {
                return try ABIValue(text: text, type: type, path: name)
            } catch {
                throw StepFailure(message: "\(expected.location): \(error.message)")
            }
        }
    }

    // MARK: - Balances and holders

    func balance(_ change: BalanceChange) throws(StepFailure) -> UInt256 {
        let account = try resolve(change.account)
        guard case .address(let address) = account else { throw StepFailure(message: "\(change.accountName) is not an address") }
        guard let token = change.token else { return chain.balance(of: address) }
        let contract = try resolve(token)
        if change.id == nil, let kind = chain.contract(at: contract)?.kind, ERC20Ledger.kinds.contains(kind) {
            return ERC20Ledger.balance(on: chain, token: contract, of: address)
        }
        let outputs = try chainCall { () throws(ChainError) -> [ABIValue] in
            if let id = change.id { return try chain.call(contract, "balanceOf(address,uint256)(uint256)", [.address(address), .uint(id)]) }
            return try chain.call(contract, "balanceOf(address)(uint256)", [.address(address)])
        }
        guard case .uint(let value)? = outputs.first else { throw StepFailure(message: "balanceOf of \(token) gave no number") }
        return value
    }

    /// Records every receiver of the Transfer, TransferSingle and TransferBatch events of a scenario
    /// token in one transaction's logs, already decoded (`events[i]` is `logs[i]` decoded).
    func updateHolders(_ logs: [Log], _ events: [Decoded?]) {
        for (log, event) in zip(logs, events) {
            guard let token = names[log.address], scenario.contracts[token] != nil else { continue }
            updateHolders(token: token, event)
        }
    }

    private func updateHolders(token: String, _ event: Decoded?) {
        guard let event else { return }
        let receiver: ABIValue?
        switch event.name {
        case "Transfer", "TransferSingle", "TransferBatch": receiver = event.argument("to")
        default: receiver = nil
        }
        if case .address(let address)? = receiver, address != .zero, holderSets[token, default: []].insert(address).inserted {
            holders[token, default: []].append(address)
        }
    }

    // MARK: - Assertions

    func check(_ assertion: Assertion) throws(StepFailure) {
        switch assertion {
        case .expression(let text, let location):
            try checkExpression(text, location: location)
        case .read(let read, let comparison, let expected):
            let actual: ABIValue
            if let account = read.nativeBalanceOf {
                actual = .uint(chain.balance(of: account))
            } else {
                guard let contract = read.contract else { return }
                let address = try resolve(contract)
                let arguments = try read.arguments.map { argument throws(StepFailure) in try resolve(argument) }
                let outputs = try chainCall { () throws(ChainError) in try chain.call(address, read.signature, arguments) }
                guard let first = outputs.first else { throw StepFailure(message: "\(read.description): the call returned nothing") }
                actual = first
            }
            let decimals = read.outputDecimals ?? 0
            let type: ABIType
            switch actual {
            case .bool: type = .bool
            case .address: type = .address
            default: type = .uint(256)
            }
            let want = try value(expected, type: type, name: "amount", decimals: decimals)
            let shown = { (value: ABIValue) -> String in
                switch value {
                case .uint(let number): return number.formatted(decimals: decimals)
                case .address(let address): return address == .zero ? "zero" : self.name(address)
                default: return value.description
                }
            }
            trace.append("\(read.description): \(shown(actual))")
            let holds: Bool
            switch (comparison, actual, want) {
            case (.equals, _, _): holds = actual == want
            case (.atLeast, .uint(let a), .uint(let b)): holds = a >= b
            case (.atMost, .uint(let a), .uint(let b)): holds = a <= b
            default: holds = false
            }
            if !holds {
                let wording = comparison == .equals ? "" : comparison == .atLeast ? "at least " : "at most "
                throw StepFailure(message: "\(read.description): expected \(wording)\(expected.text), actual \(shown(actual))")
            }
        }
    }
}
