//===- Plugin.cpp - Entry point of the example pass plugin ------------------===//
//
// thymosc --load-pass-plugin=libThymosExamplePasses.so looks up
// thymosGetPassPluginInfo, checks the API version it reports, then calls
// registerPasses with its registry.
//
//===----------------------------------------------------------------------===//

#include "ExamplePasses.h"

#include "passes/PassPlugin.h"

using namespace thymos;

namespace {

bool registerExamplePasses(passes::PassRegistry &registry, std::string &error) {
  return registry.add<examples::ReportCostPass>(error) &&
         registry.add<examples::StripMulByOnePass>(error);
}

} // namespace

extern "C" THYMOS_PLUGIN_EXPORT passes::PassPluginInfo thymosGetPassPluginInfo() {
  return {THYMOS_PASS_PLUGIN_API_VERSION, "thymos-example-passes", "1.0",
          registerExamplePasses};
}
