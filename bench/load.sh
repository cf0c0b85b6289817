#!/usr/bin/env bash
# Load time and peak memory, Thymos against llama.cpp, for one GGUF model and
# context: the time from start to the first generated token and the peak RSS
# of a run that evaluates a one-token prompt and generates one token, and
# Thymos's plan load alone, with the default checks and with --verify-weights.
# Runs interleave; the table shows medians.
#
#   bench/load.sh MODEL.gguf LLAMA_BIN_DIR [RUNS] [CONTEXT]   (defaults 5, 2048)
#
# LLAMA_BIN_DIR holds llama.cpp's llama-completion (built from its source:
# cmake --build BUILD --target llama-completion). The model is compiled with
# thymos-gguf import + thymosc into a temporary folder first (not timed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${THYMOS_BIN:-$here/../build/release/bin}
model=${1:?usage: bench/load.sh MODEL.gguf LLAMA_BIN_DIR [RUNS] [CONTEXT]}
peer=${2:?usage: bench/load.sh MODEL.gguf LLAMA_BIN_DIR [RUNS] [CONTEXT]}/llama-completion
runs=${3:-5}
context=${4:-2048}
[ -x "$peer" ] || { echo "load.sh: $peer not found" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/thymos-gguf" import "$(realpath "$model")" -o "$work/m.thy" -c "$context" > /dev/null
"$bin/thymosc" "$work/m.thy" -o "$work/m.plan"

# "wall_s rss_kib" of a command.
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1; cat "$work/time"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for ((i = 0; i < runs; ++i)); do
  measure "$bin/thymos-generate" --plan "$work/m.plan" -p Hello -n 1 -t 2 >> "$work/ours"
  measure "$peer" -m "$model" -p Hello -n 1 -t 2 -c "$context" -no-cnv --no-warmup >> "$work/peer"
  measure "$bin/thymos-run" "$work/m.plan" --list >> "$work/plan"
  measure "$bin/thymos-run" "$work/m.plan" --list --verify-weights >> "$work/verify"
done
col() { awk -v c="$1" '{ print $c }' "$2" | median; }
echo "model: $(basename "$model") ($(du -h "$model" | cut -f1)), context $context, $runs runs, median"
echo
echo "| what | Thymos s | llama.cpp s | ratio | Thymos peak RSS MiB | llama.cpp peak RSS MiB | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
awk -v ot="$(col 1 "$work/ours")" -v pt="$(col 1 "$work/peer")" -v om="$(col 2 "$work/ours")" \
  -v pm="$(col 2 "$work/peer")" 'BEGIN { printf "| start to first token | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f |\n",
  ot, pt, ot / pt, om / 1024, pm / 1024, om / pm }'
echo
echo "| Thymos plan load (thymos-run --list) | s | peak RSS MiB |"
echo "|---|---:|---:|"
awk -v t="$(col 1 "$work/plan")" -v m="$(col 2 "$work/plan")" \
  'BEGIN { printf "| default checks (size, header, sampled windows) | %.2f | %.0f |\n", t, m / 1024 }'
awk -v t="$(col 1 "$work/verify")" -v m="$(col 2 "$work/verify")" \
  'BEGIN { printf "| --verify-weights (every weight hashed) | %.2f | %.0f |\n", t, m / 1024 }'
