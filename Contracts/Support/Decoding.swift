import MintSimChain
import MintSimPrimitives

/// One decoded argument of an event, error or call: its declared name (or `arg0`, `arg1`, … when the
/// declaration names none), its type and value. An indexed argument of a dynamic type (`string`,
/// `bytes`, arrays, tuples) is stored in its topic only as a hash: `hashed` is then true and the
/// value is that 32-byte hash.
public struct DecodedArgument: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let type: ABIType
    public let value: ABIValue
    public let hashed: Bool

    public var description: String { "\(name): \(value)" }
}

/// A revert or a log read back through the ABI of MintSim's contract kinds.
public struct Decoded: Hashable, Sendable, CustomStringConvertible {
    /// The event's or error's name (`Transfer`, `ERC20InsufficientBalance`, `Error`, `Panic`).
    public let name: String
    /// `name(type1,type2)`.
    public let signature: String
    public let arguments: [DecodedArgument]

    /// The argument called `name`, if there is one.
    public func argument(_ name: String) -> ABIValue? { arguments.first { $0.name == name }?.value }

    /// `ERC20InsufficientBalance(sender: 0x…, balance: 5, needed: 10)`.
    public var description: String { "\(name)(\(arguments.map(\.description).joined(separator: ", ")))" }
}

/// Reads reverts and logs with the declarations of every contract kind in `ContractRegistry`, plus
/// Solidity's `Error(string)` and `Panic(uint256)`.
public enum ContractDecoder {
    /// Solidity's built-in errors.
    public static let builtinErrors = [ABIEntry("error Error(string message)"), ABIEntry("error Panic(uint256 code)")]

    /// Every error declaration of every kind, first by kind order, without repeats of a signature.
    public static let errors: [ABIEntry] = unique(builtinErrors + ContractRegistry.kinds.flatMap(\.interface.errors))
    /// Every event declaration of every kind, without repeats of a signature and indexing.
    public static let events: [ABIEntry] = unique(ContractRegistry.kinds.flatMap(\.interface.events))

    private static let errorsBySelector: [UInt32: [ABIEntry]] = Dictionary(grouping: errors, by: \.selector)
    private static let eventsByTopic: [Hash: [ABIEntry]] = Dictionary(grouping: events, by: \.topic0)

    /// The error declarations called `name` (several when overloaded), built-ins included.
    public static func errors(named name: String) -> [ABIEntry] { errors.filter { $0.name == name } }
    /// The event declarations called `name`.
    public static func events(named name: String) -> [ABIEntry] { events.filter { $0.name == name } }

    /// The names of all known errors and events, sorted (for suggestions).
    public static let errorNames: [String] = Array(Set(errors.map(\.name))).sorted()
    public static let eventNames: [String] = Array(Set(events.map(\.name))).sorted()

    /// Decodes revert data: a known custom error, `Error(string)` or `Panic(uint256)`. Nil for empty
    /// data, an unknown selector, or arguments that do not decode. With `kind`, that kind's
    /// declarations are preferred when two kinds declare different errors with one selector.
    public static func decodeRevert(_ data: [UInt8], kind: String? = nil) -> Decoded? {
        guard data.count >= 4 else { return nil }
        let selector = data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let body = Array(data.dropFirst(4))
        // The kind's own declarations first: they decide without building every kind's tables.
        let own = kind.flatMap(ownInterface)?.errors.filter { $0.selector == selector } ?? []
        if let decoded = decodeError(body, with: own) { return decoded }
        guard let candidates = errorsBySelector[selector] else { return nil }
        return decodeError(body, with: preferring(kind, candidates, \.errors))
    }

    /// The first of `entries` whose inputs decode `body`.
    private static func decodeError(_ body: [UInt8], with entries: [ABIEntry]) -> Decoded? {
        for entry in entries {
            let types = entry.inputs.map(\.type)
            guard let values = try? ABI.decode(types, body) else { continue }
            return Decoded(
                name: entry.name, signature: entry.signature,
                arguments: zip(entry.inputs.indices, zip(entry.inputs, values)).map { index, pair in
                    DecodedArgument(name: argumentName(pair.0, index), type: pair.0.type, value: pair.1, hashed: false)
                })
        }
        return nil
    }

    /// Decodes a log with the event declarations of the kinds: topic 0 picks the event, the number of
    /// topics picks among declarations that index differently (ERC-20's and ERC-721's `Transfer`).
    /// With `kind`, that kind's declarations come first. Nil when nothing matches.
    public static func decodeLog(_ log: Log, kind: String? = nil) -> Decoded? {
        guard let topic0 = log.topics.first else { return nil }
        let own = kind.flatMap(ownInterface)?.events.filter { $0.topic0 == topic0 } ?? []
        if let decoded = decodeLog(log, with: own) { return decoded }
        guard let candidates = eventsByTopic[topic0] else { return nil }
        return decodeLog(log, with: preferring(kind, candidates, \.events))
    }

    /// The interface of the kind named `kind`, if it is one of the registry's.
    private static func ownInterface(_ kind: String) -> ContractInterface? {
        ContractRegistry.kinds.first { $0.name == kind }?.interface
    }

    /// The first of `entries` that decodes `log`.
    private static func decodeLog(_ log: Log, with entries: [ABIEntry]) -> Decoded? {
        for entry in entries {
            let indexed = entry.inputs.filter(\.indexed)
            guard indexed.count == log.topics.count - 1 else { continue }
            let plain = entry.inputs.filter { !$0.indexed }
            guard let dataValues = try? ABI.decode(plain.map(\.type), log.data) else { continue }
            var arguments: [DecodedArgument] = []
            var topicIndex = 1, dataIndex = 0, failed = false
            for (index, parameter) in entry.inputs.enumerated() {
                let name = argumentName(parameter, index)
                if parameter.indexed {
                    let topic = log.topics[topicIndex]
                    topicIndex += 1
                    if parameter.type.isDynamic {
                        arguments.append(DecodedArgument(name: name, type: parameter.type, value: .fixedBytes(topic.bytes), hashed: true))
                    } else if let value = try? ABI.decode([parameter.type], topic.bytes).first {
                        arguments.append(DecodedArgument(name: name, type: parameter.type, value: value, hashed: false))
                    } else {
                        failed = true
                        break
                    }
                } else {
                    arguments.append(DecodedArgument(name: name, type: parameter.type, value: dataValues[dataIndex], hashed: false))
                    dataIndex += 1
                }
            }
            if !failed { return Decoded(name: entry.name, signature: entry.signature, arguments: arguments) }
        }
        return nil
    }

    /// Decodes `log` with the kind of the model deployed at its address on `chain`, if any.
    public static func decodeLog(_ log: Log, on chain: Chain) -> Decoded? {
        decodeLog(log, kind: chain.contract(at: log.address)?.kind)
    }

    /// What a Panic code means, as Solidity documents it.
    public static func panicMeaning(_ code: UInt256) -> String? {
        switch code {
        case UInt256(0x01): return "assertion failed"
        case UInt256(0x11): return "arithmetic overflow or underflow"
        case UInt256(0x12): return "division or modulo by zero"
        case UInt256(0x21): return "invalid enum value"
        case UInt256(0x22): return "invalid storage byte array"
        case UInt256(0x31): return "pop on an empty array"
        case UInt256(0x32): return "array index out of bounds"
        case UInt256(0x41): return "out of memory"
        case UInt256(0x51): return "call to an uninitialised function"
        default: return nil
        }
    }

    /// A revert as a person reads it: the decoded error (`ERC20InsufficientBalance(sender: 0x…,
    /// balance: 5, needed: 10)`, `Error("…")`, `Panic(17: arithmetic overflow or underflow)`), the raw
    /// data when it does not decode, `no data` when empty; then ` — ` and the explanation, if any.
    public static func describe(_ revert: Revert, kind: String? = nil) -> String {
        var text: String
        if revert.data.isEmpty {
            text = "revert with no data"
        } else if let decoded = decodeRevert(revert.data, kind: kind) {
            switch decoded.name {
            case "Error" where decoded.signature == "Error(string)":
                text = "Error(\"\(decoded.arguments.first?.value.description ?? "")\")"
            case "Panic" where decoded.signature == "Panic(uint256)":
                if case .uint(let code) = decoded.arguments.first?.value {
                    text = "Panic(\(code)\(panicMeaning(code).map { ": " + $0 } ?? ""))"
                } else {
                    text = decoded.description
                }
            default:
                text = decoded.description
            }
        } else {
            text = "revert data \(revert.data.hex)"
        }
        if let explanation = revert.explanation { text += " — " + explanation }
        return text
    }

    private static func argumentName(_ parameter: ABIParameter, _ index: Int) -> String {
        let trimmed = String(parameter.name.drop { $0 == "_" })
        return trimmed.isEmpty ? "arg\(index)" : trimmed
    }

    private static func preferring(
        _ kind: String?, _ candidates: [ABIEntry], _ entries: KeyPath<ContractInterface, [ABIEntry]>
    ) -> [ABIEntry] {
        guard candidates.count > 1, let kind else { return candidates }
        let own = entries == \ContractInterface.events ? ownEvents[kind] : ownErrors[kind]
        guard let own else { return candidates }
        return candidates.filter { own.contains($0) } + candidates.filter { !own.contains($0) }
    }

    /// Each kind's own events and errors, as sets (built once).
    private static let ownEvents: [String: Set<ABIEntry>] = Dictionary(
        ContractRegistry.kinds.map { ($0.name, Set($0.interface.events)) }, uniquingKeysWith: { first, _ in first })
    private static let ownErrors: [String: Set<ABIEntry>] = Dictionary(
        ContractRegistry.kinds.map { ($0.name, Set($0.interface.errors)) }, uniquingKeysWith: { first, _ in first })

    private static func unique(_ entries: [ABIEntry]) -> [ABIEntry] {
        var seen = Set<String>(), result: [ABIEntry] = []
        for entry in entries {
            let key = entry.signature + ":" + entry.inputs.map { $0.indexed ? "i" : "-" }.joined()
            if seen.insert(key).inserted { result.append(entry) }
        }
        return result
    }
}

extension ContractDecoder {
    /// Argument names that hold token amounts: shown and compared in the token's units.
    public static let amountArguments: Set<String> = [
        "value", "amount", "balance", "needed", "allowance", "cap", "increasedSupply", "required", "available", "max", "limit",
    ]

    /// The roles' names by their bytes32 value.
    public static let roleNames: [(String, [UInt8])] =
        ["MINTER_ROLE", "BURNER_ROLE", "PAUSER_ROLE", "URI_SETTER_ROLE", "COLLATERAL_ROLE", "AGENT_ROLE"]
        .map { ($0, Keccak256.hash(Array($0.utf8)).bytes) } + [("DEFAULT_ADMIN_ROLE", Hash.zero.bytes)]

    /// A decoded value of argument `argument` as people read it: addresses through `name` (`zero` for
    /// the zero address), amounts (`amountArguments`) in units of `decimals`, role hashes by name.
    public static func format(_ value: ABIValue, argument: String, decimals: Int, name: (Address) -> String) -> String {
        switch value {
        case .address(let address): return address == .zero ? "zero" : name(address)
        case .uint(let amount) where amountArguments.contains(argument) && decimals > 0: return amount.formatted(decimals: decimals)
        case .fixedBytes(let bytes) where bytes.count == 32:
            if let role = roleNames.first(where: { $0.1 == bytes }) { return role.0 }
            return value.description
        default: return value.description
        }
    }
}
