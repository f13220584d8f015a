import ArgumentParser
import Foundation
import Hummingbird
import MintSimAPI
import MintSimChain
import MintSimPrimitives
import MintSimScenario
import MintSimServer
import MintSimStore

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the mint APIs of tokenization platforms over a local chain.",
        discussion: """
            Starts the documented demo setup (security tokens, ABC-Lab assets, Immutable collections, \
            Qustody tokens, accounts and API keys, all derived deterministically), or the setup a \
            --config file describes, prints it, and serves every dialect under its own prefix \
            (/assets, /abclab, /immutable, /qustody), or one dialect at the root with --dialect. \
            GET /_mintsim/setup answers the setup as JSON; GET /openapi.json describes every route. \
            Stop with Ctrl-C.
            """)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8545

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "Keep the chain and the API's records (idempotency keys, requests, operations, deliveries) in this SQLite file: created with the setup (the demo or --config) when missing, continued otherwise.",
            valueName: "file"))
    var statePath: String?

    @Option(help: ArgumentHelp("Serve only this dialect, at the root (\(MintAPI.dialectNames.joined(separator: ", "))).", valueName: "name"))
    var dialect: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "Set up the tokens, collections, accounts, keys, users, policies and webhooks this YAML file describes instead of the demo.",
            valueName: "file"))
    var configPath: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        if let dialect, !MintAPI.dialectNames.contains(dialect) {
            let hint = EditDistance.closest(to: dialect, among: MintAPI.dialectNames).map { " (did you mean \($0)?)" } ?? ""
            throw ValidationError("unknown dialect \"\(dialect)\"\(hint); dialects: \(MintAPI.dialectNames.joined(separator: ", "))")
        }
    }

    /// The setup to serve: the config file's, or the demo.
    func plan() throws -> MintSetupPlan {
        guard let configPath else { return .demo }
        do {
            return try MintSetupConfig.load(file: configPath, dialect: dialect)
        } catch {
            for diagnostic in error.diagnostics { Output.error(diagnostic.description) }
            throw ExitCode(2)
        }
    }

    /// Runs the scenario given as --config and answers the mint API it leaves, to go on serving.
    func runScenario(_ path: String) throws -> MintAPI {
        func fail(_ message: String) -> ExitCode {
            Output.error(message)
            return ExitCode(2)
        }
        if statePath != nil { throw fail("--state cannot be used with a scenario as --config (the scenario's chain is new each time)") }
        if dialect != nil { throw fail("--dialect cannot be used with a scenario as --config; set it in the scenario (mint-api: {setup: …, dialect: NAME})") }
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(file: path, mintAPI: MintAPIScenarios())
        } catch {
            for diagnostic in error.diagnostics { Output.error(diagnostic.description) }
            throw ExitCode(2)
        }
        guard scenario.mintAPI != nil else {
            throw fail("\(path): a scenario given as --config needs a mint-api section (the setup it serves: mint-api: demo)")
        }
        let runner = ScenarioRunner(scenario: scenario)
        runner.traces = .failures
        let result = runner.run()
        let report = ScenarioReport.text(result, verbosity: .quiet)
        if !report.isEmpty { Output.line(report) }
        guard result.passed, let host = runner.mintAPI, let api = MintAPIScenarios.api(of: host) else {
            Output.error("\(path): the scenario failed, so there is nothing to serve")
            throw ExitCode(1)
        }
        Output.line("\(path): \(result.steps.count) steps passed; serving the state they left")
        Output.line("")
        return api
    }

    func run() throws {
        if let configPath, MintSetupConfig.isScenario(file: configPath) {
            try serve(try runScenario(configPath), stateFile: nil)
            return
        }
        let plan = try plan()
        let api: MintAPI
        var stateFile: StateFile?
        var fresh = true
        if let statePath {
            (api, stateFile, fresh) = try openState(statePath, plan: plan)
        } else {
            let chain = Chain(config: MintSetup.chainConfig(plan))
            do {
                let setup = try MintSetup.build(plan, on: chain)
                api = try MintAPI(service: MintService(chain: chain, setup: setup), only: dialect)
            } catch {
                throw ValidationError(error.message)
            }
        }
        // The setup's webhook endpoints, unless a state file brought them back.
        if fresh {
            for webhook in plan.webhooks { api.webhooks.register(dialect: webhook.dialect, url: webhook.url, secret: webhook.secret) }
        }
        // The setup's faults are in force from every start.
        api.apply(plan.faults)
        try serve(api, stateFile: stateFile)
    }

    /// Serves `api` until stopped, keeping it in `stateFile` when given.
    func serve(_ api: MintAPI, stateFile: StateFile?) throws {
        let banner = Banner.text(api)
        let server = MintServer(api: api)
        if let stateFile {
            server.api.persist(
                with: SharedAPI.Persistence(
                    begin: { stateFile.beginBatch() },
                    end: { api in
                        do {
                            let changes = api.takeChanges()
                            try stateFile.endBatch(records: changes.records, replacingAll: changes.replacesAll)
                            return nil
                        } catch {
                            return (error as? StoreError)?.message ?? "\(error)"
                        }
                    }))
            // Work a stop interrupted goes on: first the deliveries it left pending (older than any
            // event the rest raises), then queued and held operations and transactions mined since,
            // whose events queue their own deliveries behind them.
            for (index, endpoint) in server.api.with({ $0.webhooks.pendingDeliveries }) { server.deliverer.start(index, endpoint: endpoint) }
            server.api.with { $0.reconcile() }
        }
        let host = self.host
        let app = server.application(host: host, port: port) { port in
            Output.line(banner)
            Output.line("Listening on http://\(host):\(port)")
            fflush(nil)
        }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                try await app.runService()
            } catch {
                failure.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw ValidationError("the server stopped: \(error)") }
    }
}

extension Serve {
    /// Opens (or creates) the state file: a new file gets the demo (its blocks in one transaction),
    /// then the names the query commands use; an existing one is checked to hold the demo's contracts and
    /// its API records are restored. Exit status 3 when the file cannot be used.
    func openState(_ path: String, plan: MintSetupPlan) throws -> (MintAPI, StateFile, fresh: Bool) {
        func fail(_ message: String) -> ExitCode {
            Output.error(message)
            return ExitCode(3)
        }
        let file: StateFile
        let chain: Chain
        do {
            file = try StateFile(path: path, mode: .readWrite)
            chain = try file.chain(config: MintSetup.chainConfig(plan))
        } catch {
            throw fail(error.message)
        }
        let setup: MintSetup
        let fresh: Bool
        do {
            fresh = chain.blockNumber == 0
            if fresh {
                file.beginBatch()
                setup = try MintSetup.build(plan, on: chain)
                try file.endBatch(records: [])
                try file.setNames(
                    setup.accounts.map { StateFile.Name(name: $0.name, address: $0.address, role: .account) }
                        + setup.contracts.map { StateFile.Name(name: $0.name, address: $0.address, role: .contract) })
            } else {
                // A setup is deterministic: derive it on a scratch chain and check the file's chain has it.
                setup = try MintSetup.build(plan, on: Chain(config: MintSetup.chainConfig(plan)))
                for contract in setup.contracts where chain.contract(at: contract.address)?.kind != contract.kind {
                    throw fail(
                        "\(path) holds a chain that mintsim serve did not set up with \(configPath.map { "--config \($0)" } ?? "the demo"): no \(contract.kind) \(contract.name) at \(contract.address)"
                    )
                }
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as MintError {
            throw fail(error.message)
        } catch let error as StoreError {
            throw fail(error.message)
        }
        do {
            let api = try MintAPI(service: MintService(chain: chain, setup: setup), only: dialect)
            try api.restore(try file.apiRecords())
            return (api, file, fresh)
        } catch let error as MintError {
            throw fail(error.message)
        } catch let error as StoreError {
            throw fail(error.message)
        }
    }
}

/// An error handed from the server task to the command.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ error: any Error) { lock.withLock { self.error = error } }
    func get() -> (any Error)? { lock.withLock { error } }
}

/// What `mintsim serve` prints at start, like Anvil's banner.
enum Banner {
    static func text(_ api: MintAPI) -> String {
        let setup = api.service.setup
        let chain = api.service.chain
        var lines: [String] = []
        lines.append("MintSim mint API: chain id \(chain.config.chainId), block \(chain.blockNumber), time \(chain.now)")
        lines.append("")
        lines.append("Accounts")
        lines.append("========")
        let width = setup.accounts.map(\.name.count).max() ?? 0
        for (index, account) in setup.accounts.enumerated() {
            let label = "(\(index))".padding(toLength: String(setup.accounts.count - 1).count + 2, withPad: " ", startingAt: 0)
            lines.append("\(label) \(account.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(account.address)  \(account.key.hex)")
        }
        lines.append("")
        lines.append("Contracts")
        lines.append("=========")
        let nameWidth = setup.contracts.map(\.name.count).max() ?? 0
        let kindWidth = setup.contracts.map(\.kind.count).max() ?? 0
        for contract in setup.contracts {
            lines.append(
                "\(contract.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(contract.kind.padding(toLength: kindWidth, withPad: " ", startingAt: 0))  \(contract.address)"
            )
        }
        for (prefix, dialect) in api.mounts {
            lines.append("")
            let root = prefix.isEmpty ? "/" : prefix
            switch dialect.name {
            case "assets":
                lines.append("assets at \(root) (X-Api-Key)")
                for user in setup.assetsUsers {
                    let key = setup.apiKeys.first { $0.dialect == "assets" && $0.subject == user.name }?.key ?? "-"
                    lines.append("  \(user.name): key \(key), wallet \(user.wallet.address), PINCODE \(user.pincode ?? "-")")
                }
                for asset in setup.securityAssets {
                    lines.append("  asset \(setup.name(of: asset.suite.token) ?? "?"): POST \(prefix)/api/token/\(asset.suite.token)/mint")
                }
            case "abclab":
                let keys = setup.apiKeys.filter { $0.dialect == "abclab" }
                lines.append("abclab at \(root) (\(keys.isEmpty ? "no authentication" : "Authorization: Bearer \(keys.map(\.key).joined(separator: " or "))"))")
                for asset in setup.abclabAssets {
                    lines.append("  asset_id \(asset.assetID) → \(asset.tokenID), token \(asset.token)")
                }
            case "immutable":
                lines.append("immutable at \(root) (x-immutable-api-key; chain names \(ImmutableDialect.chainNames.joined(separator: ", ")))")
                for scope in setup.immutableKeys {
                    let key = setup.apiKeys.first { $0.dialect == "immutable" && $0.subject == scope.subject }?.key ?? "-"
                    let linked = scope.collections.compactMap { setup.name(of: $0) }
                    lines.append("  \(scope.subject): key \(key), collections \(linked.isEmpty ? "none" : linked.joined(separator: ", "))")
                }
                for collection in setup.immutableCollections {
                    lines.append(
                        "  collection \(collection.name) (\(collection.standard)): POST \(prefix)/v1/chains/imtbl-zkevm-testnet/collections/\(collection.address)/nfts/mint-requests"
                    )
                }
            case "qustody":
                lines.append("qustody at \(root) (X-API-Key; Idempotency-Key on mint and burn)")
                for scope in setup.qustodyKeys {
                    let key = setup.apiKeys.first { $0.dialect == "qustody" && $0.subject == scope.subject }?.key ?? "-"
                    lines.append("  \(scope.subject): key \(key), \(scope.permissions.joined(separator: " "))")
                }
                for token in setup.qustodyTokens {
                    lines.append("  token \(token.id) \(token.symbol): \(token.contract.map { "\($0)" } ?? "not deployed"), vault \(token.vault)")
                }
            default:
                lines.append("\(dialect.name) at \(root)")
            }
        }
        var faults: [String] = api.failures.map {
            "the next \($0.remaining) POST\($0.remaining == 1 ? "" : "s") of \($0.dialect ?? "any dialect") fail with \($0.status) \($0.code)"
        }
        if api.holdConfirmations { faults.append("confirmations held until POST /_mintsim/mine") }
        if api.webhooks.dropNext > 0 { faults.append("the next \(api.webhooks.dropNext) webhooks are dropped") }
        if api.webhooks.delayMs > 0 { faults.append("webhooks wait \(api.webhooks.delayMs) ms") }
        if !faults.isEmpty {
            lines.append("")
            lines.append("Faults: " + faults.joined(separator: "; "))
        }
        if !api.webhooks.endpoints.isEmpty {
            lines.append("")
            lines.append("Webhooks")
            lines.append("========")
            for endpoint in api.webhooks.endpoints { lines.append("\(endpoint.id) \(endpoint.dialect) → \(endpoint.url)") }
        }
        lines.append("")
        lines.append("Setup as JSON: GET /_mintsim/setup    OpenAPI: GET /openapi.json")
        return lines.joined(separator: "\n")
    }
}
