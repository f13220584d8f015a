import Foundation

/// A BIP-39 mnemonic phrase in the English word list.
public struct Mnemonic: Hashable, Sendable, CustomStringConvertible {
    /// The phrase used by Anvil and Hardhat, whose account 0 is 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266.
    public static let defaultPhrase = "test test test test test test test test test test test junk"

    public let words: [String]

    /// Validates a phrase: 12, 15, 18, 21 or 24 words from the English list with a correct checksum.
    /// Words may be separated by any run of spaces; case is ignored.
    public init(_ phrase: String) throws(MnemonicError) {
        let words = phrase.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard [12, 15, 18, 21, 24].contains(words.count) else {
            throw MnemonicError(.wordCount, "invalid mnemonic: expected 12, 15, 18, 21 or 24 words, got \(words.count)")
        }
        var bits: [Bool] = []
        bits.reserveCapacity(words.count * 11)
        for (position, word) in words.enumerated() {
            guard let index = Mnemonic.wordIndex[word] else {
                throw MnemonicError(.unknownWord, "invalid mnemonic: word \(position + 1) \"\(word)\" is not in the BIP-39 English word list")
            }
            for bit in (0..<11).reversed() { bits.append((index >> bit) & 1 == 1) }
        }
        let checksumBits = words.count * 11 / 33
        let entropyBits = bits.count - checksumBits
        var entropy = [UInt8](repeating: 0, count: entropyBits / 8)
        for i in 0..<entropyBits where bits[i] { entropy[i / 8] |= 0x80 >> UInt8(i % 8) }
        let digest = Digest.sha256(entropy)
        for i in 0..<checksumBits {
            let expected = (digest[i / 8] >> (7 - UInt8(i % 8))) & 1 == 1
            guard bits[entropyBits + i] == expected else {
                throw MnemonicError(.badChecksum, "invalid mnemonic: checksum mismatch (a word is wrong or out of order)")
            }
        }
        self.words = words
    }

    /// The words joined by single spaces.
    public var phrase: String { words.joined(separator: " ") }
    public var description: String { phrase }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 over the NFKD-normalised phrase, salt
    /// "mnemonic" + passphrase, 2048 iterations.
    public func seed(passphrase: String = "") -> [UInt8] {
        let password = Array(phrase.decomposedStringWithCompatibilityMapping.utf8)
        let salt = Array(("mnemonic" + passphrase).decomposedStringWithCompatibilityMapping.utf8)
        return Digest.pbkdf2SHA512(password: password, salt: salt, iterations: 2048, length: 64)
    }

    static let wordIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: bip39EnglishWordlist.enumerated().map { ($1, $0) })
}

/// A BIP-32 derivation path such as `m/44'/60'/0'/0/0`.
public struct DerivationPath: Hashable, Sendable, CustomStringConvertible {
    public static let hardenedOffset: UInt32 = 0x8000_0000
    /// Child indices; hardened ones include `hardenedOffset`.
    public let indices: [UInt32]

    public init(indices: [UInt32]) { self.indices = indices }

    /// Parses `m/…` with `'`, `h` or `H` marking hardened levels. With `prefix`, one trailing `/` is
    /// allowed (`m/44'/60'/0'/0/`, a path that account indices are appended to).
    public init(_ text: String, prefix: Bool = false) throws(MnemonicError) {
        var body = Substring(text)
        if prefix && body.hasSuffix("/") && body.count > 1 { body = body.dropLast() }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.first == "m" else {
            throw MnemonicError(.invalidPath, "invalid derivation path \"\(text)\": must start with m/")
        }
        var indices: [UInt32] = []
        for part in parts.dropFirst() {
            var digits = Substring(part)
            var hardened = false
            if let last = digits.last, last == "'" || last == "h" || last == "H" {
                hardened = true
                digits = digits.dropLast()
            }
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = UInt32(digits), n < DerivationPath.hardenedOffset else {
                throw MnemonicError(.invalidPath, "invalid derivation path \"\(text)\": \"\(part)\" is not an index below 2^31")
            }
            indices.append(hardened ? n | DerivationPath.hardenedOffset : n)
        }
        self.indices = indices
    }

    /// The Ethereum account path m/44'/60'/0'/0/`index`.
    public static func ethereum(index: UInt32) -> DerivationPath {
        DerivationPath(indices: [44 | hardenedOffset, 60 | hardenedOffset, hardenedOffset, 0, index])
    }

    public var description: String {
        (["m"] + indices.map { $0 >= DerivationPath.hardenedOffset ? "\($0 - DerivationPath.hardenedOffset)'" : "\($0)" })
            .joined(separator: "/")
    }
}

/// BIP-32 hierarchical deterministic key derivation (private derivation only).
public enum HDKey {
    /// Derives the private key at `path` from a BIP-39 seed.
    public static func derive(seed: [UInt8], path: DerivationPath) throws(MnemonicError) -> PrivateKey {
        let master = Digest.hmacSHA512(key: Array("Bitcoin seed".utf8), message: seed)
        guard var key = try? PrivateKey(bytes: Array(master[0..<32])) else {
            throw MnemonicError(.derivationFailed, "BIP-32: the master key from this seed is invalid")
        }
        var chainCode = Array(master[32..<64])
        for index in path.indices {
            var data: [UInt8]
            if index >= DerivationPath.hardenedOffset {
                data = [0] + key.bytes
            } else {
                data = key.publicKey.compressed
            }
            data += [UInt8(index >> 24), UInt8((index >> 16) & 0xff), UInt8((index >> 8) & 0xff), UInt8(index & 0xff)]
            let i = Digest.hmacSHA512(key: chainCode, message: data)
            guard let child = key.tweakAdd(Array(i[0..<32])) else {
                throw MnemonicError(.derivationFailed, "BIP-32: index \(index) of \(path) gives an invalid key; use the next index")
            }
            key = child
            chainCode = Array(i[32..<64])
        }
        return key
    }
}

/// A development account: an index, its private key and address.
public struct DevAccount: Hashable, Sendable {
    public let index: Int
    public let path: DerivationPath
    public let privateKey: PrivateKey
    public let address: Address
}

extension Mnemonic {
    /// The first `count` accounts at m/44'/60'/0'/0/i (or `pathPrefix` + i), as Anvil derives them.
    public func accounts(count: Int, passphrase: String = "", pathPrefix: DerivationPath = DerivationPath(indices: [
        44 | DerivationPath.hardenedOffset, 60 | DerivationPath.hardenedOffset, DerivationPath.hardenedOffset, 0,
    ])) throws(MnemonicError) -> [DevAccount] {
        let seed = seed(passphrase: passphrase)
        var out: [DevAccount] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let path = DerivationPath(indices: pathPrefix.indices + [UInt32(i)])
            let key = try HDKey.derive(seed: seed, path: path)
            out.append(DevAccount(index: i, path: path, privateKey: key, address: key.address))
        }
        return out
    }
}

public struct MnemonicError: CodedError {
    public enum Code: Sendable, Equatable { case wordCount, unknownWord, badChecksum, invalidPath, derivationFailed }
    public let code: Code
    public let message: String
    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
