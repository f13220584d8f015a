import Foundation
import Testing

/// The README's example is a test of UsageTests.swift, word for word.
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theReadmeExampleIsAUsageTest() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Testing with MintSimTesting\n").dropFirst().first)
        let code = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(code.hasPrefix("import MintSimTesting\nimport Testing\n\n@Test func "))
        let example = try #require(code.range(of: "@Test func ").map { String(code[$0.lowerBound...]) })

        let usage = try String(contentsOf: Self.root.appendingPathComponent("Tests/MintSimTestingTests/UsageTests.swift"), encoding: .utf8)
        let unindented = usage.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
        #expect(unindented.contains(example))
    }
}
