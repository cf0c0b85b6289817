// --time-phases prints the time of each phase and the op count to stderr;
// stdout keeps the module.
// RUN: thymosc %s --time-phases 2> %t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s < %t.err
// CHECK:      {{^}}parse: {{ *}}{{[0-9]+\.[0-9][0-9][0-9]}} ms{{$}}
// CHECK-NEXT: {{^}}verify: {{ *}}{{[0-9]+\.[0-9][0-9][0-9]}} ms{{$}}
// CHECK-NEXT: {{^}}total: {{ *}}{{[0-9]+\.[0-9][0-9][0-9]}} ms  (2 ops){{$}}
// OUT: {{^}}module @m{{$}}
module @m
graph @f(%x: f32[4]) -> f32[4] {
  %y = exp %x : (f32[4]) -> f32[4]
  %z = neg %y : (f32[4]) -> f32[4]
  return %z
}
