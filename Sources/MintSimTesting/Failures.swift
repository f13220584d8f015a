import Foundation

/// A failed expectation (or a test set-up the library cannot follow, such as an unknown account
/// name): thrown, it fails the test in Swift Testing and XCTest alike. `file` and `line` are the
/// caller's; the description is `file:line: message`, the form editors and terminals link to.
public struct ExpectationFailure: Error, CustomStringConvertible, LocalizedError {
    public let message: String
    public let file: String
    public let line: Int

    public init(_ message: String, file: String = #filePath, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line): \(message)" }
    public var errorDescription: String? { description }
}

/// A call or transaction of a `Contract` (or a deployment through `TestChain`) that reverted: the
/// revert, decoded in the description, and the receipt when it was mined with status 0 (a send
/// given a `gasLimit`).
public struct ContractReverted: Error, CustomStringConvertible, LocalizedError {
    public let revert: Revert
    /// The mined receipt, when the transaction was mined with status 0.
    public let receipt: Receipt?
    /// What reverted: `transfer(address,uint256) on erc20 0x…`, `deploying erc20`.
    public let operation: String
    /// The kind of the contract that reverted, when known (it picks the declarations to decode with).
    public let kind: String?

    public init(revert: Revert, receipt: Receipt? = nil, operation: String, kind: String? = nil) {
        self.revert = revert
        self.receipt = receipt
        self.operation = operation
        self.kind = kind
    }

    /// The error decoded with the declarations of MintSim's contract kinds, if it decodes.
    public var decoded: Decoded? { ContractDecoder.decodeRevert(revert.data, kind: kind) }

    /// `transfer(address,uint256) on erc20 0x… reverted with ERC20InsufficientBalance(sender: 0x…, balance: 5, needed: 10)`.
    public var description: String { "\(operation) \(reverted(revert, kind: kind))" }
    public var errorDescription: String? { description }
}

/// Names close to `name` among `candidates`, closest first (at most `limit`): a small edit
/// distance, ignoring case, or one name containing the other; none much further than the closest.
func closestNames(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    let wanted = Array(name.lowercased())
    let threshold = max(2, wanted.count / 3)
    var scored: [(distance: Int, name: String)] = []
    for candidate in candidates where candidate != name {
        let lowered = candidate.lowercased()
        let distance = EditDistance.between(wanted, Array(lowered))
        let contains = wanted.count >= 3 && (lowered.contains(name.lowercased()) || name.lowercased().contains(lowered))
        if distance <= threshold || contains { scored.append((distance, candidate)) }
    }
    scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
    guard let best = scored.first?.distance else { return [] }
    return scored.prefix { $0.distance <= best + 2 }.prefix(limit).map(\.name)
}

/// `did you mean A, B or C?`, or nil when there is nothing close.
func suggestion(for name: String, among candidates: [String]) -> String? {
    let close = closestNames(to: name, among: candidates)
    guard let last = close.last else { return nil }
    let listed = close.count == 1 ? last : close.dropLast().joined(separator: ", ") + " or " + last
    return "did you mean \(listed)?"
}
