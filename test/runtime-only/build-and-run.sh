#!/bin/sh
# build-and-run.sh: the runtime builds alone and runs what the compiler made.
#
#   build-and-run.sh CMAKE SOURCE_DIR WORK_DIR GENERATOR CXX LAUNCHER THYMOSC THYMOS_RUN
#
# 1. configure SOURCE_DIR into WORK_DIR/build (emptied first) with
#    -DTHYMOS_RUNTIME_ONLY=ON, find_package(LLVM, fmt, Catch2) disabled and
#    `false` as the C compiler, so that any dependency on them (or on the C
#    language) fails the configure; build everything it
#    defines (the runtime libraries, static and shared, and thymos-run);
# 2. check that neither that thymos-run nor the full build's (THYMOS_RUN)
#    holds a symbol of LLVM or fmt;
# 3. install it into WORK_DIR/prefix and check the layout: thymos-run, the
#    libraries, the C headers, thymos-runtime.pc, and no compiler headers;
# 4. compile examples/linreg.thy with the full build's thymosc and run the
#    plan with the full build's thymos-run and the installed runtime-only
#    one, on the same inputs: outputs, printouts and --dump must be identical;
# 5. build examples/c/embed_plan.c against the prefix with pkg-config alone
#    (when a C compiler and pkg-config are there) and run it on the plan.
# LAUNCHER may be empty (no compiler launcher such as ccache).
set -eu
cmake=$1 src=$2 work=$3 generator=$4 cxx=$5 launcher=$6 thymosc=$7 full_run=$8
fail() { echo "runtime-only-build: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
build=$work/build prefix=$work/prefix

echo "== configure and build the runtime alone in $build"
"$cmake" -S "$src" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} \
  -DCMAKE_C_COMPILER=false \
  -DTHYMOS_RUNTIME_ONLY=ON -DTHYMOS_RUNTIME_SHARED=ON -DTHYMOS_WERROR=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_LLVM=ON -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON --no-warn-unused-cli > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "the runtime-only configure failed"; }
"$cmake" --build "$build" -j2 > "$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "the runtime-only build failed"; }
if grep -q "thymos-tblgen" "$work/build.log"; then
  fail "the runtime-only build ran thymos-tblgen"
fi

echo "== no LLVM or fmt symbols in thymos-run"
if command -v nm > /dev/null; then
  for exe in "$build/bin/thymos-run" "$full_run"; do
    if nm -C "$exe" | grep -E ' (llvm|fmt)::' | head -n 5 | grep .; then
      fail "$exe holds the LLVM or fmt symbols above"
    fi
  done
else
  echo "(nm not found: symbol check skipped)"
fi

echo "== install into $prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install failed"; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
for f in bin/thymos-run "$libdir/libthymos_runtime.a" "$libdir/libthymos_runtime.so" \
         include/thymos/thymos_runtime.h include/thymos/thymos_llm.h include/thymos/thymos_common.h \
         include/thymos/thymos_dtype.h "$libdir/pkgconfig/thymos-runtime.pc"; do
  [ -e "$prefix/$f" ] || fail "the install lacks $f"
done
for f in bin/thymosc include/thymos/ir include/thymos/passes "$libdir/cmake/Thymos"; do
  [ ! -e "$prefix/$f" ] || fail "a runtime-only install holds the compiler's $f"
done

echo "== run examples/linreg.thy with both thymos-run binaries"
"$thymosc" "$src/examples/linreg.thy" -o "$work/linreg.plan"
# y = x·w + b with x[r][c] = 4r + c, w = [1, 2, 3, 4]ᵀ, b = 0.5.
awk 'BEGIN { for (r = 0; r < 64; ++r) print 4*r ", " 4*r+1 ", " 4*r+2 ", " 4*r+3 }' \
  > "$work/x.csv"
printf '1\n2\n3\n4\n' > "$work/w.csv"
printf '0.5\n' > "$work/b.csv"
for which in full alone; do
  if [ $which = full ]; then run=$full_run; else run=$prefix/bin/thymos-run; fi
  "$run" "$work/linreg.plan" --input "x=$work/x.csv" --input "w=$work/w.csv" \
    --input "b=$work/b.csv" --output "y=$work/y.$which.npy" > "$work/out.$which.txt"
  "$run" "$work/linreg.plan" --input "x=$work/x.csv" --input "w=$work/w.csv" \
    --input "b=$work/b.csv" >> "$work/out.$which.txt"
  "$run" --dump "$work/linreg.plan" >> "$work/out.$which.txt"
done
cmp "$work/y.full.npy" "$work/y.alone.npy" || fail "the two thymos-run wrote different y"
cmp "$work/out.full.txt" "$work/out.alone.txt" || fail "the two thymos-run printed differently"
grep -q '2540.5' "$work/out.alone.txt" || { cat "$work/out.alone.txt"; fail "y is wrong"; }

if command -v cc > /dev/null && command -v pkg-config > /dev/null; then
  echo "== build examples/c/embed_plan.c against the prefix with pkg-config"
  export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
  # shellcheck disable=SC2046 # pkg-config's words are meant to split
  cc -std=c99 -Wall -Werror -o "$work/embed_plan" "$src/examples/c/embed_plan.c" \
    $(pkg-config --cflags --libs thymos-runtime)
  LD_LIBRARY_PATH="$prefix/$libdir" "$work/embed_plan" "$work/linreg.plan" > "$work/embed.txt" ||
    { cat "$work/embed.txt"; fail "embed_plan failed on the plan"; }
fi
echo "runtime-only-build: OK"
