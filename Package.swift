// swift-tools-version:6.0
// The LLDif reproducibility kit: one package, data flowing one way
// (faces → low light → training runs → results → figures → report).
// See README.md and the module list in shared/ARCHITECTURE.md.
import PackageDescription

/// Release builds of the hot numeric modules (KitSupport, Tensor, Analysis) drop bounds and precondition
/// checks: their kernels index raw buffers whose extents are checked once, at the op's entry, by
/// checks that stay on (`require`, typed errors). Every other module keeps `precondition` live.
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

let package = Package(
    name: "LLDifKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "FaceData", targets: ["FaceData"]),
        .library(name: "Configuration", targets: ["Configuration"]),
        .library(name: "DatasetStore", targets: ["DatasetStore"]),
        .library(name: "LLDif", targets: ["LLDif"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Paper", targets: ["Paper"]),
        .executable(name: "lldif", targets: ["lldif"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // System-library shims: a module map and one header each, nothing else.
        .systemLibrary(name: "CCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        // C micro-kernels (GEMM tiles), chosen at run time by CPU features.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // The bottom of the graph: the one random generator (Philox), the one parallel loop.
        .target(name: "KitSupport", swiftSettings: numericSettings),
        .target(name: "Tensor", dependencies: ["KitSupport", "CKernels"], swiftSettings: numericSettings),
        .target(name: "NN", dependencies: ["Tensor", "CKernels"]),
        .target(name: "FaceData", dependencies: ["KitSupport", "CCairo", "CJPEG"]),
        .target(name: "Analysis", dependencies: ["KitSupport"], swiftSettings: numericSettings),
        .target(name: "Plot", dependencies: ["CCairo"]),
        .target(name: "PlotGallery", dependencies: ["Plot", "KitSupport"]),
        .executableTarget(name: "plot-gallery", dependencies: [
            "PlotGallery", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The typed experiment configuration: every setting's one home and default, the profiles,
        // `--set` patching, model and dataset identities.
        .target(name: "Configuration", dependencies: ["FaceData"]),
        // Which dataset a run opens, held in memory and cached on disk; the file lock.
        .target(name: "DatasetStore", dependencies: ["Configuration", "FaceData", "NN"]),
        .target(name: "LLDif", dependencies: ["Tensor", "NN", "FaceData", "Configuration"]),
        .target(name: "Paper", dependencies: ["Plot", "LLDif", "NN", "FaceData", "Configuration", "DatasetStore", "Analysis",
                                              .product(name: "Ink", package: "Ink")]),
        // Running the plan: the cost model and step probe, the local scheduler, Slurm submission.
        .target(name: "Schedule", dependencies: ["Paper", "LLDif", "Configuration", "DatasetStore", "FaceData", "KitSupport"]),
        .executableTarget(name: "bench-tsne", dependencies: [
            "Analysis", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "bench/tsne", exclude: ["sklearn_tsne.py"], swiftSettings: numericSettings),
        .executableTarget(name: "lldif", dependencies: [
            "Tensor", "NN", "FaceData", "LLDif", "Analysis", "Plot", "Paper", "Configuration", "DatasetStore", "Schedule", "KitSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // `make bench-data`: faces per second for generation, degradation and batches.
        .executableTarget(name: "bench-data", dependencies: ["FaceData"], path: "bench/data", exclude: ["calibrate.py"]),

        // `bench-lldif-probe`: what an LLDif checkpoint has learnt (bench/lldif/FINDINGS.md).
        .executableTarget(name: "bench-lldif-probe", dependencies: ["LLDif", "NN", "Tensor", "FaceData", "Configuration", "DatasetStore"],
                          path: "bench/lldif/Probe"),

        // Shared code of the numbered chapter executables: options, datasets, results.
        .target(name: "Chapters", dependencies: [
            "Paper", "Plot", "FaceData", "LLDif", "NN", "Analysis", "Configuration", "DatasetStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "01-low-light", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "FaceData"]),
        .executableTarget(name: "02-emotion-distribution", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "FaceData"]),
        .executableTarget(name: "03-samples", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "FaceData"]),
        .executableTarget(name: "04-accuracy", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "Analysis", "LLDif"]),
        .executableTarget(name: "05-tsne", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "Analysis"]),
        .executableTarget(name: "06-diffusion-steps", dependencies: ["Chapters", "Configuration", "DatasetStore", "Paper", "Plot", "Analysis", "LLDif", "FaceData", "Tensor"]),
        .executableTarget(name: "07-ablation", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "Analysis", "LLDif", "DatasetStore", "FaceData"]),
        .executableTarget(name: "08-training-record", dependencies: ["Chapters", "Configuration", "Paper", "Plot", "LLDif"]),
        // `make bench-engine`: the engine against its PyTorch twin (bench/engine/twin.py).
        .target(name: "BenchClock", path: "bench/engine/Clock"),
        .executableTarget(name: "bench-engine", dependencies: [
            "Tensor", "NN", "CKernels", "BenchClock", "LLDif", "FaceData", "Configuration", "DatasetStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "bench/engine/Driver", swiftSettings: numericSettings),

        .testTarget(name: "KitSupportTests", dependencies: ["KitSupport"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FaceDataTests", dependencies: ["FaceData", "CCairo", "CJPEG"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "KitSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "PlotGallery"], resources: [.copy("Golden")]),
        .testTarget(name: "ChaptersTests", dependencies: ["Chapters", "Paper", "FaceData", "Plot", "Analysis", "LLDif", "NN",
                                                      "Configuration", "DatasetStore"]),
        .testTarget(name: "PaperTests", dependencies: ["Paper", "Plot", "CCairo", "Configuration", "DatasetStore", "LLDif", "FaceData"]),
        .testTarget(name: "LLDifTests", dependencies: ["LLDif", "Tensor", "NN", "FaceData", "Configuration", "DatasetStore"]),
        .testTarget(name: "ScheduleTests", dependencies: ["Schedule", "Paper", "Configuration"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "FaceData"], resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
