#!/usr/bin/env python3
"""Golden checksum for IsaAgreementMain.cpp, computed without the C++ code.

Rebuilds the test's inputs from the same LCG and patterns, sums each block
by the formats' definitions (Q8_0: q; Q4_0: low nibble j is element j, high
nibble element j + 16, value q - 8), and prints FNV-1a 64 of the sums.
"""

BLOCKS = 512


def lcg():
    state = 12345
    while True:
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        yield state >> 24


def s8(byte):
    return byte - 256 if byte >= 128 else byte


def main():
    rng = lcg()
    q8_pattern, q4_pattern, act_pattern = [0x80, 0x7F, 0x00, 0x80], [0x00, 0xFF, 0x88, 0xF0], [0x80, 0x80, 0x00, 0x7F]
    sums8, sums4 = [], []
    for b in range(BLOCKS):
        w8, a = [], []
        for _ in range(32):  # Same draw order as the C++: weight byte, then activation byte.
            w8.append(q8_pattern[b] if b < 4 else next(rng))
            a.append(act_pattern[b] if b < 4 else next(rng))
        w4 = [q4_pattern[b] if b < 4 else next(rng) for _ in range(16)]
        sums8.append(sum(s8(w) * s8(x) for w, x in zip(w8, a)))
        q4 = [byte & 0x0F for byte in w4] + [byte >> 4 for byte in w4]
        sums4.append(sum((q - 8) * s8(x) for q, x in zip(q4, a)))
    h = 0xCBF29CE484222325
    for v in sums8 + sums4:
        for byte in (v & 0xFFFFFFFF).to_bytes(4, "little"):
            h ^= byte
            h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    print(f"0x{h:016x}")


if __name__ == "__main__":
    main()
