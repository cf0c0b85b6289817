#!/usr/bin/env bash
# Text generation speed, thymos-generate against llama.cpp, in one run: prefill
# (prompt) and decode tok/s and peak RSS, at 1 and 2 threads, on stories260K
# (../shared/models) and the synthetic llama of dim 512, 8 layers, 8 heads,
# 4 KV heads, ffn 1408, vocab 32000 in f32, q8_0 and q4_0, and in Q4_K_M
# (llama.cpp's mix of Q4_K and Q6_K; ffn 1536, whole super-blocks); with
# --models naming `tiny` or `tiny-q4_k_m`, also a llama of TinyLlama-1.1B's
# shape (dim 2048, 22 layers, 32 heads, 4 KV heads, ffn 5632, vocab 32000) in
# q4_0 (620 MB) or Q4_K_M (670 MB), written to a temporary directory. Each measurement is one fresh process; ours and
# llama.cpp's alternate, REPEATS times, and the table shows medians. Ratios
# above 1 mean Thymos is faster. "decode GB/s" is the weight bytes a decode
# step reads (every tensor but the token embedding, of which it reads one
# row, unless that is the output matrix too) times Thymos's decode tok/s.
#
#   bench/generate.sh [--llama-bench PATH] [--repeats N] [--prompt P] [--gen G] [--models LIST]
#
# The peer is node-llama-cpp (tools/llama-peer/bench.mjs; install it with
# scripts/install-llama-peer.sh) or, with --llama-bench, a llama-bench built
# outside the project. Build dir: $BUILD_DIR or build/release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/release}
repeats=3 prompt=128 gen=64 llama_bench="" models="stories f32 q8_0 q4_0 q4_k_m"
while [ $# -gt 0 ]; do
  case $1 in
    --llama-bench) llama_bench=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --prompt) prompt=$2; shift 2 ;;
    --gen) gen=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "generate.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
  esac
done
gen_tool="$build/bin/thymos-generate" gguf_tool="$build/bin/thymos-gguf"
for t in "$gen_tool" "$gguf_tool"; do
  [ -x "$t" ] || { echo "generate.sh: $t not found; build first" >&2; exit 1; }
done
if [ -n "$llama_bench" ]; then
  [ -x "$llama_bench" ] || { echo "generate.sh: $llama_bench is not executable" >&2; exit 1; }
  peer_name="llama-bench"
elif [ -d "$root/tools/llama-peer/node_modules/node-llama-cpp" ] && command -v node >/dev/null; then
  peer_name="llama.cpp (node-llama-cpp)"
else
  echo "generate.sh: no peer: install node-llama-cpp (scripts/install-llama-peer.sh) or give --llama-bench PATH" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

model_path() {
  case $1 in
    stories) echo "$root/../shared/models/stories260K-f32.gguf" ;;
    tiny|tiny-q4_k_m) local type=${1#tiny-}; [ "$type" = tiny ] && type=q4_0
       local m="$work/synth-tiny-$type.gguf"
       [ -f "$m" ] || "$gguf_tool" synth-llama -o "$m" --dim 2048 --layers 22 --heads 32 \
         --kv-heads 4 --ffn 5632 --vocab 32000 --type "$type" --seed 1 >&2
       echo "$m" ;;
    q4_k_m) local m="$work/synth-q4_k_m.gguf"
       [ -f "$m" ] || "$gguf_tool" synth-llama -o "$m" --dim 512 --layers 8 --heads 8 \
         --kv-heads 4 --ffn 1536 --vocab 32000 --type q4_k_m --seed 1 >&2
       echo "$m" ;;
    *) local m="$work/synth-$1.gguf"
       [ -f "$m" ] || "$gguf_tool" synth-llama -o "$m" --dim 512 --layers 8 --heads 8 \
         --kv-heads 4 --ffn 1408 --vocab 32000 --type "$1" --seed 1 >&2
       echo "$m" ;;
  esac
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "nan") }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# A prompt of P ids that every vocabulary has (BOS, then ordinary tokens).
ids=$(awk -v p="$prompt" 'BEGIN { s = "1"; for (i = 1; i < p; ++i) s = s " " (300 + (i * 7) % 200); print s }')

# The weight bytes one decode step reads.
step_bytes() {
  "$gguf_tool" inspect --json "$1" | /usr/bin/python3 -c "import json, sys; \
    t = json.load(sys.stdin)['tensors']; names = {x['name'] for x in t}; \
    print(sum(x['bytes'] for x in t if x['name'] != 'token_embd.weight' or 'output.weight' not in names))"
}
# One run of ours: "prefill_tok_s decode_tok_s peak_rss_kb".
ours() {
  /usr/bin/time -f "%M" -o "$work/rss" "$gen_tool" -m "$1" -t "$2" -b "$prompt" -c $((prompt + gen)) \
    --prompt-ids "$ids" -n "$gen" --ignore-eos --temp 0 --json > "$work/ours.json"
  /usr/bin/python3 -c "import json,sys; t = json.load(open(sys.argv[1]))['timings']; \
    print(t['prompt_tok_s'], t['decode_tok_s'], open(sys.argv[2]).read().strip())" \
    "$work/ours.json" "$work/rss"
}
# One run of the peer, the same shape.
peer() {
  if [ -n "$llama_bench" ]; then
    # Decode after the prompt (-d), as ours does: attention then reads
    # prompt + i keys, not i.
    /usr/bin/time -f "%M" -o "$work/rss" "$llama_bench" -m "$1" -t "$2" -p "$prompt" -n 0 \
      -r 1 -o json > "$work/peer.json" 2>/dev/null
    /usr/bin/time -f "%M" -o "$work/rss2" "$llama_bench" -m "$1" -t "$2" -p 0 -n "$gen" \
      -d "$prompt" -r 1 -o json > "$work/peer2.json" 2>/dev/null
    /usr/bin/python3 -c "import json,sys; a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2])); \
      rss = max(int(open(f).read()) for f in sys.argv[3:]); \
      print(a[0]['avg_ts'], b[0]['avg_ts'], rss)" \
      "$work/peer.json" "$work/peer2.json" "$work/rss" "$work/rss2"
  else
    /usr/bin/time -f "%M" -o "$work/rss" node "$root/tools/llama-peer/bench.mjs" "$1" --threads "$2" \
      --prompt-tokens "$prompt" --gen-tokens "$gen" --repeats 1 > "$work/peer.json" 2>/dev/null
    /usr/bin/python3 -c "import json,sys; r = json.loads(open(sys.argv[1]).read().splitlines()[-1]); \
      print(r['prefill_tok_s'], r['decode_tok_s'], open(sys.argv[2]).read().strip())" \
      "$work/peer.json" "$work/rss"
  fi
}

echo "## Text generation: Thymos against $peer_name"
echo
echo "Prompt $prompt tokens, $gen generated (greedy), medians of $repeats interleaved runs;"
echo "ratio = Thymos / peer tok/s (above 1: Thymos is faster). Peak RSS of the whole process."
echo
echo "| model | threads | prefill tok/s | peer | ratio | decode tok/s | peer | ratio | decode GB/s | peak RSS MiB | peer |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in $models; do
  model=$(model_path "$name")
  [ -f "$model" ] || { echo "| $name | (model not found) |"; continue; }
  bytes=$(step_bytes "$model")
  for threads in 1 2; do
    : > "$work/ours.txt"; : > "$work/peer.txt"
    for _ in $(seq "$repeats"); do
      ours "$model" "$threads" >> "$work/ours.txt"
      peer "$model" "$threads" >> "$work/peer.txt"
    done
    col() { awk -v c="$1" '{ print $c }' "$2" | median; }
    op=$(col 1 "$work/ours.txt") od=$(col 2 "$work/ours.txt") orss=$(col 3 "$work/ours.txt")
    pp=$(col 1 "$work/peer.txt") pd=$(col 2 "$work/peer.txt") prss=$(col 3 "$work/peer.txt")
    case $name in
      stories) label="stories260K f32" ;;
      tiny) label="synth 1.1B q4_0" ;;
      tiny-q4_k_m) label="synth 1.1B Q4_K_M" ;;
      q4_k_m) label="synth 40M Q4_K_M" ;;
      *) label="synth 40M $name" ;;
    esac
    printf "| %s | %s | %.0f | %.0f | %s | %.1f | %.1f | %s | %.1f | %.0f | %.0f |\n" "$label" "$threads" \
      "$op" "$pp" "$(ratio "$op" "$pp")" "$od" "$pd" "$(ratio "$od" "$pd")" \
      "$(awk -v b="$bytes" -v t="$od" 'BEGIN { print b * t / 1e9 }')" \
      "$(awk -v k="$orss" 'BEGIN { print k / 1024 }')" "$(awk -v k="$prss" 'BEGIN { print k / 1024 }')"
  done
done
