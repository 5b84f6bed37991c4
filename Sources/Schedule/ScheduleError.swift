/// Why a plan cannot be scheduled or submitted.
public enum ScheduleError: Error, CustomStringConvertible, Equatable {
    /// The plan's runs do not form a graph the schedulers can run.
    case invalidPlan(String)
    /// A run's process could not be started (the executable, and why).
    case cannotStart(String, String)

    public var description: String {
        switch self {
        case .invalidPlan(let why): return "invalid plan: \(why)"
        case .cannotStart(let executable, let why): return "cannot start \(executable): \(why)"
        }
    }
}
