#!/usr/bin/env python3
"""Writes small GGUF files as seeds for the gguf fuzz target.

    fuzz/gguf_seeds.py OUT_DIR

Written from the format's description (ggml's docs/gguf.md), independently of
runtime/gguf/Writer.cpp, so the seeds do not share that writer's habits. Each
file is a few hundred bytes: every metadata value type, nested arrays, the
general.alignment key, tensors of plain and block-quantized types, and a
SentencePiece vocabulary for the tokenizer.
"""
import os
import struct
import sys

# Metadata value type ids.
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
SCALAR = {U8: "<B", I8: "<b", U16: "<H", I16: "<h", U32: "<I", I32: "<i",
          F32: "<f", BOOL: "<?", U64: "<Q", I64: "<q", F64: "<d"}
# ggml tensor types: id -> (block elements, block bytes).
GGML = {0: (1, 4), 1: (1, 2), 2: (32, 18), 8: (32, 34), 24: (1, 1), 30: (1, 2)}


def string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def value(kind, v):
    if kind == STR:
        return string(v)
    if kind == ARR:
        element, items = v
        out = struct.pack("<IQ", element, len(items))
        return out + b"".join(value(element, item) for item in items)
    return struct.pack(SCALAR[kind], v)


def gguf(metadata, tensors, version=3, alignment=32):
    """metadata: [(key, kind, value)]; tensors: [(name, dims, ggml type)]."""
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata))
    for key, kind, v in metadata:
        out += string(key) + struct.pack("<I", kind) + value(kind, v)
    offset, blobs = 0, []
    for name, dims, kind in tensors:
        elements = 1
        for d in dims:
            elements *= d
        block_elems, block_bytes = GGML[kind]
        size = elements // block_elems * block_bytes
        out += string(name) + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", kind, offset)
        blobs.append((offset, bytes((i * 37 + 11) % 256 for i in range(size))))
        offset += (size + alignment - 1) // alignment * alignment
    out += b"\0" * (-len(out) % alignment)
    data = bytearray(offset)
    for at, blob in blobs:
        data[at:at + len(blob)] = blob
    return out + bytes(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    every_type = [
        ("general.architecture", STR, "llama"),
        ("general.name", STR, "seed"),
        ("u8", U8, 200), ("i8", I8, -100), ("u16", U16, 60000), ("i16", I16, -30000),
        ("u32", U32, 4000000000), ("i32", I32, -2000000000), ("f32", F32, 0.5),
        ("bool", BOOL, True), ("u64", U64, 2**63), ("i64", I64, -2**62), ("f64", F64, 1e-300),
        ("tokens", ARR, (STR, ["<s>", "</s>", "a", ""])),
        ("scores", ARR, (F32, [0.0, -1.5, 2.25])),
        ("nested", ARR, (ARR, [(U8, [1, 2]), (STR, ["x"]), (ARR, [(I32, [7])])])),
        ("empty", ARR, (U64, [])),
    ]
    files = {
        "metadata-every-type.gguf": gguf(every_type, []),
        "tensors-plain.gguf": gguf([("general.architecture", STR, "llama")],
                                   [("a.weight", [4, 2], 0), ("b.bias", [3], 1),
                                    ("c", [2, 2, 2, 2], 24), ("d", [5], 30)]),
        "tensors-quantized.gguf": gguf([("general.alignment", U32, 64)],
                                       [("q4", [32, 2], 2), ("q8", [64], 8)], alignment=64),
        "version2.gguf": gguf([("k", STR, "v")], [("t", [8], 0)], version=2),
        "llama-keys.gguf": gguf([
            ("general.architecture", STR, "llama"), ("llama.context_length", U32, 64),
            ("llama.embedding_length", U32, 8), ("llama.block_count", U32, 1),
            ("llama.feed_forward_length", U32, 16), ("llama.attention.head_count", U32, 2),
            ("llama.attention.head_count_kv", U32, 1),
            ("llama.attention.layer_norm_rms_epsilon", F32, 1e-5),
            ("llama.rope.freq_base", F32, 10000.0),
            ("tokenizer.ggml.model", STR, "llama")],
            [("token_embd.weight", [8, 4], 0), ("output_norm.weight", [8], 0)]),
        # Pieces that merge on the file's own first bytes ("GGUF"), a few
        # byte tokens (the rest fall back to <unk>), a user-defined token.
        "vocab-spm.gguf": gguf([
            ("general.name", STR, "phi3 seed"),
            ("tokenizer.ggml.model", STR, "llama"),
            ("tokenizer.ggml.tokens", ARR, (STR, ["<unk>", "<s>", "</s>", "<0x00>", "<0x01>",
                                                 "<0x03>", "\u2581", "G", "U", "F", "GG", "UF",
                                                 "GGUF", "\u2581GGUF", "<tag>"])),
            ("tokenizer.ggml.scores", ARR, (F32, [0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -2, -2,
                                                  -3, -4, 0])),
            ("tokenizer.ggml.token_type", ARR, (I32, [2, 3, 3, 6, 6, 6, 1, 1, 1, 1, 1, 1, 1,
                                                      1, 4])),
            ("tokenizer.ggml.add_space_prefix", BOOL, True)], []),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
