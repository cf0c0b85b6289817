#!/usr/bin/env python3
"""Rewrites a .thy module so that its q8_0/q4_0 graph arguments arrive as f32
and are quantized in the graph: `%w: q4_0[64,64]` becomes `%w_f32: f32[64,64]`
followed, as the graph's first op, by
  %w = cast %w_f32 : (f32[64,64]) -> q4_0[64,64]
The rest of the graph is untouched, so a test runs the example's own ops with
weights it can write as .npy (thymos-run binds f32 .npy files).

  f32_weights.py MODULE.thy > VARIANT.thy
"""
import re
import sys

ARG = re.compile(r"%(\w+):\s*(q4_0|q8_0)\[([0-9, ]*)\]")


def main():
    text = open(sys.argv[1]).read()
    out, pos = [], 0
    # A graph header runs from "graph @" to the "{" that opens its body.
    for header in re.finditer(r"graph @\w+\((.*?)\)\s*->[^{]*\{", text, re.S):
        casts = [f"  %{name} = cast %{name}_f32 : (f32[{dims}]) -> {fmt}[{dims}]\n"
                 for name, fmt, dims in ARG.findall(header.group(1))]
        out.append(text[pos:header.start()])
        out.append(ARG.sub(lambda m: f"%{m.group(1)}_f32: f32[{m.group(3)}]", header.group(0)))
        out.append("\n" + "".join(casts))
        pos = header.end()
    out.append(text[pos:])
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
