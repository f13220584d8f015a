import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// ABC-Lab's "Mint Token" API (seeds/001): `POST /api/tokens/mint` with `asset_id`, `amount` and
/// `recipient_wallet_address`.
///
/// Each asset's token is created once: the first mint of an asset mints `amount` to the recipient
/// and answers the asset's `token_id`; any later mint of it is 409 DUPLICATE_MINT ("Token for this
/// asset already exists"). Errors are `{"status": "error", "error_code", "message"}` with the
/// document's message, followed by what exactly is wrong. No authentication unless a key is
/// configured, which is then required as `Authorization: Bearer KEY`.
final class ABCLabDialect: Dialect {
    let name = "abclab"
    let title = "ABC-Lab: mint token"
    let service: MintService

    init(service: MintService) { self.service = service }

    var routes: [RouteSpec] {
        [
            RouteSpec(
                "POST", "/api/tokens/mint", operationID: "abclabMint", summary: "Create and assign a new token to a recipient wallet",
                headers: [("Authorization", false, "Bearer KEY, required only when keys are configured")],
                requestSchema: ABCLabSchemas.mintRequest,
                responses: [
                    (200, "The token was minted", ABCLabSchemas.success),
                    (400, "INVALID_INPUT", ABCLabSchemas.error),
                    (401, "UNAUTHORIZED (only when keys are configured)", ABCLabSchemas.error),
                    (404, "ASSET_NOT_FOUND", ABCLabSchemas.error),
                    (409, "DUPLICATE_MINT", ABCLabSchemas.error),
                    (500, "INTERNAL_ERROR", ABCLabSchemas.error),
                ])
        ]
    }

    func failure(status: Int, message: String) -> APIResponse {
        switch status {
        case 404: return Self.error(404, "NOT_FOUND", message)
        case 405: return Self.error(405, "METHOD_NOT_ALLOWED", message)
        case 413: return Self.error(413, "PAYLOAD_TOO_LARGE", message)
        case 429: return Self.error(429, "RATE_LIMITED", message)
        default: return Self.error(500, "INTERNAL_ERROR", "Unexpected server error: \(message)")
        }
    }

    func fault(status: Int, code: String, message: String) -> APIResponse { Self.error(status, code, message) }

    static func error(_ status: Int, _ code: String, _ message: String) -> APIResponse {
        .json(status, .obj(["status": .string("error"), "error_code": .string(code), "message": .string(message.clippedMessage)]))
    }

    static func invalid(_ detail: String) -> APIResponse { error(400, "INVALID_INPUT", "Invalid input: \(detail)") }

    func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse {
        if service.requiresKey(dialect: name) {
            let header = request.header("authorization") ?? ""
            let key = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : nil
            guard service.authenticate(dialect: name, presented: key) != nil else {
                let detail = header.isEmpty ? "no Authorization header" : key == nil ? "the Authorization header is not \"Bearer KEY\"" : "the key is not valid"
                return Self.error(401, "UNAUTHORIZED", "Authentication required: \(detail)")
            }
        }
        let body: JSONObject
        switch JSON.object(from: request.body) {
        case .success(let object): body = object
        case .failure(let error): return Self.invalid(error.message)
        }
        let required = ["asset_id", "amount", "recipient_wallet_address"]
        let missing = required.filter { body[$0] == nil || body[$0] == .null }
        if !missing.isEmpty {
            return Self.error(400, "INVALID_INPUT", "One or more required fields are missing: \(missing.joined(separator: ", "))")
        }
        guard case .string(let assetID)? = body["asset_id"], !assetID.isEmpty else {
            return Self.invalid("asset_id must be a non-empty string, got \(body["asset_id"].map { $0.text() } ?? "nothing")")
        }
        guard case .number(let amountText)? = body["amount"] else {
            return Self.invalid("amount must be a number, got \(body["amount"]?.typeName ?? "nothing")")
        }
        guard case .string(let recipientText)? = body["recipient_wallet_address"] else {
            return Self.invalid("recipient_wallet_address must be a string, got \(body["recipient_wallet_address"]?.typeName ?? "nothing")")
        }
        let recipient: Address
        do {
            recipient = try Address(recipientText)
        } catch {
            return Self.invalid("recipient_wallet_address: \(error.message)")
        }
        guard recipient != .zero else { return Self.invalid("recipient_wallet_address: cannot mint to the zero address") }
        guard let asset = service.setup.abclabAssets.first(where: { $0.assetID == assetID }) else {
            let known = service.setup.abclabAssets.map(\.assetID)
            let hint = EditDistance.closest(to: assetID, among: known).map { " (did you mean \($0)?)" } ?? ""
            return Self.error(404, "ASSET_NOT_FOUND", "Asset ID does not exist: \(assetID)\(hint)")
        }
        let amount: UInt256
        switch Amounts.scale(number: amountText, decimals: Int(asset.decimals)) {
        case .success(let value) where !value.isZero: amount = value
        case .success, .failure(.notPositive), .failure(.negative): return Self.invalid("amount must be greater than 0, got \(amountText)")
        case .failure(let problem): return Self.invalid("amount \(amountText) \(problem.text)")
        }
        let supply: UInt256
        do {
            supply = try service.readUInt(asset.token, "totalSupply()(uint256)")
        } catch {
            return Self.error(500, "INTERNAL_ERROR", "Unexpected server error: \(error.message)")
        }
        guard supply.isZero else {
            return Self.error(
                409, "DUPLICATE_MINT", "Token for this asset already exists: \(assetID) was minted as \(asset.tokenID) (supply \(supply))")
        }
        do {
            let sent = try service.send(asset.token, "mint(address,uint256)", [.address(recipient), .uint(amount)], from: service.setup.abclabOperator)
            if sent.receipt?.status == false {
                return Self.error(500, "INTERNAL_ERROR", "Unexpected server error: the mint transaction reverted: \(sent.receipt?.revertExplanation ?? "no reason")")
            }
        } catch {
            let why = error.revert.map { $0.explanation ?? ContractDecoder.describe($0, kind: ERC20Token.kind) } ?? error.message
            return Self.error(500, "INTERNAL_ERROR", "Unexpected server error: the mint transaction failed: \(why)")
        }
        return .json(
            200,
            .obj([
                "status": .string("success"), "token_id": .string(asset.tokenID), "asset_id": .string(assetID), "amount": .number(amountText),
                "assigned_to": .string(recipientText),
            ]))
    }
}
