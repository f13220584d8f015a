import MintSimPrimitives

extension JSON {
    /// A request body as a JSON object, or what is wrong with it (`the request body is not JSON: …`,
    /// `the request body must be a JSON object`).
    static func object(from body: [UInt8]) -> Result<JSONObject, RequestBodyError> {
        do {
            guard let object = try parse(body).objectValue else { return .failure(RequestBodyError(message: "the request body must be a JSON object")) }
            return .success(object)
        } catch {
            return .failure(RequestBodyError(message: "the request body is not JSON: \(error.description)"))
        }
    }
}

/// Why a request body is not the JSON object a route takes.
struct RequestBodyError: Error {
    let message: String
}
