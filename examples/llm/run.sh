#!/usr/bin/env bash
# Text from a real llama model: stories260K (../shared/models), imported as a
# .thy module, compiled and run by thymos-generate, greedy, then sampled with
# a seed. Prints the text and the speed summary. Needs the tools on PATH
# (examples/run-all.sh puts them there).
#   examples/llm/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
model="$here/../../../shared/models/stories260K-f32.gguf"
if [ ! -f "$model" ]; then
  echo "(../shared/models/stories260K-f32.gguf not found: skipping text generation)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "--- thymos-generate -m stories260K-f32.gguf -p \"Once upon a time\" -n 64 --temp 0"
thymos-generate -m "$model" -p "Once upon a time" -n 64 --temp 0

echo "--- the same through the compiler path: import, thymosc, --plan (sampled, seed 7)"
ln -s "$model" "$work/stories260K.gguf"
thymos-gguf import "$work/stories260K.gguf" -o "$work/stories260K.thy" -c 512
thymosc "$work/stories260K.thy" -o "$work/stories260K.plan"
thymos-generate --plan "$work/stories260K.plan" -p "Lily and Tom went to the park" -n 64 \
  --temp 0.8 --seed 7
