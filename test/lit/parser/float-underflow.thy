// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// A nonzero literal too small for a double would silently become zero. A
// subnormal such as 5e-324 and a written zero with a huge exponent are fine.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  %a = const {value = [5e-324, 0.0e-999]} : () -> f32[2]
  // CHECK: [[@LINE+1]]:34: error: number '1e-400' is too small for f64 and would round to zero
  %y = rmsnorm %x, %x {epsilon = 1e-400} : (f32[4], f32[4]) -> f32[4]
  return %y
}
