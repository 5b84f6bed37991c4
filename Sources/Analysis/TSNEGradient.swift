import Foundation
import KitSupport

/// How the t-SNE gradient is evaluated.
public enum TSNEMethod: Sendable, Equatable {
    /// The exact O(N²) gradient over all pairs.
    case exact
    /// Barnes–Hut: a quadtree summarises distant cells (opening angle θ, 0.5 by default).
    case barnesHut(theta: Double)
}

/// One evaluation of the t-SNE objective at an embedding: the gradient of KL(P‖Q) and, when asked
/// for, the KL divergence itself.
public struct TSNEObjective: Sendable {
    /// ∂KL/∂y, `count × 2` row-major, in the usual convention 4 Σ_j (p_ij − q_ij) q_ijZ (y_i − y_j)
    /// (scikit-learn's; other implementations drop the 4 and use a 4× larger learning rate).
    public var gradient: [Float]
    /// KL(P‖Q) over the stored entries of P (all pairs for the exact method; the sparse
    /// neighbour entries for Barnes–Hut, with Z from the tree, as scikit-learn reports it), or nil.
    public var klDivergence: Double?

    /// Evaluates the objective for `embedding` (`p.count × 2`) with P scaled by `exaggeration`.
    public init(embedding: [Float], p: JointProbabilities, method: TSNEMethod, exaggeration: Double = 1,
                computeKL: Bool = true, threads: Int = Parallel.threadCount) throws {
        try checkMatrix(embedding, rows: p.count, columns: 2, name: "embedding")
        var gradient = [Float](repeating: 0, count: embedding.count)
        let kl = embedding.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer { g in
                switch method {
                case .exact:
                    return exactGradient(y, p: p, exaggeration: Float(exaggeration), computeKL: computeKL, threads: threads, into: g.baseAddress!)
                case let .barnesHut(theta):
                    return barnesHutGradient(y, p: p, theta: Float(theta), exaggeration: Float(exaggeration),
                                             computeKL: computeKL, threads: threads, into: g.baseAddress!)
                }
            }
        }
        self.gradient = gradient
        klDivergence = kl
    }
}

/// Points per parallel chunk of the gradient (fixed, so results do not depend on thread count).
private let gradientChunk = 128
private let float32Tiny = Double(Float.leastNormalMagnitude)

/// Sums per-chunk partial values in chunk order.
private func orderedSum(_ parts: [Double]) -> Double { parts.reduce(0, +) }

/// Exact gradient: Z = Σ_{k≠l} q_klZ, then 4 Σ_j (p_ij − q_ijZ / Z) q_ijZ (y_i − y_j) per row.
func exactGradient(_ y: UnsafeBufferPointer<Float>, p: JointProbabilities, exaggeration: Float, computeKL: Bool,
                   threads: Int, into g: UnsafeMutablePointer<Float>) -> Double? {
    let n = p.count
    let chunks = (n + gradientChunk - 1) / gradientChunk
    var zParts = [Double](repeating: 0, count: chunks)
    zParts.withUnsafeMutableBufferPointer { parts in
        let shared = SharedPointer(base: parts.baseAddress!)
        Parallel.forEachChunk(chunks, threads: threads) { c in
            var s = 0.0
            for i in (c * gradientChunk)..<min(n, (c + 1) * gradientChunk) {
                for j in 0..<n where j != i {
                    let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                    s += Double(1 / (1 + dx * dx + dy * dy))
                }
            }
            shared[c] = s
        }
    }
    let z = max(orderedSum(zParts), Double.ulpOfOne)
    var klParts = [Double](repeating: 0, count: chunks)
    let out = SharedPointer(base: g)
    klParts.withUnsafeMutableBufferPointer { parts in
        let shared = SharedPointer(base: parts.baseAddress!)
        Parallel.forEachChunk(chunks, threads: threads) { c in
            var dense = [Float](repeating: 0, count: n)
            var kl = 0.0
            for i in (c * gradientChunk)..<min(n, (c + 1) * gradientChunk) {
                for e in p.rowStart[i]..<p.rowStart[i + 1] { dense[Int(p.columns[e])] = p.values[e] * exaggeration }
                var gx = 0.0, gy = 0.0
                for j in 0..<n where j != i {
                    let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                    let qZ = Double(1 / (1 + dx * dx + dy * dy))
                    let pij = Double(dense[j])
                    let w = (pij - qZ / z) * qZ
                    gx += w * Double(dx); gy += w * Double(dy)
                    if computeKL && pij > 0 { kl += pij * log(max(pij, float32Tiny) / max(qZ / z, float32Tiny)) }
                }
                out[2 * i] = Float(4 * gx); out[2 * i + 1] = Float(4 * gy)
                for e in p.rowStart[i]..<p.rowStart[i + 1] { dense[Int(p.columns[e])] = 0 }
            }
            shared[c] = kl
        }
    }
    return computeKL ? orderedSum(klParts) : nil
}

/// Barnes–Hut gradient: repulsion from the quadtree (points walked in tree order for locality),
/// attraction from the sparse P, 4 (F_attr − F_rep / Z).
func barnesHutGradient(_ y: UnsafeBufferPointer<Float>, p: JointProbabilities, theta: Float, exaggeration: Float,
                       computeKL: Bool, threads: Int, into g: UnsafeMutablePointer<Float>) -> Double? {
    let n = p.count
    let tree = QuadTree(y, count: n)
    let chunks = (n + gradientChunk - 1) / gradientChunk
    var repulsion = [Double](repeating: 0, count: 2 * n)
    var zParts = [Double](repeating: 0, count: chunks)
    let thetaSquared = theta * theta
    repulsion.withUnsafeMutableBufferPointer { rep in
        zParts.withUnsafeMutableBufferPointer { parts in
            let force = SharedPointer(base: rep.baseAddress!), zShared = SharedPointer(base: parts.baseAddress!)
            Parallel.forEachChunk(chunks, threads: threads) { c in
                let stack = UnsafeMutablePointer<Int32>.allocate(capacity: 4 * QuadTree.depthLimit + 8)
                defer { stack.deallocate() }
                var z = 0.0
                for slot in (c * gradientChunk)..<min(n, (c + 1) * gradientChunk) {
                    let (zi, f) = tree.repulsion(slot: slot, thetaSquared: thetaSquared, stack: stack)
                    let i = Int(tree.order[slot])
                    z += zi
                    force[2 * i] = f.x; force[2 * i + 1] = f.y
                }
                zShared[c] = z
            }
        }
    }
    let z = max(orderedSum(zParts), Double.ulpOfOne)
    var klParts = [Double](repeating: 0, count: chunks)
    let out = SharedPointer(base: g)
    repulsion.withUnsafeBufferPointer { rep in
        klParts.withUnsafeMutableBufferPointer { parts in
            let shared = SharedPointer(base: parts.baseAddress!)
            Parallel.forEachChunk(chunks, threads: threads) { c in
                var kl = 0.0
                for i in (c * gradientChunk)..<min(n, (c + 1) * gradientChunk) {
                    var ax = 0.0, ay = 0.0
                    let yx = y[2 * i], yy = y[2 * i + 1]
                    for e in p.rowStart[i]..<p.rowStart[i + 1] {
                        let j = Int(p.columns[e])
                        let dx = yx - y[2 * j], dy = yy - y[2 * j + 1]
                        let qZ = 1 / (1 + dx * dx + dy * dy)
                        let pij = p.values[e] * exaggeration
                        ax += Double(pij * qZ * dx); ay += Double(pij * qZ * dy)
                        if computeKL {
                            kl += Double(pij) * log(max(Double(pij), float32Tiny) / max(Double(qZ) / z, float32Tiny))
                        }
                    }
                    out[2 * i] = Float(4 * (ax - rep[2 * i] / z))
                    out[2 * i + 1] = Float(4 * (ay - rep[2 * i + 1] / z))
                }
                shared[c] = kl
            }
        }
    }
    return computeKL ? orderedSum(klParts) : nil
}
