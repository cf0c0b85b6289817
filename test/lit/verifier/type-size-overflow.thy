// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The byte size of a tensor overflows 64 bits even though each dimension is in range.
module @m
// CHECK: [[@LINE+1]]:10: error: argument %x has invalid type f64[1048576,1048576,1048576]: the tensor's size in bytes overflows a 64-bit integer
graph @f(%x: f64[1048576,1048576,1048576], %y: f64[1]) -> f64[1] {
  return %y
}
// CHECK-NOT: {{(error|note):}}
