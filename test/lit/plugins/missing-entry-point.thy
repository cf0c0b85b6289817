// RUN: not thymosc %s --load-pass-plugin=%plugin_no_entry_point --passes=verify 2>&1 | FileCheck %s
// The library loads but exports no extern "C" thymosGetPassPluginInfo (its
// function of that name has a C++-mangled symbol).
module @m

graph @g(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK: pass plugin '{{.*}}thymos-test-plugin-no-entry-point{{[^']*}}' has no entry point 'thymosGetPassPluginInfo' (declare it extern "C" and THYMOS_PLUGIN_EXPORT)
