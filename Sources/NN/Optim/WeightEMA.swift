import Tensor

/// An exponential moving average of a module's parameters, for evaluating with smoothed weights:
/// after each optimiser step, `update()` sets `shadow ← decay·shadow + (1 − decay)·parameter` for
/// every parameter, and copies every buffer (batch-norm statistics are not averaged).
///
/// The averages live outside the model; `copy(into:)` writes them into a module of the same
/// architecture (often a second instance kept for evaluation).
public final class WeightEMA {
    /// The weight of the old average in each update.
    public let decay: Float
    /// The number of updates so far.
    public private(set) var updateCount = 0
    private let source: Module
    private var shadow: [String: StoredTensor]

    /// Starts the average at the current parameters and buffers of `model`.
    public init(of model: Module, decay: Float) {
        precondition(decay >= 0 && decay <= 1, "WeightEMA: decay must lie in [0, 1], got \(decay)")
        self.decay = decay
        source = model
        shadow = model.state()
    }

    /// Moves the average towards the model's current parameters and copies its buffers.
    public func update() {
        let keep = decay
        let take = 1 - decay
        for (path, variable) in source.namedParameters() {
            var average = shadow[path]!.values
            variable.value.detached().withUnsafeBufferPointer { p in
                for i in p.indices { average[i] = keep * average[i] + take * p[i] }
            }
            shadow[path] = StoredTensor(shape: variable.shape, values: average)
        }
        for (path, buffer) in source.namedBuffers() { shadow[path] = buffer.stored }
        updateCount += 1
    }

    /// The averaged parameters and current buffers by path (the layout of `Module.state()`).
    public func averagedState() -> [String: StoredTensor] { shadow }

    /// Writes the averaged weights into `module` (same architecture as the tracked model).
    public func copy(into module: Module) throws {
        try module.load(state: shadow)
    }

    /// The average and update count, for checkpoints.
    public func state() -> [String: StoredTensor] {
        var state = shadow
        state["update_count"] = StoredTensor(shape: [], values: [Float(updateCount)])
        return state
    }

    /// Restores a state saved by `state()` (old names upgraded as `Module.load(state:)` does);
    /// throws `CheckpointError` when it does not fit the model.
    public func load(state: [String: StoredTensor], source origin: String = "<memory>") throws {
        var averages = source.upgradingLegacyEntries(state)
        guard let count = averages.removeValue(forKey: "update_count"), count.values.count == 1,
              let updates = Int(exactly: count.values[0]) else {
            throw CheckpointError(file: origin, other: ["update_count is missing or not a whole number"])
        }
        let expected = source.state()
        var error = CheckpointError(file: origin)
        error.missing = expected.keys.filter { averages[$0] == nil }.sorted()
        error.unexpected = averages.keys.filter { expected[$0] == nil }.sorted()
        for (path, value) in expected.sorted(by: { $0.key < $1.key }) {
            if let found = averages[path], found.shape != value.shape {
                error.shapeMismatches.append(.init(name: path, expected: value.shape, found: found.shape))
            }
        }
        guard error.isEmpty else { throw error }
        shadow = averages
        updateCount = updates
    }
}
