import CKernels
import Foundation

/// A cache of large freed tensor buffers, reused by later allocations of the same size class.
///
/// Without it every large op output is a fresh `mmap` whose pages fault in one by one on first
/// write: measured here, that made a 4M-element add take 20 ms instead of 3 ms. Training repeats
/// the same shapes every step, so buffers are matched by size class (the count rounded up to
/// 4096 values) and almost every allocation after the first step is a reuse. At most
/// `capacityBytes` are kept; beyond that buffers go back to the system.
enum BufferPool {
    /// Buffers below this many values use the system allocator directly (its heap serves them
    /// without page faults).
    static let minimumCount = 16_384
    static let granularity = 4_096
    /// A quarter of physical memory, at most 4 GiB: enough for the working set of a training
    /// step (a transformer block at batch 32 on 64×64 maps frees about 1.5 GB per step).
    static let capacityBytes = Swift.min(4 << 30, Int(ProcessInfo.processInfo.physicalMemory / 4))

    private static let lock = NSLock()
    nonisolated(unsafe) private static var free: [Int: [UnsafeMutableRawPointer]] = [:]
    nonisolated(unsafe) private static var cachedBytes = 0

    /// The capacity (in values) actually allocated for `count` values.
    static func capacity(for count: Int) -> Int {
        count < minimumCount ? Swift.max(count, 1) : (count + granularity - 1) / granularity * granularity
    }

    /// glibc's allocator told to keep what is freed, applied once, before the first buffer.
    ///
    /// By default glibc serves blocks above 128 KB (a threshold that grows to at most 32 MB) with a
    /// fresh `mmap` and returns them to the system when freed, and it returns the free top of its
    /// heap too; every later block of that size then faults its pages in again. Training repeats
    /// the same shapes every step, so the kit raises the `mmap` threshold to 1 GB and the trim
    /// threshold to 2 GB: freed memory stays in the heap for the next step. Measured with the
    /// builds alternating, this saves about 3 % of a training step (bench/engine/FINDINGS.md,
    /// session 20); the bits are the same. The price is that a process keeps its peak heap. A
    /// `GLIBC_TUNABLES` that sets any `glibc.malloc.` tunable is the user's choice and is left alone.
    private static let allocatorPolicy: Void = {
        if ProcessInfo.processInfo.environment["GLIBC_TUNABLES"]?.contains("glibc.malloc.") == true { return }
        lk_allocator_keep_freed()
    }()

    /// A 64-byte-aligned buffer of `capacity(for: count)` values.
    static func allocate(count: Int) -> UnsafeMutableRawPointer {
        _ = allocatorPolicy
        let capacity = capacity(for: count)
        if count >= minimumCount {
            lock.lock()
            if let pointer = free[capacity]?.popLast() {
                cachedBytes -= capacity * 4
                lock.unlock()
                return pointer
            }
            lock.unlock()
        }
        return UnsafeMutableRawPointer.allocate(byteCount: capacity * 4, alignment: 64)
    }

    /// Returns a buffer obtained from `allocate(count:)`.
    static func release(_ pointer: UnsafeMutableRawPointer, count: Int) {
        let capacity = capacity(for: count)
        if count >= minimumCount {
            lock.lock()
            if cachedBytes + capacity * 4 <= capacityBytes {
                free[capacity, default: []].append(pointer)
                cachedBytes += capacity * 4
                lock.unlock()
                return
            }
            lock.unlock()
        }
        pointer.deallocate()
    }

    /// Frees every cached buffer.
    static func clear() {
        lock.lock(); defer { lock.unlock() }
        for list in free.values { for p in list { p.deallocate() } }
        free = [:]
        cachedBytes = 0
    }
}

extension Tensor {
    /// Frees the large buffers cached for reuse by later ops (see the engine's buffer pool),
    /// e.g. between training and a memory-hungry evaluation of different shapes.
    public static func releaseCachedMemory() { BufferPool.clear() }
}
