// load.mjs - Loads a GGUF file with llama.cpp (through node-llama-cpp, CPU
// only), prints what llama.cpp read from it and the greedy continuation of a
// short prompt. An independent reader for Thymos's GGUF files: if llama.cpp
// loads a file that thymos-gguf wrote and runs it, the file is well formed.
//
//   node tools/llama-peer/load.mjs MODEL.gguf [--prompt TEXT] [--tokens N]
//
// Exit status: 0 when the model loaded and ran, 1 on any error, 77 when
// node-llama-cpp is not installed (scripts/install-llama-peer.sh installs it).

import { startLlama } from "./peer.mjs";

const usage = "usage: node load.mjs MODEL.gguf [--prompt TEXT] [--tokens N]";
const args = process.argv.slice(2);
let modelPath = null;
let prompt = "Once upon a time";
let count = 8;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === "--prompt" && i + 1 < args.length) prompt = args[++i];
  else if (args[i] === "--tokens" && i + 1 < args.length) count = Number(args[++i]);
  else if (!args[i].startsWith("--") && modelPath === null) modelPath = args[i];
  else {
    console.error(`load.mjs: error: unexpected argument '${args[i]}'\n${usage}`);
    process.exit(1);
  }
}
if (modelPath === null || !Number.isInteger(count) || count < 1) {
  console.error(`load.mjs: error: ${modelPath === null ? "no model given" : "bad --tokens"}\n${usage}`);
  process.exit(1);
}

const llama = await startLlama();

let model;
try {
  model = await llama.loadModel({ modelPath, gpuLayers: 0 });
} catch (e) {
  console.error(`load.mjs: error: llama.cpp could not load ${modelPath}: ${e.message}`);
  process.exit(1);
}

// What llama.cpp itself read from the file (the native model, not the JS-side
// GGUF parser), then the metadata node-llama-cpp's own reader found.
const info = model.fileInfo;
const meta = info.metadata;
const arch = meta.general?.architecture;
const hp = meta[arch] ?? {};
console.log(`file: ${modelPath}`);
console.log(`gguf version: ${info.version}, tensors: ${info.tensorCount}, data section at byte ${info.infoEndOffset}`);
console.log(`architecture: ${arch}, name: ${meta.general?.name}, file_type: ${meta.general?.file_type}`);
console.log(`description: ${model.typeDescription}`);
console.log(`parameters: ${model._model.getTotalParameters()}, size: ${model.size} bytes`);
console.log(`embedding: ${hp.embedding_length}, blocks: ${hp.block_count}, ffn: ${hp.feed_forward_length}, ` +
            `heads: ${hp.attention?.head_count}, kv heads: ${hp.attention?.head_count_kv}, ` +
            `context: ${model.trainContextSize}`);
console.log(`vocab: ${meta.tokenizer?.ggml?.tokens?.length} (${meta.tokenizer?.ggml?.model}), ` +
            `bos: ${model.tokens.bos}, eos: ${model.tokens.eos}`);

// Greedy decoding (temperature 0) of `count` tokens after the prompt.
const context = await model.createContext({ contextSize: Math.min(256, model.trainContextSize), threads: 1 });
const sequence = context.getSequence();
const input = model.tokenize(prompt);
if (model.tokens.bos !== null && input[0] !== model.tokens.bos) input.unshift(model.tokens.bos);
console.log(`prompt: ${JSON.stringify(prompt)} -> [${input.join(", ")}]`);
const generated = [];
for await (const token of sequence.evaluate(input, { temperature: 0 })) {
  generated.push(token);
  if (generated.length === count || model.isEogToken(token)) break;
}
console.log(`greedy: [${generated.join(", ")}] ${JSON.stringify(model.detokenize(generated))}`);
await context.dispose();
await model.dispose();
await llama.dispose();
