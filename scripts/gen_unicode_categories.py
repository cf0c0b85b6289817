#!/usr/bin/env python3
"""Writes runtime/llm/UnicodeCategories.cpp: the general category class of
every code point (its first letter: L, N, P, S, M, Z, C; unassigned apart)
as ranges, and the White_Space code points, from the Unicode Character
Database as Debian's unicode-data package installs it.

    apt-get install unicode-data
    scripts/gen_unicode_categories.py /usr/share/unicode > runtime/llm/UnicodeCategories.cpp
"""
import os
import sys

CLASS = {"L": "Letter", "N": "Number", "P": "Punctuation", "S": "Symbol", "M": "Mark",
         "Z": "Separator", "C": "Control"}
MAX = 0x110000


def categories(path):
    cls = ["Unassigned"] * MAX
    first = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split(";")
            cp, name, cat = int(fields[0], 16), fields[1], fields[2]
            value = "Unassigned" if cat == "Cn" else CLASS[cat[0]]
            if name.endswith(", First>"):
                first = cp
                continue
            start = first if name.endswith(", Last>") else cp
            first = None
            for c in range(start, cp + 1):
                cls[c] = value
    return cls


def white_space(path):
    points = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line or line.split(";")[1].strip() != "White_Space":
                continue
            span = line.split(";")[0].strip()
            lo, _, hi = span.partition("..")
            points.extend(range(int(lo, 16), int(hi or lo, 16) + 1))
    return points


def version(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().strip("# \n").replace("PropList-", "").replace(".txt", "")


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    cls = categories(os.path.join(ucd, "UnicodeData.txt"))
    spaces = white_space(os.path.join(ucd, "PropList.txt"))
    ranges = [(0, cls[0])]
    for cp in range(1, MAX):
        if cls[cp] != ranges[-1][1]:
            ranges.append((cp, cls[cp]))
    out = sys.stdout
    out.write("//===- UnicodeCategories.cpp - Generated: do not edit ----------------------===//\n")
    out.write("//\n// Written by scripts/gen_unicode_categories.py from the Unicode Character\n")
    out.write("// Database %s (UnicodeData.txt, PropList.txt).\n" % version(os.path.join(ucd, "PropList.txt")))
    out.write("//\n//===----------------------------------------------------------------------===//\n\n")
    out.write('#include "runtime/llm/UnicodeCategories.h"\n\n')
    out.write("namespace thymos::llm::unicode::detail {\n\n")
    # One letter per class keeps the table short: L N P S M Z as the
    # categories' first letters, C control, U unassigned.
    out.write("constexpr CategoryClass L = CategoryClass::Letter, N = CategoryClass::Number,\n"
              "    P = CategoryClass::Punctuation, S = CategoryClass::Symbol, M = CategoryClass::Mark,\n"
              "    Z = CategoryClass::Separator, C = CategoryClass::Control,\n"
              "    U = CategoryClass::Unassigned;\n\n")
    out.write("const CategoryRange kCategoryRanges[] = {\n")
    letter = {"Letter": "L", "Number": "N", "Punctuation": "P", "Symbol": "S", "Mark": "M",
              "Separator": "Z", "Control": "C", "Unassigned": "U"}
    cells = ["{0x%X, %s}," % (start, letter[value]) for start, value in ranges]
    line = "   "
    for cell in cells:
        if len(line) + 1 + len(cell) > 100:
            out.write(line + "\n")
            line = "   "
        line += " " + cell
    out.write(line + "\n")
    out.write("};\nconst size_t kCategoryRangeCount = sizeof kCategoryRanges / sizeof kCategoryRanges[0];\n\n")
    out.write("const uint32_t kWhiteSpace[] = {\n")
    for i in range(0, len(spaces), 8):
        out.write("    " + ", ".join("0x%04X" % c for c in spaces[i:i + 8]) + ",\n")
    out.write("};\nconst size_t kWhiteSpaceCount = sizeof kWhiteSpace / sizeof kWhiteSpace[0];\n\n")
    out.write("} // namespace thymos::llm::unicode::detail\n")


if __name__ == "__main__":
    main()
