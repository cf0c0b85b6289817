#!/usr/bin/env bash
# Parse and verify throughput of thymosc on generated graphs of 1,000, 10,000
# and 100,000 ops. Builds nothing: pass the thymosc to measure (a Release
# build, or the numbers mean little).
#
#   bench/parse_verify.sh [path/to/thymosc] [runs]
#
# Prints a markdown table; each time is the median of `runs` runs (default 5).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
thymosc="${1:-build/release/bin/thymosc}"
runs="${2:-5}"
sizes=(1000 10000 100000)

if [[ ! -x "$thymosc" ]]; then
  echo "error: '$thymosc' is not an executable thymosc; build one first, e.g." >&2
  echo "  cmake --preset release && cmake --build --preset release" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# median FILE COLUMN: the median of one column of a whitespace-separated file.
median() {
  sort -g -k "$2,$2" "$1" | awk -v col="$2" '{ v[NR] = $col }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "| ops | file size | parse ms | verify ms | total ms | ops/s |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  file="$tmp/graph-$n.thy"
  python3 "$here/gen_graph.py" "$n" > "$file"
  bytes=$(wc -c < "$file")
  : > "$tmp/times"
  for ((run = 0; run < runs; ++run)); do
    # --time-phases writes "parse: X ms", "verify: X ms", "total: X ms (N ops)".
    if ! "$thymosc" "$file" --emit=none --time-phases 2> "$tmp/stderr"; then
      echo "error: thymosc rejected the generated $n-op graph:" >&2
      cat "$tmp/stderr" >&2
      exit 1
    fi
    awk '$1 == "parse:" { p = $2 } $1 == "verify:" { v = $2 } $1 == "total:" { t = $2 }
         END { print p, v, t }' "$tmp/stderr" >> "$tmp/times"
  done
  parse=$(median "$tmp/times" 1)
  verify=$(median "$tmp/times" 2)
  total=$(median "$tmp/times" 3)
  awk -v n="$n" -v bytes="$bytes" -v p="$parse" -v v="$verify" -v t="$total" 'BEGIN {
    size = bytes >= 1048576 ? sprintf("%.1f MiB", bytes / 1048576) : sprintf("%.0f KiB", bytes / 1024)
    rate = t > 0 ? sprintf("%.0f", n / (t / 1000)) : "-"
    printf "| %d | %s | %.2f | %.2f | %.2f | %s |\n", n, size, p, v, t, rate
  }'
done
