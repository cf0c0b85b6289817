"""Reads one tensor of a GGUF file with numpy, independently of Thymos.

    gguf_tensor.py FILE NAME OUT.npy

Only what the tests need: GGUF v2/v3, every metadata value type (skipped),
F32 tensors and Q4_0 ones (dequantized to float32 here, from ggml's block
layout: an fp16 scale, then 16 bytes whose low nibbles are elements 0..15 and
high nibbles 16..31, each minus 8). Shapes come out outermost first, as
Thymos types list them.
"""
import struct
import sys

import numpy as np

SCALAR = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


def main(path, wanted, out):
    raw = open(path, "rb").read()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, raw, pos)
        pos += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def string():
        nonlocal pos
        n = take("Q")
        pos += n
        return raw[pos - n:pos].decode()

    def skip(kind):
        nonlocal pos
        if kind == 8:
            string()
        elif kind == 9:
            inner, count = take("I"), take("Q")
            for _ in range(count):
                skip(inner)
        else:
            pos += SCALAR[kind]

    assert raw[:4] == b"GGUF"
    pos = 4
    version, tensors, kvs = take("I"), take("Q"), take("Q")
    alignment = 32
    for _ in range(kvs):
        key, kind = string(), take("I")
        if key == "general.alignment":
            alignment = take("I")
        else:
            skip(kind)
    infos = []
    for _ in range(tensors):
        name, rank = string(), take("I")
        dims = [take("Q") for _ in range(rank)]
        kind, offset = take("I"), take("Q")
        infos.append((name, dims, kind, offset))
    data = (pos + alignment - 1) // alignment * alignment
    for name, dims, kind, offset in infos:
        if name == wanted:
            count = int(np.prod(dims))
            if kind == 0:
                array = np.frombuffer(raw, np.float32, count, data + offset)
            elif kind == 2:
                blocks = np.frombuffer(raw, np.uint8, count // 32 * 18, data + offset)
                blocks = blocks.reshape(-1, 18)
                scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
                nibbles = blocks[:, 2:]
                q = np.concatenate([nibbles & 15, nibbles >> 4], axis=1).astype(np.float32)
                array = ((q - 8) * scale).reshape(-1)
            else:
                sys.exit("unsupported ggml type %d" % kind)
            np.save(out, array.reshape(list(reversed(dims))))
            return
    sys.exit("no tensor " + wanted)


if __name__ == "__main__":
    main(*sys.argv[1:])
