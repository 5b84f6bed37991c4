import ArgumentParser
import Foundation
import Plot
import PlotGallery

/// `plot-gallery`: renders every chart type of the Plot module from seeded synthetic data.
@main
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot-gallery",
        abstract: "Render every Plot chart type from synthetic data as PNG, SVG and PDF.",
        discussion: "With --golden, writes instead the golden PNGs the Plot tests compare against.")

    @Option(help: "Folder for the gallery figures.")
    var output = "figures/gallery"

    @Option(help: "PNG resolution in dots per inch.")
    var dpi = 200.0

    @Option(help: "Write only the golden PNGs (at the tests' resolution) into this folder.")
    var golden: String?

    func run() throws {
        let figures = try Gallery.figures()
        for (i, (name, figure)) in figures.enumerated() {
            if let golden {
                let paths = try figure.write(to: "\(golden)/\(name)", formats: [.png(dpi: Gallery.goldenDPI)])
                print("[\(i + 1)/\(figures.count)] \(paths.joined(separator: " "))")
            } else {
                let paths = try figure.write(to: "\(output)/\(name)", formats: [.png(dpi: dpi), .svg, .pdf])
                print("[\(i + 1)/\(figures.count)] \(paths.joined(separator: " "))")
            }
        }
    }
}
