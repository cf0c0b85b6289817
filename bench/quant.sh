#!/usr/bin/env bash
# Quantized (Q8_0/Q4_0) matvec and matmul against f32 and against memcpy
# bandwidth, on 1 thread and on all threads, as one markdown table.
#   bench/quant.sh        (build dir: $BUILD_DIR or build/bench;
#                          THYMOS_QUANT_ISA=scalar|avx2|avx512vnni|avxvnni|neon picks the dot products)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-quant-bench >/dev/null
"$build/bin/thymos-quant-bench"
