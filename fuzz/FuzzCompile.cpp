//===- FuzzCompile.cpp - Fuzz target: the whole compile pipeline ------------===//
//
// What `thymosc FILE -o plan.bin` does, in memory, through the same driver
// (codegen/Compiler.h): parse, verify, run the CPU pipeline, verify again,
// lower, write the plan. Then the runtime loads the
// plan, which must succeed: a module the compiler accepts must give a plan
// the runtime accepts, and a pipeline must never turn valid IR into invalid
// IR. Small plans are also executed on zeroed inputs.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "codegen/Compiler.h"
#include "ir/Parser.h"
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

  // The driver re-verifies after the pipeline. A pass may also refuse a module with a diagnostic (a
  // constant too large to fold, say): that is an answer, not a finding.
  codegen::CompileOptions options;
  options.verifyInput = false;
  codegen::Compilation compiled;
  bool ok = codegen::compileModule(*module, diag, options, compiled);
  diagStream.flush();
  if (compiled.invalidAfterPipeline)
    fuzz::fuzzFailure("the CPU pipeline left invalid IR:\n" + messages);
  if (!ok)
    return 0;
  std::vector<unsigned char> bytes = codegen::planBytes(compiled.model);
  std::unique_ptr<rt::Plan> plan;
  rt::Status loaded = rt::Plan::loadFromMemory(bytes.data(), bytes.size(), "plan.bin", plan);
  if (!loaded)
    fuzz::fuzzFailure("the runtime rejects the compiler's plan: " + loaded.message());
  fuzz::executeIfSmall(*plan, data, size);
  return 0;
}
