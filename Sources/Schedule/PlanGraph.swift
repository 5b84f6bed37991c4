/// The runs of a plan as a dependency graph: who waits for whom, the critical-path priority of
/// each run (its cost plus the longest chain of runs that wait for it) and each run's dependency
/// level. Both schedulers order runs by it.
public struct PlanGraph: Sendable {
    /// The runs, in the plan's order.
    public let runs: [ScheduledRun]
    /// The position of each run in `runs`, by name.
    public let index: [String: Int]
    /// The runs that start from each run, by name.
    public let dependents: [String: [String]]

    /// The graph of `runs`; a dependency outside the list, a repeated name or a cycle is an error.
    public init(_ runs: [ScheduledRun]) throws {
        var index: [String: Int] = [:], dependents: [String: [String]] = [:]
        for (i, run) in runs.enumerated() {
            guard index[run.name] == nil else { throw ScheduleError.invalidPlan("run \(run.name) is listed twice") }
            index[run.name] = i
        }
        for run in runs {
            for dependency in run.dependencies {
                guard index[dependency] != nil else {
                    throw ScheduleError.invalidPlan("run \(run.name) starts from \(dependency), which is not in the plan")
                }
                dependents[dependency, default: []].append(run.name)
            }
        }
        self.runs = runs
        self.index = index
        self.dependents = dependents
        _ = try levels()
    }

    /// The run named `name`.
    public func run(_ name: String) -> ScheduledRun? { index[name].map { runs[$0] } }

    /// Each run's critical-path priority: its cost plus the largest priority among the runs that
    /// start from it, so a run heading a long chain starts before a longer run that heads none.
    public func priorities() -> [String: Double] {
        var priority: [String: Double] = [:]
        func visit(_ name: String) -> Double {
            if let known = priority[name] { return known }
            let tail = (dependents[name] ?? []).map(visit).max() ?? 0
            let value = (run(name)?.cost ?? 0) + tail
            priority[name] = value
            return value
        }
        for run in runs { _ = visit(run.name) }
        return priority
    }

    /// Each run's dependency level among the runs left to train: 0 for a run whose dependencies are
    /// all trained, else one more than its deepest untrained dependency. Trained runs have none.
    public func levels() throws -> [String: Int] {
        var level: [String: Int] = [:], visiting: Set<String> = []
        func visit(_ name: String) throws -> Int {
            if let known = level[name] { return known }
            guard visiting.insert(name).inserted else { throw ScheduleError.invalidPlan("the plan's dependencies form a cycle through \(name)") }
            let pending = (run(name)?.dependencies ?? []).filter { run($0)?.isTrained == false }
            let value = try pending.map { try visit($0) + 1 }.max() ?? 0
            visiting.remove(name)
            level[name] = value
            return value
        }
        for run in runs where !run.isTrained { _ = try visit(run.name) }
        return level
    }

    /// The runs that start, directly or not, from `name`.
    public func allDependents(of name: String) -> [String] {
        var seen: [String] = [], stack = dependents[name] ?? []
        while let next = stack.popLast() {
            guard !seen.contains(next) else { continue }
            seen.append(next)
            stack += dependents[next] ?? []
        }
        return runs.map(\.name).filter(seen.contains)
    }
}
