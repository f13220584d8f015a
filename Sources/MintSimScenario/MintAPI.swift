import Foundation
import MintSimChain
import MintSimContracts
import MintSimPrimitives

// A scenario with a `mint-api` section runs the mint API in process on its chain: `http` steps send
// it requests, `webhook` steps check what it delivered. The API itself lives in a target this one
// does not depend on; it plugs in through `ScenarioMintAPIProvider` (MintSimAPI has one, which
// `mintsim run` passes).

/// What serves a scenario's mint API: the setups it knows and, for one of them, the API on a chain.
public protocol ScenarioMintAPIProvider: Sendable {
    /// The setups a scenario may name (`demo`).
    var setups: [String] { get }
    /// The dialects one of which may be served at the root.
    var dialects: [String] { get }
    /// The dialects that raise webhook events.
    var webhookDialects: [String] { get }
    /// What `setup` puts on a new chain, known before it runs (the checker resolves names with it):
    /// the chain it needs, its accounts with their keys in the mnemonic's order, and its contracts.
    /// `dialect`, when given, is the one dialect that will be served: a setup naming another is refused.
    func layout(of setup: String, dialect: String?) throws(ScenarioMintAPIError) -> ScenarioMintAPILayout
    /// Puts `setup` on `chain` (new, with `layout(of:)`'s settings) and serves it; `dialect`, when
    /// given, is served at the root. `webhooks` are registered before anything is sent.
    func start(_ setup: String, dialect: String?, on chain: Chain, webhooks: [ScenarioWebhookEndpoint]) throws(ScenarioMintAPIError)
        -> any ScenarioMintAPI
}

/// A mint API serving one scenario, in process. The runner calls it from one thread.
public protocol ScenarioMintAPI: AnyObject {
    /// The security-token suites the setup deployed, by contract name (so that identity steps work
    /// on them).
    var suites: [String: SecurityTokenSuite] { get }
    /// Answers one request (the path without its query).
    func send(_ request: ScenarioHTTPRequest) -> ScenarioHTTPResponse
    /// Delivers every pending webhook to the scenario's receivers, retries included (after each step).
    func settle()
    /// After a `mine` step: the API settles what those blocks hold and sends what it held back for
    /// them, as `POST /_mintsim/mine` does.
    func blocksMined()
    /// Every webhook delivery so far, in the order they were queued.
    var deliveries: [ScenarioWebhookDelivery] { get }
    /// Keeps the API's records with chain snapshot `id`.
    func snapshot(_ id: UInt64)
    /// Puts the API's records back as they were at chain snapshot `id` (the chain is reverted already).
    func revert(to id: UInt64) throws(ScenarioMintAPIError)
}

public struct ScenarioMintAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// The errors of another file behind this one (a setup file's), each at its place.
    public let diagnostics: [Diagnostic]
    public init(_ message: String, diagnostics: [Diagnostic] = []) {
        self.message = message
        self.diagnostics = diagnostics
    }
    public var description: String { ([message] + diagnostics.map(\.description)).joined(separator: "\n") }
}

/// What a setup puts on a chain.
public struct ScenarioMintAPILayout: Sendable {
    public let config: ChainConfig
    /// The mnemonic the setup's accounts come from; a scenario's own accounts continue it.
    public let mnemonic: String
    /// Accounts of `mnemonic`, from index 0 on, with their names.
    public let accounts: [(name: String, key: PrivateKey)]
    public let contracts: [ExistingContract]
    /// The URLs of the webhook endpoints the setup registers (a scenario's may not repeat one).
    public let webhookURLs: [String]

    public init(
        config: ChainConfig, mnemonic: String = Mnemonic.defaultPhrase, accounts: [(name: String, key: PrivateKey)], contracts: [ExistingContract],
        webhookURLs: [String] = []
    ) {
        self.config = config
        self.mnemonic = mnemonic
        self.accounts = accounts
        self.contracts = contracts
        self.webhookURLs = webhookURLs
    }
}

/// A webhook endpoint a scenario registers, and how its receiver answers: `respond[n]` to the n-th
/// request it gets (the last one repeats).
public struct ScenarioWebhookEndpoint: Hashable, Sendable {
    public let dialect: String
    public let url: String
    public let secret: String?
    public let respond: [Int]
}

public struct ScenarioHTTPRequest: Sendable {
    public let method: String
    public let path: String
    public let query: [(name: String, value: String)]
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
}

public struct ScenarioHTTPResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// One webhook delivery as its receiver saw it.
public struct ScenarioWebhookDelivery: Sendable {
    public let id: String
    public let event: String
    public let dialect: String
    public let url: String
    public let body: [UInt8]
    public let headers: [(name: String, value: String)]
    /// The header holding `sha256=<hex HMAC-SHA256 of the body>`, and the endpoint's secret.
    public let signatureHeader: String
    public let secret: String
    /// `pending`, `delivered`, `failed` or `dropped`.
    public let state: String
    /// The receiver's answer to each attempt (nil: no answer).
    public let attempts: [Int?]

    public init(
        id: String, event: String, dialect: String, url: String, body: [UInt8], headers: [(name: String, value: String)], signatureHeader: String,
        secret: String, state: String, attempts: [Int?]
    ) {
        self.id = id
        self.event = event
        self.dialect = dialect
        self.url = url
        self.body = body
        self.headers = headers
        self.signatureHeader = signatureHeader
        self.secret = secret
        self.state = state
        self.attempts = attempts
    }

    /// Whether the signature header holds the HMAC-SHA256 of the body under the endpoint's secret.
    public var signatureVerifies: Bool {
        let expected = "sha256=" + Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: body), prefix: false)
        let lowered = signatureHeader.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value == expected
    }
}

/// The `mint-api` section: which setup, served how, with which webhook endpoints.
public struct MintAPIPlan: Sendable {
    public let setup: String
    public let dialect: String?
    public let webhooks: [ScenarioWebhookEndpoint]
    public let provider: any ScenarioMintAPIProvider
}

// MARK: - Steps

/// Text with `${name}` references to accounts, contracts and saved values, filled in when the step runs.
public struct Template: Hashable, Sendable, CustomStringConvertible {
    public enum Piece: Hashable, Sendable {
        case text(String)
        case name(String)
    }
    public let pieces: [Piece]
    public var description: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text.replacingOccurrences(of: "${", with: "$${")
            case .name(let name): return "${\(name)}"
            }
        }.joined()
    }

    /// Splits `text` at each `${name}`; `$${` is a literal `${`. Nil with a reason for an unclosed
    /// or empty reference.
    static func parse(_ text: String) -> Result<Template, ScenarioMintAPIError> {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                literal += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else { return .failure(ScenarioMintAPIError("'${' without its closing '}'")) }
                let name = String(after[after.index(after: after.startIndex)..<close])
                guard !name.isEmpty else { return .failure(ScenarioMintAPIError("an empty reference '${}'")) }
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = ""
                pieces.append(.name(name))
                rest = after[after.index(after: close)...]
            } else {
                literal += "$"
                rest = after
            }
        }
        literal += rest
        if !literal.isEmpty || pieces.isEmpty { pieces.append(.text(literal)) }
        return .success(Template(pieces: pieces))
    }

    /// The template with its literal text percent-decoded (`+` is a space), as a query is read.
    var percentDecoded: Template {
        Template(
            pieces: pieces.map { piece in
                guard case .text(let text) = piece else { return piece }
                let plain = text.replacingOccurrences(of: "+", with: " ")
                return .text(plain.removingPercentEncoding ?? plain)
            })
    }

    /// `name` and whether it ends in `:lower` (the value in lower case, as some APIs write addresses).
    static func split(_ reference: String) -> (name: String, lower: Bool) {
        reference.hasSuffix(":lower") ? (String(reference.dropLast(6)), true) : (reference, false)
    }

    var names: [String] {
        pieces.compactMap { if case .name(let name) = $0 { return name } else { return nil } }
    }

    /// The name when the template is exactly one reference.
    var soleName: String? {
        if pieces.count == 1, case .name(let name) = pieces[0] { return name }
        return nil
    }
}

/// A request to the scenario's mint API and what its answer must be.
public struct HTTPStep: Sendable {
    public let method: String
    /// The path without its query.
    public let path: Template
    /// The query's names and values, percent-decoded where written literally; filled-in values are
    /// taken as they are (a `&` or `=` in a saved value stays in its value).
    public let query: [(name: Template, value: Template)]
    public let headers: [(name: String, value: Template)]
    /// The JSON body, whose strings may hold `${name}` references.
    public let body: JSON?
    public let expectStatus: Int?
    /// A pattern the response body must match: every member of an expected object is in the
    /// answer's (others may be too); arrays match element by element; other values are equal.
    public let expectBody: JSON?
    public let expectHeaders: [(name: String, value: Template)]
    /// Values of the answer's body kept under a name for later steps (`${name}`).
    public let saves: [(name: String, path: JSONPath)]
}

/// `a.b[0].c` into a JSON value.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }
    public let components: [Component]
    public let text: String
    public var description: String { text }

    static func parse(_ text: String) -> JSONPath? {
        if text == "$" { return JSONPath(components: [], text: text) }
        var source = Substring(text)
        if source.hasPrefix("$.") { source = source.dropFirst(2) } else if source.hasPrefix("$[") { source = source.dropFirst() }
        var components: [Component] = []
        var key = ""
        var index = source.startIndex
        func flushKey() -> Bool {
            defer { key = "" }
            guard !key.isEmpty else { return false }
            components.append(.key(key))
            return true
        }
        var afterBracket = false
        while index < source.endIndex {
            let character = source[index]
            switch character {
            case ".":
                if !flushKey() && !afterBracket { return nil }
                afterBracket = false
                index = source.index(after: index)
                if index == source.endIndex || source[index] == "[" || source[index] == "." { return nil }
            case "[":
                if !key.isEmpty { _ = flushKey() } else if components.isEmpty && !afterBracket && index != source.startIndex { return nil }
                guard let close = source[index...].firstIndex(of: "]") else { return nil }
                let digits = source[source.index(after: index)..<close]
                guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
                components.append(.index(number))
                afterBracket = true
                index = source.index(after: close)
            default:
                if afterBracket { return nil }
                key.append(character)
                index = source.index(after: index)
            }
        }
        if !key.isEmpty { _ = flushKey() }
        return components.isEmpty ? nil : JSONPath(components: components, text: text)
    }

    func value(in json: JSON) -> JSON? {
        var current = json
        for component in components {
            switch component {
            case .key(let key):
                guard let next = current[key] else { return nil }
                current = next
            case .index(let index):
                guard let items = current.arrayValue, index < items.count else { return nil }
                current = items[index]
            }
        }
        return current
    }
}

/// What the scenario's receivers must have got.
public struct WebhookCheck: Sendable {
    public let dialect: String?
    public let event: String?
    public let url: String?
    public let body: JSON?
    public let state: String
    public let attempts: Int?
    /// How many deliveries match; nil: at least one.
    public let count: Int?
}

// MARK: - Reading

extension Checker {
    static let mintAPIFields = ["setup", "dialect", "webhooks"]

    /// `mint-api: demo`, or `{setup: demo, dialect: NAME, webhooks: [...]}`: the setup's accounts and
    /// contracts become names of the file.
    func readMintAPI(_ node: YNode, _ sections: inout Sections) {
        guard let provider = mintAPIProvider else {
            reader.error(node, "mint-api: this run has no mint API to serve (mintsim run serves one; a scenario with mint-api cannot run in fuzz or with --state)")
            return
        }
        var setup: String?
        var dialect: String?
        var endpoints: [ScenarioWebhookEndpoint] = []
        var endpointNodes: [YNode] = []
        if case .scalar = node {
            setup = reader.string(node, "mint-api")
        } else if let fields = reader.fields(node, "mint-api", required: ["setup"], optional: ["dialect", "webhooks"]) {
            setup = fields["setup"].flatMap { reader.string($0, "mint-api setup") }
            if let value = fields["dialect"], let name = reader.string(value, "mint-api dialect") {
                if provider.dialects.contains(name) {
                    dialect = name
                } else {
                    reader.error(value, "mint-api dialect: unknown dialect '\(name)'\(Suggest.hint(name, provider.dialects)) (dialects: \(provider.dialects.joined(separator: ", ")))")
                }
            }
            if let value = fields["webhooks"], let items = reader.sequence(value, "mint-api webhooks") {
                for item in items {
                    guard let endpoint = readWebhookEndpoint(item, provider) else { continue }
                    if endpoints.contains(where: { $0.url == endpoint.url }) {
                        reader.error(item, "mint-api webhooks: \(endpoint.url) is already an endpoint (one receiver per URL)")
                        continue
                    }
                    endpoints.append(endpoint)
                    endpointNodes.append(item)
                }
            }
        }
        guard var setup else { return }
        if setup.hasSuffix(".yaml") || setup.hasSuffix(".yml") {
            // A setup file, relative to the scenario's.
            let base = (reader.file as NSString).deletingLastPathComponent
            if !setup.hasPrefix("/"), !base.isEmpty { setup = (base as NSString).appendingPathComponent(setup) }
        } else if !provider.setups.contains(setup) {
            reader.error(node, "mint-api: unknown setup '\(setup)'\(Suggest.hint(setup, provider.setups)) (setups: \(provider.setups.joined(separator: ", ")), or a setup file ending in .yaml)")
            return
        }
        // The section is read before the file's own accounts and contracts (and those of the files it
        // includes): any already known are on the chain the scenario was given.
        if !accounts.isEmpty || !declared.isEmpty {
            reader.error(node, "mint-api: the chain has contracts already, and the mint API's setup needs a new chain")
            return
        }
        let layout: ScenarioMintAPILayout
        do {
            layout = try provider.layout(of: setup, dialect: dialect)
        } catch {
            reader.error(node, "mint-api: \(error.message)")
            for diagnostic in error.diagnostics { reader.diagnostics.error(diagnostic.location, diagnostic.message) }
            return
        }
        for (endpoint, item) in zip(endpoints, endpointNodes) where layout.webhookURLs.contains(endpoint.url) {
            reader.error(item, "mint-api webhooks: \(endpoint.url) is already an endpoint of the setup (one receiver per URL)")
        }
        endpoints.removeAll { layout.webhookURLs.contains($0.url) }
        sections.config = layout.config
        sections.mnemonic = layout.mnemonic
        apiMnemonic = layout.mnemonic
        for account in layout.accounts {
            accounts.append(NamedAccount(name: account.name, address: account.key.address, privateKey: account.key))
        }
        for contract in layout.contracts {
            var info = ContractInfo(name: contract.name, kind: contract.kind, decimals: contract.decimals, location: reader.location(node))
            info.address = contract.address
            contracts[contract.name] = info
            declared.append(contract.name)
        }
        apiNames = Set(layout.accounts.map(\.name) + layout.contracts.map(\.name))
        mintAPIPlan = MintAPIPlan(setup: setup, dialect: dialect, webhooks: endpoints, provider: provider)
        sections.setup.append(
            Step(location: reader.location(node), kind: "mint-api", summary: "start the mint API on the \(setup) setup", action: .startMintAPI, expectation: .none))
    }

    func readWebhookEndpoint(_ node: YNode, _ provider: any ScenarioMintAPIProvider) -> ScenarioWebhookEndpoint? {
        guard let fields = reader.fields(node, "a webhook endpoint", required: ["dialect", "url"], optional: ["secret", "respond"]),
            let dialectNode = fields["dialect"], let dialect = reader.string(dialectNode, "webhook dialect"), let urlNode = fields["url"],
            let url = reader.string(urlNode, "webhook url")
        else { return nil }
        var valid = true
        if !provider.webhookDialects.contains(dialect) {
            let known = provider.dialects.contains(dialect) ? "'\(dialect)' raises no webhook events" : "unknown dialect '\(dialect)'\(Suggest.hint(dialect, provider.webhookDialects))"
            reader.error(dialectNode, "webhook dialect: \(known) (dialects with webhooks: \(provider.webhookDialects.joined(separator: ", ")))")
            valid = false
        }
        if !Self.isHTTPURL(url) {
            reader.error(urlNode, "webhook url: '\(url)' is not an http:// or https:// URL")
            valid = false
        }
        let secret = fields["secret"].flatMap { reader.string($0, "webhook secret") }
        if let secret, secret.isEmpty, let node = fields["secret"] {
            reader.error(node, "webhook secret must not be empty (leave it out to have one derived)")
            valid = false
        }
        var respond: [Int] = [200]
        if let value = fields["respond"], let items = reader.list(value, "webhook respond") {
            let statuses = items.compactMap { item -> Int? in
                guard let status = reader.integer(item, "webhook respond") else { return nil }
                guard (100...599).contains(status) else {
                    reader.error(item, "webhook respond: \(status) is not an HTTP status (100 to 599)")
                    return nil
                }
                return Int(status)
            }
            if statuses.count == items.count, !statuses.isEmpty { respond = statuses } else { valid = false }
            if items.isEmpty { reader.error(value, "webhook respond: give at least one status") }
        }
        guard valid else { return nil }
        return ScenarioWebhookEndpoint(dialect: dialect, url: url, secret: secret, respond: respond)
    }

    /// An absolute http:// or https:// URL with a host.
    package static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), let host = url.host else {
            return false
        }
        if let port = url.port, !(1...65535).contains(port) { return false }
        return !host.isEmpty
    }

    static let httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    static let httpExpectFields = ["status", "body", "headers"]

    /// An `http` step: `{method, path, headers, body}`, with `expect: {status, body, headers, …}` and `save`.
    func readHTTP(_ node: YNode, expect: YNode?, save: YNode?) -> (Action, String, ContractInfo?)? {
        if mintAPIPlan == nil {
            reader.error(node, "an http step needs the mint API: add 'mint-api: demo' at the top of the file")
            return nil
        }
        guard let fields = reader.fields(node, "http", required: ["path"], optional: ["method", "headers", "body"]) else { return nil }
        var method = "GET"
        if let value = fields["method"], let text = reader.string(value, "http method") {
            method = text.uppercased()
            if !Self.httpMethods.contains(method) {
                reader.error(value, "http method: '\(text)' is not one of \(Self.httpMethods.joined(separator: ", "))")
            }
        }
        guard let pathNode = fields["path"], let pathText = reader.string(pathNode, "http path") else { return nil }
        guard pathText.hasPrefix("/") else {
            reader.error(pathNode, "http path: '\(pathText)' must start with '/' (the API's own path, as /qustody/v1/...)")
            return nil
        }
        var path: Template?
        var query: [(name: Template, value: Template)] = []
        if let mark = pathText.firstIndex(of: "?") {
            path = template(String(pathText[..<mark]), pathNode, "http path")
            for pair in pathText[pathText.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = template(String(parts[0]), pathNode, "http path"),
                    let value = template(parts.count > 1 ? String(parts[1]) : "", pathNode, "http path")
                else { continue }
                query.append((name.percentDecoded, value.percentDecoded))
            }
        } else {
            path = template(pathText, pathNode, "http path")
        }
        let headers = fields["headers"].map { headerTemplates($0, "http headers") } ?? []
        var body: JSON?
        if let bodyNode = fields["body"] {
            body = json(bodyNode, "http body")
            if body != nil { checkTemplates(in: bodyNode, "http body") }
        }
        var expectStatus: Int?
        var expectBody: JSON?
        var expectHeaders: [(name: String, value: Template)] = []
        if let expect, case .mapping(let mapping) = expect {
            for (keyNode, value) in mapping {
                switch keyNode.scalar?.string {
                case "status":
                    if let status = reader.integer(value, "expect status") {
                        if (100...599).contains(status) { expectStatus = Int(status) } else { reader.error(value, "expect status: \(status) is not an HTTP status (100 to 599)") }
                    }
                case "body":
                    expectBody = json(value, "expect body")
                    if expectBody != nil { checkTemplates(in: value, "expect body") }
                case "headers":
                    expectHeaders = headerTemplates(value, "expect headers")
                default: break
                }
            }
        }
        var saves: [(name: String, path: JSONPath)] = []
        if let save, let entries = reader.mapping(save, "save") {
            for (name, keyNode, value) in entries {
                guard let text = reader.string(value, "save \(name)") else { continue }
                guard let path = JSONPath.parse(text) else {
                    reader.error(value, "save \(name): '\(text)' is not a path into the body (write it as id, data.items[0].id or $.data.id)")
                    continue
                }
                if !Self.isValidName(name) {
                    reader.error(keyNode, "save: '\(name)' is not a valid name (letters, digits, '_' and '-', starting with a letter)")
                } else if Self.reservedNames.contains(name) {
                    reader.error(keyNode, "save: '\(name)' is reserved for the zero address")
                } else if accounts.contains(where: { $0.name == name }) || contracts[name] != nil {
                    reader.error(keyNode, "save: '\(name)' is already the name of an account or contract")
                } else {
                    savedNames.insert(name)
                    saves.append((name, path))
                }
            }
        }
        guard let path else { return nil }
        let step = HTTPStep(
            method: method, path: path, query: query, headers: headers, body: body, expectStatus: expectStatus, expectBody: expectBody, expectHeaders: expectHeaders,
            saves: saves)
        return (.http(step), "\(method) \(pathText)\(expectStatus.map { " → \($0)" } ?? "")", nil)
    }

    /// A `webhook` step: `{dialect, event, url, body, state, attempts, count}`.
    func readWebhook(_ node: YNode) -> (Action, String, ContractInfo?)? {
        guard let plan = mintAPIPlan else {
            reader.error(node, "a webhook step needs the mint API: add 'mint-api: demo' at the top of the file")
            return nil
        }
        guard let fields = reader.fields(node, "webhook", optional: ["dialect", "event", "url", "body", "state", "attempts", "count"]) else { return nil }
        var dialect: String?
        if let value = fields["dialect"], let name = reader.string(value, "webhook dialect") {
            let webhookDialects = plan.provider.webhookDialects
            if webhookDialects.contains(name) {
                dialect = name
            } else {
                let known = plan.provider.dialects.contains(name) ? "'\(name)' raises no webhook events" : "unknown dialect '\(name)'\(Suggest.hint(name, webhookDialects))"
                reader.error(value, "webhook dialect: \(known) (dialects with webhooks: \(webhookDialects.joined(separator: ", ")))")
            }
        }
        let event = fields["event"].flatMap { reader.string($0, "webhook event") }
        let url = fields["url"].flatMap { reader.string($0, "webhook url") }
        var body: JSON?
        if let value = fields["body"] {
            body = json(value, "webhook body")
            if body != nil { checkTemplates(in: value, "webhook body") }
        }
        var state = "delivered"
        if let value = fields["state"], let text = reader.string(value, "webhook state") {
            // Every delivery is attempted after each step, so none is pending when a step checks.
            let states = ["delivered", "failed", "dropped"]
            if states.contains(text) {
                state = text
            } else {
                reader.error(value, "webhook state: '\(text)' is not one of \(states.joined(separator: ", "))\(Suggest.hint(text, states))")
            }
        }
        let attempts = fields["attempts"].flatMap { reader.integer($0, "webhook attempts", max: 1_000) }.map(Int.init)
        let count = fields["count"].flatMap { reader.integer($0, "webhook count", max: 1_000_000) }.map(Int.init)
        let check = WebhookCheck(dialect: dialect, event: event, url: url, body: body, state: state, attempts: attempts, count: count)
        let what = [event ?? "a webhook", dialect.map { "of \($0)" }, url.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
        return (.webhook(check), "webhook \(what) \(state)\(count.map { " ×\($0)" } ?? "")", nil)
    }

    // MARK: Values

    /// A YAML value as JSON: mappings are objects (in order), sequences arrays; a plain scalar is
    /// null, true, false or a number when it reads as one in JSON, otherwise (and when quoted) a string.
    /// (An alias is read as the node it names: Yams resolves aliases as it composes the tree.)
    func json(_ node: YNode, _ what: String, depth: Int = 0) -> JSON? {
        guard depth < JSON.maxDepth else {
            reader.error(node, "\(what): nested deeper than \(JSON.maxDepth) levels")
            return nil
        }
        if case .mapping(let mapping) = node {
            var members: [(String, JSON)] = []
            for (keyNode, value) in mapping {
                guard let key = keyNode.scalar?.string else {
                    reader.error(keyNode, "\(what): an object's key must be a string")
                    return nil
                }
                guard let member = json(value, "\(what).\(key)", depth: depth + 1) else { return nil }
                members.append((key, member))
            }
            return .object(JSONObject(members))
        }
        if case .sequence(let sequence) = node {
            var items: [JSON] = []
            for (index, item) in sequence.enumerated() {
                guard let value = json(item, "\(what)[\(index)]", depth: depth + 1) else { return nil }
                items.append(value)
            }
            return .array(items)
        }
        guard let scalar = node.scalar else { return nil }
        guard scalar.style == .plain else { return .string(scalar.string) }
        if YAMLReader.isNull(scalar) { return .null }
        if scalar.string == "true" { return .bool(true) }
        if scalar.string == "false" { return .bool(false) }
        if let number = try? JSON.parse(scalar.string), case .number = number { return number }
        return .string(scalar.string)
    }

    func template(_ text: String, _ node: YNode, _ what: String) -> Template? {
        switch Template.parse(text) {
        case .failure(let error):
            reader.error(node, "\(what): \(error.message) in '\(text)'")
            return nil
        case .success(let template):
            checkNames(template, node, what)
            return template
        }
    }

    func headerTemplates(_ node: YNode, _ what: String) -> [(name: String, value: Template)] {
        guard let entries = reader.mapping(node, what) else { return [] }
        var out: [(name: String, value: Template)] = []
        for (name, keyNode, value) in entries {
            guard !name.isEmpty, name.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }) else {
                reader.error(keyNode, "\(what): '\(name)' is not a header name")
                continue
            }
            guard let text = reader.string(value, "\(what) \(name)"), let template = template(text, value, "\(what) \(name)") else { continue }
            out.append((name, template))
        }
        return out
    }

    /// Checks the `${name}` references in the strings of a body `json(_:_:)` read, each at its own
    /// place (members' values and items: keys are sent as written).
    func checkTemplates(in node: YNode, _ what: String) {
        if case .mapping(let mapping) = node {
            for value in mapping.values { checkTemplates(in: value, what) }
        } else if case .sequence(let sequence) = node {
            for item in sequence { checkTemplates(in: item, what) }
        } else if let text = node.scalar?.string, text.contains("$") {
            // (Numbers, booleans and null hold no `$`.)
            switch Template.parse(text) {
            case .failure(let error): reader.error(node, "\(what): \(error.message) in '\(text)'")
            case .success(let template): checkNames(template, node, what)
            }
        }
    }

    func checkNames(_ template: Template, _ node: YNode, _ what: String) {
        for reference in template.names {
            let name = Template.split(reference).name
            if name.contains(":") {
                reader.error(node, "\(what): '${\(reference)}': the only form after ':' is ':lower'")
                continue
            }
            guard accounts.first(where: { $0.name == name }) == nil && contracts[name] == nil && !savedNames.contains(name) else { continue }
            let known = accounts.map(\.name) + declared + savedNames.sorted()
            reader.error(node, "\(what): unknown name '${\(name)}'\(Suggest.hint(name, known)) (an account, a contract or a value saved by an earlier step)")
        }
    }
}
