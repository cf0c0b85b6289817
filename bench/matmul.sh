#!/usr/bin/env bash
# f32 matmul GFLOP/s: naive triple loop vs the blocked fast path with each
# micro-kernel the CPU runs (1 thread and all hardware threads), as a
# markdown table.
#   bench/matmul.sh [SIZE]        square, default 512
#   bench/matmul.sh M K N t       B as [N, K] weight rows (a prefill chunk: 64 4096 4096 t)
# (build dir: $BUILD_DIR or build/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-matmul-bench >/dev/null
"$build/bin/thymos-matmul-bench" "${@:-512}"
