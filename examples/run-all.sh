#!/usr/bin/env bash
# The main job: compile every example with thymosc (printing it verified), then
# run the demos (examples/demos.sh) with the freshly built tools.
#   examples/run-all.sh [BUILD_DIR]    (default: build/release)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-"$here/../build/release"}" 2>/dev/null && pwd) || {
  echo "run-all: build folder ${1:-build/release} not found; build first" >&2; exit 1; }
[ -x "$build/bin/thymosc" ] || { echo "run-all: $build/bin/thymosc not found; build first" >&2; exit 1; }
export PATH="$build/bin:$PATH"

failed=0 count=0
while IFS= read -r f; do
  count=$((count + 1))
  echo "=== ${f#"$here"/}"
  thymosc "$f" --emit=thy || failed=$((failed + 1))
done < <(find "$here" -name '*.thy' | sort)
echo "=== $((count - failed)) of $count examples verified"
[ "$failed" -eq 0 ] || exit 1

echo "=== demos"
"$here/demos.sh"

echo "=== weights used in place from a GGUF file (examples/gguf)"
"$here/gguf/run.sh" || exit 1

echo "=== text generation from a GGUF llama model (examples/llm)"
"$here/llm/run.sh" || exit 1

echo "=== C API examples (examples/c)"
shared="$here/../../shared/data"
if [ -f "$shared/diabetes.train.csv" ]; then
  thymos-example-linreg "$shared/diabetes.train.csv" "$shared/diabetes.test.csv" || exit 1
else
  echo "(../shared/data not found: linreg on generated data)"
  thymos-example-linreg || exit 1
fi
plan=$(mktemp) && trap 'rm -f "$plan"' EXIT
thymosc "$here/mlp.thy" -o "$plan" && thymos-example-embed-plan "$plan" || exit 1
