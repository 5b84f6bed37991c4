import Foundation

/// A whole training state in one safetensors file, so an interrupted run can resume bit-identically:
/// the model's parameters and buffers under `model.`, the optimiser's state under `optimizer.`, the
/// weight average under `ema.`, and the caller's metadata (step, epoch, random-stream positions)
/// as strings, with the checksum of the tensors' bytes (`SafeTensorsChecksum`), which every read
/// checks.
public enum TrainingCheckpoint {
    /// The prefix of the model's tensors in the file.
    public static let modelPrefix = "model."

    /// Writes the state of `model`, and of `optimizer` and `ema` when given, to `url` atomically.
    public static func save(to url: URL, model: Module, optimizer: (any Optimizer)? = nil,
                            ema: WeightEMA? = nil, metadata: [String: String] = [:]) throws {
        var tensors: [String: StoredTensor] = [:]
        for (name, value) in model.state() { tensors[modelPrefix + name] = value }
        for (name, value) in optimizer?.state() ?? [:] { tensors["optimizer." + name] = value }
        for (name, value) in ema?.state() ?? [:] { tensors["ema." + name] = value }
        try SafeTensors.write(tensors, metadata: metadata, checksummed: true, to: url)
    }

    /// Restores `model`, and `optimizer` and `ema` when given, from a file written by `save`;
    /// returns its metadata (the checksum, checked on reading, left out). Throws `SafeTensorsError` for an unreadable file and
    /// `CheckpointError` when the stored state does not fit (nothing is half-loaded into a part
    /// whose state does not fit; parts are restored model first). A file saved before the first
    /// optimiser step holds no optimiser entries, and loading it resets the optimiser.
    @discardableResult
    public static func load(from url: URL, model: Module, optimizer: (any Optimizer)? = nil,
                            ema: WeightEMA? = nil) throws -> [String: String] {
        let file = try SafeTensorsFile(contentsOf: url)
        var parts: [String: [String: StoredTensor]] = ["model": [:], "optimizer": [:], "ema": [:]]
        var unexpected: [String] = []
        for name in file.names {
            guard let dot = name.firstIndex(of: "."), parts[String(name[..<dot])] != nil else {
                unexpected.append(name)
                continue
            }
            parts[String(name[..<dot])]![String(name[name.index(after: dot)...])] = try file.tensor(named: name)
        }
        if optimizer == nil { unexpected += parts["optimizer"]!.keys.map { "optimizer." + $0 } }
        if ema == nil { unexpected += parts["ema"]!.keys.map { "ema." + $0 } }
        guard unexpected.isEmpty else { throw CheckpointError(file: url.path, unexpected: unexpected.sorted()) }
        try prefixingNames("model.") { try model.load(state: parts["model"]!, source: url.path) }
        try prefixingNames("optimizer.") { try optimizer?.load(state: parts["optimizer"]!, source: url.path) }
        try prefixingNames("ema.") { try ema?.load(state: parts["ema"]!, source: url.path) }
        return file.metadata?.filter { $0.key != SafeTensorsChecksum.metadataKey } ?? [:]
    }

    /// Runs `body`, adding `prefix` to the names in any `CheckpointError` it throws, so they
    /// read as the file's tensor names.
    private static func prefixingNames(_ prefix: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch var error as CheckpointError {
            error.missing = error.missing.map { prefix + $0 }
            error.unexpected = error.unexpected.map { prefix + $0 }
            error.shapeMismatches = error.shapeMismatches.map { .init(name: prefix + $0.name, expected: $0.expected, found: $0.found) }
            throw error
        }
    }
}
