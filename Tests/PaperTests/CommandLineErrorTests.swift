import Configuration
import FaceData
import Foundation
import Paper
import Testing

/// The `lldif` tool built next to the tests, run as a user would.
enum LLDifTool {
    /// The built `lldif` executable: beside the test bundle in the build products folder.
    static var url: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if folder.pathExtension == "xctest" || folder.path.contains(".xctest/") {
            while !folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("lldif")
    }

    /// Runs `lldif arguments` and returns its exit status, standard error and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, error: String, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: url.path),
                     "lldif not built next to the tests at \(url.path): run swift build -c release --build-tests")
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("lldif-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let output = String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, text, output)
    }
}

/// Bad inputs given to the command-line tool: each exits non-zero with one line naming the input
/// and the reason.
@Suite struct CommandLineErrorTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aRunStoreThatIsAFileIsNamedByTrainAndRuns() throws {
        let parent = try folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let file = parent.appendingPathComponent("runs")
        try Data("x".utf8).write(to: file)
        let runs = try LLDifTool.run(["runs", "--store", file.path])
        #expect(runs.status != 0)
        #expect(runs.error == "Error: run store \(file.path): it is a file, not a folder\n")
        let train = try LLDifTool.run(["train", "--model", "resnet18", "--dataset", "ll-syn-raf", "--profile", "smoke",
                                       "--store", file.path])
        #expect(train.status != 0)
        #expect(train.error == "Error: run store \(file.path): it is a file, not a folder\n")
    }

    @Test func nonFiniteAndZeroSettingsAreNamedByTrain() throws {
        let cases = [("train.learning_rate=nan", "train.learning_rate"), ("train.learning_rate=inf", "train.learning_rate"),
                     ("train.clip_norm=nan", "train.clip_norm"), ("model.width=0", "model.width")]
        for (setting, key) in cases {
            let result = try LLDifTool.run(["train", "--model", "resnet18", "--dataset", "ll-syn-raf", "--profile", "smoke",
                                            "--set", setting, "--store", "/nonexistent-store-never-created"])
            #expect(result.status != 0, "\(setting)")
            // One line naming the key and the value (ArgumentParser adds its usage hint below it).
            let first = result.error.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("Error: setting '\(key)' expects ") && first.hasSuffix(", got '\(setting.split(separator: "=")[1])'"),
                    "\(setting): \(result.error)")
            #expect(!FileManager.default.fileExists(atPath: "/nonexistent-store-never-created"))
        }
    }

    @Test("lldif data grid with a yaw bound no face meets names the empty classes and writes nothing")
    func aGridWithEmptyRowsIsNamed() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try LLDifTool.run(["data", "grid", "--flavour", "syn-kdef", "--per-class", "2", "--max-yaw", "0",
                                        "--out", out.path + "/sheet"])
        #expect(result.status != 0)
        #expect(result.error.hasPrefix("Error: no syn-kdef training face with |yaw| ≤ 0.0° in class afraid, "), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: out.path + "/sheet"))
    }

    @Test func verifyWithNoResultsOrAMisnamedClaimExitsNonZero() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try Data("# Accuracy\n".utf8).write(to: chapters.appendingPathComponent("04-accuracy.md"))
        let claims = chapters.appendingPathComponent("claims.json")
        let claim = { (chapter: String, quantity: String) in
            #"[{"id": "C1", "chapter": "\#(chapter)", "statement": "s", "quantities": ["\#(quantity)"], "kind": "superiority", "rationale": "r"}]"#
        }
        try Data(claim("04-accuracy", "04-accuracy/gap").utf8).write(to: claims)
        let figures = root.appendingPathComponent("figures")
        let numbers = root.appendingPathComponent("paper-numbers.json")
        try Data(#"{"tables": {"accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": null}}}}}"#.utf8).write(to: numbers)
        let verify = ["verify", "--claims", claims.path, "--figures", figures.path, "--paper-numbers", numbers.path]

        let missing = try LLDifTool.run(verify)
        #expect(missing.status != 0)
        #expect(missing.error.contains("\(figures.path): no such folder; run the chapters first (make paper)"), "\(missing.error)")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        let empty = try LLDifTool.run(verify)
        #expect(empty.status != 0)
        #expect(empty.error.contains("\(figures.path): holds no chapter results (<chapter>/results.json)"), "\(empty.error)")

        var results = Results(chapter: "04-accuracy")
        results.interval("gap", ResultInterval(estimate: 2, lower95: 1, upper95: 3, lower90: 1.2, upper90: 2.8, seeds: 1, images: 100))
        results.interval("accuracy.scn.ll-raf-db", ResultInterval(estimate: 0.6, lower95: 0.58, upper95: 0.62, lower90: 0.59,
                                                                  upper90: 0.61, seeds: 1, images: 100))
        results.provenance = ChapterProvenance(profile: "smoke", dataSource: "RAF-DB", seeds: [0], wallTimeSeconds: 1, data: "real")
        try results.write(toFigures: figures)
        let passed = try LLDifTool.run(verify)
        #expect(passed.status == 0, "\(passed.error)")
        #expect(passed.output.contains("claims.json is not under git") || passed.output.contains("Claims fixed by commit")
                || passed.output.contains("is not committed"), "\(passed.output)")
        #expect(passed.output.contains("C1  ✓ passed"), "\(passed.output)")

        // On real data an entered cell outside its tolerance fails verify; a non-number stops it.
        try Data(#"{"tables": {"accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": 70}}}}}"#.utf8).write(to: numbers)
        let outside = try LLDifTool.run(verify)
        #expect(outside.status != 0)
        #expect(outside.output.contains("accuracy / SCN / LL-RAF-DB: paper 70.0, reproduced 60.0 [58.0, 62.0] (tolerance ±2) — ✗ outside tolerance"),
                "\(outside.output)")
        try Data(#"{"tables": {"accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": "seventy"}}}}}"#.utf8).write(to: numbers)
        let text = try LLDifTool.run(verify)
        #expect(text.status != 0)
        #expect(text.error.contains("\(numbers.path) (accuracy / SCN / LL-RAF-DB): 'seventy' is not a number"), "\(text.error)")
        try Data(#"{"tables": {"accuracy": {"tolerance": 2, "cells": {"SCN": {"LL-RAF-DB": null}}}}}"#.utf8).write(to: numbers)

        try Data(claim("04-accuracy", "04-accuracy/gapp").utf8).write(to: claims)
        let typo = try LLDifTool.run(verify)
        #expect(typo.status != 0)
        #expect(typo.error.contains("claim C1, field quantities[0]: '04-accuracy/gapp' is not a value its chapter writes"), "\(typo.error)")

        try Data(claim("04-acuracy", "04-acuracy/gap").utf8).write(to: claims)
        let chapter = try LLDifTool.run(verify)
        #expect(chapter.status != 0)
        #expect(chapter.error.contains("(claim C1, field chapter): '04-acuracy' is not a chapter of the paper (chapters: 04-accuracy)"),
                "\(chapter.error)")
    }

    @Test func predictOfADamagedJPEGNamesTheFileAndLibjpegsMessage() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = RunStore(root: root.appendingPathComponent("runs"))
        let settings = try Profile.smoke.config(overriding: [
            "data.train_count=64", "data.test_count=32", "data.image_size=16", "train.epochs=1", "model.width=4",
            "pretrain.backbone=none",
        ])
        let run = try TrainingRuns.obtain(model: .resnet18, dataset: DatasetID(.synRAF, lowLight: true), config: settings,
                                          store: store) { _ in }
        var face = FaceImage(width: 32, height: 32, channels: 3)
        for i in face.pixels.indices { face.pixels[i] = Float((i * 37) % 256) / 255 }
        let good = root.appendingPathComponent("face.jpg").path
        try ImageIO.writeJPEG(face, to: good, quality: 90)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let bad = root.appendingPathComponent("cut.jpg").path
        try bytes.prefix(bytes.count * 3 / 4).write(to: URL(fileURLWithPath: bad))
        #expect(try LLDifTool.run(["predict", run.spec.name, good, "--store", store.root.path]).status == 0)
        let result = try LLDifTool.run(["predict", run.spec.name, bad, "--store", store.root.path])
        #expect(result.status != 0)
        #expect(result.error == "Error: \(bad): unreadable image: damaged JPEG data (libjpeg: Premature end of JPEG file)\n")
    }
}
