import Foundation
import MintSimContracts
import MintSimPrimitives
import Yams

/// Values as scenario files write them: amounts, durations, times, addresses, countries, topics.
extension Checker {
    /// An amount in token units (`"1.5"`, `1000`) scaled by `decimals`, or raw (`{raw: "1500"}`).
    /// YAML floats are refused: `1.5` unquoted would lose precision in most YAML readers.
    func amount(_ node: YNode, decimals: Int, _ what: String) -> UInt256? {
        if case .mapping = node {
            guard let fields = reader.fields(node, what, required: ["raw"]), let raw = fields["raw"],
                let text = reader.string(raw, "\(what) raw")
            else { return nil }
            do {
                return try UInt256(amount: text.replacingOccurrences(of: "_", with: ""), decimals: 0)
            } catch {
                reader.error(raw, "\(what): '\(text)' is not a raw integer amount: \(error.message)")
                return nil
            }
        }
        if case .scalar(let scalar) = node, YAMLReader.isFloat(scalar) {
            reader.error(node, "\(what): write amounts as strings, \"\(scalar.string)\" (YAML reads \(scalar.string) as a floating-point number)")
            return nil
        }
        guard let text = reader.string(node, what) else { return nil }
        return amount(text: text, decimals: decimals, what, node)
    }

    func amount(text: String, decimals: Int, _ what: String, _ node: YNode) -> UInt256? {
        let clean = text.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ",") })
            ? text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "") : text
        do {
            return try UInt256(amount: clean, decimals: decimals)
        } catch {
            reader.error(node, "\(what): '\(text)' is not an amount with at most \(decimals) decimals: \(error.message)")
            return nil
        }
    }

    /// A signed change such as `"+1000"`, `"-2.5"` or `0`.
    func signedAmount(_ node: YNode, decimals: Int, _ what: String) -> (negative: Bool, amount: UInt256)? {
        if case .scalar(let scalar) = node, YAMLReader.isFloat(scalar) {
            reader.error(node, "\(what): write amounts as strings, \"\(scalar.string)\" (YAML reads \(scalar.string) as a floating-point number)")
            return nil
        }
        guard let text = reader.string(node, what) else { return nil }
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if body.hasPrefix("+") {
            body = body.dropFirst()
        } else if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        }
        guard let value = amount(text: String(body), decimals: decimals, what, node) else { return nil }
        return (negative && !value.isZero, value)
    }

    /// A duration: seconds as a whole number, or a number with a unit: `30s`, `5m`, `2h`, `1d`, `1w`.
    func duration(_ node: YNode, _ what: String) -> UInt64? { ModuleReader.duration(node, what, reader: reader) }

    static func duration(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        let units: [Character: UInt64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        var digits = Substring(trimmed), factor: UInt64 = 1
        if let last = trimmed.last, let unit = units[last] {
            digits = digits.dropLast()
            factor = unit
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = UInt64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }

    /// A point in time: an ISO 8601 UTC time (`2026-01-01T00:00:00Z`) or seconds since 1970.
    func time(_ node: YNode, _ what: String) -> UInt64? {
        guard let text = reader.string(node, what) else { return nil }
        if let seconds = UInt64(text) { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text), date.timeIntervalSince1970 >= 0 {
            return UInt64(date.timeIntervalSince1970)
        }
        reader.error(node, "\(what): '\(text)' is not a time (write 2026-01-01T00:00:00Z or seconds since 1970)")
        return nil
    }

    /// A country: ISO 3166-1 alpha-2 (`US`), alpha-3 (`USA`) or numeric (`840`).
    func country(_ node: YNode, _ what: String) -> UInt16? {
        guard let text = reader.string(node, what) else { return nil }
        if let code = Country.numeric(text) { return code }
        let hint = Country.suggestion(for: text).map { " (did you mean '\($0)'?)" } ?? ""
        reader.error(node, "\(what): unknown country '\(text)'\(hint); write an ISO 3166-1 code such as US, GBR or 276")
        return nil
    }

    /// Claim topics by name; any whole number is a topic too.
    package static let topicNames: [(name: String, topic: UInt64)] = [("KYC", 1), ("AML", 2), ("ACCREDITED", 3)]

    func topic(_ node: YNode, _ what: String) -> (UInt256, String)? {
        guard let text = reader.string(node, what) else { return nil }
        if let known = Self.topicNames.first(where: { $0.name == text.uppercased() }) { return (UInt256(known.topic), known.name) }
        if let number = UInt64(text) { return (UInt256(number), Self.topicNames.first { $0.topic == number }?.name ?? text) }
        reader.error(
            node,
            "\(what): unknown claim topic '\(text)'\(Suggest.hint(text, Self.topicNames.map(\.name))) (topics: \(Self.topicNames.map { "\($0.name) = \($0.topic)" }.joined(separator: ", ")), or a number)"
        )
        return nil
    }

    /// Bytes in `0x` hex, or text taken as UTF-8.
    func bytes(_ node: YNode, _ what: String) -> [UInt8]? {
        guard let text = reader.string(node, what) else { return nil }
        if text.hasPrefix("0x") {
            do {
                return try [UInt8](hex: text)
            } catch {
                reader.error(node, "\(what): \(error.message)")
                return nil
            }
        }
        return Array(text.utf8)
    }

    /// A plain token id (ERC-721, ERC-1155): a whole number up to 2^256 - 1.
    func tokenId(_ node: YNode, _ what: String) -> UInt256? {
        if case .scalar(let scalar) = node, YAMLReader.isFloat(scalar) {
            reader.error(node, "\(what) must be a whole number, found \(scalar.string)")
            return nil
        }
        guard let text = reader.string(node, what) else { return nil }
        do {
            return try UInt256(amount: text.replacingOccurrences(of: "_", with: ""), decimals: 0)
        } catch {
            reader.error(node, "\(what) must be a whole number, found '\(text)'")
            return nil
        }
    }
}
