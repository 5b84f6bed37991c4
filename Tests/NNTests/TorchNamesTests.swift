import Foundation
import Testing
import Tensor
import NN

/// The Swift twin of `Net` in make_torch_module.py: the same layers under the same attribute names.
private final class TorchTwin: Module {
    let conv: Conv2d
    let norm: BatchNorm2d
    let head: Linear
    let embedding: Embedding
    let ln: LayerNorm
    let mlp: MLP
    let layers: [Linear]

    override init() {
        var stream = RandomStream(seed: 11)
        conv = Conv2d(inChannels: 3, outChannels: 4, kernelSize: 3, padding: 1, using: &stream)
        norm = BatchNorm2d(channels: 4)
        head = Linear(inputs: 4 * 4 * 4, outputs: 6, using: &stream)
        embedding = Embedding(count: 5, dimension: 6, using: &stream)
        ln = LayerNorm(features: 6)
        mlp = MLP(inputs: 6, hidden: 12, using: &stream)
        layers = [Linear(inputs: 6, outputs: 6, using: &stream), Linear(inputs: 6, outputs: 3, using: &stream)]
    }

    func callAsFunction(_ x: Tensor, tokens: [Int]) -> Tensor {
        let features = norm(conv(x)).relu()
        let h = head(features.flattened(from: 1)) + embedding(tokens)
        return layers[1](layers[0](mlp(ln(h))))
    }
}

private func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

/// `state` with batch norm's entries under the names the kit used before PyTorch's, and no count.
private func legacy(_ state: [String: StoredTensor], prefix: String = "") -> [String: StoredTensor] {
    var old = state
    old[prefix + "norm.runningMean"] = old.removeValue(forKey: prefix + "norm.running_mean")
    old[prefix + "norm.runningVariance"] = old.removeValue(forKey: prefix + "norm.running_var")
    old[prefix + "norm.num_batches_tracked"] = nil
    return old
}

@Suite("PyTorch names")
struct TorchNamesTests {
    private let stateURL = FixtureFiles.url("torch_module.safetensors")

    @Test("a PyTorch state_dict loads by name into the Swift twin, which gives PyTorch's output")
    func loadsPyTorchState() throws {
        let file = try SafeTensorsFile(contentsOf: stateURL)
        let twin = TorchTwin()
        let own = twin.state()
        #expect(Set(file.names) == Set(own.keys))
        for name in file.names {
            #expect(file.shape(of: name) == own[name]?.shape, "\(name)")
            #expect(file.dtype(of: name) == own[name]?.dtype, "\(name)")
        }
        #expect(file.dtype(of: "norm.num_batches_tracked") == .int64)

        try twin.load(from: stateURL)
        #expect(twin.norm.batchesTracked.value.scalars == [3])
        let io = try SafeTensorsFile(contentsOf: FixtureFiles.url("torch_module_io.safetensors"))
        let input = try io.tensor(named: "input").tensor
        let tokens = try io.tensor(named: "tokens").values.map { Int($0) }
        twin.eval()
        let output = twin(input, tokens: tokens)
        let expected = try io.tensor(named: "output")
        #expect(output.shape == expected.shape)
        #expect(close(output.scalars, expected.values))
    }

    @Test("a state the Swift twin writes has PyTorch's keys, dtypes and bytes")
    func writesPyTorchState() throws {
        let twin = TorchTwin()
        try twin.load(from: stateURL)
        #expect(try SafeTensors.encode(twin.state()) == (try FixtureFiles.bytes("torch_module.safetensors")))

        let fresh = TorchTwin()
        #expect(fresh.state().keys.sorted() == twin.state().keys.sorted())
        #expect(fresh.namedBuffers().map(\.path) == ["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"])
        #expect(fresh.state()["norm.num_batches_tracked"] == StoredTensor(shape: [], int64: [0]))
        #expect(fresh.namedParameters().map(\.path).contains("layers.1.bias"))
        #expect(fresh.namedParameters().map(\.path).contains("mlp.fc2.weight"))
    }

    @Test("batch norm updates its running statistics and counts batches in training mode as PyTorch does")
    func countsBatches() throws {
        let twin = TorchTwin()
        try twin.load(from: stateURL)
        let trained = try SafeTensorsFile(contentsOf: stateURL)
        let io = try SafeTensorsFile(contentsOf: FixtureFiles.url("torch_module_io.safetensors"))
        twin.norm.runningMean.value = Tensor.zeros([4])
        twin.norm.runningVariance.value = Tensor.ones([4])
        twin.norm.batchesTracked.value = Tensor(shape: [], values: [0])
        for k in 0..<3 { _ = twin.norm(twin.conv(try io.tensor(named: "batch.\(k)").tensor)) }
        let (mean, variance) = (try trained.tensor(named: "norm.running_mean"), try trained.tensor(named: "norm.running_var"))
        #expect(close(twin.norm.runningMean.value.scalars, mean.values))
        #expect(close(twin.norm.runningVariance.value.scalars, variance.values))
        #expect(twin.state()["norm.num_batches_tracked"] == (try trained.tensor(named: "norm.num_batches_tracked")))

        twin.eval()
        _ = twin.norm(twin.conv(try io.tensor(named: "input").tensor))
        #expect(twin.norm.batchesTracked.value.scalars == [3], "evaluation mode does not count")
    }

    @Test("checkpoints written before batch norm took PyTorch's names still load; the count stays as it was")
    func readsLegacyNames() throws {
        let folder = try FixtureFiles.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = TorchTwin()
        try source.load(from: stateURL)

        let url = folder.appendingPathComponent("old.safetensors")
        try SafeTensors.write(legacy(source.state()), to: url)
        let target = TorchTwin()
        try target.load(from: url)
        var expected = source.state()
        expected["norm.num_batches_tracked"] = StoredTensor(shape: [], int64: [0])
        #expect(target.state() == expected)

        // A whole training checkpoint: model and EMA entries under the old names.
        let checkpoint = folder.appendingPathComponent("old-checkpoint.safetensors")
        let ema = WeightEMA(of: source, decay: 0.5)
        var tensors: [String: StoredTensor] = [:]
        for (name, value) in legacy(source.state()) { tensors["model." + name] = value }
        for (name, value) in legacy(ema.state()) { tensors["ema." + name] = value }
        try SafeTensors.write(tensors, metadata: ["step": "7"], to: checkpoint)
        let resumed = TorchTwin()
        let resumedEMA = WeightEMA(of: resumed, decay: 0.5)
        #expect(try TrainingCheckpoint.load(from: checkpoint, model: resumed, ema: resumedEMA) == ["step": "7"])
        #expect(resumed.state() == expected)
        #expect(resumedEMA.averagedState() == expected)

        // New names without the count are not a legacy checkpoint: the count is missing.
        var partial = source.state()
        partial["norm.num_batches_tracked"] = nil
        let error = #expect(throws: CheckpointError.self) { try TorchTwin().load(state: partial, source: "new.safetensors") }
        #expect(error?.missing == ["norm.num_batches_tracked"])
    }
}
