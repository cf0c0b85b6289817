// tokenize.mjs - Tokenizes a list of strings with llama.cpp (through
// node-llama-cpp, vocabulary only) and writes what Thymos's tokenizer must
// reproduce: test/llm/*.expected, read by test/llm/TokenizerTest.cpp.
//
//   node tools/llama-peer/tokenize.mjs VOCAB.gguf STRINGS.json OUT.expected [--special]
//
// STRINGS.json is an array of strings; one more case is added: all of them
// joined, eight times over (a long input). Each output line is, tab-separated
// and in hex (UTF-8 bytes) where it is text:
//   text   ids (llama_tokenize, no BOS, special tokens parsed only with --special)
//   llama_detokenize(ids)   llama_detokenize([BOS, ...ids])
// Exit status: 0 on success, 1 on any error, 77 when node-llama-cpp is not
// installed (scripts/install-llama-peer.sh installs it).
import { readFileSync, writeFileSync } from "node:fs";
import { startLlama } from "./peer.mjs";
import { basename } from "node:path";

const [vocabPath, stringsPath, outPath, mode] = process.argv.slice(2);
if (!outPath || (mode !== undefined && mode !== "--special")) {
  console.error("usage: node tokenize.mjs VOCAB.gguf STRINGS.json OUT.expected [--special]");
  process.exit(1);
}
// --special: control tokens in the text are parsed (llama_tokenize's parse_special).
const special = mode === "--special";

const llama = await startLlama();
const model = await llama.loadModel({ modelPath: vocabPath, vocabOnly: true, gpuLayers: 0 });

const strings = JSON.parse(readFileSync(stringsPath, "utf8"));
strings.push(strings.join(" ").repeat(8));

const hex = (text) => Buffer.from(text, "utf8").toString("hex");
const bos = model.tokens.bos;
const lines = [
  `# ${basename(vocabPath)}: ${strings.length} strings tokenized by llama.cpp through node-llama-cpp ` +
    `(bos ${bos})${special ? ", special tokens parsed" : ""}; regenerate with tools/llama-peer/tokenize.mjs`,
];
for (const text of strings) {
  const ids = model.tokenize(text, special);
  const plain = model.detokenize(ids);
  const withBos = bos === null ? plain : model.detokenize([bos, ...ids]);
  lines.push([hex(text), ids.join(" "), hex(plain), hex(withBos)].join("\t"));
}
writeFileSync(outPath, lines.join("\n") + "\n");
console.log(`${outPath}: ${strings.length} strings`);
