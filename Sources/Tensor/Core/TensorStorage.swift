/// The memory behind a tensor: `count` Float32 values in one 64-byte-aligned allocation (from
/// `BufferPool`), so the C kernels can use aligned vector loads. Tensors share a storage until one of them is mutated
/// through an explicit in-place API, which copies first unless the storage is uniquely referenced.
final class TensorStorage: @unchecked Sendable {
    // Unchecked Sendable: a storage is written only while it is being built by one op (or by its
    // disjoint parallel chunks) and, afterwards, only by an owner that holds the sole reference.
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Allocates `count` values, left uninitialised (every op writes all of its output).
    init(count: Int) {
        self.count = count
        pointer = BufferPool.allocate(count: count).bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Allocates `count` values all equal to `value`.
    convenience init(repeating value: Float, count: Int) {
        self.init(count: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// A fresh storage holding a copy of this one.
    func copy() -> TensorStorage {
        let other = TensorStorage(count: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    deinit { BufferPool.release(UnsafeMutableRawPointer(pointer), count: count) }
}
