#!/bin/sh
# Builds the memory planner's benchmark in Release mode and prints its table.
#   bench/planner.sh [effort] [build dir]     (defaults: 1000, build/bench-planner)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
effort=${1:-1000}
build=${2:-"$root/build/bench-planner"}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-planner-bench >/dev/null
"$build/bin/thymos-planner-bench" "$effort"
