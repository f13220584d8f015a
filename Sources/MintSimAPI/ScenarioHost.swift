import MintSimChain
import MintSimContracts
import MintSimPrimitives
import MintSimScenario

/// Serves the mint API to scenarios with a `mint-api` section, in process: requests go straight to
/// `MintAPI.handle`, and webhooks are delivered to the scenario's receivers without leaving the
/// process (each answers as its endpoint's `respond` says; retries are logged with their backoff but
/// not waited for).
public struct MintAPIScenarios: ScenarioMintAPIProvider {
    public init() {}

    public var setups: [String] { ["demo"] }

    /// The `MintAPI` a scenario's run started (to go on serving it).
    public static func api(of host: any ScenarioMintAPI) -> MintAPI? { (host as? MintAPIScenarioHost)?.api }
    public var dialects: [String] { MintAPI.dialectNames }
    public var webhookDialects: [String] { AdminDialect.eventDialects }

    /// `demo`, or the path of a setup file (as `mintsim serve --config` reads).
    public func layout(of setup: String, dialect: String?) throws(ScenarioMintAPIError) -> ScenarioMintAPILayout {
        if setup == "demo" { return try Self.demoLayout.get() }
        return try Self.layout(try Self.plan(setup, dialect: dialect)).get()
    }

    /// The plan `setup` names, to be served with `dialect` alone when given.
    static func plan(_ setup: String, dialect: String?) throws(ScenarioMintAPIError) -> MintSetupPlan {
        if setup == "demo" { return .demo }
        guard setup.hasSuffix(".yaml") || setup.hasSuffix(".yml") else {
            throw ScenarioMintAPIError("unknown setup '\(setup)' (the demo, or a setup file ending in .yaml)")
        }
        let text: String
        do {
            text = try ScenarioLoader.text(of: setup)
        } catch {
            throw ScenarioMintAPIError("\(setup): \(error.diagnostics.first?.message ?? "the file cannot be read")")
        }
        do {
            return try MintSetupConfig.read(text: text, file: setup, dialect: dialect)
        } catch {
            let count = error.diagnostics.count
            throw ScenarioMintAPIError("the setup \(setup) has \(count) error\(count == 1 ? "" : "s")", diagnostics: error.diagnostics)
        }
    }

    /// The demo's layout, derived once (the demo is deterministic).
    static let demoLayout = layout(.demo)

    /// What `plan` puts on a new chain, derived on a scratch chain.
    static func layout(_ plan: MintSetupPlan) -> Result<ScenarioMintAPILayout, ScenarioMintAPIError> {
        let chain = Chain(config: MintSetup.chainConfig(plan))
        let setup: MintSetup
        do throws(MintError) {
            setup = try MintSetup.build(plan, on: chain)
        } catch {
            return .failure(ScenarioMintAPIError("the setup failed: \(error.message)"))
        }
        let contracts = setup.contracts.map { contract -> ExistingContract in
            var decimals = 0
            if [ERC20Token.kind, "security-token"].contains(contract.kind),
                case .uint(let value)? = (try? chain.call(contract.address, "decimals()(uint8)"))?.first
            {
                decimals = value.int ?? 0
            }
            return ExistingContract(name: contract.name, kind: contract.kind, decimals: decimals, address: contract.address)
        }
        return .success(
            ScenarioMintAPILayout(
                config: MintSetup.chainConfig(plan), mnemonic: plan.mnemonic, accounts: setup.accounts.map { ($0.name, $0.key) }, contracts: contracts,
                webhookURLs: plan.webhooks.map(\.url)))
    }

    public func start(_ setup: String, dialect: String?, on chain: Chain, webhooks: [ScenarioWebhookEndpoint]) throws(ScenarioMintAPIError)
        -> any ScenarioMintAPI
    {
        let plan = try Self.plan(setup, dialect: dialect)
        do throws(MintError) {
            let built = try MintSetup.build(plan, on: chain)
            let api = try MintAPI(service: MintService(chain: chain, setup: built), only: dialect)
            for webhook in plan.webhooks { api.webhooks.register(dialect: webhook.dialect, url: webhook.url, secret: webhook.secret) }
            api.apply(plan.faults)
            for endpoint in webhooks { api.webhooks.register(dialect: endpoint.dialect, url: endpoint.url, secret: endpoint.secret) }
            return MintAPIScenarioHost(api: api, receivers: webhooks)
        } catch {
            throw ScenarioMintAPIError(error.message)
        }
    }
}

/// One scenario's mint API.
final class MintAPIScenarioHost: ScenarioMintAPI {
    let api: MintAPI
    /// What each URL's receiver answers to its n-th request (the last answer repeats).
    let answers: [String: [Int]]
    /// Requests each URL's receiver got.
    var received: [String: Int] = [:]

    init(api: MintAPI, receivers: [ScenarioWebhookEndpoint]) {
        self.api = api
        var answers: [String: [Int]] = [:]
        for receiver in receivers where answers[receiver.url] == nil { answers[receiver.url] = receiver.respond }
        self.answers = answers
    }

    var suites: [String: SecurityTokenSuite] {
        let setup = api.service.setup
        var out: [String: SecurityTokenSuite] = [:]
        for asset in setup.securityAssets {
            if let name = setup.name(of: asset.suite.token) { out[name] = asset.suite }
        }
        return out
    }

    func send(_ request: ScenarioHTTPRequest) -> ScenarioHTTPResponse {
        let response = api.handle(APIRequest(method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.body))
        return ScenarioHTTPResponse(status: response.status, headers: response.headers, body: response.body)
    }

    func settle() {
        for index in api.webhooks.pendingIndices { deliver(index) }
    }

    func blocksMined() { api.reconcile() }

    /// Delivers one webhook to its receiver: attempt after attempt until a 2xx answer or the last one.
    func deliver(_ index: Int) {
        let webhooks = api.webhooks
        var attempt = webhooks.deliveries[index].attempts.count + 1
        while true {
            let url = webhooks.deliveries[index].url
            let count = received[url, default: 0]
            received[url] = count + 1
            let responses = answers[url] ?? [200]
            let status = responses[min(count, responses.count - 1)]
            guard webhooks.record(index, status: status, error: nil, delayMs: webhooks.delay(beforeAttempt: attempt)) else { return }
            attempt += 1
        }
    }

    var deliveries: [ScenarioWebhookDelivery] {
        let webhooks = api.webhooks
        return webhooks.deliveries.map { delivery in
            ScenarioWebhookDelivery(
                id: delivery.id, event: delivery.event, dialect: delivery.dialect, url: delivery.url, body: delivery.body, headers: delivery.headers,
                signatureHeader: Webhooks.signatureHeader(delivery.dialect),
                secret: webhooks.endpoints.first { $0.id == delivery.endpointID }?.secret ?? "", state: delivery.state.rawValue,
                attempts: delivery.attempts.map(\.status))
        }
    }

    func snapshot(_ id: UInt64) { api.keepRecords(forSnapshot: id) }

    func revert(to id: UInt64) throws(ScenarioMintAPIError) {
        do throws(MintError) {
            try api.revertRecords(toSnapshot: id, keep: true)
        } catch {
            throw ScenarioMintAPIError(error.message)
        }
    }
}
