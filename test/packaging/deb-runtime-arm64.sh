#!/bin/sh
# deb-runtime-arm64.sh: the runtime alone, cross-built for aarch64 with
# cmake/toolchains/aarch64-linux-gnu.cmake, packaged as thymos-runtime for
# arm64, depends on libc6 and libstdc++6 alone.
#
#   deb-runtime-arm64.sh CMAKE CPACK SOURCE_DIR WORK_DIR LAUNCHER VERSION
#
# 1. configure and build the runtime-only build in WORK_DIR/build with the
#    options of test/cross/aarch64-runtime.sh (which shares the directory);
# 2. cpack -G DEB: thymos-runtime_VERSION_arm64.deb;
# 3. dpkg-deb -c lists thymos-run, thymos-generate and the versioned shared
#    runtime, and no header, static library or unversioned .so (those are
#    for building programs, not for a board);
# 4. dpkg-deb -f Depends is libc6 and libstdc++6, and every NEEDED entry of
#    the unpacked binaries is a library of those two packages (libgcc_s, its
#    unwinder, comes with libstdc++6, which depends on libgcc-s1);
# 5. where qemu-aarch64 is installed, the unpacked thymos-run prints VERSION.
# Exits 77 (skipped) where the cross compiler or dpkg-deb is missing.
set -eu
cmake=$1 cpack=$2 src=$3 work=$4 launcher=$5 version=$6
fail() { echo "deb-runtime-arm64: $*" >&2; exit 1; }
for tool in aarch64-linux-gnu-g++ dpkg-deb readelf; do
  command -v $tool > /dev/null || {
    echo "SKIP: $tool not found (install g++-aarch64-linux-gnu, dpkg-dev, binutils)"; exit 77; }
done
build=$work/build
mkdir -p "$work"

echo "== cross-build the runtime for aarch64 in $build"
"$cmake" -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTHYMOS_RUNTIME_ONLY=ON \
  -DTHYMOS_RUNTIME_SHARED=ON \
  -DTHYMOS_WERROR=ON -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/aarch64-linux-gnu.cmake" \
  ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > "$work/deb-configure.log" 2>&1 ||
  { cat "$work/deb-configure.log"; fail "the aarch64 configure failed"; }
"$cmake" --build "$build" -j2 > "$work/deb-build.log" 2>&1 ||
  { cat "$work/deb-build.log"; fail "the aarch64 build failed"; }
rm -rf "$work/packages"
(cd "$build" && "$cpack" -G DEB -B "$work/packages") > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$work/packages/thymos-runtime_${version}_arm64.deb
[ -f "$deb" ] || { ls "$work/packages"; fail "cpack made no $(basename "$deb")"; }

echo "== contents"
dpkg-deb -c "$deb" | awk '{ print $6 }' | grep '[^/]$' | sort > "$work/contents.txt"
cat "$work/contents.txt"
major_minor=${version%.*}
for f in bin/thymos-run bin/thymos-generate "lib/libthymos_runtime.so.$major_minor"; do
  grep -qx "./usr/$f" "$work/contents.txt" || fail "thymos-runtime lacks /usr/$f"
done
if grep -e '\.h$' -e '\.a$' -e '\.so$' -e '\.pc$' "$work/contents.txt"; then
  fail "thymos-runtime holds the development files above"
fi

echo "== dependencies"
[ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] || fail "the package is not for arm64"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package is not version $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
[ "$(echo "$depends" | sed 's/ *([^)]*)//g')" = "libc6, libstdc++6" ] ||
  fail "thymos-runtime must depend on libc6 and libstdc++6 alone"
root=$work/root
rm -rf "$root"
dpkg-deb -x "$deb" "$root"
for exe in "$root"/usr/bin/* "$root"/usr/lib/libthymos_runtime.so.*; do
  [ -L "$exe" ] && continue
  readelf -h "$exe" | grep -q "Machine: *AArch64" || fail "$exe is not an aarch64 binary"
  for lib in $(readelf -d "$exe" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    case $lib in
      libc.so.6|libm.so.6|ld-linux-aarch64.so.1) ;;   # libc6
      libstdc++.so.6|libgcc_s.so.1) ;;                # libstdc++6 (and its libgcc-s1)
      *) fail "$exe needs $lib, which neither libc6 nor libstdc++6 provides" ;;
    esac
  done
done

if command -v qemu-aarch64 > /dev/null; then
  out=$(QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 "$root/usr/bin/thymos-run" --version)
  [ "$out" = "thymos-run (Thymos) $version" ] || fail "the unpacked thymos-run says '$out'"
  echo "$out (under qemu-aarch64)"
fi
echo "deb-runtime-arm64: OK"
