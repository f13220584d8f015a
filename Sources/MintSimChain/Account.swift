import MintSimPrimitives

/// An account's nonce and native balance. Contract code lives beside it (see `WorldState`).
public struct Account: Hashable, Sendable {
    public var nonce: UInt64
    public var balance: UInt256

    public init(nonce: UInt64 = 0, balance: UInt256 = .zero) {
        self.nonce = nonce
        self.balance = balance
    }

    public static let empty = Account()
}
