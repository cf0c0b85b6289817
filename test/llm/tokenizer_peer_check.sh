#!/usr/bin/env bash
# Tokenizes test/llm/tokenizer-strings.json with llama.cpp (node-llama-cpp)
# for each vocabulary, then runs the [peer] tests of thymos-llm-tests against
# those fresh results instead of the committed *.expected files. Skips
# (exit 77, with the reason) without node, node-llama-cpp or ../shared.
#
#   tokenizer_peer_check.sh LLM_TESTS TOKENIZE_MJS STRINGS_JSON WORK_DIR SHARED_DIR
set -u
tests=$1 script=$2 strings=$3 work=$4 shared=$5

if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed"
  exit 77
fi
if [ ! -d "$(dirname "$script")/node_modules/node-llama-cpp" ]; then
  echo "SKIPPED: node-llama-cpp is not installed (run scripts/install-llama-peer.sh)"
  exit 77
fi
if [ ! -d "$shared" ]; then
  echo "SKIPPED: $shared is absent"
  exit 77
fi
mkdir -p "$work"
for vocab in tokenizers/ggml-vocab-llama-spm tokenizers/ggml-vocab-phi-3 models/stories260K-f32 \
    tokenizers/ggml-vocab-gpt-2 tokenizers/ggml-vocab-mpt tokenizers/ggml-vocab-starcoder \
    tokenizers/ggml-vocab-refact tokenizers/ggml-vocab-falcon tokenizers/ggml-vocab-deepseek-coder \
    tokenizers/ggml-vocab-deepseek-llm; do
  node "$script" "$shared/$vocab.gguf" "$strings" "$work/$(basename "$vocab").expected" 2>"$work/node.log" ||
    { cat "$work/node.log"; echo "FAIL: llama.cpp could not tokenize with $vocab.gguf"; exit 1; }
done
specials=$(dirname "$strings")/tokenizer-special-strings.json
for name in gpt-2 phi-3 llama-spm starcoder; do
  node "$script" "$shared/tokenizers/ggml-vocab-$name.gguf" "$specials" \
    "$work/special-ggml-vocab-$name.expected" --special 2>"$work/node.log" ||
    { cat "$work/node.log"; echo "FAIL: llama.cpp could not tokenize with $name (special)"; exit 1; }
done
THYMOS_TOKENIZER_EXPECTED_DIR="$work" "$tests" "[peer]" --success 2>&1 | grep -E "match llama.cpp|passed|failed|FAILED" 
exit "${PIPESTATUS[0]}"
