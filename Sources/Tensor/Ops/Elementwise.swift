import Foundation

// Element-wise arithmetic with NumPy broadcasting, and element-wise math functions.
// Each op's forward and backward sit together; a broadcast input receives its gradient summed
// back to its own shape (`sum(toShape:)`).

struct AddKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a + b } }
struct SubKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a - b } }
struct MulKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a * b } }
struct DivKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a / b } }
struct MaxKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a >= b ? a : b } }
struct MinKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a <= b ? a : b } }
/// 1 where a ≥ b (a wins `maximum`), else 0.
struct GreaterEqualMaskKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }
/// 1 where a ≤ b (a wins `minimum`), else 0.
struct LessEqualMaskKernel: BinaryKernel { @inline(__always) func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }

struct AddScalarKernel: UnaryKernel { let c: Float; @inline(__always) func apply(_ x: Float) -> Float { x + c } }
struct MulScalarKernel: UnaryKernel { let c: Float; @inline(__always) func apply(_ x: Float) -> Float { x * c } }
struct ScalarMinusKernel: UnaryKernel { let c: Float; @inline(__always) func apply(_ x: Float) -> Float { c - x } }
struct ScalarDivKernel: UnaryKernel { let c: Float; @inline(__always) func apply(_ x: Float) -> Float { c / x } }
struct ExpKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { FastMath.exp(x) } }
struct LogKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { Foundation.log(x) } }
struct SqrtKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { x.squareRoot() } }
struct AbsKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { Swift.abs(x) } }
struct SquareKernel: UnaryKernel { @inline(__always) func apply(_ x: Float) -> Float { x * x } }
struct PowKernel: UnaryKernel { let p: Float; @inline(__always) func apply(_ x: Float) -> Float { Foundation.pow(x, p) } }
struct ClampKernel: UnaryKernel {
    let low: Float, high: Float
    @inline(__always) func apply(_ x: Float) -> Float { Swift.min(Swift.max(x, low), high) }
}

/// Backward kernels: `(gradient, input, output) ↦ gradient of the input`.
struct ExpGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g * y } }
struct LogGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g / x } }
struct SqrtGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g * 0.5 / y } }
struct AbsGrad: TernaryKernel {
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { x > 0 ? g : (x < 0 ? -g : 0) }
}
struct SquareGrad: TernaryKernel { @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { 2 * g * x } }
struct PowGrad: TernaryKernel {
    let p: Float
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { g * p * Foundation.pow(x, p - 1) }
}
struct ClampGrad: TernaryKernel {
    let low: Float, high: Float
    @inline(__always) func apply(_ g: Float, _ x: Float, _ y: Float) -> Float { x >= low && x <= high ? g : 0 }
}

extension Tensor {
    /// Applies a same-shape math function with backward `grad(g, x, y)`.
    func unaryOp<F: UnaryKernel, G: TernaryKernel>(_ op: String, _ forward: F, _ backward: G) -> Tensor {
        let x = self
        let y = Elementwise.map(x, forward)
        return Tensor.record(op, y, inputs: [x]) { g in [Elementwise.map(g, x, y, backward)] }
    }

    // MARK: Tensor ∘ Tensor (broadcasting)

    /// `a + b` with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, AddKernel(), op: "add")
        return record("add", y, inputs: [a, b]) { g in
            [a.node == nil ? nil : g.sum(toShape: a.shape), b.node == nil ? nil : g.sum(toShape: b.shape)]
        }
    }

    /// `a − b` with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, SubKernel(), op: "subtract")
        return record("subtract", y, inputs: [a, b]) { g in
            [a.node == nil ? nil : g.sum(toShape: a.shape), b.node == nil ? nil : (-g).sum(toShape: b.shape)]
        }
    }

    /// `a × b` element-wise with broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, MulKernel(), op: "multiply")
        return record("multiply", y, inputs: [a, b]) { g in
            [a.node == nil ? nil : (g * b).sum(toShape: a.shape), b.node == nil ? nil : (g * a).sum(toShape: b.shape)]
        }
    }

    /// `a ÷ b` element-wise with broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, DivKernel(), op: "divide")
        return record("divide", y, inputs: [a, b]) { g in
            let ga = g / b
            return [a.node == nil ? nil : ga.sum(toShape: a.shape),
                    b.node == nil ? nil : (-(ga * y)).sum(toShape: b.shape)]
        }
    }

    /// The element-wise larger of `a` and `b` (ties go to `a` in backward), with broadcasting.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, MaxKernel(), op: "maximum")
        return record("maximum", y, inputs: [a, b]) { g in
            let mask = Elementwise.zip(a, b, GreaterEqualMaskKernel(), op: "maximum")
            return [a.node == nil ? nil : (g * mask).sum(toShape: a.shape),
                    b.node == nil ? nil : (g - g * mask).sum(toShape: b.shape)]
        }
    }

    /// The element-wise smaller of `a` and `b` (ties go to `a` in backward), with broadcasting.
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
        let y = Elementwise.zip(a, b, MinKernel(), op: "minimum")
        return record("minimum", y, inputs: [a, b]) { g in
            let mask = Elementwise.zip(a, b, LessEqualMaskKernel(), op: "minimum")
            return [a.node == nil ? nil : (g * mask).sum(toShape: a.shape),
                    b.node == nil ? nil : (g - g * mask).sum(toShape: b.shape)]
        }
    }

    // MARK: Tensor ∘ scalar

    /// `x + c`.
    public static func + (x: Tensor, c: Float) -> Tensor {
        let y = Elementwise.map(x, AddScalarKernel(c: c))
        return record("add", y, inputs: [x]) { g in [g] }
    }
    /// `c + x`.
    public static func + (c: Float, x: Tensor) -> Tensor { x + c }
    /// `x − c`.
    public static func - (x: Tensor, c: Float) -> Tensor { x + (-c) }
    /// `c − x`.
    public static func - (c: Float, x: Tensor) -> Tensor {
        let y = Elementwise.map(x, ScalarMinusKernel(c: c))
        return record("subtract", y, inputs: [x]) { g in [-g] }
    }
    /// `x × c`.
    public static func * (x: Tensor, c: Float) -> Tensor {
        let y = Elementwise.map(x, MulScalarKernel(c: c))
        return record("multiply", y, inputs: [x]) { g in [g * c] }
    }
    /// `c × x`.
    public static func * (c: Float, x: Tensor) -> Tensor { x * c }
    /// `x ÷ c`.
    public static func / (x: Tensor, c: Float) -> Tensor { x * (1 / c) }
    /// `c ÷ x`.
    public static func / (c: Float, x: Tensor) -> Tensor {
        let y = Elementwise.map(x, ScalarDivKernel(c: c))
        return record("divide", y, inputs: [x]) { g in [-(g * y / x)] }
    }
    /// `−x`.
    public static prefix func - (x: Tensor) -> Tensor {
        let y = Elementwise.map(x, MulScalarKernel(c: -1))
        return record("negate", y, inputs: [x]) { g in [-g] }
    }

    // MARK: Math functions

    /// `eˣ`.
    public func exp() -> Tensor { unaryOp("exp", ExpKernel(), ExpGrad()) }
    /// Natural logarithm.
    public func log() -> Tensor { unaryOp("log", LogKernel(), LogGrad()) }
    /// Square root.
    public func sqrt() -> Tensor { unaryOp("sqrt", SqrtKernel(), SqrtGrad()) }
    /// Absolute value (gradient 0 at 0).
    public func abs() -> Tensor { unaryOp("abs", AbsKernel(), AbsGrad()) }
    /// `x²`.
    public func squared() -> Tensor { unaryOp("square", SquareKernel(), SquareGrad()) }
    /// `xᵖ` for a constant exponent.
    public func pow(_ p: Float) -> Tensor { unaryOp("pow", PowKernel(p: p), PowGrad(p: p)) }
    /// Values limited to `[low, high]`; gradient passes where `low ≤ x ≤ high` (as PyTorch).
    public func clamped(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
        unaryOp("clamp", ClampKernel(low: low, high: high), ClampGrad(low: low, high: high))
    }
}
