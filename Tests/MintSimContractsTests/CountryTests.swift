import MintSimContracts
import Testing

@Suite struct CountryTests {
    @Test func alpha2AndAlpha3Codes() {
        for (alpha2, alpha3, numeric) in [("US", "USA", 840), ("GB", "GBR", 826), ("DE", "DEU", 276), ("JP", "JPN", 392), ("BR", "BRA", 76)] {
            #expect(Country.numeric(alpha2) == UInt16(numeric), "\(alpha2)")
            #expect(Country.numeric(alpha3) == UInt16(numeric), "\(alpha3)")
            #expect(Country.alpha2(UInt16(numeric)) == alpha2)
            #expect(Country.alpha3(UInt16(numeric)) == alpha3)
        }
    }

    @Test func codesAreCaseInsensitive() {
        #expect(Country.numeric("us") == 840)
        #expect(Country.numeric("Gb") == 826)
        #expect(Country.numeric("deu") == 276)
        #expect(Country.numeric("jPn") == 392)
        #expect(Country.numeric(" us ") == 840)
    }

    @Test func numericStrings() {
        #expect(Country.numeric("840") == 840)
        #expect(Country.numeric("076") == 76)
        #expect(Country.numeric("76") == 76)
        #expect(Country.numeric("004") == 4)
        #expect(Country.numeric("392") == 392)
    }

    @Test func unknownCodes() {
        for code in ["", " ", "XX", "UK", "ZZZ", "USAA", "U", "999", "000", "0", "1000", "0840", "-1", "8 4", "U$", "ÜS", "United States"] {
            #expect(Country.numeric(code) == nil, "\(code)")
        }
        #expect(Country.alpha2(0) == nil)
        #expect(Country.alpha2(999) == nil)
        #expect(Country.name(1) == nil)
    }

    @Test func names() {
        #expect(Country.name(840) == "United States")
        #expect(Country.name(826) == "United Kingdom")
        #expect(Country.name(276) == "Germany")
        #expect(Country.name(392) == "Japan")
        #expect(Country.name(384) == "Côte d'Ivoire")
    }

    /// The table is pycountry 26.2.16's (249 countries), sorted by numeric code, every code unique.
    @Test func tableMatchesPycountry() {
        #expect(Country.all.count == 249)
        #expect(Country.all.map(\.numeric) == Country.all.map(\.numeric).sorted())
        #expect(Set(Country.all.map(\.numeric)).count == 249)
        #expect(Set(Country.all.map(\.alpha2)).count == 249)
        #expect(Set(Country.all.map(\.alpha3)).count == 249)
        #expect(Country.all.first.map { "\($0.numeric) \($0.alpha2) \($0.alpha3) \($0.name)" } == "4 AF AFG Afghanistan")
        #expect(Country.all.last.map { "\($0.numeric) \($0.alpha2) \($0.alpha3) \($0.name)" } == "894 ZM ZMB Zambia")
        for country in Country.all {
            #expect(country.alpha2.count == 2 && country.alpha3.count == 3 && country.alpha2.allSatisfy { $0.isASCII && $0.isUppercase })
            #expect(Country.numeric(country.alpha2) == country.numeric)
            #expect(Country.numeric(country.alpha3) == country.numeric)
            #expect(Country.numeric(String(country.numeric)) == country.numeric)
        }
    }

    @Test func suggestions() {
        #expect(Country.suggestion(for: "us") == "US")  // a code: itself, in upper case
        #expect(Country.suggestion(for: "840") == "US")
        #expect(Country.suggestion(for: "UK") == "GB")
        #expect(Country.suggestion(for: "USS") == "USA")  // one edit from USA, US and SS (South Sudan): the same length first
        #expect(Country.suggestion(for: "usaa") == "USA")
        #expect(Country.suggestion(for: "DUE") == "DEU")  // transposition
        #expect(Country.suggestion(for: "JPNN") == "JPN")
        #expect(Country.suggestion(for: "germany") == "DE")
        #expect(Country.suggestion(for: "Grmany") == "DE")
        #expect(Country.suggestion(for: "united kingdom") == "GB")
        #expect(Country.suggestion(for: "Vietnam") == "VN")
        #expect(Country.suggestion(for: "cote d'ivoire") == "CI")
        #expect(Country.suggestion(for: "United States of America") == "US")
    }

    @Test func noSuggestionWhenNothingIsCloseOrTheClosestDisagree() {
        #expect(Country.suggestion(for: "") == nil)
        #expect(Country.suggestion(for: "UX") == nil)  // US, UY, UZ, …: no single closest country
        #expect(Country.suggestion(for: "QQQQQ") == nil)
        #expect(Country.suggestion(for: "Atlantis") == nil)
        #expect(Country.suggestion(for: "999") == nil)
    }
}
