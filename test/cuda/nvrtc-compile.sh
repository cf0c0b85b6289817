#!/usr/bin/env bash
# Every emitted CUDA kernel of every example and of the llama plans
# (stories260K when ../shared is there, and synthetic q4_0, q8_0 and f32
# models, the q4_0 one also with f16 and q8_0 K/V caches) compiles with NVRTC for sm_87 and sm_90. The examples that use f64
# cholesky, which has no CUDA lowering, must be refused with that message.
# Exits 77 (skipped) where NVRTC is missing.
#   nvrtc-compile.sh SOURCE_DIR BUILD_DIR WORK_DIR
set -u
src=$1 build=$2 work=$3
thymosc=$build/bin/thymosc gguf=$build/bin/thymos-gguf
archs=sm_87,sm_90
mkdir -p "$work"

probe=$("$thymosc" "$src/examples/mlp.thy" --target=cuda --emit=ptx --cuda-arch=sm_90 2>&1 >/dev/null)
if [[ $probe == *"NVRTC not found"* ]]; then
  echo "SKIPPED: $probe"
  exit 77
fi

failed=0 compiled=0 refused=0
check() { # name file
  local out
  if out=$("$thymosc" "$2" --target=cuda --emit=ptx --cuda-arch=$archs 2>&1 >"$work/out.ptx"); then
    local kernels
    kernels=$(grep -c '^\.visible \.entry' "$work/out.ptx")
    printf '%-36s compiled: %4d kernels for %s\n' "$1" "$((kernels / 2))" "$archs"
    compiled=$((compiled + 1))
  elif [[ $out == *"'cholesky' op cannot run on target 'cuda'"* ]]; then
    printf '%-36s refused:  %s\n' "$1" "$(echo "$out" | head -1)"
    refused=$((refused + 1))
  else
    printf '%-36s FAILED\n%s\n' "$1" "$out"
    failed=$((failed + 1))
  fi
}

for f in $(cd "$src/examples" && find . -name '*.thy' | sort); do
  f=${f#./}
  case $f in gguf/*) continue ;; esac # needs a model file made by its run.sh
  check "examples/$f" "$src/examples/$f"
done

stories=$src/../shared/models/stories260K-f32.gguf
if [ -f "$stories" ]; then
  "$gguf" import "$stories" -o "$work/stories.thy" >/dev/null && check "stories260K" "$work/stories.thy"
else
  echo "stories260K                          skipped: ../shared/models is not there"
fi
for type in q4_0 q8_0 f32; do
  "$gguf" synth-llama -o "$work/synth-$type.gguf" --dim 256 --layers 2 --heads 8 --kv-heads 4 \
    --ffn 512 --vocab 512 --type $type --seed 1 >/dev/null &&
    "$gguf" import "$work/synth-$type.gguf" -o "$work/synth-$type.thy" >/dev/null &&
    check "synthetic llama $type" "$work/synth-$type.thy"
done
for cache in f16 q8_0; do
  "$gguf" import "$work/synth-q4_0.gguf" -o "$work/synth-cache-$cache.thy" --cache-type $cache \
    >/dev/null && check "synthetic llama q4_0, $cache cache" "$work/synth-cache-$cache.thy"
done

echo "compiled $compiled, refused $refused (cholesky), failed $failed"
[ $failed -eq 0 ] && [ $compiled -gt 0 ]
