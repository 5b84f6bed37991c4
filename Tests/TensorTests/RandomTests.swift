import Testing
import Tensor

@Suite struct RandomTests {
    @Test func sameSeedGivesSameBitsAndSplitsAreIndependent() {
        var a = RandomStream(seed: 42), b = RandomStream(seed: 42), c = RandomStream(seed: 43)
        let ta = Tensor.normal([1000], using: &a), tb = Tensor.normal([1000], using: &b)
        #expect(ta.scalars == tb.scalars)
        #expect(Tensor.normal([1000], using: &c).scalars != ta.scalars)
        // A split depends only on its parent's key and label, not on how far the parent went.
        let parent = RandomStream(seed: 7)
        var advanced = parent
        _ = advanced.nextUInt64()
        var s1 = parent.split("dropout"), s2 = advanced.split("dropout"), s3 = parent.split("init")
        #expect(s1.nextUInt64() == s2.nextUInt64())
        #expect(parent.split("dropout") != s3)
        #expect(parent.split(1) != parent.split(2))
    }

    @Test func tensorDrawsDoNotDependOnChunking() {
        // One large draw equals the per-block draws it is made of: value i comes from block i/4.
        var whole = RandomStream(seed: 9)
        let big = Tensor.uniform([100_003], using: &whole)
        var pieces = RandomStream(seed: 9)
        var joined: [Float] = []
        for _ in 0..<25_000 { joined += Tensor.uniform([4], using: &pieces).scalars }
        joined += Tensor.uniform([3], using: &pieces).scalars
        #expect(big.scalars == joined)
        #expect(whole == pieces)
    }

    @Test func distributionsHaveTheRightMoments() {
        var stream = RandomStream(seed: 1)
        let u = Tensor.uniform([200_000], low: -1, high: 3, using: &stream)
        #expect(abs(u.mean().item - 1) < 0.02)
        #expect(u.min().item >= -1 && u.max().item < 3)
        let n = Tensor.normal([200_000], mean: 2, std: 3, using: &stream)
        #expect(abs(n.mean().item - 2) < 0.05)
        #expect(abs(n.variance(axes: [0]).item.squareRoot() - 3) < 0.05)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<50_000 { counts[stream.int(in: 0..<5)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
        let p = stream.permutation(100)
        #expect(p.sorted() == Array(0..<100) && p != Array(0..<100))
    }

    @Test func dropoutIsSeededAndScalesSurvivors() {
        let x = Tensor.ones([10_000])
        var s1 = RandomStream(seed: 5), s2 = RandomStream(seed: 5)
        let y1 = x.dropout(probability: 0.25, using: &s1), y2 = x.dropout(probability: 0.25, using: &s2)
        #expect(y1.scalars == y2.scalars)
        #expect(Set(y1.scalars).isSubset(of: [0, Float(1) / 0.75]))
        let dropped = y1.scalars.filter { $0 == 0 }.count
        #expect(abs(dropped - 2500) < 200)
        #expect(x.dropout(probability: 0, using: &s1).scalars == x.scalars)
        let v = randomVariable([3, 4], seed: 6)
        expectGradients([v]) {
            var stream = RandomStream(seed: 11)
            return v.value.dropout(probability: 0.5, using: &stream)
        }
    }
}
