//===- PassPlugin.h - The pass plugin interface -----------------------------===//
//
// A pass plugin is a shared library that thymosc loads with
// `--load-pass-plugin=libMyPass.so`. It exports one C-linkage function:
//
//   extern "C" THYMOS_PLUGIN_EXPORT thymos::passes::PassPluginInfo
//   thymosGetPassPluginInfo() {
//     return {THYMOS_PASS_PLUGIN_API_VERSION, "my-plugin", "1.0",
//             [](thymos::passes::PassRegistry &registry, std::string &error) {
//               return registry.add<MyPass>(error);
//             }};
//   }
//
// thymosc refuses a plugin built for another API version (the message names
// both) and a plugin that registers a pass name already taken.
//
// A plugin does not link the Thymos or LLVM libraries: it uses the copies in
// thymosc, which exports its symbols. Linking a second copy of LLVM Support
// into a plugin would register its command-line options twice and abort at
// load time. The CMake package (find_package(Thymos), target Thymos::passes)
// sets this up.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "passes/PassRegistry.h"

#include <cstdint>
#include <string>

/// Bumped whenever Pass, PassContext, PassRegistry or the IR classes change
/// in a way that breaks plugins built against an earlier version.
#define THYMOS_PASS_PLUGIN_API_VERSION 1

#define THYMOS_PLUGIN_EXPORT __attribute__((visibility("default")))

namespace thymos::passes {

struct PassPluginInfo {
  uint32_t apiVersion;
  const char *pluginName;
  const char *pluginVersion;
  /// Registers the plugin's passes; false with `error` set on failure.
  bool (*registerPasses)(PassRegistry &registry, std::string &error);
};

/// The symbol thymosc looks up in a plugin.
inline constexpr const char kPassPluginEntryPoint[] = "thymosGetPassPluginInfo";

/// Loads `path` and registers its passes into `registry`; false with `error`
/// set ("cannot load", "no entry point", "API version N, thymosc provides M",
/// a registration error).
bool loadPassPlugin(const std::string &path, PassRegistry &registry, std::string &error);

} // namespace thymos::passes
