#!/usr/bin/env bash
# Fit times of thymos-fit as n grows, as markdown tables (medians of REPEATS
# runs of the solver time the tool reports, CSV reading excluded):
#   - epsilon-SVR, RBF (C = 10, eps = 0.1, gamma = 0.1, standardised), SMO to
#     tol 1e-3, on the first n rows of a generated Friedman #1 set (noise 1),
#     with and without shrinking, and libsvm's svm-train on the same rows
#     when it is installed (Debian: libsvm-tools);
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
# Standardised once (train mean, population std) so that thymos-fit and
# libsvm's svm-train see the same numbers; both solve to tol 1e-3 with 256 MB
# of kernel cache (libsvm stores floats, so its cache holds twice the rows).
"$fit" sample friedman1 --n 8000 --noise 1 --seed 0 -o "$work/friedman.csv"
python3=/usr/bin/python3
[ -x "$python3" ] || python3=python3
"$python3" "$root/test/lit/fit/Inputs/libsvm_peer.py" prepare "$work/friedman.csv" \
  "$work/friedman.csv" "$work/friedman"
peer=$(command -v svm-train || true)
if [ -n "$peer" ]; then
  echo "| n | support vectors | SMO iterations | fit s | no shrinking s | libsvm s | libsvm / fit |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
else
  echo "(svm-train not found: install libsvm-tools for the libsvm columns)"
  echo
  echo "| n | support vectors | SMO iterations | fit s | no shrinking s |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
fi
# The wall time of a whole svm-train run, reading its input included.
libsvm_seconds() {
  local start end
  start=$(date +%s.%N)
  "$peer" -s 3 -t 2 -c 10 -p 0.1 -g 0.1 -e 0.001 -m 256 "$1" "$work/libsvm.model" > /dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
for n in 250 500 1000 2000 4000 8000; do
  args=(svr --train "$work/friedman.train.csv" --rows "$n" --kernel rbf --C 10 --epsilon 0.1
        --gamma 0.1 --quiet)
  plain=$(timed fit_seconds "$fit" "${args[@]}" --no-shrinking)
  s=$(timed fit_seconds "$fit" "${args[@]}")
  row="| $n | $(value support_vectors "$work/out.txt") | $(value iterations "$work/out.txt") |"
  row+=" $(g3 "$s") | $(g3 "$plain") |"
  if [ -n "$peer" ]; then
    head -n "$n" "$work/friedman.train.svm" > "$work/subset.svm"
    l=$(for _ in $(seq "$repeats"); do libsvm_seconds "$work/subset.svm"; done | median)
    row+=" $(g3 "$l") | $(awk -v a="$l" -v b="$s" 'BEGIN { printf "%.2f", a / b }') |"
  fi
  echo "$row"
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
