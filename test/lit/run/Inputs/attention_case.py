#!/usr/bin/env python3
"""Inputs and a NumPy reference for attention.thy.

  attention_case.py inputs DIR   writes the queries, new key/value rows, the
                                 position and the caches before the run
  attention_case.py check DIR    compares the outputs and the saved caches
                                 with the reference; one line per case, then "ok"

The reference is written independently of the kernel, the way llama-style
PyTorch code does it: the key/value heads are repeated H/G times (repeat_kv),
scores are one matrix product over the rows written so far, positions past
each query's own are masked with -inf, and the softmax subtracts the row
maximum. The cache rows past the last position written hold NaN: the kernel
must not read them.
"""
import sys

import numpy as np

CASES = [  # name, dtype, tokens T, heads H, kv heads G, head dim D, capacity C, pos, scale, tolerance
    ("prefill", np.float32, 4, 8, 2, 8, 16, 5, 1 / np.sqrt(8), 1e-6),
    ("decode", np.float64, 1, 2, 2, 4, 6, 3, 0.5, 1e-13),
]


def write_inputs(d):
    rng = np.random.default_rng(11)
    for name, dtype, t, h, g, dim, c, pos, _, _ in CASES:
        np.save(f"{d}/{name}_q.npy", rng.uniform(-2, 2, (t, h, dim)).astype(dtype))
        for cache in ("k", "v"):
            np.save(f"{d}/{name}_{cache}.npy", rng.uniform(-1, 1, (t, g, dim)).astype(dtype))
            before = rng.uniform(-1, 1, (c, g, dim)).astype(dtype)
            before[pos + t:] = np.nan  # never written, never to be read
            np.save(f"{d}/{name}_{cache}c.npy", before)
        np.save(f"{d}/{name}_pos.npy", np.array(pos, dtype=np.int32))


def attention(q, k, v, pos, scale):
    t, h, _ = q.shape
    g = k.shape[1]
    seen = pos + t  # rows 0 .. pos+t-1 exist; query i sees 0 .. pos+i
    k = np.repeat(k[:seen].astype(np.float64), h // g, axis=1)  # [seen, H, D]
    v = np.repeat(v[:seen].astype(np.float64), h // g, axis=1)
    scores = scale * np.einsum("thd,jhd->htj", q.astype(np.float64), k)
    future = np.arange(seen)[None, :] > (pos + np.arange(t))[:, None]  # [T, seen]
    scores = np.where(future[None], -np.inf, scores)
    p = np.exp(scores - scores.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.einsum("htj,jhd->thd", p, v)


def check(d):
    ok = True
    for name, dtype, t, h, g, dim, c, pos, scale, tol in CASES:
        q = np.load(f"{d}/{name}_q.npy")
        caches = {}
        written = True
        for cache in ("k", "v"):
            want = np.load(f"{d}/{name}_{cache}c.npy")
            want[pos:pos + t] = np.load(f"{d}/{name}_{cache}.npy")
            got = np.load(f"{d}/{name}_{cache}c_after.npy")
            written &= got.dtype == dtype and np.array_equal(got, want, equal_nan=True)
            caches[cache] = want
        want = attention(q, caches["k"], caches["v"], pos, scale)
        got = np.load(f"{d}/{name}_y.npy")
        err = float(np.max(np.abs(got.astype(np.float64) - want)) / np.max(np.abs(want)))
        close = got.dtype == dtype and got.shape == (t, h, dim) and err <= tol
        print(f"{name} {got.dtype}{list(got.shape)}: caches "
              + ("as written" if written else "differ from the expected ones")
              + f", relative error {err:.3g}" + ("" if close else f" above {tol}"))
        ok &= written and close
    if ok:
        print("ok")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2]))
