import Testing
@testable import MintSimScenario

@Suite struct SourceLocationTests {
    @Test func printsAsFileLineColumn() {
        #expect(SourceLocation(file: "scenarios/erc20.yaml", line: 12, column: 5).description == "scenarios/erc20.yaml:12:5")
    }
}
