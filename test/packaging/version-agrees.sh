#!/bin/sh
# version-agrees.sh: the one version of Thymos, project(thymos VERSION ...) in
# the top-level CMakeLists.txt, is the version every artefact reports.
#
#   version-agrees.sh VERSION BUILD_DIR SOURCE_DIR TOOL...
#
# Checks: each TOOL's --version; the CMake package (ThymosConfigVersion.cmake);
# both pkg-config files; the version of the Debian packages (CPackConfig.cmake;
# test deb-packages reads the .deb files themselves); the producer version
# that thymosc writes into a plan, as thymos-run --dump prints it.
set -eu
version=$1 build=$2 src=$3
shift 3
fail() { echo "version-agrees: $*" >&2; exit 1; }
check() { # WHAT GOT
  [ "$2" = "$version" ] || fail "$1 says '$2', not $version"
  echo "$1: $2"
}
thymosc='' thymos_run=''
for tool in "$@"; do
  name=$(basename "$tool")
  line=$("$tool" --version | head -n 1)
  [ "$line" = "$name (Thymos) ${line##* }" ] || fail "$name --version prints '$line'"
  check "$name --version" "${line##* }"
  case $name in thymosc) thymosc=$tool ;; thymos-run) thymos_run=$tool ;; esac
done
check ThymosConfigVersion.cmake \
  "$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/cmake/ThymosConfigVersion.cmake")"
for pc in "$build"/pkgconfig/*.pc; do
  check "$(basename "$pc")" "$(sed -n 's/^Version: //p' "$pc")"
done
check "the .deb packages" \
  "$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")"
work=$(mktemp -d "${TMPDIR:-/tmp}/thymos-version.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$thymosc" "$src/examples/linreg.thy" -o "$work/linreg.plan"
producer=$("$thymos_run" --dump "$work/linreg.plan" | sed -n 's/.*, producer \([0-9.]*\)$/\1/p')
check "the plan's producer version" "$producer"
