//===- Compiler.cpp - The one compile driver --------------------------------===//

#include "codegen/Compiler.h"
#include "codegen/cuda/CudaPlan.h"

#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "passes/Verifier.h"
#include "thymos/Version.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

namespace thymos::codegen {

namespace {

/// The registry of `options`, or the built-in passes.
const passes::PassRegistry &registryOf(const CompileOptions &options,
                                       std::unique_ptr<passes::PassRegistry> &builtins) {
  if (options.registry)
    return *options.registry;
  builtins = std::make_unique<passes::PassRegistry>();
  passes::registerBuiltinPasses(*builtins);
  return *builtins;
}

} // namespace

std::string pipelineFor(const CompileOptions &options) {
  if (options.pipeline)
    return *options.pipeline;
  return options.lower ? options.target->defaultPipeline().str() : std::string();
}

bool checkPipeline(const CompileOptions &options, std::string &error) {
  std::unique_ptr<passes::PassRegistry> builtins;
  passes::PassManager pm(registryOf(options, builtins));
  std::string text = pipelineFor(options);
  return text.empty() || pm.parsePipeline(text, error);
}

bool compileModule(ir::Module &module, DiagnosticEngine &diag, const CompileOptions &options,
                   Compilation &out) {
  if (options.verifyInput && !passes::verifyModule(module, diag))
    return false;

  std::unique_ptr<passes::PassRegistry> builtins;
  passes::PassManager pm(registryOf(options, builtins));
  std::string pipeline = pipelineFor(options);
  std::string error;
  if (!pipeline.empty() && !pm.parsePipeline(pipeline, error)) {
    diag.error(llvm::SMLoc(), error);
    return false;
  }

  passes::PassContext context(diag);
  context.planner.alignment = static_cast<int64_t>(plan::kAlignment);
  context.planner.effort = options.planEffort;
  context.sourceDirectory = options.sourceDirectory;
  context.weightFingerprints = options.weightFingerprints;
  if (!pm.run(module, context, options.instrumentation))
    return false;
  if (!pm.passes().empty() && !passes::verifyModule(module, diag)) {
    out.invalidAfterPipeline = true;
    diag.note(llvm::SMLoc(), "the IR is invalid after the pass pipeline '" + pipeline + "'");
    return false;
  }
  if (!options.lower)
    return true;
  if (!lowerModule(module, context, out.model, out.graphs, *options.target))
    return false;
  if (options.target == &cudaTarget() && !options.cudaArchs.empty() &&
      !cuda::embedCudaModule(out.model, options.cudaArchs, error)) {
    diag.error(llvm::SMLoc(), error);
    return false;
  }
  return true;
}

std::vector<unsigned char> planBytes(const PlanModel &model) {
  return writePlan(model, plan::packVersion(THYMOS_VERSION_MAJOR, THYMOS_VERSION_MINOR,
                                            THYMOS_VERSION_PATCH));
}

bool compileText(llvm::StringRef text, llvm::StringRef bufferName, const CompileOptions &options,
                 std::vector<unsigned char> &plan, std::string &diagnostics) {
  llvm::raw_string_ostream os(diagnostics);
  // The module points into the SourceMgr's buffer: both live until lowered.
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr, os);
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, bufferName), llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  Compilation compiled;
  bool ok = module && compileModule(*module, diag, options, compiled);
  if (ok && options.lower)
    plan = planBytes(compiled.model);
  os.flush();
  return ok;
}

} // namespace thymos::codegen
