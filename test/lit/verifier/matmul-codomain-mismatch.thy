// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The codomain of matmul swaps m and n.
module @m
graph @f(%x: f16[64,4], %w: f16[4,2]) -> f16[2,64] {
  // CHECK: [[@LINE+1]]:49: error: 'matmul' op codomain is f16[2,64], but the domain (f16[64,4], f16[4,2]) gives f16[64,2]
  %y = matmul %x, %w : (f16[64,4], f16[4,2]) -> f16[2,64]
  return %y
}
// CHECK-NOT: {{(error|note):}}
