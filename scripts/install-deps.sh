#!/usr/bin/env bash
# Installs the Debian 12 packages Thymos builds and tests with, skipping those
# already present. Runs apt-get as root, or through sudo otherwise.
set -euo pipefail

packages=(
  cmake ninja-build g++ python3   # build
  llvm-14-dev llvm-14-tools       # LLVM Support + TableGen; lit and FileCheck
  libfmt-dev catch2               # formatting; unit tests
  python3-numpy                   # tests: NumPy reads the .npy files we write
  g++-aarch64-linux-gnu qemu-user # tests: NEON kernels cross-compiled, run under qemu
  libsvm-tools                    # tests: libsvm's svm-train, an independent SVR solver
  help2man                        # man pages from the tools' --help
  dpkg-dev pkg-config             # tests: Debian packages (dpkg-shlibdeps), the SDK via pkg-config
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
