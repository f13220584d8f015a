/// A token bucket per key on the chain's simulated clock: `burst` tokens at most, refilled at
/// `perMinute` per 60 seconds. Counts are kept in 1/60 token units, so the arithmetic is exact.
struct TokenBucket: Sendable, Equatable {
    let tier: RateTier
    /// Tokens × 60.
    private(set) var units: Int
    private(set) var updatedAt: UInt64

    init(tier: RateTier, now: UInt64) {
        self.tier = tier
        units = tier.burst * 60
        updatedAt = now
    }

    init(tier: RateTier, units: Int, updatedAt: UInt64) {
        self.tier = tier
        self.units = min(max(units, 0), tier.burst * 60)
        self.updatedAt = updatedAt
    }

    private mutating func refill(_ now: UInt64) {
        guard now > updatedAt else { return }
        let capacity = tier.burst * 60
        // Past the time the bucket takes to fill, more time adds nothing (and cannot overflow).
        let fill = tier.perMinute > 0 ? UInt64((capacity - units) / tier.perMinute + 1) : 0
        let elapsed = Int(min(now - updatedAt, fill))
        units = min(capacity, units + elapsed * tier.perMinute)
        updatedAt = now
    }

    /// Whole tokens left at `now`.
    mutating func remaining(at now: UInt64) -> Int {
        refill(now)
        return units / 60
    }

    /// Takes `count` tokens at `now` if there are that many; otherwise takes none and answers how
    /// many seconds until there will be.
    mutating func take(_ count: Int, at now: UInt64) -> (taken: Bool, wait: UInt64) {
        refill(now)
        let needed = count * 60
        if needed <= units {
            units -= needed
            return (true, 0)
        }
        guard tier.perMinute > 0, needed <= tier.burst * 60 else { return (false, UInt64.max) }
        let missing = needed - units
        return (false, UInt64((missing + tier.perMinute - 1) / tier.perMinute))
    }

    /// Seconds until the bucket is full again.
    mutating func secondsUntilFull(at now: UInt64) -> UInt64 {
        refill(now)
        guard tier.perMinute > 0 else { return 0 }
        let missing = tier.burst * 60 - units
        return UInt64((missing + tier.perMinute - 1) / tier.perMinute)
    }
}
