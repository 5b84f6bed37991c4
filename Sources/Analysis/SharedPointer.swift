/// A raw pointer that the chunks of a `Parallel` loop may share; each chunk writes a disjoint part
/// of it.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
