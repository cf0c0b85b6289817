//===- NoEntryPointPlugin.cpp - A shared library that is not a plugin -------===//
//
// Exports a function, but not thymosGetPassPluginInfo (a C++-mangled name
// like this one is the usual mistake: the entry point was not extern "C").
//
//===----------------------------------------------------------------------===//

#include "passes/PassPlugin.h"

THYMOS_PLUGIN_EXPORT thymos::passes::PassPluginInfo thymosGetPassPluginInfo() {
  return {THYMOS_PASS_PLUGIN_API_VERSION, "no-entry-point", "1.0", nullptr};
}
