"""Writes the safetensors fixtures that NNTests read, with the Python `safetensors` package.

Run once from the repository root (CI never runs it; the outputs are committed):
    bench/.venv/bin/python Tests/NNTests/Fixtures/make_fixture.py

mixed_dtypes.safetensors  several shapes and dtypes plus a metadata map; Swift must read every
                          value exactly (F16, BF16 and I64 values are exact in Float32; the F64
                          1e300 must be refused as out of Float32 range).
escaped_name.safetensors  one F32 tensor whose name needs JSON escapes; Swift must write it exactly.
f32_only.safetensors      F32 tensors and a one-key metadata map; Swift must write these bytes
                          exactly when given the same tensors (Python orders a metadata map of
                          several keys by a random hash, so only one key gives fixed bytes).
writable_dtypes.safetensors  I64, F32 and U8 tensors (every dtype Swift writes) with interleaved
                          names; Swift must write these bytes exactly (Python orders tensors by
                          dtype, then name) and read every value back as written.
"""
import os
import numpy as np
import safetensors
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))


def ramp(shape, scale, offset):
    """Values offset + scale * i for i = 0, 1, ... in row-major order."""
    count = int(np.prod(shape)) if shape else 1
    return (offset + scale * np.arange(count, dtype=np.float64)).reshape(shape)


mixed = {
    "encoder.weight": ramp((2, 3, 4), 0.25, -1.5).astype(np.float32),
    "encoder.bias": np.array([1e-30, -3.4e38, 7.0], dtype=np.float32),
    "scale": np.array(2.5, dtype=np.float32),
    "half": np.array([0.5, -2.0, 65504.0, 6.103515625e-05, 5.960464477539063e-08, 0.0],
                     dtype=np.float16),
    "double": np.array([[0.1, -0.2], [1e300, 3.0]], dtype=np.float64),
    "steps": np.array([0, -7, 16777216], dtype=np.int64),
    "empty": np.zeros((0, 3), dtype=np.float32),
}
save_file(mixed, os.path.join(here, "mixed_dtypes.safetensors"),
          metadata={"format": "pt", "note": "mixed dtypes fixture", "quote": "a \"b\" \\ c/d\n"})

# numpy has no bfloat16: write its raw 16-bit patterns through the framework-neutral API.
bf16_bits = np.array([0x3F80, 0xC049, 0x7F7F, 0x0001], dtype=np.uint16)  # 1, -3.140625, max, subnormal
from safetensors import TensorSpec, serialize_file
serialize_file({"brain": TensorSpec(dtype="bfloat16", shape=[4], data_ptr=bf16_bits.ctypes.data,
                                        data_len=bf16_bits.nbytes)},
               os.path.join(here, "bf16.safetensors"))

f32 = {
    "layer.2.weight": ramp((3, 2), -0.5, 4.0).astype(np.float32),
    "layer.10.weight": ramp((2, 2, 2), 1.0 / 3.0, 0.0).astype(np.float32),
    "a.bias": np.array([np.pi, np.e], dtype=np.float32),
    "Z": np.array(-0.0, dtype=np.float32),
    "b": np.zeros((0,), dtype=np.float32),
}
save_file(f32, os.path.join(here, "f32_only.safetensors"), metadata={"format": "pt"})

# Every dtype the Swift writer writes, names interleaved so that the dtype decides the order.
writable = {
    "a.weight": ramp((2, 2), 0.75, -1.0).astype(np.float32),
    "b.num_batches_tracked": np.array(3, dtype=np.int64),
    "a.steps": np.array([0, -1, 16777217, -(2**62) + 5], dtype=np.int64),
    "c.image": np.array([[0, 1, 127], [128, 254, 255]], dtype=np.uint8),
    "a.image": np.zeros((0, 2), dtype=np.uint8),
    "z": np.array([0.5], dtype=np.float32),
}
save_file(writable, os.path.join(here, "writable_dtypes.safetensors"), metadata={"format": "pt"})

# A name with characters JSON must escape, and non-ASCII ones it must not.
save_file({"caf\u00e9\t\x01\x7f/\"\\": np.array([1.0], dtype=np.float32)},
          os.path.join(here, "escaped_name.safetensors"))
print("safetensors", safetensors.__version__, "numpy", np.__version__)
