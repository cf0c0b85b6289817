"""Turns every one-op example in docs/ops.md into a graph, so that thymosc can
check that the examples in the op reference verify.

Each example line `%r = op %a, %b {...} : (T1, T2) -> T3` becomes
`graph @exN(%a: T1, %b: T2) -> T3 { <line>  return %r }`.
"""
import re
import sys

OP_LINE = re.compile(r"^\s*(%\w+)\s*=\s*\w+\s*(.*?)\s*(\{.*\})?\s*:\s*\((.*)\)\s*->\s*(.+)$")


def split_types(text):
    # Types contain commas inside brackets: split on commas at depth 0.
    types, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += c == "["
        depth -= c == "]"
        if c == "," and depth == 0:
            types.append(text[start:i].strip())
            start = i + 1
    if text.strip():
        types.append(text[start:].strip())
    return types


def main(path):
    in_code = False
    graphs = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            continue
        m = OP_LINE.match(line)
        if not m:
            continue
        result, operands, _, domain, codomain = m.groups()
        names = [o.strip() for o in operands.split(",") if o.strip()]
        types = split_types(domain)
        if len(names) != len(types):
            sys.exit(f"op_examples: operands and domain differ in: {line.strip()}")
        args = ", ".join(f"{n}: {t}" for n, t in zip(names, types))
        graphs.append(f"graph @ex{len(graphs)}({args}) -> {codomain.strip()} {{\n"
                      f"{line.rstrip()}\n  return {result}\n}}\n")
    if not graphs:
        sys.exit("op_examples: no examples found")
    print("module @op_examples\n")
    print("\n".join(graphs))
    print(f"// {len(graphs)} examples", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
