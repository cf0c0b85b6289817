#!/usr/bin/env bash
# llama.cpp as an independent reader: it must load what `thymos-gguf
# synth-llama` writes (f32, f16, q8_0, q4_0), count the same parameters as
# `thymos-gguf inspect`, and generate tokens; and it must continue the shared
# stories260K model as llama2.c documents. Skips (exit 77, with the reason)
# when node or node-llama-cpp is missing: scripts/install-llama-peer.sh.
#
#   llama_peer_check.sh THYMOS_GGUF LOAD_MJS WORK_DIR [SHARED_DIR]
set -u
tool=$1 load=$2 work=$3 shared=${4:-}

if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed"
  exit 77
fi
if [ ! -d "$(dirname "$load")/node_modules/node-llama-cpp" ]; then
  echo "SKIPPED: node-llama-cpp is not installed (run scripts/install-llama-peer.sh)"
  exit 77
fi
mkdir -p "$work"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The file's parameter count as thymos-gguf reads it.
elements() { "$tool" inspect --json "$1" | sed -n 's/.*"tensor_elements": \([0-9]*\),/\1/p'; }

# The last one ties the output matrix to the token embedding (--tied).
for variant in f32 f16 q8_0 q4_0 q8_0-tied; do
  type="${variant%-tied}"
  tied=()
  [ "$variant" = "$type" ] || tied=(--tied)
  model="$work/synth-$variant.gguf"
  "$tool" synth-llama --dim 64 --layers 2 --heads 4 --kv-heads 2 --ffn 128 --vocab 320 \
    --type "$type" --seed 11 --context 256 "${tied[@]}" -o "$model" ||
    { fail "synth-llama $variant"; continue; }
  echo "== $variant"
  if ! out=$(node "$load" "$model" --tokens 8); then
    echo "$out"
    fail "llama.cpp could not load or run synth-$variant.gguf"
    continue
  fi
  echo "$out"
  grep -q "^architecture: llama, name: thymos synth-llama" <<<"$out" || fail "$type: architecture"
  grep -q "^parameters: $(elements "$model")," <<<"$out" || fail "$type: parameter count differs"
  grep -q "^embedding: 64, blocks: 2, ffn: 128, heads: 4, kv heads: 2, context: 256" <<<"$out" ||
    fail "$type: hyperparameters"
  grep -q "^vocab: 320 (llama), bos: 1, eos: 2" <<<"$out" || fail "$type: vocabulary"
  grep -Eq "^greedy: \[[0-9]+(, [0-9]+){7}\]" <<<"$out" || fail "$type: no 8 generated tokens"
done

stories="$shared/models/stories260K-f32.gguf"
if [ -n "$shared" ] && [ -f "$stories" ]; then
  echo "== stories260K"
  if out=$(node "$load" "$stories" --tokens 12); then
    echo "$out"
    grep -q "^parameters: 292800," <<<"$out" || fail "stories260K: parameter count"
    grep -q 'there was a little girl named Lily' <<<"$out" || fail "stories260K: greedy text"
  else
    echo "$out"
    fail "llama.cpp could not load or run stories260K"
  fi
else
  echo "(stories260K not checked: ../shared/models is absent)"
fi

[ "$failures" -eq 0 ] || exit 1
echo "llama.cpp loaded and ran every file"
