#!/usr/bin/env python3
"""examples/llama_block.thy against NumPy.

  llama_block_case.py inputs DIR        writes DIR/<arg>.npy (weights as f32,
                                        for the f32_weights.py variant)
  llama_block_case.py check DIR OUT.npy compares the block's output

The reference quantizes as the runtime must: the q4_0/q8_0 weights become
their blocks' values, and every activation row entering a quantized matmul
is quantized to Q8_0 (ggml_blocks.py). Two checks: the output is within
2e-3 · max|y| of that reference (it differs only by f32 rounding, which can
move an activation across a Q8_0 rounding boundary), and that error is
under a fifth of the distance to the same block with unquantized weights,
so the test would notice a wrong block layout or a skipped quantization.
"""
import os
import sys

import numpy as np

from ggml_blocks import matmul_q

F32 = np.float32
QUANTIZED = {"wq": "q4_0", "wk": "q4_0", "wv": "q4_0", "wo": "q4_0",
             "w_gate": "q4_0", "w_up": "q4_0", "w_down": "q8_0"}


def make_inputs():
    rng = np.random.default_rng(1234)
    weight = lambda n, k: (rng.standard_normal((n, k)) / np.sqrt(k)).astype(F32)
    mask = np.where(np.tril(np.ones((8, 8))) > 0, 0.0, -1e9).astype(F32)
    return {
        "x": rng.standard_normal((8, 64)).astype(F32),
        "attn_norm": (1 + 0.1 * rng.standard_normal(64)).astype(F32),
        "wq": weight(64, 64), "wk": weight(64, 64), "wv": weight(64, 64), "wo": weight(64, 64),
        "mask": mask,
        "ffn_norm": (1 + 0.1 * rng.standard_normal(64)).astype(F32),
        "w_gate": weight(192, 64), "w_up": weight(192, 64), "w_down": weight(64, 192),
    }


def rmsnorm(x, w):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-5) * w


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def forward(p, quantized):
    def linear(a, name):
        if quantized:
            return matmul_q(a, p[name], QUANTIZED[name])
        return a.astype(np.float64) @ p[name].astype(np.float64).T

    x = p["x"].astype(np.float64)
    n = rmsnorm(x, p["attn_norm"])
    q, k, v = linear(n, "wq"), linear(n, "wk"), linear(n, "wv")
    qh = q.reshape(8, 4, 16).transpose(1, 0, 2)
    kh = k.reshape(8, 4, 16).transpose(1, 2, 0)
    vh = v.reshape(8, 4, 16).transpose(1, 0, 2)
    att = softmax((qh @ kh) * 0.25 + p["mask"])
    ctx = (att @ vh).transpose(1, 0, 2).reshape(8, 64)
    h = x + linear(ctx, "wo")
    m = rmsnorm(h, p["ffn_norm"])
    gate, up = linear(m, "w_gate"), linear(m, "w_up")
    gated = gate / (1 + np.exp(-gate)) * up
    return h + linear(gated, "w_down")


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    p = make_inputs()
    if mode == "inputs":
        for name, value in p.items():
            np.save(os.path.join(folder, (name + "_f32" if name in QUANTIZED else name) + ".npy"),
                    value)
        return 0
    y = np.load(sys.argv[3]).astype(np.float64)
    ref, plain = forward(p, True), forward(p, False)
    scale = np.abs(ref).max()
    err, gap = np.abs(y - ref).max() / scale, np.abs(plain - ref).max() / scale
    print(f"llama_block {y.dtype}{list(y.shape)}: error {err:.2e} of max|y|, "
          f"unquantized weights differ by {gap:.2e}")
    ok = y.shape == (8, 64) and err <= 2e-3 and err < gap / 5
    print("ok" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
