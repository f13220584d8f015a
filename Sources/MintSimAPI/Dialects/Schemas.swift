import MintSimPrimitives

/// JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of the dialects' bodies.
enum Schema {
    static let string: JSON = .obj(["type": .string("string")])
    static let integer: JSON = .obj(["type": .string("integer")])
    static let number: JSON = .obj(["type": .string("number")])
    static let boolean: JSON = .obj(["type": .string("boolean")])
    static let address: JSON = .obj(["type": .string("string"), "pattern": .string("^0x[0-9a-fA-F]{40}$")])

    static func object(_ properties: KeyValuePairs<String, JSON>, required: [String] = [], additional: Bool = true) -> JSON {
        var members: [(String, JSON)] = [("type", .string("object")), ("properties", .obj(properties))]
        if !required.isEmpty { members.append(("required", .array(required.map { .string($0) }))) }
        if !additional { members.append(("additionalProperties", .bool(false))) }
        return .object(JSONObject(members))
    }

    static func array(_ items: JSON, maxItems: Int? = nil) -> JSON {
        var members: [(String, JSON)] = [("type", .string("array")), ("items", items)]
        if let maxItems {
            members.append(("minItems", .int(1)))
            members.append(("maxItems", .int(maxItems)))
        }
        return .object(JSONObject(members))
    }

    static func oneOf(_ schemas: [JSON]) -> JSON { .obj(["oneOf": .array(schemas)]) }
    static func nullable(_ schema: JSON) -> JSON { .obj(["oneOf": .array([schema, .obj(["type": .string("null")])])]) }
    static func enumeration(_ values: [String]) -> JSON { .obj(["type": .string("string"), "enum": .array(values.map { .string($0) })]) }
}

enum AssetsSchemas {
    static let dnum: JSON = .obj([
        "type": .string("array"), "prefixItems": .array([Schema.string, Schema.integer]), "minItems": .int(2), "maxItems": .int(2),
        "description": .string("dnum tuple [scaled_value, decimals]"),
    ])
    static let amount: JSON = Schema.oneOf([dnum, Schema.string])

    static let mintRequest: JSON = Schema.object(
        [
            "recipients": Schema.oneOf([Schema.address, Schema.array(Schema.address, maxItems: 100)]),
            "amounts": Schema.oneOf([amount, Schema.array(amount, maxItems: 100)]),
            "walletVerification": Schema.object(
                [
                    "secretVerificationCode": Schema.string,
                    "verificationType": Schema.enumeration(["PINCODE", "OTP", "SECRET_CODES"]),
                ], required: ["secretVerificationCode", "verificationType"]),
        ], required: ["recipients", "amounts", "walletVerification"])

    static let asset: JSON = Schema.object(
        [
            "id": Schema.address, "type": Schema.string, "createdAt": Schema.string, "name": Schema.string, "symbol": Schema.string,
            "decimals": Schema.integer, "basePrice": Schema.string, "basePriceCurrencyCode": Schema.string,
            "totalSupply": Schema.string, "pausable": Schema.object(["paused": Schema.boolean]),
            "capped": Schema.nullable(Schema.object(["cap": Schema.string])),
            "identity": Schema.object(["id": Schema.nullable(Schema.address), "identityRegistry": Schema.address, "compliance": Schema.address]),
            "accessControl": Schema.object(["admin": Schema.array(Schema.address), "supplyManagement": Schema.array(Schema.address)]),
            "complianceModuleConfigs": Schema.array(Schema.object(["id": Schema.address, "typeId": Schema.string])),
            "userPermissions": Schema.object(["roles": Schema.object([:]), "actions": Schema.object([:])]),
            "stats": Schema.object(["collateral": Schema.nullable(Schema.string), "collateralExpiresAt": Schema.nullable(Schema.string)]),
        ],
        required: ["id", "type", "createdAt", "name", "symbol", "decimals", "basePrice", "basePriceCurrencyCode", "totalSupply", "pausable", "capped"])

    static let error: JSON = Schema.object(
        ["defined": Schema.boolean, "code": Schema.string, "status": Schema.integer, "message": Schema.string, "data": .obj([:])],
        required: ["code", "status", "message"])
}

enum ABCLabSchemas {
    static let mintRequest: JSON = Schema.object(
        ["asset_id": Schema.string, "amount": Schema.number, "recipient_wallet_address": Schema.address],
        required: ["asset_id", "amount", "recipient_wallet_address"])
    static let success: JSON = Schema.object(
        [
            "status": Schema.enumeration(["success"]), "token_id": Schema.string, "asset_id": Schema.string, "amount": Schema.number,
            "assigned_to": Schema.string,
        ], required: ["status", "token_id", "asset_id", "amount", "assigned_to"])
    static let error: JSON = Schema.object(
        ["status": Schema.enumeration(["error"]), "error_code": Schema.string, "message": Schema.string],
        required: ["status", "error_code", "message"])
}

enum AdminSchemas {
    static let error: JSON = Schema.object(
        ["error": Schema.object(["code": Schema.string, "message": Schema.string], required: ["code", "message"])], required: ["error"])
    static let any: JSON = .obj(["type": .string("object")])
}
