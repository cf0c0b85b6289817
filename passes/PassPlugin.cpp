//===- PassPlugin.cpp - Loading pass plugins --------------------------------===//

#include "passes/PassPlugin.h"

#include "llvm/Support/DynamicLibrary.h"

namespace thymos::passes {

bool loadPassPlugin(const std::string &path, PassRegistry &registry, std::string &error) {
  std::string loadError;
  // The library stays loaded for the life of the process: its passes' code
  // must outlive every pass object created from the registry.
  llvm::sys::DynamicLibrary library =
      llvm::sys::DynamicLibrary::getPermanentLibrary(path.c_str(), &loadError);
  if (!library.isValid()) {
    error = "cannot load pass plugin '" + path + "': " + loadError;
    return false;
  }
  void *symbol = library.getAddressOfSymbol(kPassPluginEntryPoint);
  if (!symbol) {
    error = "pass plugin '" + path + "' has no entry point '" + kPassPluginEntryPoint +
            "' (declare it extern \"C\" and THYMOS_PLUGIN_EXPORT)";
    return false;
  }
  auto getInfo = reinterpret_cast<PassPluginInfo (*)()>(symbol);
  PassPluginInfo info = getInfo();
  if (info.apiVersion != THYMOS_PASS_PLUGIN_API_VERSION) {
    error = "pass plugin '" + path + "' was built for plugin API version " +
            std::to_string(info.apiVersion) + ", but thymosc provides version " +
            std::to_string(THYMOS_PASS_PLUGIN_API_VERSION);
    return false;
  }
  if (!info.registerPasses) {
    error = "pass plugin '" + path + "' gives no registration function";
    return false;
  }
  std::string registrationError;
  if (!info.registerPasses(registry, registrationError)) {
    error = "pass plugin '" + path + "' (" + (info.pluginName ? info.pluginName : "unnamed") +
            "): " + registrationError;
    return false;
  }
  return true;
}

} // namespace thymos::passes
