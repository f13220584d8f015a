import Foundation
import MintSimPrimitives

/// Claim signatures as ONCHAINID checks them: the issuer's key signs, with the `eth_sign` prefix,
/// keccak256(abi.encode(identity, topic, data)).
public enum ClaimSigning {
    /// keccak256(abi.encode(identity, topic, data)).
    public static func dataHash(identity: Address, topic: UInt256, data: [UInt8]) -> Hash {
        // abi.encode(address, uint256, bytes): two head words, the offset of the bytes (0x60), their
        // length, then the bytes padded with zeros to a whole word.
        var encoded = identity.word + topic.bytes32 + UInt256(UInt64(0x60)).bytes32 + UInt256(UInt64(data.count)).bytes32
        encoded.reserveCapacity(encoded.count + data.count + 31)
        encoded += data
        encoded += [UInt8](repeating: 0, count: (32 - data.count % 32) % 32)
        return Keccak256.hash(encoded)
    }

    /// keccak256("\x19Ethereum Signed Message:\n32" ‖ hash): what `eth_sign`/`signMessage` signs.
    public static func prefixedHash(_ hash: Hash) -> Hash {
        Keccak256.hash(Array("\u{19}Ethereum Signed Message:\n32".utf8) + hash.bytes)
    }

    /// The 65-byte signature r ‖ s ‖ v (v = 27 or 28) of a claim, as ethers'
    /// `signMessage(arrayify(keccak256(abi.encode(identity, topic, data))))` makes it.
    public static func signature(identity: Address, topic: UInt256, data: [UInt8], key: PrivateKey) -> [UInt8] {
        key.sign(hash: prefixedHash(dataHash(identity: identity, topic: topic, data: data))).bytes65
    }
}

/// ONCHAINID's `getRecoveredAddress` with a process-wide memo: the signer of a digest is a pure
/// function of (digest, signature), so answers are the same with or without the cache.
enum SignerRecovery {
    /// What the ecrecover precompile costs.
    static let ecrecoverGas: UInt64 = 3_000
    /// Entries kept before the cache starts over.
    static let capacity = 4_096

    private struct Key: Hashable {
        let digest: Hash
        let signature: [UInt8]
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var entries: [Key: Address] = [:]
    }

    private static let cache = Cache()

    /// The signer, or the zero address where ecrecover would return it: a signature that is not
    /// 65 bytes, a v other than 27 or 28 (after adding 27 to a v below 27), r or s out of range.
    static func recover(signature: [UInt8], digest: Hash) -> Address {
        guard signature.count == 65 else { return .zero }
        let key = Key(digest: digest, signature: signature)
        cache.lock.lock()
        let cached = cache.entries[key]
        cache.lock.unlock()
        if let cached { return cached }
        let address = recoverUncached(signature: signature, digest: digest)
        cache.lock.lock()
        if cache.entries.count >= capacity { cache.entries.removeAll(keepingCapacity: true) }
        cache.entries[key] = address
        cache.lock.unlock()
        return address
    }

    /// `getRecoveredAddress` without the cache.
    static func recoverUncached(signature: [UInt8], digest: Hash) -> Address {
        guard signature.count == 65 else { return .zero }
        var v = signature[64]
        if v < 27 { v += 27 }
        guard v == 27 || v == 28 else { return .zero }
        let r = (try? UInt256(bigEndian: signature[0..<32])) ?? .zero
        let s = (try? UInt256(bigEndian: signature[32..<64])) ?? .zero
        return (try? Signature(r: r, s: s, recoveryId: v - 27).recoverAddress(hash: digest)) ?? .zero
    }

    /// How many answers the cache holds.
    static var cachedCount: Int {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        return cache.entries.count
    }
}
