#!/usr/bin/env bash
# Memory, three ways:
# 1. arena size against the lower bound (the largest total size of tensors
#    live at one step) for every graph of every example, planned greedily
#    (effort 0) and with the stronger search (effort N), side by side;
# 2. what thymos-generate --mem-report promises against the peak RSS a run
#    reaches (test/llm/mem_report_rss.py: stories260K and a synthetic model);
# 3. the planner alone (bench/planner.sh): effort EFFORT and the strongest
#    mode (PLANNER_TIME_LIMIT seconds per instance, default 10) on generated
#    instances of known optimum and, with PLANNER_INSTANCES=DIR, on every
#    lifetimes CSV there (MiniMalloc's benchmarks/challenging, for one);
# 4. with MODEL.gguf and LLAMA_BIN_DIR: time to the first token and peak RSS
#    against llama.cpp's, and the plan's load time (bench/load.sh).
#   bench/memory.sh [THYMOSC] [EFFORT] [MODEL.gguf LLAMA_BIN_DIR]
#   (defaults: build/release/bin/thymosc, 200)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
thymosc=${1:-"$here/../build/release/bin/thymosc"}
effort=${2:-200}
model=${3:-}
peer=${4:-}
[ -x "$thymosc" ] || { echo "memory.sh: $thymosc not found; build first" >&2; exit 1; }

# "@g: arena A bytes, lower bound L bytes, ratio R, ..." -> "g A L R"
stats() { "$thymosc" "$1" --emit=none --mem-stats --plan-effort="$2" 2>&1 |
  sed -n 's/^@\([^:]*\): arena \([0-9]*\) bytes, lower bound \([0-9]*\) bytes, ratio \([0-9.]*\).*/\1 \2 \3 \4/p'; }

echo "| example | graph | lower bound (bytes) | greedy arena | greedy ratio | effort $effort arena | effort $effort ratio |"
echo "|---|---|---:|---:|---:|---:|---:|"
sum_g=0 sum_s=0 n=0 max_g=0 max_s=0
while IFS= read -r f; do
  paste -d' ' <(stats "$f" 0) <(stats "$f" "$effort") |
    while read -r g a lb r _ a2 _ r2; do
      echo "| ${f#"$here/../examples/"} | @$g | $lb | $a | $r | $a2 | $r2 |"
    done
done < <(find "$here/../examples" -name '*.thy' | sort)

# Means and maxima over all graphs.
all=$(find "$here/../examples" -name '*.thy' | sort | while IFS= read -r f; do
  paste -d' ' <(stats "$f" 0) <(stats "$f" "$effort"); done)
echo "$all" | awk '{ g += $4; s += $8; n++; if ($4 > mg) mg = $4; if ($8 > ms) ms = $8 }
  END { printf "\n%d graphs: greedy mean %.4f max %.4f; effort mean %.4f max %.4f\n", n, g / n, mg, s / n, ms }'

echo
planner_args=(--time-limit "${PLANNER_TIME_LIMIT:-10}")
[ -n "${PLANNER_INSTANCES:-}" ] && planner_args+=(--instances "$PLANNER_INSTANCES")
"$here/planner.sh" "$effort" "${planner_args[@]}"

bin=$(dirname "$thymosc")
echo
echo "## --mem-report against the peak RSS of a full context"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/../test/llm/mem_report_rss.py" "$bin/thymos-generate" "$bin/thymos-gguf" \
  "$thymosc" "$here/../../shared" "$work"
if [ -n "$model" ] && [ -n "$peer" ]; then
  echo
  echo "## Load time and peak RSS against llama.cpp"
  THYMOS_BIN=$bin "$here/load.sh" "$model" "$peer"
fi
