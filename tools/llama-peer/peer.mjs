// peer.mjs - Starts llama.cpp (through node-llama-cpp, CPU only, never
// building it) for the peer scripts beside this file. Exits 77, the tests'
// "skipped" status, when node-llama-cpp is not installed
// (scripts/install-llama-peer.sh installs it). llama.cpp's own warnings and
// errors go to stderr, prefixed, so that a test log shows why a file was
// refused. `options` go to getLlama as they are (e.g. maxThreads, which
// otherwise caps a context's threads at the machine's core count).
export async function startLlama(options = {}) {
  let lib;
  try {
    lib = await import("node-llama-cpp");
  } catch (e) {
    console.log(`SKIPPED: node-llama-cpp is not installed (run scripts/install-llama-peer.sh): ${e.code ?? e.message}`);
    process.exit(77);
  }
  const { getLlama, LlamaLogLevel } = lib;
  return getLlama({
    gpu: false,
    build: "never",
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => process.stderr.write(`llama.cpp ${level}: ${message.trimEnd()}\n`),
    ...options,
  });
}
