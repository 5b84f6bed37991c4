/// Splits `0..<count` into fixed-size chunks (the split depends only on `count` and `grain`, never
/// on the thread count) and runs `body(start, end)` on each, in parallel when there is more than
/// one chunk.
@inline(__always)
func forEachRange(_ count: Int, grain: Int = 1 << 15, _ body: (Int, Int) -> Void) {
    if count <= grain {
        if count > 0 { body(0, count) }
        return
    }
    let chunks = (count + grain - 1) / grain
    Parallel.forEachChunk(chunks) { c in body(c * grain, min(count, (c + 1) * grain)) }
}
