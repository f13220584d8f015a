/// A value that can be passed as a contract call's argument, or expected as an event's or error's
/// argument: `Address`, `UInt256`, `Int256`, `Int` (integer literals), `Bool`, `String`, `Hash`
/// (`bytes32`), a `Contract` (its address) and any `ABIValue`, so that
/// `token.send("transfer(address,uint256)", bob, 100, from: alice)` needs no `.address(…)`/`.uint(…)`.
/// `.uint(…)`, `.address(…)`, `.array([…])` and the other `ABIValue` forms can be written where an
/// argument is expected too.
///
/// Values are fitted to the declared parameter types: a non-negative `Int` is a `uint` or an `int`,
/// `.bytes(…)` a `bytes` or a `bytesN` of its length, and so on inside arrays and tuples.
public protocol ABIArgument {
    var abiValue: ABIValue { get }
}

/// An `ABIValue` written as `.uint(…)`, `.address(…)`, … where an `ABIArgument` is expected.
public struct ABIArgumentValue: ABIArgument, Hashable, Sendable {
    public let abiValue: ABIValue
    public init(_ value: ABIValue) { abiValue = value }
}

extension ABIArgument where Self == ABIArgumentValue {
    public static func uint(_ value: UInt256) -> ABIArgumentValue { ABIArgumentValue(.uint(value)) }
    public static func int(_ value: Int256) -> ABIArgumentValue { ABIArgumentValue(.int(value)) }
    public static func address(_ value: Address) -> ABIArgumentValue { ABIArgumentValue(.address(value)) }
    public static func bool(_ value: Bool) -> ABIArgumentValue { ABIArgumentValue(.bool(value)) }
    public static func fixedBytes(_ value: [UInt8]) -> ABIArgumentValue { ABIArgumentValue(.fixedBytes(value)) }
    public static func bytes(_ value: [UInt8]) -> ABIArgumentValue { ABIArgumentValue(.bytes(value)) }
    public static func string(_ value: String) -> ABIArgumentValue { ABIArgumentValue(.string(value)) }
    /// `T[]` or `T[k]`: `.array([alice, bob])`, `.array([1, 2])`.
    public static func array(_ items: [any ABIArgument]) -> ABIArgumentValue { ABIArgumentValue(.array(items.map(\.abiValue))) }
    public static func tuple(_ items: [any ABIArgument]) -> ABIArgumentValue { ABIArgumentValue(.tuple(items.map(\.abiValue))) }
}

extension ABIValue: ABIArgument {
    public var abiValue: ABIValue { self }
}

extension Address: ABIArgument {
    public var abiValue: ABIValue { .address(self) }
}

extension UInt256: ABIArgument {
    public var abiValue: ABIValue { .uint(self) }
}

extension Int256: ABIArgument {
    public var abiValue: ABIValue { .int(self) }
}

extension Int: ABIArgument {
    public var abiValue: ABIValue { self >= 0 ? .uint(UInt256(UInt64(self))) : .int(Int256(self)) }
}

extension Bool: ABIArgument {
    public var abiValue: ABIValue { .bool(self) }
}

extension String: ABIArgument {
    public var abiValue: ABIValue { .string(self) }
}

extension Hash: ABIArgument {
    public var abiValue: ABIValue { .fixedBytes(bytes) }
}

enum ABIFitting {
    /// `value` in the form `type` takes, where one is obvious: `uint` ↔ `int` when the value fits,
    /// `bytes` ↔ `bytesN` of the same length, element-wise in arrays and tuples. Anything else is
    /// returned unchanged (the encoder then names what does not fit).
    static func fit(_ value: ABIValue, to type: ABIType) -> ABIValue {
        switch (value, type) {
        case (.uint(let v), .int):
            return v <= Int256.max.bitPattern ? .int(Int256(bitPattern: v)) : value
        case (.int(let v), .uint):
            return v.isNegative ? value : .uint(v.bitPattern)
        case (.bytes(let b), .fixedBytes(let n)) where b.count == n:
            return .fixedBytes(b)
        case (.fixedBytes(let b), .bytes):
            return .bytes(b)
        case (.array(let items), .array(let element)):
            return .array(items.map { fit($0, to: element) })
        case (.array(let items), .fixedArray(let element, _)):
            return .array(items.map { fit($0, to: element) })
        case (.tuple(let items), .tuple(let types)) where items.count == types.count:
            return .tuple(zip(items, types).map { fit($0, to: $1) })
        default:
            return value
        }
    }

    /// The arguments fitted to the parameter types of `signature`, when it parses.
    static func fit(_ arguments: [any ABIArgument], toSignature signature: String) -> [ABIValue] {
        let values = arguments.map(\.abiValue)
        guard let function = try? ABIFunction.cached(signature), function.inputs.count == values.count else { return values }
        return zip(values, function.inputs).map { fit($0, to: $1) }
    }
}
