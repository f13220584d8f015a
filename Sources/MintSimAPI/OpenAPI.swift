import MintSimPrimitives

/// The OpenAPI 3.1 document of every route the API serves, built from the same route specs the
/// server mounts.
public enum OpenAPI {
    public static func document(_ api: MintAPI) -> JSON {
        var paths = JSONObject()
        var schemes = JSONObject()
        var tags: [JSON] = []
        var seenTags = Set<String>()
        for route in api.routes {
            let dialect = api.dialect(named: route.dialect)
            if seenTags.insert(route.dialect).inserted {
                tags.append(.obj(["name": .string(route.dialect), "description": .string(dialect?.title ?? route.dialect)]))
            }
            var operation = JSONObject([
                ("operationId", .string(route.spec.operationID)), ("summary", .string(route.spec.summary)),
                ("tags", .array([.string(route.dialect)])),
            ])
            var parameters: [JSON] = route.spec.parameterNames.map {
                .obj(["name": .string($0), "in": .string("path"), "required": .bool(true), "schema": Schema.string])
            }
            parameters += route.spec.headers.map {
                .obj([
                    "name": .string($0.name), "in": .string("header"), "required": .bool($0.required), "description": .string($0.description),
                    "schema": Schema.string,
                ])
            }
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let header = route.spec.apiKeyHeader {
                let scheme = "\(route.dialect)ApiKey"
                schemes[scheme] = .obj(["type": .string("apiKey"), "in": .string("header"), "name": .string(header)])
                operation["security"] = .array([.object(JSONObject([(scheme, .array([]))]))])
            }
            if let schema = route.spec.requestSchema {
                operation["requestBody"] = .obj([
                    "required": .bool(true), "content": .obj(["application/json": .obj(["schema": schema])]),
                ])
            }
            var responses = JSONObject()
            for response in route.spec.responses {
                var entry = JSONObject([("description", .string(response.description))])
                if let schema = response.schema { entry["content"] = .obj(["application/json": .obj(["schema": schema])]) }
                responses[String(response.status)] = .object(entry)
            }
            // A rate limit the setup configures answers 429 in the dialect's error shape (that of its 401).
            if responses["429"] == nil, api.service.setup.rateLimits.contains(where: { $0.dialect == route.dialect }) {
                var entry = JSONObject([("description", .string("Rate limit exceeded (a limit the setup configures; Retry-After and RateLimit-* headers)"))])
                if let schema = route.spec.responses.first(where: { $0.status == 401 || $0.status == 400 })?.schema {
                    entry["content"] = .obj(["application/json": .obj(["schema": schema])])
                }
                responses["429"] = .object(entry)
            }
            operation["responses"] = .object(responses)
            var item = paths[route.path]?.objectValue ?? JSONObject()
            item[route.spec.method.lowercased()] = .object(operation)
            paths[route.path] = .object(item)
        }
        return .obj([
            "openapi": .string("3.1.0"),
            "info": .obj([
                "title": .string("MintSim mint API"), "version": .string("0.1.0"),
                "description": .string("Local, deterministic stand-ins for tokenization platforms' mint APIs, backed by a real chain."),
            ]),
            "tags": .array(tags),
            "paths": .object(paths),
            "components": .obj(["securitySchemes": .object(schemes)]),
        ])
    }
}
