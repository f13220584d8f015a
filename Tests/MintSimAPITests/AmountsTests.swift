import MintSimPrimitives
import Testing

@testable import MintSimAPI

@Suite struct AmountsTests {
    @Test func amountsScaleExactly() {
        #expect(Amounts.scale(number: "100", decimals: 0) == .success(100))
        #expect(Amounts.scale(number: "1.5", decimals: 2) == .success(150))
        #expect(Amounts.scale(number: "1e2", decimals: 0) == .success(100))
        #expect(Amounts.scale(number: "1.25E+1", decimals: 1) == .success(125))
        #expect(Amounts.scale(number: "150e-2", decimals: 1) == .success(15))
        #expect(Amounts.scale(number: "0.0", decimals: 3) == .success(.zero))
        #expect(Amounts.scale(number: "-0", decimals: 3) == .failure(.notPositive))
        #expect(Amounts.scale(number: "-2", decimals: 0) == .failure(.negative))
        #expect(Amounts.scale(number: "1.05", decimals: 1) == .failure(.tooPrecise(1)))
        #expect(Amounts.scale(number: "1e-1", decimals: 0) == .failure(.tooPrecise(0)))
        #expect(Amounts.scale(number: "1e78", decimals: 0) == .failure(.tooLarge))
        #expect(Amounts.scale(number: "1e99999", decimals: 0) == .failure(.tooLarge))
        #expect(Amounts.rescale(5, decimals: 0, to: 2) == .success(500))
        #expect(Amounts.rescale(500, decimals: 2, to: 0) == .success(5))
        #expect(Amounts.rescale(501, decimals: 2, to: 0) == .failure(.tooPrecise(0)))
        #expect(Amounts.dnumString(1000, decimals: 18) == #"["1000",18]"#)
        #expect(ISOTime.string(1_767_225_600) == "2026-01-01T00:00:00.000Z")
        #expect(ISOTime.string(951_825_600) == "2000-02-29T12:00:00.000Z")
        #expect(ISOTime.string(0) == "1970-01-01T00:00:00.000Z")
    }
}
