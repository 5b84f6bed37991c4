import Foundation

/// Anomaly mode: finds the first op whose forward output, or whose gradient for an input, holds
/// a NaN or Inf. Costs one scan of every op output, so it is off unless asked for.
public enum Anomaly {
    /// Which pass of an op produced the anomaly.
    public enum Phase: String, Sendable, Equatable {
        case forward, backward
    }

    @TaskLocal static var monitor: Monitor?

    /// Runs `body` (forward and/or backward passes) with anomaly checks on every op, then throws
    /// `TensorError.anomaly` naming the first op that produced a NaN or Inf, if any did.
    public static func detect<R>(_ body: () throws -> R) throws -> R {
        let monitor = Monitor()
        let result = try $monitor.withValue(monitor, operation: body)
        if let first = monitor.first { throw first }
        return result
    }

    /// True inside `Anomaly.detect`.
    public static var isEnabled: Bool { monitor != nil }

    /// Keeps the first anomaly reported (reports come from the thread that runs the op).
    final class Monitor: @unchecked Sendable {
        private let lock = NSLock()
        private var firstError: TensorError?

        func report(_ error: TensorError) {
            lock.lock(); defer { lock.unlock() }
            if firstError == nil { firstError = error }
        }

        var first: TensorError? {
            lock.lock(); defer { lock.unlock() }
            return firstError
        }
    }
}
