/// The shape every MintSim error shares: a machine-checkable `code` and a human `message` that says
/// what is wrong and where. Errors compare by code only, so a test can match a kind of failure with
/// `#expect(throws: HexError(.oddLength, ""))`-style checks whatever the message says.
public protocol CodedError: Error, CustomStringConvertible, Equatable, Sendable {
    associatedtype Code: Equatable & Sendable
    var code: Code { get }
    var message: String { get }
}

extension CodedError {
    public var description: String { message }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
