import Foundation
import Tensor

extension Tensor {
    /// This tensor's shape and values, as a checkpoint stores them.
    public var stored: StoredTensor { StoredTensor(shape: shape, values: scalars) }
}

extension StoredTensor {
    /// A tensor holding these values.
    public var tensor: Tensor { Tensor(shape: shape, values: values) }
}

extension Module {
    /// Every parameter and buffer of the tree by path: what `save(to:)` writes.
    public func state() -> [String: StoredTensor] {
        var state: [String: StoredTensor] = [:]
        for (path, variable) in namedParameters() { state[path] = variable.value.detached().stored }
        for (path, buffer) in namedBuffers() { state[path] = buffer.stored }
        return state
    }

    /// `state` with the entries that older versions of the kit saved under other names renamed
    /// to this tree's names (each module's `upgradeLegacyEntries`); other entries unchanged.
    /// `load(state:)` applies it, so checkpoints written before batch norm took PyTorch's names
    /// still load.
    public func upgradingLegacyEntries(_ state: [String: StoredTensor]) -> [String: StoredTensor] {
        var state = state
        for (path, module) in namedModules() {
            module.upgradeLegacyEntries(&state, prefix: path.isEmpty ? "" : path + ".")
        }
        return state
    }

    /// Replaces every parameter and buffer with the entry of the same path in `state` (after
    /// `upgradingLegacyEntries`).
    ///
    /// Nothing is changed unless every path is present with the right shape and no entry is
    /// left over; otherwise throws a `CheckpointError` listing all missing, unexpected and
    /// mis-shaped names. `source` names the state's origin in the error.
    public func load(state: [String: StoredTensor], source: String = "<memory>") throws {
        let state = upgradingLegacyEntries(state)
        let parameters = namedParameters()
        let buffers = namedBuffers()
        var expected: [String: [Int]] = [:]
        for (path, variable) in parameters { expected[path] = variable.shape }
        for (path, buffer) in buffers { expected[path] = buffer.shape }

        var error = CheckpointError(file: source)
        error.missing = expected.keys.filter { state[$0] == nil }.sorted()
        error.unexpected = state.keys.filter { expected[$0] == nil }.sorted()
        for (path, shape) in expected.sorted(by: { $0.key < $1.key }) {
            if let found = state[path], found.shape != shape {
                error.shapeMismatches.append(.init(name: path, expected: shape, found: found.shape))
            }
        }
        guard error.isEmpty else { throw error }

        for (path, variable) in parameters { variable.value = state[path]!.tensor }
        for (path, buffer) in buffers { buffer.value = state[path]!.tensor }
    }

    /// Writes every parameter and buffer to a safetensors file at `url` (atomically), with
    /// optional string `metadata` and the checksum of the tensors' bytes (`SafeTensorsChecksum`),
    /// which every read checks. Python reads it with `safetensors.torch.load_file`.
    public func save(to url: URL, metadata: [String: String]? = nil) throws {
        try SafeTensors.write(state(), metadata: metadata, checksummed: true, to: url)
    }

    /// Loads every parameter and buffer from the safetensors file at `url` (see `load(state:)`);
    /// returns the file's metadata without the checksum (checked on reading).
    @discardableResult
    public func load(from url: URL) throws -> [String: String] {
        let file = try SafeTensorsFile(contentsOf: url)
        try load(state: file.allTensors(), source: url.path)
        return file.metadata?.filter { $0.key != SafeTensorsChecksum.metadataKey } ?? [:]
    }
}
