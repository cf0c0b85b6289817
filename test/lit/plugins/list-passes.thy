// RUN: thymosc --load-pass-plugin=%plugin_example --list-passes %s | FileCheck %s
// A loaded plugin's passes are listed beside the built-in ones, in name order.
module @m

graph @g(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK: {{^}}  report-cost {{ *}}Print each op's estimated FLOPs and bytes moved (to stderr)
// CHECK: {{^}}  strip-mul-by-one {{ *}}Replace multiplications by a constant one with the other operand
// CHECK: {{^}}  verify {{ *}}Check SSA
