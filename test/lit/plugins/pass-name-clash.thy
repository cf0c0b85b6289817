// RUN: not thymosc %s --load-pass-plugin=%plugin_name_clash --passes=verify 2>&1 | FileCheck %s
// The plugin registers a pass named `verify`, which is built in; loading
// fails instead of replacing the built-in pass.
module @m

graph @g(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK: pass plugin '{{.*}}thymos-test-plugin-name-clash{{[^']*}}' (name-clash): a pass named 'verify' is already registered
