/// Stops with `message` when `condition` is false. Unlike `precondition`, it stays on in the
/// release builds of the numeric modules, which compile with `-Ounchecked` (where `precondition`
/// is removed): shape errors must name the op and shapes, never run on into wrong memory.
@inline(__always)
public func require(_ condition: Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
