import MintSimChain
import MintSimContracts
import MintSimPrimitives

/// The asset-tokenization platform's API (seeds/000): `POST /api/token/{tokenAddress}/mint` and
/// `GET /api/token/{tokenAddress}`, with `X-Api-Key`.
///
/// Errors are JSON objects `{"defined": true, "code", "status", "message", "data"}` (the shape of
/// the platform's RPC layer); `message` starts with the document's words for the case (`Asset is
/// paused`, `Recipient identity not found`, …) and goes on to say which recipient and why.
final class AssetsDialect: Dialect {
    let name = "assets"
    let title = "Asset tokenization platform: mint assets"
    let service: MintService
    /// Secret codes already used, as "user\ncode".
    var usedSecretCodes: Set<String> = []
    var changedCodes = Set<String>()

    static let maxRecipients = 100

    init(service: MintService) { self.service = service }

    var routes: [RouteSpec] {
        [
            RouteSpec(
                "POST", "/api/token/{tokenAddress}/mint", operationID: "assetsMint",
                summary: "Mint new units of an asset to one recipient or up to 100 (all or nothing)", apiKeyHeader: "X-Api-Key",
                requestSchema: AssetsSchemas.mintRequest,
                responses: [
                    (200, "The asset, with the new totalSupply", AssetsSchemas.asset),
                    (400, "Invalid input, paused asset, recipient without identity or compliance, cap or collateral exceeded", AssetsSchemas.error),
                    (401, "API key invalid, expired or disabled", AssetsSchemas.error),
                    (403, "USER_NOT_AUTHORIZED (no supply management role) or wallet verification failed", AssetsSchemas.error),
                    (404, "No asset at this address", AssetsSchemas.error),
                ]),
            RouteSpec(
                "GET", "/api/token/{tokenAddress}", operationID: "assetsGet", summary: "Read an asset", apiKeyHeader: "X-Api-Key",
                responses: [
                    (200, "The asset", AssetsSchemas.asset),
                    (401, "API key invalid, expired or disabled", AssetsSchemas.error),
                    (404, "No asset at this address", AssetsSchemas.error),
                ]),
        ]
    }

    func handle(_ route: RouteSpec, parameters: [String: String], request: APIRequest) -> APIResponse {
        do throws(AssetsFailure) {
            let user = try authenticate(request)
            let asset = try asset(parameters["tokenAddress"] ?? "")
            switch route.operationID {
            case "assetsMint": try mint(asset, user: user, request: request)
            default: break
            }
            return .json(200, try assetObject(asset, user: user))
        } catch {
            return error.response
        }
    }

    func failure(status: Int, message: String) -> APIResponse {
        let code: String
        switch status {
        case 404: code = "NOT_FOUND"
        case 405: code = "METHOD_NOT_SUPPORTED"
        case 413: code = "PAYLOAD_TOO_LARGE"
        case 429: code = "TOO_MANY_REQUESTS"
        default: code = "INTERNAL_SERVER_ERROR"
        }
        return AssetsFailure(status, code, message).response
    }

    func fault(status: Int, code: String, message: String) -> APIResponse { AssetsFailure(status, code, message).response }

    // MARK: Steps

    private func authenticate(_ request: APIRequest) throws(AssetsFailure) -> AssetsUser {
        guard let subject = service.authenticate(dialect: name, presented: request.header("x-api-key")),
            let user = service.setup.assetsUsers.first(where: { $0.name == subject })
        else {
            let detail = request.header("x-api-key") == nil ? "no X-Api-Key header" : "the X-Api-Key is not a key of this platform"
            throw AssetsFailure(401, "UNAUTHORIZED", "API key is invalid, expired, or disabled (\(detail))")
        }
        return user
    }

    private func asset(_ text: String) throws(AssetsFailure) -> SecurityAsset {
        let address: Address
        do {
            address = try Address(text)
        } catch {
            throw AssetsFailure.invalid("tokenAddress", error.message, path: ["tokenAddress"])
        }
        guard let asset = service.setup.securityAssets.first(where: { $0.suite.token == address }) else {
            throw AssetsFailure(404, "NOT_FOUND", "Asset not found: no asset at \(address)")
        }
        return asset
    }

    private struct Plan {
        var recipients: [Address]
        var amounts: [UInt256]
        var verificationType: String
        var code: String
    }

    private func mint(_ asset: SecurityAsset, user: AssetsUser, request: APIRequest) throws(AssetsFailure) {
        let token = asset.suite.token
        let decimals = Int(try read { () throws(ChainError) in try service.readUInt(token, "decimals()(uint8)") }.uint64 ?? 0)
        let plan = try validate(request.body, decimals: decimals)
        // 1. permissions: supply management (MINTER_ROLE) or agent on this asset.
        guard try supplyManager(user.wallet.address, on: token) else {
            throw AssetsFailure(
                403, "USER_NOT_AUTHORIZED",
                "USER_NOT_AUTHORIZED: user \(user.name) (wallet \(user.wallet.address)) has no supplyManagement role on asset \(token)")
        }
        // 2. the wallet verification authorises the transaction.
        try verifyWallet(user, type: plan.verificationType, code: plan.code)
        // 3. the asset must be unpaused.
        if try read({ () throws(ChainError) in try service.readBool(token, "paused()(bool)") }) {
            throw AssetsFailure(400, "ASSET_PAUSED", "Asset is paused: unpause asset \(token) before minting")
        }
        // 4. each recipient: registered identity, required claims, compliance, then cap and collateral.
        let single = plan.recipients.count == 1
        for (index, (recipient, amount)) in zip(plan.recipients, plan.amounts).enumerated() {
            let field = single ? "recipients" : "recipients[\(index)]"
            let answer = try read { () throws(ChainError) in
                try service.read(token, "canMint(address,uint256)(bool,string)", [.address(recipient), .uint(amount)])
            }
            guard case .bool(let ok)? = answer.first, case .string(let reason)? = answer.last else {
                throw AssetsFailure.internalError("canMint answered no (bool, string)")
            }
            if !ok { throw try refusal(reason, field: field, recipient: recipient, asset: asset) }
        }
        // 5. one transaction for all: cumulative cap, collateral and compliance limits are checked by it.
        let arguments: [ABIValue] = single
            ? [.address(plan.recipients[0]), .uint(plan.amounts[0])]
            : [.array(plan.recipients.map { .address($0) }), .array(plan.amounts.map { .uint($0) })]
        let signature = single ? "mint(address,uint256)" : "batchMint(address[],uint256[])"
        do throws(ChainError) {
            let sent = try service.send(token, signature, arguments, from: user.wallet)
            if sent.receipt?.status == false {
                throw ChainError(.executionReverted, sent.receipt?.revertExplanation ?? "the mint transaction reverted")
            }
            // A secret code is used up by the mint it authorised, not by a refused one.
            if plan.verificationType == "SECRET_CODES" {
                usedSecretCodes.insert(user.name + "\n" + plan.code)
                changedCodes.insert(user.name + "\n" + plan.code)
            }
        } catch {
            if let revert = error.revert {
                throw try refusal(revert.explanation ?? ContractDecoder.describe(revert, kind: SecurityToken.kind), field: "recipients", recipient: nil, asset: asset)
            }
            throw AssetsFailure.internalError(error.message)
        }
    }

    /// The failure for a refused mint, from the token's explanation (`ERC20ExceededCap: …`).
    private func refusal(_ reason: String, field: String, recipient: Address?, asset: SecurityAsset) throws(AssetsFailure) -> AssetsFailure {
        let fieldPath: [JSONPathItem] = field.hasSuffix("]")
            ? ["recipients", .index(Int(field.dropFirst("recipients[".count).dropLast()) ?? 0)] : [.key(field)]
        let rule = reason.prefix { $0 != ":" && $0 != "(" }
        let detail = reason.drop { $0 != ":" }.dropFirst().drop { $0 == " " }
        let who = recipient.map { "\(field) \($0)" } ?? "the batch"
        switch rule {
        case "UnverifiedIdentity":
            if let recipient {
                let registered = try read { () throws(ChainError) in
                    try service.readBool(asset.suite.identityRegistry, "contains(address)(bool)", [.address(recipient)])
                }
                if !registered {
                    return AssetsFailure(
                        400, "RECIPIENT_IDENTITY_NOT_FOUND",
                        "Recipient identity not found: \(who) has no registered identity; the recipient must create an account and register their identity",
                        path: fieldPath)
                }
            }
            return AssetsFailure(400, "RECIPIENT_NOT_COMPLIANT", "Recipient not compliant: \(who) lacks required claims (\(detail))", path: fieldPath)
        case "ComplianceNotFollowed":
            return AssetsFailure(400, "RECIPIENT_NOT_COMPLIANT", "Recipient not compliant: \(who): \(detail)", path: fieldPath)
        case "ERC20ExceededCap":
            return AssetsFailure(400, "EXCEEDS_SUPPLY_CAP", "Exceeds supply cap: \(detail)", path: ["amounts"])
        case "InsufficientCollateral":
            return AssetsFailure(400, "INSUFFICIENT_COLLATERAL", "Insufficient collateral: \(detail); deposit more collateral before minting", path: ["amounts"])
        case "Panic 0x11":
            // The supply would pass 2^256-1 (checked before the cap, as ERC20Capped does): past any cap too.
            let cap = try read { () throws(ChainError) in try service.readUInt(asset.suite.token, "cap()(uint256)") }
            if !cap.isZero, cap != .max {
                return AssetsFailure(
                    400, "EXCEEDS_SUPPLY_CAP", "Exceeds supply cap: \(detail), past the cap \(cap)", path: ["amounts"])
            }
            return AssetsFailure.invalid("amounts", "the total supply would exceed 2^256-1 base units: \(detail)", path: ["amounts"])
        case "ERC20InvalidReceiver":
            return AssetsFailure.invalid(field, "cannot mint to the zero address", path: fieldPath)
        default:
            return AssetsFailure.internalError("the mint was refused: \(reason)")
        }
    }

    private func supplyManager(_ wallet: Address, on token: Address) throws(AssetsFailure) -> Bool {
        try read { () throws(ChainError) in try isSupplyManager(wallet, on: token) }
    }

    private func verifyWallet(_ user: AssetsUser, type: String, code: String) throws(AssetsFailure) {
        func refuse(_ why: String) -> AssetsFailure {
            AssetsFailure(403, "WALLET_VERIFICATION_FAILED", "Wallet verification failed: \(why)", path: ["walletVerification"])
        }
        switch type {
        case "PINCODE":
            guard let pincode = user.pincode else { throw refuse("PINCODE verification is not enabled for user \(user.name)") }
            guard MintService.constantTimeEqual(Array(pincode.utf8), Array(code.utf8)) else {
                throw refuse("the PINCODE is not correct")
            }
        case "OTP":
            guard let secret = user.otpSecret else { throw refuse("OTP verification is not enabled for user \(user.name)") }
            let step = service.chain.now / 30
            let valid = [step &- 1, step, step &+ 1].map { TOTP.code(secret: secret, step: $0) }
            guard valid.contains(code) else { throw refuse("the OTP code is not valid at the chain's time \(service.chain.now)") }
        default:  // SECRET_CODES
            guard !user.secretCodes.isEmpty else { throw refuse("SECRET_CODES verification is not enabled for user \(user.name)") }
            guard user.secretCodes.contains(code) else { throw refuse("the secret code is not one of the user's") }
            guard !usedSecretCodes.contains(user.name + "\n" + code) else { throw refuse("the secret code was already used") }
        }
    }

    private func read<T>(_ body: () throws(ChainError) -> T) throws(AssetsFailure) -> T {
        do {
            return try body()
        } catch {
            throw AssetsFailure.internalError("reading the chain failed: \(error.message)")
        }
    }

    // MARK: Validation

    private func validate(_ bytes: [UInt8], decimals: Int) throws(AssetsFailure) -> Plan {
        let body: JSONObject
        switch JSON.object(from: bytes) {
        case .success(let object): body = object
        case .failure(let failure): throw AssetsFailure.invalid("body", failure.reason, path: [])
        }
        // recipients
        var recipients: [Address] = []
        let single: Bool
        switch body["recipients"] {
        case nil: throw AssetsFailure.invalid("recipients", "is required", path: ["recipients"])
        case .string(let text)?:
            single = true
            recipients = [try address(text, field: "recipients", path: ["recipients"])]
        case .array(let items)?:
            single = false
            guard !items.isEmpty else { throw AssetsFailure.invalid("recipients", "must name at least one recipient", path: ["recipients"]) }
            guard items.count <= Self.maxRecipients else {
                throw AssetsFailure.invalid(
                    "recipients", "has \(items.count) recipients; at most \(Self.maxRecipients) per API call (split larger batches)",
                    path: ["recipients"])
            }
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw AssetsFailure.invalid("recipients[\(index)]", "must be an address string, got \(item.typeName)", path: ["recipients", .index(index)])
                }
                recipients.append(try address(text, field: "recipients[\(index)]", path: ["recipients", .index(index)]))
            }
        case let other?:
            throw AssetsFailure.invalid("recipients", "must be an address string or an array of them, got \(other.typeName)", path: ["recipients"])
        }
        // amounts
        var amounts: [UInt256] = []
        guard let amountsValue = body["amounts"] else { throw AssetsFailure.invalid("amounts", "is required", path: ["amounts"]) }
        if single {
            amounts = [try amount(amountsValue, field: "amounts", path: ["amounts"], decimals: decimals)]
        } else {
            // Two recipients with a two-item array: one amount each (a dnum tuple for both is not a form).
            guard case .array(let items) = amountsValue, !AssetsDialect.isDnumTuple(amountsValue) || items.count == recipients.count else {
                throw AssetsFailure(
                    400, "BAD_REQUEST",
                    "Recipients and amounts mismatch: recipients is an array, so amounts must be an array with one amount per recipient",
                    path: ["amounts"])
            }
            guard items.count == recipients.count else {
                throw AssetsFailure(
                    400, "BAD_REQUEST",
                    "Recipients and amounts mismatch: \(recipients.count) recipients but \(items.count) amounts; array lengths must be equal",
                    path: ["amounts"])
            }
            for (index, item) in items.enumerated() {
                amounts.append(try amount(item, field: "amounts[\(index)]", path: ["amounts", .index(index)], decimals: decimals))
            }
        }
        // walletVerification
        guard let verification = body["walletVerification"] else {
            throw AssetsFailure.invalid("walletVerification", "is required", path: ["walletVerification"])
        }
        guard case .object(let fields) = verification else {
            throw AssetsFailure.invalid("walletVerification", "must be an object, got \(verification.typeName)", path: ["walletVerification"])
        }
        guard let typeValue = fields["verificationType"] else {
            throw AssetsFailure.invalid("walletVerification.verificationType", "is required", path: ["walletVerification", "verificationType"])
        }
        let types = ["PINCODE", "OTP", "SECRET_CODES"]
        guard case .string(let type) = typeValue, types.contains(type) else {
            throw AssetsFailure.invalid(
                "walletVerification.verificationType", "must be \"PINCODE\", \"OTP\" or \"SECRET_CODES\", got \(typeValue.text())",
                path: ["walletVerification", "verificationType"])
        }
        guard let codeValue = fields["secretVerificationCode"] else {
            throw AssetsFailure.invalid(
                "walletVerification.secretVerificationCode", "is required", path: ["walletVerification", "secretVerificationCode"])
        }
        guard case .string(let code) = codeValue else {
            throw AssetsFailure.invalid(
                "walletVerification.secretVerificationCode", "must be a string, got \(codeValue.typeName)",
                path: ["walletVerification", "secretVerificationCode"])
        }
        if type != "SECRET_CODES", code.utf8.count != 6 || !code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw AssetsFailure.invalid(
                "walletVerification.secretVerificationCode", "\(type == "OTP" ? "an" : "a") \(type) code is 6 digits, got \(JSON.string(code).text())",
                path: ["walletVerification", "secretVerificationCode"])
        }
        return Plan(recipients: recipients, amounts: amounts, verificationType: type, code: code)
    }

    private func address(_ text: String, field: String, path: [JSONPathItem]) throws(AssetsFailure) -> Address {
        let address: Address
        do {
            address = try Address(text)
        } catch {
            throw AssetsFailure.invalid(field, error.message, path: path)
        }
        guard address != .zero else { throw AssetsFailure.invalid(field, "cannot mint to the zero address", path: path) }
        return address
    }

    /// `["1000", 18]`: a dnum tuple.
    static func isDnumTuple(_ value: JSON) -> Bool {
        guard case .array(let items) = value, items.count == 2, case .number = items[1] else { return false }
        switch items[0] {
        case .string, .number: return true
        default: return false
        }
    }

    /// Digits, with one `.` between digits when `fraction` (`"1000"`, `"1000.5"`): no sign, exponent,
    /// spaces or other characters.
    static func isDecimal(_ text: String, fraction: Bool) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || (fraction && parts.count == 2) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
    }

    /// One amount: a dnum tuple `[scaled, decimals]`, its string form `"[\"1000\",18]"`, or a decimal
    /// string in the asset's units (`"1000.5"`).
    private func amount(_ value: JSON, field: String, path: [JSONPathItem], decimals: Int) throws(AssetsFailure) -> UInt256 {
        func bad(_ why: String) -> AssetsFailure { AssetsFailure.invalid(field, why, path: path) }
        func notPositive(_ shown: String) -> AssetsFailure {
            AssetsFailure(400, "BAD_REQUEST", "Amount must be positive: \(field) is \(shown); all amounts must be greater than 0", path: path)
        }
        func positive(_ result: Result<UInt256, AmountProblem>, shown: String) throws(AssetsFailure) -> UInt256 {
            switch result {
            case .success(let value):
                guard !value.isZero else { throw notPositive(shown) }
                return value
            case .failure(.notPositive), .failure(.negative):
                throw notPositive(shown)
            case .failure(let problem): throw bad("\(shown) \(problem.text)")
            }
        }
        switch value {
        case .array(let items):
            guard items.count == 2 else { throw bad("a dnum tuple is [scaled_value, decimals], got \(items.count) items") }
            let scaledText: String
            switch items[0] {
            case .string(let text), .number(let text): scaledText = text
            default: throw bad("a dnum's scaled value must be a string of digits, got \(items[0].typeName)")
            }
            guard case .number(let decimalsText) = items[1], let tupleDecimals = Int(decimalsText), (0...77).contains(tupleDecimals) else {
                throw bad("a dnum's decimals must be an integer from 0 to 77, got \(items[1].text())")
            }
            let shown = value.text()
            if scaledText.hasPrefix("-"), AssetsDialect.isDecimal(String(scaledText.dropFirst()), fraction: false) {
                let isZero = scaledText.dropFirst().allSatisfy { $0 == "0" }
                _ = try positive(.failure(isZero ? .notPositive : .negative), shown: shown)
            }
            guard !scaledText.isEmpty, scaledText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw bad("a dnum's scaled value must be an integer in digits, got \(items[0].text())")
            }
            guard let scaled = try? UInt256(scaledText) else { throw bad("\(shown) exceeds 2^256-1") }
            return try positive(Amounts.rescale(scaled, decimals: tupleDecimals, to: decimals), shown: shown)
        case .string(let text):
            if text.hasPrefix("[") {
                guard let tuple = try? JSON.parse(text), AssetsDialect.isDnumTuple(tuple) else {
                    throw bad("\(JSON.string(text).text()) is not a dnum tuple [\"scaled_value\", decimals]")
                }
                return try amount(tuple, field: field, path: path, decimals: decimals)
            }
            let unsigned = text.hasPrefix("-") ? String(text.dropFirst()) : text
            guard AssetsDialect.isDecimal(unsigned, fraction: true) else {
                throw bad("\(JSON.string(text).text()) is not a decimal amount or a dnum tuple")
            }
            return try positive(Amounts.scale(number: text, decimals: decimals), shown: JSON.string(text).text())
        default:
            throw bad("must be a dnum tuple [scaled_value, decimals] or a string, got \(value.typeName)")
        }
    }

    // MARK: The asset object

    func assetObject(_ asset: SecurityAsset, user: AssetsUser) throws(AssetsFailure) -> JSON {
        let suite = asset.suite
        let token = suite.token
        return try read { () throws(ChainError) -> JSON in
            let decimals = Int(try service.readUInt(token, "decimals()(uint8)").uint64 ?? 0)
            let cap = try service.readUInt(token, "cap()(uint256)")
            let currency = try service.readString(token, "currency()(string)")
            let onchainID = try service.readAddress(token, "onchainID()(address)")
            let collateral = try service.read(token, "collateral()(uint256,uint256)")
            let isManager = try isSupplyManager(user.wallet.address, on: token)
            var managers: [JSON] = []
            var admins: [JSON] = []
            for account in service.setup.accounts {
                if try isSupplyManager(account.address, on: token) {
                    managers.append(.string(account.address.checksummed))
                }
                if try service.hasRole(token, Role.defaultAdmin, account.address) { admins.append(.string(account.address.checksummed)) }
            }
            var collateralStats: [(String, JSON)] = [("collateral", .null), ("collateralExpiresAt", .null)]
            if case .uint(let amount)? = collateral.first, case .uint(let expiry)? = collateral.last, !amount.isZero {
                collateralStats = [
                    ("collateral", .string(Amounts.dnumString(amount, decimals: decimals))),
                    ("collateralExpiresAt", expiry.uint64.map { .string(ISOTime.string($0)) } ?? .null),
                ]
            }
            let object = JSONObject([
                ("id", .string(token.checksummed)),
                ("type", .string(try service.readString(token, "assetType()(string)"))),
                ("createdAt", .string(ISOTime.string(asset.createdAt))),
                ("name", .string(try service.readString(token, "name()(string)"))),
                ("symbol", .string(try service.readString(token, "symbol()(string)"))),
                ("decimals", .int(decimals)),
                ("basePrice", .string(Amounts.dnumString(try service.readUInt(token, "basePrice()(uint256)"), decimals: ISOTime.minorUnits(currency)))),
                ("basePriceCurrencyCode", .string(currency)),
                ("totalSupply", .string(Amounts.dnumString(try service.readUInt(token, "totalSupply()(uint256)"), decimals: decimals))),
                ("pausable", .obj(["paused": .bool(try service.readBool(token, "paused()(bool)"))])),
                ("capped", cap.isZero || cap == .max ? .null : .obj(["cap": .string(Amounts.dnumString(cap, decimals: decimals))])),
                (
                    "identity",
                    .obj([
                        "id": onchainID == .zero ? .null : .string(onchainID.checksummed),
                        "identityRegistry": .string(suite.identityRegistry.checksummed),
                        "compliance": .string(suite.compliance.checksummed),
                    ])
                ),
                ("accessControl", .obj(["admin": .array(admins), "supplyManagement": .array(managers)])),
                ("complianceModuleConfigs", .array(suite.modules.map { .obj(["id": .string($0.address.checksummed), "typeId": .string($0.kind)]) })),
                (
                    "userPermissions",
                    .obj([
                        "roles": .obj(["supplyManagement": .bool(isManager)]),
                        "actions": .obj(["mint": .bool(isManager)]),
                    ])
                ),
                ("stats", .object(JSONObject(collateralStats))),
            ])
            return .object(object)
        }
    }

    /// Supply management: MINTER_ROLE or the token's agent role.
    private func isSupplyManager(_ wallet: Address, on token: Address) throws(ChainError) -> Bool {
        if try service.hasRole(token, Role.minter, wallet) { return true }
        return try service.readBool(token, "isAgent(address)(bool)", [.address(wallet)])
    }
}

/// One step of a field path in an error's `data.issues[].path`.
enum JSONPathItem: Sendable {
    case key(String)
    case index(Int)

    var json: JSON {
        switch self {
        case .key(let key): return .string(key)
        case .index(let index): return .int(index)
        }
    }
}

extension JSONPathItem: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

/// An `assets` error response.
struct AssetsFailure: Error {
    let status: Int
    let code: String
    let message: String
    let path: [JSONPathItem]?
    /// What the issue at `path` is (default: the message).
    let issue: String?

    init(_ status: Int, _ code: String, _ message: String, path: [JSONPathItem]? = nil, issue: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.path = path
        self.issue = issue
    }

    /// Input that fails validation: 400 BAD_REQUEST naming the field.
    static func invalid(_ field: String, _ why: String, path: [JSONPathItem]) -> AssetsFailure {
        AssetsFailure(400, "BAD_REQUEST", "Input validation failed: \(field): \(why)", path: path, issue: why)
    }

    static func internalError(_ why: String) -> AssetsFailure { AssetsFailure(500, "INTERNAL_SERVER_ERROR", "Internal server error: \(why)") }

    var response: APIResponse {
        var data: JSON = .null
        if let path {
            data = .obj(["issues": .array([.obj(["path": .array(path.map(\.json)), "message": .string((issue ?? message).clippedMessage)])])])
        }
        return .json(
            status,
            .obj(["defined": .bool(true), "code": .string(code), "status": .int(status), "message": .string(message.clippedMessage), "data": data]))
    }
}

/// RFC 6238 TOTP codes (HMAC-SHA1, 6 digits) for a 30-second step number.
enum TOTP {
    static func code(secret: [UInt8], step: UInt64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: step >> (56 - 8 * UInt64($0))) }
        let mac = Digest.hmacSHA1(key: secret, message: message)
        let offset = Int(mac[19] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        return String(binary % 1_000_000).leftPadded(to: 6)
    }

    /// RFC 4648 base32 (no padding), as authenticator apps take a secret.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return out
    }
}

/// UTC timestamps as ISO 8601 with milliseconds (`2026-01-01T00:00:00.000Z`), without Foundation.
enum ISOTime {
    static func string(_ seconds: UInt64) -> String {
        let days = Int64(seconds / 86_400)
        let rest = Int(seconds % 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { String(value).leftPadded(to: 2) }
        return "\(String(year).leftPadded(to: 4))-\(two(month))-\(two(day))T\(two(Int64(rest / 3600))):\(two(Int64(rest / 60 % 60))):\(two(Int64(rest % 60))).000Z"
    }

    /// ISO 4217 minor units of a currency (2 unless listed).
    static func minorUnits(_ currency: String) -> Int {
        switch currency.uppercased() {
        case "JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG": return 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": return 3
        default: return 2
        }
    }
}
