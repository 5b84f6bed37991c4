import Foundation
import NN

/// Loads one part of a network from the tensors stored under a prefix of another run's model file:
/// the face pretraining's trunk or detector into a method's, LLDif's stage-0 E_I into the
/// "E_I + linear head" control.
enum PrefixedWeights {
    /// Loads every tensor of `module` (batch-norm statistics included) from the tensors under
    /// `prefix` in the model file at `url`. `adapt` may turn a stored tensor of another shape into
    /// the expected one (nil: no adaptation). Throws naming `source` when the file cannot be read,
    /// and the parameter with both shapes when the architectures differ.
    static func load(into module: Module, prefix: String, from url: URL, source: String,
                     adapt: (StoredTensor, [Int]) -> StoredTensor? = { _, _ in nil }) throws {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch {
            throw TrainingError.badCheckpoint(file: url.path, reason: "\(source) cannot be read: \(error)")
        }
        let stored = try file.allTensors()
        var state: [String: StoredTensor] = [:]
        for (path, expected) in module.state().sorted(by: { $0.key < $1.key }) {
            let key = prefix + path
            guard let found = stored[key] else {
                throw TrainingError.badCheckpoint(file: url.path, reason: "\(source) lack \(key)")
            }
            if found.shape == expected.shape {
                state[path] = found
            } else if let adapted = adapt(found, expected.shape) {
                state[path] = adapted
            } else {
                throw TrainingError.badCheckpoint(
                    file: url.path, reason: "parameter \(key) of \(source) has shape \(found.shape), the model's is \(expected.shape)")
            }
        }
        try module.load(state: state, source: url.path)
    }
}
