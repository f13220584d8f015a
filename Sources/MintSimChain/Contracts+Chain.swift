import MintSimPrimitives

extension Chain {
    // MARK: - Contracts

    /// Lets signed creation transactions deploy models of `kind`: their data is
    /// `DeploymentData.encode(kind:arguments:)` and `factory` builds the model from the arguments.
    public func registerModel(kind: String, factory: @escaping ContractFactory) {
        factories[kind] = factory
    }

    /// The kinds that signed creation transactions can deploy, sorted.
    public var registeredKinds: [String] { factories.keys.sorted() }

    /// The model deployed at `address`, if any.
    public func contract(at address: Address) -> (any ContractModel)? { state.contract(at: address) }

    /// A contract's stored value (for inspection and tests; contracts read through their context).
    public func storage(of address: Address, _ key: StorageKey) -> StorageValue? { state.load(address, key) }

    /// Deploys a contract model from `from` at the CREATE address keccak256(rlp([from, nonce]))[12:]
    /// as a creation transaction. With automine it is mined at once.
    @discardableResult
    public func deploy(
        _ model: any ContractModel, from: Address, value: UInt256 = .zero, gasLimit: UInt64? = nil
    ) throws(ChainError) -> (address: Address, hash: Hash, receipt: Receipt?) {
        let nonce = pendingNonce(of: from)
        let tx = Transaction(
            type: .dynamicFee, chainId: UInt256(settings.chainId), nonce: nonce, maxFeePerGas: settings.baseFee,
            gasLimit: 0, to: nil, value: value, data: model.deploymentData)
        let (hash, receipt) = try sendUnsigned(tx, from: from, gasLimit: gasLimit, model: model)
        return (Address.contractAddress(sender: from, nonce: nonce), hash, receipt)
    }

    /// Sends a transaction calling `signature` on `contract` with `arguments` (the typed path: no
    /// hand-encoded ABI). Gas is estimated unless given; a call that would revert is refused with
    /// the revert unless `gasLimit` is set, in which case it is mined with status 0.
    @discardableResult
    public func transact(
        _ contract: Address, _ signature: String, _ arguments: [ABIValue] = [], from: Address, value: UInt256 = .zero,
        gasLimit: UInt64? = nil
    ) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        let calldata = try encodeCall(signature, arguments)
        return try send(TransactionRequest(from: from, to: contract, value: value, data: calldata, gasLimit: gasLimit))
    }

    /// Calls `contract` without a transaction (like `eth_call`): nothing changes. Returns the raw
    /// output, or throws `executionReverted` with the revert.
    ///
    /// With `atBlock` nil the call runs on the latest state as part of the next block (its number and
    /// the current time). With a block number it runs on the state at the end of that block, which
    /// the state history must still hold, and sees that block's number and timestamp; for the latest
    /// block that state is the current one.
    public func call(
        to contract: Address, data: [UInt8], from: Address = .zero, value: UInt256 = .zero, atBlock block: UInt64? = nil
    ) throws(ChainError) -> [UInt8] {
        let outcome = try reading(atBlock: block) { () throws(ChainError) -> Outcome in
            let tx = Transaction(
                type: .dynamicFee, chainId: UInt256(settings.chainId), nonce: nonce(of: from), gasLimit: settings.blockGasLimit,
                to: contract, value: value, data: data)
            return simulate(tx, from: from, model: nil, block: block.map { ($0, self.block(number: $0)?.timestamp ?? now) })
        }
        if let revert = outcome.revert {
            throw ChainError(.executionReverted, "execution reverted: \(revert)", revert: revert)
        }
        return outcome.output
    }

    /// Calls `signature` on `contract` and decodes its outputs (`balanceOf(address)(uint256)`; with no
    /// output types the result is empty). `atBlock` is as for `call(to:data:from:value:atBlock:)`.
    public func call(
        _ contract: Address, _ signature: String, _ arguments: [ABIValue] = [], from: Address = .zero, atBlock block: UInt64? = nil
    ) throws(ChainError) -> [ABIValue] {
        let calldata = try encodeCall(signature, arguments)
        let output = try call(to: contract, data: calldata, from: from, atBlock: block)
        guard let outputs = (try? ABIFunction.cached(signature))?.outputs else { return [] }
        do {
            return try ABI.decode(outputs, output)
        } catch {
            throw ChainError(.abiError, "\(signature): cannot decode the output: \(error.message)")
        }
    }

    func encodeCall(_ signature: String, _ arguments: [ABIValue]) throws(ChainError) -> [UInt8] {
        do {
            return try ABIFunction.cached(signature).encodeCall(arguments)
        } catch {
            throw ChainError(.abiError, "\(signature): \(error.message)")
        }
    }
}
