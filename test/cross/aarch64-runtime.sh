#!/bin/sh
# aarch64-runtime.sh: the runtime cross-built for aarch64 runs plans compiled
# on this x86 host (plans are portable) and gives the x86 results.
#
#   aarch64-runtime.sh CMAKE SOURCE_DIR WORK_DIR LAUNCHER THYMOS_GGUF THYMOSC THYMOS_GENERATE
#                      PYTHON (with NumPy)
#
# 1. configure SOURCE_DIR into WORK_DIR/build with the runtime-only build and
#    cmake/toolchains/aarch64-linux-gnu.cmake (kept between runs, so a rerun
#    only rebuilds what changed) and build thymos-run and thymos-generate;
#    check that they are aarch64 binaries that need libc and the C++ runtime
#    alone;
# 2. stories260K (when ../shared is there), compiled here: 32 greedy tokens
#    under qemu-aarch64 equal the x86 ones, and every logit is within 1e-5
#    of its row's scale (f32 matmuls sum in each ISA's order; measured:
#    4e-7);
# 3. a synthetic Q4_0 llama model: the NEON kernels are the ones in use, and
#    their logits equal the portable scalar kernels' on aarch64 bit for bit
#    (x86 and aarch64 quantize activations with ggml's per-platform inverse
#    scale, 127/amax against 1/(amax/127), as llama.cpp does, so quantized
#    models' logits are compared within a platform);
# 4. a synthetic Q8_0 model: 32 greedy tokens equal the x86 ones.
# Exits 77 (skipped) where the cross compiler or qemu-aarch64 is missing
# (scripts/install-deps.sh installs both).
set -eu
cmake=$1 src=$2 work=$3 launcher=$4 gguf=$5 thymosc=$6 generate=$7 python=$8
fail() { echo "aarch64-runtime: $*" >&2; exit 1; }
for tool in aarch64-linux-gnu-g++ qemu-aarch64; do
  command -v "$tool" > /dev/null || {
    echo "SKIP: $tool not found (install g++-aarch64-linux-gnu and qemu-user)"; exit 77; }
done

build=$work/build
mkdir -p "$work"
echo "== cross-build the runtime for aarch64 in $build"
"$cmake" -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHYMOS_RUNTIME_ONLY=ON \
  -DTHYMOS_WERROR=ON -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-linux-gnu.cmake" \
  ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "the aarch64 configure failed"; }
"$cmake" --build "$build" -j2 --target thymos-run thymos-generate > "$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "the aarch64 build failed"; }
arm_generate=$build/bin/thymos-generate
for exe in "$build/bin/thymos-run" "$arm_generate"; do
  readelf -h "$exe" | grep -q "Machine: *AArch64" || fail "$exe is not an aarch64 binary"
  needed=$(readelf -d "$exe" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
  for lib in $needed; do
    case $lib in
      libc.so.6|libm.so.6|libstdc++.so.6|libgcc_s.so.1|ld-linux-aarch64.so.1) ;;
      *) fail "$exe needs $lib (only libc and the C++ runtime are allowed)" ;;
    esac
  done
  echo "$(basename "$exe"): aarch64, needs $needed"
done
qemu() { QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 "$@"; }

# generated_ids and quant_kernels of a --json run.
field() { sed -n "s/.*\"$1\": \(\[[^]]*\]\|\"[^\"]*\"\).*/\1/p" "$2"; }
ids="1 300 301 302 303 304 305 306 307 308 309 310 311 312 313 314 315 316 317 318 319 320"
run_both() { # NAME PLAN ARGS...: x86 and aarch64 runs, JSON and logits in $work
  name=$1 plan=$2
  shift 2
  "$generate" --plan "$plan" "$@" --temp 0 --json --logits-out "$work/$name.x86.npy" \
    > "$work/$name.x86.json" || fail "$name: the x86 run failed"
  qemu "$arm_generate" --plan "$plan" "$@" --temp 0 --json --logits-out "$work/$name.arm.npy" \
    > "$work/$name.arm.json" || fail "$name: the aarch64 run failed"
}

stories=$src/../shared/models/stories260K-f32.gguf
if [ -f "$stories" ]; then
  echo "== stories260K: tokens and logits, x86 and aarch64"
  "$gguf" import "$stories" -o "$work/stories.thy" > /dev/null
  "$thymosc" "$work/stories.thy" -o "$work/stories.plan"
  run_both stories "$work/stories.plan" -p "Once upon a time" -n 32
  x86=$(field generated_ids "$work/stories.x86.json")
  arm=$(field generated_ids "$work/stories.arm.json")
  [ -n "$x86" ] && [ "$x86" = "$arm" ] || fail "stories260K tokens differ: x86 $x86, aarch64 $arm"
  "$python" - "$work/stories.x86.npy" "$work/stories.arm.npy" <<'PY' || fail "stories260K logits differ"
import sys
import numpy as np
a, b = (np.load(p).astype(np.float64) for p in sys.argv[1:3])
error = float((np.abs(a - b).max(axis=1) / np.maximum(1.0, np.abs(a).max(axis=1))).max())
print("logits: largest difference %.2g of a row's scale (tolerance 1e-5)" % error)
sys.exit(not (a.shape == b.shape and error <= 1e-5))
PY
  echo "tokens $x86 equal"
else
  echo "SKIP (stories260K): ../shared/models is not there"
fi

synth() { # TYPE: a small synthetic llama model of that type, compiled here
  "$gguf" synth-llama -o "$work/synth-$1.gguf" --dim 256 --layers 2 --heads 8 --kv-heads 4 \
    --ffn 512 --vocab 512 --type "$1" --seed 3 > /dev/null
  "$gguf" import "$work/synth-$1.gguf" -o "$work/synth-$1.thy" > /dev/null
  "$thymosc" "$work/synth-$1.thy" -o "$work/synth-$1.plan"
}

echo "== synthetic Q4_0: the NEON kernels against the scalar ones, on aarch64"
synth q4_0
qemu "$arm_generate" --plan "$work/synth-q4_0.plan" --prompt-ids "$ids" -n 32 --temp 0 \
  --ignore-eos --json --logits-out "$work/q4_0.neon.npy" > "$work/q4_0.neon.json"
kernels=$(field quant_kernels "$work/q4_0.neon.json")
case $kernels in
  '"neon'*) ;;
  *) fail "the aarch64 run used the $kernels kernels, not NEON" ;;
esac
THYMOS_QUANT_ISA=scalar qemu "$arm_generate" --plan "$work/synth-q4_0.plan" --prompt-ids "$ids" \
  -n 32 --temp 0 --ignore-eos --json --logits-out "$work/q4_0.scalar.npy" > /dev/null
cmp "$work/q4_0.neon.npy" "$work/q4_0.scalar.npy" ||
  fail "Q4_0 logits of the $kernels kernels differ from the scalar kernels'"
echo "$kernels kernels: every logit equals the scalar kernels'"

echo "== synthetic Q8_0: tokens, x86 and aarch64"
synth q8_0
run_both q8_0 "$work/synth-q8_0.plan" --prompt-ids "$ids" -n 32 --ignore-eos
x86=$(field generated_ids "$work/q8_0.x86.json")
arm=$(field generated_ids "$work/q8_0.arm.json")
[ -n "$x86" ] && [ "$x86" = "$arm" ] || fail "Q8_0 tokens differ: x86 $x86, aarch64 $arm"
echo "tokens $x86 equal"
echo "aarch64-runtime: ok"
