#!/usr/bin/env bash
# Everything the CUDA backend needs a GPU for, in one run on a machine with
# an NVIDIA GPU (CI has none: there these checks skip, visibly).
#
#   scripts/gpu-check.sh [BUILD_DIR]        (default build/release; built if missing)
#   GPU_CHECK_MODELS="tiny-q4_0 7b-q4_0 7b-q8_0" (the default) picks the
#   synthetic models of step 6; "tiny-q4_0" alone takes a few minutes less.
#
# 1. the device, driver and toolkit, recorded with every figure;
# 2. ctest -L cuda (every emitted kernel compiles with NVRTC);
# 3. every CUDA plan against the CPU plan of the same module, on random
#    inputs (test/cuda/gpu_compare.py: the examples, synthetic llama models
#    in q4_0, q8_0 and f32, prefill GEMMs through cuBLAS, stories260K);
# 4. stories260K's greedy tokens from the CUDA plan against the CPU plan's;
# 5. the device-to-device copy bandwidth (bench/cuda);
# 6. per synthetic model (TinyLlama-shaped q4_0; 7B-shaped q4_0 and q8_0:
#    dim 4096, 32 layers, 32 heads, 8 KV heads, ffn 14336): prefill of 512
#    tokens (cuBLAS) and decode tok/s, decode weight bytes per second as a
#    share of the copy bandwidth, and decode without CUDA graphs.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

echo "## Device"
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader ||
  echo "(no nvidia-smi)"
arch=sm_$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d .)
[ "$arch" = "sm_" ] && arch=sm_90
echo "architecture: $arch"
ls /usr/local/cuda/lib64/libnvrtc.so* 2>/dev/null | head -1

if [ ! -x "$build/bin/thymosc" ]; then
  echo "## Build"
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j"$(nproc)") ||
    exit 1
fi

echo "## NVRTC compile test"
ctest --test-dir "$build" -R cuda-nvrtc-compile --output-on-failure || status=1

if ! python3 -c "import ctypes; ctypes.CDLL('libcuda.so.1')" 2>/dev/null; then
  echo "## No CUDA driver (libcuda.so.1): the checks that run kernels are skipped"
  exit $status
fi

echo "## CUDA plans against CPU plans"
python3 "$root/test/cuda/gpu_compare.py" "$build" "$root" "$work/compare" --cuda-arch "$arch"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 77 ] && status=1

echo "## stories260K greedy tokens, CPU plan and CUDA plan"
stories=$root/../shared/models/stories260K-f32.gguf
if [ -f "$stories" ]; then
  "$build/bin/thymos-gguf" import "$stories" -o "$work/stories.thy" >/dev/null
  "$build/bin/thymosc" "$work/stories.thy" -o "$work/stories.cpu.plan"
  "$build/bin/thymosc" "$work/stories.thy" --target=cuda --cuda-arch="$arch" -o "$work/stories.cuda.plan"
  for side in cpu cuda; do
    "$build/bin/thymos-generate" --plan "$work/stories.$side.plan" -p "Once upon a time" -n 64 \
      --temp 0 --json > "$work/$side.json" || status=1
  done
  "$build/bin/thymos-generate" -m "$stories" --device cuda -p "Once upon a time" -n 64 --temp 0 \
    --json > "$work/device.json" || status=1
  for other in cuda device; do
    python3 -c "import json,sys; a, b = (json.load(open(f))['generated_ids'] for f in sys.argv[1:3]); \
print('cpu and %s: tokens equal' % sys.argv[3] if a == b else 'TOKENS DIFFER: %s vs %s' % (a, b)); \
sys.exit(a != b)" "$work/cpu.json" "$work/$other.json" "$other" || status=1
  done
else
  echo "skipped: ../shared/models is not there"
fi

echo "## Copy bandwidth"
bandwidth=$("$build/bin/thymos-cuda-bandwidth" 1024) || status=1
echo "$bandwidth"
copy_gb_s=$(echo "$bandwidth" | python3 -c "import json,sys; print(json.load(sys.stdin)['copy_gb_s'])" \
  2>/dev/null || echo 0)

# name: dim layers heads kv-heads ffn type
declare -A shapes=(
  [tiny-q4_0]="2048 22 32 4 5632 q4_0"
  [7b-q4_0]="4096 32 32 8 14336 q4_0"
  [7b-q8_0]="4096 32 32 8 14336 q8_0"
)
ids=$(awk 'BEGIN { s = "1"; for (i = 1; i < 512; ++i) s = s " " (300 + (i * 7) % 200); print s }')
echo "## Prefill (512 tokens) and decode (128 tokens), synthetic models; copy bandwidth $copy_gb_s GB/s"
echo "| model | side | prefill tok/s | decode tok/s | decode weight GB/s | share of copy bandwidth |"
echo "|---|---|---:|---:|---:|---:|"
for model in ${GPU_CHECK_MODELS:-tiny-q4_0 7b-q4_0 7b-q8_0}; do
  read -r dim layers heads kv ffn type <<< "${shapes[$model]}"
  gguf=$work/$model.gguf
  "$build/bin/thymos-gguf" synth-llama -o "$gguf" --dim "$dim" --layers "$layers" --heads "$heads" \
    --kv-heads "$kv" --ffn "$ffn" --vocab 32000 --type "$type" --seed 1 >/dev/null || status=1
  "$build/bin/thymos-gguf" import "$gguf" -o "$work/$model.thy" -c 1024 --prefill 512 >/dev/null
  "$build/bin/thymosc" "$work/$model.thy" --target=cuda --cuda-arch="$arch" -o "$work/$model.cuda.plan" ||
    status=1
  # Decode reads every matrix once per token; the token embedding is gathered.
  weights=$("$build/bin/thymos-gguf" inspect --json "$gguf" | python3 -c "import json,sys; \
print(sum(t['bytes'] for t in json.load(sys.stdin)['tensors'] if t['name'] != 'token_embd.weight'))")
  sides="cuda cuda-nographs"
  if [ "$model" = tiny-q4_0 ]; then
    "$build/bin/thymosc" "$work/$model.thy" -o "$work/$model.cpu.plan" || status=1
    sides="cpu $sides"
  fi
  for side in $sides; do
    plan=$work/$model.${side%-nographs}.plan
    graphs=1
    [ "$side" = cuda-nographs ] && graphs=0
    THYMOS_CUDA_GRAPHS=$graphs "$build/bin/thymos-generate" --plan "$plan" --prompt-ids "$ids" \
      -n 128 -b 512 --temp 0 --ignore-eos -t "$(nproc)" --json 2>"$work/err" |
      python3 -c "import json,sys; t = json.load(sys.stdin)['timings']; w, c = float(sys.argv[1]), \
float(sys.argv[2]); g = w * t['decode_tok_s'] / 1e9; \
print('| %s | %s | %.1f | %.1f | %.1f | %s |' % (sys.argv[3], sys.argv[4], t['prompt_tok_s'], \
t['decode_tok_s'], g, '%.0f%%' % (100 * g / c) if c > 0 else '-'))" \
        "$weights" "$copy_gb_s" "$model" "$side" || { status=1; cat "$work/err"; }
  done
  rm -f "$gguf"
done
exit $status
