import Foundation

/// A function signature such as `transfer(address,uint256)` or, with outputs, `balanceOf(address)(uint256)`.
public struct ABIFunction: Hashable, Sendable {
    public let name: String
    public let inputs: [ABIType]
    /// Return types when the signature names them (`name(in)(out)` or `… returns (out)`).
    public let outputs: [ABIType]?
    /// keccak256(signature): an event's topic 0 when this is an event signature.
    public let topic0: Hash

    public init(name: String, inputs: [ABIType], outputs: [ABIType]? = nil) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        topic0 = Keccak256.hash("\(name)(\(inputs.map(\.description).joined(separator: ",")))")
    }

    /// Parses `name(T1,T2)`, optionally followed by `(R1,…)` or `returns (R1,…)`; a leading
    /// `function ` and parameter names (`transfer(address to, uint256 amount)`) are accepted.
    public init(parsing text: String) throws(ABIError) {
        var body = text.trimmingSpaces
        if body.hasPrefix("function ") { body = String(body.dropFirst("function ".count)).trimmingSpaces }
        if body.hasPrefix("event ") { body = String(body.dropFirst("event ".count)).trimmingSpaces }
        var parser = ABITypeParser(body)
        let name = parser.identifier()
        guard !name.isEmpty, let first = name.first, !first.isNumber else {
            throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): expected a name followed by '('")
        }
        parser.skipSpaces()
        guard parser.peekCharacter == "(" else {
            throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): expected '(' after \(name)")
        }
        parser.position += 1
        let inputs: [ABIType]
        do {
            inputs = try parser.parseParameterList(depth: 1, closing: ")").map(\.type)
        } catch {
            throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): \(error.message)")
        }
        parser.skipSpaces()
        var outputs: [ABIType]?
        var rest = String(parser.chars[parser.position...]).trimmingSpaces
        for keyword in ["external", "public", "view", "pure", "payable", "nonpayable", "anonymous"] {
            while rest.hasPrefix(keyword + " ") || rest == keyword {
                rest = String(rest.dropFirst(keyword.count)).trimmingSpaces
            }
        }
        if rest.hasPrefix("returns") { rest = String(rest.dropFirst("returns".count)).trimmingSpaces }
        if !rest.isEmpty {
            var outParser = ABITypeParser(rest)
            guard outParser.peekCharacter == "(" else {
                throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): unexpected \(Hex.quoted(rest)) after the parameters")
            }
            outParser.position += 1
            do {
                outputs = try outParser.parseParameterList(depth: 1, closing: ")").map(\.type)
            } catch {
                throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): \(error.message)")
            }
            outParser.skipSpaces()
            guard outParser.atEnd else {
                throw ABIError(.invalidSignature, "invalid signature \(Hex.quoted(text)): unexpected text after the return types")
            }
        }
        self.init(name: name, inputs: inputs, outputs: outputs)
    }

    /// The canonical signature hashed for the selector: `name(T1,T2)`.
    public var signature: String { "\(name)(\(inputs.map(\.description).joined(separator: ",")))" }

    /// The first 4 bytes of keccak256(signature).
    public var selector: [UInt8] { Array(topic0.bytes.prefix(4)) }


    /// Selector followed by the ABI-encoded arguments.
    public func encodeCall(_ arguments: [ABIValue]) throws(ABIError) -> [UInt8] {
        selector + (try ABI.encode(inputs, arguments))
    }

    /// Decodes calldata that starts with this function's selector.
    public func decodeCall(_ calldata: [UInt8]) throws(ABIError) -> [ABIValue] {
        guard calldata.count >= 4 else {
            throw ABIError(.truncated, "calldata of \(calldata.count) bytes has no 4-byte selector")
        }
        guard Array(calldata.prefix(4)) == selector else {
            throw ABIError(.selectorMismatch, "calldata selector \(Array(calldata.prefix(4)).hex) is not \(selector.hex) (\(signature))")
        }
        return try ABI.decode(inputs, Array(calldata.dropFirst(4)))
    }
}

extension ABIFunction {
    /// Parses `text` once and remembers the result, for signatures used over and over (events and
    /// errors that models emit, calls made by signature). Thread-safe; the cache keeps at most 4096
    /// signatures and starts afresh when full.
    public static func cached(_ text: String) throws(ABIError) -> ABIFunction {
        if let hit = SignatureCache.shared.get(text) { return hit }
        let parsed = try ABIFunction(parsing: text)
        SignatureCache.shared.put(text, parsed)
        return parsed
    }
}

/// The parsed signatures `ABIFunction.cached` remembers.
final class SignatureCache: @unchecked Sendable {
    static let shared = SignatureCache()
    private let lock = NSLock()
    private var entries: [String: ABIFunction] = [:]

    func get(_ key: String) -> ABIFunction? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func put(_ key: String, _ value: ABIFunction) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= 4096 { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
