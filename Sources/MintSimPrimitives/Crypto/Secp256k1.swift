import Foundation
internal import CSecp256k1
internal import COpenSSL

/// The process-wide libsecp256k1 context. It is created once, randomised for side-channel
/// protection (which does not change any signature: nonces are RFC 6979), and only read afterwards,
/// which libsecp256k1 documents as safe from any thread.
enum Secp256k1 {
    nonisolated(unsafe) static let context: OpaquePointer = {
        guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            preconditionFailure("libsecp256k1 could not allocate a context")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        if RAND_bytes(&seed, 32) == 1 {
            _ = secp256k1_context_randomize(ctx, seed)
        }
        return ctx
    }()

    /// The order n of the curve's base point.
    static let order = UInt256(limbs: (0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF))
    /// n / 2: signatures with s above it are malleable twins (EIP-2 rejects them in transactions).
    static let halfOrder = UInt256(limbs: (0xDFE92F46681B20A0, 0x5D576E7357A4501D, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF))
}

/// A secp256k1 private key: 32 bytes, a scalar in [1, n−1].
public struct PrivateKey: Sendable, Hashable {
    /// The 32 big-endian bytes of the scalar.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32 else {
            throw KeyError(.invalidPrivateKey, "invalid private key: expected 32 bytes, got \(bytes.count)")
        }
        guard secp256k1_ec_seckey_verify(Secp256k1.context, bytes) == 1 else {
            throw KeyError(.invalidPrivateKey, "invalid private key: must be between 1 and the curve order minus 1")
        }
        self.bytes = bytes
    }

    /// Parses 64 hex digits, with or without `0x`.
    public init(hex: String) throws(KeyError) {
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(hex)
        } catch {
            // The reason only: a mistyped key must not end up in logs.
            throw KeyError(.invalidPrivateKey, "invalid private key: \(error.reason)")
        }
        try self.init(bytes: bytes)
    }

    /// `0x` and 64 hex digits.
    public var hex: String { bytes.hex }

    /// The public key (a point on the curve).
    public var publicKey: PublicKey {
        var pubkey = secp256k1_pubkey()
        // Cannot fail: the scalar was verified in the initialiser.
        _ = secp256k1_ec_pubkey_create(Secp256k1.context, &pubkey, bytes)
        return PublicKey(serializing: pubkey)
    }

    /// The Ethereum address of this key.
    public var address: Address { publicKey.address }

    /// Signs a 32-byte digest with a deterministic RFC 6979 nonce; the signature has a low s (EIP-2).
    public func sign(hash: Hash) -> Signature {
        var signature = secp256k1_ecdsa_recoverable_signature()
        // Cannot fail for a valid key: RFC 6979 retries internally until it finds a usable nonce.
        _ = secp256k1_ecdsa_sign_recoverable(Secp256k1.context, &signature, hash.bytes, bytes, nil, nil)
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryId: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.context, &compact, &recoveryId, &signature)
        return Signature(compact: compact, recoveryId: UInt8(recoveryId))
    }

    /// Adds `tweak` to the key modulo n (the BIP-32 child key step); nil if the result is invalid.
    func tweakAdd(_ tweak: [UInt8]) -> PrivateKey? {
        var key = bytes
        guard secp256k1_ec_seckey_tweak_add(Secp256k1.context, &key, tweak) == 1,
            let child = try? PrivateKey(bytes: key)
        else { return nil }
        return child
    }
}

extension PrivateKey: CustomStringConvertible {
    /// Never prints the secret itself.
    public var description: String { "PrivateKey(\(address))" }
}

/// A secp256k1 public key.
public struct PublicKey: Sendable, Hashable {
    /// The 64 bytes x ‖ y of the point (uncompressed form without its 0x04 prefix).
    public let rawBytes: [UInt8]

    fileprivate init(serializing pubkey: secp256k1_pubkey) {
        var key = pubkey
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(Secp256k1.context, &out, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        rawBytes = Array(out[1...])
    }

    /// Parses a 65-byte uncompressed (0x04…) or 33-byte compressed (0x02/0x03…) key.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 65 || bytes.count == 33 else {
            throw KeyError(.invalidPublicKey, "invalid public key: expected 33 or 65 bytes, got \(bytes.count)")
        }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1.context, &pubkey, bytes, bytes.count) == 1 else {
            throw KeyError(.invalidPublicKey, "invalid public key: not a point on secp256k1")
        }
        self.init(serializing: pubkey)
    }

    /// The 65-byte uncompressed encoding, 0x04 ‖ x ‖ y.
    public var uncompressed: [UInt8] { [0x04] + rawBytes }

    /// The 33-byte compressed encoding, 0x02/0x03 ‖ x.
    public var compressed: [UInt8] {
        [(rawBytes[63] & 1) == 0 ? 0x02 : 0x03] + rawBytes[0..<32]
    }

    /// keccak256(x ‖ y)[12:].
    public var address: Address { Address(lastBytesOf: Keccak256.hash(rawBytes)) }

    /// Checks an ECDSA signature over `hash`. Only low-s signatures verify (as libsecp256k1 and EIP-2 require).
    public func verify(_ signature: Signature, hash: Hash) -> Bool {
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1.context, &pubkey, uncompressed, 65) == 1 else { return false }
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(Secp256k1.context, &sig, signature.compact) == 1 else { return false }
        return secp256k1_ecdsa_verify(Secp256k1.context, &sig, hash.bytes, &pubkey) == 1
    }
}

/// A recoverable ECDSA signature: r, s and the recovery id (y parity of the nonce point, 0 or 1).
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    public let r: UInt256
    public let s: UInt256
    public let recoveryId: UInt8

    public init(r: UInt256, s: UInt256, recoveryId: UInt8) {
        self.r = r
        self.s = s
        self.recoveryId = recoveryId
    }

    init(compact: [UInt8], recoveryId: UInt8) {
        r = (try? UInt256(bigEndian: compact[0..<32])) ?? .zero
        s = (try? UInt256(bigEndian: compact[32..<64])) ?? .zero
        self.recoveryId = recoveryId
    }

    /// r ‖ s, 64 bytes.
    public var compact: [UInt8] { r.bytes32 + s.bytes32 }

    /// r ‖ s ‖ v with v = 27 + recovery id, the 65-byte form `eth_sign` returns.
    public var bytes65: [UInt8] { compact + [27 + recoveryId] }

    /// Whether s is in the lower half of the curve order (the canonical form EIP-2 requires).
    public var isLowS: Bool { s <= Secp256k1.halfOrder }

    public var description: String { "Signature(r: \(r.hexString), s: \(s.hexString), recoveryId: \(recoveryId))" }

    /// Parses a 65-byte r ‖ s ‖ v signature where v is 0, 1, 27 or 28.
    public init(bytes65 bytes: [UInt8]) throws(SignatureError) {
        guard bytes.count == 65 else {
            throw SignatureError(.invalidEncoding, "invalid signature: expected 65 bytes, got \(bytes.count)")
        }
        let v = bytes[64]
        guard v == 0 || v == 1 || v == 27 || v == 28 else {
            throw SignatureError(.invalidRecoveryId, "invalid signature: v must be 0, 1, 27 or 28, got \(v)")
        }
        self.init(compact: Array(bytes[0..<64]), recoveryId: v >= 27 ? v - 27 : v)
    }

    /// Recovers the public key that produced this signature over `hash`.
    public func recoverPublicKey(hash: Hash) throws(SignatureError) -> PublicKey {
        guard recoveryId <= 1 else {
            throw SignatureError(.invalidRecoveryId, "invalid signature: recovery id must be 0 or 1, got \(recoveryId)")
        }
        guard !r.isZero, !s.isZero, r < Secp256k1.order, s < Secp256k1.order else {
            throw SignatureError(.outOfRange, "invalid signature: r and s must be between 1 and the curve order minus 1")
        }
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(Secp256k1.context, &sig, compact, Int32(recoveryId)) == 1 else {
            throw SignatureError(.outOfRange, "invalid signature: r or s out of range")
        }
        var pubkey = secp256k1_pubkey()
        let ok = secp256k1_ecdsa_recover(Secp256k1.context, &pubkey, &sig, hash.bytes)
        guard ok == 1 else {
            throw SignatureError(.unrecoverable, "invalid signature: no public key recovers from it")
        }
        return PublicKey(serializing: pubkey)
    }

    /// Recovers the signer's address.
    public func recoverAddress(hash: Hash) throws(SignatureError) -> Address {
        try recoverPublicKey(hash: hash).address
    }
}

public struct KeyError: CodedError {
    public enum Code: Sendable, Equatable { case invalidPrivateKey, invalidPublicKey }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

public struct SignatureError: CodedError {
    public enum Code: Sendable, Equatable { case invalidEncoding, invalidRecoveryId, outOfRange, unrecoverable }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
