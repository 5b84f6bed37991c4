import Tensor

/// A module's own parts (not its descendants'), with paths relative to it.
enum ModuleSlot {
    case module(String, Module)
    case parameter(String, Variable)
    case buffer(String, Buffer)
}

/// Reads a module's own parts by reflection: stored properties in declaration order
/// (superclass properties first), looking through optionals, arrays and tuples, named by property
/// name or by the class's `stateNames`.
enum ModuleReflection {
    /// The parts declared by `module`'s class and its superclasses below `Module`.
    static func slots(of module: Module) -> [ModuleSlot] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: module)
        while let current = mirror, current.subjectType != Module.self {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        let stateNames = type(of: module).stateNames
        var slots: [ModuleSlot] = []
        for current in mirrors.reversed() {
            for child in current.children {
                guard let label = child.label, !label.hasPrefix("$__lazy_storage_$_") else { continue }
                collect(child.value, path: stateNames[label] ?? label, into: &slots)
            }
        }
        return slots
    }

    private static func collect(_ value: Any, path: String, into slots: inout [ModuleSlot]) {
        switch value {
        case let module as Module:
            slots.append(.module(path, module))
        case let variable as Variable:
            slots.append(.parameter(path, variable))
        case let buffer as Buffer:
            slots.append(.buffer(path, buffer))
        case is Tensor, is String, is Int, is Float, is Double, is Bool, is [Float], is [Int]:
            return
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let some = mirror.children.first { collect(some.value, path: path, into: &slots) }
            case .collection:
                for (index, element) in mirror.children.enumerated() {
                    collect(element.value, path: path + "." + String(index), into: &slots)
                }
            case .tuple:
                for (index, element) in mirror.children.enumerated() {
                    let label = element.label.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } ?? String(index)
                    collect(element.value, path: path + "." + label, into: &slots)
                }
            default:
                return
            }
        }
    }
}

/// The walk behind `Module`'s collections: depth first over the cached slots of each module,
/// recording modules, parameters and buffers under dotted paths; an object reached twice is
/// listed once, under its first path.
struct ModuleWalk {
    private(set) var modules: [(path: String, module: Module)] = []
    private(set) var parameters: [(path: String, variable: Variable)] = []
    private(set) var buffers: [(path: String, buffer: Buffer)] = []
    private var seen = Set<ObjectIdentifier>()

    mutating func visit(_ module: Module, path: String) {
        guard seen.insert(ObjectIdentifier(module)).inserted else { return }
        modules.append((path, module))
        for slot in module.slots {
            switch slot {
            case let .module(name, child):
                visit(child, path: Self.join(path, name))
            case let .parameter(name, variable):
                if seen.insert(ObjectIdentifier(variable)).inserted { parameters.append((Self.join(path, name), variable)) }
            case let .buffer(name, buffer):
                if seen.insert(ObjectIdentifier(buffer)).inserted { buffers.append((Self.join(path, name), buffer)) }
            }
        }
    }

    private static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }
}
