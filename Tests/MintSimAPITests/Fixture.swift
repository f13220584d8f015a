import MintSimChain
import MintSimContracts
import MintSimPrimitives
import Testing

@testable import MintSimAPI

/// The demo setup on a fresh chain, with every dialect mounted, driven in process.
final class Fixture {
    let chain: Chain
    let setup: MintSetup
    let api: MintAPI

    init(only: String? = nil, configure: (inout MintSetup) -> Void = { _ in }) throws {
        chain = Chain(config: MintSetup.demoChainConfig)
        var setup = try MintSetup.demo(on: chain)
        configure(&setup)
        self.setup = setup
        api = try MintAPI(service: MintService(chain: chain, setup: setup), only: only)
    }

    func account(_ name: String) -> NamedAccount {
        setup.account(named: name) ?? NamedAccount(name: "?", key: setup.accounts[0].key)
    }

    func key(_ dialect: String, _ subject: String) -> String {
        setup.apiKeys.first { $0.dialect == dialect && $0.subject == subject }?.key ?? ""
    }

    func contract(_ name: String) -> Address { setup.contracts.first { $0.name == name }?.address ?? .zero }

    func request(_ method: String, _ target: String, body: String = "", headers: [(String, String)] = []) -> APIResponse {
        let parts = target.split(separator: "?", maxSplits: 1)
        var query: [(name: String, value: String)] = []
        if parts.count > 1 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1)
                query.append((name: String(pair[0]), value: pair.count > 1 ? String(pair[1]) : ""))
            }
        }
        return api.handle(
            APIRequest(
                method: method, path: String(parts.first ?? ""), query: query, headers: headers.map { (name: $0.0, value: $0.1) },
                body: Array(body.utf8)))
    }

    func post(_ path: String, _ body: String, headers: [(String, String)] = []) -> APIResponse {
        request("POST", path, body: body, headers: [("Content-Type", "application/json")] + headers)
    }

    func balance(_ token: Address, _ holder: Address) throws -> UInt256 {
        guard case .uint(let value)? = try chain.call(token, "balanceOf(address)(uint256)", [.address(holder)]).first else { return .zero }
        return value
    }

    func supply(_ token: Address) throws -> UInt256 {
        guard case .uint(let value)? = try chain.call(token, "totalSupply()(uint256)").first else { return .zero }
        return value
    }

    /// The sender of the latest block's only transaction, and whether it was signed.
    func latestSender() -> (from: Address, signed: Bool)? {
        guard let hash = chain.latestBlock.transactionHashes.last, let record = chain.transaction(hash: hash) else { return nil }
        return (record.from, record.signature != nil)
    }
}

extension APIResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
    var message: String? { json?["message"]?.stringValue ?? json?["error"]?["message"]?.stringValue }
    var code: String? { json?["code"]?.stringValue ?? json?["error_code"]?.stringValue ?? json?["error"]?["code"]?.stringValue }
}
