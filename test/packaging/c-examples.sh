#!/bin/sh
# c-examples.sh: a C program outside the tree builds against the installed
# SDK alone, with CMake and with pkg-config.
#
#   c-examples.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR CC
#
# 1. cmake --install BUILD_DIR into WORK_DIR/prefix (emptied first) and check
#    the C API's part of the layout;
# 2. copy every examples/c/*.c out of the tree and build each with
#    find_package(Thymos COMPONENTS capi runtime), seeing only the prefix: a
#    file that includes <thymos/thymos.h> links Thymos::capi, any other
#    Thymos::runtime;
# 3. build each again with `cc` and pkg-config alone (thymos or
#    thymos-runtime, by the same rule), searching only the prefix;
# 4. run both builds: builder programs without arguments, runtime programs
#    on examples/linreg.thy compiled by the installed thymosc.
set -eu
cmake=$1 build=$2 src=$3 work=$4 generator=$5 cc=$6
fail() { echo "c-examples: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/src"
prefix=$work/prefix

echo "== install into $prefix"
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install failed"; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
for f in include/thymos/thymos.h include/thymos/thymos_ops.h include/thymos/thymos_common.h \
         include/thymos/thymos_dtype.h include/thymos/thymos_runtime.h \
         "$libdir/libthymos.so" "$libdir/libthymos_runtime.so" "$libdir/libthymos_runtime.a" \
         "$libdir/cmake/Thymos/ThymosTargets.cmake" "$libdir/pkgconfig/thymos.pc" \
         "$libdir/pkgconfig/thymos-runtime.pc"; do
  [ -e "$prefix/$f" ] || fail "the install lacks $f"
done
"$prefix/bin/thymosc" "$src/examples/linreg.thy" -o "$work/linreg.plan"

cp "$src"/examples/c/*.c "$work/src/"
uses_builder() { grep -q '#include <thymos/thymos.h>' "$1"; }
run() { # EXE SOURCE: runs one example as the header says
  if uses_builder "$2"; then "$1"; else "$1" "$work/linreg.plan"; fi > "$1.out" 2>&1 ||
    { cat "$1.out"; fail "$1 failed"; }
  echo "$(basename "$1"): ran, $(wc -l < "$1.out") lines of output"
}

echo "== build examples/c with find_package(Thymos)"
cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(thymos_c_examples C)
find_package(Thymos REQUIRED COMPONENTS capi runtime)
file(GLOB examples ${CMAKE_CURRENT_SOURCE_DIR}/*.c)
foreach(example IN LISTS examples)
  get_filename_component(name ${example} NAME_WE)
  add_executable(${name} ${example})
  file(READ ${example} text)
  if(text MATCHES "#include <thymos/thymos.h>")
    target_link_libraries(${name} PRIVATE Thymos::capi)
  else()
    target_link_libraries(${name} PRIVATE Thymos::runtime)
  endif()
  set_target_properties(${name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_compile_options(${name} PRIVATE -Wall -Wextra -Werror -pedantic)
endforeach()
CMAKE
"$cmake" -S "$work/src" -B "$work/cmake-build" -G "$generator" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF > "$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log"; fail "configuring against the prefix failed"; }
thymos_dir=$(sed -n 's/^Thymos_DIR:PATH=//p' "$work/cmake-build/CMakeCache.txt")
[ "$thymos_dir" = "$prefix/$libdir/cmake/Thymos" ] ||
  fail "find_package(Thymos) found '$thymos_dir', not the prefix"
"$cmake" --build "$work/cmake-build" > "$work/cmake-build.log" 2>&1 ||
  { cat "$work/cmake-build.log"; fail "building against the prefix failed"; }
for example in "$work"/src/*.c; do
  run "$work/cmake-build/$(basename "$example" .c)" "$example"
done

echo "== build examples/c with pkg-config"
command -v pkg-config > /dev/null || { echo "SKIP (pkg-config): not installed"; exit 0; }
export PKG_CONFIG_LIBDIR="$prefix/$libdir/pkgconfig"
mkdir "$work/pc-build"
for example in "$work"/src/*.c; do
  package=thymos-runtime
  uses_builder "$example" && package=thymos
  exe=$work/pc-build/$(basename "$example" .c)
  # shellcheck disable=SC2046 # pkg-config's words are meant to split
  "$cc" -std=c99 -Wall -Wextra -Werror -pedantic -o "$exe" "$example" \
    $(pkg-config --cflags --libs $package) || fail "$example does not build with pkg-config $package"
  LD_LIBRARY_PATH="$prefix/$libdir" run "$exe" "$example"
done
echo "c-examples: OK"
