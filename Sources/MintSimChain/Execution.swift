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
    /// Default: the intrinsic gas of the transaction.
    public var gasLimit: UInt64?
    /// Set for a legacy-priced transaction; otherwise EIP-1559 fields apply.
    public var gasPrice: UInt256?
    /// Default: the base fee.
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
        var tx = Transaction(
            type: request.gasPrice == nil ? .dynamicFee : (request.accessList.isEmpty ? .legacy : .accessList),
            chainId: UInt256(config.chainId), nonce: request.nonce ?? pendingNonce(of: request.from),
            gasPrice: request.gasPrice ?? .zero,
            maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? .zero,
            maxFeePerGas: request.maxFeePerGas ?? max(config.baseFee, request.maxPriorityFeePerGas ?? .zero),
            gasLimit: 0, to: request.to, value: request.value, data: request.data, accessList: request.accessList)
        tx.gasLimit = request.gasLimit ?? GasSchedule.intrinsicGas(tx)
        // An impersonated transaction has no signature: its hash covers the payload and the sender.
        let hash = Keccak256.hash(tx.signingPayload + request.from.bytes)
        return try submit(PendingTransaction(hash: hash, from: request.from, transaction: tx, signature: nil))
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
        if let chainId = tx.chainId, chainId != UInt256(config.chainId) {
            throw ChainError(.wrongChainId, "invalid chain id: expected \(config.chainId), got \(chainId)")
        }
        let from: Address
        do {
            from = try signed.recoverSender()
        } catch {
            throw ChainError(.invalidSignature, error.message)
        }
        return try submit(PendingTransaction(hash: signed.hash, from: from, transaction: tx, signature: signed.signature))
    }

    private func submit(_ tx: PendingTransaction) throws(ChainError) -> (hash: Hash, receipt: Receipt?) {
        // A duplicate of a mined transaction fails the nonce check below, as in geth.
        guard !pending.contains(where: { $0.hash == tx.hash }) else {
            throw ChainError(.alreadyKnown, "transaction \(tx.hash) is already known")
        }
        let expectedNonce = pendingNonce(of: tx.from)
        try validate(tx, expectedNonce: expectedNonce)
        pending.append(tx)
        guard config.mining == .auto else { return (tx.hash, nil) }
        let block = mineBlock()
        return (tx.hash, receipts(block: block.number).first { $0.transactionHash == tx.hash })
    }

    /// The checks a transaction must pass before it is accepted; the same run again when it executes.
    func validate(_ tx: PendingTransaction, expectedNonce: UInt64) throws(ChainError) {
        let t = tx.transaction
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
        if t.gasLimit > config.blockGasLimit {
            throw ChainError(.gasLimitExceedsBlock, "gas limit \(t.gasLimit) exceeds the block gas limit \(config.blockGasLimit)")
        }
        let maxPrice: UInt256
        if t.type == .dynamicFee {
            if t.maxPriorityFeePerGas > t.maxFeePerGas {
                throw ChainError(.tipAboveFeeCap, "max priority fee per gas \(t.maxPriorityFeePerGas) is higher than max fee per gas \(t.maxFeePerGas)")
            }
            if t.maxFeePerGas < config.baseFee {
                throw ChainError(.feeBelowBaseFee, "max fee per gas \(t.maxFeePerGas) is less than the block base fee \(config.baseFee)")
            }
            maxPrice = t.maxFeePerGas
        } else {
            if t.gasPrice < config.baseFee {
                throw ChainError(.feeBelowBaseFee, "gas price \(t.gasPrice) is less than the block base fee \(config.baseFee)")
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
        if t.to == nil {
            throw ChainError(.invalidTransaction, "contract creation is not supported yet: deploy contract models through the chain API")
        }
    }

    /// The price per gas the sender pays.
    func effectiveGasPrice(_ t: Transaction) -> UInt256 {
        guard t.type == .dynamicFee else { return t.gasPrice }
        return min(t.maxFeePerGas, config.baseFee &+ t.maxPriorityFeePerGas)
    }

    /// Executes a validated transaction against the state.
    func execute(_ tx: PendingTransaction, cumulativeGasUsed: UInt64) throws(ChainError) -> TransactionRecordDraft {
        try validate(tx, expectedNonce: nonce(of: tx.from))
        let t = tx.transaction
        let gasUsed = GasSchedule.intrinsicGas(t)
        let price = effectiveGasPrice(t)
        let fee = UInt256(gasUsed) &* price
        let tip = UInt256(gasUsed) &* (price &- config.baseFee)
        var sender = state.account(tx.from)
        sender.nonce += 1
        // validate() checked balance ≥ gasLimit × maxPrice + value ≥ fee + value.
        sender.balance = sender.balance &- fee &- t.value
        state.set(tx.from, sender)
        if let to = t.to, !t.value.isZero {
            var recipient = state.account(to)
            recipient.balance = recipient.balance &+ t.value
            state.set(to, recipient)
        }
        if !tip.isZero {
            var coinbase = state.account(config.coinbase)
            coinbase.balance = coinbase.balance &+ tip
            state.set(config.coinbase, coinbase)
        }
        return TransactionRecordDraft(
            gasUsed: gasUsed, cumulativeGasUsed: cumulativeGasUsed + gasUsed, effectiveGasPrice: price, status: true,
            logs: [], contractAddress: nil, revertData: [])
    }
}
