import MintSimPrimitives

/// Amount arithmetic the dialects share: JSON numbers and dnum tuples to base units and back.
enum Amounts {
    /// A JSON number's text (`100`, `2.5`, `1e3`) as base units of a token with `decimals`, exactly;
    /// the error says why not (negative, fractional beyond the decimals, too large).
    static func scale(number text: String, decimals: Int) -> Result<UInt256, AmountProblem> {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponentText = mantissa[mantissa.index(after: e)...]
            guard let value = Int(String(exponentText.filter { $0 != "+" })), value.magnitude < 10_000 else {
                // An exponent this far out: the number is past 2^256, or finer than any decimals.
                let digits = mantissa[..<e].filter { $0.isNumber && $0 != "0" }
                if digits.isEmpty { return .success(.zero) }
                return .failure(exponentText.hasPrefix("-") ? .tooPrecise(decimals) : .tooLarge)
            }
            exponent = value
            mantissa = mantissa[..<e]
        }
        if mantissa.hasPrefix("-") {
            return mantissa.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? .failure(.notPositive) : .failure(.negative)
        }
        var digits = String(mantissa)
        var fractionDigits = 0
        if let dot = digits.firstIndex(of: ".") {
            fractionDigits = digits.distance(from: dot, to: digits.endIndex) - 1
            digits.remove(at: dot)
        }
        // value = digits × 10^(exponent − fractionDigits); in base units × 10^decimals.
        let shift = exponent - fractionDigits + decimals
        digits = String(digits.drop { $0 == "0" })
        if digits.isEmpty { return .success(.zero) }
        if shift >= 0 {
            guard digits.count + shift <= 78 else { return .failure(.tooLarge) }
            digits += String(repeating: "0", count: shift)
        } else {
            let dropped = digits.suffix(min(-shift, digits.count))
            guard -shift <= digits.count, dropped.allSatisfy({ $0 == "0" }) else { return .failure(.tooPrecise(decimals)) }
            digits = String(digits.dropLast(-shift))
            if digits.isEmpty { return .success(.zero) }
        }
        guard let value = try? UInt256(digits) else { return .failure(.tooLarge) }
        return .success(value)
    }

    /// `value / 10^decimals` as base units of a token with `tokenDecimals` (a dnum's scaled value and
    /// decimals), exactly.
    static func rescale(_ value: UInt256, decimals: Int, to tokenDecimals: Int) -> Result<UInt256, AmountProblem> {
        if decimals == tokenDecimals { return .success(value) }
        if decimals < tokenDecimals {
            guard let factor = try? UInt256.pow10(tokenDecimals - decimals), let scaled = try? value.multiplied(by: factor) else {
                return .failure(.tooLarge)
            }
            return .success(scaled)
        }
        guard let factor = try? UInt256.pow10(decimals - tokenDecimals),
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: factor)
        else { return .failure(.tooPrecise(tokenDecimals)) }
        guard remainder.isZero else { return .failure(.tooPrecise(tokenDecimals)) }
        return .success(quotient)
    }

    /// A dnum as the platform writes it in a string: `["1000000000000000000000",18]`.
    static func dnumString(_ value: UInt256, decimals: Int) -> String { "[\"\(value)\",\(decimals)]" }
}

/// Why an amount is refused.
enum AmountProblem: Error, Equatable {
    case negative
    case notPositive
    case tooLarge
    case tooPrecise(Int)

    var text: String {
        switch self {
        case .negative: return "is negative"
        case .notPositive: return "is zero"
        case .tooLarge: return "exceeds 2^256-1 base units"
        case .tooPrecise(let decimals): return "has more decimals than the asset's \(decimals)"
        }
    }
}
