"""Where one training step's time goes, by kind of op: `perf record` on bench-engine, grouped.

Usage: python3 bench/engine/op_profile.py BIN/bench-engine "kit resnet18" [more case-name filters]

Runs `bench-engine --swift-only --threads 1` on each case under `perf record` (cpu-clock samples;
this VM exposes no hardware counters), sorts the samples by symbol, and adds them up by kind of op
with the patterns below. Samples outside the step (the clock probe, rendering the batch's faces,
dynamic loading) are left out. Samples count CPU time, not wall time, so the milliseconds hold up
when other work shares the cores. Prints one markdown table per case. (Not named
profile.py: the twin runs from this folder, and torch imports the standard library's `profile`.)
"""
import json
import re
import subprocess
import sys
from collections import defaultdict

RATE = 1999  # samples per second of CPU time

# First match wins. Swift symbols are mangled: the patterns match the readable parts of the names.
KINDS = [
    ("setup (not in the step)", r"bench_core_ghz|FaceData|cairo|pango|pixman|jpeg|png|fontconfig|freetype|harfbuzz"
                                r"|ld-linux|do_lookup|_dl_|SeededRandom|__sin|__cos|__ieee754|conformsToProtocol"
                                r"|TransferTable|LowLight|Renderer|SynFER"),
    ("GEMM micro-kernel", r"lk_kernel_"),
    ("packing", r"pack_a|pack_b|lk_pack"),
    ("im2col / col2im", r"lk_im2col|lk_col2im"),
    ("depthwise convolution", r"lk_depthwise|depthwise3x3"),
    ("bilinear resize (LandmarkNet heads)", r"resizedBilinear"),
    ("target heatmaps (LandmarkNet loss)", r"targetHeatmaps|expf|xflowf|with_errnof"),
    ("normalisation", r"batchNorm|layerNorm|NormLayout|l2Normalized|RowSum"),
    ("attention / softmax", r"softmax|Softmax|ttention|logSumExp|crossEntropy"),
    ("elementwise", r"Elementwise|InPlace|FastMath|Kernel|relu|gelu|broadcast|scale|clamp"),
    ("reduction", r"lk_sum|Reduction|sum|mean"),
    ("layout copies", r"StridedCopy|transpose|permute|concat|slice|pad|memmove|memcpy|window|Window"),
    ("optimiser", r"AdamW|clipGradientNorm|Optimizer"),
    ("allocation, page faults", r"malloc|free|_int_|BufferPool|swift_alloc|swift_dealloc|swift_retain|swift_release"
                                r"|memset|page|mmap|munmap|\[k\]|Storage|uninitialized"),
    ("GEMM driver, tape, other", r"."),
]


def samples(case):
    """Samples per symbol of one run of `case`, the steps it ran and the GEMM flops of one step."""
    data, output = "/tmp/bench-engine-profile.data", "/tmp/bench-engine-profile.json"
    run = subprocess.run(["perf", "record", "-q", "-F", str(RATE), "-o", data, "--", BIN, "--swift-only", "--threads",
                          "1", "--repeats", "6", "--filter", case, "--output", output],
                         check=True, capture_output=True, text=True)
    steps = int(re.findall(r"at step (\d+)", run.stdout)[-1])
    with open(output) as file:
        flops = json.load(file)["cases"][0]["flops"]
    report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,sym", "--stdio", "-n",
                             "--percent-limit", "0"], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in report.splitlines():
        match = re.match(r"\s*[\d.]+%\s+(\d+)\s+(\S+)\s+(\[.\])\s+(.*)", line)
        if match:
            rows.append((int(match.group(1)), f"{match.group(2)} {match.group(3)} {match.group(4)}"))
    return rows, steps, flops


def kind_of(symbol):
    for kind, pattern in KINDS:
        if re.search(pattern, symbol):
            return kind
    return KINDS[-1][0]


def main():
    for case in CASES:
        totals = defaultdict(int)
        rows, steps, flops = samples(case)
        for count, symbol in rows:
            totals[kind_of(symbol)] += count
        step = sum(v for k, v in totals.items() if not k.startswith("setup"))
        seconds = step / RATE / steps
        print(f"\n{case}: {1e3 * seconds:.1f} ms of CPU per step ({steps} steps sampled), "
              f"{flops / seconds / 1e9:.1f} GFLOP/s of GEMM work ({flops / 1e9:.2f} GFLOP per step)")
        print("| kind | ms per step | share |\n|---|---|---|")
        for kind, _ in KINDS[1:]:
            print(f"| {kind} | {1e3 * totals[kind] / RATE / steps:.1f} | {100 * totals[kind] / step:.1f} % |")


if __name__ == "__main__":
    BIN, CASES = sys.argv[1], sys.argv[2:]
    main()
