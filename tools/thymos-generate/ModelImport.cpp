//===- ModelImport.cpp - A GGUF model imported and compiled in process -------===//
//
// thymos-generate -m: what `thymos-gguf import` and `thymosc` do, in one
// process (the full build; the runtime-only build has ModelImportUnavailable.cpp).
//
//===----------------------------------------------------------------------===//

#include "ModelPlan.h"

#include "codegen/Compiler.h"
#include "frontend/llama/LlamaImport.h"
#include "runtime/cuda/CudaDriver.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unistd.h>

namespace thymos::generate {

namespace {

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The model's context length, at most kDefaultContext, and at most what
/// lets the f32 K/V caches take half of the machine's memory.
int64_t defaultContext(const llama::LlamaModel &model) {
  const uint64_t rowBytes = uint64_t(model.layers) * 2 * uint64_t(model.kvHeads) *
                            uint64_t(model.headDim) * sizeof(float);
  const uint64_t physical = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGESIZE));
  const int64_t fits = static_cast<int64_t>(std::max<uint64_t>(1, physical / 2 / rowBytes));
  return std::min({model.contextLength, kDefaultContext, fits});
}

} // namespace

rt::Status loadModel(const std::string &ggufPath, int64_t context, int64_t prefillTokens,
                     bool cuda, LoadedModel &out) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(ggufPath, file); !s)
    return s;
  llama::LlamaModel model;
  if (rt::Status s = llama::readLlamaModel(*file, model); !s)
    return rt::Status::error(ggufPath + ": " + s.message());
  llama::ImportOptions options;
  std::error_code ec;
  options.weightsPath = std::filesystem::absolute(ggufPath, ec).string();
  if (ec)
    options.weightsPath = ggufPath;
  if (context > model.contextLength)
    return rt::Status::error("-c " + std::to_string(context) + " is more than the model's " +
                             "context length " + std::to_string(model.contextLength));
  options.contextLength = context ? context : defaultContext(model);
  options.prefillTokens = std::min(prefillTokens, options.contextLength);
  std::string text;
  if (rt::Status s = llama::writeLlamaModule(model, options, text); !s)
    return rt::Status::error(ggufPath + ": " + s.message());
  out.importMs = msSince(start);

  start = std::chrono::steady_clock::now();
  std::vector<unsigned char> bytes;
  std::string diagnostics;
  codegen::CompileOptions compile;
  // The plan maps the file it was compiled from a moment ago: hashing every
  // weight would only read the whole model before the first token.
  compile.weightFingerprints = false;
  if (cuda) {
    const rt::cuda::Driver *driver;
    if (rt::Status s = rt::cuda::cudaDriver(driver); !s)
      return s;
    compile.target = &codegen::cudaTarget();
    compile.cudaArchs = {"sm_" + std::to_string(driver->computeCapability)};
  }
  if (!codegen::compileText(text, ggufPath + " (imported)", compile, bytes, diagnostics))
    return rt::Status::error("the imported model does not compile:\n" + diagnostics);
  if (rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), ggufPath, out.plan); !s)
    return s;
  out.compileMs = msSince(start);
  return finishLoading(out);
}

} // namespace thymos::generate
