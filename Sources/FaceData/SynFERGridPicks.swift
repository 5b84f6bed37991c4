import Foundation

extension SynFER {
    /// The training faces a contact sheet shows: up to `perClass` per class, in a fixed stride
    /// through the split (so the sheet is the same on every run), keeping only faces whose |yaw| is
    /// at most `maxYaw` degrees. Throws when a class gets no face at all, naming the classes, rather
    /// than writing a sheet with empty rows (syn-kdef's faces sit near its five capture angles, so
    /// `maxYaw: 0` keeps none).
    public func gridPicks(perClass: Int, maxYaw: Double) throws -> [[Int]] {
        guard perClass > 0 else { throw DataError.invalidRequest("faces per class must be positive, not \(perClass)") }
        guard maxYaw >= 0 else { throw DataError.invalidRequest("the largest |yaw| must be at least 0°, not \(maxYaw)°") }
        var picked = [[Int]](repeating: [], count: flavour.classNames.count)
        let total = count(.train)
        var step = 0
        while picked.contains(where: { $0.count < perClass }) && step < total {
            let index = (step * 7919) % total
            let plan = plan(.train, index)
            if picked[plan.label].count < perClass && abs(plan.spec.pose.yaw) <= maxYaw { picked[plan.label].append(index) }
            step += 1
        }
        let empty = picked.indices.filter { picked[$0].isEmpty }.map { flavour.classNames[$0] }
        guard empty.isEmpty else {
            throw DataError.invalidRequest("no \(flavour.rawValue) training face with |yaw| ≤ \(maxYaw)° in class \(empty.joined(separator: ", ")); raise the largest yaw")
        }
        return picked
    }
}
