//===- GraphRunner.cpp - Compiling and running a generated module in-process -===//

#include "ml/GraphRunner.h"

#include "codegen/Lowering.h"
#include "codegen/PlanWriter.h"
#include "ir/Parser.h"
#include "passes/PassManager.h"
#include "passes/PassRegistry.h"
#include "passes/Verifier.h"
#include "runtime/PlanFormat.h"
#include "thymos/Version.h"
#include "thymos/thymos_runtime.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <memory>

namespace thymos::ml {

namespace {

/// Parses (and verifies) into `module`; `diagnostics` collects the messages.
std::unique_ptr<ir::Module> parseAndVerify(const std::string &text, const std::string &name,
                                           llvm::SourceMgr &sourceMgr, DiagnosticEngine &diag) {
  unsigned id = sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, name), llvm::SMLoc());
  std::unique_ptr<ir::Module> module = ir::parseModule(id, diag);
  if (!module || !passes::verifyModule(*module, diag))
    return nullptr;
  return module;
}

} // namespace

rt::Status verifyModuleText(const std::string &text, const std::string &name) {
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr, os);
  bool ok = parseAndVerify(text, name, sourceMgr, diag) != nullptr;
  os.flush();
  return ok ? rt::Status::success() : rt::Status::error(diagnostics);
}

rt::Status compileModuleText(const std::string &text, const std::string &name,
                             std::vector<unsigned char> &plan) {
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  // The module points into the SourceMgr's buffer: both live until lowered.
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag(sourceMgr, os);
  std::unique_ptr<ir::Module> module = parseAndVerify(text, name, sourceMgr, diag);
  bool ok = module != nullptr;
  if (ok) {
    passes::PassRegistry registry;
    passes::registerBuiltinPasses(registry);
    passes::PassManager pm(registry);
    std::string error;
    if (!pm.parsePipeline(passes::kCpuPipeline, error)) {
      os.flush();
      return rt::Status::error(error);
    }
    passes::PassContext context(diag);
    context.planner.alignment = static_cast<int64_t>(plan::kAlignment);
    passes::PassInstrumentation instrumentation;
    codegen::PlanModel model;
    std::vector<codegen::GraphLowering> lowered;
    ok = pm.run(*module, context, instrumentation) && passes::verifyModule(*module, diag) &&
         codegen::lowerModule(*module, context, model, lowered);
    if (ok)
      plan = codegen::writePlan(model, plan::packVersion(THYMOS_VERSION_MAJOR,
                                                         THYMOS_VERSION_MINOR,
                                                         THYMOS_VERSION_PATCH));
  }
  os.flush();
  return ok ? rt::Status::success() : rt::Status::error(diagnostics);
}

rt::Status runEntry(const std::vector<unsigned char> &planBytes, const std::string &entry,
                    const NamedTensors &inputs, NamedTensors &outputs, unsigned threads) {
  char err[512] = "";
  ThymosPlan *plan = nullptr;
  if (thymos_plan_load_memory(planBytes.data(), planBytes.size(), &plan, err, sizeof err) !=
      THYMOS_OK)
    return rt::Status::error(err);
  // Frees the plan and the session on every path out.
  std::unique_ptr<ThymosPlan, void (*)(ThymosPlan *)> planOwner(plan, thymos_plan_free);
  ThymosSession *session = nullptr;
  if (thymos_session_create(plan, threads, &session, err, sizeof err) != THYMOS_OK)
    return rt::Status::error(err);
  std::unique_ptr<ThymosSession, void (*)(ThymosSession *)> sessionOwner(session,
                                                                         thymos_session_free);
  size_t index = 0;
  if (thymos_plan_find_entry(plan, entry.c_str(), &index) != THYMOS_OK)
    return rt::Status::error("the plan has no entry @" + entry);
  for (const auto &[name, tensor] : inputs) {
    ThymosTensorView view;
    if (thymos_session_input(session, index, name.c_str(), &view) != THYMOS_OK)
      return rt::Status::error("@" + entry + " has no input %" + name);
    if (view.dtype != THYMOS_DTYPE_F64 || view.bytes != tensor.data.size() * sizeof(double))
      return rt::Status::error("input %" + name + " of @" + entry +
                               " does not match the data (" +
                               std::to_string(tensor.data.size()) + " f64 values)");
    std::memcpy(view.data, tensor.data.data(), view.bytes);
  }
  if (thymos_session_run(session, index) != THYMOS_OK)
    return rt::Status::error(thymos_session_error(session));
  size_t count = 0;
  thymos_session_output_count(session, index, &count);
  outputs.clear();
  for (size_t k = 0; k < count; ++k) {
    ThymosTensorView view;
    if (thymos_session_output(session, index, k, &view) != THYMOS_OK ||
        view.dtype != THYMOS_DTYPE_F64)
      return rt::Status::error("output #" + std::to_string(k) + " of @" + entry +
                               " is not an f64 tensor");
    F64Tensor t;
    t.shape.assign(view.dims, view.dims + view.rank);
    t.data.resize(view.bytes / sizeof(double));
    std::memcpy(t.data.data(), view.data, view.bytes);
    outputs.emplace_back(view.name ? view.name : "", std::move(t));
  }
  return rt::Status::success();
}

} // namespace thymos::ml
