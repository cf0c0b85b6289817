#!/usr/bin/env bash
# The main job: compile every example with thymosc and print it verified.
#   examples/run-all.sh [BUILD_DIR]    (default: build/release)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../build/release"}
thymosc="$build/bin/thymosc"
[ -x "$thymosc" ] || { echo "run-all: $thymosc not found; build first" >&2; exit 1; }

failed=0
for f in "$here"/*.thy; do
  echo "=== $(basename "$f")"
  "$thymosc" "$f" --emit=thy || failed=$((failed + 1))
done
count=$(ls "$here"/*.thy | wc -l)
echo "=== $((count - failed)) of $count examples verified"
[ "$failed" -eq 0 ]
