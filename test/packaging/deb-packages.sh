#!/bin/sh
# deb-packages.sh: the amd64 Debian packages hold what they should, depend
# on what their programs need, and the tools run from where they unpack.
#
#   deb-packages.sh CPACK BUILD_DIR SOURCE_DIR WORK_DIR VERSION
#
# 1. cpack -G DEB in BUILD_DIR, packages into WORK_DIR (emptied first):
#    thymos and libthymos-dev, both of version VERSION;
# 2. dpkg-deb -c: each lists its files (man pages where the build made them)
#    and none of the other's;
# 3. dpkg-deb -f: Depends names the C and C++ runtimes (found by
#    dpkg-shlibdeps from the binaries);
# 4. dpkg-deb -x both into a temporary root: thymosc --version from there
#    prints VERSION, and compiles examples/linreg.thy into a plan that the
#    unpacked thymos-run reads. The tools link no library of the packages.
# Exits 77 (skipped) where dpkg-deb or dpkg-shlibdeps is missing.
set -eu
cpack=$1 build=$2 src=$3 work=$4 version=$5
fail() { echo "deb-packages: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v $tool > /dev/null || { echo "SKIP: $tool not found (apt-get install dpkg-dev)"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work"

echo "== cpack -G DEB"
(cd "$build" && "$cpack" -G DEB -B "$work/packages") > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
tools=$work/packages/thymos_${version}_amd64.deb
dev=$work/packages/libthymos-dev_${version}_amd64.deb
for deb in "$tools" "$dev"; do
  [ -f "$deb" ] || { ls "$work/packages"; fail "cpack made no $(basename "$deb")"; }
  [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$deb is not version $version"
done

echo "== contents"
dpkg-deb -c "$tools" | awk '{ print $6 }' > "$work/tools.txt"
dpkg-deb -c "$dev" | awk '{ print $6 }' > "$work/dev.txt"
expect() { # LIST FILE...: each FILE is in the package's LIST
  list=$1
  shift
  for f in "$@"; do grep -qx "./usr/$f" "$list" || fail "$(basename "$list" .txt) lacks /usr/$f"; done
}
tools_files="bin/thymosc bin/thymos-run bin/thymos-plan bin/thymos-gguf bin/thymos-generate
  bin/thymos-fit share/bash-completion/completions/thymosc
  share/bash-completion/completions/thymos-generate"
# shellcheck disable=SC2086 # the lists are meant to split
expect "$work/tools.txt" $tools_files
if [ -d "$build/share/man/man1" ]; then
  expect "$work/tools.txt" share/man/man1/thymosc.1.gz share/man/man1/thymos-run.1.gz \
    share/man/man1/thymos-generate.1.gz share/man/man1/thymos-fit.1.gz
else
  echo "(the build has no man pages: help2man was missing at configure time)"
fi
expect "$work/dev.txt" include/thymos/thymos.h include/thymos/thymos_ops.h \
  include/thymos/thymos_runtime.h include/thymos/thymos_common.h include/thymos/thymos_dtype.h \
  include/thymos/ir/Module.h include/thymos/passes/PassPlugin.h lib/libthymos.so \
  lib/libthymos_runtime.a lib/libthymos_runtime.so lib/cmake/Thymos/ThymosConfig.cmake \
  lib/cmake/Thymos/ThymosConfigVersion.cmake lib/cmake/Thymos/ThymosTargets.cmake \
  lib/pkgconfig/thymos.pc lib/pkgconfig/thymos-runtime.pc
if grep -e '^\./usr/include' -e '^\./usr/lib' "$work/tools.txt"; then
  fail "thymos holds the development files above"
fi
if grep -e '^\./usr/bin/.' -e '^\./usr/share/man/.' "$work/dev.txt"; then
  fail "libthymos-dev holds the programs above"
fi
echo "thymos: $(grep -c '[^/]$' "$work/tools.txt") files; libthymos-dev: $(grep -c '[^/]$' "$work/dev.txt") files"

echo "== dependencies"
for deb in "$tools" "$dev"; do
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "$(basename "$deb"): Depends: $depends"
  for package in libc6 libstdc++6; do
    echo "$depends" | grep -q "\(^\|, \)$package\( (\|,\|$\)" ||
      fail "$(basename "$deb") does not depend on $package"
  done
done

echo "== the unpacked tools run"
root=$work/root
dpkg-deb -x "$tools" "$root"
dpkg-deb -x "$dev" "$root"
out=$("$root/usr/bin/thymosc" --version | head -n 1)
[ "$out" = "thymosc (Thymos) $version" ] || fail "the unpacked thymosc says '$out'"
echo "$out"
"$root/usr/bin/thymosc" "$src/examples/linreg.thy" -o "$work/linreg.plan"
"$root/usr/bin/thymos-run" --dump "$work/linreg.plan" | grep -q "producer $version" ||
  fail "the unpacked thymos-run cannot read the plan of the unpacked thymosc"
echo "deb-packages: OK"
