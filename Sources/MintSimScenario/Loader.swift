import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Yams

/// Reads scenario files.
public enum ScenarioLoader {
    /// Reads and checks the scenario in `path`. Every problem of the file is reported at once, as
    /// `path:line:column: message`, before anything runs.
    /// `existing` contracts may be used by name without being deployed; a contract the file
    /// declares under the same name takes the name over.
    /// `mintAPI` serves the file's `mint-api` section; without it such a file is refused.
    public static func load(
        file path: String, existing: [ExistingContract] = [], mintAPI: (any ScenarioMintAPIProvider)? = nil
    ) throws(ScenarioFileError) -> Scenario {
        try load(text: text(of: path), file: path, existing: existing, mintAPI: mintAPI)
    }

    /// Reads and checks a scenario given as text; `file` names it in messages.
    public static func load(
        text: String, file: String, existing: [ExistingContract] = [], mintAPI: (any ScenarioMintAPIProvider)? = nil
    ) throws(ScenarioFileError) -> Scenario {
        try check(text: text, file: file, existing: existing, mintAPI: mintAPI).0
    }

    static func check(
        text: String, file: String, existing: [ExistingContract] = [], mintAPI: (any ScenarioMintAPIProvider)? = nil
    ) throws(ScenarioFileError) -> (Scenario, Checker) {
        let diagnostics = Diagnostics()
        let checker = Checker(reader: YAMLReader(file: file, diagnostics: diagnostics))
        checker.mintAPIProvider = mintAPI
        for contract in existing where checker.contracts[contract.name] == nil {
            var info = ContractInfo(
                name: contract.name, kind: contract.kind, decimals: contract.decimals,
                location: SourceLocation(file: file, line: 1, column: 1))
            info.address = contract.address
            checker.contracts[contract.name] = info
            checker.declared.append(contract.name)
            checker.existing.insert(contract.name)
        }
        let scenario = checker.read(text)
        guard diagnostics.isEmpty, let scenario else { throw ScenarioFileError(diagnostics.items) }
        return (scenario, checker)
    }

    /// Where the `mint-api` section of the scenario in `path` is, when it has one; nil also when the
    /// file cannot be read as YAML (loading it says why).
    public static func mintAPISection(file path: String) -> SourceLocation? {
        guard let text = try? text(of: path), case .mapping(let mapping)? = try? YAMLReader.compose(text),
            let node = mapping.first(where: { $0.key.scalar?.string == "mint-api" })?.value
        else { return nil }
        return YAMLReader(file: path, diagnostics: Diagnostics()).location(node)
    }

    /// Reads a file's text (with the same checks as `load(file:)`).
    package static func text(of path: String) throws(ScenarioFileError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ScenarioFileError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "the file \(reason)")])
        }
        guard data.count <= YAMLReader.maxFileBytes else {
            throw ScenarioFileError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "the file is larger than \(YAMLReader.maxFileBytes >> 20) MiB")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioFileError([Diagnostic(SourceLocation(file: path, line: 1, column: 1), "the file is not UTF-8 text")])
        }
        return text
    }
}

/// Turns the YAML of one file into a `Scenario`, checking every name, type and amount.
package final class Checker {
    /// The reader of the file being read (an included file's while it is read).
    var reader: YAMLReader
    var accounts: [NamedAccount] = []
    var contracts: [String: ContractInfo] = [:]
    /// Contracts in the order they are declared, to know which exist at a given step (contracts
    /// already on the chain first).
    var declared: [String] = []
    /// Names of contracts already on the chain that the file has not taken over.
    var existing = Set<String>()
    var deployers: [String: Address] = [:]
    var snapshots = Set<String>()
    var mining: MiningMode = .auto
    /// Set while a contract's name is checked (for the message of a name already taken).
    var declaringContract = false
    /// Names used in expressions, checked once every account and contract is known.
    var pendingNames: [(String, SourceLocation)] = []
    /// What serves a `mint-api` section, and the section as read.
    var mintAPIProvider: (any ScenarioMintAPIProvider)?
    var mintAPIPlan: MintAPIPlan?
    /// Names `save` gives to values of responses, in file order.
    var savedNames = Set<String>()
    /// The accounts and contracts the mint API's setup names.
    var apiNames = Set<String>()
    /// The mnemonic of the mint API setup's accounts, which the file's own accounts continue.
    var apiMnemonic = Mnemonic.defaultPhrase

    init(reader: YAMLReader) { self.reader = reader }

    static let topLevel = ["name", "description", "chain", "accounts", "contracts", "invariants", "steps", "fuzz"]
    /// The `fuzz` section, read after the steps.
    var fuzz: FuzzPlan?

    /// What the sections of a file and the files it includes add up to.
    struct Sections {
        var config = ChainConfig.development()
        var mnemonic = Mnemonic.defaultPhrase
        var setup: [Step] = []
        var invariants: [Invariant] = []
        var steps: [Step] = []
    }

    static let maxIncludeDepth = 8

    func read(_ text: String) -> Scenario? {
        guard let root = reader.parse(text) else { return nil }
        guard let fields = reader.fields(root, "the scenario", required: ["name", "steps"], optional: Array(Self.topLevel.dropFirst().filter { $0 != "steps" }) + ["include", "mint-api"])
        else { return nil }
        let name = fields["name"].flatMap { reader.string($0, "name") } ?? ""
        var sections = Sections()
        if let node = fields["mint-api"] {
            readMintAPI(node, &sections)
            // The rest of the file names the setup's accounts and contracts and calls its API: read
            // without them, it would only give errors that follow from this one.
            guard mintAPIPlan != nil else { return nil }
            if let fuzzNode = fields["fuzz"] {
                reader.error(fuzzNode, "fuzz: a scenario with mint-api cannot be fuzzed (fuzz actions are contract calls)")
            }
        }
        readSections(fields, &sections, including: [reader.file])
        if mintAPIPlan != nil, let node = fields["mint-api"] {
            if sections.mnemonic != apiMnemonic {
                let which = apiMnemonic == Mnemonic.defaultPhrase ? "the default mnemonic" : "the mnemonic the setup names"
                reader.error(node, "mint-api: the setup's accounts are those of \(which), and the file's own continue them; remove chain.mnemonic")
            }
            if sections.config.mining != .auto {
                reader.error(node, "mint-api: the mint API needs mining: auto (to hold its confirmations, POST /_mintsim/faults {\"holdConfirmations\": true})")
            }
        }
        // Fund every derived account (the mint API setup's included), and at least Anvil's ten.
        let derived = accounts.filter { $0.privateKey != nil }.count
        if sections.mnemonic != Mnemonic.defaultPhrase || derived > 10 {
            let phrase = (try? Mnemonic(sections.mnemonic)) ?? (try? Mnemonic(Mnemonic.defaultPhrase))
            let all = (try? phrase?.accounts(count: max(10, derived))) ?? nil
            let ether = (try? UInt256(amount: "10000", decimals: 18)) ?? .zero
            sections.config.genesisAccounts = (all ?? []).map { ($0.address, ether) }
        }
        if let node = fields["fuzz"], mintAPIPlan == nil { fuzz = readFuzz(node) }
        checkExpressionNames()
        return Scenario(
            name: name, file: reader.file, config: sections.config, accounts: accounts, setup: sections.setup, steps: sections.steps,
            invariants: sections.invariants, contracts: contracts, mintAPI: mintAPIPlan)
    }

    /// Reads a file's sections after those of the files it includes (their accounts come first,
    /// their contracts are deployed first, their steps run first; its chain settings override theirs).
    func readSections(_ fields: YAMLReader.Fields, _ sections: inout Sections, including stack: [String]) {
        if let node = fields["include"], let items = reader.list(node, "include") {
            for item in items {
                guard let path = reader.string(item, "include") else { continue }
                withIncluded(path, item, stack: stack, required: [], optional: Self.topLevel.filter { $0 != "fuzz" } + ["include"]) { included, fields in
                    included.readSections(fields, &sections, including: stack + [included.reader.file])
                }
            }
        }
        if let chain = fields["chain"] { readChain(chain, &sections.config, &sections.mnemonic) }
        mining = sections.config.mining
        if let list = fields["accounts"] { readAccounts(list, mnemonic: sections.mnemonic) }
        if let node = fields["contracts"], let entries = reader.mapping(node, "contracts") {
            for (contractName, keyNode, value) in entries {
                if let deployment = readDeployment(name: contractName, nameNode: keyNode, value, what: "contract \(contractName)") {
                    sections.setup.append(Step(location: reader.location(keyNode), kind: "deploy", summary: "deploy \(deployment.kind) \(contractName)", action: .deploy(deployment), expectation: .none))
                }
            }
        }
        if let node = fields["invariants"], let items = reader.sequence(node, "invariants") {
            for item in items {
                if let text = reader.string(item, "an invariant") {
                    sections.invariants.append(Invariant(text: text, location: reader.location(item)))
                    checkExpression(text, item)
                }
            }
        }
        if let node = fields["steps"], let items = reader.sequence(node, "steps") {
            sections.steps += readSteps(items, including: stack)
        }
    }

    /// Steps, with `- include: FILE` replaced by that file's steps (read with this file's names).
    func readSteps(_ items: [YNode], including stack: [String]) -> [Step] {
        var steps: [Step] = []
        for item in items {
            if case .mapping(let mapping) = item, mapping.count == 1, let entry = mapping.first, entry.key.scalar?.string == "include" {
                guard let path = reader.string(entry.value, "include") else { continue }
                withIncluded(path, entry.value, stack: stack, required: ["steps"], optional: ["name", "description"]) { included, fields in
                    if let node = fields["steps"], let items = included.reader.sequence(node, "steps") {
                        steps += included.readSteps(items, including: stack + [included.reader.file])
                    }
                }
                continue
            }
            if let step = readStep(item) { steps.append(step) }
        }
        return steps
    }

    /// Reads the file `path` (relative to the including file) with this checker's names, its
    /// positions reported in that file. Cycles and deep nesting are errors.
    func withIncluded(
        _ path: String, _ node: YNode, stack: [String], required: [String], optional: [String], _ body: (Checker, YAMLReader.Fields) -> Void
    ) {
        let base = (reader.file as NSString).deletingLastPathComponent
        let resolved = path.hasPrefix("/") ? path : (base.isEmpty ? path : (base as NSString).appendingPathComponent(path))
        let normalised = (resolved as NSString).standardizingPath
        if stack.map({ ($0 as NSString).standardizingPath }).contains(normalised) {
            reader.error(node, "include: \(path) includes itself (\((stack + [resolved]).joined(separator: " → ")))")
            return
        }
        if stack.count > Self.maxIncludeDepth {
            reader.error(node, "include: more than \(Self.maxIncludeDepth) files deep")
            return
        }
        let text: String
        do {
            text = try ScenarioLoader.text(of: resolved)
        } catch {
            reader.error(node, "include: \(path): \(error.diagnostics.first?.message ?? "cannot be read")")
            return
        }
        let outer = reader
        reader = YAMLReader(file: resolved, diagnostics: outer.diagnostics)
        defer { reader = outer }
        guard let root = reader.parse(text), let fields = reader.fields(root, "an included file", required: required, optional: optional) else { return }
        body(self, fields)
    }

    // MARK: - Chain and accounts

    func readChain(_ node: YNode, _ config: inout ChainConfig, _ mnemonic: inout String) {
        guard let fields = reader.fields(node, "chain", optional: ["chainId", "startTime", "blockTime", "mining", "mnemonic", "baseFee"]) else {
            return
        }
        if let value = fields["chainId"], let id = reader.integer(value, "chainId", max: UInt64(1) << 53) { config.chainId = id }
        if let value = fields["startTime"], let time = time(value, "startTime") { config.startTime = time }
        if let value = fields["blockTime"], let seconds = duration(value, "blockTime") {
            if seconds == 0 { reader.error(value, "blockTime must be at least 1 second") } else { config.blockTime = seconds }
        }
        if let value = fields["mining"], let text = reader.string(value, "mining") {
            switch text {
            case "auto": config.mining = .auto
            case "interval": config.mining = .interval
            case "manual": config.mining = .manual
            default: reader.error(value, "mining must be auto, interval or manual, found '\(text)'\(Suggest.hint(text, ["auto", "interval", "manual"]))")
            }
        }
        if let value = fields["mnemonic"], let text = reader.string(value, "mnemonic") {
            do {
                _ = try Mnemonic(text)
                mnemonic = text
            } catch {
                reader.error(value, "mnemonic: \(error.message)")
            }
        }
        if let value = fields["baseFee"], let fee = amount(value, decimals: 0, "baseFee") { config.baseFee = fee }
    }

    /// `accounts: [issuer, alice, {treasury: "0x…"}]`: names are the mnemonic's accounts in order
    /// (the first name is account 0); a name with an address is that address.
    func readAccounts(_ node: YNode, mnemonic: String) {
        guard let items = reader.sequence(node, "accounts") else { return }
        let derivedCount = items.filter { if case .scalar = $0 { return true } else { return false } }.count
        // Names continue the mnemonic's accounts after those of included files.
        var index = accounts.filter { $0.privateKey != nil }.count
        let derived = (try? Mnemonic(mnemonic).accounts(count: index + derivedCount)) ?? []
        for item in items {
            if case .mapping = item {
                guard let entries = reader.mapping(item, "an account with an address") else { continue }
                for (name, keyNode, value) in entries where checkNewName(name, keyNode) {
                    guard let text = reader.string(value, "the address of \(name)") else { continue }
                    do {
                        accounts.append(NamedAccount(name: name, address: try Address(text), privateKey: nil))
                    } catch {
                        reader.error(value, "the address of \(name): \(error.message)")
                    }
                }
            } else {
                let position = index
                index += 1
                guard let name = reader.name(item, "an account"), checkNewName(name, item), position < derived.count else { continue }
                accounts.append(NamedAccount(name: name, address: derived[position].address, privateKey: derived[position].privateKey))
            }
        }
    }

    package static let reservedNames: Set<String> = ["zero", "0x0"]

    /// Whether `name` can name an account, a contract or a saved value: ASCII letters, digits, `_`
    /// and `-`, starting with a letter or `_`.
    package static func isValidName(_ name: String) -> Bool {
        name.first.map { $0.isLetter || $0 == "_" } ?? false
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && name.allSatisfy(\.isASCII)
    }

    /// A new account or contract name: well-formed and not taken.
    func checkNewName(_ name: String, _ node: YNode) -> Bool {
        guard Self.isValidName(name) else {
            reader.error(node, "'\(name)' is not a valid name (letters, digits, '_' and '-', starting with a letter)")
            return false
        }
        if Self.reservedNames.contains(name) {
            reader.error(node, "'\(name)' is reserved for the zero address")
            return false
        }
        if savedNames.contains(name) {
            reader.error(node, "'\(name)' is already the name of a value an http step saves")
            return false
        }
        if let plan = mintAPIPlan, apiNames.contains(name) {
            reader.error(node, "'\(name)' is already an account or contract of the mint API's \(plan.setup) setup")
            return false
        }
        if accounts.contains(where: { $0.name == name }) {
            let ownContracts = declared.count - existing.count
            reader.error(node, ownContracts == 0 && !declaringContract ? "the account '\(name)' is declared twice" : "'\(name)' is already the name of an account")
            return false
        }
        if existing.remove(name) != nil {
            // The file's own account or contract takes the name of one already on the chain.
            contracts[name] = nil
            declared.removeAll { $0 == name }
        }
        if contracts[name] != nil {
            reader.error(node, "'\(name)' is already the name of a contract")
            return false
        }
        return true
    }

    // MARK: - Names

    /// An account (by name or address) that sends a transaction.
    func sender(_ node: YNode, _ what: String) -> Address? {
        guard let text = reader.string(node, what) else { return nil }
        if let account = accounts.first(where: { $0.name == text }) { return account.address }
        if text.hasPrefix("0x") {
            do {
                return try Address(text)
            } catch {
                reader.error(node, "\(what): \(error.message)")
                return nil
            }
        }
        if contracts[text] != nil {
            reader.error(node, "\(what): '\(text)' is a contract; transactions are sent from accounts")
            return nil
        }
        reader.error(node, "\(what): unknown account '\(text)'\(Suggest.hint(text, accounts.map(\.name)))\(accountsList)")
        return nil
    }

    var accountsList: String {
        accounts.isEmpty ? " (the scenario declares no accounts)" : " (accounts: \(accounts.map(\.name).joined(separator: ", ")))"
    }

    /// Anything with an address: an account, a contract (or a suite part, `ACME.compliance`), `zero`
    /// or `0x0`, or a hex address.
    func target(_ node: YNode, _ what: String) -> StepArgument? {
        guard let text = reader.string(node, what) else { return nil }
        if let account = accounts.first(where: { $0.name == text }) { return .value(.address(account.address)) }
        if text == "0x0" || text == "zero" { return .value(.address(.zero)) }
        if text.hasPrefix("0x") {
            do {
                return .value(.address(try Address(text)))
            } catch {
                reader.error(node, "\(what): \(error.message)")
                return nil
            }
        }
        if let ref = contractRef(text, node, what, quiet: true) { return .contract(ref) }
        let names = accounts.map(\.name) + declared
        reader.error(node, "\(what): unknown account or contract '\(text)'\(Suggest.hint(text, names))")
        return nil
    }

    /// An account's address, or nil with an error (for fields that need an account, not a contract).
    func accountAddress(_ node: YNode, _ what: String) -> Address? {
        guard let argument = target(node, what) else { return nil }
        if case .value(.address(let address)) = argument { return address }
        reader.error(node, "\(what) must be an account, not a contract")
        return nil
    }

    /// A contract declared before this point, by name or suite part.
    func contractRef(_ text: String, _ node: YNode, _ what: String, quiet: Bool = false) -> ContractRef? {
        let pieces = text.split(separator: ".", maxSplits: 1).map(String.init)
        let name = pieces.first ?? text
        guard let info = contracts[name] else {
            if !quiet {
                reader.error(node, "\(what): unknown contract '\(name)'\(Suggest.hint(name, declared))\(declared.isEmpty ? " (no contract is declared before this point)" : " (contracts: \(declared.joined(separator: ", ")))")")
            }
            return nil
        }
        guard pieces.count == 2 else { return ContractRef(name: name, part: nil) }
        guard info.kind == "security-token" else {
            reader.error(node, "\(what): '\(text)': only a security token has parts (\(name) is \(info.kind))")
            return nil
        }
        guard ContractRef.suiteParts.contains(pieces[1]) else {
            reader.error(node, "\(what): '\(pieces[1])' is not a part of a security token\(Suggest.hint(pieces[1], ContractRef.suiteParts)) (parts: \(ContractRef.suiteParts.joined(separator: ", ")))")
            return nil
        }
        return ContractRef(name: name, part: pieces[1])
    }

    /// A token: a declared contract of one of `kinds`.
    func token(_ node: YNode, _ what: String, kinds: [String]) -> ContractInfo? {
        guard let text = reader.string(node, what), let ref = contractRef(text, node, what) else { return nil }
        guard let info = contracts[ref.name], ref.part == nil else {
            reader.error(node, "\(what) must be a token, not \(ref)")
            return nil
        }
        guard kinds.contains(info.kind) else {
            reader.error(node, "\(what): \(info.name) is \(info.kind), which has no such operation (it works on \(kinds.joined(separator: ", ")))")
            return nil
        }
        return info
    }

}
