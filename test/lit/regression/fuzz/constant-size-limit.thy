// RUN: not thymosc %s --emit=none --mem-stats 2>&1 | FileCheck %s
// A plan constant takes at most 256 MiB (268435456 bytes). A one-number
// constant is a few bytes of text but is stored element by element: one of
// a 4 TiB type made thymosc run out of memory (found by the compile fuzz
// target; test/fuzz-regressions/compile/). Here the type is 32 KiB over the
// limit, and lowering reports it before allocating anything.
module @m
graph @f() -> f32[8192,8193] {
  // CHECK: [[@LINE+1]]:8: error: 'const' op cannot be lowered: f32[8192,8193] takes 268468224 bytes, more than the 268435456 a plan constant may take
  %c = const {value = 1.0} : () -> f32[8192,8193]
  return %c
}
// CHECK-NOT: error:
