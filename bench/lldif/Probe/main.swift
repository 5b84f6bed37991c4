// `bench-lldif-probe CHECKPOINT [key=value ...]`: what an LLDif checkpoint on ll-syn-raf (the
// validation draw data.seed=1 unless set) has learnt, measured on the test split:
// - the LLformer with the stage-1 prior from the right caption (oracle), from a caption naming a
//   wrong class, from the label-free caption, and from a zero prior: does it read the image at all?
// - nearest-class-mean accuracy of E_I(x), of c = PNET_S2(E_I(x)), of the stage-2 estimate Ẑ_0 (against
//   its own class means and against stage 1's), LA-CLIP's zero-shot accuracy: does the prior the
//   diffusion estimates carry the class?
// - L_kl between Z_S1 and Ẑ_0, the spread of each, and the gradient norm of L_ce and L_kl per part
//   on one stage-2 batch: where does stage 2's gradient go?
// Numbers of bench/lldif/FINDINGS.md. Diagnostics only: nothing here is used by the kit.
import Configuration
import DatasetStore
import FaceData
import Foundation
import LLDif
import NN
import Tensor

/// Loads the checkpoint and the data, prints the measurements.
func probe() throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let ckpt = arguments.first else {
        print("usage: bench-lldif-probe CHECKPOINT [key.path=value ...]   (the quick profile on the validation draw data.seed=1; `lldif config` lists the keys)")
        return
    }
    let config = try Profile.quick.config(overriding: ["data.seed=1"] + arguments.dropFirst())
    let data = try DatasetChoice(dataset: DatasetID(.synRAF, lowLight: true), data: config.data).open(imageSize: config.data.imageSize)
    let context = try ModelContext(trainSet: data.train, config: config)
    let model = try LLDifModel(config: LLDifConfig(context: context), seed: 0)
    _ = try model.load(from: URL(fileURLWithPath: ckpt))
    model.eval()
    let classes = data.train.classNames
    let emotions = classes.compactMap { Emotion(rawValue: $0) }
    guard emotions.count == classes.count else { print("unknown class names \(classes)"); return }
    let d = model.config.priorDimension

    // Collect per-sample quantities on a split.
    struct Collected { var labels: [Int] = []; var clip: [[Float]] = []; var zS1: [[Float]] = []; var zHat: [[Float]] = []
        var c: [[Float]] = []; var oracle = 0; var wrong = 0; var followsWrong = 0; var zero = 0; var inference = 0; var plainCaption = 0
        var kl = 0.0; var n = 0 }
    func rows(_ t: Tensor) -> [[Float]] { let s = t.scalars, w = t.shape[1]; return (0..<t.shape[0]).map { Array(s[($0 * w)..<(($0 + 1) * w)]) } }
    func collect(_ set: FaceDataset, limit: Int) throws -> Collected {
        var r = Collected()
        let loader = try BatchLoader(dataset: set, config: Evaluator.evaluationConfig(imageSize: 64))
        let stream = loader.epoch(0)
        while let batch = try stream.nextBatch(), r.n < limit {
            let x = Tensor(shape: batch.shape, values: batch.images)
            Tensor.withoutGradients {
                let n = batch.count
                let zS1 = model.stage1Prior(x, captions: batch.labelAwareCaptions)
                let oracle = model.classify(x, prior: zS1).logits.argmax(axis: 1)
                // wrong captions: each sample gets the emotion-only caption of label+1..
                let wrongLabels = batch.labels.map { ($0 + 1 + ($0 * 3) % 5) % classes.count }
                let wrongCaps = zip(batch.labelAwareCaptions, wrongLabels).map { cap, wl -> String in
                    var parts = cap.split(separator: ",").map(String.init)
                    parts[parts.count - 1] = " " + emotions[wl].captionPhrase
                    return parts.joined(separator: ",")
                }
                let wrong = model.classify(x, prior: model.stage1Prior(x, captions: wrongCaps)).logits.argmax(axis: 1)
                let plain = model.classify(x, prior: model.stage1Prior(x, captions: batch.captions)).logits.argmax(axis: 1)
                let zero = model.classify(x, prior: Tensor.zeros([n, d])).logits.argmax(axis: 1)
                let c = model.condition(x)
                let zHat = model.config.usesDiffusion
                    ? model.diffusion.sample(condition: c, noise: EPDDiffusion.noise(for: batch.indices, dimension: d, seed: 0)) : c
                let inf = model.classify(x, prior: zHat).logits.argmax(axis: 1)
                r.kl += Double(EPDDiffusion.klLoss(target: zS1, estimate: zHat, temperature: 1).item) * Double(n)
                for i in 0..<n {
                    let y = batch.labels[i]
                    if oracle[i] == y { r.oracle += 1 }
                    if wrong[i] == y { r.wrong += 1 }
                    if wrong[i] == wrongLabels[i] { r.followsWrong += 1 }
                    if zero[i] == y { r.zero += 1 }
                    if inf[i] == y { r.inference += 1 }
                    if plain[i] == y { r.plainCaption += 1 }
                }
                r.labels += batch.labels
                r.clip += rows(model.clip.embedImages(x))
                r.zS1 += rows(zS1); r.zHat += rows(zHat); r.c += rows(c)
                r.n += n
            }
        }
        return r
    }
    let train = try collect(data.train, limit: 2000)
    let test = try collect(data.test, limit: 1000)
    let n = Double(test.n)
    let shares: [CVarArg] = [test.n, Double(test.oracle) / n, Double(test.wrong) / n, Double(test.followsWrong) / n,
                             Double(test.plainCaption) / n, Double(test.zero) / n, Double(test.inference) / n, test.kl / n]
    print(String(format: "test n=%d oracle %.3f wrongcap %.3f (follows wrong %.3f) plaincap %.3f zeroZ %.3f inference %.3f  KL(zS1||zHat) %.4f",
                 arguments: shares))
    func dist2(_ a: [Float], _ b: [Double]) -> Double {
        var s = 0.0
        for j in 0..<a.count { let t = Double(a[j]) - b[j]; s += t * t }
        return s
    }
    func ncmAgainst(_ trainX: [[Float]], _ testX: [[Float]]) -> Double {
        let k = classes.count, w = trainX[0].count
        var means = [[Double]](repeating: [Double](repeating: 0, count: w), count: k)
        var counts = [Int](repeating: 0, count: k)
        for (x, y) in zip(trainX, train.labels) { counts[y] += 1; for j in 0..<w { means[y][j] += Double(x[j]) } }
        for c in 0..<k where counts[c] > 0 { for j in 0..<w { means[c][j] /= Double(counts[c]) } }
        var right = 0
        for (x, y) in zip(testX, test.labels) {
            var best = -1, bestD = Double.infinity
            for c in 0..<k where counts[c] > 0 { let dd = dist2(x, means[c]); if dd < bestD { bestD = dd; best = c } }
            if best == y { right += 1 }
        }
        return Double(right) / Double(testX.count)
    }
    func ncm(_ trainX: [[Float]], _ testX: [[Float]]) -> Double { ncmAgainst(trainX, testX) }
    // Zero-shot LA-CLIP
    let classCaps = Tensor.withoutGradients { model.clip.embedCaptions(emotions.map { Caption.emotionOnly($0) }) }
    let sims = Tensor(shape: [test.n, test.clip[0].count], values: test.clip.flatMap { $0 }).matmul(classCaps, transposeOther: true)
    let zs = zip(sims.argmax(axis: 1), test.labels).filter { $0 == $1 }.count
    let counts = (0..<classes.count).map { c in test.labels.filter { $0 == c }.count }
    print("test class counts \(counts)")
    print(String(format: "NCM E_I %.3f | NCM c %.3f | NCM zHat (own means) %.3f | zHat vs stage-1 class means %.3f | zS1 NCM %.3f | CLIP zero-shot %.3f",
                 ncm(train.clip, test.clip), ncm(train.c, test.c), ncm(train.zHat, test.zHat), ncmAgainst(train.zS1, test.zHat),
                 ncm(train.zS1, test.zS1), Double(zs) / n))
    // spread of Z_S1 vs zHat
    func std(_ x: [[Float]]) -> Double { let all = x.flatMap { $0 }.map(Double.init); let m = all.reduce(0, +) / Double(all.count); return (all.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(all.count)).squareRoot() }
    print(String(format: "std zS1 %.3f zHat %.3f c %.3f", std(test.zS1), std(test.zHat), std(test.c)))

    // Gradient norms per part, one stage-2 batch.
    model.train()
    for v in model.parameters() { v.requiresGrad = false }
    let parts = ["pnetS2.", "denoiser.", "llformer.dtnet.", "llformer.dlnets.", "llformer.fusion."]
    let trained = model.namedParameters().filter { e in parts.contains { e.path.hasPrefix($0) } }
    for (_, v) in trained { v.requiresGrad = true }
    let loader = try BatchLoader(dataset: data.train, config: Evaluator.evaluationConfig(imageSize: 64, batchSize: 32))
    let batch = try loader.epoch(0).nextBatch()!
    let x = Tensor(shape: batch.shape, values: batch.images)
    var stream = RandomStream(seed: 3)
    let noise = Tensor.normal([x.shape[0], d], using: &stream)
    for which in ["ce", "kl"] {
        for v in model.parameters() { v.grad = nil }
        let pass = model.stage2Training(x, captions: batch.labelAwareCaptions, noise: noise)
        let loss = which == "ce" ? Loss.crossEntropy(logits: pass.output.logits, labels: batch.labels)
            : EPDDiffusion.klLoss(target: pass.target, estimate: pass.estimate, temperature: 1)
        loss.backward()
        var line = "grad \(which) loss \(loss.item):"
        for p in parts {
            var s = 0.0
            for (path, v) in trained where path.hasPrefix(p) { if let g = v.grad { s += g.scalars.map { Double($0 * $0) }.reduce(0, +) } }
            line += String(format: " %@ %.4g", p, s.squareRoot())
        }
        print(line)
    }
}

try probe()
