import Foundation

/// The PyTorch twin (bench/engine/twin.py) as a long-lived child process: one JSON command per
/// line in, one JSON answer per line out, so its measurements interleave with the Swift ones.
final class Twin {
    /// The torch version the twin imported.
    private(set) var version = ""
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()

    /// Starts the twin; throws `TwinError.unavailable` with the reason when Python or torch is missing.
    init(python: String, script: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do { try process.run() } catch {
            throw TwinError.unavailable("cannot start \(python): \(error.localizedDescription)")
        }
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        let hello = try readAnswer()
        guard hello["ready"] as? Bool == true, let version = hello["torch"] as? String else {
            process.terminate()
            throw TwinError.unavailable(hello["error"] as? String ?? "the twin did not start")
        }
        self.version = version
    }

    /// Runs one case in the twin and returns its seconds per iteration.
    func run(_ command: [String: Any]) throws -> Double {
        var line = try JSONSerialization.data(withJSONObject: command)
        line.append(0x0A)
        input.write(line)
        let answer = try readAnswer()
        guard let seconds = answer["seconds"] as? Double else {
            throw TwinError.failed(answer["error"] as? String ?? "no answer to \(command)")
        }
        return seconds
    }

    func close() {
        try? input.close()
        process.waitUntilExit()
    }

    private func readAnswer() throws -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw TwinError.failed("unreadable answer: \(String(decoding: line, as: UTF8.self))")
                }
                return object
            }
            let chunk = output.availableData
            if chunk.isEmpty { throw TwinError.unavailable("the twin exited (status \(process.isRunning ? 0 : process.terminationStatus))") }
            buffer.append(chunk)
        }
    }
}

/// Why the PyTorch side of the bench could not run.
enum TwinError: Error, CustomStringConvertible {
    case unavailable(String)
    case failed(String)

    var description: String {
        switch self {
        case .unavailable(let why): return "PyTorch twin unavailable: \(why)"
        case .failed(let why): return "PyTorch twin failed: \(why)"
        }
    }
}
