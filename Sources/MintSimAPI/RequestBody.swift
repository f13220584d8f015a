import MintSimPrimitives

extension JSON {
    /// A request body as a JSON object, or what is wrong with it (`the request body is not JSON: …`,
    /// `the request body must be a JSON object`).
    static func object(from body: [UInt8]) -> Result<JSONObject, RequestBodyError> {
        do {
            let value = try parse(body)
            guard let object = value.objectValue else {
                return .failure(RequestBodyError(message: "the request body must be a JSON object, got \(value.typeName)"))
            }
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

extension String {
    /// An error message as answered: past 1,024 characters (a long value echoed back), its first
    /// 1,000 and how many more there were, so that an answer stays small whatever was sent.
    var clippedMessage: String {
        guard count > 1024 else { return self }
        return String(prefix(1000)) + "… (\(count - 1000) more characters)"
    }
}
