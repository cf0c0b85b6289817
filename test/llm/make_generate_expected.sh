#!/usr/bin/env bash
# Regenerates the greedy-generation expectations that thymos-generate must
# reproduce, with llama.cpp as the reference (tools/llama-peer/generate.mjs):
#   OUT_DIR/generate-stories260K.expected  SHARED_DIR/models/stories260K-f32.gguf,
#                                          three text prompts, 64 tokens, with
#                                          f32 and then f16 K/V caches
#   OUT_DIR/generate-synth.expected        synth-llama models (f32, f16, q8_0,
#                                          q4_0; untied and tied; qwen2 in
#                                          f32 and q8_0; the K-quant mixes
#                                          and bf16), prompt ids, 32 tokens,
#                                          --ignore-eos
#
#   make_generate_expected.sh PEER_DIR THYMOS_GGUF SHARED_DIR OUT_DIR
#
# e.g. test/llm/make_generate_expected.sh tools/llama-peer build/release/bin/thymos-gguf ../shared test/llm
# The synthetic models (about 230 MB for f32) are written one at a time to a
# temporary folder and deleted. Exit status 77 when node-llama-cpp is missing.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: make_generate_expected.sh PEER_DIR THYMOS_GGUF SHARED_DIR OUT_DIR" >&2
  exit 1
fi
peer=$1 tool=$2 shared=$3 out=$4
[ -d "$peer/node_modules/node-llama-cpp" ] ||
  { echo "SKIPPED: node-llama-cpp is not installed (run scripts/install-llama-peer.sh)"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/generate-expected.XXXXXX")
trap 'rm -rf "$work"' EXIT

# generate.mjs's JSON on stdin -> the prompt_ids, generated_ids, top2_gaps and
# text lines.
to_lines() {
  node -e '
    const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const esc = (s) => s.replace(/[\\\x00-\x1f\x7f]/g, (c) =>
      ({ "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r" })[c] ??
      "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));
    console.log(`prompt_ids: ${j.prompt_ids.join(" ")}`);
    console.log(`generated_ids: ${j.generated_ids.join(" ")}`);
    console.log(`top2_gaps: ${j.top2_gaps.map((g) => g.toPrecision(3)).join(" ")}`);
    console.log(`text: ${esc(j.text)}`);'
}

format_header() {
  cat <<'EOF'
# Format: comment lines start with '#'; cases are separated by a blank line;
# each case is "key: value" lines, in this order:
#   model: the model (a file of ../shared/models, or the synth-llama command
#          that writes it, -o M being the file)
#   generate: generate.mjs's options (besides the model and the prompt)
#   margin: (optional) how near a tie, relative to the logits' scale, the
#          step where our tokens part from llama.cpp's must be (default 1e-3)
#   prompt: the prompt text, if the prompt was given as text (escaped as text)
#   prompt_ids: the prompt's token ids, BOS included, as evaluated
#   generated_ids: the greedily generated ids (argmax; ties to the lowest id)
#   top2_gaps: per generated id, llama.cpp's largest logit minus the second
#          largest (3 digits): where it is tiny, a correct implementation may
#          pick the other token, and the rest of the case then differs
#   text: the generated ids detokenized after the prompt; escaped: \\ \n \t \r,
#         other bytes below 0x20 and 0x7f as \xHH, the rest UTF-8 as is
#         (an incomplete UTF-8 sequence reads as U+FFFD; the ids are the facts)
EOF
}

stories="$shared/models/stories260K-f32.gguf"
{
  format_header
  echo "# Produced by test/llm/make_generate_expected.sh with llama.cpp (node-llama-cpp $(
    node -p 'require(process.argv[1]).version' "$(realpath "$peer")/node_modules/node-llama-cpp/package.json")):"
  echo "#   node tools/llama-peer/generate.mjs stories260K-f32.gguf --prompt TEXT -n 64 --threads 1"
  echo "#   (the last three cases with --cache-type f16: llama.cpp's default f16 K/V cache)"
  echo "# Generation stops early only at an end-of-generation token (none here)."
  for options in "-n 64" "-n 64 --cache-type f16"; do
    for prompt in "Once upon a time" "Lily and Tom went to the park" "The little dog"; do
      echo
      echo "model: stories260K-f32.gguf"
      echo "generate: $options"
      echo "prompt: $prompt"
      # shellcheck disable=SC2086 # $options is a word list on purpose.
      node "$peer/generate.mjs" "$stories" --prompt "$prompt" $options --threads 1 | to_lines
    done
  done
} >"$work/generate-stories260K.expected"

synth_ids="1 450 4996 17354"
{
  format_header
  echo "# Produced by test/llm/make_generate_expected.sh with llama.cpp (node-llama-cpp $(
    node -p 'require(process.argv[1]).version' "$(realpath "$peer")/node_modules/node-llama-cpp/package.json")):"
  echo "#   thymos-gguf synth-llama ... -o M   (the model line)"
  echo "#   node tools/llama-peer/generate.mjs M --tokens \"$synth_ids\" -n 32 --ignore-eos --threads 1"
  echo "# With --ignore-eos an EOS (id 2) is kept, fed back, and generation goes on."
  shape="--dim 512 --layers 8 --heads 8 --kv-heads 4 --ffn 1408 --vocab 32000"
  synth_case() { # the synth-llama command line, "-o M" naming the file; a margin
    # shellcheck disable=SC2086 # $1 is a word list on purpose.
    "$tool" ${1/-o M/-o $work/m.gguf}
    echo
    echo "model: thymos-gguf $1"
    echo "generate: -n 32 --ignore-eos"
    if [ $# -gt 1 ]; then echo "margin: $2"; fi
    node "$peer/generate.mjs" "$work/m.gguf" --tokens "$synth_ids" -n 32 --ignore-eos --threads 1 | to_lines
    rm -f "$work/m.gguf"
  }
  for type in f32 f16 q8_0 q4_0; do
    for tied in "" " --tied"; do
      synth_case "synth-llama -o M $shape --type $type --seed 1$tied"
    done
  done
  # Qwen2: biases on q, k and v, rope over the halves of each head.
  for type in f32 q8_0; do
    synth_case "synth-llama -o M --arch qwen2 $shape --type $type --seed 1"
  done
  # Phi-3: q, k and v from one matrix, the gate and up projections from one,
  # NEOX rope, q scaled before attention.
  for type in f32 q8_0; do
    synth_case "synth-llama -o M --arch phi3 $shape --type $type --seed 1"
  done
  # Llama 3.1's rope: base 500000, each pair's frequency divided by
  # rope_freqs.weight's factor.
  for type in f32 q8_0; do
    synth_case "synth-llama -o M $shape --type $type --seed 1 --llama3-rope"
  done
  # K-quant mixes as llama.cpp's quantizer makes them (Q4_K, Q5_K and Q6_K
  # in one model), on a feed-forward width of whole 256-element super-blocks;
  # then on the width above, where ffn_down's rows fall back to Q8_0; bf16.
  # Their activations are quantized to Q8_K, whose scale is an f32 (Q8_0's is
  # an f16): the last-bit differences between our f32 arithmetic and
  # llama.cpp's (attention sums in binary64 here) reach the logits, and where
  # one moves an activation across a rounding boundary the logits move by up
  # to ~7e-3 of their scale in these random models. The margin says so; the
  # kernels themselves give ggml's bits (test/quant/KQuantTest.cpp).
  kshape="--dim 512 --layers 8 --heads 8 --kv-heads 4 --ffn 1536 --vocab 32000"
  for type in q4_k_m q5_k_m q4_k_s q4_k q5_k q6_k; do
    synth_case "synth-llama -o M $kshape --type $type --seed 1" 1e-2
  done
  synth_case "synth-llama -o M $kshape --type q4_k_m --seed 1 --tied" 1e-2
  synth_case "synth-llama -o M $shape --type q4_k_m --seed 1" 1e-2
  synth_case "synth-llama -o M $kshape --type bf16 --seed 1"
  synth_case "synth-llama -o M --arch qwen2 $kshape --type q4_k_m --seed 1" 1e-2
  synth_case "synth-llama -o M --arch phi3 $kshape --type q4_k_m --seed 1" 1e-2
} >"$work/generate-synth.expected"

mkdir -p "$out"
mv "$work/generate-stories260K.expected" "$work/generate-synth.expected" "$out/"
echo "wrote $out/generate-stories260K.expected and $out/generate-synth.expected"
