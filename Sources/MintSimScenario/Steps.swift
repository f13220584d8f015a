import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Yams

extension Checker {
    static let stepKinds = [
        "deploy", "mint", "batch-mint", "burn", "burn-from", "transfer", "transfer-from", "batch-transfer", "approve",
        "set-approval-for-all", "grant-role", "revoke-role", "pause", "unpause", "register-identity", "add-claim", "remove-claim",
        "freeze", "unfreeze", "freeze-partial", "unfreeze-partial", "forced-transfer", "recover-wallet", "set-collateral",
        "add-module", "add-agent", "call", "advance-time", "mine", "snapshot", "revert", "set-balance", "send-raw", "assert",
        "http", "webhook",
    ]
    static let stepExtras = ["expect", "expect-revert", "comment", "save"]

    static let fungible = ["erc20", "security-token"]
    static let allTokens = ["erc20", "erc721", "erc1155", "security-token"]

    func readStep(_ node: YNode) -> Step? {
        guard let entries = reader.mapping(node, "a step") else { return nil }
        let actions = entries.filter { !Self.stepExtras.contains($0.key) }
        guard let (kind, keyNode, value) = actions.first else {
            reader.error(node, "a step needs an action (one of: \(Self.stepKinds.joined(separator: ", ")))")
            return nil
        }
        for extra in actions.dropFirst() {
            if Self.stepKinds.contains(extra.key) {
                reader.error(extra.keyNode, "a step has one action, but this one also has '\(extra.key)' (after '\(kind)'); write two steps")
            } else {
                reader.error(extra.keyNode, "unknown field '\(extra.key)' in a \(kind) step\(Suggest.hint(extra.key, Self.stepExtras)) (a step has one action and optionally expect, expect-revert, comment)")
            }
        }
        guard Self.stepKinds.contains(kind) else {
            reader.error(keyNode, "unknown step '\(kind)'\(Suggest.hint(kind, Self.stepKinds))")
            return nil
        }
        let location = reader.location(keyNode)
        let saveNode = entries.first(where: { $0.key == "save" })
        if let saveNode, kind != "http" {
            reader.error(saveNode.keyNode, "save: only an http step saves values (from its response's body)")
        }
        let read = kind == "http"
            ? readHTTP(value, expect: entries.first(where: { $0.key == "expect" })?.value, save: saveNode?.value)
            : readAction(kind, value, keyNode)
        guard let (action, summary, token) = read else { return nil }
        var expectation = Expectation()
        if let revertNode = entries.first(where: { $0.key == "expect-revert" })?.value {
            expectation.revert = readExpectRevert(revertNode, kind)
            switch action {
            case .assert: reader.error(revertNode, "an assert step cannot expect a revert")
            case .http, .webhook: reader.error(revertNode, "a\(kind == "http" ? "n" : "") \(kind) step cannot expect a revert (the API refuses what would revert; expect its status and body)")
            default: break
            }
        }
        if let expectNode = entries.first(where: { $0.key == "expect" })?.value {
            readExpect(expectNode, kind, token, &expectation)
            if expectation.revert != nil, !expectation.events.isEmpty || !expectation.balanceChanges.isEmpty {
                reader.error(expectNode, "a step that expects a revert emits no events and changes no balance")
            }
            if mining != .auto, !expectation.events.isEmpty || !expectation.absentEvents.isEmpty {
                reader.error(expectNode, "expected events need the transaction's receipt, which \(mining == .manual ? "manual" : "interval") mining gives only when a block is mined; use mining: auto, or assert after a mine step")
            }
        }
        let shown = expectation.revert.map { "\(summary) → reverts with \($0.name)" } ?? summary
        return Step(location: location, kind: kind, summary: shown, action: action, expectation: expectation)
    }

    // MARK: - Actions

    /// The action, a summary for traces, and the token the step is about (for balance changes).
    func readAction(_ kind: String, _ node: YNode, _ keyNode: YNode) -> (Action, String, ContractInfo?)? {
        let what = "\(kind)"
        switch kind {
        case "deploy":
            guard case .mapping(let mapping) = node, let nameNode = mapping.first(where: { $0.key.scalar?.string == "name" })?.value,
                let name = reader.name(nameNode, "deploy name")
            else {
                reader.error(node, "deploy needs 'name'")
                return nil
            }
            // Read the rest as a contract entry (without its name field).
            let rest = YNode.mapping(YNode.Mapping(mapping.filter { $0.key.scalar?.string != "name" }.map { ($0.key, $0.value) }, .implicit, .block, node.mark))
            guard let deployment = readDeployment(name: name, nameNode: nameNode, rest, what: "deploy \(name)") else { return nil }
            return (.deploy(deployment), "deploy \(deployment.kind) \(name)", nil)

        case "advance-time":
            guard let seconds = duration(node, "advance-time") else { return nil }
            return (.advanceTime(seconds), "advance time by \(Self.formatDuration(seconds))", nil)
        case "mine":
            var count: UInt64 = 1
            if case .mapping = node {
                guard let fields = reader.fields(node, "mine", required: ["blocks"]), let value = fields["blocks"],
                    let blocks = reader.integer(value, "mine blocks", max: 1_000_000)
                else { return nil }
                count = blocks
            } else if !YAMLReader.isNull(node) {
                guard let blocks = reader.integer(node, "mine", max: 1_000_000) else { return nil }
                count = blocks
            }
            return (.mine(Int(count)), "mine \(count) block\(count == 1 ? "" : "s")", nil)
        case "snapshot":
            guard let name = reader.name(node, "snapshot") else { return nil }
            snapshots.insert(name)
            return (.snapshot(name), "snapshot \(name)", nil)
        case "revert":
            guard let name = reader.name(node, "revert") else { return nil }
            guard snapshots.contains(name) else {
                reader.error(node, "revert: no snapshot '\(name)' is taken before this step\(Suggest.hint(name, snapshots))")
                return nil
            }
            return (.revert(name), "revert to \(name)", nil)
        case "set-balance":
            guard let fields = reader.fields(node, what, required: ["account", "amount"]), let accountNode = fields["account"],
                let amountNode = fields["amount"], let account = accountAddress(accountNode, "set-balance account"),
                let value = amount(amountNode, decimals: 18, "set-balance amount")
            else { return nil }
            return (.setBalance(account, value), "set the ether balance of \(name(of: account)) to \(value.formatted(decimals: 18))", nil)
        case "send-raw":
            guard let raw = bytes(node, "send-raw"), !raw.isEmpty else {
                if !reader.diagnostics.items.contains(where: { $0.location == reader.location(node) }) {
                    reader.error(node, "send-raw needs a signed transaction in 0x hex")
                }
                return nil
            }
            return (.sendRaw(raw), "send a raw transaction", nil)
        case "webhook":
            return readWebhook(node)
        case "assert":
            guard let assertion = readAssertion(node) else { return nil }
            return (.assert(assertion.0), assertion.1, nil)
        case "call":
            guard let fields = reader.fields(node, what, required: ["contract", "function"], optional: ["args", "from", "value"]),
                let contractNode = fields["contract"], let text = reader.string(contractNode, "call contract"),
                let ref = contractRef(text, contractNode, "call contract"), let functionNode = fields["function"],
                let signature = reader.string(functionNode, "call function")
            else { return nil }
            let function: ABIFunction
            do {
                function = try ABIFunction.cached(signature)
            } catch {
                reader.error(functionNode, "call function: \(error.message)")
                return nil
            }
            var arguments: [StepArgument] = []
            if let argsNode = fields["args"], let items = reader.sequence(argsNode, "call args") {
                if items.count != function.inputs.count {
                    reader.error(argsNode, "call args: \(function.name) takes \(function.inputs.count) argument\(function.inputs.count == 1 ? "" : "s"), found \(items.count)")
                }
                for (item, type) in zip(items, function.inputs) {
                    if let argument = abiArgument(item, type, "call args") { arguments.append(argument) }
                }
            } else if !function.inputs.isEmpty {
                reader.error(node, "call args: \(function.name) takes \(function.inputs.count) argument\(function.inputs.count == 1 ? "" : "s")")
            }
            let from = fields["from"].flatMap { sender($0, "call from") } ?? deployers[ref.name] ?? ChainConfig.defaultDeployer
            let value = fields["value"].flatMap { amount($0, decimals: 18, "call value") } ?? .zero
            let call = Call(contract: ref, signature: signature, arguments: arguments, from: from, value: value)
            return (.call(call), "call \(ref).\(function.name)", contracts[ref.name])
        default:
            return readTokenAction(kind, node)
        }
    }

    /// An ABI argument written in YAML: names and addresses for `address`, amounts as raw integers,
    /// lists for arrays and tuples, strings as they are.
    func abiArgument(_ node: YNode, _ type: ABIType, _ what: String) -> StepArgument? {
        switch type {
        case .address:
            return target(node, what)
        case .array(let element), .fixedArray(let element, _):
            guard let items = reader.sequence(node, what) else { return nil }
            let values = items.compactMap { abiArgument($0, element, what) }
            return values.count == items.count ? .array(values) : nil
        case .tuple(let types):
            guard let items = reader.sequence(node, what) else { return nil }
            guard items.count == types.count else {
                reader.error(node, "\(what): a tuple of \(types.count) values, found \(items.count)")
                return nil
            }
            var values: [ABIValue] = []
            for (item, type) in zip(items, types) {
                guard case .value(let value)? = abiArgument(item, type, what) else { return nil }
                values.append(value)
            }
            return .value(.tuple(values))
        default:
            guard let text = reader.string(node, what) else { return nil }
            do {
                return .value(try ABIValue(text: text, type: type, path: what))
            } catch {
                reader.error(node, "\(what): \(error.message)")
                return nil
            }
        }
    }

    func name(of address: Address) -> String {
        accounts.first { $0.address == address }?.name ?? address.checksummed
    }

    static func formatDuration(_ seconds: UInt64) -> String {
        for (unit, size) in [("w", UInt64(604_800)), ("d", 86_400), ("h", 3_600), ("m", 60)] where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
