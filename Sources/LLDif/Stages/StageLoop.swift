import FaceData
import Foundation
import NN
import Tensor

/// What one training step of a stage returns: the loss to minimise and, for stages with a
/// classifier, how many samples of the batch it got right.
struct StepResult {
    var loss: Tensor
    var correct: Int?
}

/// The epoch loop every stage shares: freezes all but the stage's parameters, runs AdamW with a
/// cosine schedule and warm-up, clips the gradient norm, reports one record per epoch and then
/// writes a checkpoint (model, optimiser, epoch). A stage whose final weights exist is
/// loaded instead of retrained; an interrupted stage resumes from its last checkpoint and ends with
/// the same weights as an uninterrupted run, because every random draw of an epoch comes from a
/// stream split off by (seed, stage, epoch) and the batch order depends on the epoch alone.
///
/// Why not the shared `Trainer`: it optimises one classifier's objective over all its parameters
/// and validates its `classify`; a stage trains a subset of LLDif with its own objective (InfoNCE
/// and heatmaps, cross entropy, L_kl) and its own validation (oracle or inference). This loop keeps
/// the Trainer's conventions: AdamW, cosine with warm-up, clipping, a checkpoint per epoch.
struct StageLoop {
    var stage: LLDifStage
    /// The stage's name in files and streams.
    var name: String { stage.rawValue }
    var model: LLDifModel
    var trained: [(path: String, variable: Variable)]
    var options: StageOptions
    var loader: BatchLoader
    var folder: URL
    var seed: UInt64
    var reporter: StageReporter
    /// Frozen parts that run in evaluation mode throughout (LA-CLIP and LandmarkNet after stage 0),
    /// so their batch norms use, and do not change, the statistics stage 0 left.
    var frozenParts: [Module] = []

    /// Puts the model in training mode and its frozen parts in evaluation mode.
    func trainingMode() {
        model.train()
        for part in frozenParts { part.eval() }
    }

    /// The checkpoint written after each epoch.
    var checkpointURL: URL { folder.appendingPathComponent("\(name)-checkpoint.safetensors") }
    /// The model's state when the stage has finished.
    var finalURL: URL { folder.appendingPathComponent("\(name).safetensors") }

    /// Runs (or resumes, or loads) the stage. `step` computes a batch's loss from the batch, its
    /// images and the epoch's random stream; `validate` gives the accuracy reported per epoch.
    func run(step: (Batch, Tensor, inout RandomStream) throws -> StepResult, validate: (() throws -> Double)?) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: finalURL.path) {
            _ = try model.load(from: finalURL)
            return
        }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        for variable in model.parameters() { variable.requiresGrad = false }
        for (_, variable) in trained { variable.requiresGrad = true }
        trainingMode()
        let optimizer = AdamW(trained, learningRate: Double(options.learningRate), weightDecay: Double(options.weightDecay))
        let batches = loader.batchesPerEpoch
        let schedule = CosineWithWarmup(peak: Double(options.learningRate), warmupSteps: options.warmupEpochs * batches,
                                        totalSteps: max(1, options.epochs * batches))
        var firstEpoch = 0
        if fm.fileExists(atPath: checkpointURL.path) {
            let metadata = try TrainingCheckpoint.load(from: checkpointURL, model: model, optimizer: optimizer)
            guard metadata["stage"] == name, let done = metadata["epoch"].flatMap(Int.init) else {
                throw ModelError.missingInput("checkpoint \(checkpointURL.path) is not a \(name) checkpoint")
            }
            firstEpoch = done + 1
        }
        let root = RandomStream(seed: seed).split(name)
        for epoch in firstEpoch..<max(firstEpoch, options.epochs) {
            let start = Date()
            var stream = root.split(UInt64(epoch))
            var (lossSum, seen, correct, classified) = (0.0, 0, 0, false)
            let batchStream = loader.epoch(epoch)
            var b = 0
            while let batch = try batchStream.nextBatch() {
                optimizer.learningRate = schedule.learningRate(atStep: epoch * batches + b)
                let images = Tensor(shape: batch.shape, values: batch.images)
                let result = try step(batch, images, &stream)
                optimizer.zeroGrad()
                result.loss.backward()
                _ = clipGradientNorm(trained.map(\.variable), maxNorm: options.clipNorm)
                optimizer.step()
                lossSum += Double(result.loss.item) * Double(batch.count)
                seen += batch.count
                if let right = result.correct { correct += right; classified = true }
                b += 1
                reporter.progress(stage, epoch, b, batches)
            }
            let validation = try validate?()
            trainingMode()
            // The log line first, then the checkpoint: a process killed between the two keeps the
            // line and trains the epoch again on resume, and the run's log replaces the line.
            try reporter.epochFinished(StageRecord(
                stage: stage, epoch: epoch, loss: lossSum / Double(max(seen, 1)),
                trainAccuracy: classified ? Double(correct) / Double(max(seen, 1)) : nil,
                validationAccuracy: validation, learningRate: Double(optimizer.learningRate),
                seconds: Date().timeIntervalSince(start)))
            try TrainingCheckpoint.save(to: checkpointURL, model: model, optimizer: optimizer,
                                        metadata: ["stage": name, "epoch": String(epoch)])
        }
        for variable in model.parameters() { variable.requiresGrad = false }
        try model.save(to: finalURL, metadata: ["stage": name])
        try? fm.removeItem(at: checkpointURL)
    }
}

/// The number of rows of `logits [N, C]` whose argmax is the label.
func correctCount(_ logits: Tensor, labels: [Int]) -> Int {
    zip(logits.argmax(axis: 1), labels).filter { $0 == $1 }.count
}
