import LLDif
import NN
import Tensor
import Testing

@Suite struct DTNetTests {
    @Test func dmnetAndDGNetKeepTheShape() {
        var s = RandomStream(seed: 1)
        let x = Tiny.images(2, channels: 8, side: 6)
        let z = Tensor.normal([2, 16], using: &s)
        let dmnet = DMNet(channels: 8, heads: 2, priorDimension: 16, using: &s)
        let dgnet = DGNet(channels: 8, expansion: 2, priorDimension: 16, using: &s)
        #expect(dmnet(x, prior: z).shape == [2, 8, 6, 6])
        #expect(dgnet(x, prior: z).shape == [2, 8, 6, 6])
    }

    @Test func dmnetGradientsMatchFiniteDifferences() {
        var s = RandomStream(seed: 2)
        let x = Tiny.images(2, channels: 4, side: 3)
        let z = Tensor.normal([2, 6], using: &s)
        let dmnet = DMNet(channels: 4, heads: 2, priorDimension: 6, using: &s)
        let result = GradientCheck.check(dmnet.parameters(), epsilon: 1e-2, absoluteTolerance: 2e-3,
                                         relativeTolerance: 3e-2) { dmnet(x, prior: z) }
        #expect(result.passed, "\(result)")
    }

    @Test func dgnetGradientsMatchFiniteDifferences() {
        var s = RandomStream(seed: 3)
        let x = Tiny.images(2, channels: 4, side: 3)
        let z = Tensor.normal([2, 6], using: &s)
        let dgnet = DGNet(channels: 4, expansion: 2, priorDimension: 6, using: &s)
        let result = GradientCheck.check(dgnet.parameters(), epsilon: 1e-2, absoluteTolerance: 2e-3,
                                         relativeTolerance: 3e-2) { dgnet(x, prior: z) }
        #expect(result.passed, "\(result)")
    }

    @Test func thePriorChangesTheOutputOnlyWhenModulated() {
        var s = RandomStream(seed: 4)
        let x = Tiny.images(1, channels: 8, side: 4)
        let (z1, z2) = (Tensor.normal([1, 16], using: &s), Tensor.normal([1, 16], using: &s))
        let modulated = DTNetBlock(channels: 8, heads: 2, expansion: 2, priorDimension: 16, using: &s)
        let plain = DTNetBlock(channels: 8, heads: 2, expansion: 2, priorDimension: nil, using: &s)
        #expect(modulated(x, prior: z1).scalars != modulated(x, prior: z2).scalars)
        #expect(plain(x, prior: z1).scalars == plain(x, prior: z2).scalars)
        #expect(plain.parameters().count < modulated.parameters().count)
    }

    @Test func dtnetGivesThreeScales() {
        var s = RandomStream(seed: 5)
        let config = Tiny.config()
        let dtnet = DTNet(config: config, using: &s)
        let features = dtnet(Tiny.images(2), prior: Tensor.normal([2, config.priorDimension], using: &s))
        #expect(features.map(\.shape) == [[2, 4, 8, 8], [2, 8, 4, 4], [2, 16, 2, 2]])
    }

    @Test func everyDTNetParameterGetsAGradient() {
        var s = RandomStream(seed: 6)
        let config = Tiny.config()
        let dtnet = DTNet(config: config, using: &s)
        let z = Tensor.normal([2, config.priorDimension], using: &s)
        let loss = dtnet(Tiny.images(2), prior: z).map { $0.squared().mean() }.reduce(Tensor(0), +)
        loss.backward()
        for (path, v) in dtnet.namedParameters() {
            #expect(v.grad.map { $0.scalars.contains { $0 != 0 } } == true, "no gradient at \(path)")
        }
    }
}
