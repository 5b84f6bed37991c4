import ArgumentParser
import FaceData
import Foundation

/// `lldif data degrade`: the low-light version of one image.
struct DataDegrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrade",
        abstract: "Write the low-light version of a PNG or JPEG image as a PNG.",
        discussion: "The degradation is drawn from the seed and the image's own pixels: the same image and seed always give the same output.")

    @Argument(help: "Input image (PNG or JPEG).")
    var input: String
    @Argument(help: "Output PNG.")
    var output: String
    @Option(help: "Low-light recipe: sensor (default) or gamma.")
    var recipe: String = "sensor"
    @Option(help: "Degradation seed.")
    var seed: UInt64 = 0

    func run() throws {
        let recipe = try LowLightRecipe.named(self.recipe)
        let image = try ImageIO.read(input)
        let dark = LowLight(config: LowLightConfig(recipe: recipe)).degrade(image, seed: seed)
        try ImageIO.writePNG(dark, to: output)
        print(String(format: "%@: mean intensity %.3f -> %.3f (%@)", output, image.meanIntensity, dark.meanIntensity, recipe.rawValue))
    }
}
