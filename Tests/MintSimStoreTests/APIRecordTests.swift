import Foundation
import MintSimChain
import MintSimPrimitives
import Testing

@testable import MintSimStore

/// The mint API's records in a state file: written with the blocks of the same batch, deleted,
/// replaced whole.
@Suite struct APIRecordTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mintsim-api-records-\(UUID().uuidString).sqlite").path
    }

    @Test func aBatchWritesBlocksAndRecordsTogether() throws {
        let path = temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let file = try StateFile(path: path, mode: .readWrite)
        let chain = try file.chain(config: .development())
        file.beginBatch()
        chain.mine(count: 2)
        // Nothing is written before the batch ends.
        let reader = try StateFile(path: path, mode: .readOnly)
        #expect(try reader.latestBlockNumber() ?? 0 == 0)
        try file.endBatch(records: [("a/1", Array("{\"x\":1}".utf8)), ("a/2", Array("{}".utf8)), ("b/1", Array("[]".utf8))])
        #expect(try StateFile(path: path, mode: .readOnly).latestBlockNumber() == 2)
        #expect(try file.apiRecords().map(\.key) == ["a/1", "a/2", "b/1"])
        #expect(try file.apiRecords().first?.value == Array("{\"x\":1}".utf8))
        // A nil value deletes; replacing all keeps only what is given.
        try file.endBatch(records: [("a/2", nil)])
        #expect(try file.apiRecords().map(\.key) == ["a/1", "b/1"])
        try file.endBatch(records: [("c/1", Array("1".utf8))], replacingAll: true)
        #expect(try file.apiRecords().map(\.key) == ["c/1"])
        try file.endBatch(records: [], replacingAll: true)
        #expect(try file.apiRecords().isEmpty)
    }
}
