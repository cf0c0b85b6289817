#!/usr/bin/env bash
# thymos-gguf quantize against llama.cpp's llama-quantize, in one run, on
# the same f32 models: stories260K (../shared/models, real weights; its rows
# of 64 are not whole K-quant super-blocks, so both quantizers fall back,
# llama.cpp to Q5_0/Q5_1, which Thymos does not have, and Thymos to Q8_0)
# and a synthetic llama of dim 512, 8 layers, ffn 1536 (seeded Gaussian
# weights). For each scheme: file size; the relative RMS error of all
# matrices against the f32 model (thymos-gguf quant-error, the same
# measure for both files); and, with --llama-perplexity, both files' outputs
# over bench/data/story.txt as llama.cpp evaluates them: perplexity over the
# f32 model's and the mean KL divergence from its next-token distributions.
# Ratios above 1 mean Thymos's file is worse.
#
#   bench/quantize.sh --llama-quantize PATH [--llama-perplexity PATH] [--schemes LIST]
#
# The llama.cpp tools are built outside the project (e.g. from its source
# with cmake --build build --target llama-quantize llama-perplexity).
# Build dir: $BUILD_DIR or build/release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/release}
quantize="" perplexity="" schemes="Q8_0 Q4_0 Q4_K_S Q4_K_M Q5_K_M Q6_K"
while [ $# -gt 0 ]; do
  case $1 in
    --llama-quantize) quantize=$2; shift 2 ;;
    --llama-perplexity) perplexity=$2; shift 2 ;;
    --schemes) schemes=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "quantize.sh: unknown argument '$1' (see --help)" >&2; exit 1 ;;
  esac
done
tool="$build/bin/thymos-gguf"
[ -x "$tool" ] || { echo "quantize.sh: $tool not found; build first" >&2; exit 1; }
[ -n "$quantize" ] && [ -x "$quantize" ] ||
  { echo "quantize.sh: give --llama-quantize PATH (an executable llama-quantize)" >&2; exit 1; }
[ -z "$perplexity" ] || [ -x "$perplexity" ] ||
  { echo "quantize.sh: $perplexity is not executable" >&2; exit 1; }
text="$root/bench/data/story.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tool" synth-llama -o "$work/synth.gguf" --dim 512 --layers 8 --heads 8 --kv-heads 4 \
  --ffn 1536 --vocab 32000 --type f32 --seed 1
models="synth"
if [ -f "$root/../shared/models/stories260K-f32.gguf" ]; then
  ln -s "$root/../shared/models/stories260K-f32.gguf" "$work/stories.gguf"
  models="stories synth"
fi

error_of() { "$tool" quant-error "$1" "$2" | awk '/^all matrices/ { print $NF }'; }
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.2f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
# "ppl kld" of a quantized file against the f32 model's saved logits.
outputs() {
  "$perplexity" -m "$1" -f "$text" -c 128 -b 128 -t 2 --kl-divergence-base "$2" \
    --kl-divergence 2>&1 | awk '/^Mean PPL\(Q\) / { p = $4 } /^Mean +KLD:/ { k = $3 }
                                END { print p, k }'
}

echo "## Quantizing: thymos-gguf quantize against llama.cpp's llama-quantize"
echo
echo "Relative RMS error of all matrices against the f32 model; ratio = Thymos / llama.cpp"
echo "(above 1: Thymos's file is further from the f32 model)."
if [ -n "$perplexity" ]; then
  echo "Outputs over bench/data/story.txt as llama.cpp evaluates each file (context 128):"
  echo "perplexity, and the mean KL divergence of the next-token distributions from the f32 model's."
fi
echo
if [ -n "$perplexity" ]; then
  echo "| model | scheme | MiB | peer MiB | RMS error | peer | ratio | PPL | peer | f32 PPL | KLD | peer |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
else
  echo "| model | scheme | MiB | peer MiB | RMS error | peer | ratio |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
fi
for model in $models; do
  f32="$work/$model.gguf"
  base_ppl=""
  if [ -n "$perplexity" ]; then
    base_ppl=$("$perplexity" -m "$f32" -f "$text" -c 128 -b 128 -t 2 \
      --kl-divergence-base "$work/$model.kld" 2>&1 |
      awk '/Final estimate: PPL =/ { print $(NF - 2) }')
  fi
  for scheme in $schemes; do
    ours="$work/$model-ours.gguf" peer="$work/$model-peer.gguf"
    "$tool" quantize "$f32" "$ours" "$scheme" --quiet 2>/dev/null
    "$quantize" "$f32" "$peer" "$scheme" >/dev/null 2>&1
    eo=$(error_of "$f32" "$ours") ep=$(error_of "$f32" "$peer")
    row="| $model | $scheme | $(mib "$ours") | $(mib "$peer") | $eo | $ep | $(ratio "$eo" "$ep") |"
    if [ -n "$perplexity" ]; then
      read -r po ko < <(outputs "$ours" "$work/$model.kld")
      read -r pp kp < <(outputs "$peer" "$work/$model.kld")
      row="$row $po | $pp | $base_ppl | $ko | $kp |"
    fi
    echo "$row"
    rm -f "$ours" "$peer"
  done
done
