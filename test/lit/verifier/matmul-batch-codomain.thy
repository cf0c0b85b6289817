// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// Batch dimensions broadcast ([2,1] with [3]); the codomain omits the broadcast batch.
module @m
graph @f(%x: f64[2,1,4,8], %w: f64[3,8,5]) -> f64[2,1,4,5] {
  // CHECK: [[@LINE+1]]:54: error: 'matmul' op codomain is f64[2,1,4,5], but the domain (f64[2,1,4,8], f64[3,8,5]) gives f64[2,3,4,5]
  %y = matmul %x, %w : (f64[2,1,4,8], f64[3,8,5]) -> f64[2,1,4,5]
  return %y
}
// CHECK-NOT: {{(error|note):}}
