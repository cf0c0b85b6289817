#!/bin/sh
# llm_capi_check.sh: <thymos/thymos_llm.h> on a real model. Imports
# ../shared/models/stories260K-f32.gguf with a 256-token context, compiles it,
# then runs llm_api_test in one mode. Skips (exit 77, with the reason)
# without ../shared.
#
#   llm_capi_check.sh generate SHARED WORK THYMOS_GGUF THYMOSC LLM_API_TEST THYMOS_GENERATE
#     24 greedy tokens after "Once upon a time" from C must be the ids and
#     the text of `thymos-generate --temp 0 --json`.
#   llm_capi_check.sh errors SHARED WORK THYMOS_GGUF THYMOSC LLM_API_TEST OTHER_PLAN [RUNNER...]
#     the error paths; RUNNER (valgrind and its options, say) runs the test.
#   llm_capi_check.sh run SHARED WORK THYMOS_GGUF THYMOSC PROGRAM -
#     PROGRAM MODEL.plan (llm_alloc_test).
set -eu
mode=$1 shared=$2 work=$3 gguf=$4 thymosc=$5 test=$6 extra=$7
shift 7
fail() { echo "FAIL: $*" >&2; exit 1; }

model=$shared/models/stories260K-f32.gguf
if [ ! -f "$model" ]; then
  echo "SKIPPED: $model is absent"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
"$gguf" import "$model" -o "$work/stories.thy" -c 256
"$thymosc" "$work/stories.thy" -o "$work/stories.plan"

if [ "$mode" = run ]; then
  exec "$test" "$work/stories.plan"
fi
if [ "$mode" = errors ]; then
  exec "$@" "$test" errors "$work/stories.plan" "$extra"
fi

prompt="Once upon a time"
"$test" generate "$work/stories.plan" "$prompt" 24 > "$work/c.txt" ||
  fail "llm_api_test generate failed"
"$extra" --plan "$work/stories.plan" -p "$prompt" -n 24 --temp 0 --json > "$work/generate.json" ||
  fail "thymos-generate failed"
# The system python has json (any python does); print ids and text as the
# C program does.
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
"$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(str(i) for i in r["generated_ids"]))
print(r["text"])' "$work/generate.json" > "$work/expected.txt"
if ! cmp -s "$work/expected.txt" "$work/c.txt"; then
  echo "thymos-generate:"; cat "$work/expected.txt"
  echo "the C API:"; cat "$work/c.txt"
  fail "the C API generated other tokens than thymos-generate"
fi
echo "the C API and thymos-generate agree on 24 tokens:"
cat "$work/c.txt"
