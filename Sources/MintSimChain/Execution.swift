import MintSimPrimitives

/// A transaction sent without a signature, from any address (like `eth_sendTransaction` with
/// `anvil_impersonateAccount`). Unset fields take the chain's defaults.
public struct TransactionRequest: Hashable, Sendable {
    public var from: Address
    public var to: Address?
    public var value: UInt256
    public var data: [UInt8]
    /// Default: the sender's pending nonce.
    public var nonce: UInt64?
    /// Default: estimated by running the transaction on the current state; a send that would revert
    /// is then refused with the revert (give a gas limit to have it mined with status 0 instead).
    public var gasLimit: UInt64?
    /// Set for a legacy-priced transaction; otherwise EIP-1559 fields apply.
    public var gasPrice: UInt256?
    /// Default: the base fee plus the tip, so that the tip is paid in full.
    public var maxFeePerGas: UInt256?
    /// Default: 0.
    public var maxPriorityFeePerGas: UInt256?
    public var accessList: [AccessListEntry]

    public init(
        from: Address, to: Address?, value: UInt256 = .zero, data: [UInt8] = [], nonce: UInt64? = nil,
        gasLimit: UInt64? = nil, gasPrice: UInt256? = nil, maxFeePerGas: UInt256? = nil,
        maxPriorityFeePerGas: UInt256? = nil, accessList: [AccessListEntry] = []
    ) {
        self.from = from
        self.to = to
        self.value = value
        self.data = data
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.accessList = accessList
    }
}

extension Chain {
    // MARK: - Sending

    /// Sends an impersonated transaction. With automine it is mined at once and its receipt is
    /// returned; otherwise it waits for the next block and nil is returned with its hash.
    @discardableResult
    public func send(_ request: TransactionRequest) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        let tx = Transaction(
            type: request.gasPrice == nil ? .dynamicFee : (request.accessList.isEmpty ? .legacy : .accessList),
            chainId: UInt256(settings.chainId), nonce: request.nonce ?? pendingNonce(of: request.from),
            gasPrice: request.gasPrice ?? .zero,
            maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? .zero,
            maxFeePerGas: request.maxFeePerGas ?? defaultFeeCap(tip: request.maxPriorityFeePerGas ?? .zero),
            gasLimit: 0, to: request.to, value: request.value, data: request.data, accessList: request.accessList)
        return try sendUnsigned(tx, from: request.from, gasLimit: request.gasLimit, model: nil)
    }

    /// The fee cap of a request that gives none: the base fee plus the tip, so the tip is paid in full.
    func defaultFeeCap(tip: UInt256) -> UInt256 {
        let (cap, overflow) = settings.baseFee.addingReportingOverflow(tip)
        return overflow ? .max : cap
    }

    /// Fills in the gas limit (estimated when not given), names the transaction and submits it.
    func sendUnsigned(_ transaction: Transaction, from: Address, gasLimit: UInt64?, model: (any ContractModel)?) throws(ChainError)
        -> (hash: Hash, receipt: Receipt?)
    {
        var tx = transaction
        if let gasLimit {
            tx.gasLimit = gasLimit
        } else {
            // Refuse what would fail anyway (nonce, fees, funds) before estimating.
            tx.gasLimit = GasSchedule.intrinsicGas(tx)
            let probe = PendingTransaction(hash: .zero, from: from, transaction: tx, signature: nil)
            try validate(probe, expectedNonce: pendingNonce(of: from), checkDeployment: false)
            tx.gasLimit = try estimateGas(tx, from: from, model: model)
        }
        // An impersonated transaction has no signature: its hash covers the payload and the sender.
        var payload = tx.signingPayload
        from.withUnsafeBytes { payload.append(contentsOf: $0) }
        let hash = Keccak256.hash(payload)
        return try submit(PendingTransaction(hash: hash, from: from, transaction: tx, signature: nil), model: model)
    }

    /// Sends a raw signed transaction of any type; the sender is recovered from the signature.
    @discardableResult
    public func sendRaw(_ raw: [UInt8]) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        let signed: SignedTransaction
        do {
            signed = try SignedTransaction(raw: raw)
        } catch {
            throw ChainError(.invalidTransaction, error.message)
        }
        return try sendSigned(signed)
    }

    /// Sends a decoded signed transaction.
    @discardableResult
    public func sendSigned(_ signed: SignedTransaction) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        let tx = signed.transaction
        if let chainId = tx.chainId, chainId != UInt256(settings.chainId) {
            throw ChainError(.wrongChainId, "invalid chain id: expected \(settings.chainId), got \(chainId)")
        }
        let from: Address
        do {
            from = try signed.recoverSender()
        } catch {
            throw ChainError(.invalidSignature, error.message)
        }
        return try submit(PendingTransaction(hash: signed.hash, from: from, transaction: tx, signature: signed.signature))
    }

    /// Sends a transaction the caller signed itself with `sender`'s key, without recovering the
    /// sender from the signature (what `sendSigned` spends most of its time on). For callers that
    /// hold the key, such as the mint API signing for its operator accounts.
    @discardableResult
    public func sendSigned(_ signed: SignedTransaction, signedBy sender: Address) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        let tx = signed.transaction
        if let chainId = tx.chainId, chainId != UInt256(settings.chainId) {
            throw ChainError(.wrongChainId, "invalid chain id: expected \(settings.chainId), got \(chainId)")
        }
        return try submit(PendingTransaction(hash: signed.hash, from: sender, transaction: tx, signature: signed.signature))
    }

    private func submit(_ tx: PendingTransaction, model: (any ContractModel)? = nil) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        if let storeFailure { throw storeFailure }
        guard !pendingHashes.contains(tx.hash) else {
            throw ChainError(.alreadyKnown, "transaction \(tx.hash) is already known")
        }
        // A mined duplicate normally fails the nonce check, as in geth; after setNonce rewinds an
        // account it would pass, so it is refused by hash.
        try validate(tx, expectedNonce: pendingNonce(of: tx.from), model: model)
        guard !isMined(tx.hash) else {
            throw ChainError(.alreadyKnown, "transaction \(tx.hash) is already known")
        }
        if let model { deployments[tx.hash] = model }
        appendPending(tx)
        // A pending transaction reaches the store with the next commit (a block, a direct change, `flush`).
        guard settings.mining == .auto else { return (tx.hash, nil) }
        // In automine the block holds just this transaction, validated against the same state.
        mineBlock(validated: pending.count == 1 ? tx.hash : nil)
        if let storeFailure { throw storeFailure }
        return (tx.hash, receipt(hash: tx.hash))
    }

    /// The checks a transaction must pass before it is accepted; the same run again when it executes.
    func validate(
        _ tx: PendingTransaction, expectedNonce: UInt64, checkDeployment: Bool = true, model: (any ContractModel)? = nil
    ) throws(ChainError) {
        let t = tx.transaction
        if t.nonce == .max {
            throw ChainError(.nonceTooHigh, "nonce has max value: address \(tx.from) nonce \(t.nonce)")
        }
        if t.nonce < expectedNonce {
            throw ChainError(.nonceTooLow, "nonce too low: expected \(expectedNonce), got \(t.nonce)")
        }
        if t.nonce > expectedNonce {
            throw ChainError(.nonceTooHigh, "nonce too high: expected \(expectedNonce), got \(t.nonce)")
        }
        let intrinsic = GasSchedule.intrinsicGas(t)
        if t.gasLimit < intrinsic {
            throw ChainError(.intrinsicGasTooLow, "intrinsic gas too low: have \(t.gasLimit), want \(intrinsic)")
        }
        if t.gasLimit > settings.blockGasLimit {
            throw ChainError(.gasLimitExceedsBlock, "gas limit \(t.gasLimit) exceeds the block gas limit \(settings.blockGasLimit)")
        }
        let maxPrice: UInt256
        if t.type == .dynamicFee {
            if t.maxPriorityFeePerGas > t.maxFeePerGas {
                throw ChainError(.tipAboveFeeCap, "max priority fee per gas \(t.maxPriorityFeePerGas) is higher than max fee per gas \(t.maxFeePerGas)")
            }
            if t.maxFeePerGas < settings.baseFee {
                throw ChainError(.feeBelowBaseFee, "max fee per gas \(t.maxFeePerGas) is less than the block base fee \(settings.baseFee)")
            }
            maxPrice = t.maxFeePerGas
        } else {
            if t.gasPrice < settings.baseFee {
                throw ChainError(.feeBelowBaseFee, "gas price \(t.gasPrice) is less than the block base fee \(settings.baseFee)")
            }
            maxPrice = t.gasPrice
        }
        let (gasCost, overflow1) = UInt256(t.gasLimit).multipliedReportingOverflow(by: maxPrice)
        let (cost, overflow2) = gasCost.addingReportingOverflow(t.value)
        let balance = balance(of: tx.from)
        if overflow1 || overflow2 || cost > balance {
            let want = overflow1 || overflow2 ? "more than 2^256-1" : cost.description
            throw ChainError(.insufficientFunds, "insufficient funds for gas * price + value: address \(tx.from) have \(balance) want \(want)")
        }
        if checkDeployment && t.to == nil && model == nil && deployments[tx.hash] == nil {
            guard let (kind, _) = DeploymentData.decode(t.data) else {
                throw ChainError(.unknownContract, "contract creation: the transaction data names no contract model; deploy models with Chain.deploy")
            }
            guard factories[kind] != nil else {
                let known = registeredKinds.isEmpty ? "none is registered" : "registered: \(registeredKinds.joined(separator: ", "))"
                throw ChainError(.unknownContract, "contract creation: no contract model of kind \"\(kind)\" (\(known))")
            }
        }
    }

    /// The price per gas the sender pays.
    func effectiveGasPrice(_ t: Transaction) -> UInt256 {
        guard t.type == .dynamicFee else { return t.gasPrice }
        return min(t.maxFeePerGas, settings.baseFee &+ t.maxPriorityFeePerGas)
    }

    /// Credits the coinbase with the priority fee: gas used × (price − base fee).
    private func payTip(gasUsed: UInt64, price: UInt256) {
        state.credit(settings.coinbase, UInt256(gasUsed) &* (price &- settings.baseFee))
    }

    /// What running a transaction's call or deployment produced (fees not yet charged).
    struct Outcome {
        let status: Bool
        let gasUsed: UInt64
        let output: [UInt8]
        let revert: Revert?
        let logs: [Log]
        let contractAddress: Address?
    }

    /// Runs a transaction's effects on the state: the nonce, the value, the call or deployment. A
    /// reverted call undoes its own changes; the nonce increment stays, as in Ethereum.
    func run(_ t: Transaction, from: Address, model: (any ContractModel)?, blockNumber: UInt64, timestamp: UInt64) -> Outcome {
        var sender = state.account(from)
        let nonce = sender.nonce
        sender.nonce += 1
        // A plain transfer to an account without code needs no executor.
        if let to = t.to, state.contract(at: to) == nil, sender.balance >= t.value {
            sender.balance = sender.balance &- t.value
            state.set(from, sender)
            state.credit(to, t.value)
            return Outcome(
                status: true, gasUsed: GasSchedule.intrinsicGas(t), output: [], revert: nil, logs: [], contractAddress: nil)
        }
        state.set(from, sender)
        let executor = Executor(
            chain: self, origin: from, gasLimit: t.gasLimit, intrinsicGas: GasSchedule.intrinsicGas(t),
            blockNumber: blockNumber, timestamp: timestamp)
        var output: [UInt8] = []
        var contractAddress: Address?
        do throws(Revert) {
            if let to = t.to {
                output = try executor.call(from: from, to: to, value: t.value, calldata: t.data, depth: 0)
            } else {
                let address = Address.contractAddress(sender: from, nonce: nonce)
                contractAddress = address
                let deployed: any ContractModel
                if let model {
                    deployed = model
                } else if let (kind, arguments) = DeploymentData.decode(t.data), let factory = factories[kind] {
                    deployed = try factory(arguments)
                } else {
                    throw Revert.reason("no contract model for this deployment")
                }
                try executor.deploy(deployed, from: from, at: address, value: t.value)
            }
        } catch {
            return Outcome(status: false, gasUsed: executor.gasUsed, output: [], revert: error, logs: [], contractAddress: contractAddress)
        }
        return Outcome(status: true, gasUsed: executor.gasUsed, output: output, revert: nil, logs: executor.logs, contractAddress: contractAddress)
    }

    /// Runs a transaction on the current state and undoes everything afterwards. The block it sees
    /// is the next one unless `block` gives a number and timestamp.
    func simulate(_ t: Transaction, from: Address, model: (any ContractModel)?, block: (number: UInt64, timestamp: UInt64)? = nil)
        -> Outcome
    {
        let checkpoint = state.scratchCheckpoint()
        defer { state.revert(checkpoint) }
        let (number, timestamp) = block ?? (nextBlockNumber, now)
        return run(t, from: from, model: model, blockNumber: number, timestamp: timestamp)
    }

    /// The gas a transaction needs: its gas used when run now with the block gas limit. A transaction
    /// that would revert is an error carrying the revert.
    public func estimateGas(_ transaction: Transaction, from: Address, model: (any ContractModel)? = nil) throws(ChainError) -> UInt64 {
        var t = transaction
        t.gasLimit = settings.blockGasLimit
        let outcome = simulate(t, from: from, model: model)
        if let revert = outcome.revert {
            throw ChainError(.executionReverted, "execution reverted: \(revert)", revert: revert)
        }
        return outcome.gasUsed
    }

    /// Executes a validated transaction and charges its fee.
    func execute(_ tx: PendingTransaction, cumulativeGasUsed: UInt64, timestamp: UInt64, validated: Bool = false) throws(ChainError)
        -> TransactionRecordDraft
    {
        if !validated { try validate(tx, expectedNonce: nonce(of: tx.from)) }
        let t = tx.transaction
        let price = effectiveGasPrice(t)
        if let to = t.to, state.contract(at: to) == nil {
            // A transfer to an account without code cannot fail once validated: its whole effect at once.
            let gasUsed = GasSchedule.intrinsicGas(t)
            var sender = state.account(tx.from)
            sender.nonce += 1
            sender.balance = sender.balance &- UInt256(gasUsed) &* price &- t.value
            state.set(tx.from, sender)
            state.credit(to, t.value)
            payTip(gasUsed: gasUsed, price: price)
            return TransactionRecordDraft(
                gasUsed: gasUsed, cumulativeGasUsed: cumulativeGasUsed + gasUsed, effectiveGasPrice: price, status: true,
                logs: [], contractAddress: nil, revertData: [])
        }
        // Gas is bought up front, as in Ethereum (validate() checked balance ≥ gasLimit × maxPrice +
        // value), and what is left is refunded after execution.
        var buyer = state.account(tx.from)
        buyer.balance = buyer.balance &- UInt256(t.gasLimit) &* price
        state.set(tx.from, buyer)
        let model = t.to == nil ? deployments[tx.hash] : nil
        let outcome = run(t, from: tx.from, model: model, blockNumber: nextBlockNumber, timestamp: timestamp)
        state.credit(tx.from, UInt256(t.gasLimit - outcome.gasUsed) &* price)  // the unused gas
        payTip(gasUsed: outcome.gasUsed, price: price)
        return TransactionRecordDraft(
            gasUsed: outcome.gasUsed, cumulativeGasUsed: cumulativeGasUsed + outcome.gasUsed, effectiveGasPrice: price,
            status: outcome.status, logs: outcome.logs, contractAddress: outcome.contractAddress,
            revertData: outcome.revert?.data ?? [], revertExplanation: outcome.revert?.explanation)
    }
}
