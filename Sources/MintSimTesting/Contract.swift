/// A deployed contract model, with the typed path: functions by signature, arguments as values.
///
/// ```swift
/// try token.send("transfer(address,uint256)", bob, 100, from: alice)
/// try token.call("name()(string)")            // [.string("Acme")]
/// try token.uint("totalSupply()")             // 100
/// ```
///
/// A revert throws `ContractReverted`, whose description decodes the error
/// (`transfer(address,uint256) on erc20 0x… reverted with ERC20InsufficientBalance(sender: 0x…, balance: 0, needed: 100)`).
public struct Contract: ABIArgument {
    public let address: Address
    /// The model's kind (`erc20`, `security-token`, …).
    public let kind: String
    public let chain: Chain
    /// Account names for messages (from the `TestChain` that made this value).
    let names: [Address: String]

    public init(address: Address, kind: String, chain: Chain) {
        self.init(address: address, kind: kind, chain: chain, names: [:])
    }

    init(address: Address, kind: String, chain: Chain, names: [Address: String]) {
        self.address = address
        self.kind = kind
        self.chain = chain
        self.names = names
    }

    public var abiValue: ABIValue { .address(address) }

    /// Sends a transaction calling `signature` (`transfer(address,uint256)`) from `from` and returns
    /// its receipt. A revert throws `ContractReverted`: at once without `gasLimit` (nothing is mined),
    /// or, with a `gasLimit`, after the transaction is mined with status 0 (the error carries the
    /// receipt). With manual or interval mining the transaction waits for a block: that throws an
    /// `ExpectationFailure`, as there is no receipt yet (send through `chain.transact` instead).
    @discardableResult
    public func send(
        _ signature: String, _ arguments: any ABIArgument..., from: Address, value: UInt256 = .zero, gasLimit: UInt64? = nil,
        file: String = #filePath, line: Int = #line
    ) throws -> Receipt {
        try send(signature, arguments, from: from, value: value, gasLimit: gasLimit, file: file, line: line)
    }

    /// `send` with the arguments in an array.
    @discardableResult
    public func send(
        _ signature: String, _ arguments: [any ABIArgument], from: Address, value: UInt256 = .zero, gasLimit: UInt64? = nil,
        file: String = #filePath, line: Int = #line
    ) throws -> Receipt {
        let values = ABIFitting.fit(arguments, toSignature: signature)
        let sent: (hash: Hash, receipt: Receipt?)
        do {
            sent = try chain.transact(address, signature, values, from: from, value: value, gasLimit: gasLimit)
        } catch {
            guard error.code == .executionReverted else { throw error }
            throw reverted(error.revert, signature)
        }
        guard let receipt = sent.receipt else {
            throw ExpectationFailure(
                "\(signature) on \(kind) \(address) is pending (transaction \(sent.hash)): "
                    + "the chain does not automine, so there is no receipt yet",
                file: file, line: line)
        }
        guard receipt.status else {
            throw ContractReverted(
                revert: Revert(data: receipt.revertData, explanation: receipt.revertExplanation), receipt: receipt,
                operation: "\(signature) on \(kind) \(address)", kind: kind)
        }
        return receipt
    }

    /// Calls `signature` without a transaction (like `eth_call`) and decodes the outputs named in it:
    /// `call("balanceOf(address)(uint256)", alice)` is `[.uint(…)]`; with no outputs, `[]`.
    public func call(_ signature: String, _ arguments: any ABIArgument..., from: Address = .zero) throws -> [ABIValue] {
        try call(signature, arguments, from: from)
    }

    /// `call` with the arguments in an array.
    public func call(_ signature: String, _ arguments: [any ABIArgument], from: Address = .zero) throws -> [ABIValue] {
        do {
            return try chain.call(address, signature, ABIFitting.fit(arguments, toSignature: signature), from: from)
        } catch {
            guard error.code == .executionReverted else { throw error }
            throw reverted(error.revert, signature)
        }
    }

    /// A call's single `uint` output: `uint("totalSupply()")`, `uint("allowance(address,address)", alice, bob)`.
    /// The output type may be left out (it is taken as `uint256`).
    public func uint(_ signature: String, _ arguments: any ABIArgument..., file: String = #filePath, line: Int = #line) throws -> UInt256 {
        let outputs = try call(withOutput: "uint256", signature, arguments)
        guard outputs.count == 1, case .uint(let value) = outputs[0] else {
            throw ExpectationFailure("\(signature) returned \(listed(outputs)), not one uint", file: file, line: line)
        }
        return value
    }

    /// The ERC-20 balance (`balanceOf(address)`; an ERC-721's number of tokens).
    public func balance(of account: Address) throws -> UInt256 {
        try uint("balanceOf(address)(uint256)", account)
    }

    /// The ERC-1155 balance of token `id` (`balanceOf(address,uint256)`).
    public func balance(of account: Address, id: UInt256) throws -> UInt256 {
        try uint("balanceOf(address,uint256)(uint256)", account, id)
    }

    /// The ERC-721 owner of token `id` (`ownerOf(uint256)`; reverts `ERC721NonexistentToken` for none).
    public func owner(of id: UInt256, file: String = #filePath, line: Int = #line) throws -> Address {
        let outputs = try call("ownerOf(uint256)(address)", id)
        guard outputs.count == 1, case .address(let owner) = outputs[0] else {
            throw ExpectationFailure("ownerOf(uint256) returned \(listed(outputs)), not one address", file: file, line: line)
        }
        return owner
    }

    /// `0x…` or `alice 0x…` for a named account.
    func label(_ account: Address) -> String {
        names[account].map { "\($0) \(account)" } ?? account.description
    }

    private func call(withOutput output: String, _ signature: String, _ arguments: [any ABIArgument]) throws -> [ABIValue] {
        // A signature that does not parse goes as it is, for the chain to say what is wrong with it.
        let withoutOutputs = (try? ABIFunction.cached(signature)).map { $0.outputs == nil } ?? false
        return try call(withoutOutputs ? "\(signature)(\(output))" : signature, arguments)
    }

    private func reverted(_ revert: Revert?, _ signature: String) -> ContractReverted {
        ContractReverted(revert: revert ?? Revert(data: []), operation: "\(signature) on \(kind) \(address)", kind: kind)
    }

    private func listed(_ values: [ABIValue]) -> String { "(" + values.map(\.description).joined(separator: ", ") + ")" }
}
