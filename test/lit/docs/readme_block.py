"""Prints the shell block of README.md that follows a `<!-- NAME: ... -->` marker."""
import sys

readme, name = sys.argv[1], sys.argv[2]
lines = open(readme, encoding="utf-8").read().splitlines()
start = next(i for i, line in enumerate(lines) if line.startswith("<!-- " + name + ":"))
assert lines[start + 1] == "```sh", "the marker must precede a ```sh block"
end = lines.index("```", start + 2)
print("set -e")
print("\n".join(lines[start + 2:end]))
