#!/bin/sh
# install-and-build.sh: the SDK works from an install prefix alone.
#
#   install-and-build.sh CMAKE BUILD_DIR SOURCE_DIR FILECHECK CXX GENERATOR
#
# 1. cmake --install BUILD_DIR into a fresh temporary prefix, and check that
#    the runtime's C header compiles from it alone;
# 2. copy examples/plugins out of the source tree and build it with
#    find_package(Thymos) seeing only that prefix;
# 3. check that every Thymos header the plugin compiled against came from the
#    prefix, none from the source or build tree;
# 4. run the INSTALLED thymosc with the new plugin and check its output with
#    the CHECK lines of test/lit/plugins/strip-mul-by-one.thy.
set -eu
cmake=$1 build=$2 src=$3 filecheck=$4 cxx=$5 generator=$6

work=$(mktemp -d "${TMPDIR:-/tmp}/thymos-sdk.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install-and-build: $*" >&2; exit 1; }

echo "== install into $prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install failed"; }
for f in bin/thymosc include/thymos/ir/Module.h include/thymos/ir/OpKinds.h.inc \
         include/thymos/passes/PassPlugin.h include/thymos/Version.h \
         lib/cmake/Thymos/ThymosConfig.cmake lib/cmake/Thymos/ThymosConfigVersion.cmake \
         include/thymos/thymos_runtime.h include/thymos/thymos_common.h \
         include/thymos/thymos_dtype.h lib/pkgconfig/thymos-runtime.pc; do
  [ -e "$prefix/$f" ] || fail "the install lacks $f"
done
# The runtime's C header compiles as C99 with the prefix as its only path.
echo '#include <thymos/thymos_runtime.h>' |
  "$cxx" -x c -std=c99 -pedantic -Wall -Werror -fsyntax-only -I "$prefix/include" - ||
  fail "the installed <thymos/thymos_runtime.h> does not compile on its own"

echo "== configure and build examples/plugins against the prefix only"
mkdir "$work/src"
cp "$src"/examples/plugins/*.cpp "$src"/examples/plugins/*.h \
   "$src"/examples/plugins/CMakeLists.txt "$work/src/"
"$cmake" -S "$work/src" -B "$work/build" -G "$generator" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
"$cmake" --build "$work/build"

thymos_dir=$(sed -n 's/^Thymos_DIR:PATH=//p' "$work/build/CMakeCache.txt")
[ "$thymos_dir" = "$prefix/lib/cmake/Thymos" ] ||
  fail "find_package(Thymos) found '$thymos_dir', not the prefix"

echo "== check where the plugin's headers came from"
# Every header each object was compiled from, as the compiler reported it.
deps=$work/deps.txt
if [ -f "$work/build/build.ninja" ]; then
  make_program=$(sed -n 's/^CMAKE_MAKE_PROGRAM:FILEPATH=//p' "$work/build/CMakeCache.txt")
  "$make_program" -C "$work/build" -t deps > "$deps"
else
  find "$work/build" -name '*.o.d' -exec cat {} + > "$deps"
fi
grep -q "$prefix/include/thymos/passes/Pass.h" "$deps" ||
  fail "the plugin did not include passes/Pass.h from the prefix"
if grep -e "$src/" -e "$build/" "$deps"; then
  fail "the plugin included the files above from the source or build tree"
fi
echo "$(grep -c "$prefix/include/thymos/" "$deps") Thymos header uses, all from the prefix"

plugin=$(find "$work/build" -name '*ThymosExamplePasses*' -type f | head -n 1)
[ -n "$plugin" ] || fail "no plugin library was built"

echo "== run the installed thymosc with $plugin"
input=$src/test/lit/plugins/strip-mul-by-one.thy
"$prefix/bin/thymosc" "$input" --load-pass-plugin="$plugin" \
  --passes=strip-mul-by-one,verify --emit=thy > "$work/out.thy"
"$filecheck" "$input" < "$work/out.thy"
"$prefix/bin/thymosc" "$input" --load-pass-plugin="$plugin" \
  --passes=report-cost --emit=none 2> "$work/cost.txt"
grep -q "report-cost @scale" "$work/cost.txt" ||
  { cat "$work/cost.txt"; fail "report-cost printed no table"; }
echo "install-and-build: OK"
