import Foundation
import Testing
import Tensor
import NN

/// A leaf module with a parameter, an optional parameter and a buffer.
private final class Leaf: Module {
    let weight: Variable
    let bias: Variable?
    let statistics = Buffer(Tensor(shape: [2], values: [0.5, 1.5]))
    let width = 2
    let constant = Tensor(shape: [1], values: [9])

    init(start: Float, withBias: Bool) {
        weight = Variable(Tensor(shape: [2, 2], values: [start, start + 1, start + 2, start + 3]))
        bias = withBias ? Variable(Tensor(shape: [2], values: [-start, start])) : nil
    }
}

/// A tree shaped like the kit's models: an array of stages of blocks, and a head.
private final class Stage: Module {
    let blocks: [Leaf]
    init(start: Float) { blocks = [Leaf(start: start, withBias: true), Leaf(start: start + 10, withBias: false)] }
}

private final class Network: Module {
    let levels: [Stage]
    let head: Leaf
    let tied: Variable

    override init() {
        levels = [Stage(start: 0), Stage(start: 100)]
        head = Leaf(start: 1000, withBias: true)
        tied = head.weight
    }
}

@Suite("Module")
struct ModuleTests {
    @Test("parameter and buffer paths follow property names, in declaration order")
    func paths() {
        let network = Network()
        #expect(network.namedParameters().map(\.path) == [
            "levels.0.blocks.0.weight", "levels.0.blocks.0.bias", "levels.0.blocks.1.weight",
            "levels.1.blocks.0.weight", "levels.1.blocks.0.bias", "levels.1.blocks.1.weight",
            "head.weight", "head.bias",
        ])
        #expect(network.namedBuffers().map(\.path) == [
            "levels.0.blocks.0.statistics", "levels.0.blocks.1.statistics",
            "levels.1.blocks.0.statistics", "levels.1.blocks.1.statistics", "head.statistics",
        ])
        #expect(network.namedModules().map(\.path) == [
            "", "levels.0", "levels.0.blocks.0", "levels.0.blocks.1",
            "levels.1", "levels.1.blocks.0", "levels.1.blocks.1", "head",
        ])
        #expect(network.parameterCount == 2 * (4 + 2 + 4) + 4 + 2)  // the tied weight counts once
        #expect(Network().namedParameters().map(\.path) == network.namedParameters().map(\.path))
    }

    @Test("train and eval reach every descendant")
    func modes() {
        let network = Network()
        #expect(network.modules().allSatisfy { $0.isTraining })
        network.eval()
        #expect(network.modules().allSatisfy { !$0.isTraining })
        network.levels[1].train()
        #expect(network.levels[1].blocks.allSatisfy { $0.isTraining })
        #expect(!network.levels[0].isTraining && !network.head.isTraining && !network.isTraining)
    }

    @Test("a frozen submodule gets no gradient and only the rest is trainable")
    func freezing() {
        let network = Network()
        network.levels[0].freeze()
        #expect(network.trainableParameters().count == 5)
        let frozen = network.levels[0].blocks[0].weight
        let live = network.levels[1].blocks[0].weight
        let loss = (frozen.value * live.value).sum()
        loss.backward()
        #expect(frozen.grad == nil)
        #expect(live.grad?.scalars == [0, 1, 2, 3])
        network.levels[0].unfreeze()
        #expect(network.trainableParameters().count == 8)
    }

    @Test("state round-trips through a safetensors file bit for bit")
    func saveAndLoad() throws {
        let folder = try FixtureFiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("net.safetensors")
        let source = Network()
        source.head.statistics.value = Tensor(shape: [2], values: [.pi, -.ulpOfOne])
        try source.save(to: url, metadata: ["epoch": "3"])

        let target = Network()
        target.levels[0].blocks[0].weight.value = Tensor(repeating: 7, shape: [2, 2])
        #expect(try target.load(from: url) == ["epoch": "3"])
        let bits = { (state: [String: StoredTensor]) in state.mapValues { $0.values.map(\.bitPattern) } }
        #expect(bits(target.state()) == bits(source.state()))
        #expect(Set(try SafeTensorsFile(contentsOf: url).names) == Set(source.state().keys))
    }

    @Test("loading names every missing, unexpected and mis-shaped entry and changes nothing")
    func loadErrors() throws {
        let network = Network()
        let before = network.state()
        var state = before
        state.removeValue(forKey: "head.bias")
        state["head.extra"] = StoredTensor(shape: [1], values: [0])
        state["levels.0.blocks.1.weight"] = StoredTensor(shape: [4], values: [1, 2, 3, 4])
        let error = #expect(throws: CheckpointError.self) { try network.load(state: state, source: "net.safetensors") }
        #expect(error?.missing == ["head.bias"])
        #expect(error?.unexpected == ["head.extra"])
        #expect(error?.shapeMismatches == [.init(name: "levels.0.blocks.1.weight", expected: [2, 2], found: [4])])
        #expect(error?.description.hasPrefix("net.safetensors: state does not fit: missing head.bias") == true)
        #expect(network.state() == before)
    }
}
