import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Yams

extension Checker {
    // MARK: - expect-revert

    /// `expect-revert: UnverifiedIdentity`, or `{error: Name, args: {name: value} | [values],
    /// explanation: "text"}`, or `{reason: "text"}` for `Error(string)`.
    func readExpectRevert(_ node: YNode, _ step: String) -> RevertExpectation? {
        let location = reader.location(node)
        if case .scalar = node {
            guard let name = reader.string(node, "expect-revert"), checkErrorName(name, node) else { return nil }
            return RevertExpectation(location: location, name: name, arguments: [], explanation: nil)
        }
        guard let fields = reader.fields(node, "expect-revert", optional: ["error", "args", "explanation", "reason"]) else { return nil }
        let explanation = fields["explanation"].flatMap { reader.string($0, "expect-revert explanation") }
        if let reasonNode = fields["reason"] {
            if let errorNode = fields["error"] { reader.error(errorNode, "expect-revert: give error or reason, not both") }
            guard let reason = reader.string(reasonNode, "expect-revert reason") else { return nil }
            return RevertExpectation(
                location: location, name: "Error",
                arguments: [("message", Expected(text: reason, raw: false, location: reader.location(reasonNode)))], explanation: explanation)
        }
        guard let errorNode = fields["error"] else {
            reader.error(node, "expect-revert needs 'error' (a custom error's name) or 'reason' (an Error(string) message)")
            return nil
        }
        guard let name = reader.string(errorNode, "expect-revert error"), checkErrorName(name, errorNode) else { return nil }
        var arguments: [(key: String, value: Expected)] = []
        if let argsNode = fields["args"] {
            let declared = ContractDecoder.errors(named: name).map { entry in
                entry.inputs.enumerated().map { index, parameter in argumentName(parameter, index) }
            }
            arguments = readExpectedArguments(argsNode, "expect-revert args", declared: declared, subject: "error \(name)")
        }
        return RevertExpectation(location: location, name: name, arguments: arguments, explanation: explanation)
    }

    func checkErrorName(_ name: String, _ node: YNode) -> Bool {
        if name.contains("(") {
            reader.error(node, "expect-revert: write the error's name without its parameters ('\(name.prefix { $0 != "(" })')")
            return false
        }
        guard ContractDecoder.errorNames.contains(name) else {
            reader.error(node, "expect-revert: unknown error '\(name)'\(Suggest.hint(name, ContractDecoder.errorNames)); the contracts' errors are listed by `mintsim contracts --json` and in their ABI files")
            return false
        }
        return true
    }

    func argumentName(_ parameter: ABIParameter, _ index: Int) -> String {
        let trimmed = String(parameter.name.drop { $0 == "_" })
        return trimmed.isEmpty ? "arg\(index)" : trimmed
    }

    /// Arguments by name (`{needed: "10"}`) or by position (`[alice, "5", "10"]`).
    func readExpectedArguments(_ node: YNode, _ what: String, declared: [[String]], subject: String) -> [(key: String, value: Expected)] {
        var result: [(key: String, value: Expected)] = []
        if case .sequence = node {
            guard let items = reader.sequence(node, what) else { return [] }
            let counts = Set(declared.map(\.count))
            if !counts.isEmpty, !counts.contains(items.count) {
                reader.error(node, "\(what): \(subject) has \(counts.sorted().map(String.init).joined(separator: " or ")) argument\(counts == [1] ? "" : "s"), found \(items.count)")
            }
            for (index, item) in items.enumerated() {
                if let value = expected(item, what) { result.append((String(index), value)) }
            }
            return result
        }
        guard let entries = reader.mapping(node, what) else { return [] }
        let names = Array(Set(declared.flatMap { $0 })).sorted()
        for (key, keyNode, value) in entries {
            guard names.contains(key) else {
                reader.error(keyNode, "\(what): \(subject) has no argument '\(key)'\(Suggest.hint(key, names))\(names.isEmpty ? " (it has none)" : " (arguments: \(declared.first?.joined(separator: ", ") ?? ""))")")
                continue
            }
            if let expected = expected(value, what) { result.append((key, expected)) }
        }
        return result
    }

    /// An expected value, kept as text until its type is known.
    func expected(_ node: YNode, _ what: String) -> Expected? {
        if case .mapping = node {
            guard let fields = reader.fields(node, what, required: ["raw"]), let rawNode = fields["raw"],
                let text = reader.string(rawNode, "\(what) raw")
            else { return nil }
            return Expected(text: text, raw: true, location: reader.location(rawNode))
        }
        if case .scalar(let scalar) = node, YAMLReader.isFloat(scalar) {
            reader.error(node, "\(what): write amounts as strings, \"\(scalar.string)\" (YAML reads \(scalar.string) as a floating-point number)")
            return nil
        }
        guard let text = reader.string(node, what) else { return nil }
        return Expected(text: text, raw: false, location: reader.location(node))
    }

    // MARK: - expect

    func readExpect(_ node: YNode, _ step: String, _ token: ContractInfo?, _ expectation: inout Expectation) {
        let own = step == "http" ? Self.httpExpectFields : []
        guard let fields = reader.fields(node, "expect", optional: own + ["events", "no-events", "balance-changes"]) else { return }
        if let eventsNode = fields["events"], let items = reader.sequence(eventsNode, "expect events") {
            expectation.events = items.compactMap { event($0, "expect events", allowArguments: true) }
        }
        if let eventsNode = fields["no-events"], let items = reader.list(eventsNode, "expect no-events") {
            expectation.absentEvents = items.compactMap { event($0, "expect no-events", allowArguments: true) }
        }
        if let changesNode = fields["balance-changes"], let entries = reader.mapping(changesNode, "expect balance-changes") {
            for (key, keyNode, value) in entries {
                // A token's name (or NAME#id for ERC-1155, or `ether`) with its accounts, or an account of the step's token.
                let pieces = key.split(separator: "#", maxSplits: 1).map(String.init)
                if key == "ether" || contracts[pieces[0]] != nil {
                    guard let accountsEntries = reader.mapping(value, "expect balance-changes \(key)") else { continue }
                    var tokenRef: ContractRef?
                    var decimals = 18
                    var id: UInt256?
                    if key != "ether", let info = contracts[pieces[0]] {
                        tokenRef = ContractRef(name: info.name, part: nil)
                        decimals = info.decimals
                        if info.kind == "erc1155" {
                            guard pieces.count == 2, let parsed = try? UInt256(amount: pieces[1], decimals: 0) else {
                                reader.error(keyNode, "expect balance-changes: name an ERC-1155 id as \(info.name)#ID")
                                continue
                            }
                            id = parsed
                        } else if info.kind == "erc721" {
                            decimals = 0
                        } else if pieces.count == 2 {
                            reader.error(keyNode, "expect balance-changes: \(info.name) is \(info.kind), which has no ids")
                            continue
                        }
                    }
                    for (accountName, accountKey, delta) in accountsEntries {
                        addBalanceChange(accountName, accountKey, delta, token: tokenRef, id: id, decimals: decimals, &expectation)
                    }
                } else {
                    guard let token else {
                        reader.error(keyNode, "expect balance-changes: this \(step) step has no token; write {TOKEN: {\(key): …}} or {ether: {\(key): …}}")
                        continue
                    }
                    if token.kind == "erc1155" {
                        reader.error(keyNode, "expect balance-changes: name the ERC-1155 id, {\(token.name)#ID: {\(key): …}}")
                        continue
                    }
                    addBalanceChange(key, keyNode, value, token: ContractRef(name: token.name, part: nil), id: nil, decimals: token.kind == "erc721" ? 0 : token.decimals, &expectation)
                }
            }
        }
    }

    private func addBalanceChange(
        _ accountName: String, _ keyNode: YNode, _ value: YNode, token: ContractRef?, id: UInt256?, decimals: Int, _ expectation: inout Expectation
    ) {
        guard let account = target(keyNode, "expect balance-changes"), let (negative, amount) = signedAmount(value, decimals: decimals, "expect balance-changes \(accountName)")
        else { return }
        expectation.balanceChanges.append(
            BalanceChange(location: reader.location(keyNode), token: token, account: account, accountName: accountName, id: id, negative: negative, amount: amount, decimals: decimals))
    }

    /// `Transfer`, or `{Transfer: {from: zero, to: alice, value: "10"}}`, optionally with `contract: NAME`.
    func event(_ node: YNode, _ what: String, allowArguments: Bool) -> EventExpectation? {
        let location = reader.location(node)
        if case .scalar = node {
            guard let name = reader.string(node, what), checkEventName(name, node, what) else { return nil }
            return EventExpectation(location: location, name: name, contract: nil, arguments: [])
        }
        guard let entries = reader.mapping(node, what) else { return nil }
        var contract: ContractRef?
        var result: EventExpectation?
        for (key, keyNode, value) in entries {
            if key == "contract" {
                if let text = reader.string(value, "\(what) contract") { contract = contractRef(text, value, "\(what) contract") }
                continue
            }
            guard result == nil else {
                reader.error(keyNode, "\(what): one event per entry; '\(key)' is a second one")
                continue
            }
            guard checkEventName(key, keyNode, what) else { return nil }
            let declared = ContractDecoder.events(named: key).map { entry in entry.inputs.enumerated().map { argumentName($1, $0) } }
            let arguments = YAMLReader.isNull(value) ? [] : readExpectedArguments(value, "\(what) \(key)", declared: declared, subject: "event \(key)")
            result = EventExpectation(location: reader.location(keyNode), name: key, contract: nil, arguments: arguments)
        }
        guard let result else {
            reader.error(node, "\(what): name the event ({Transfer: {…}})")
            return nil
        }
        return EventExpectation(location: result.location, name: result.name, contract: contract, arguments: result.arguments)
    }

    func checkEventName(_ name: String, _ node: YNode, _ what: String) -> Bool {
        guard ContractDecoder.eventNames.contains(name) else {
            reader.error(node, "\(what): unknown event '\(name)'\(Suggest.hint(name, ContractDecoder.eventNames))")
            return false
        }
        return true
    }

    // MARK: - assert

    static let queries = [
        "balance", "totalSupply", "ownerOf", "allowance", "hasRole", "paused", "frozen", "frozenTokens", "isVerified", "cap", "expression",
    ]

    func readAssertion(_ node: YNode) -> (Assertion, String)? {
        if case .scalar = node {
            guard let text = reader.string(node, "assert") else { return nil }
            checkExpression(text, node)
            return (.expression(text, reader.location(node)), "assert \(text)")
        }
        guard let entries = reader.mapping(node, "assert") else { return nil }
        let comparisons = entries.filter { Comparison(rawValue: $0.key) != nil }
        let queryEntries = entries.filter { Comparison(rawValue: $0.key) == nil }
        guard let (query, queryKey, queryNode) = queryEntries.first else {
            reader.error(node, "assert needs what to check (one of: \(Self.queries.joined(separator: ", ")))")
            return nil
        }
        for extra in queryEntries.dropFirst() {
            reader.error(extra.keyNode, "unknown field '\(extra.key)' in assert\(Suggest.hint(extra.key, Self.queries + ["equals", "at-least", "at-most"])) (an assert checks one thing, with equals, at-least or at-most)")
        }
        guard Self.queries.contains(query) else {
            reader.error(queryKey, "assert: unknown check '\(query)'\(Suggest.hint(query, Self.queries)) (checks: \(Self.queries.joined(separator: ", ")))")
            return nil
        }
        if comparisons.count > 1 { reader.error(comparisons[1].keyNode, "assert: one comparison per assert") }
        if query == "expression" {
            if let first = comparisons.first { reader.error(first.keyNode, "assert expression: the expression itself must be true; it takes no \(first.key)") }
            guard let text = reader.string(queryNode, "assert expression") else { return nil }
            checkExpression(text, queryNode)
            return (.expression(text, reader.location(queryNode)), "assert \(text)")
        }
        guard let read = readQuery(query, queryNode) else { return nil }
        let isBool = read.signature.hasSuffix("(bool)")
        let comparison = comparisons.first.flatMap { Comparison(rawValue: $0.key) } ?? .equals
        if isBool, comparison != .equals, let node = comparisons.first?.keyNode {
            reader.error(node, "assert \(query): \(comparison.rawValue) compares numbers; \(query) is true or false")
        }
        let expectedValue: Expected
        if let valueNode = comparisons.first?.value {
            guard let value = expected(valueNode, "assert \(query) \(comparison.rawValue)") else { return nil }
            expectedValue = value
        } else if isBool {
            expectedValue = Expected(text: "true", raw: false, location: reader.location(queryKey))
        } else {
            reader.error(queryKey, "assert \(query) needs equals, at-least or at-most")
            return nil
        }
        if isBool, !["true", "false"].contains(expectedValue.text) {
            reader.error(comparisons.first?.value ?? queryKey, "assert \(query): expected true or false, found '\(expectedValue.text)'")
        }
        let wording = comparison == .equals ? "is" : comparison == .atLeast ? "is at least" : "is at most"
        return (.read(read, comparison, expectedValue), "assert \(read.description) \(wording) \(expectedValue.text)")
    }

    func readQuery(_ query: String, _ node: YNode) -> Read? {
        func tokenOnly(_ kinds: [String]) -> ContractInfo? {
            if case .scalar = node { return token(node, "assert \(query)", kinds: kinds) }
            guard let fields = reader.fields(node, "assert \(query)", required: ["token"]), let tokenNode = fields["token"] else { return nil }
            return token(tokenNode, "assert \(query) token", kinds: kinds)
        }
        func ref(_ info: ContractInfo) -> ContractRef { ContractRef(name: info.name, part: nil) }
        switch query {
        case "balance":
            guard case .mapping(let mapping) = node else {
                reader.error(node, "assert balance needs {token: TOKEN, of: ACCOUNT} (or {of: ACCOUNT} for ether)")
                return nil
            }
            let hasToken = mapping.contains { $0.key.scalar?.string == "token" }
            if !hasToken {
                guard let fields = reader.fields(node, "assert balance", required: ["of"]), let ofNode = fields["of"],
                    let account = accountAddress(ofNode, "assert balance of")
                else { return nil }
                return Read(description: "ether balance of \(name(of: account))", contract: nil, signature: "", arguments: [], outputDecimals: 18, nativeBalanceOf: account)
            }
            guard let (info, fields) = tokenFields(node, "assert balance", kinds: Self.allTokens, { kind in kind == "erc1155" ? (["of", "id"], []) : (["of"], []) }),
                let ofNode = fields["of"], let account = target(ofNode, "assert balance of")
            else { return nil }
            if info.kind == "erc1155" {
                guard let idNode = fields["id"], let id = tokenId(idNode, "assert balance id") else { return nil }
                return Read(description: "\(info.name) #\(id) balance of \(describe(account))", contract: ref(info), signature: "balanceOf(address,uint256)(uint256)", arguments: [account, .value(.uint(id))], outputDecimals: 0, nativeBalanceOf: nil)
            }
            return Read(description: "\(info.name) balance of \(describe(account))", contract: ref(info), signature: "balanceOf(address)(uint256)", arguments: [account], outputDecimals: info.kind == "erc721" ? 0 : info.decimals, nativeBalanceOf: nil)
        case "totalSupply":
            if case .mapping = node {
                guard let (info, fields) = tokenFields(node, "assert totalSupply", kinds: Self.allTokens, { kind in kind == "erc1155" ? ([], ["id"]) : ([], []) }) else { return nil }
                if info.kind == "erc1155", let idNode = fields["id"] {
                    guard let id = tokenId(idNode, "assert totalSupply id") else { return nil }
                    return Read(description: "total supply of \(info.name) #\(id)", contract: ref(info), signature: "totalSupply(uint256)(uint256)", arguments: [.value(.uint(id))], outputDecimals: 0, nativeBalanceOf: nil)
                }
                return Read(description: "total supply of \(info.name)", contract: ref(info), signature: "totalSupply()(uint256)", arguments: [], outputDecimals: info.kind == "erc20" || info.kind == "security-token" ? info.decimals : 0, nativeBalanceOf: nil)
            }
            guard let info = tokenOnly(Self.allTokens) else { return nil }
            return Read(description: "total supply of \(info.name)", contract: ref(info), signature: "totalSupply()(uint256)", arguments: [], outputDecimals: info.kind == "erc20" || info.kind == "security-token" ? info.decimals : 0, nativeBalanceOf: nil)
        case "cap":
            guard let info = tokenOnly(["erc20", "security-token"]) else { return nil }
            return Read(description: "cap of \(info.name)", contract: ref(info), signature: "cap()(uint256)", arguments: [], outputDecimals: info.decimals, nativeBalanceOf: nil)
        case "paused":
            guard let info = tokenOnly(Self.allTokens) else { return nil }
            return Read(description: "\(info.name) paused", contract: ref(info), signature: "paused()(bool)", arguments: [], outputDecimals: nil, nativeBalanceOf: nil)
        case "ownerOf":
            guard let (info, fields) = tokenFields(node, "assert ownerOf", kinds: ["erc721"], { _ in (["tokenId"], []) }), let idNode = fields["tokenId"],
                let id = tokenId(idNode, "assert ownerOf tokenId")
            else { return nil }
            return Read(description: "owner of \(info.name) #\(id)", contract: ref(info), signature: "ownerOf(uint256)(address)", arguments: [.value(.uint(id))], outputDecimals: nil, nativeBalanceOf: nil)
        case "allowance":
            guard let (info, fields) = tokenFields(node, "assert allowance", kinds: ["erc20", "security-token"], { _ in (["owner", "spender"], []) }),
                let ownerNode = fields["owner"], let owner = target(ownerNode, "assert allowance owner"), let spenderNode = fields["spender"],
                let spender = target(spenderNode, "assert allowance spender")
            else { return nil }
            return Read(description: "\(info.name) allowance of \(describe(owner)) to \(describe(spender))", contract: ref(info), signature: "allowance(address,address)(uint256)", arguments: [owner, spender], outputDecimals: info.decimals, nativeBalanceOf: nil)
        case "hasRole":
            guard let (info, fields) = tokenFields(node, "assert hasRole", kinds: Self.allTokens, { _ in (["role", "account"], []) }),
                let roleNode = fields["role"], let role = reader.string(roleNode, "assert hasRole role"), let accountNode = fields["account"],
                let account = target(accountNode, "assert hasRole account")
            else { return nil }
            let known = Self.roles[info.kind] ?? []
            guard known.contains(role) else {
                reader.error(roleNode, "assert hasRole: unknown role '\(role)' for \(info.kind)\(Suggest.hint(role, known)) (roles: \(known.joined(separator: ", ")))")
                return nil
            }
            if role == "AGENT_ROLE" {
                return Read(description: "\(describe(account)) is an agent of \(info.name)", contract: ref(info), signature: "isAgent(address)(bool)", arguments: [account], outputDecimals: nil, nativeBalanceOf: nil)
            }
            let roleId: Hash = role == "DEFAULT_ADMIN_ROLE" ? .zero : Keccak256.hash(Array(role.utf8))
            return Read(description: "\(describe(account)) has \(role) on \(info.name)", contract: ref(info), signature: "hasRole(bytes32,address)(bool)", arguments: [.value(.fixedBytes(roleId.bytes)), account], outputDecimals: nil, nativeBalanceOf: nil)
        case "frozen", "frozenTokens":
            guard let (info, fields) = tokenFields(node, "assert \(query)", kinds: ["security-token"], { _ in (["account"], []) }),
                let accountNode = fields["account"], let account = target(accountNode, "assert \(query) account")
            else { return nil }
            if query == "frozen" {
                return Read(description: "\(describe(account)) frozen on \(info.name)", contract: ref(info), signature: "isFrozen(address)(bool)", arguments: [account], outputDecimals: nil, nativeBalanceOf: nil)
            }
            return Read(description: "frozen \(info.name) of \(describe(account))", contract: ref(info), signature: "getFrozenTokens(address)(uint256)", arguments: [account], outputDecimals: info.decimals, nativeBalanceOf: nil)
        case "isVerified":
            guard let (info, fields) = tokenFields(node, "assert isVerified", kinds: ["security-token"], { _ in (["wallet"], []) }),
                let walletNode = fields["wallet"], let wallet = target(walletNode, "assert isVerified wallet")
            else { return nil }
            return Read(description: "\(describe(wallet)) verified for \(info.name)", contract: ContractRef(name: info.name, part: "identityRegistry"), signature: "isVerified(address)(bool)", arguments: [wallet], outputDecimals: nil, nativeBalanceOf: nil)
        default:
            return nil
        }
    }

    func describe(_ argument: StepArgument) -> String {
        switch argument {
        case .value(.address(let address)): return name(of: address)
        case .contract(let ref): return ref.description
        default: return "?"
        }
    }
}
