// A step of a plan reads at most 64 operands (runtime/PlanFormat.h), so the
// verifier refuses a 65-operand concat instead of compiling a plan that the
// runtime would refuse.
// RUN: not thymosc %s --emit=none 2>&1 | FileCheck %s
module @m
graph @f(%x: f32[1]) -> f32[65] {
  // CHECK: concat-too-many-operands.thy:[[@LINE+1]]:8: error: 'concat' op takes at most 64 operands (a step of a plan reads no more), but 65 were given
  %y = concat %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x, %x {axis = 0} : (f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1], f32[1]) -> f32[65]
  return %y
}
