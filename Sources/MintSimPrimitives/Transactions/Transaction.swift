/// The three Ethereum transaction envelopes MintSim accepts.
public enum TransactionType: UInt8, Sendable, Hashable, Codable {
    /// Legacy, optionally replay-protected with EIP-155.
    case legacy = 0
    /// EIP-2930: access list, type byte 0x01.
    case accessList = 1
    /// EIP-1559: priority fee and fee cap, type byte 0x02.
    case dynamicFee = 2
}

/// One entry of an EIP-2930 access list.
public struct AccessListEntry: Hashable, Sendable, Codable {
    public var address: Address
    public var storageKeys: [Hash]

    public init(address: Address, storageKeys: [Hash] = []) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

/// An unsigned transaction of any of the three types.
public struct Transaction: Hashable, Sendable {
    public var type: TransactionType
    /// Required for typed transactions; nil only for a legacy transaction without EIP-155.
    public var chainId: UInt256?
    public var nonce: UInt64
    /// Legacy and EIP-2930 gas price.
    public var gasPrice: UInt256
    /// EIP-1559 tip.
    public var maxPriorityFeePerGas: UInt256
    /// EIP-1559 fee cap.
    public var maxFeePerGas: UInt256
    public var gasLimit: UInt64
    /// nil creates a contract.
    public var to: Address?
    public var value: UInt256
    public var data: [UInt8]
    public var accessList: [AccessListEntry]

    public init(
        type: TransactionType = .dynamicFee, chainId: UInt256? = 31337, nonce: UInt64 = 0,
        gasPrice: UInt256 = .zero, maxPriorityFeePerGas: UInt256 = .zero, maxFeePerGas: UInt256 = .zero,
        gasLimit: UInt64 = 21000, to: Address?, value: UInt256 = .zero, data: [UInt8] = [],
        accessList: [AccessListEntry] = []
    ) {
        self.type = type
        self.chainId = chainId
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
    }

    /// Writes the fields before the signature, in the order the type defines.
    func writePayloadFields(_ w: inout RLPWriter) {
        switch type {
        case .legacy:
            w.append(uint: nonce)
            w.append(uint: gasPrice)
            w.append(uint: gasLimit)
            writeCommonTail(&w, accessList: false)
        case .accessList:
            w.append(uint: chainId ?? .zero)
            w.append(uint: nonce)
            w.append(uint: gasPrice)
            w.append(uint: gasLimit)
            writeCommonTail(&w, accessList: true)
        case .dynamicFee:
            w.append(uint: chainId ?? .zero)
            w.append(uint: nonce)
            w.append(uint: maxPriorityFeePerGas)
            w.append(uint: maxFeePerGas)
            w.append(uint: gasLimit)
            writeCommonTail(&w, accessList: true)
        }
    }

    private func writeCommonTail(_ w: inout RLPWriter, accessList withAccessList: Bool) {
        if let to { w.append(address: to) } else { w.append(bytes: [UInt8]()) }
        w.append(uint: value)
        w.append(bytes: data)
        if withAccessList {
            w.list { list in
                for entry in accessList {
                    list.list { item in
                        item.append(address: entry.address)
                        item.list { keys in
                            for key in entry.storageKeys { keys.append(hash: key) }
                        }
                    }
                }
            }
        }
    }

    /// Checks what must hold before signing: typed transactions need a chain id.
    public func validate() throws(TransactionError) {
        if type != .legacy && chainId == nil {
            throw TransactionError(.missingChainId, "a type \(type.rawValue) transaction needs a chain id")
        }
    }

    /// The bytes whose Keccak-256 is signed.
    public var signingPayload: [UInt8] {
        var w = RLPWriter(capacity: data.count + 128)
        if type != .legacy { w.append(encoded: [type.rawValue]) }
        w.list { fields in
            writePayloadFields(&fields)
            if type == .legacy, let chainId {  // EIP-155
                fields.append(uint: chainId)
                fields.append(uint: UInt64(0))
                fields.append(uint: UInt64(0))
            }
        }
        return w.bytes
    }

    /// The hash the sender signs.
    public var signingHash: Hash { Keccak256.hash(signingPayload) }

    /// Signs with `key` (RFC 6979, low s).
    public func signed(with key: PrivateKey) throws(TransactionError) -> SignedTransaction {
        try validate()
        let signature = key.sign(hash: signingHash)
        return SignedTransaction(transaction: self, signature: signature)
    }
}

/// A transaction with its signature; the sender is recovered from the signature.
public struct SignedTransaction: Hashable, Sendable {
    public let transaction: Transaction
    public let signature: Signature

    public init(transaction: Transaction, signature: Signature) {
        self.transaction = transaction
        self.signature = signature
    }

    /// v as it appears in the encoding: 27/28 for a pre-EIP-155 legacy transaction, chainId·2+35+y for
    /// EIP-155, and the y parity (0/1) for typed transactions.
    public var v: UInt256 {
        let parity = UInt256(UInt64(signature.recoveryId))
        switch transaction.type {
        case .legacy:
            guard let chainId = transaction.chainId else { return UInt256(27) &+ parity }
            return chainId &* UInt256(2) &+ UInt256(35) &+ parity
        case .accessList, .dynamicFee:
            return parity
        }
    }

    /// The signed serialisation: RLP list for legacy, type byte ‖ RLP list for typed transactions.
    public var rawBytes: [UInt8] {
        var w = RLPWriter(capacity: transaction.data.count + 192)
        if transaction.type != .legacy { w.append(encoded: [transaction.type.rawValue]) }
        w.list { fields in
            transaction.writePayloadFields(&fields)
            fields.append(uint: v)
            fields.append(uint: signature.r)
            fields.append(uint: signature.s)
        }
        return w.bytes
    }

    /// keccak256 of the raw bytes: the transaction hash.
    public var hash: Hash { Keccak256.hash(rawBytes) }

    /// The address whose key signed the transaction.
    public func recoverSender() throws(TransactionError) -> Address {
        do {
            return try signature.recoverAddress(hash: transaction.signingHash)
        } catch {
            throw TransactionError(.invalidSignature, "transaction signature: \(error.message)")
        }
    }

    /// Decodes a raw signed transaction of any of the three types. Malformed RLP, a wrong field count,
    /// non-canonical integers, a `to` that is not 20 bytes, an unknown type byte, a v that does not
    /// match the type, and r/s outside the curve order or a high s (EIP-2) are all errors.
    public init(raw: [UInt8]) throws(TransactionError) {
        guard let first = raw.first else {
            throw TransactionError(.malformed, "empty transaction")
        }
        let type: TransactionType
        let body: [UInt8]
        if first >= 0xc0 {
            type = .legacy
            body = raw
        } else if first == 0x01 || first == 0x02 {
            type = first == 0x01 ? .accessList : .dynamicFee
            body = Array(raw.dropFirst())
        } else if first <= 0x7f {
            throw TransactionError(.unsupportedType, "unsupported transaction type 0x\(String(format2: first))")
        } else {
            throw TransactionError(.malformed, "not a transaction: first byte 0x\(String(format2: first)) starts neither a type nor an RLP list")
        }
        guard !body.isEmpty else {
            throw TransactionError(.malformed, "type \(type.rawValue) transaction has nothing after its type byte")
        }
        let fields: [RLPItem]
        do {
            let item = try RLP.decode(body)
            fields = try item.listValue("transaction")
        } catch {
            // Offsets count from the start of the raw bytes, type byte included.
            let shift = type == .legacy ? 0 : 1
            let located = RLPError(error.code, offset: error.offset.map { $0 + shift }, error.reason)
            throw TransactionError(.malformed, "transaction: \(located.message)")
        }
        let expected = type == .legacy ? 9 : type == .accessList ? 11 : 12
        guard fields.count == expected else {
            throw TransactionError(.malformed, "type \(type.rawValue) transaction must have \(expected) fields, got \(fields.count)")
        }
        do {
            var tx = Transaction(type: type, chainId: nil, to: nil)
            var i = 0
            func next() -> RLPItem {
                defer { i += 1 }
                return fields[i]
            }
            if type != .legacy { tx.chainId = try next().uint256Value("chainId") }
            tx.nonce = try next().uint64Value("nonce")
            if type == .dynamicFee {
                tx.maxPriorityFeePerGas = try next().uint256Value("maxPriorityFeePerGas")
                tx.maxFeePerGas = try next().uint256Value("maxFeePerGas")
            } else {
                tx.gasPrice = try next().uint256Value("gasPrice")
            }
            tx.gasLimit = try next().uint64Value("gas")
            let to = try next().bytesValue("to")
            switch to.count {
            case 0: tx.to = nil
            case 20: tx.to = try? Address(bytes: to)
            default: throw TransactionError(.malformed, "to: expected 0 or 20 bytes, got \(to.count)")
            }
            tx.value = try next().uint256Value("value")
            tx.data = try next().bytesValue("data")
            if type != .legacy {
                let entries = try next().listValue("accessList")
                tx.accessList = []
                for (n, entry) in entries.enumerated() {
                    let parts = try entry.listValue("accessList[\(n)]")
                    guard parts.count == 2 else {
                        throw TransactionError(.malformed, "accessList[\(n)]: expected [address, storageKeys], got \(parts.count) items")
                    }
                    let addressBytes = try parts[0].bytesValue("accessList[\(n)].address")
                    guard addressBytes.count == 20, let address = try? Address(bytes: addressBytes) else {
                        throw TransactionError(.malformed, "accessList[\(n)].address: expected 20 bytes, got \(addressBytes.count)")
                    }
                    var keys: [Hash] = []
                    for (k, keyItem) in try parts[1].listValue("accessList[\(n)].storageKeys").enumerated() {
                        let keyBytes = try keyItem.bytesValue("accessList[\(n)].storageKeys[\(k)]")
                        guard keyBytes.count == 32, let key = try? Hash(bytes: keyBytes) else {
                            throw TransactionError(.malformed, "accessList[\(n)].storageKeys[\(k)]: expected 32 bytes, got \(keyBytes.count)")
                        }
                        keys.append(key)
                    }
                    tx.accessList.append(AccessListEntry(address: address, storageKeys: keys))
                }
            }
            let v = try next().uint256Value("v")
            let r = try next().uint256Value("r")
            let s = try next().uint256Value("s")
            let recoveryId: UInt8
            if type == .legacy {
                if v == UInt256(27) || v == UInt256(28) {
                    tx.chainId = nil
                    recoveryId = v == UInt256(27) ? 0 : 1
                } else if v >= UInt256(35) {
                    let (q, rem) = (v &- UInt256(35)).quotientAndRemainder(dividingBy: UInt256(2)) ?? (.zero, .zero)
                    tx.chainId = q
                    recoveryId = rem.isZero ? 0 : 1
                } else {
                    throw TransactionError(.invalidSignature, "legacy transaction v must be 27, 28 or chainId*2+35/36, got \(v)")
                }
            } else {
                guard v <= .one else {
                    throw TransactionError(.invalidSignature, "type \(type.rawValue) transaction y parity must be 0 or 1, got \(v)")
                }
                recoveryId = v.isZero ? 0 : 1
            }
            guard !r.isZero, !s.isZero, r < Secp256k1.order, s < Secp256k1.order else {
                throw TransactionError(.invalidSignature, "signature r and s must be between 1 and the curve order minus 1")
            }
            guard s <= Secp256k1.halfOrder else {
                throw TransactionError(.invalidSignature, "signature s is in the upper half of the curve order (EIP-2)")
            }
            self.init(transaction: tx, signature: Signature(r: r, s: s, recoveryId: recoveryId))
        } catch let error as TransactionError {
            throw error
        } catch let error as RLPError {
            throw TransactionError(.malformed, "transaction field \(error.reason)")
        } catch {
            throw TransactionError(.malformed, "transaction: \(error)")
        }
    }
}

extension String {
    /// Two lowercase hex digits.
    init(format2 byte: UInt8) {
        self = (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }
}

public struct TransactionError: CodedError {
    public enum Code: Sendable, Equatable { case malformed, unsupportedType, invalidSignature, missingChainId, invalidField }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
