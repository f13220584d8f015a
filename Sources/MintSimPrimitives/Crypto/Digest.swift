import Foundation
internal import COpenSSL

/// SHA-2 digests, HMAC and PBKDF2 through OpenSSL.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = SHA256(bytes, bytes.count, &out)
        return out
    }

    /// HMAC-SHA512(key, message).
    public static func hmacSHA512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 64
        _ = HMAC(EVP_sha512(), key, Int32(key.count), message, message.count, &out, &length)
        return out
    }

    /// HMAC-SHA256(key, message).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        _ = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &out, &length)
        return out
    }

    /// HMAC-SHA1(key, message) (for TOTP codes, RFC 6238).
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 20
        _ = HMAC(EVP_sha1(), key, Int32(key.count), message, message.count, &out, &length)
        return out
    }

    /// PBKDF2-HMAC-SHA512.
    public static func pbkdf2SHA512(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let passwordChars = password.map { CChar(bitPattern: $0) }
        _ = PKCS5_PBKDF2_HMAC(passwordChars, Int32(password.count), salt, Int32(salt.count), Int32(iterations), EVP_sha512(), Int32(length), &out)
        return out
    }
}
