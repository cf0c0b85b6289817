#!/usr/bin/env bash
# f32 matmul GFLOP/s: naive triple loop vs the blocked fast path (1 thread
# and all hardware threads), as a markdown table.
#   bench/matmul.sh [SIZE]        (default 512; build dir: $BUILD_DIR or build/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-matmul-bench >/dev/null
"$build/bin/thymos-matmul-bench" "${1:-512}"
