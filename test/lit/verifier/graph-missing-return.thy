// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A graph body without a return.
module @m
// CHECK: [[@LINE+3]]:1: error: graph '@f' does not end with 'return'
// CHECK-NEXT: {{^}}graph @f(%x: f32[4]) -> f32[4] {{[{]}}{{$}}
// CHECK-NEXT: {{^}}^{{$}}
graph @f(%x: f32[4]) -> f32[4] {
  %y = neg %x : (f32[4]) -> f32[4]
}
// CHECK-NOT: {{(error|note):}}
