// generate.mjs - Greedy generation with llama.cpp (through node-llama-cpp, CPU
// only): the reference that thymos-generate must reproduce token for token.
//
//   node tools/llama-peer/generate.mjs MODEL.gguf (--prompt TEXT | --tokens "1 2 3")
//        -n N [--ignore-eos] [--threads T] [--cache-type f32|f16]
//
// Prints one JSON object on stdout:
//   {"prompt_ids": [...], "generated_ids": [...], "text": "...", "top2_gaps": [...]}
// --prompt is tokenized by llama.cpp as plain text (no special-token parsing),
// with BOS first when the vocabulary asks for it (llama_vocab_get_add_bos);
// --tokens are the prompt ids exactly as given, nothing added.
// Sampling is pure argmax: temperature 0 makes node-llama-cpp's sampler chain
// llama.cpp's greedy sampler alone (no top-k/top-p/min-p, no repeat penalty,
// no token bias; ties go to the lowest id). Generation stops after N tokens,
// or at an end-of-generation token (llama_vocab_is_eog, e.g. EOS), which is
// then not in generated_ids, as llama-cli does not print it. With
// --ignore-eos such a token is an ordinary token: it is kept, fed back, and
// generation goes on (llama-cli's --ignore-eos instead bans it from being
// sampled). "text" is the generated ids detokenized after the prompt (as
// they read following it), special tokens rendered as nothing. top2_gaps[i]
// is, at step i, the largest logit minus the second largest: where it is
// tiny, another correct implementation may pick the other token.
// Exit status: 0 on success, 1 on any error, 77 when node-llama-cpp is not
// installed (scripts/install-llama-peer.sh installs it).
import { startLlama } from "./peer.mjs";

const usage =
  'usage: node generate.mjs MODEL.gguf (--prompt TEXT | --tokens "1 2 3") -n N [--ignore-eos] [--threads T] [--cache-type f32|f16]';
function die(message) {
  console.error(`generate.mjs: error: ${message}\n${usage}`);
  process.exit(1);
}
const isCount = (n) => Number.isInteger(n) && n >= 1;

const args = process.argv.slice(2);
let modelPath = null, prompt = null, tokens = null, count = null, threads = 1, ignoreEos = false;
let cacheType = "f32";
for (let i = 0; i < args.length; ++i) {
  const a = args[i], value = args[i + 1];
  if (a === "--ignore-eos") ignoreEos = true;
  else if (a === "--prompt" && value !== undefined) prompt = args[++i];
  else if (a === "--tokens" && value !== undefined) tokens = args[++i].trim().split(/\s+/).map(Number);
  else if (a === "-n" && value !== undefined) count = Number(args[++i]);
  else if (a === "--threads" && value !== undefined) threads = Number(args[++i]);
  else if (a === "--cache-type" && (value === "f32" || value === "f16")) cacheType = args[++i];
  else if (!a.startsWith("-") && modelPath === null) modelPath = a;
  else die(`unexpected argument '${a}'`);
}
if (modelPath === null) die("no model given");
if ((prompt === null) === (tokens === null)) die("give exactly one of --prompt and --tokens");
if (tokens !== null && !tokens.every((t) => Number.isInteger(t) && t >= 0)) die("bad --tokens");
if (!isCount(count)) die("-n needs a count of 1 or more");
if (!isCount(threads)) die("bad --threads");

const llama = await startLlama({ maxThreads: threads });
let model;
try {
  model = await llama.loadModel({ modelPath, gpuLayers: 0 });
} catch (e) {
  die(`llama.cpp could not load ${modelPath}: ${e.message}`);
}

let promptIds = tokens;
if (promptIds === null) {
  promptIds = model.tokenize(prompt);
  if (model.tokens.shouldPrependBosToken) promptIds.unshift(model.tokens.bos);
}
const vocabSize = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? Infinity;
if (promptIds.length === 0) die("the prompt has no tokens");
if (promptIds.some((t) => t >= vocabSize)) die(`a prompt id is not below the vocabulary size ${vocabSize}`);

// The whole prompt in one batch, and room for every generated token. Each
// step evaluates the new tokens, asking for the next token (the sampler
// chain: greedy alone) and the two largest logits, whose gap says how
// narrowly the argmax won. The K/V cache is f32 (or, with --cache-type f16,
// llama.cpp's default f16, which Thymos's --cache-type f16 matches) and flash
// attention off: the computation Thymos makes. The f16 cache rounds every key
// and value, which moves the logits by ~2e-4 and, through the next matmul's
// activation quantization, a quantized model's by ~5e-3: enough to flip the
// near-ties of a random-weight model.
const contextSize = promptIds.length + count;
const context = await model.createContext({
  contextSize, batchSize: contextSize, threads, flashAttention: false,
  experimentalKvCacheKeyType: cacheType.toUpperCase(),
  experimentalKvCacheValueType: cacheType.toUpperCase(),
});
const sequence = context.getSequence();
const next = { token: true, logits: { filter: { tokens: [], includeTop: 2 } } };
const generated = [], gaps = [];
for (let input = promptIds; generated.length < count; ) {
  const items = input.map((t, i) => (i + 1 < input.length ? t : [t, { generateNext: next }]));
  const { token, logits } = (await sequence.controlledEvaluate(items))[input.length - 1].next;
  if (!ignoreEos && model.isEogToken(token)) break;
  const [first, second = first] = [...logits.values()].sort((a, b) => b - a);
  generated.push(token);
  gaps.push(first - second);
  input = [token];
}
const text = model.detokenize(generated, false, promptIds);
console.log(JSON.stringify({ prompt_ids: promptIds, generated_ids: generated, text, top2_gaps: gaps }));
await context.dispose();
await model.dispose();
await llama.dispose();
