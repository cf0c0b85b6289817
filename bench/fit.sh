#!/usr/bin/env bash
# Fit times of thymos-fit as n grows, as markdown tables (medians of REPEATS
# runs of the solver time the tool reports, CSV reading excluded):
#   - epsilon-SVR, RBF (C = 10, eps = 0.1, gamma = 0.1, standardised), SMO to
#     tol 1e-3, on the first n rows of a generated Friedman #1 set (noise 1);
#   - p-Laplacian learning (k = 10, first 5 rows of each class labelled) on
#     generated two moons (noise 0.1), n = 500, 2000, 8000, p = 2, 3, 4;
#   - the uniform square of the demos (two labels), larger n, one run each.
#   bench/fit.sh [REPEATS]      (default 3; build dir: $BUILD_DIR or build/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
repeats=${1:-3}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-fit >/dev/null
fit="$build/bin/thymos-fit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

value() { sed -n "s/^$1 = //p" "$2"; }
# A number with 3 significant digits (times) or 4 decimals (fractions).
g3() { awk -v v="$1" 'BEGIN { printf "%.3g", v }'; }
f4() { awk -v v="$1" 'BEGIN { printf "%.4f", v }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Runs "$@" REPEATS times; leaves the last summary in $work/out.txt and
# prints the median of KEY over the runs.
timed() {
  local key=$1
  shift
  for _ in $(seq "$repeats"); do
    "$@" > "$work/out.txt"
    value "$key" "$work/out.txt"
  done | median
}

echo "## epsilon-SVR (RBF) on Friedman #1"
echo
echo "| n | support vectors | SMO iterations | fit s |"
echo "| ---: | ---: | ---: | ---: |"
"$fit" sample friedman1 --n 8000 --noise 1 --seed 0 -o "$work/friedman.csv"
for n in 250 500 1000 2000 4000 8000; do
  s=$(timed fit_seconds "$fit" svr --train "$work/friedman.csv" --rows "$n" --standardize \
    --kernel rbf --C 10 --epsilon 0.1 --gamma 0.1 --quiet)
  echo "| $n | $(value support_vectors "$work/out.txt") | $(value iterations "$work/out.txt") | $(g3 "$s") |"
done

echo
echo "## p-Laplacian learning on two moons (k = 10, 5 labels per class)"
echo
echo "| n | p | Newton iterations | envelope entries | graph s | solve s | accuracy |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in 500 2000 8000; do
  "$fit" sample moons --n "$n" --noise 0.1 --seed 0 -o "$work/moons.csv"
  for p in 2 3 4; do
    args=(plap --data "$work/moons.csv" --labelled-per-class 5 --classify --p "$p" --quiet)
    s=$(timed solve_seconds "$fit" "${args[@]}")
    g=$(timed graph_seconds "$fit" "${args[@]}")
    echo "| $n | $p | $(value total_iterations "$work/out.txt") | $(value envelope "$work/out.txt") |" \
         "$(g3 "$g") | $(g3 "$s") | $(f4 "$(value accuracy "$work/out.txt")") |"
  done
done

echo
echo "## Uniform square, two labels (one run each)"
echo
echo "| n | p | spread of u (std) | Newton iterations | graph s | solve s |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in 2000 8000 32000; do
  "$fit" sample uniform --n "$n" --seed 1 -o "$work/points.csv"
  { echo "x0,x1,target"; echo "0.25,0.5,0"; echo "0.75,0.5,1"; tail -n +2 "$work/points.csv"; } \
    > "$work/square.csv"
  for p in 2 4; do
    "$fit" plap --data "$work/square.csv" --p "$p" --quiet > "$work/out.txt"
    echo "| $n | $p | $(f4 "$(value u_std "$work/out.txt")") | $(value total_iterations "$work/out.txt") |" \
         "$(g3 "$(value graph_seconds "$work/out.txt")") | $(g3 "$(value solve_seconds "$work/out.txt")") |"
  done
done
