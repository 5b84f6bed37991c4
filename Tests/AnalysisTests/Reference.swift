import Foundation

/// The scikit-learn / SciPy values in Fixtures/reference.json.
enum Reference {
    nonisolated(unsafe) static let json: [String: Any] = {
        let url = Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }()

    static func section(_ name: String) -> [String: Any] { json[name] as! [String: Any] }
}

extension Dictionary where Key == String, Value == Any {
    func doubles(_ key: String) -> [Double] { (self[key] as! [NSNumber]).map { $0.doubleValue } }
    func floats(_ key: String) -> [Float] { (self[key] as! [NSNumber]).map { $0.floatValue } }
    func ints(_ key: String) -> [Int] { (self[key] as! [NSNumber]).map { $0.intValue } }
    func int(_ key: String) -> Int { (self[key] as! NSNumber).intValue }
    func double(_ key: String) -> Double { (self[key] as! NSNumber).doubleValue }
}

/// |a − b| ≤ absolute + relative × |b|.
func close(_ a: Double, _ b: Double, absolute: Double = 1e-9, relative: Double = 1e-6) -> Bool {
    abs(a - b) <= absolute + relative * abs(b)
}
