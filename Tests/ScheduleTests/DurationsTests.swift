import Testing
import Schedule

@Suite("Durations in words")
struct DurationsTests {
    @Test("two largest units")
    func words() {
        #expect(Durations.words(41) == "41 s")
        #expect(Durations.words(192) == "3 min 12 s")
        #expect(Durations.words(120) == "2 min")
        #expect(Durations.words(3840) == "1 h 4 min")
        #expect(Durations.words(2 * 86400 + 3 * 3600 + 5) == "2 d 3 h")
        #expect(Durations.words(.infinity) == "?")
    }

    @Test("the makespan of a chain and of independent runs on two slots")
    func makespan() throws {
        let graph = try PlanGraph([run("a", cost: 3), run("b", cost: 2, after: ["a"]), run("c", cost: 4)])
        let remaining = ["m/a": 3.0, "m/b": 2, "m/c": 4]
        #expect(Makespan.simulate(graph: graph, remaining: remaining, running: [], done: [], slots: 2, priorities: graph.priorities()) == 5)
        #expect(Makespan.simulate(graph: graph, remaining: remaining, running: [], done: [], slots: 1, priorities: graph.priorities()) == 9)
    }
}
