import Tensor

/// A part of a network: owns parameters (trainable `Variable`s), buffers (persistent state that is
/// saved but not trained, such as batch-norm running statistics) and child modules.
///
/// Subclasses declare their parts as ordinary stored properties and register nothing: the module
/// tree is discovered by reflection (`Mirror`) over stored properties, in declaration order, and
/// the property names form the parameter paths, as in PyTorch's `state_dict`:
/// `dtnet.levels.0.blocks.1.dmnet.qkv.weight`. A layer whose PyTorch twin names a part otherwise
/// says so in `stateNames` (`BatchNorm2d`'s `runningMean` is saved as `running_mean`). Recognised property types are `Variable`
/// (parameter), `Buffer` (buffer), `Module` (child), and optionals, arrays and tuples of these
/// (array elements are named by index). Anything else — sizes, flags, `Tensor` constants,
/// closures, and modules inside structs or dictionaries — is ignored, so it is neither trained
/// nor saved. Paths therefore stay stable across
/// runs as long as property names do. A variable reachable twice (a shared weight) is listed once,
/// under its first path.
///
/// Each module is reflected once, at the first collection, and its parts are cached (reflection
/// costs some 25 µs per module; the cached walk is cheap enough to run every step). Declare parts
/// with `let`: a part assigned to a `var` after the first collection is not seen.
open class Module {
    /// True in training mode (dropout active, batch norm uses and updates batch statistics);
    /// false in evaluation mode. Set it for a whole tree with `train()` / `eval()`.
    public private(set) var isTraining = true

    /// This module's own parts, read by reflection on first use.
    private var cachedSlots: [ModuleSlot]?

    var slots: [ModuleSlot] {
        if let cachedSlots { return cachedSlots }
        let slots = ModuleReflection.slots(of: self)
        cachedSlots = slots
        return slots
    }

    /// Creates a module in training mode.
    public init() {}

    /// The names under which this class's own parameters and buffers are saved, by property name,
    /// where they differ from the property name: PyTorch's names for a layer both have
    /// (`["runningMean": "running_mean"]`). Empty by default.
    open class var stateNames: [String: String] { [:] }

    /// Rewrites, in `state`, the entries of this module's own parameters and buffers (named
    /// `prefix` + name) that an older version of the kit saved under other names, so that states
    /// of old checkpoints still load. Does nothing by default; see `BatchNorm2d`.
    open func upgradeLegacyEntries(_ state: inout [String: StoredTensor], prefix: String) {}

    /// Puts this module and every descendant in training mode (`true`) or evaluation mode (`false`).
    public func train(_ training: Bool = true) {
        for module in modules() { module.isTraining = training }
    }

    /// Puts this module and every descendant in evaluation mode.
    public func eval() { train(false) }

    /// This module and all its descendants with their paths (this module's path is `""`), parents
    /// before children, in declaration order.
    public func namedModules() -> [(path: String, module: Module)] {
        var walk = ModuleWalk()
        walk.visit(self, path: "")
        return walk.modules
    }

    /// This module and all its descendants, parents first.
    public func modules() -> [Module] { namedModules().map(\.module) }

    /// Every parameter of the tree with its dotted path, in a stable order.
    public func namedParameters() -> [(path: String, variable: Variable)] {
        var walk = ModuleWalk()
        walk.visit(self, path: "")
        return walk.parameters
    }

    /// Every parameter of the tree, in the order of `namedParameters()`.
    public func parameters() -> [Variable] { namedParameters().map(\.variable) }

    /// The parameters that currently require gradients (those an optimiser should update).
    public func trainableParameters() -> [Variable] { parameters().filter(\.requiresGrad) }

    /// Every buffer of the tree with its dotted path, in a stable order.
    public func namedBuffers() -> [(path: String, buffer: Buffer)] {
        var walk = ModuleWalk()
        walk.visit(self, path: "")
        return walk.buffers
    }

    /// Freezes every parameter of this subtree: backward passes store no gradient for them and
    /// optimisers skip them. Buffers are unaffected (batch norm still follows the mode).
    public func freeze() {
        for variable in parameters() { variable.requiresGrad = false }
    }

    /// Makes every parameter of this subtree trainable again.
    public func unfreeze() {
        for variable in parameters() { variable.requiresGrad = true }
    }

    /// Clears the gradient of every parameter.
    public func zeroGrad() {
        for variable in parameters() { variable.zeroGrad() }
    }

    /// The number of scalar values in all parameters.
    public var parameterCount: Int {
        parameters().reduce(0) { $0 + $1.shape.reduce(1, *) }
    }
}
