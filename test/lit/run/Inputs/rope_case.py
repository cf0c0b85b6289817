#!/usr/bin/env python3
"""Inputs and a NumPy reference for rope.thy.

  rope_case.py inputs DIR       writes x.npy, pos.npy, xd.npy, posd.npy
  rope_case.py check DIR        compares DIR/y.npy and DIR/z.npy with the
                                reference; prints one line each, then "ok"

The reference is Meta's llama formulation, written independently of the
kernel: each head's adjacent pairs (x[2i], x[2i+1]) read as the complex number
x[2i] + i·x[2i+1], multiplied by exp(i·θ) with θ = pos · base^(-2i/rotary_dims).
"""
import sys

import numpy as np

CASES = [  # output, x, pos, dtype, shape, positions, freq_base, rotary_dims, tolerance
    ("y", "x", "pos", np.float32, (5, 3, 8), [0, 1, 7, 4095, 100000], 10000.0, 8, 1e-6),
    ("z", "xd", "posd", np.float64, (2, 2, 6), [3, 12345], 500000.0, 4, 1e-13),
]


def write_inputs(d):
    rng = np.random.default_rng(7)
    for _, x, pos, dtype, shape, positions, _, _, _ in CASES:
        np.save(f"{d}/{x}.npy", rng.uniform(-2, 2, shape).astype(dtype))
        np.save(f"{d}/{pos}.npy", np.array(positions, dtype=np.int32))


def reference(x, pos, base, rotary_dims):
    x = x.astype(np.float64)
    t, h, d = x.shape
    pairs = x[:, :, :rotary_dims].reshape(t, h, rotary_dims // 2, 2)
    z = pairs[..., 0] + 1j * pairs[..., 1]
    theta = pos.astype(np.float64)[:, None] * base ** (-np.arange(0, rotary_dims, 2) / rotary_dims)
    z = z * np.exp(1j * theta)[:, None, :]
    out = x.copy()
    out[:, :, :rotary_dims] = np.stack([z.real, z.imag], axis=-1).reshape(t, h, rotary_dims)
    return out


def check(d):
    ok = True
    for out, x, pos, dtype, shape, _, base, rotary_dims, tol in CASES:
        got = np.load(f"{d}/{out}.npy")
        want = reference(np.load(f"{d}/{x}.npy"), np.load(f"{d}/{pos}.npy"), base, rotary_dims)
        err = float(np.max(np.abs(got.astype(np.float64) - want)) / np.max(np.abs(want)))
        good = got.dtype == dtype and got.shape == shape and err <= tol
        print(f"{out} {got.dtype}{list(got.shape)}: relative error {err:.3g}"
              + ("" if good else f" above {tol}"))
        ok &= good
    if ok:
        print("ok")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2]))
