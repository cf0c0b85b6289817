//===- WrongVersionPlugin.cpp - A plugin built for a newer API ---------------===//
//
// Reports THYMOS_PASS_PLUGIN_API_VERSION + 1, as a plugin built against a
// later Thymos would; thymosc must refuse it before registering anything.
//
//===----------------------------------------------------------------------===//

#include "passes/PassPlugin.h"

#include <cstdlib>

namespace {
bool mustNotBeCalled(thymos::passes::PassRegistry &, std::string &) { std::abort(); }
} // namespace

extern "C" THYMOS_PLUGIN_EXPORT thymos::passes::PassPluginInfo thymosGetPassPluginInfo() {
  return {THYMOS_PASS_PLUGIN_API_VERSION + 1, "wrong-version", "1.0", mustNotBeCalled};
}
