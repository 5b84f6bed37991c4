import Tensor

/// The reflection walk behind `Module`'s collections: visits stored properties depth first, in
/// declaration order (superclass properties first), and records modules, parameters and buffers
/// under dotted paths.
struct ModuleWalk {
    private(set) var modules: [(path: String, module: Module)] = []
    private(set) var parameters: [(path: String, variable: Variable)] = []
    private(set) var buffers: [(path: String, buffer: Buffer)] = []
    private var seen = Set<ObjectIdentifier>()

    mutating func visitModule(_ module: Module, path: String) {
        guard seen.insert(ObjectIdentifier(module)).inserted else { return }
        modules.append((path, module))
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: module)
        while let current = mirror {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        for current in mirrors.reversed() {
            for child in current.children {
                guard let label = child.label, !label.hasPrefix("$__lazy_storage_$_") else { continue }
                visitValue(child.value, path: Self.join(path, label))
            }
        }
    }

    private mutating func visitValue(_ value: Any, path: String) {
        switch value {
        case let module as Module:
            visitModule(module, path: path)
        case let variable as Variable:
            if seen.insert(ObjectIdentifier(variable)).inserted { parameters.append((path, variable)) }
        case let buffer as Buffer:
            if seen.insert(ObjectIdentifier(buffer)).inserted { buffers.append((path, buffer)) }
        case is Tensor, is String, is any Numeric, is Bool, is [Float], is [Int], is [Double]:
            return
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let some = mirror.children.first { visitValue(some.value, path: path) }
            case .collection:
                for (index, element) in mirror.children.enumerated() {
                    visitValue(element.value, path: Self.join(path, String(index)))
                }
            case .tuple:
                for (index, element) in mirror.children.enumerated() {
                    let label = element.label.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? String(index)
                    visitValue(element.value, path: Self.join(path, label))
                }
            default:
                return
            }
        }
    }

    private static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }
}
