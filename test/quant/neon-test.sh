#!/usr/bin/env bash
# Cross-compiles runtime/quant/ and IsaAgreementMain.cpp for aarch64 and runs
# the result under qemu-aarch64, twice: on qemu's default CPU (which has the
# dotprod extension, so the sdot path runs) and on a Cortex-A53 (baseline
# ARMv8, the widening path). Exits 77, which ctest reports as skipped, when
# the cross compiler or qemu is missing (scripts/install-deps.sh installs both).
# Usage: neon-test.sh SOURCE_DIR WORK_DIR
set -eu
src=$1
work=$2
cxx=${THYMOS_AARCH64_CXX:-aarch64-linux-gnu-g++}
for tool in "$cxx" qemu-aarch64; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found (install g++-aarch64-linux-gnu and qemu-user)"
    exit 77
  fi
done
mkdir -p "$work"
flags=(-std=c++17 -O2 -Wall -Wextra -Werror -I "$src")
# Only the sdot file is built for ARMv8.2, as in runtime/quant/CMakeLists.txt.
"$cxx" "${flags[@]}" -march=armv8.2-a+dotprod -c "$src/runtime/quant/DotNeonDotprod.cpp" \
  -o "$work/DotNeonDotprod.o"
sources=()
for f in "$src"/runtime/quant/*.cpp; do
  [[ $f == */DotNeonDotprod.cpp ]] || sources+=("$f")
done
"$cxx" -static "${flags[@]}" "$src/test/quant/IsaAgreementMain.cpp" "${sources[@]}" \
  "$work/DotNeonDotprod.o" -o "$work/isa-agreement-aarch64"
echo "== qemu-aarch64 (default CPU, dotprod)"
qemu-aarch64 "$work/isa-agreement-aarch64"
echo "== qemu-aarch64 -cpu cortex-a53 (baseline ARMv8)"
qemu-aarch64 -cpu cortex-a53 "$work/isa-agreement-aarch64"
