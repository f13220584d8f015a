import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// A step that did not go as the file said.
struct StepFailure: Error {
    let message: String
    /// The revert, when a transaction reverted.
    var revert: Revert? = nil
}

/// Runs a checked scenario on a new chain of its own.
public final class ScenarioRunner {
    public let scenario: Scenario
    public let chain: Chain
    var addresses: [String: Address] = [:]
    var suites: [String: SecurityTokenSuite] = [:]
    var snapshots: [String: UInt64] = [:]
    /// Every address that ever received each token (for `balances(TOKEN)`), in first-seen order.
    var holders: [String: [Address]] = [:]
    var holderSets: [String: Set<Address>] = [:]
    var names: [Address: String] = [:]
    let keys: [Address: PrivateKey]
    /// What the current step did (for its trace).
    var trace: [String] = []
    /// The current step's receipts, formatted into the trace only when it is kept: (position in the
    /// trace, receipt, its logs decoded).
    var traceReceipts: [(at: Int, receipt: Receipt, events: [Decoded?])] = []
    /// Which steps keep their trace: every step (the default), or only a failed one — faster and
    /// smaller for long runs whose passing steps are not shown.
    public var traces: TraceDetail = .all
    /// Hears each contract deployed, with its name (a state file records names as they appear).
    public var onDeploy: ((String, Address) -> Void)?
    /// Fuzz actions that reverted (a revert they are allowed).
    public private(set) var allowedReverts = 0

    public enum TraceDetail: Sendable {
        case all, failures
    }
    /// Decimals of the current step's token (for amounts in its revert's arguments).
    var currentDecimals = 0
    /// The last block whose logs were read for holders.
    var indexedBlock: UInt64 = 0
    /// The logs of the current step's transactions, decoded.
    var stepLogs: [(Log, Decoded?)] = []
    /// Each invariant read once, as they are checked after every step (nil: it does not parse).
    let invariantExpressions: [Expression?]
    /// The mint API of the scenario's `mint-api` section, once started.
    public internal(set) var mintAPI: (any ScenarioMintAPI)?
    /// Values `save` kept from responses, by name.
    var saved: [String: JSON] = [:]

    public convenience init(scenario: Scenario) {
        let chain = Chain(config: scenario.config)
        ContractRegistry.register(on: chain)
        self.init(scenario: scenario, chain: chain)
    }

    /// Runs `scenario` on an existing chain (one re-opened from a state file, say), which must let
    /// signed creation transactions deploy every kind of `ContractRegistry`. The scenario's chain
    /// settings and funded accounts are the chain's business; its steps continue from the chain's
    /// latest block.
    public init(scenario: Scenario, chain: Chain) {
        self.scenario = scenario
        self.chain = chain
        indexedBlock = chain.blockNumber
        // Contracts already on the chain: their addresses, and their holders so far.
        for (name, info) in scenario.contracts.sorted(by: { $0.key < $1.key }) {
            guard let address = info.address else { continue }
            addresses[name] = address
            names[address] = name
        }
        var keys: [Address: PrivateKey] = [:]
        for account in scenario.accounts {
            names[account.address] = account.name
            if let key = account.privateKey { keys[account.address] = key }
        }
        self.keys = keys
        invariantExpressions = scenario.invariants.map { try? Expression(parsing: $0.text) }
        let existing = scenario.contracts.values.compactMap(\.address)
        if !existing.isEmpty, let logs = try? chain.logs(LogFilter(addresses: existing, topics: [ScenarioRunner.transferTopics])) {
            updateHolders(logs, logs.map { ContractDecoder.decodeLog($0, on: chain) })
        }
    }

    /// The addresses of the scenario's named accounts and contracts, by name.
    public var namedAddresses: [(name: String, address: Address, isContract: Bool)] {
        scenario.accounts.map { ($0.name, $0.address, false) }
            + addresses.sorted { $0.key < $1.key }.map { ($0.key, $0.value, true) }
    }

    /// Topic 0 of the events whose receivers hold a token.
    static let transferTopics = [
        "Transfer(address,address,uint256)", "TransferSingle(address,address,address,uint256,uint256)",
        "TransferBatch(address,address,address,uint256[],uint256[])",
    ].map { Keccak256.hash(Array($0.utf8)) }

    /// Runs the setup and the steps, stopping at the first failure (later steps are skipped: they
    /// would run on a state the file did not intend). Invariants are checked after every step.
    /// `progress` hears (steps done, steps in all) every 1,000 steps of a long scenario.
    public func run(progress: ((Int, Int) -> Void)? = nil) -> ScenarioResult {
        let start = DispatchTime.now().uptimeNanoseconds
        var results: [StepResult] = []
        var failed = false
        let all = scenario.setup + scenario.steps
        for (index, step) in all.enumerated() {
            if let progress, index % 1_000 == 999 { progress(index + 1, all.count) }
            if failed {
                results.append(StepResult(location: step.location, kind: step.kind, summary: step.summary, status: .skipped, trace: [], failure: nil))
                continue
            }
            trace = []
            traceReceipts = []
            do {
                try execute(step)
                mintAPI?.settle()
                if let failure = chain.storeFailure {
                    throw StepFailure(message: "the chain's store failed, so this step and later ones are not kept: \(failure.message)")
                }
                indexNewBlocks()
                try checkInvariants()
                results.append(StepResult(location: step.location, kind: step.kind, summary: step.summary, status: .passed, trace: finishedTrace(keep: traces == .all), failure: nil))
            } catch {
                failed = true
                results.append(StepResult(location: step.location, kind: step.kind, summary: step.summary, status: .failed, trace: finishedTrace(keep: true), failure: error.message))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ScenarioResult(name: scenario.name, file: scenario.file, steps: results, duration: seconds)
    }

    // MARK: - Steps

    func execute(_ step: Step) throws(StepFailure) {
        switch step.action {
        case .deploy(let deployment):
            try transaction(step) { () throws(StepFailure) -> Receipt? in try self.deploy(deployment) }
        case .call(let call):
            let address = try resolve(call.contract)
            let arguments = try call.arguments.map { argument throws(StepFailure) in try resolve(argument) }
            try transaction(step, contract: call.contract) { () throws(StepFailure) -> Receipt? in
                let result = try self.chainCall { () throws(ChainError) in
                    try self.chain.transact(address, call.signature, arguments, from: call.from, value: call.value)
                }
                return result.receipt
            }
        case .registerIdentity(let token, let wallet, let country, let claims, let from):
            let suite = try self.suite(token)
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                let agent = from ?? suite.owner
                let identity = try self.suiteCall { () throws(SuiteError) in try suite.registerInvestor(wallet, country: country, on: self.chain, agent: agent) }
                self.names[identity] = "identity of \(self.name(wallet))"
                for claim in claims { try self.issue(claim, identity: identity, wallet: wallet, suite: suite) }
                return self.lastReceipt()
            }
        case .addClaim(let token, let wallet, let claim):
            let suite = try self.suite(token)
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                let identity = try self.identity(of: wallet, suite: suite)
                try self.issue(claim, identity: identity, wallet: wallet, suite: suite)
                return self.lastReceipt()
            }
        case .removeClaim(let token, let wallet, let topic, let issuer):
            let suite = try self.suite(token)
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                let identity = try self.identity(of: wallet, suite: suite)
                guard let issuerContract = suite.claimIssuer(signer: issuer) else {
                    throw StepFailure(message: "\(self.name(issuer)) is not a trusted issuer of \(token)")
                }
                let claimId = Keccak256.hash(ABI.encodeOrEmpty([.address, .uint(256)], [.address(issuerContract), .uint(topic)]))
                let result = try self.chainCall { () throws(ChainError) in
                    try self.chain.transact(identity, "removeClaim(bytes32)", [.fixedBytes(claimId.bytes)], from: wallet)
                }
                return result.receipt
            }
        case .addAgent(let token, let account, let from):
            let suite = try self.suite(token)
            _ = from
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                try self.suiteCall { () throws(SuiteError) in try suite.addAgent(account, on: self.chain) }
                return self.lastReceipt()
            }
        case .addModule(let token, let module, let from):
            let suite = try self.suite(token)
            try transaction(step, contract: ContractRef(name: token, part: "compliance")) { () throws(StepFailure) -> Receipt? in
                let owner = from ?? suite.owner
                let model = try self.contractsCall { () throws(ContractsError) in try ContractRegistry.model(kind: module.kind) }
                let deployed = try self.chainCall { () throws(ChainError) in try self.chain.deploy(model, from: owner) }
                self.mineIfNeeded()
                _ = try self.chainCall { () throws(ChainError) in
                    try self.chain.transact(suite.compliance, "addModule(address)", [.address(deployed.address)], from: owner)
                }
                self.mineIfNeeded()
                for (signature, arguments) in module.configuration {
                    let data = try self.abiCall { () throws(ABIError) in try ABIFunction.cached(signature).encodeCall(arguments) }
                    _ = try self.chainCall { () throws(ChainError) in
                        try self.chain.transact(suite.compliance, "callModuleFunction(bytes,address)", [.bytes(data), .address(deployed.address)], from: owner)
                    }
                    self.mineIfNeeded()
                }
                self.names[deployed.address] = "\(token).\(module.kind)"
                return self.lastReceipt()
            }
        case .recoverWallet(let token, let lost, let new, let from):
            let suite = try self.suite(token)
            let identity = try self.identity(of: lost, suite: suite)
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                let result = try self.chainCall { () throws(ChainError) in
                    try self.chain.transact(suite.token, "recoveryAddress(address,address,address)", [.address(lost), .address(new), .address(identity)], from: from)
                }
                return result.receipt
            }
        case .setCollateral(let token, let amount, let expiry, let from):
            let address = try resolve(ContractRef(name: token, part: nil))
            let at: UInt64
            switch expiry {
            case .at(let time): at = time
            case .after(let seconds): at = chain.now.addingReportingOverflow(seconds).overflow ? UInt64.max : chain.now + seconds
            }
            try transaction(step, contract: ContractRef(name: token, part: nil)) { () throws(StepFailure) -> Receipt? in
                let result = try self.chainCall { () throws(ChainError) in
                    try self.chain.transact(address, "setCollateral(uint256,uint256)", [.uint(amount), .uint(UInt256(at))], from: from)
                }
                return result.receipt
            }
        case .advanceTime(let seconds):
            try expectNoRevert(step)
            _ = try chainCall { () throws(ChainError) in try chain.advanceTime(by: seconds) }
            trace.append("time is now \(Self.isoTime(chain.now))")
        case .mine(let count):
            try expectNoRevert(step)
            let blocks = chain.mine(count: count)
            if let last = blocks.last { trace.append("mined up to block \(last.number)") }
            if let mintAPI {
                // Held operations go on chain now; the step's expectations see their transactions.
                try transaction(step) { () throws(StepFailure) -> Receipt? in
                    mintAPI.blocksMined()
                    return nil
                }
            }
        case .snapshot(let name):
            try expectNoRevert(step)
            let id = chain.snapshot()
            snapshots[name] = id
            mintAPI?.snapshot(id)
        case .revert(let name):
            try expectNoRevert(step)
            guard let id = snapshots[name] else { throw StepFailure(message: "snapshot '\(name)' was not taken (it was skipped or already used)") }
            _ = try chainCall { () throws(ChainError) in try chain.revert(to: id, keep: true) }
            if let mintAPI {
                do {
                    try mintAPI.revert(to: id)
                } catch {
                    throw StepFailure(message: "the mint API's records cannot go back: \(error.message)")
                }
            }
            trace.append("back at block \(chain.blockNumber)")
        case .setBalance(let account, let value):
            try expectNoRevert(step)
            chain.setBalance(value, of: account)
        case .sendRaw(let raw):
            try transaction(step) { () throws(StepFailure) -> Receipt? in
                let result = try self.chainCall { () throws(ChainError) in try self.chain.sendRaw(raw) }
                return result.receipt
            }
        case .assert(let assertion):
            try expectNoRevert(step)
            try check(assertion)
        case .startMintAPI:
            try startMintAPI()
        case .http(let request):
            try transaction(step) { () throws(StepFailure) -> Receipt? in
                try self.send(request)
                return nil
            }
        case .webhook(let check):
            try expectNoRevert(step)
            mintAPI?.settle()
            try self.check(check)
        }
    }

    /// The current step's trace with its receipts formatted (transaction, block, gas, then each event
    /// decoded with names and token units), or nothing when it is not kept.
    func finishedTrace(keep: Bool) -> [String] {
        guard keep else { return [] }
        var lines = trace
        for (position, receipt, events) in traceReceipts.reversed() {
            var formatted = ["tx \(receipt.transactionHash) in block \(receipt.blockNumber), gas \(receipt.gasUsed)"]
            for (log, event) in zip(receipt.logs, events) { formatted.append("  " + describe(log, event)) }
            lines.insert(contentsOf: formatted, at: min(position, lines.count))
        }
        return lines
    }

    /// Reads the holders from blocks mined since the last step that read them (mine steps, interval
    /// mining); after a revert to a snapshot, from the block reverted to.
    func indexNewBlocks() {
        if indexedBlock > chain.blockNumber { indexedBlock = chain.blockNumber }
        guard chain.blockNumber > indexedBlock else { return }
        for number in indexedBlock + 1...chain.blockNumber {
            for receipt in chain.receipts(block: number) {
                updateHolders(receipt.logs, receipt.logs.map { ContractDecoder.decodeLog($0, on: chain) })
            }
        }
        indexedBlock = chain.blockNumber
    }

    func expectNoRevert(_ step: Step) throws(StepFailure) {
        if step.expectation.revert != nil {
            throw StepFailure(message: "a \(step.kind) step sends no transaction, so it cannot revert")
        }
    }

    /// Runs a transaction-sending body with the step's expectations: the revert it must give, or
    /// the events it must emit and the balances it must change.
    func transaction(_ step: Step, contract: ContractRef? = nil, _ body: () throws(StepFailure) -> Receipt?) throws(StepFailure) {
        let expectation = step.expectation
        let before = try expectation.balanceChanges.map { change throws(StepFailure) in try balance(change) }
                let kind = try contract.map { ref throws(StepFailure) in try kindOf(ref) } ?? nil
        currentDecimals = contract.flatMap { scenario.contracts[$0.name]?.decimals } ?? 0
        do throws(StepFailure) {
            let blockBefore = min(indexedBlock, chain.blockNumber)
            let receipt = try body()
            // Every transaction mined during the step (a suite deployment or an identity's
            // registration sends several; a mine in manual mode includes earlier ones).
            let mined = chain.blockNumber > blockBefore
                ? (blockBefore + 1...chain.blockNumber).flatMap { chain.receipts(block: $0) } : []
            indexedBlock = chain.blockNumber
            stepLogs = []
            for minedReceipt in mined {
                // Each log decoded once, for the trace, the holders and the expected events.
                let events = minedReceipt.logs.map { ContractDecoder.decodeLog($0, on: chain) }
                traceReceipts.append((trace.count, minedReceipt, events))
                updateHolders(minedReceipt.logs, events)
                stepLogs += zip(minedReceipt.logs, events).map { ($0, $1) }
            }
            if let receipt, !receipt.status {
                let revert = Revert(data: receipt.revertData, explanation: receipt.revertExplanation)
                throw StepFailure(message: "the transaction reverted: \(describe(revert, kind: kind))", revert: revert)
            }
            if mined.isEmpty, receipt == nil, chain.config.mining != .auto {
                trace.append("sent; pending until the next block")
            }
            if let expected = expectation.revert {
                throw StepFailure(message: "expected a revert with \(expected.name), but the transaction succeeded")
            }
            try checkEvents(expectation, minedAnything: !stepLogs.isEmpty || chain.config.mining == .auto)
        } catch {
            guard let revert = error.revert else { throw error }
            if step.allowRevert, expectation.revert == nil {
                allowedReverts += 1
                trace.append("reverted (allowed): \(describe(revert, kind: kind))")
                return
            }
            guard let expected = expectation.revert else {
                throw StepFailure(message: "the transaction reverted: \(describe(revert, kind: kind))", revert: revert)
            }
            trace.append("reverted: \(describe(revert, kind: kind))")
            try match(revert, expected, kind: kind)
            return
        }
        for (change, old) in zip(expectation.balanceChanges, before) {
            let new = try balance(change)
            let actualNegative = new < old
            let actual = actualNegative ? (old.subtractingOrZero(new)) : new.subtractingOrZero(old)
            if actual != change.amount || (actualNegative != change.negative && !actual.isZero) {
                let sign = { (negative: Bool, value: UInt256) -> String in value.isZero ? "0" : (negative ? "-" : "+") + value.formatted(decimals: change.decimals) }
                throw StepFailure(
                    message: "balance change of \(change.accountName)\(change.token.map { " in \($0)" } ?? " in ether"): expected \(sign(change.negative, change.amount)), actual \(sign(actualNegative, actual))")
            }
        }
    }

    /// Runs a chain operation; a revert becomes a marked failure that `transaction` recognises.
    func chainCall<T>(_ body: () throws(ChainError) -> T) throws(StepFailure) -> T {
        do {
            return try body()
        } catch {
            if error.code == .executionReverted, let revert = error.revert {
                throw StepFailure(message: "the transaction reverted: \(ContractDecoder.describe(revert))", revert: revert)
            }
            throw StepFailure(message: error.message)
        }
    }

    func suiteCall<T>(_ body: () throws(SuiteError) -> T) throws(StepFailure) -> T {
        do {
            return try body()
        } catch {
            if let chainError = error.chainError, chainError.code == .executionReverted, let revert = chainError.revert {
                throw StepFailure(message: "\(error.message)", revert: revert)
            }
            throw StepFailure(message: error.message)
        }
    }

    func contractsCall<T>(_ body: () throws(ContractsError) -> T) throws(StepFailure) -> T {
        do {
            return try body()
        } catch {
            throw StepFailure(message: error.message)
        }
    }

    func abiCall<T>(_ body: () throws(ABIError) -> T) throws(StepFailure) -> T {
        do {
            return try body()
        } catch {
            throw StepFailure(message: error.message)
        }
    }

    /// The receipt of the last transaction mined, if the latest block has one.
    func lastReceipt() -> Receipt? {
        guard chain.config.mining == .auto else { return nil }
        return chain.receipts(block: chain.blockNumber).last
    }

    func mineIfNeeded() {
        if chain.config.mining != .auto { chain.mine() }
    }

    // MARK: - Deployment

    func deploy(_ deployment: Deployment) throws(StepFailure) -> Receipt? {
        let kind = try contractsCall { () throws(ContractsError) in try ContractRegistry.kind(named: deployment.kind) }
        var options: [String: String] = [:]
        for (name, value) in deployment.options {
            switch value {
            case .text(let text): options[name] = text
            case .contract(let ref): options[name] = try resolve(ref).lowercaseHex
            }
        }
        if let suiteSpec = deployment.suite {
            var suiteOptions = SecurityTokenSuite.Options(name: options["name"] ?? deployment.name, symbol: options["symbol"] ?? deployment.name)
            suiteOptions.decimals = UInt8(options["decimals"].flatMap { UInt8($0) } ?? 0)
            suiteOptions.cap = options["cap"].flatMap { try? UInt256(amount: $0, decimals: 0) } ?? .zero
            suiteOptions.assetType = options["assetType"] ?? "equity"
            suiteOptions.basePrice = options["basePrice"].flatMap { try? UInt256(amount: $0, decimals: 0) } ?? .zero
            suiteOptions.currency = options["currency"] ?? "USD"
            suiteOptions.claimTopics = suiteSpec.claimTopics
            suiteOptions.trustedIssuers = suiteSpec.trustedIssuers.map { SecurityTokenSuite.Issuer(signer: $0.signer, topics: $0.topics) }
            suiteOptions.modules = suiteSpec.modules.map { SecurityTokenSuite.Module(kind: $0.kind, configuration: $0.configuration) }
            suiteOptions.paused = suiteSpec.paused
            let suite = try suiteCall { () throws(SuiteError) in try SecurityTokenSuite.deploy(on: chain, owner: deployment.from, options: suiteOptions) }
            suites[deployment.name] = suite
            addresses[deployment.name] = suite.token
            onDeploy?(deployment.name, suite.token)
            names[suite.token] = deployment.name
            for part in ContractRef.suiteParts {
                if let address = suitePart(suite, part) { names[address] = "\(deployment.name).\(part)" }
            }
            for (signer, contract) in suite.claimIssuers { names[contract] = "claim issuer of \(name(signer))" }
            trace.append("\(deployment.name) (security-token suite) at \(suite.token.checksummed)")
        } else {
            _ = kind
            let model = try contractsCall { () throws(ContractsError) in try ContractRegistry.model(kind: deployment.kind, options: options) }
            let deployed = try chainCall { () throws(ChainError) in try chain.deploy(model, from: deployment.from) }
            addresses[deployment.name] = deployed.address
            onDeploy?(deployment.name, deployed.address)
            names[deployed.address] = deployment.name
            trace.append("\(deployment.name) (\(deployment.kind)) at \(deployed.address.checksummed)")
            mineIfNeeded()
        }
        for (role, accounts) in deployment.roles {
            for account in accounts {
                if role == "AGENT_ROLE", let suite = suites[deployment.name] {
                    try suiteCall { () throws(SuiteError) in try suite.addAgent(account, on: chain) }
                    continue
                }
                let roleId: Hash = role == "DEFAULT_ADMIN_ROLE" ? .zero : Keccak256.hash(Array(role.utf8))
                let address = try resolve(ContractRef(name: deployment.name, part: nil))
                _ = try chainCall { () throws(ChainError) in
                    try chain.transact(address, "grantRole(bytes32,address)", [.fixedBytes(roleId.bytes), .address(account)], from: deployment.from)
                }
                mineIfNeeded()
            }
        }
        return nil
    }

    func suitePart(_ suite: SecurityTokenSuite, _ part: String) -> Address? {
        switch part {
        case "identityRegistry": return suite.identityRegistry
        case "identityRegistryStorage": return suite.identityRegistryStorage
        case "claimTopicsRegistry": return suite.claimTopicsRegistry
        case "trustedIssuersRegistry": return suite.trustedIssuersRegistry
        case "compliance": return suite.compliance
        default: return nil
        }
    }

    func suite(_ token: String) throws(StepFailure) -> SecurityTokenSuite {
        if suites[token] == nil, scenario.contracts[token]?.address != nil {
            throw StepFailure(message: "\(token) was deployed by an earlier run: steps on its suite (identities, claims, agents, modules) need a suite this scenario deploys")
        }
        guard let suite = suites[token] else { throw StepFailure(message: "\(token) is not deployed (its deployment failed or was skipped)") }
        return suite
    }

    func identity(of wallet: Address, suite: SecurityTokenSuite) throws(StepFailure) -> Address {
        let identity = try suiteCall { () throws(SuiteError) in try suite.identity(of: wallet, on: chain) }
        guard let identity else { throw StepFailure(message: "\(name(wallet)) has no identity in the identity registry (register-identity first)") }
        return identity
    }

    func issue(_ claim: ClaimSpec, identity: Address, wallet: Address, suite: SecurityTokenSuite) throws(StepFailure) {
        guard let key = keys[claim.issuer] else { throw StepFailure(message: "no key for the claim issuer \(name(claim.issuer))") }
        guard suite.claimIssuer(signer: claim.issuer) != nil else {
            throw StepFailure(message: "\(name(claim.issuer)) is not a trusted issuer of this token (list it under trustedIssuers)")
        }
        try suiteCall { () throws(SuiteError) in
            try suite.issueClaim(identity: identity, topic: claim.topic, data: claim.data, signer: key, manager: wallet, on: chain)
        }
    }

    // MARK: - Names

    func name(_ address: Address) -> String { names[address] ?? address.checksummed }

    func resolve(_ ref: ContractRef) throws(StepFailure) -> Address {
        if let part = ref.part {
            let suite = try self.suite(ref.name)
            guard let address = suitePart(suite, part) else { throw StepFailure(message: "\(ref) is not a part of a security token") }
            return address
        }
        guard let address = addresses[ref.name] else { throw StepFailure(message: "\(ref.name) is not deployed (its deployment failed or was skipped)") }
        return address
    }

    func resolve(_ argument: StepArgument) throws(StepFailure) -> ABIValue {
        switch argument {
        case .value(let value): return value
        case .contract(let ref): return .address(try resolve(ref))
        case .array(let items): return .array(try items.map { item throws(StepFailure) in try resolve(item) })
        }
    }

    func kindOf(_ ref: ContractRef) throws(StepFailure) -> String? {
        chain.contract(at: try resolve(ref))?.kind
    }

    static func isoTime(_ seconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

extension ABI {
    /// Encodes values whose types are known to match (used for ids built from addresses and numbers).
    static func encodeOrEmpty(_ types: [ABIType], _ values: [ABIValue]) -> [UInt8] {
        (try? encode(types, values)) ?? []
    }
}

extension UInt256 {
    func subtractingOrZero(_ other: UInt256) -> UInt256 { (try? subtracting(other)) ?? .zero }
}

extension Error {
    var message: String {
        if let failure = self as? StepFailure { return failure.message }
        if let coded = self as? any CodedError { return coded.message }
        return "\(self)"
    }
}
