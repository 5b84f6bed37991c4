import FaceData
import Foundation
import NN
import Tensor

/// The shared training loop every classifier in the kit uses: seeded shuffled batches with
/// augmentation, AdamW with linear warm-up then cosine decay, gradient clipping, a JSON-able record
/// per epoch, a checkpoint (model, optimiser, epoch, method state) after every epoch, and a
/// bit-identical resume from that checkpoint.
public struct Trainer {
    /// The model being trained.
    public let model: any TrainableClassifier
    /// The training split.
    public let trainSet: FaceDataset
    /// The held-out split for per-epoch and final evaluation.
    public let evaluationSet: FaceDataset
    /// The loop's settings.
    public let options: TrainingOptions
    /// Where the checkpoint is written after every epoch (and resumed from); nil keeps none.
    public let checkpointURL: URL?

    /// A trainer of `model` on `trainSet`, evaluated on `evaluationSet`.
    public init(model: any TrainableClassifier, trainSet: FaceDataset, evaluationSet: FaceDataset,
                options: TrainingOptions, checkpointURL: URL?) {
        self.model = model
        self.trainSet = trainSet
        self.evaluationSet = evaluationSet
        self.options = options
        self.checkpointURL = checkpointURL
    }

    /// What a finished training run hands back.
    public struct Outcome {
        /// The records of the epochs this call trained (a resumed run's earlier epochs are in its log).
        public var records: [EpochReport]
        /// The final model on the held-out split.
        public var evaluation: ClassifierEvaluation
        /// The epoch training resumed from (0 for a fresh run).
        public var resumedFromEpoch: Int
    }

    /// The batch pipeline of the training split.
    public func trainingLoader() throws -> BatchLoader {
        let config = BatchConfig(batchSize: options.batchSize, size: options.imageSize, shuffle: true, dropLast: true,
                                 augmentation: options.augmentation, seed: options.seed, prefetch: 2)
        return try BatchLoader(dataset: trainSet, config: config)
    }

    /// Trains to `options.epochs`, resuming from the checkpoint when one exists, calling `log`
    /// after each epoch and before its checkpoint is written (so a logger that keeps one line per
    /// epoch loses none to a kill); then evaluates the final model on the held-out split.
    public func run(log: EpochLogger = { _ in }) throws -> Outcome {
        let loader = try trainingLoader()
        let stepsPerEpoch = loader.batchesPerEpoch
        guard stepsPerEpoch > 0 else {
            throw TrainingError.invalid("\(trainSet.source.name): \(trainSet.count) training samples give no batch of \(options.batchSize)")
        }
        let optimizer = AdamW(module: model, learningRate: Double(options.learningRate), weightDecay: Double(options.weightDecay))
        let schedule = CosineWithWarmup(peak: Double(options.learningRate), warmupSteps: options.warmupEpochs * stepsPerEpoch,
                                        totalSteps: options.epochs * stepsPerEpoch)
        let startEpoch = try resume(optimizer: optimizer)
        let runStream = RandomStream(seed: options.seed).split("steps")
        var progress = ProgressLine(enabled: options.showProgress)
        var records: [EpochReport] = []

        for epoch in startEpoch..<options.epochs {
            model.enterTrainingMode()
            let started = Date()
            var lossSum = 0.0, correct = 0, seen = 0
            var counts: [String: Double] = [:]
            let batches = loader.epoch(epoch)
            var index = 0
            while let batch = try batches.nextBatch() {
                let step = epoch * stepsPerEpoch + index
                optimizer.learningRate = schedule.learningRate(atStep: step)
                let context = StepContext(epoch: epoch, epochs: options.epochs, step: step,
                                          random: runStream.split(UInt64(step)))
                let output = model.trainingStep(ModelInput(batch), context: context)
                let loss = output.loss.item
                guard loss.isFinite else { throw TrainingError.diverged(epoch: epoch, step: step) }
                optimizer.zeroGrad()
                output.loss.backward()
                if options.clipNorm > 0 { clipGradientNorm(model.trainableParameters(), maxNorm: options.clipNorm) }
                optimizer.step()

                lossSum += Double(loss)
                correct += zip(output.logits.argmax(axis: 1), batch.labels).filter { $0 == $1 }.count
                seen += batch.count
                counts.merge(output.counts, uniquingKeysWith: +)
                index += 1
                progress.show(String(format: "epoch %d/%d %@ %d/%d  loss %.4f  acc %.3f", epoch + 1, options.epochs,
                                     ProgressLine.bar(index, of: stepsPerEpoch), index, stepsPerEpoch,
                                     lossSum / Double(index), Double(correct) / Double(seen)))
            }
            let wall = Date().timeIntervalSince(started)
            counts.merge(model.epochFinished(epoch: epoch), uniquingKeysWith: +)
            let validation = options.evaluateEveryEpoch
                ? try Evaluator.evaluate(model, on: evaluationSet, imageSize: options.imageSize).accuracy : nil
            let record = EpochReport(epoch: epoch + 1, loss: lossSum / Double(max(1, index)),
                                     trainAccuracy: Double(correct) / Double(max(1, seen)), valAccuracy: validation,
                                     learningRate: optimizer.learningRate, wallSeconds: wall, extras: counts)
            progress.show(String(format: "epoch %d/%d  loss %.4f  train %.3f%@  %.1f s", epoch + 1, options.epochs,
                                 record.loss, record.trainAccuracy,
                                 validation.map { String(format: "  val %.3f", $0) } ?? "", wall), force: true)
            progress.finish()
            // The log line first, then the checkpoint: a process killed between the two keeps the
            // line and trains the epoch again on resume, and the log replaces the line (RunFolder.log).
            try log(record)
            try saveCheckpoint(optimizer: optimizer, epochsDone: epoch + 1, step: (epoch + 1) * stepsPerEpoch)
            records.append(record)
        }
        let evaluation = try Evaluator.evaluate(model, on: evaluationSet, imageSize: options.imageSize)
        return Outcome(records: records, evaluation: evaluation, resumedFromEpoch: startEpoch)
    }

    /// Writes model, optimiser, epoch, step, seed and method state to the checkpoint.
    private func saveCheckpoint(optimizer: AdamW, epochsDone: Int, step: Int) throws {
        guard let checkpointURL else { return }
        var metadata = ["epoch": String(epochsDone), "step": String(step), "seed": String(options.seed),
                        "rng": "philox split(seed).split(\"steps\").split(step); batches keyed by (seed, epoch)"]
        for (key, value) in model.methodState() { metadata["method." + key] = value }
        try TrainingCheckpoint.save(to: checkpointURL, model: model, optimizer: optimizer, metadata: metadata)
    }

    /// Loads the checkpoint when there is one; returns the number of epochs it had finished.
    private func resume(optimizer: AdamW) throws -> Int {
        guard let checkpointURL, FileManager.default.fileExists(atPath: checkpointURL.path) else { return 0 }
        let metadata = try TrainingCheckpoint.load(from: checkpointURL, model: model, optimizer: optimizer)
        guard let text = metadata["epoch"], let epochs = Int(text), epochs >= 0, epochs <= options.epochs else {
            throw TrainingError.badCheckpoint(file: checkpointURL.path, reason: "metadata 'epoch' is missing or outside 0...\(options.epochs)")
        }
        guard metadata["seed"] == String(options.seed) else {
            throw TrainingError.badCheckpoint(file: checkpointURL.path,
                                              reason: "written with seed \(metadata["seed"] ?? "?"), this run has seed \(options.seed)")
        }
        var method: [String: String] = [:]
        for (key, value) in metadata where key.hasPrefix("method.") { method[String(key.dropFirst(7))] = value }
        try model.restoreMethodState(method)
        return epochs
    }
}

extension TrainableClassifier {
    /// Loads the model's parameters and buffers from a training checkpoint (its `model.` entries;
    /// the optimiser's are ignored), or from a plain module file.
    public func loadWeights(from url: URL) throws {
        let file = try SafeTensorsFile(contentsOf: url)
        let all = try file.allTensors()
        let prefixed = all.filter { $0.key.hasPrefix("model.") }
        let state = prefixed.isEmpty ? all : Dictionary(uniqueKeysWithValues: prefixed.map { (String($0.key.dropFirst(6)), $0.value) })
        try load(state: state, source: url.path)
    }
}
