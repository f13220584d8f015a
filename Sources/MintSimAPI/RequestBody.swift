import MintSimPrimitives

extension JSON {
    /// A request body as a JSON object, or what is wrong with it (`the request body is not JSON: …`,
    /// `the request body must be a JSON object`).
    static func object(from body: [UInt8]) -> Result<JSONObject, RequestBodyError> {
        do {
            let value = try parse(body)
            guard let object = value.objectValue else {
                let reason = "the request body must be a JSON object, got \(value.typeName)"
                return .failure(RequestBodyError(message: reason, reason: reason))
            }
            return .success(object)
        } catch {
            return .failure(RequestBodyError(message: "the request body is not JSON: \(error.description)", reason: error.description))
        }
    }
}

/// Why a request body is not the JSON object a route takes: `message` says it whole, `reason` without
/// the "not JSON" lead for dialects that name the body themselves.
struct RequestBodyError: Error {
    let message: String
    let reason: String
}
