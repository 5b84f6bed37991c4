import ArgumentParser
import FaceData
import Foundation

/// `lldif data grid`: a contact sheet of a SynFER flavour, one row per class.
struct DataGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Write a contact sheet PNG of a SynFER flavour: one row per class, normal light, low light and brightened low light.")

    @Option(help: "SynFER flavour: syn-raf, syn-ferplus or syn-kdef.")
    var flavour: String = "syn-raf"
    @Option(help: "Samples per class.")
    var perClass: Int = 8
    @Option(help: "Generator seed.")
    var seed: UInt64 = 0
    @Option(help: "Low-light recipe for the LL panels: sensor or gamma.")
    var recipe: String = "sensor"
    @Option(help: "Pixels per tile in the sheet (faces are enlarged to it).")
    var tile: Int = 96
    @Option(help: "Only faces whose |yaw| is at most this many degrees (e.g. 10 for frontal faces).")
    var maxYaw: Double = 180
    @Option(help: "Output folder; writes grid-normal.png, grid-ll.png and grid-ll-bright.png.")
    var out: String

    func run() throws {
        let flavour = try SynFERFlavour.named(self.flavour)
        guard perClass > 0, tile > 8 else { throw ValidationError("--per-class must be positive and --tile above 8") }
        let recipe = try LowLightRecipe.named(self.recipe)
        let synfer = SynFER(flavour: flavour, seed: seed)
        let lowLight = LowLight(config: LowLightConfig(recipe: recipe))
        let picked = try synfer.gridPicks(perClass: perClass, maxYaw: maxYaw)
        let samples = Parallel.map(picked.count) { r in picked[r].map { synfer.sample(.train, $0) } }
        let normal = samples.map { $0.map { $0.image.resized(width: tile, height: tile) } }
        let dark = samples.enumerated().map { r, row in
            row.enumerated().map { c, s in
                lowLight.degrade(s.image, seed: seed, keys: [UInt64(picked[r][c])]).resized(width: tile, height: tile)
            }
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try ImageIO.writePNG(ContactSheet.grid(normal), to: out + "/grid-normal.png")
        try ImageIO.writePNG(ContactSheet.grid(dark, background: 0), to: out + "/grid-ll.png")
        try ImageIO.writePNG(ContactSheet.grid(dark.map { $0.map { ContactSheet.brightened($0) } }), to: out + "/grid-ll-bright.png")
        print("rows (top to bottom): " + flavour.classNames.joined(separator: ", "))
        print("wrote \(out)/grid-normal.png, grid-ll.png, grid-ll-bright.png")
    }
}
