// bench.mjs - llama.cpp's CPU speed on one model (through node-llama-cpp), the
// baseline Thymos's figures are compared with.
//
//   node tools/llama-peer/bench.mjs MODEL.gguf --threads T --prompt-tokens P
//        --gen-tokens G --repeats R
//
// Each repeat makes a fresh context (P + G + 1 cells, batch of P), then
//   prefill: evaluates P prompt tokens (BOS, then fixed ids) in one batch and
//            samples the first token: prefill_tok_s = P / that time;
//   decode:  G single-token steps, each evaluating the last token and taking
//            the argmax (temperature 0, EOS not special): decode_tok_s = G /
//            their time.
// One untimed repeat comes first (it pages the weights in). Prints one JSON
// line per timed repeat:
//   {"model":..,"threads":..,"prompt_tokens":..,"gen_tokens":..,"prefill_tok_s":..,"decode_tok_s":..}
// Peak memory is for the caller to measure (e.g. /usr/bin/time -v): one model
// per process. Exit status: 0 on success, 1 on any error, 77 when
// node-llama-cpp is not installed (scripts/install-llama-peer.sh installs it).
import { startLlama } from "./peer.mjs";

const usage =
  "usage: node bench.mjs MODEL.gguf --threads T --prompt-tokens P --gen-tokens G --repeats R";
function die(message) {
  console.error(`bench.mjs: error: ${message}\n${usage}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const counts = { "--threads": null, "--prompt-tokens": null, "--gen-tokens": null, "--repeats": null };
let modelPath = null;
for (let i = 0; i < args.length; ++i) {
  if (args[i] in counts && i + 1 < args.length) counts[args[i]] = Number(args[++i]);
  else if (!args[i].startsWith("-") && modelPath === null) modelPath = args[i];
  else die(`unexpected argument '${args[i]}'`);
}
if (modelPath === null) die("no model given");
for (const [flag, value] of Object.entries(counts))
  if (!Number.isInteger(value) || value < 1) die(`${flag} needs a count of 1 or more`);
const { "--threads": threads, "--prompt-tokens": promptTokens, "--gen-tokens": genTokens,
        "--repeats": repeats } = counts;

const llama = await startLlama({ maxThreads: threads });
let model;
try {
  model = await llama.loadModel({ modelPath, gpuLayers: 0 });
} catch (e) {
  die(`llama.cpp could not load ${modelPath}: ${e.message}`);
}

// BOS, then ids spread over the vocabulary past the 3 control tokens (the
// content does not change the work, only its count does).
const vocab = model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 259;
const prompt = [model.tokens.bos ?? 1];
for (let i = 1; i < promptTokens; ++i) prompt.push(3 + ((i * 7919) % (vocab - 3)));

async function once() {
  const context = await model.createContext({
    contextSize: promptTokens + genTokens + 1, batchSize: promptTokens, threads });
  const steps = context.getSequence().evaluate(prompt, { temperature: 0, yieldEogToken: true });
  const start = performance.now();
  await steps.next(); // prefill, then the first token's argmax
  const prefilled = performance.now();
  for (let i = 0; i < genTokens; ++i) await steps.next();
  const decoded = performance.now();
  await steps.return();
  await context.dispose();
  return { prefill_tok_s: promptTokens / ((prefilled - start) / 1000),
           decode_tok_s: genTokens / ((decoded - prefilled) / 1000) };
}

await once();
for (let r = 0; r < repeats; ++r) {
  const { prefill_tok_s, decode_tok_s } = await once();
  console.log(JSON.stringify({ model: modelPath, threads, prompt_tokens: promptTokens,
                               gen_tokens: genTokens, prefill_tok_s: +prefill_tok_s.toFixed(2),
                               decode_tok_s: +decode_tok_s.toFixed(2) }));
}
await model.dispose();
await llama.dispose();
