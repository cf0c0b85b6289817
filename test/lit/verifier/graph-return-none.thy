// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A graph that declares a result returns nothing.
module @m
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:3: error: 'return' gives 0 values, but graph '@f' declares 1 result
  return
}
// CHECK-NOT: {{(error|note):}}
