//===- ModelPlan.h - The plan thymos-generate runs, and its vocabulary --------===//
//
// With -m the GGUF model is imported (frontend/llama) and compiled
// (codegen/Compiler.h) in process, exactly as `thymos-gguf import` and
// `thymosc` would; with --plan a plan file is loaded. Either way the
// tokenizer comes from the GGUF file whose tensors the plan maps.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "MemoryBudget.h"

#include "runtime/Plan.h"
#include "runtime/gguf/File.h"
#include "runtime/llm/Tokenizer.h"

#include <memory>
#include <string>

namespace thymos::generate {

struct LoadedModel {
  llm::VocabularyOptions vocabulary; // set before loading
  std::unique_ptr<rt::Plan> plan;
  std::unique_ptr<llm::Tokenizer> tokenizer;
  uint64_t weightBytes = 0; // mapped, in place
  double importMs = 0, compileMs = 0;
  int64_t chosenContext = 0; // with -m, a budget and no -c: the largest that fits
};

/// --mem-budget: the bytes (0: none) and what the report counts.
struct Budget {
  uint64_t bytes = 0;
  unsigned threads = 1;
  rt::MemoryReport report(const rt::Plan &plan) const {
    return generateMemoryReport(plan, threads);
  }
};

/// The shortest context a budget may choose.
inline constexpr int64_t kMinimumContext = 16;

/// Imports and compiles `ggufPath` with a `context`-row cache (0: the
/// model's, at most kDefaultContext and what fits in half the memory) and a
/// `prefillTokens`-token @prefill.
/// With `cuda`, the plan is compiled for the CUDA target, for the
/// architecture of the GPU the driver finds. The runtime-only build cannot
/// compile: there it is an error that says to pass a plan.
/// With a `budget` and no `context`, the context is the largest that fits
/// it (LoadedModel::chosenContext).
rt::Status loadModel(const std::string &ggufPath, int64_t context, int64_t prefillTokens,
                     const std::string &cacheType, bool cuda, const Budget &budget,
                     LoadedModel &out);
/// Loads a plan compiled from an import.
rt::Status loadPlan(const std::string &planPath, const rt::LoadOptions &options,
                    LoadedModel &out);

/// The tokenizer from the plan's weight file, and the weights' total size.
rt::Status finishLoading(LoadedModel &m);

/// llama.cpp's default context (`-c 4096`): a model's own context length
/// can be far larger than the memory a chat needs.
inline constexpr int64_t kDefaultContext = 4096;

} // namespace thymos::generate
