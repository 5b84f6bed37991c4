/// An n-dimensional array of Float32 values: contiguous, row-major (images are NCHW).
///
/// A tensor is a value: every op returns a new tensor and never changes its inputs. When gradient
/// recording is on (the default, see `Tensor.withoutGradients`) and an input comes from a
/// `Variable` that requires gradients, the output also carries a node of the autodiff tape, so
/// `loss.backward()` can send gradients back to those variables.
///
/// Design: values live in a `TensorStorage` (a 64-byte-aligned buffer, recycled through a size-
/// class pool because fresh large allocations page-fault on first write); tensors share storage
/// freely since nothing mutates it after an op returns, except the explicit copy-on-write
/// `withUnsafeMutableBufferPointer` used by optimisers. Every op lives in `Ops/`, forward and
/// backward side by side, and runs its loops in fixed-size chunks (`Parallel.forEachRange`) whose
/// boundaries depend only on the shape, so results are bit-identical for any thread count.
/// Shape errors stop with a message naming the op and the shapes (`require`, which stays on
/// under `-Ounchecked`); data from outside goes through the throwing initialiser.
public struct Tensor: @unchecked Sendable {
    // Unchecked Sendable: the storage is immutable once an op has returned it (see TensorStorage),
    // and tape nodes are only touched by `backward()` on the thread that calls it.

    /// The size of each dimension; `[]` is a scalar holding one value.
    public let shape: [Int]
    private(set) var storage: TensorStorage
    /// The tape node that produced this tensor; nil for constants and when recording is off.
    var node: TapeNode?

    init(shape: [Int], storage: TensorStorage, node: TapeNode? = nil) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// An uninitialised tensor for an op to fill.
    init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: Tensor.elementCount(shape)))
    }

    /// A tensor of `shape` filled from `values` (row-major). Throws when the counts disagree.
    public init(_ values: [Float], shape: [Int]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalidShape(shape) }
        let expected = Tensor.elementCount(shape)
        guard values.count == expected else {
            throw TensorError.elementCountMismatch(shape: shape, expected: expected, count: values.count)
        }
        self.init(uninitializedShape: shape)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: expected) }
    }

    /// A tensor of `shape` filled from `values`; stops with a message when the counts disagree.
    /// Use `init(_:shape:) throws` for data that comes from outside the program.
    public init(shape: [Int], values: [Float]) {
        do { try self.init(values, shape: shape) } catch { fatalError("\(error)") }
    }

    /// A tensor of `shape` whose values `body` writes (all of them) into the fresh buffer; for
    /// readers and batch builders that fill tensors without an intermediate array.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        require(shape.allSatisfy { $0 >= 0 }, "invalid tensor shape \(shape)")
        self.init(uninitializedShape: shape)
        try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// A 1-D tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], values: values)
    }

    /// A scalar (shape `[]`).
    public init(_ value: Float) {
        self.init(shape: [], storage: TensorStorage(repeating: value, count: 1))
    }

    /// A tensor of `shape` with every value equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "invalid tensor shape \(shape)")
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: Tensor.elementCount(shape)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor { Tensor(repeating: value, shape: shape) }
    /// `[0, 1, …, count-1]` as Float.
    public static func arange(_ count: Int) -> Tensor {
        let t = Tensor(uninitializedShape: [count])
        for i in 0..<count { t.storage.pointer[i] = Float(i) }
        return t
    }

    /// The number of values.
    public var count: Int { storage.count }
    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// Row-major strides (in elements) of each dimension.
    public var strides: [Int] { Tensor.contiguousStrides(shape) }

    /// All values, row-major, as a new array.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: count)) }

    /// The single value of a one-element tensor.
    public var item: Float {
        require(count == 1, "item: tensor of shape \(shape) holds \(count) values, not one")
        return storage.pointer[0]
    }

    /// The value at a full multi-index (slow; for tests and small reads).
    public subscript(_ index: Int...) -> Float {
        require(index.count == rank, "subscript: \(index.count) indices for shape \(shape)")
        var offset = 0
        for (d, i) in index.enumerated() {
            require(i >= 0 && i < shape[d], "subscript: index \(index) out of range for shape \(shape)")
            offset = offset * shape[d] + i
        }
        return storage.pointer[offset]
    }

    /// Reads the values in place, without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// This tensor's values without its tape history: gradients stop here.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// True when this tensor was produced on the tape, so gradients can flow through it.
    public var isRecorded: Bool { node != nil }

    /// True when every value is finite (no NaN, no ±Inf).
    public var isFinite: Bool {
        let p = storage.pointer
        for i in 0..<count where !p[i].isFinite { return false }
        return true
    }

    /// Writes the values in place. Copies first if the storage is shared, so other tensors keep
    /// their values; for optimisers and initialisers working on `Variable`s, not for model code.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }

    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) { strides[d] = s; s *= shape[d] }
        return strides
    }
}

extension Tensor: CustomStringConvertible {
    /// The shape and up to the first eight values.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", …" : "")]"
    }
}
