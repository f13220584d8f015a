import Testing

@Suite struct SmokeTests {
    @Test func checksum() throws {
        let r = try mintsim("checksum", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
        #expect(r.status == 0)
        #expect(r.stdout == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n")
    }
}
