#!/usr/bin/env bash
# Elementwise fusion: each graph compiled without and with fuse-elementwise,
# then steps, bytes moved by elementwise steps, and the median run time of
# the two plans (single-threaded CPU kernels), as a markdown table.
#   bench/fusion.sh [RUNS]        (default 9; build dir: $BUILD_DIR or build/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
runs=${1:-9}
if [ -z "${SKIP_BUILD:-}" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target thymosc thymos-fusion-bench >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| graph | steps unfused | steps fused | elementwise MiB unfused | fused | ratio | ms unfused | ms fused | ratio | same output |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for graph in "$root/examples/mlp.thy" "$root/bench/fusion/mlp.thy" "$root/bench/fusion/norm.thy" \
             "$root/bench/fusion/chain.thy"; do
  name=$(basename "$(dirname "$graph")")/$(basename "$graph" .thy)
  "$build/bin/thymosc" "$graph" --passes=plan-memory -o "$work/unfused.plan"
  "$build/bin/thymosc" "$graph" --passes=fuse-elementwise,plan-memory -o "$work/fused.plan"
  "$build/bin/thymos-fusion-bench" "$name" "$work/unfused.plan" "$work/fused.plan" "$runs"
done
