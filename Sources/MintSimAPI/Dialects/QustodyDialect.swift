import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// Qustody's token mint and burn API (seeds/003): `POST /v1/tokens/{tokenId}/mint` and `/burn` with
/// a required `Idempotency-Key`, approval policies, operations with statuses, approve and reject.
///
/// Authentication is `X-API-Key`; each key has a user and permissions (`tokens:mint`,
/// `tokens:burn`, `tokens:read`, `operations:approve`). An accepted request answers 202 with the
/// operation; it waits in PENDING_APPROVAL until its policy's quorum approves, then is SUBMITTED
/// as a transaction signed by the token's vault account and CONFIRMED once mined (REJECTED, FAILED
/// otherwise). The same Idempotency-Key (per user) with the same body answers the same operation;
/// with another body, 409 IDEMPOTENCY_CONFLICT. Refused requests are not tied to their key, so a
/// retry after fixing the cause (granting the role, say) runs. Errors are
/// `{"error": {"code", "message"}}`, plus `numericCode` where the document gives one.
final class QustodyDialect: Dialect, ConfirmationHolding {
    let name = "qustody"
    let title = "Qustody: token mint and burn"
    let service: MintService

    enum Status: String {
        case pendingApproval = "PENDING_APPROVAL"
        case submitted = "SUBMITTED"
        case confirmed = "CONFIRMED"
        case rejected = "REJECTED"
        case failed = "FAILED"
    }

    struct Operation {
        let id: String
        let type: String  // MINT or BURN
        let token: String
        let amount: UInt256
        /// The request's recipient or from object, as sent.
        let party: JSON
        let target: Address
        let feeStrategy: String
        let idempotencyKey: String
        let requestedBy: String
        var status: Status
        var approvals: [(approver: String, at: UInt64)]
        var rejection: (approver: String, reason: String?, at: UInt64)?
        var transactionHash: Hash?
        var error: (code: String, message: String)?
        let createdAt: UInt64
        var updatedAt: UInt64
    }

    var operations: [Operation] = []
    /// (user, Idempotency-Key) → (canonical request, operation index).
    var idempotency: [String: (request: String, operation: Int)] = [:]
    var inFlight: [Hash: Int] = [:]
    var eventCount = 0 {
        didSet { eventCountChanged = true }
    }
    /// What changed since the records were last taken.
    var changedOperations = Set<Int>()
    var changedSlots = Set<String>()
    var eventCountChanged = false
    /// While set, approved operations wait for `/_mintsim/mine` before they are sent (a fault).
    var holdConfirmations = false
    var held: [Int] = []

    static let feeStrategies = ["LOW", "MEDIUM", "HIGH"]

    init(service: MintService) { self.service = service }

    var routes: [RouteSpec] {
        let key = "X-API-Key"
        let idempotency: [(name: String, required: Bool, description: String)] = [
            ("Idempotency-Key", true, "Required; the same key and body answer the same operation")
        ]
        typealias Answers = [(status: Int, description: String, schema: JSON?)]
        func answers(_ list: [(Int, String)]) -> Answers { list.map { ($0.0, $0.1, QustodySchemas.error) } }
        let unauthorized = (401, "UNAUTHORIZED")
        let supply = answers([
            (400, "VALIDATION_ERROR, IDEMPOTENCY_KEY_REQUIRED, TOKEN_INVALID_AMOUNT, TOKEN_SUPPLY_EXCEEDED"), unauthorized,
            (403, "PERMISSION_DENIED, TOKEN_MINT_NOT_ALLOWED (1706), POLICY_DENIED"), (404, "TOKEN_NOT_FOUND, VAULT_ACCOUNT_NOT_FOUND"),
            (409, "IDEMPOTENCY_CONFLICT, TOKEN_NOT_DEPLOYED"),
        ])
        let burn = answers([
            (400, "VALIDATION_ERROR, IDEMPOTENCY_KEY_REQUIRED, TOKEN_INVALID_AMOUNT, TOKEN_OPERATION_NOT_ALLOWED"), unauthorized,
            (403, "PERMISSION_DENIED, TOKEN_BURN_NOT_ALLOWED (1707), POLICY_DENIED"), (404, "TOKEN_NOT_FOUND, VAULT_ACCOUNT_NOT_FOUND"),
            (409, "IDEMPOTENCY_CONFLICT, TOKEN_NOT_DEPLOYED"),
        ])
        let tokenRead = answers([unauthorized, (403, "PERMISSION_DENIED"), (404, "TOKEN_NOT_FOUND")])
        let operationRead = answers([unauthorized, (403, "PERMISSION_DENIED"), (404, "OPERATION_NOT_FOUND")])
        let decision = answers([
            (400, "VALIDATION_ERROR"), unauthorized, (403, "PERMISSION_DENIED"), (404, "OPERATION_NOT_FOUND"),
            (409, "OPERATION_NOT_PENDING, ALREADY_APPROVED"),
        ])
        return [
            RouteSpec(
                "POST", "/v1/tokens/{tokenId}/mint", operationID: "qustodyMint", summary: "Mint new supply to a recipient", apiKeyHeader: key,
                headers: idempotency, requestSchema: QustodySchemas.mintRequest,
                responses: [(202, "The operation (a replay answers it again, with Idempotent-Replayed: true)", QustodySchemas.operation)] + supply),
            RouteSpec(
                "POST", "/v1/tokens/{tokenId}/burn", operationID: "qustodyBurn", summary: "Burn supply from a vault account or address",
                apiKeyHeader: key, headers: idempotency, requestSchema: QustodySchemas.burnRequest,
                responses: [(202, "The operation", QustodySchemas.operation)] + burn),
            RouteSpec(
                "GET", "/v1/tokens/{tokenId}", operationID: "qustodyGetToken", summary: "A token with its status, supply and policy",
                apiKeyHeader: key, responses: [(200, "The token", QustodySchemas.token)] + tokenRead),
            RouteSpec(
                "GET", "/v1/tokens/{tokenId}/operations", operationID: "qustodyListOperations", summary: "The token's mint and burn operations",
                apiKeyHeader: key, responses: [(200, "The operations, oldest first", QustodySchemas.operationList)] + tokenRead),
            RouteSpec(
                "GET", "/v1/operations/{operationId}", operationID: "qustodyGetOperation", summary: "An operation's status",
                apiKeyHeader: key, responses: [(200, "The operation", QustodySchemas.operation)] + operationRead),
            RouteSpec(
                "POST", "/v1/operations/{operationId}/approve", operationID: "qustodyApprove",
                summary: "Approve an operation as one of its policy's approvers", apiKeyHeader: key,
                requestSchema: Schema.object(["comment": Schema.string]),
                responses: [(200, "The operation", QustodySchemas.operation)] + decision),
            RouteSpec(
                "POST", "/v1/operations/{operationId}/reject", operationID: "qustodyReject",
                summary: "Reject an operation as one of its policy's approvers", apiKeyHeader: key,
                requestSchema: Schema.object(["reason": Schema.string]),
                responses: [(200, "The operation", QustodySchemas.operation)] + decision),
        ]
    }

    // MARK: Errors

    struct Failure: Error {
        let status: Int
        let code: String
        let message: String
        var numericCode: Int? = nil
    }

    func failure(status: Int, message: String) -> APIResponse {
        let code: String
        switch status {
        case 404: code = "NOT_FOUND"
        case 405: code = "METHOD_NOT_ALLOWED"
        case 413: code = "PAYLOAD_TOO_LARGE"
        case 429: code = "RATE_LIMITED"
        default: code = "INTERNAL_ERROR"
        }
        return Self.respond(Failure(status: status, code: code, message: message))
    }

    func fault(status: Int, code: String, message: String) -> APIResponse {
        Self.respond(Failure(status: status, code: code, message: message))
    }

    static func respond(_ failure: Failure) -> APIResponse {
        var members: [(String, JSON)] = [("code", .string(failure.code))]
        if let numeric = failure.numericCode { members.append(("numericCode", .int(numeric))) }
        members.append(("message", .string(failure.message.clippedMessage)))
        return .json(failure.status, .obj(["error": .object(JSONObject(members))]))
    }

    static func invalid(_ message: String) -> Failure { Failure(status: 400, code: "VALIDATION_ERROR", message: message) }

    // MARK: Handling

    func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse {
        do throws(Failure) {
            let user = try authenticate(request)
            switch route.operationID {
            case "qustodyMint", "qustodyBurn":
                return try supplyChange(
                    route.operationID == "qustodyMint" ? "MINT" : "BURN", tokenID: parameters["tokenId"] ?? "", user: user, request: request)
            case "qustodyGetToken":
                try require("tokens:read", user)
                return .json(200, try tokenJSON(try token(parameters["tokenId"] ?? "")))
            case "qustodyListOperations":
                try require("tokens:read", user)
                let token = try token(parameters["tokenId"] ?? "")
                return .json(200, .obj(["data": .array(operations.filter { $0.token == token.id }.map(operationJSON))]))
            case "qustodyGetOperation":
                try require("tokens:read", user)
                return .json(200, operationJSON(operations[try operation(parameters["operationId"] ?? "")]))
            case "qustodyApprove":
                return try decide(parameters["operationId"] ?? "", user: user, approve: true, body: request.body)
            default:
                return try decide(parameters["operationId"] ?? "", user: user, approve: false, body: request.body)
            }
        } catch {
            return Self.respond(error)
        }
    }

    private func authenticate(_ request: APIRequest) throws(Failure) -> QustodyKeyScope {
        let presented = request.header("x-api-key")
        guard let subject = service.authenticate(dialect: name, presented: presented),
            let scope = service.setup.qustodyKeys.first(where: { $0.subject == subject })
        else {
            throw Failure(
                status: 401, code: "UNAUTHORIZED",
                message: presented == nil ? "Missing API key: send it in the X-API-Key header" : "Invalid API key")
        }
        return scope
    }

    private func require(_ permission: String, _ user: QustodyKeyScope) throws(Failure) {
        guard user.permissions.contains(permission) else {
            throw Failure(status: 403, code: "PERMISSION_DENIED", message: "API key of \(user.subject) lacks the \(permission) permission")
        }
    }

    private func token(_ id: String) throws(Failure) -> QustodyToken {
        guard let token = service.setup.qustodyTokens.first(where: { $0.id == id }) else {
            let hint = EditDistance.closest(to: id, among: service.setup.qustodyTokens.map(\.id)).map { " (did you mean \($0)?)" } ?? ""
            throw Failure(status: 404, code: "TOKEN_NOT_FOUND", message: "Token \(id) does not exist\(hint)")
        }
        return token
    }

    private func operation(_ id: String) throws(Failure) -> Int {
        guard let index = operations.firstIndex(where: { $0.id == id }) else {
            throw Failure(status: 404, code: "OPERATION_NOT_FOUND", message: "Operation \(id) does not exist")
        }
        return index
    }

    private func vault(_ token: QustodyToken) -> QustodyVault? { service.setup.qustodyVaults.first { $0.id == token.vault } }

    // MARK: Mint and burn

    private func supplyChange(_ type: String, tokenID: String, user: QustodyKeyScope, request: APIRequest) throws(Failure) -> APIResponse {
        let mint = type == "MINT"
        try require(mint ? "tokens:mint" : "tokens:burn", user)
        guard let key = request.header("idempotency-key"), !key.isEmpty else {
            throw Failure(
                status: 400, code: "IDEMPOTENCY_KEY_REQUIRED", message: "Idempotency-Key is required on every mint and burn request")
        }
        // Two keys leave the logical request unclear: which one a retry must repeat.
        let sent = request.headerCount("idempotency-key")
        guard sent == 1 else { throw Self.invalid("Idempotency-Key was sent \(sent) times; send it once") }
        guard key.utf8.count <= 255 else { throw Self.invalid("Idempotency-Key is longer than 255 bytes (\(key.utf8.count) in UTF-8)") }
        let body = try Self.bodyObject(request.body)
        // Same key and body: the operation again; another body: conflict.
        let canonical = "\(type) \(tokenID) \(JSON.object(body).canonical.text())"
        let slot = user.subject + "\n" + key
        if let previous = idempotency[slot] {
            guard previous.request == canonical else {
                throw Failure(
                    status: 409, code: "IDEMPOTENCY_CONFLICT",
                    message: "Idempotency-Key \(key) was used with a different request (operation \(operations[previous.operation].id)); never vary the key for the same logical request")
            }
            return .json(202, operationJSON(operations[previous.operation]), headers: [("idempotent-replayed", "true")])
        }
        let token = try token(tokenID)
        guard let contract = token.contract else {
            throw Failure(status: 409, code: "TOKEN_NOT_DEPLOYED", message: "Token \(token.id) has no contractAddress yet; retry after its deployment completes")
        }
        guard mint ? token.supportsMint : token.supportsBurn else {
            throw Failure(
                status: 400, code: "TOKEN_OPERATION_NOT_ALLOWED",
                message: "Token \(token.id) (template \(token.template)) does not support \(mint ? "mint" : "burn")")
        }
        guard let vault = vault(token) else { throw Failure(status: 500, code: "INTERNAL_ERROR", message: "token \(token.id) has no vault") }
        // Body: amount, recipient or from, feeStrategy.
        let amount = try Self.amount(body["amount"])
        let partyField = mint ? "recipient" : "from"
        guard let party = body[partyField] else { throw Self.invalid("\(partyField) is required") }
        let target = try resolve(party, field: partyField)
        var feeStrategy = "MEDIUM"
        if let fee = body["feeStrategy"], fee != .null {
            guard let text = fee.stringValue, Self.feeStrategies.contains(text) else {
                throw Self.invalid("feeStrategy must be LOW, MEDIUM or HIGH, got \(fee.text())")
            }
            feeStrategy = text
        }
        // On-chain role of the vault, supply and balance.
        try checkChain(type, token: token, contract: contract, vault: vault, amount: amount, target: target)
        // The approval policy.
        try checkPolicy(token, amount: amount)
        let now = service.chain.now
        let operation = Operation(
            id: "op_" + String(operations.count + 1).leftPadded(to: 6), type: type, token: token.id, amount: amount, party: party,
            target: target, feeStrategy: feeStrategy, idempotencyKey: key, requestedBy: user.subject,
            status: token.policy.quorum == nil ? .submitted : .pendingApproval, approvals: [], rejection: nil, transactionHash: nil, error: nil,
            createdAt: now, updatedAt: now)
        operations.append(operation)
        let index = operations.count - 1
        changedOperations.insert(index)
        idempotency[slot] = (canonical, index)
        changedSlots.insert(slot)
        emit(mint ? "token.mint_requested" : "token.burn_requested", index)
        if token.policy.quorum == nil { execute(index) }
        return .json(202, operationJSON(operations[index]))
    }

    static func bodyObject(_ bytes: [UInt8]) throws(Failure) -> JSONObject {
        switch JSON.object(from: bytes) {
        case .success(let object): return object
        case .failure(let error): throw invalid(error.message)
        }
    }

    /// `"amount"`: base units as a string of digits; zero and negative are TOKEN_INVALID_AMOUNT.
    static func amount(_ value: JSON?) throws(Failure) -> UInt256 {
        guard let value else { throw invalid("amount is required") }
        guard case .string(let text) = value else {
            throw invalid("amount must be a string of base units (\"1000000000000000000000\"), got \(value.typeName)")
        }
        let magnitude = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        if text.hasPrefix("-"), !magnitude.isEmpty, magnitude.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let message = magnitude.allSatisfy({ $0 == 48 })
                ? "Amount is zero; amounts must be greater than 0" : "Amount \(text) is negative; amounts must be greater than 0"
            throw Failure(status: 400, code: "TOKEN_INVALID_AMOUNT", message: message)
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw invalid("amount must be a string of decimal digits (base units), got \(value.text())")
        }
        guard let amount = try? UInt256(text) else { throw Failure(status: 400, code: "TOKEN_INVALID_AMOUNT", message: "Amount \(text) exceeds 2^256-1") }
        guard !amount.isZero else { throw Failure(status: 400, code: "TOKEN_INVALID_AMOUNT", message: "Amount is zero; amounts must be greater than 0") }
        return amount
    }

    /// `{"type": "address", "address": …}` or `{"type": "vaultAccountId", "vaultAccountId": …}`.
    private func resolve(_ value: JSON, field: String) throws(Failure) -> Address {
        guard case .object(let object) = value else { throw Self.invalid("\(field) must be an object, got \(value.typeName)") }
        /// A member's string value; absent and wrong types are told apart.
        func string(_ name: String, required why: String) throws(Failure) -> String {
            guard let member = object[name], member != .null else { throw Self.invalid("\(field).\(name) is required\(why)") }
            guard case .string(let text) = member else { throw Self.invalid("\(field).\(name) must be a string, got \(member.typeName)") }
            return text
        }
        let type = try string("type", required: ": \"address\" or \"vaultAccountId\"")
        let allowed = type == "address" ? ["type", "address"] : type == "vaultAccountId" ? ["type", "vaultAccountId"] : ["type"]
        if type == "address" || type == "vaultAccountId", let extra = object.keys.first(where: { !allowed.contains($0) }) {
            throw Self.invalid("\(field).\(extra) is not a member of \(field) of type \(type) (members: \(allowed.joined(separator: ", ")))")
        }
        switch type {
        case "address":
            let text = try string("address", required: " for type address")
            do {
                let address = try Address(text)
                guard address != .zero else { throw Self.invalid("\(field).address cannot be the zero address") }
                return address
            } catch let error as Failure {
                throw error
            } catch let error as AddressError {
                throw Self.invalid("\(field).address: \(error.message)")
            } catch {
                throw Self.invalid("\(field).address: \(error)")
            }
        case "vaultAccountId":
            let id = try string("vaultAccountId", required: " for type vaultAccountId")
            guard let vault = service.setup.qustodyVaults.first(where: { $0.id == id }) else {
                throw Failure(status: 404, code: "VAULT_ACCOUNT_NOT_FOUND", message: "Vault account \(id) does not exist")
            }
            return vault.account.address
        default:
            throw Self.invalid("\(field).type must be \"address\" or \"vaultAccountId\", got \(JSON.string(type).text())")
        }
    }

    /// TOKEN_MINT_NOT_ALLOWED / TOKEN_BURN_NOT_ALLOWED when the vault lacks the role,
    /// TOKEN_SUPPLY_EXCEEDED past the cap, TOKEN_INVALID_AMOUNT above the source's balance.
    private func checkChain(
        _ type: String, token: QustodyToken, contract: Address, vault: QustodyVault, amount: UInt256, target: Address
    ) throws(Failure) {
        let mint = type == "MINT"
        let role = mint ? Role.minter : Role.burner
        let holds: Bool
        do {
            holds = try service.hasRole(contract, role, vault.account.address)
        } catch {
            throw Failure(status: 500, code: "INTERNAL_ERROR", message: "reading the chain failed: \(error.message)")
        }
        guard holds else { throw Self.roleMissing(mint, token: token, vault: vault) }
        do {
            if mint {
                let supply = try service.readUInt(contract, "totalSupply()(uint256)")
                let cap = try service.readUInt(contract, "cap()(uint256)")
                let total = supply.addingReportingOverflow(amount)
                let capped = !cap.isZero && cap != .max
                if total.overflow || (capped && total.partialValue > cap) {
                    let limit = capped ? "maxSupply \(cap)" : "2^256-1 (the token has no maxSupply)"
                    throw Failure(
                        status: 400, code: "TOKEN_SUPPLY_EXCEEDED",
                        message: "Mint of \(amount) would take the supply \(supply) past \(limit); retry with a smaller amount")
                }
            } else {
                let balance = try service.readUInt(contract, "balanceOf(address)(uint256)", [.address(target)])
                if amount > balance {
                    throw Failure(
                        status: 400, code: "TOKEN_INVALID_AMOUNT", message: "Amount \(amount) is above the source balance \(balance) of \(target)")
                }
            }
        } catch let error as Failure {
            throw error
        } catch let error as ChainError {
            throw Failure(status: 500, code: "INTERNAL_ERROR", message: "reading the chain failed: \(error.message)")
        } catch {
            throw Failure(status: 500, code: "INTERNAL_ERROR", message: "\(error)")
        }
    }

    static func roleMissing(_ mint: Bool, token: QustodyToken, vault: QustodyVault) -> Failure {
        Failure(
            status: 403, code: mint ? "TOKEN_MINT_NOT_ALLOWED" : "TOKEN_BURN_NOT_ALLOWED",
            message: "Caller lacks \(mint ? "MINTER" : "BURNER"): vault account \(vault.id) (\(vault.account.address)) has no on-chain \(mint ? "MINTER" : "BURNER") role on token \(token.id); retry after granting it",
            numericCode: mint ? 1706 : 1707)
    }

    /// MAX_AMOUNT, DAILY_LIMIT (accepted operations of the token this UTC day) and TIME_WINDOW.
    private func checkPolicy(_ token: QustodyToken, amount: UInt256) throws(Failure) {
        let policy = token.policy
        let now = service.chain.now
        if let max = policy.maxAmount, amount > max {
            throw Failure(status: 403, code: "POLICY_DENIED", message: "Approval policy rejected the operation: amount \(amount) is above MAX_AMOUNT \(max)")
        }
        if let limit = policy.dailyLimit {
            let day = now / 86_400
            var used = UInt256.zero
            for operation in operations
            where operation.token == token.id && operation.createdAt / 86_400 == day && operation.status != .rejected
                && operation.status != .failed
            {
                used = used.addingReportingOverflow(operation.amount).partialValue
            }
            let total = used.addingReportingOverflow(amount)
            if total.overflow || total.partialValue > limit {
                throw Failure(
                    status: 403, code: "POLICY_DENIED",
                    message: "Approval policy rejected the operation: DAILY_LIMIT \(limit) for token \(token.id); \(used) already used today (UTC)")
            }
        }
        if let window = policy.timeWindow {
            let minute = Int(now % 86_400 / 60)
            if minute < window.start || minute >= window.end {
                throw Failure(
                    status: 403, code: "POLICY_DENIED",
                    message: "Approval policy rejected the operation: TIME_WINDOW allows \(Self.clock(window.start))–\(Self.clock(window.end)) UTC, it is \(Self.clock(minute)) UTC")
            }
        }
    }

    static func clock(_ minute: Int) -> String { String(minute / 60).leftPadded(to: 2) + ":" + String(minute % 60).leftPadded(to: 2) }

    // MARK: Approvals

    private func decide(_ operationID: String, user: QustodyKeyScope, approve: Bool, body: [UInt8]) throws(Failure) -> APIResponse {
        try require("operations:approve", user)
        let index = try operation(operationID)
        var reason: String?
        if !body.isEmpty {
            let object = try Self.bodyObject(body)
            let field = approve ? "comment" : "reason"
            if let value = object[field], value != .null {
                guard let text = value.stringValue else { throw Self.invalid("\(field) must be a string, got \(value.typeName)") }
                reason = text
            }
        }
        let operation = operations[index]
        let token = try token(operation.token)
        // A token whose policy needs no approval has nothing to approve: its operations never wait.
        guard token.policy.approvers.isEmpty || token.policy.approvers.contains(user.subject) else {
            throw Failure(
                status: 403, code: "PERMISSION_DENIED",
                message: "\(user.subject) is not an approver of token \(token.id)'s policy (approvers: \(token.policy.approvers.joined(separator: ", ")))")
        }
        guard operation.status == .pendingApproval else {
            throw Failure(
                status: 409, code: "OPERATION_NOT_PENDING",
                message: "Operation \(operation.id) is \(operation.status.rawValue), not PENDING_APPROVAL"
                    + (token.policy.approvers.isEmpty ? " (token \(token.id)'s policy requires no approval)" : ""))
        }
        guard !operation.approvals.contains(where: { $0.approver == user.subject }) else {
            throw Failure(
                status: 409, code: "ALREADY_APPROVED",
                message: approve
                    ? "\(user.subject) already approved operation \(operation.id)"
                    : "\(user.subject) already approved operation \(operation.id) and cannot reject it")
        }
        let now = service.chain.now
        changedOperations.insert(index)
        if approve {
            operations[index].approvals.append((user.subject, now))
            operations[index].updatedAt = now
            if operations[index].approvals.count >= token.policy.quorum ?? 0 {
                operations[index].status = .submitted
                execute(index)
            }
        } else {
            operations[index].status = .rejected
            operations[index].rejection = (user.subject, reason, now)
            operations[index].updatedAt = now
            emit("token.operation_rejected", index)
        }
        return .json(200, operationJSON(operations[index]))
    }

    // MARK: Execution

    /// Sends an approved operation from the vault (unless confirmations are held).
    private func execute(_ index: Int) {
        changedOperations.insert(index)
        if holdConfirmations {
            held.append(index)
            return
        }
        let operation = operations[index]
        guard let token = service.setup.qustodyTokens.first(where: { $0.id == operation.token }), let contract = token.contract,
            let vault = vault(token)
        else { return fail(index, "INTERNAL_ERROR", "the token or its vault is gone") }
        let mint = operation.type == "MINT"
        // The role may have been revoked while the operation waited for approval.
        if (try? service.hasRole(contract, mint ? Role.minter : Role.burner, vault.account.address)) != true {
            let failure = Self.roleMissing(mint, token: token, vault: vault)
            return fail(index, failure.code, failure.message)
        }
        let signature = mint ? "mint(address,uint256)" : "burn(address,uint256)"
        do {
            let sent = try service.send(contract, signature, [.address(operation.target), .uint(operation.amount)], from: vault.account)
            operations[index].transactionHash = sent.hash
            operations[index].updatedAt = service.chain.now
            if let receipt = sent.receipt {
                settle(index, receipt: receipt)
            } else {
                inFlight[sent.hash] = index
            }
        } catch {
            let decoded = error.revert.flatMap { ContractDecoder.decodeRevert($0.data, kind: ERC20Token.kind) }
            switch decoded?.name {
            case "ERC20ExceededCap": fail(index, "TOKEN_SUPPLY_EXCEEDED", "Mint would exceed maxSupply: \(decoded?.description ?? "")")
            case "ERC20InsufficientBalance": fail(index, "TOKEN_INVALID_AMOUNT", "Amount above the source balance: \(decoded?.description ?? "")")
            default:
                fail(index, "CHAIN_ERROR", error.revert.map { $0.explanation ?? ContractDecoder.describe($0, kind: ERC20Token.kind) } ?? error.message)
            }
        }
    }

    private func settle(_ index: Int, receipt: Receipt) {
        changedOperations.insert(index)
        operations[index].updatedAt = service.chain.block(number: receipt.blockNumber)?.timestamp ?? service.chain.now
        guard receipt.status else {
            return fail(index, "CHAIN_ERROR", receipt.revertExplanation ?? "the transaction reverted")
        }
        operations[index].status = .confirmed
        emit(operations[index].type == "MINT" ? "token.minted" : "token.burned", index)
    }

    private func fail(_ index: Int, _ code: String, _ message: String) {
        changedOperations.insert(index)
        operations[index].status = .failed
        operations[index].error = (code, message)
        operations[index].updatedAt = service.chain.now
        emit("token.operation_failed", index)
    }

    func reconcile() {
        for (hash, index) in inFlight.sorted(by: { $0.value < $1.value }) {
            guard let receipt = service.chain.receipt(hash: hash) else { continue }
            inFlight[hash] = nil
            settle(index, receipt: receipt)
        }
        let waiting = held
        held = []
        let hold = holdConfirmations
        holdConfirmations = false
        for index in waiting { execute(index) }
        holdConfirmations = hold
    }

    // MARK: JSON

    func operationJSON(_ operation: Operation) -> JSON {
        let token = service.setup.qustodyTokens.first { $0.id == operation.token }
        let quorum = token?.policy.quorum ?? 0
        return .obj([
            "id": .string(operation.id), "type": .string(operation.type), "tokenId": .string(operation.token),
            "status": .string(operation.status.rawValue), "amount": .string(operation.amount.description),
            (operation.type == "MINT" ? "recipient" : "from"): operation.party,
            "feeStrategy": .string(operation.feeStrategy), "idempotencyKey": .string(operation.idempotencyKey),
            "requestedBy": .string(operation.requestedBy),
            "approvals": .obj([
                "required": .int(quorum),
                "approvedBy": .array(operation.approvals.map { .obj(["approver": .string($0.approver), "at": .string(ISOTime.string($0.at))]) }),
                "rejectedBy": operation.rejection.map {
                    .obj(["approver": .string($0.approver), "reason": $0.reason.map { .string($0) } ?? .null, "at": .string(ISOTime.string($0.at))])
                } ?? .null,
            ]),
            "transactionHash": operation.transactionHash.map { .string($0.description) } ?? .null,
            "error": operation.error.map { error in
                var members: [(String, JSON)] = [("code", .string(error.code))]
                if let numeric = Self.numericCodes[error.code] { members.append(("numericCode", .int(numeric))) }
                members.append(("message", .string(error.message)))
                return .object(JSONObject(members))
            } ?? .null,
            "createdAt": .string(ISOTime.string(operation.createdAt)), "updatedAt": .string(ISOTime.string(operation.updatedAt)),
        ])
    }

    /// The numeric codes the document gives.
    static let numericCodes = ["TOKEN_MINT_NOT_ALLOWED": 1706, "TOKEN_BURN_NOT_ALLOWED": 1707]

    private func tokenJSON(_ token: QustodyToken) throws(Failure) -> JSON {
        var supply: JSON = .null
        var maxSupply: JSON = .null
        if let contract = token.contract {
            do {
                supply = .string(try service.readUInt(contract, "totalSupply()(uint256)").description)
                let cap = try service.readUInt(contract, "cap()(uint256)")
                if !cap.isZero, cap != .max { maxSupply = .string(cap.description) }
            } catch {
                throw Failure(status: 500, code: "INTERNAL_ERROR", message: "reading the chain failed: \(error.message)")
            }
        }
        let policy = token.policy
        var rules: [JSON] = []
        if let quorum = policy.quorum {
            rules.append(.obj(["type": .string("REQUIRE_APPROVAL"), "quorum": .int(quorum), "approvers": .array(policy.approvers.map { .string($0) })]))
        }
        if let max = policy.maxAmount { rules.append(.obj(["type": .string("MAX_AMOUNT"), "amount": .string(max.description)])) }
        if let limit = policy.dailyLimit { rules.append(.obj(["type": .string("DAILY_LIMIT"), "amount": .string(limit.description)])) }
        if let window = policy.timeWindow {
            rules.append(.obj(["type": .string("TIME_WINDOW"), "start": .string(Self.clock(window.start)), "end": .string(Self.clock(window.end)), "timezone": .string("UTC")]))
        }
        return .obj([
            "id": .string(token.id), "name": .string(token.name), "symbol": .string(token.symbol), "decimals": .int(token.decimals),
            "standard": .string("QRC-20"), "template": .string(token.template),
            "status": .string(token.contract == nil ? "PENDING_DEPLOYMENT" : "DEPLOYED"),
            "contractAddress": token.contract.map { .string($0.checksummed) } ?? .null, "totalSupply": supply, "maxSupply": maxSupply,
            "vaultAccountId": .string(token.vault), "policy": .obj(["rules": .array(rules)]),
        ])
    }

    private func emit(_ type: String, _ index: Int) {
        eventCount += 1
        service.emit(
            dialect: name, event: type,
            body: .obj([
                "id": .string("evt_" + String(eventCount).leftPadded(to: 6)), "type": .string(type),
                "createdAt": .string(ISOTime.string(service.chain.now)), "data": operationJSON(operations[index]),
            ]))
    }
}

enum QustodySchemas {
    static let party: JSON = Schema.object(
        ["type": Schema.enumeration(["address", "vaultAccountId"]), "address": Schema.address, "vaultAccountId": Schema.string], required: ["type"])
    static let mintRequest: JSON = Schema.object(
        ["amount": Schema.string, "recipient": party, "feeStrategy": Schema.enumeration(QustodyDialect.feeStrategies)],
        required: ["amount", "recipient"])
    static let burnRequest: JSON = Schema.object(
        ["amount": Schema.string, "from": party, "feeStrategy": Schema.enumeration(QustodyDialect.feeStrategies)], required: ["amount", "from"])
    static let operation: JSON = Schema.object(
        [
            "id": Schema.string, "type": Schema.enumeration(["MINT", "BURN"]), "tokenId": Schema.string,
            "status": Schema.enumeration(["PENDING_APPROVAL", "SUBMITTED", "CONFIRMED", "REJECTED", "FAILED"]), "amount": Schema.string,
            "transactionHash": Schema.nullable(Schema.string), "createdAt": Schema.string, "updatedAt": Schema.string,
        ], required: ["id", "type", "tokenId", "status", "amount"])
    static let operationList: JSON = Schema.object(["data": Schema.array(operation)], required: ["data"])
    static let token: JSON = Schema.object([
        "id": Schema.string, "status": Schema.enumeration(["PENDING_DEPLOYMENT", "DEPLOYED"]), "contractAddress": Schema.nullable(Schema.address),
        "totalSupply": Schema.nullable(Schema.string), "maxSupply": Schema.nullable(Schema.string),
    ])
    static let error: JSON = Schema.object(
        ["error": Schema.object(["code": Schema.string, "numericCode": Schema.integer, "message": Schema.string], required: ["code", "message"])],
        required: ["error"])
}
