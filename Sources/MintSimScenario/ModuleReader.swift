import MintSimContracts
import MintSimPrimitives
import Yams

/// Compliance modules as scenario files and setup files declare them (`{module: max-balance, max:
/// "5000"}` and the like): how each reads its values (countries, amounts, accounts, durations) is the
/// file's own.
package struct ModuleReader {
    package static let names = [
        "country-allow", "country-restrict", "max-balance", "max-holders", "supply-limit", "transfer-restrict", "time-transfers-limits",
    ]

    let reader: YAMLReader
    let country: (YNode, String) -> UInt16?
    let amount: (YNode, Int, String) -> UInt256?
    let account: (YNode, String) -> Address?
    let duration: (YNode, String) -> UInt64?

    /// A duration as scenario and setup files write it: seconds, or a number with a unit (`90s`,
    /// `15m`, `2h`, `1d`, `1w`); nil after saying what is wrong.
    package static func duration(_ node: YNode, _ what: String, reader: YAMLReader) -> UInt64? {
        guard let text = reader.string(node, what) else { return nil }
        guard let seconds = Checker.duration(text) else {
            reader.error(node, "\(what): '\(text)' is not a duration (seconds, or a number with s, m, h, d or w: 90s, 15m, 2h, 1d, 1w)")
            return nil
        }
        return seconds
    }

    package init(
        reader: YAMLReader, country: @escaping (YNode, String) -> UInt16?, amount: @escaping (YNode, Int, String) -> UInt256?,
        account: @escaping (YNode, String) -> Address?, duration: @escaping (YNode, String) -> UInt64?
    ) {
        self.reader = reader
        self.country = country
        self.amount = amount
        self.account = account
        self.duration = duration
    }

    /// A compliance module: `{module: country-allow, countries: [US, GB]}` and the like.
    package func module(_ node: YNode, _ what: String, decimals: Int) -> ModuleSpec? {
        guard case .mapping(let mapping) = node,
            let nameNode = mapping.first(where: { $0.key.scalar?.string == "module" })?.value
        else {
            _ = reader.fields(node, "a compliance module", required: ["module"], optional: [])
            return nil
        }
        guard let name = reader.string(nameNode, "\(what) module") else { return nil }
        let context = "the \(name) module"
        func fields(_ required: [String], _ optional: [String] = []) -> YAMLReader.Fields? {
            reader.fields(node, context, required: ["module"] + required, optional: optional)
        }
        switch name {
        case "country-allow", "country-restrict":
            guard let fields = fields(["countries"]), let list = fields["countries"], let items = reader.list(list, "\(context) countries") else {
                return nil
            }
            let codes = items.compactMap { country($0, "\(context) countries") }.map { ABIValue.uint(UInt256(UInt64($0))) }
            let signature = name == "country-allow" ? "batchAllowCountries(uint16[])" : "batchRestrictCountries(uint16[])"
            return ModuleSpec(kind: name + "-module", configuration: [(signature, [.array(codes)])])
        case "max-balance":
            guard let fields = fields(["max"]), let value = fields["max"], let max = amount(value, decimals, "\(context) max") else { return nil }
            return ModuleSpec(kind: "max-balance-module", configuration: [("setMaxBalance(uint256)", [.uint(max)])])
        case "supply-limit":
            guard let fields = fields(["limit"]), let value = fields["limit"], let limit = amount(value, decimals, "\(context) limit")
            else { return nil }
            return ModuleSpec(kind: "supply-limit-module", configuration: [("setSupplyLimit(uint256)", [.uint(limit)])])
        case "max-holders":
            guard let fields = fields(["max"]), let value = fields["max"], let max = reader.integer(value, "\(context) max") else { return nil }
            return ModuleSpec(kind: "max-holders-module", configuration: [("setMaxHolders(uint256)", [.uint(UInt256(max))])])
        case "transfer-restrict":
            guard let fields = fields([], ["allow"]) else { return nil }
            var users: [ABIValue] = []
            if let list = fields["allow"], let items = reader.list(list, "\(context) allow") {
                users = items.compactMap { account($0, "\(context) allow") }.map { .address($0) }
            }
            return ModuleSpec(kind: "transfer-restrict-module", configuration: users.isEmpty ? [] : [("batchAllowUsers(address[])", [.array(users)])])
        case "time-transfers-limits":
            guard let fields = fields(["limits"]), let list = fields["limits"], let items = reader.sequence(list, "\(context) limits") else {
                return nil
            }
            var limits: [ABIValue] = []
            for item in items {
                guard let entry = reader.fields(item, "a time transfer limit", required: ["window", "limit"]),
                    let windowNode = entry["window"], let limitNode = entry["limit"],
                    let window = duration(windowNode, "the limit's window"), let limit = amount(limitNode, decimals, "the limit")
                else { continue }
                if window > UInt64(UInt32.max) || window == 0 {
                    reader.error(windowNode, "the limit's window must be between 1 second and \(UInt32.max) seconds")
                    continue
                }
                limits.append(.tuple([.uint(UInt256(window)), .uint(limit)]))
            }
            return ModuleSpec(kind: "time-transfers-limits-module", configuration: [("batchSetTimeTransferLimit((uint32,uint256)[])", [.array(limits)])])
        default:
            reader.error(nameNode, "\(what): unknown module '\(name)'\(Suggest.hint(name, Self.names)) (modules: \(Self.names.joined(separator: ", ")))")
            return nil
        }
    }
}
