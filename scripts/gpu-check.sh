#!/usr/bin/env bash
# Everything the CUDA backend needs a GPU for, in one run on a machine with
# an NVIDIA GPU (CI has none: there these checks skip, visibly).
#
#   scripts/gpu-check.sh [BUILD_DIR]        (default build/release; built if missing)
#
# 1. the device, driver and toolkit, recorded with every figure;
# 2. ctest -L cuda (every emitted kernel compiles with NVRTC);
# 3. every CUDA plan against the CPU plan of the same module, on random
#    inputs (test/cuda/gpu_compare.py: the examples, synthetic llama models
#    in q4_0, q8_0 and f32, stories260K);
# 4. stories260K's greedy tokens from the CUDA plan against the CPU plan's;
# 5. decode and prefill tok/s of a TinyLlama-shaped q4_0 model, CPU and GPU.
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

echo "## Decode and prefill, TinyLlama-shaped q4_0 (dim 2048, 22 layers)"
"$build/bin/thymos-gguf" synth-llama -o "$work/tiny.gguf" --dim 2048 --layers 22 --heads 32 \
  --kv-heads 4 --ffn 5632 --vocab 32000 --type q4_0 --seed 1 >/dev/null
"$build/bin/thymos-gguf" import "$work/tiny.gguf" -o "$work/tiny.thy" >/dev/null
"$build/bin/thymosc" "$work/tiny.thy" -o "$work/tiny.cpu.plan"
"$build/bin/thymosc" "$work/tiny.thy" --target=cuda --cuda-arch="$arch" -o "$work/tiny.cuda.plan"
ids=$(awk 'BEGIN { s = "1"; for (i = 1; i < 128; ++i) s = s " " (300 + (i * 7) % 200); print s }')
for side in cpu cuda; do
  printf '%-5s ' "$side"
  "$build/bin/thymos-generate" --plan "$work/tiny.$side.plan" --prompt-ids "$ids" -n 64 -b 128 \
    --temp 0 --ignore-eos -t "$(nproc)" --json 2>/dev/null |
    python3 -c "import json,sys; t = json.load(sys.stdin)['timings']; \
print('prefill %.1f tok/s, decode %.1f tok/s' % (t['prompt_tok_s'], t['decode_tok_s']))" ||
    status=1
done
exit $status
