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
/// lets the K/V caches (of `cacheType`) take half of the machine's memory.
int64_t defaultContext(const llama::LlamaModel &model, const std::string &cacheType) {
  const uint64_t rowBytes = std::max<uint64_t>(1, llama::cacheBytesPerToken(model, cacheType));
  const uint64_t physical = uint64_t(sysconf(_SC_PHYS_PAGES)) * uint64_t(sysconf(_SC_PAGESIZE));
  const int64_t fits = static_cast<int64_t>(std::max<uint64_t>(1, physical / 2 / rowBytes));
  return std::min({model.contextLength, kDefaultContext, fits});
}

/// One import and compile of `model` at `context` rows of cache.
class ModelCompiler {
public:
  ModelCompiler(const std::string &ggufPath, const llama::LlamaModel &model, int64_t prefill,
                const std::string &cacheType, bool cuda)
      : path_(ggufPath), model_(model), prefill_(prefill), cacheType_(cacheType), cuda_(cuda) {}

  rt::Status compile(int64_t context, LoadedModel &out) {
    auto start = std::chrono::steady_clock::now();
    llama::ImportOptions options;
    std::error_code ec;
    options.weightsPath = std::filesystem::absolute(path_, ec).string();
    if (ec)
      options.weightsPath = path_;
    options.contextLength = context;
    options.prefillTokens = std::min(prefill_, context);
    options.cacheType = cacheType_;
    std::string text;
    if (rt::Status s = llama::writeLlamaModule(model_, options, text); !s)
      return rt::Status::error(path_ + ": " + s.message());
    out.importMs += msSince(start);

    start = std::chrono::steady_clock::now();
    std::vector<unsigned char> bytes;
    std::string diagnostics;
    codegen::CompileOptions compile;
    // The plan maps the file it was compiled from a moment ago: hashing every
    // weight would only read the whole model before the first token.
    compile.weightFingerprints = false;
    if (cuda_) {
      const rt::cuda::Driver *driver;
      if (rt::Status s = rt::cuda::cudaDriver(driver); !s)
        return s;
      compile.target = &codegen::cudaTarget();
      compile.cudaArchs = {"sm_" + std::to_string(driver->computeCapability)};
    }
    if (!codegen::compileText(text, path_ + " (imported)", compile, bytes, diagnostics))
      return rt::Status::error("the imported model does not compile:\n" + diagnostics);
    if (rt::Status s = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), path_, out.plan); !s)
      return s;
    out.compileMs += msSince(start);
    return rt::Status::success();
  }

private:
  const std::string &path_;
  const llama::LlamaModel &model_;
  int64_t prefill_;
  std::string cacheType_;
  bool cuda_;
};

/// The largest context up to the model's whose run fits `budget`. The cache
/// grows by one row per token and the arena does not grow as the context
/// shrinks, so the context the full-length plan's numbers give fits, but
/// for what compiling again leaves on the heap (this process is measured,
/// not estimated): the plan compiled at it is checked, and a context short
/// by what it overshot and 1% of the budget is tried, a few times at most.
rt::Status chooseContext(ModelCompiler &compiler, const llama::LlamaModel &model,
                         const std::string &cacheType, const Budget &budget, LoadedModel &out) {
  if (rt::Status s = compiler.compile(model.contextLength, out); !s)
    return s;
  const rt::MemoryReport full = budget.report(*out.plan);
  const uint64_t total = full.host() + full.device();
  if (total <= budget.bytes) {
    out.chosenContext = model.contextLength;
    return rt::Status::success();
  }
  const uint64_t rowBytes = llama::cacheBytesPerToken(model, cacheType);
  const uint64_t fixed = total - rowBytes * uint64_t(model.contextLength);
  const int64_t context =
      budget.bytes > fixed ? static_cast<int64_t>((budget.bytes - fixed) / rowBytes) : 0;
  if (context < kMinimumContext) {
    if (rt::Status s = compiler.compile(kMinimumContext, out); !s)
      return s;
    return rt::Status::error("--mem-budget: the model does not fit even with a context of " +
                             std::to_string(kMinimumContext) + " tokens: " +
                             rt::checkBudget(budget.report(*out.plan), budget.bytes).message());
  }
  for (int64_t tryContext = context, attempt = 0;; ++attempt) {
    if (rt::Status s = compiler.compile(tryContext, out); !s)
      return s;
    const rt::MemoryReport report = budget.report(*out.plan);
    const uint64_t needed = report.host() + report.device();
    if (needed <= budget.bytes) {
      out.chosenContext = tryContext;
      return rt::Status::success();
    }
    // Short by the overshoot and 1% of the budget: what each compile leaves
    // on the heap (more under a sanitizer's quarantine) is not known ahead.
    const uint64_t shortBy = needed - budget.bytes + budget.bytes / 100;
    tryContext -= static_cast<int64_t>((shortBy + rowBytes - 1) / rowBytes);
    if (attempt == 5 || tryContext < kMinimumContext)
      return rt::checkBudget(report, budget.bytes);
  }
}

} // namespace

rt::Status loadModel(const std::string &ggufPath, int64_t context, int64_t prefillTokens,
                     const std::string &cacheType, bool cuda, const Budget &budget,
                     LoadedModel &out) {
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(ggufPath, file); !s)
    return s;
  llama::LlamaModel model;
  if (rt::Status s = llama::readLlamaModel(*file, model); !s)
    return rt::Status::error(ggufPath + ": " + s.message());
  if (context > model.contextLength)
    return rt::Status::error("-c " + std::to_string(context) + " is more than the model's " +
                             "context length " + std::to_string(model.contextLength));
  ModelCompiler compiler(ggufPath, model, prefillTokens, cacheType, cuda);
  if (rt::Status s = budget.bytes && !context
                         ? chooseContext(compiler, model, cacheType, budget, out)
                                             : compiler.compile(
                                                   context ? context
                                                           : defaultContext(model, cacheType),
                                                   out);
      !s)
    return s;
  return finishLoading(out);
}

} // namespace thymos::generate
