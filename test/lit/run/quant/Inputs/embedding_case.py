#!/usr/bin/env python3
"""examples/embedding.thy against NumPy, both entries.

  embedding_case.py inputs DIR            writes the .npy inputs (the q8_0
                                          table as f32 table_f32.npy, for the
                                          f32_weights.py variant; the head of
                                          @next_token_f16 as f16)
  embedding_case.py check DIR OUT.npy     @next_token: gather from the q8_0
                                          table (dequantized rows)
  embedding_case.py check16 DIR OUT.npy   @next_token_f16: the f16 head

@next_token: the table's rows are exactly their Q8_0 blocks' values
(ggml_blocks.py); the rest is f32, so the probabilities agree to 1e-5
relative, and a table left unquantized would be seen (checked).
@next_token_f16: NumPy float16 emulates the graph (inputs, logits and
probabilities rounded to f16, sums in f32); the kernels may round a logit
differently by one f16 ulp (their sums run in another order), so
probabilities agree to 5e-3 relative.
"""
import os
import sys

import numpy as np

from ggml_blocks import q8_0

F32 = np.float32


def make_inputs():
    rng = np.random.default_rng(77)
    return {
        "ids": np.array([5, 511, 0, 300], dtype=np.int32),
        "table": rng.standard_normal((512, 64)).astype(F32),
        "pos": (0.1 * rng.standard_normal((16, 64))).astype(F32),
        "head": (rng.standard_normal((64, 512)) / 8).astype(F32),
        "last": (rng.standard_normal((1, 64)) / 2).astype(F32),
        "head16": (rng.standard_normal((64, 512)) / 8).astype(np.float16),
    }


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def next_token(p, table):
    h = table[p["ids"]].astype(np.float64) + p["pos"][:4]
    return softmax(h[3:4] @ p["head"].astype(np.float64))


def next_token_f16(p):
    l16 = p["last"].astype(np.float16).astype(F32)
    logits = (l16 @ p["head16"].astype(F32)).astype(np.float16).astype(F32)
    return softmax(logits.astype(np.float64)).astype(np.float16).astype(np.float64)


def report(name, y, ref, rtol, other=None):
    err = (np.abs(y - ref) / ref).max()
    line = f"{name} {y.dtype}{list(y.shape)}: relative error {err:.2e}"
    ok = y.shape == ref.shape and err <= rtol
    if other is not None:
        gap = (np.abs(other - ref) / ref).max()
        line += f", unquantized table differs by {gap:.2e}"
        ok = ok and err < gap / 5
    print(line)
    print("ok" if ok else "FAIL")
    return 0 if ok else 1


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    p = make_inputs()
    if mode == "inputs":
        np.save(os.path.join(folder, "ids.npy"), p["ids"])
        np.save(os.path.join(folder, "table_f32.npy"), p["table"])
        np.save(os.path.join(folder, "pos.npy"), p["pos"])
        np.save(os.path.join(folder, "head.npy"), p["head"])
        np.save(os.path.join(folder, "last.npy"), p["last"])
        np.save(os.path.join(folder, "head16.npy"), p["head16"])
        return 0
    y = np.load(sys.argv[3]).astype(np.float64)
    if mode == "check":
        return report("next_token", y, next_token(p, q8_0(p["table"])), 1e-5,
                      next_token(p, p["table"]))
    return report("next_token_f16", y, next_token_f16(p), 5e-3)


if __name__ == "__main__":
    sys.exit(main())
