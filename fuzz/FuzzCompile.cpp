//===- FuzzCompile.cpp - Fuzz target: the whole compile pipeline ------------===//
//
// What `thymosc FILE -o plan.bin` does, in memory: parse, verify, run the CPU
// pipeline, verify again, lower, write the plan. Then the runtime loads the
// plan, which must succeed: a module the compiler accepts must give a plan
// the runtime accepts, and a pipeline must never turn valid IR into invalid
// IR. Small plans are also executed on zeroed inputs.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "codegen/Lowering.h"
#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "passes/PassManager.h"
#include "passes/Verifier.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace thymos;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SourceMgr sourceMgr;
  std::string messages;
  llvm::raw_string_ostream diagStream(messages);
  DiagnosticEngine diag(sourceMgr, diagStream);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.thy"),
      llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  if (!module || !passes::verifyModule(*module, diag))
    return 0;

  passes::PassRegistry registry;
  passes::registerBuiltinPasses(registry);
  passes::PassManager pm(registry);
  std::string error;
  if (!pm.parsePipeline(passes::kCpuPipeline, error))
    fuzz::fuzzFailure("the CPU pipeline does not parse: " + error);
  passes::PassContext context(diag);
  context.planner.alignment = static_cast<int64_t>(plan::kAlignment);
  // A pass may refuse a module with a diagnostic (a constant too large to
  // fold, say); that is an answer, not a finding.
  if (!pm.run(*module, context))
    return 0;
  diagStream.flush();
  if (!passes::verifyModule(*module, diag))
    fuzz::fuzzFailure("the CPU pipeline left invalid IR:\n" + messages);

  codegen::PlanModel model;
  std::vector<codegen::GraphLowering> lowered;
  if (!codegen::lowerModule(*module, context, model, lowered))
    return 0;
  std::vector<unsigned char> bytes = codegen::writePlan(model, plan::packVersion(0, 0, 0));
  std::unique_ptr<rt::Plan> plan;
  rt::Status loaded = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "plan.bin", plan);
  if (!loaded)
    fuzz::fuzzFailure("the runtime rejects the compiler's plan: " + loaded.message());
  fuzz::executeIfSmall(*plan, data, size);
  return 0;
}
