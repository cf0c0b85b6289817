#!/usr/bin/env python3
"""Writes and reads .npy files for the thymos-run tests, standard library only.

  npy.py write OUT DTYPE SHAPE EXPR   DTYPE f64|f32|i32, SHAPE like 64,4 (or
                                      "" for a scalar); element i (row-major
                                      flat index) is the value of EXPR
  npy.py read FILE                    prints "DTYPE[SHAPE]" then the values,
                                      one per line

The format (NumPy's NEP 1): magic b"\\x93NUMPY", version 1.0, a little-endian
uint16 header length, a Python-literal dict padded with spaces to a multiple
of 64 bytes ending in a newline, then the raw little-endian data.
"""
import ast
import struct
import sys

DESCR = {"f64": ("<f8", "d"), "f32": ("<f4", "f"), "i32": ("<i4", "i")}


def write(path, dtype, shape_text, expr):
    shape = tuple(int(d) for d in shape_text.split(",") if d)
    count = 1
    for d in shape:
        count *= d
    descr, code = DESCR[dtype]
    values = [eval(expr, {"i": i}) for i in range(count)]
    shape_literal = "(" + "".join(f"{d}, " for d in shape).rstrip(" ") + ")"
    if len(shape) > 1:
        shape_literal = shape_literal.replace(",)", ")")
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_literal}, }}"
    padded = len(header) + 1
    padded += (64 - (10 + padded) % 64) % 64
    header = header.ljust(padded - 1) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<" + code * count, *values))


def read(path):
    data = open(path, "rb").read()
    if data[:6] != b"\x93NUMPY":
        sys.exit(f"{path}: not a .npy file")
    (length,) = struct.unpack("<H", data[8:10])
    header = ast.literal_eval(data[10:10 + length].decode("latin1"))
    names = {v[0]: k for k, v in DESCR.items()}
    dtype = names[header["descr"]]
    shape = header["shape"]
    count = 1
    for d in shape:
        count *= d
    code = DESCR[dtype][1]
    values = struct.unpack("<" + code * count, data[10 + length:10 + length + 4 * count
                                                    * (2 if code == "d" else 1)])
    print(f"{dtype}[{','.join(str(d) for d in shape)}]")
    for v in values:
        print(repr(v))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:6])
    else:
        read(sys.argv[2])
