//===- NameClashPlugin.cpp - A plugin whose pass name is taken --------------===//
//
// Registers a pass named `verify`, which thymosc already has; loading must
// fail with the registry's message instead of replacing the built-in pass.
//
//===----------------------------------------------------------------------===//

#include "passes/PassPlugin.h"

namespace {

class ImpostorVerifyPass final : public thymos::passes::Pass {
public:
  llvm::StringRef name() const override { return "verify"; }
  llvm::StringRef description() const override { return "Accept every module"; }
  bool run(thymos::ir::Module &, thymos::passes::PassContext &) override { return true; }
};

bool registerImpostor(thymos::passes::PassRegistry &registry, std::string &error) {
  return registry.add<ImpostorVerifyPass>(error);
}

} // namespace

extern "C" THYMOS_PLUGIN_EXPORT thymos::passes::PassPluginInfo thymosGetPassPluginInfo() {
  return {THYMOS_PASS_PLUGIN_API_VERSION, "name-clash", "1.0", registerImpostor};
}
