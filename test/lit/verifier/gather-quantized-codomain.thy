// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Rows gathered from a q4_0 table are dequantized to f32, not f16.
module @m
graph @f(%t: q4_0[100,64], %i: i32[2,8]) -> f16[2,8,64] {
  // CHECK: [[@LINE+1]]:52: error: 'gather' op codomain is f16[2,8,64], but the domain (q4_0[100,64], i32[2,8]) gives f32[2,8,64]
  %e = gather %t, %i : (q4_0[100,64], i32[2,8]) -> f16[2,8,64]
  return %e
}
// CHECK-NOT: {{(error|note):}}
