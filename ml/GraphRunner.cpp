//===- GraphRunner.cpp - Compiling and running a generated module in-process -===//

#include "ml/GraphRunner.h"

#include "codegen/Compiler.h"
#include "thymos/thymos_runtime.h"

#include <cstring>
#include <memory>

namespace thymos::ml {

rt::Status verifyModuleText(const std::string &text, const std::string &name) {
  codegen::CompileOptions options;
  options.lower = false;
  std::vector<unsigned char> unused;
  std::string diagnostics;
  if (!codegen::compileText(text, name, options, unused, diagnostics))
    return rt::Status::error(diagnostics);
  return rt::Status::success();
}

rt::Status compileModuleText(const std::string &text, const std::string &name,
                             std::vector<unsigned char> &plan) {
  std::string diagnostics;
  if (!codegen::compileText(text, name, codegen::CompileOptions(), plan, diagnostics))
    return rt::Status::error(diagnostics);
  return rt::Status::success();
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
