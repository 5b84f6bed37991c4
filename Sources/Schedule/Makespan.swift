/// How long the runs left take on a number of slots, by simulating the scheduler's own rule: a run
/// starts when its dependencies have finished, highest critical-path priority first.
public enum Makespan {
    /// The wall time until every run of `remaining` (seconds each) has finished on `slots` slots.
    /// `running` runs hold a slot from the start; `done` runs have finished; a run whose
    /// dependency is in none of these never starts and does not count.
    public static func simulate(graph: PlanGraph, remaining: [String: Double], running: Set<String>, done: Set<String>,
                                slots: Int, priorities: [String: Double]) -> Double {
        var finished = done, time = 0.0
        var busy: [(end: Double, name: String)] = running.compactMap { name in remaining[name].map { ($0, name) } }
        var waiting = graph.runs.map(\.name).filter { remaining[$0] != nil && !running.contains($0) && !done.contains($0) }
        while true {
            while busy.count < max(1, slots) {
                let ready = waiting.filter { name in (graph.run(name)?.dependencies ?? []).allSatisfy(finished.contains) }
                guard let next = ready.max(by: { (priorities[$0] ?? 0) < (priorities[$1] ?? 0) }) else { break }
                waiting.removeAll { $0 == next }
                busy.append((time + (remaining[next] ?? 0), next))
            }
            guard let first = busy.min(by: { $0.end < $1.end }) else { return time }
            time = first.end
            busy.removeAll { $0.name == first.name }
            finished.insert(first.name)
        }
    }
}
