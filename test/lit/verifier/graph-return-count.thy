// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// 'return' gives one value but the graph declares two results.
module @m
graph @f(%x: f32[4]) -> (f32[4], f32[4]) {
  %y = neg %x : (f32[4]) -> f32[4]
  // CHECK: [[@LINE+3]]:3: error: 'return' gives 1 value, but graph '@f' declares 2 results
  // CHECK-NEXT: {{^}}  return %y{{$}}
  // CHECK-NEXT: {{^}}  ^{{$}}
  return %y
}
// CHECK-NOT: {{(error|note):}}
