// hf_tokenize.mjs - Checks a vocabulary written by `thymos-gguf vocab-from-hf`
// against the Hugging Face tokenizer it came from: tokenizes the strings of a
// tokenize.mjs output (llama.cpp's ids on the converted file) with the
// tokenizer.json itself, through @lenml/tokenizers (transformers.js's
// tokenizers), and compares the ids.
//
//   node tools/llama-peer/hf_tokenize.mjs TOKENIZER.json LLAMA.expected [--special]
//
// No BOS on either side. Without --special, llama.cpp reads control tokens as
// text; the tokenizer is then given its special added tokens as plain vocabulary
// (what Hugging Face's split_special_tokens does), so it reads them as text too.
// Prints the strings whose ids differ and a count; exit status 0 when all
// agree, 1 otherwise, 77 when @lenml/tokenizers is not installed
// (scripts/install-llama-peer.sh installs it).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [tokenizerPath, expectedPath, mode] = process.argv.slice(2);
if (!expectedPath || (mode !== undefined && mode !== "--special")) {
  console.error("usage: node hf_tokenize.mjs TOKENIZER.json LLAMA.expected [--special]");
  process.exit(1);
}
let TokenizerLoader;
try {
  ({ TokenizerLoader } = await import("@lenml/tokenizers"));
} catch {
  console.log("SKIPPED: @lenml/tokenizers is not installed (run scripts/install-llama-peer.sh)");
  process.exit(77);
}

const tokenizerJSON = JSON.parse(readFileSync(tokenizerPath, "utf8"));
const configPath = join(dirname(tokenizerPath), "tokenizer_config.json");
const tokenizerConfig = existsSync(configPath) ? JSON.parse(readFileSync(configPath, "utf8")) : {};
if (mode !== "--special")
  tokenizerJSON.added_tokens = tokenizerJSON.added_tokens.filter((t) => !t.special);
const tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON, tokenizerConfig });

const fromHex = (hex) => Buffer.from(hex, "hex").toString("utf8");
let cases = 0;
let same = 0;
for (const line of readFileSync(expectedPath, "utf8").split("\n")) {
  if (line === "" || line.startsWith("#"))
    continue;
  const [hexText, llamaIds] = line.split("\t");
  const text = fromHex(hexText);
  const ids = tokenizer.encode(text, { add_special_tokens: false }).join(" ");
  ++cases;
  if (ids === llamaIds) {
    ++same;
    continue;
  }
  const shown = JSON.stringify(text);
  console.log(`differs: ${shown.length > 120 ? shown.slice(0, 120) + "..." : shown}`);
  console.log(`  tokenizer.json: ${ids.slice(0, 300)}`);
  console.log(`  llama.cpp:      ${llamaIds.slice(0, 300)}`);
}
console.log(`${expectedPath}: ${same} of ${cases} strings give the tokenizer's ids`);
process.exit(same === cases ? 0 : 1);
