#!/usr/bin/env bash
# Cross-compiles runtime/quant/ with IsaAgreementMain.cpp, and with the
# K-quant tests (KQuantTest.cpp, Catch2), for aarch64 and runs both under
# qemu-aarch64, twice: on qemu's default CPU (which has the dotprod
# extension, so the sdot paths run) and on a Cortex-A53 (baseline ARMv8, the
# widening paths). Catch2 is header-only: its catch2/ folder is taken from
# CATCH2_INCLUDE_DIR (default /usr/include), and the K-quant tests are left
# out, with a note, where it is missing. Exits 77, which ctest reports as
# skipped, when the cross compiler or qemu is missing
# (scripts/install-deps.sh installs both).
# Usage: neon-test.sh SOURCE_DIR WORK_DIR [CATCH2_INCLUDE_DIR]
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
catch_include=${3:-/usr/include}
flags=(-std=c++17 -O2 -Wall -Wextra -Wshadow -Werror -I "$src")
# runtime/quant compiled once for both programs; only the sdot files are
# built for ARMv8.2, as in runtime/quant/CMakeLists.txt.
objects=()
for f in "$src"/runtime/quant/*.cpp; do
  object=$work/$(basename "$f" .cpp).o
  if [[ $f == *NeonDotprod.cpp ]]; then
    "$cxx" "${flags[@]}" -march=armv8.2-a+dotprod -c "$f" -o "$object"
  else
    "$cxx" "${flags[@]}" -c "$f" -o "$object"
  fi
  objects+=("$object")
done
"$cxx" -static "${flags[@]}" "$src/test/quant/IsaAgreementMain.cpp" "${objects[@]}" \
  -o "$work/isa-agreement-aarch64"
programs=("$work/isa-agreement-aarch64")
if [[ -f $catch_include/catch2/catch.hpp ]]; then
  # Only Catch2's folder on the include path: the host's other headers must
  # not shadow the cross compiler's.
  mkdir -p "$work/catch-include"
  ln -sfn "$catch_include/catch2" "$work/catch-include/catch2"
  catch=(-isystem "$work/catch-include")
  # Catch2's runner takes most of the compile time and never changes: kept.
  [[ -f $work/CatchMain.o ]] ||
    "$cxx" -std=c++17 -O1 "${catch[@]}" -c "$src/test/CatchMain.cpp" -o "$work/CatchMain.o"
  "$cxx" -static "${flags[@]}" "${catch[@]}" "$src/test/quant/KQuantTest.cpp" "${objects[@]}" \
    "$work/CatchMain.o" -o "$work/kquant-tests-aarch64"
  programs+=("$work/kquant-tests-aarch64")
else
  echo "--   KQuantTest.cpp left out: no $catch_include/catch2/catch.hpp"
fi
for program in "${programs[@]}"; do
  echo "== $(basename "$program") on qemu-aarch64 (default CPU, dotprod)"
  qemu-aarch64 "$program"
  echo "== $(basename "$program") on qemu-aarch64 -cpu cortex-a53 (baseline ARMv8)"
  qemu-aarch64 -cpu cortex-a53 "$program"
done
