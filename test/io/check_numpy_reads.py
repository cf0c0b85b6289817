#!/usr/bin/python3
"""Checks with NumPy that the files our writers produce read back as intended.

Usage: check_numpy_reads.py WRITER DIR
Runs WRITER DIR (thymos-io-write-samples), then loads every file with NumPy
and compares against the formulas documented in WriteSamples.cpp, computed
here independently. Exits 77 (reported by ctest as skipped) when NumPy is
not importable.
"""
import os
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    print("SKIPPED: numpy is not importable by", sys.executable)
    sys.exit(77)

SHAPES = [(), (5,), (2, 3), (2, 3, 4)]
FORMULAS = {
    "f8": (np.float64, lambda i: (i - 3) / 7.0),
    "f4": (np.float32, lambda i: np.float32((i - 3) / 7.0)),
    "i4": (np.int32, lambda i: (i - 3) * 1000003),
    "i1": (np.int8, lambda i: (i * 37) % 256 - 128),
}
CSV_VALUES = [0.1, 1.0 / 3.0, 1e-300, 5e-324, 1.7976931348623157e308, -0.0,
              123456789012345680.0, 2.0 / 3.0 * 1e-5, 321.0, 1e16, -2.5, 100.0]

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def check_layout(path):
    """The header is version 1.0 and the data starts at a multiple of 64."""
    with open(path, "rb") as f:
        major, minor = np.lib.format.read_magic(f)
        np.lib.format.read_array_header_1_0(f)
        expect((major, minor) == (1, 0), f"{path}: version {major}.{minor}")
        expect(f.tell() % 64 == 0, f"{path}: data starts at {f.tell()}")


def significant_digits(text):
    mantissa = text.lower().split("e")[0].lstrip("-").replace(".", "")
    return len(mantissa.strip("0"))


def main(writer, directory):
    os.makedirs(directory, exist_ok=True)
    subprocess.run([writer, directory], check=True)
    for prefix, (dtype, formula) in FORMULAS.items():
        for rank, shape in enumerate(SHAPES):
            path = os.path.join(directory, f"{prefix}_r{rank}.npy")
            check_layout(path)
            a = np.load(path, allow_pickle=False)
            n = int(np.prod(shape))
            want = np.array([formula(i) for i in range(n)], dtype=dtype).reshape(shape)
            expect(a.dtype == np.dtype(dtype), f"{path}: dtype {a.dtype}")
            expect(a.shape == shape, f"{path}: shape {a.shape}")
            expect(np.array_equal(a, want), f"{path}: values {a!r}")
    half = np.load(os.path.join(directory, "f2_r1.npy"))
    expect(half.dtype == np.float16, f"f2_r1.npy: dtype {half.dtype}")
    expect(half.tolist() == [1.0, -2.0, 65504.0, 2.0 ** -14, 2.0 ** -24, float("inf")],
           f"f2_r1.npy: values {half!r}")
    empty = np.load(os.path.join(directory, "f8_empty.npy"))
    expect(empty.shape == (0, 3) and empty.dtype == np.float64, f"f8_empty.npy: {empty!r}")

    csv_path = os.path.join(directory, "samples.csv")
    table = np.loadtxt(csv_path, delimiter=",", skiprows=1, dtype=np.float64)
    want = np.array(CSV_VALUES).reshape(4, 3)
    expect(table.shape == (4, 3), f"samples.csv: shape {table.shape}")
    expect(np.array_equal(table, want) and
           np.array_equal(np.signbit(table), np.signbit(want)), f"samples.csv: {table!r}")
    with open(csv_path) as f:
        expect(f.readline() == "a,b,c\n", "samples.csv: header")
        tokens = f.read().replace("\n", ",").strip(",").split(",")
    # Python's repr is the shortest round-trip text: we must not use more digits.
    for token, value in zip(tokens, CSV_VALUES):
        expect(significant_digits(token) == significant_digits(repr(value)),
               f"samples.csv: {token!r} is not as short as {value!r}")

    for failure in failures:
        print("FAIL:", failure)
    print(f"checked {len(FORMULAS) * len(SHAPES) + 3} files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
