"""ggml's Q8_0 and Q4_0 blocks in NumPy, written from the format's rules
(independently of runtime/quant), for the thymos-run quantization tests.

  Q8_0: d = amax / 127, q = round(x / d) with halves away from zero
  Q4_0: m = the element of largest magnitude (the first one), d = m / -8,
        q = min(15, trunc(x / d + 8.5)); a value is (q - 8) * d
Both store d as an fp16 (round to nearest even) but compute q from the f32 d,
and divide by multiplying with the f32 reciprocal 1 / d (0 when d is 0), all
in f32 arithmetic, as ggml's reference quantizer does.
"""
import numpy as np

F32 = np.float32


def _blocks(x):
    x = np.asarray(x, dtype=F32)
    assert x.shape[-1] % 32 == 0, "rows must be whole blocks of 32"
    return x.reshape(-1, 32)


def _reciprocal(d):
    safe = np.where(d != 0, d, F32(1))
    return np.where(d != 0, F32(1) / safe, F32(0)).astype(F32)


def _fp16(d):
    return d.astype(np.float16).astype(F32)


def q8_0(x):
    """The values x takes after a Q8_0 round trip (same shape, f32)."""
    b = _blocks(x)
    d = (np.abs(b).max(axis=1) / F32(127)).astype(F32)
    v = (b * _reciprocal(d)[:, None]).astype(F32)
    q = np.sign(v) * np.floor(np.abs(v.astype(np.float64)) + 0.5)  # halves away from 0
    q = q.astype(np.int8)  # an integer: no negative zero
    return (q.astype(F32) * _fp16(d)[:, None]).astype(F32).reshape(np.shape(x))


def q4_0(x):
    """The values x takes after a Q4_0 round trip (same shape, f32)."""
    b = _blocks(x)
    m = b[np.arange(len(b)), np.argmax(np.abs(b), axis=1)]  # argmax: the first maximum
    d = (m / F32(-8)).astype(F32)
    v = ((b * _reciprocal(d)[:, None]).astype(F32) + F32(8.5)).astype(F32)
    q = np.minimum(15, np.trunc(v))
    return ((q - 8).astype(F32) * _fp16(d)[:, None]).astype(F32).reshape(np.shape(x))


def matmul_q(a, w, fmt):
    """a [m, k] f32 times w [n, k] stored as fmt ('q4_0' or 'q8_0'), as the
    runtime computes it: weights as their blocks' values, activations
    quantized to Q8_0 row by row, products summed exactly (in float64)."""
    wq = q4_0(w) if fmt == "q4_0" else q8_0(w)
    return (q8_0(a).astype(np.float64) @ wq.astype(np.float64).T)
