import Foundation
internal import CKeccak

/// Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256).
///
/// One-shot: `Keccak256.hash(bytes)`. Streaming: create a value, `update` it any number of times,
/// then `finalize()`.
public struct Keccak256: Sendable {
    private var context = mintsim_keccak256_ctx()

    public init() {
        mintsim_keccak256_init(&context)
    }

    /// Absorbs more input.
    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            mintsim_keccak256_update(&context, base.assumingMemoryBound(to: UInt8.self), raw.count)
        }
    }

    /// Absorbs the UTF-8 bytes of a string.
    public mutating func update(_ string: String) {
        var copy = string
        copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            mintsim_keccak256_update(&context, base, buffer.count)
        }
    }

    /// Returns the digest of everything absorbed and resets the state.
    public mutating func finalize() -> Hash {
        var out = Hash.Storage(0, 0, 0, 0)
        withUnsafeMutablePointer(to: &out) { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: 32) { mintsim_keccak256_final(&context, $0) }
        }
        return Hash(rawStorage: out)
    }

    /// The Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: some ContiguousBytes) -> Hash {
        var out = Hash.Storage(0, 0, 0, 0)
        bytes.withUnsafeBytes { raw in
            withUnsafeMutablePointer(to: &out) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 32) { dst in
                    mintsim_keccak256(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, dst)
                }
            }
        }
        return Hash(rawStorage: out)
    }

    /// The Keccak-256 digest of a byte array (the common case, without generic dispatch).
    public static func hash(_ bytes: [UInt8]) -> Hash {
        var out = Hash.Storage(0, 0, 0, 0)
        bytes.withUnsafeBufferPointer { src in
            withUnsafeMutablePointer(to: &out) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 32) { mintsim_keccak256(src.baseAddress, src.count, $0) }
            }
        }
        return Hash(rawStorage: out)
    }

    /// The Keccak-256 digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> Hash {
        hash(Array(string.utf8))
    }
}
