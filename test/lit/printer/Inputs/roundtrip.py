"""Round-trips every .thy file in a folder (and its subfolders) through thymosc.

usage: roundtrip.py EXAMPLES_DIR SCRATCH_DIR

For each file: print it (1), print that output (2), and require 1 == 2.
Exits non-zero, naming the file, on the first failure; fails if the folder
holds no .thy file at all.
"""
import os
import subprocess
import sys


def main():
    examples, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    names = sorted(os.path.relpath(os.path.join(root, n), examples)
                   for root, _, files in os.walk(examples) for n in files if n.endswith(".thy"))
    if not names:
        sys.exit(f"no .thy files in {examples}")
    for name in names:
        flat = name.replace(os.sep, "_")
        first = os.path.join(scratch, flat + ".1")
        second = os.path.join(scratch, flat + ".2")
        subprocess.run(["thymosc", os.path.join(examples, name), "--emit=thy", "-o", first], check=True)
        subprocess.run(["thymosc", first, "--emit=thy", "-o", second], check=True)
        with open(first) as a, open(second) as b:
            if a.read() != b.read():
                sys.exit(f"{name}: the printed module prints differently a second time")
        print(f"{name}: ok")


if __name__ == "__main__":
    main()
