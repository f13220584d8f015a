import MintSimPrimitives

/// MintSim's fixed gas schedule. Native transfers cost what Ethereum charges; contract operations
/// (added with the contract models) cost fixed amounts close to what the OpenZeppelin contracts
/// cost on mainnet.
public enum GasSchedule {
    /// Every transaction.
    public static let transaction: UInt64 = 21_000
    /// Each zero byte of calldata (EIP-2028).
    public static let zeroByte: UInt64 = 4
    /// Each non-zero byte of calldata (EIP-2028).
    public static let nonZeroByte: UInt64 = 16
    /// Each access-list address (EIP-2930).
    public static let accessListAddress: UInt64 = 2_400
    /// Each access-list storage key (EIP-2930).
    public static let accessListStorageKey: UInt64 = 1_900
    /// Creating a contract (EIP-2).
    public static let contractCreation: UInt64 = 32_000
    /// Each 32-byte word of init code (EIP-3860).
    public static let initCodeWord: UInt64 = 2

    /// The gas a transaction costs before it executes anything.
    public static func intrinsicGas(_ tx: Transaction) -> UInt64 {
        var gas = transaction
        for byte in tx.data { gas += byte == 0 ? zeroByte : nonZeroByte }
        for entry in tx.accessList {
            gas += accessListAddress + accessListStorageKey * UInt64(entry.storageKeys.count)
        }
        if tx.to == nil {
            gas += contractCreation + initCodeWord * UInt64((tx.data.count + 31) / 32)
        }
        return gas
    }
}
