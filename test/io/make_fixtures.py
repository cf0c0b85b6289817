#!/usr/bin/python3
"""Writes the .npy fixtures in test/io/fixtures/ with NumPy itself.

The fixtures are an independent check of the .npy reader: NumPy wrote them,
and NpyFixtureTest.cpp checks the values listed here. They were generated
with Debian 12's python3-numpy 1:1.24.2-1+deb12u1 (numpy 1.24.2), from the
project root:

    /usr/bin/python3 test/io/make_fixtures.py test/io/fixtures

Keep every file tiny (well under 2 KB). When you add or change a fixture,
update the expected values in NpyFixtureTest.cpp to match the ones here.
"""
import io
import os
import sys

import numpy as np
from numpy.lib import format as npformat


def save(directory, name, array, version=None):
    path = os.path.join(directory, name)
    if version is None:
        np.save(path, array, allow_pickle=False)
    else:
        with open(path, "wb") as f:
            npformat.write_array(f, array, version=version, allow_pickle=False)
    assert os.path.getsize(path) < 2048, path


def main(directory):
    os.makedirs(directory, exist_ok=True)
    # Readable fixtures: one per supported dtype, ranks 0 to 3.
    save(directory, "f8_2x3.npy",
         np.array([[0.1, -2.5, 1e300], [-0.0, 5e-324, 3.0]], dtype="<f8"))
    save(directory, "f8_scalar.npy", np.array(3.141592653589793, dtype="<f8"))
    save(directory, "f4_4.npy",
         np.array([0.1, -1.0, 3.4028235e38, np.inf], dtype="<f4"))
    save(directory, "f2_5.npy",
         np.array([1.0, -2.0, 65504.0, 2.0 ** -14, 0.1], dtype="<f2"))
    save(directory, "i4_2x2x2.npy",
         np.array([[[-2147483648, -1], [0, 1]], [[2, 3], [1000000, 2147483647]]],
                  dtype="<i4"))
    save(directory, "i1_scalar.npy", np.array(-7, dtype="i1"))
    save(directory, "i1_3.npy", np.array([-128, 0, 127], dtype="i1"))
    save(directory, "i4_0x3.npy", np.zeros((0, 3), dtype="<i4"))
    # Newer header versions: 4-byte header length (2.0), UTF-8 header (3.0).
    save(directory, "f8_v2.npy", np.array([1.0, -1.0], dtype="<f8"), version=(2, 0))
    save(directory, "f4_v3.npy", np.array([[0.5], [-0.25]], dtype="<f4"), version=(3, 0))
    # Well-formed files the reader must refuse with a clear message.
    save(directory, "f8_big_endian.npy", np.array([1.0, 2.0], dtype=">f8"))
    save(directory, "f8_fortran.npy",
         np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)))
    save(directory, "i8_2.npy", np.array([1, 2], dtype="<i8"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "fixtures"))
