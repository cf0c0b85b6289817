// RUN: not thymosc %s --load-pass-plugin=%plugin_wrong_version --passes=verify 2>&1 | FileCheck %s
// The plugin reports THYMOS_PASS_PLUGIN_API_VERSION + 1; thymosc refuses it
// and names both versions, before calling its registration function (which
// would abort).
module @m

graph @g(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK: pass plugin '{{.*}}thymos-test-plugin-wrong-version{{[^']*}}' was built for plugin API version 2, but thymosc provides version 1
