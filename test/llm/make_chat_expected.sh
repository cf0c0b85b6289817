#!/usr/bin/env bash
# Writes test/llm/chat-formats.expected: llama.cpp's own formatting
# (llama_chat_apply_template) of test/llm/chat-conversations.txt in every
# format Thymos knows, and in the formats llama.cpp detects in the given
# Jinja template files. Needs a llama.cpp checkout and its built libllama.
#
#   test/llm/make_chat_expected.sh LLAMA_CPP_SRC LIBLLAMA_DIR [TEMPLATE.jinja ...]
set -euo pipefail
src=$1 lib=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=c99 -O1 -I"$src/include" -I"$src/ggml/include" "$here/../../tools/llama-peer/chat_format.c" \
  -L"$lib" -lllama -Wl,-rpath,"$lib" -o "$work/chat_format"
{
  echo "# llama_chat_apply_template of chat-conversations.txt (format, conversation, add_ass, hex);"
  echo "# written by test/llm/make_chat_expected.sh"
  "$work/chat_format" "$here/chat-conversations.txt" "$@"
} > "$here/chat-formats.expected"
echo "$here/chat-formats.expected: $(grep -vc '^#' "$here/chat-formats.expected") formatted chats"
