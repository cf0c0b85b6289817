#!/usr/bin/env python3
"""Independent float64 reference forward pass of a llama GGUF model.

Written for the logits test: it shares no code with Thymos (its own GGUF reader, its own
dequantizers, its own transformer), so agreement with the engine means something. It needs
Python 3 and numpy only. The forward pass is the plain whole-sequence causal one, recomputed
from scratch for every call: slow, but with nothing (KV cache, fusion) that could hide a bug.
"""
import argparse
import math
import struct
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("reference_forward.py: needs numpy (Debian: apt-get install python3-numpy)")


class GGUFError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# GGUF reader (versions 2 and 3, little-endian)
# ---------------------------------------------------------------------------------------------

# Metadata value types: id -> struct format of a scalar (8 = string, 9 = array are special).
SCALAR_FORMATS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
                  10: "<Q", 11: "<q", 12: "<d"}
TYPE_STRING, TYPE_ARRAY = 8, 9

# Tensor types we dequantize: id -> (name, elements per block, bytes per block).
TENSOR_TYPES = {0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 8: ("Q8_0", 32, 34)}


class Reader:
    """Bounds-checked cursor over the file bytes; every read names its byte offset on error."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n, what):
        if n < 0 or self.pos + n > len(self.data):
            raise GGUFError(f"byte {self.pos}: {what} needs {n} bytes, file has "
                            f"{len(self.data) - self.pos} left")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def scalar(self, fmt, what):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def string(self, what):
        n = self.scalar("<Q", what + " length")
        raw = self.take(n, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GGUFError(f"byte {self.pos - n}: {what} is not valid UTF-8")

    def value(self, vtype, what):
        if vtype in SCALAR_FORMATS:
            return self.scalar(SCALAR_FORMATS[vtype], what)
        if vtype == TYPE_STRING:
            return self.string(what)
        if vtype == TYPE_ARRAY:
            itype = self.scalar("<I", what + " item type")
            count = self.scalar("<Q", what + " item count")
            if itype == TYPE_ARRAY:
                raise GGUFError(f"byte {self.pos}: {what}: nested arrays are not supported")
            # Each item takes at least one byte: a count beyond the bytes left is corrupt.
            if count > len(self.data) - self.pos:
                raise GGUFError(f"byte {self.pos}: {what}: {count} items cannot fit in the file")
            if itype in SCALAR_FORMATS:  # read scalar arrays in one go, not item by item
                fmt = SCALAR_FORMATS[itype]
                raw = self.take(count * struct.calcsize(fmt), what)
                return list(struct.unpack("<" + fmt[1] * count, raw))
            return [self.value(itype, what) for _ in range(count)]
        raise GGUFError(f"byte {self.pos}: {what}: unknown value type {vtype}")


def read_gguf(path):
    """Returns (metadata dict, {tensor name: float64 ndarray})."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise GGUFError(f"cannot read {path}: {e.strerror}")
    r = Reader(data)
    if r.take(4, "magic") != b"GGUF":
        raise GGUFError("byte 0: not a GGUF file (magic is not 'GGUF')")
    version = r.scalar("<I", "version")
    if version not in (2, 3):
        raise GGUFError(f"byte 4: GGUF version {version} is not supported (2 or 3 only)")
    n_tensors = r.scalar("<Q", "tensor count")
    n_kv = r.scalar("<Q", "metadata count")
    meta = {}
    for _ in range(n_kv):
        key = r.string("metadata key")
        vtype = r.scalar("<I", f"type of '{key}'")
        meta[key] = r.value(vtype, f"value of '{key}'")
    infos = []
    for _ in range(n_tensors):
        name = r.string("tensor name")
        n_dims = r.scalar("<I", f"dimension count of '{name}'")
        if n_dims > 4:
            raise GGUFError(f"byte {r.pos - 4}: tensor '{name}' has {n_dims} dimensions (max 4)")
        dims = [r.scalar("<Q", f"dimension of '{name}'") for _ in range(n_dims)]
        ttype = r.scalar("<I", f"type of '{name}'")
        offset = r.scalar("<Q", f"offset of '{name}'")
        infos.append((name, dims, ttype, offset))
    align = meta.get("general.alignment", 32)
    if not isinstance(align, int) or align <= 0 or align & (align - 1):
        raise GGUFError(f"general.alignment {align!r} is not a power of two")
    data_start = (r.pos + align - 1) // align * align
    tensors = {}
    for name, dims, ttype, offset in infos:
        tensors[name] = load_tensor(data, data_start, name, dims, ttype, offset)
    return meta, tensors


def load_tensor(data, data_start, name, dims, ttype, offset):
    if ttype not in TENSOR_TYPES:
        raise GGUFError(f"tensor '{name}': type {ttype} is not supported "
                        f"(only F32, F16, Q4_0, Q8_0)")
    tname, block_elems, block_bytes = TENSOR_TYPES[ttype]
    count = math.prod(dims)
    if dims and dims[0] % block_elems:
        raise GGUFError(f"tensor '{name}': first dimension {dims[0]} is not a multiple of "
                        f"the {tname} block size {block_elems}")
    nbytes = count // block_elems * block_bytes
    start = data_start + offset
    if start + nbytes > len(data):
        raise GGUFError(f"tensor '{name}': bytes {start}..{start + nbytes} lie past the end of "
                        f"the file ({len(data)} bytes)")
    raw = np.frombuffer(data, dtype=np.uint8, count=nbytes, offset=start)
    flat = DEQUANTIZE[tname](raw).astype(np.float64)
    # ggml lists dims innermost first; numpy wants the outermost first.
    return flat.reshape(tuple(reversed(dims)))


def dequantize_q8_0(raw):
    # ggml block_q8_0: f16 scale d, then 32 int8 quants; x = d * q.
    blocks = raw.reshape(-1, 34)
    d = blocks[:, :2].copy().view("<f2").astype(np.float64)  # (n_blocks, 1)
    q = blocks[:, 2:].view(np.int8).astype(np.float64)      # (n_blocks, 32)
    return (d * q).reshape(-1)


def dequantize_q4_0(raw):
    # ggml block_q4_0: f16 scale d, then 16 bytes; byte j's low nibble is element j, its high
    # nibble element j + 16; x = d * (nibble - 8).
    blocks = raw.reshape(-1, 18)
    d = blocks[:, :2].copy().view("<f2").astype(np.float64)
    qs = blocks[:, 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float64) - 8.0
    return (d * q).reshape(-1)


DEQUANTIZE = {"F32": lambda raw: raw.view("<f4"), "F16": lambda raw: raw.view("<f2"),
              "Q8_0": dequantize_q8_0, "Q4_0": dequantize_q4_0}


# ---------------------------------------------------------------------------------------------
# llama forward pass (float64 throughout)
# ---------------------------------------------------------------------------------------------

class Llama:
    def __init__(self, meta, tensors):
        arch = meta.get("general.architecture", "llama")
        if arch != "llama":
            raise GGUFError(f"general.architecture is '{arch}', expected 'llama'")

        def need(key):
            if key not in meta:
                raise GGUFError(f"metadata key '{key}' is missing")
            return meta[key]

        self.w = tensors
        self.dim = need("llama.embedding_length")
        self.n_layers = need("llama.block_count")
        self.n_head = need("llama.attention.head_count")
        self.n_head_kv = meta.get("llama.attention.head_count_kv", self.n_head)
        self.eps = float(need("llama.attention.layer_norm_rms_epsilon"))
        if not 0 < self.n_head_kv <= self.n_head or self.dim % self.n_head \
                or self.n_head % self.n_head_kv:
            raise GGUFError(f"{self.n_head} heads, {self.n_head_kv} kv heads and width "
                            f"{self.dim} do not fit together")
        self.head_dim = self.dim // self.n_head
        self.n_rot = meta.get("llama.rope.dimension_count", self.head_dim)
        self.freq_base = float(meta.get("llama.rope.freq_base", 10000.0))
        if self.n_rot % 2 or not 0 <= self.n_rot <= self.head_dim:
            raise GGUFError(f"rope dimension count {self.n_rot} is odd or exceeds the head")
        self.vocab = tensors.get("token_embd.weight", np.zeros((0, 0))).shape[0]
        self.check_shapes(need("llama.feed_forward_length"))
        # Tied embeddings: without output.weight the token embedding is the output matrix.
        self.output = self.w.get("output.weight", self.w["token_embd.weight"])

    def check_shapes(self, ffn):
        # A wrong shape would otherwise surface as a numpy broadcasting error mid-pass.
        d, kv = self.dim, self.n_head_kv * self.head_dim
        want = {"token_embd.weight": (self.vocab, d), "output_norm.weight": (d,)}
        if "output.weight" in self.w:
            want["output.weight"] = (self.vocab, d)
        for i in range(self.n_layers):
            p = f"blk.{i}."
            want.update({p + "attn_norm.weight": (d,), p + "ffn_norm.weight": (d,),
                         p + "attn_q.weight": (d, d), p + "attn_k.weight": (kv, d),
                         p + "attn_v.weight": (kv, d), p + "attn_output.weight": (d, d),
                         p + "ffn_gate.weight": (ffn, d), p + "ffn_up.weight": (ffn, d),
                         p + "ffn_down.weight": (d, ffn)})
        for name, shape in want.items():
            if name not in self.w:
                raise GGUFError(f"tensor '{name}' is missing")
            if self.w[name].shape != shape:
                raise GGUFError(f"tensor '{name}' has numpy shape {self.w[name].shape}, "
                                f"expected {shape}")

    def rmsnorm(self, x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps) * weight

    def rope(self, x):
        # ggml "normal" mode: adjacent pairs (2i, 2i+1) of each head rotate by
        # pos * freq_base^(-2i/n_rot); dimensions past n_rot pass through unchanged.
        # x: (n_tokens, heads, head_dim)
        pos = np.arange(x.shape[0], dtype=np.float64)[:, None]                # (T, 1)
        inv_freq = self.freq_base ** (-np.arange(0, self.n_rot, 2) / self.n_rot)  # (n_rot/2,)
        angle = pos * inv_freq                                               # (T, n_rot/2)
        cos, sin = np.cos(angle)[:, None, :], np.sin(angle)[:, None, :]
        out = x.copy()
        x0, x1 = x[..., 0:self.n_rot:2], x[..., 1:self.n_rot:2]
        out[..., 0:self.n_rot:2] = x0 * cos - x1 * sin
        out[..., 1:self.n_rot:2] = x0 * sin + x1 * cos
        return out

    def attention(self, x, p):
        T, hd = x.shape[0], self.head_dim
        q = (x @ self.w[p + "attn_q.weight"].T).reshape(T, self.n_head, hd)
        k = (x @ self.w[p + "attn_k.weight"].T).reshape(T, self.n_head_kv, hd)
        v = (x @ self.w[p + "attn_v.weight"].T).reshape(T, self.n_head_kv, hd)
        q, k = self.rope(q), self.rope(k)
        # Grouped-query attention: query head h reads kv head h // (n_head / n_head_kv).
        group = self.n_head // self.n_head_kv
        k = np.repeat(k, group, axis=1)
        v = np.repeat(v, group, axis=1)
        scores = np.einsum("thd,shd->hts", q, k) / np.sqrt(hd)               # (H, T, T)
        future = np.triu(np.ones((T, T), dtype=bool), k=1)
        scores[:, future] = -np.inf
        scores -= scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        out = np.einsum("hts,shd->thd", probs, v).reshape(T, self.dim)
        return out @ self.w[p + "attn_output.weight"].T

    def ffn(self, x, p):
        gate = x @ self.w[p + "ffn_gate.weight"].T
        up = x @ self.w[p + "ffn_up.weight"].T
        silu = gate / (1.0 + np.exp(-gate))
        return (silu * up) @ self.w[p + "ffn_down.weight"].T

    def forward(self, tokens):
        """Logits (n_tokens, vocab) for every position of a causal pass over tokens."""
        bad = [t for t in tokens if not 0 <= t < self.vocab]
        if bad:
            raise GGUFError(f"token id {bad[0]} is outside the vocabulary (0..{self.vocab - 1})")
        x = self.w["token_embd.weight"][np.asarray(tokens)]
        for layer in range(self.n_layers):
            p = f"blk.{layer}."
            x = x + self.attention(self.rmsnorm(x, self.w[p + "attn_norm.weight"]), p)
            x = x + self.ffn(self.rmsnorm(x, self.w[p + "ffn_norm.weight"]), p)
        x = self.rmsnorm(x, self.w["output_norm.weight"])
        return x @ self.output.T


# ---------------------------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------------------------

def parse_tokens(text):
    try:
        tokens = [int(t) for t in text.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of token ids")
    if not tokens:
        raise argparse.ArgumentTypeError("the token list is empty")
    return tokens


def main():
    ap = argparse.ArgumentParser(
        description="Float64 NumPy reference forward pass of a llama GGUF model (F32, F16, "
                    "Q4_0, Q8_0 weights). Writes the logits of every position, or greedily "
                    "extends the token sequence.",
        epilog="example: reference_forward.py stories260K-f32.gguf --tokens 1,403,407,261,378 "
               "--out ref.npy")
    ap.add_argument("model", help="llama GGUF file (version 2 or 3)")
    ap.add_argument("--tokens", required=True, type=parse_tokens,
                    help="prompt token ids, comma-separated (include BOS yourself)")
    ap.add_argument("--out", metavar="FILE.npy",
                    help="write float64 logits [n_tokens, vocab] for every position")
    ap.add_argument("--greedy", metavar="N", type=int, default=0,
                    help="append N argmax tokens and print their ids space-separated")
    args = ap.parse_args()
    if not args.out and args.greedy <= 0:
        ap.error("nothing to do: give --out and/or --greedy N (N > 0)")
    try:
        model = Llama(*read_gguf(args.model))
        if args.out:
            logits = model.forward(args.tokens)
            np.save(args.out, logits)
        if args.greedy > 0:
            seq, generated = list(args.tokens), []
            for _ in range(args.greedy):
                nxt = int(np.argmax(model.forward(seq)[-1]))
                seq.append(nxt)
                generated.append(nxt)
            print(" ".join(map(str, generated)))
    except GGUFError as e:
        sys.exit(f"reference_forward.py: {args.model}: {e}")
    except OSError as e:
        sys.exit(f"reference_forward.py: cannot write {args.out}: {e.strerror}")


if __name__ == "__main__":
    main()
