#!/usr/bin/env bash
# Classical models as Thymos graphs: each is fitted by thymos-fit, written as
# a .thy module, compiled by thymosc and evaluated by thymos-run on held-out
# data. Prints `demo.metric = value` lines (docs/classical-ml.md says what
# each one shows).
#   examples/classical/demos.sh [DATA_DIR]
# DATA_DIR defaults to $THYMOS_DATA, else ../shared/data beside the checkout.
# Without moons.csv there, a stand-in with the same generator parameters
# (500 points, noise 0.1) is generated.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-${THYMOS_DATA:-"$here/../../../shared/data"}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in thymos-fit thymosc thymos-run; do
  command -v "$tool" >/dev/null || { echo "classical demos: $tool is not on PATH" >&2; exit 1; }
done
for f in diabetes.train.csv diabetes.test.csv; do
  [ -f "$data/$f" ] || { echo "classical demos: $data/$f not found" >&2; exit 1; }
done

# `key = value` from a thymos-fit summary file; a scalar from thymos-run's printout.
value() { sed -n "s/^$1 = //p" "$2"; }
scalar() { sed -n "s/^%$1: f64\[\] = //p"; }
first3() { echo "[$(head -n 3 "$1" | paste -sd, - | sed 's/,/, /g')]"; }

# --- Regression on diabetes: X and y standardised with the train statistics;
# the graphs map predictions back to the target's units.
train="$data/diabetes.train.csv" test="$data/diabetes.test.csv"
rows=$(($(wc -l < "$test") - 1))
regression() { # NAME COMMAND ARGS...: fit, compile, evaluate on the test file
  local name=$1 command=$2
  shift 2
  thymos-fit "$command" --train "$train" --standardize --batch "$rows" "$@" \
    -o "$work/$name.thy" > "$work/$name.txt" 2> "$work/$name.log"
  thymosc "$work/$name.thy" -o "$work/$name.plan"
  thymos-run "$work/$name.plan" --entry evaluate --input "x=$test#0:-1" --input "y=$test#-1" \
    --output "y_hat=$work/$name.pred.csv" > "$work/$name.eval"
}
for kernel in rbf linear; do
  if [ $kernel = rbf ]; then params="--kernel rbf --C 10 --epsilon 0.1 --gamma 0.1"
  else params="--kernel linear --C 1 --epsilon 0.1"; fi
  regression "svr_$kernel" svr $params
  echo "svr_$kernel.support_vectors = $(value support_vectors "$work/svr_$kernel.txt")"
  echo "svr_$kernel.b = $(value b "$work/svr_$kernel.txt")"
  echo "svr_$kernel.smo_iterations = $(value iterations "$work/svr_$kernel.txt")"
  echo "svr_$kernel.test_r2 = $(scalar r2 < "$work/svr_$kernel.eval")"
  echo "svr_$kernel.test_mse = $(scalar mse < "$work/svr_$kernel.eval")"
  echo "svr_$kernel.first_predictions = $(first3 "$work/svr_$kernel.pred.csv")"
done
regression lssvr lssvr --gamma 10 --sigma2 10
echo "lssvr.b = $(value b "$work/lssvr.txt")"
echo "lssvr.test_r2 = $(scalar r2 < "$work/lssvr.eval")"
echo "lssvr.test_mse = $(scalar mse < "$work/lssvr.eval")"
echo "lssvr.first_predictions = $(first3 "$work/lssvr.pred.csv")"

# --- p-Laplacian learning on two moons: the first 5 rows of each class are
# labelled (±1), accuracy of sign(u) over the other 490, from the compiled graph.
moons="$data/moons.csv"
if [ ! -f "$moons" ]; then
  echo "classical demos: $moons not found; using a generated stand-in" >&2
  moons="$work/moons.csv"
  thymos-fit sample moons --n 500 --noise 0.1 --seed 0 -o "$moons"
fi
awk -F, 'NR == 1 { print; next } seen[$NF]++ >= 5' "$moons" > "$work/unlabelled.csv"
unlabelled=$(($(wc -l < "$work/unlabelled.csv") - 1))
for p in 2 3 4; do
  name="plap_p$p"
  thymos-fit plap --data "$moons" --labelled-per-class 5 --classify --p "$p" \
    --batch "$unlabelled" -o "$work/$name.thy" > "$work/$name.txt" 2> "$work/$name.log"
  thymosc "$work/$name.thy" -o "$work/$name.plan"
  out=$(thymos-run "$work/$name.plan" --entry evaluate --input "x=$work/unlabelled.csv#0:-1" \
    --input "y=$work/unlabelled.csv#-1" --output "label=$work/$name.labels.csv")
  echo "$name.accuracy = $(echo "$out" | scalar accuracy)"
  echo "$name.energy = $(value energy "$work/$name.txt")"
  echo "$name.grad_norm = $(value grad_norm "$work/$name.txt")"
  echo "$name.newton_iterations = $(value iterations "$work/$name.txt")"
done

# --- Why p > 2 with few labels: n uniform points in the unit square, u = 0
# at (0.25, 0.5) and u = 1 at (0.75, 0.5). As n grows the p = 2 solution
# flattens towards a constant with spikes at the labels: its spread over the
# unlabelled points shrinks, slowly (a point has zero capacity in 2-D, and
# the k = 10 graph approaches that limit logarithmically). p = 4 > d keeps
# the profile between the labels. Spreads are means over three samples.
for n in 500 2000 8000; do
  for p in 2 4; do
    for seed in 1 2 3; do
      thymos-fit sample uniform --n "$n" --seed "$seed" -o "$work/points.csv"
      { echo "x0,x1,target"; echo "0.25,0.5,0"; echo "0.75,0.5,1"; tail -n +2 "$work/points.csv"; } \
        > "$work/square.csv"
      thymos-fit plap --data "$work/square.csv" --p "$p" --quiet > "$work/square.txt"
      value u_std "$work/square.txt"
    done > "$work/spreads.txt"
    echo "uniform_p${p}_n$n.u_std = $(awk '{ s += $1 } END { printf "%.4f", s / NR }' "$work/spreads.txt")"
  done
done
