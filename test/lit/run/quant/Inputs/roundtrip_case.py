#!/usr/bin/env python3
"""cast f32 -> q8_0/q4_0 -> f32 against ggml_blocks.py, bit for bit.

  roundtrip_case.py inputs DIR                writes DIR/x.npy, f32[8,96]
  roundtrip_case.py check DIR FORMAT OUT.npy  FORMAT q8_0 or q4_0

A block's values after the round trip are (q - offset) times its fp16
scale, so equal values mean equal quants and scales: the runtime's blocks
are ggml's. The rows hold the cases that rounding rules decide: Q8_0 ties
(amax 127 makes d = 1, so 0.5 and 2.5 are halves), Q4_0 values at and past
the clamped end (x / d = 7.5 and 8), zeros, constants, an outlier, tiny
values whose scale is an fp16 subnormal, and random rows at several scales.
"""
import os
import sys

import numpy as np

from ggml_blocks import q4_0, q8_0

F32 = np.float32


def make_input():
    rng = np.random.default_rng(3)
    x = np.zeros((8, 96), dtype=F32)
    x[0, :8] = [127, 0.5, 2.5, -0.5, -2.5, 63.5, -126.5, 1.49]  # Q8_0 ties at d = 1
    x[0, 32:40] = [-8, 8, 7, 3.5, -4.25, 0.49, 7.6, -7.5]       # Q4_0, d = 1
    x[0, 64:72] = [16, -16, 3, -3, 1, -1, 15, -15]               # Q4_0, d = -2
    x[1, 32:64] = 0.75                                           # a constant block
    x[2] = rng.standard_normal(96)
    x[2, 40] = 50                                                # an outlier
    x[3] = rng.standard_normal(96) * 1e-6                        # subnormal fp16 scales
    x[4] = rng.standard_normal(96) * 1e3
    x[5] = rng.uniform(-1, 1, 96)
    x[6] = rng.standard_normal(96) * 0.01
    x[7] = np.round(rng.standard_normal(96) * 8) / 2             # many exact halves
    return x.astype(F32)


def main():
    folder = sys.argv[2]
    x = make_input()
    if sys.argv[1] == "inputs":
        np.save(os.path.join(folder, "x.npy"), x)
        return 0
    fmt, y = sys.argv[3], np.load(sys.argv[4])
    want = q8_0(x) if fmt == "q8_0" else q4_0(x)
    same = y.dtype == F32 and y.shape == want.shape and np.array_equal(
        y.view(np.uint32), want.view(np.uint32))
    equal = y.view(np.uint32) == want.view(np.uint32)  # bits: -0 differs from 0
    print(f"{fmt}: {int(equal.sum())} of {want.size} values equal"
          + ("" if same else f"; first difference at {np.argwhere(~equal)[:1].tolist()}"))
    print("ok" if same else "FAIL")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
