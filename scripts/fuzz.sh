#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ for a given time each and reports, per
# target, the executions, coverage (cov: edges, ft: features), corpus size and
# findings. See docs/security.md.
#
#   scripts/fuzz.sh                      every target, 60 s each
#   scripts/fuzz.sh -t 600 thy compile   two targets, 10 minutes each
#   scripts/fuzz.sh -p 2 -t 600          two targets at a time
#
# Everything goes under the work directory (default build/fuzz-work, ignored
# by git): seeds/<target> (rebuilt each run from examples/ and the test
# fixtures), corpus/<target> (kept between runs, so coverage accumulates),
# findings/<target> (crash-*, timeout-*, oom-*, leak-* inputs), logs/<target>.log.
# A finding is reproduced with `build/fuzz/bin/thymos-fuzz-<target> FILE`;
# it becomes a regression test by copying it to test/fuzz-regressions/<target>/.
# Exit status: 0 when no target found anything, 1 otherwise, 2 on bad usage.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

seconds=60
parallel=1
build=build/fuzz
work=build/fuzz-work
configure=1
usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: -t SECONDS  -p PARALLEL  -b BUILD_DIR  -w WORK_DIR  -n (do not build)"
  echo "targets: thy compile plan npy csv gguf (default: all that are built)"
}
while getopts "t:p:b:w:nh" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    p) parallel=$OPTARG ;;
    b) build=$OPTARG ;;
    w) work=$OPTARG ;;
    n) configure=0 ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $seconds =~ ^[0-9]+$ && $parallel =~ ^[1-9][0-9]*$ ]] || { usage >&2; exit 2; }

if ((configure)); then
  if [[ $build == build/fuzz ]]; then
    cmake --preset fuzz > /dev/null
  fi
  cmake --build "$build" -j 2 --target thymos-fuzzers thymosc
fi
bin=$build/bin
[[ -x $bin/thymosc ]] || { echo "fuzz.sh: $bin/thymosc is missing (build first)" >&2; exit 2; }

targets=("$@")
if ((${#targets[@]} == 0)); then
  for t in thy compile plan npy csv gguf; do
    [[ -x $bin/thymos-fuzz-$t ]] && targets+=("$t")
  done
fi
for t in "${targets[@]}"; do
  [[ -x $bin/thymos-fuzz-$t ]] || { echo "fuzz.sh: no fuzz target '$t' in $bin" >&2; exit 2; }
done

# --- Seeds ------------------------------------------------------------------
# Rebuilt every time: they are inputs, not results. The regression corpus is
# always part of them, so fuzzing starts from every known finding.
seeds=$work/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$work/logs"
thy_files=$(find examples test/lit -name '*.thy' | sort)
copy_seeds() { # target, files...
  local dir=$seeds/$1
  shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done
}
copy_seeds thy $thy_files test/fuzz-regressions/thy/*
copy_seeds compile $thy_files test/fuzz-regressions/compile/*
# Plans: every .thy that compiles, compiled by this build's thymosc.
mkdir -p "$seeds/plan"
for f in $thy_files; do
  "$bin/thymosc" "$f" -o "$seeds/plan/$(echo "$f" | tr / _).plan" > /dev/null 2>&1 ||
    rm -f "$seeds/plan/$(echo "$f" | tr / _).plan"
done
copy_seeds plan test/fuzz-regressions/plan/*
# A large seed raises libFuzzer's input size limit for the whole run and
# slows every execution; the small plans cover the same record kinds.
find "$seeds/plan" -type f -size +64k -delete
copy_seeds npy test/io/fixtures/*.npy test/fuzz-regressions/npy/*
csv_files=$(find test/io/fixtures test/fuzz-regressions/csv -name '*.csv' -o -name '*.txt' | sort)
copy_seeds csv $csv_files
# The datasets' first lines, where ../shared is present.
for f in ../shared/data/*.csv; do
  head -n 5 "$f" > "$seeds/csv/$(basename "$f")"
done
gguf_files=$(find test/gguf test/fuzz-regressions/gguf -type f 2> /dev/null | sort || true)
copy_seeds gguf $gguf_files

# The .thy dictionary plus every op name of ir/Ops.td.
cp fuzz/thy.dict "$work/thy.dict"
grep -oE 'Op<"[a-z_0-9]+"' ir/Ops.td | sed -E 's/Op<"(.*)"/op_\1="\1 "/' >> "$work/thy.dict"
dict_for() {
  case $1 in
    thy | compile) echo "-dict=$work/thy.dict" ;;
    npy) echo "-dict=fuzz/npy.dict" ;;
    csv) echo "-dict=fuzz/csv.dict" ;;
    gguf) [[ -f fuzz/gguf.dict ]] && echo "-dict=fuzz/gguf.dict" ;;
  esac
}

# --- Runs -------------------------------------------------------------------
run_one() { # target
  local t=$1
  mkdir -p "$work/corpus/$t" "$work/findings/$t"
  # In-process (no -jobs): the run stops at the first finding, which is
  # saved under findings/ and reported below.
  "$bin/thymos-fuzz-$t" "$work/corpus/$t" "$seeds/$t" $(dict_for "$t") \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/findings/$t/" > "$work/logs/$t.log" 2>&1 || true
}
echo "fuzzing ${targets[*]} for $seconds s each, $parallel at a time; logs in $work/logs"
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if ((running >= parallel)); then
    wait -n
    running=$((running - 1))
  fi
done
wait

# --- Report -----------------------------------------------------------------
status=0
printf '%-8s %8s %12s %8s %8s %8s %9s  %s\n' target seconds execs exec/s cov ft corpus findings
for t in "${targets[@]}"; do
  log=$work/logs/$t.log
  # The last status line: "#123456 DONE cov: 1234 ft: 5678 corp: 90/12Kb ...".
  line=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
  [[ -n $execs ]] || execs=$(echo "$line" | sed -nE 's/^#([0-9]+).*/\1/p')
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -n 1)
  secs=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log" | tail -n 1)
  cov=$(echo "$line" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$line" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  corpus=$(find "$work/corpus/$t" -type f | wc -l)
  found=$(find "$work/findings/$t" -type f | wc -l)
  names=$(find "$work/findings/$t" -type f -printf '%f ' | head -c 200)
  ((found == 0)) || status=1
  printf '%-8s %8s %12s %8s %8s %8s %9s  %s\n' "$t" "${secs:--}" "${execs:--}" "${rate:--}" \
    "${cov:--}" "${ft:--}" "$corpus" "$found${names:+ ($names)}"
done
exit $status
