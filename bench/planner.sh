#!/bin/sh
# Builds the memory planner's benchmark in Release mode and prints its tables.
#   bench/planner.sh [effort] [--time-limit S] [--instances DIR] [--build DIR]
# effort defaults to 1000, the build to build/bench-planner. --time-limit adds
# the strongest mode on instances of known optimum and on every lifetimes CSV
# in DIR: for MiniMalloc's "challenging" set, DIR is benchmarks/challenging
# of a checkout of github.com/google/minimalloc (not shipped here).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/bench-planner"
args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --time-limit|--instances) args="$args $1 $2"; shift 2 ;;
    *) args="$args $1"; shift ;;
  esac
done
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target thymos-planner-bench >/dev/null
# shellcheck disable=SC2086 # word splitting of the collected arguments is intended
"$build/bin/thymos-planner-bench" $args
