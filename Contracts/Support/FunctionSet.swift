import MintSimPrimitives

/// The functions one part of a contract answers, as an enum whose raw values are their 4-byte
/// selectors, so that dispatch is a single switch. Each case carries its human-readable declaration;
/// the interface tests check every raw value against keccak256 of the declared signature.
public protocol FunctionSet: RawRepresentable, CaseIterable, Sendable where RawValue == UInt32 {
    var declaration: String { get }
}

extension FunctionSet {
    /// The declarations of every function of the set.
    public static var declarations: [String] { allCases.map(\.declaration) }
}

/// Role ids: keccak256 of the role's name, as OpenZeppelin's examples define them.
public enum Role {
    public static let defaultAdmin = Hash.zero
    public static let minter = Keccak256.hash(Array("MINTER_ROLE".utf8))
    public static let burner = Keccak256.hash(Array("BURNER_ROLE".utf8))
    public static let pauser = Keccak256.hash(Array("PAUSER_ROLE".utf8))
    public static let uriSetter = Keccak256.hash(Array("URI_SETTER_ROLE".utf8))

    /// The id of a role given by name (`MINTER_ROLE`, `DEFAULT_ADMIN_ROLE`) or as 32 bytes of hex.
    public static func id(named name: String) -> Hash? {
        if name == "DEFAULT_ADMIN_ROLE" { return defaultAdmin }
        if name.hasPrefix("0x") { return try? Hash(hex: name) }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return Keccak256.hash(Array(name.utf8))
    }
}

/// ERC-165 interface ids.
enum InterfaceId {
    static let erc165: UInt32 = 0x01ff_c9a7
    static let accessControl: UInt32 = 0x7965_db0b
    static let erc721: UInt32 = 0x80ac_58cd
    static let erc721Metadata: UInt32 = 0x5b5e_139f
    static let erc1155: UInt32 = 0xd9b6_7a26
    static let erc1155MetadataURI: UInt32 = 0x0e89_341c
    /// ERC-4906 (metadata update events), which OpenZeppelin's ERC721URIStorage reports.
    static let erc4906: UInt32 = 0x4906_4906
}
