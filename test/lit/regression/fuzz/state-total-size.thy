// RUN: not thymosc %s --emit=none 2>&1 | FileCheck %s
// The states of a module take at most 2^61 bytes together. Without a bound,
// four states of 2^62 bytes wrapped around 2^64 when CPU lowering laid them
// out one after another, and thymosc wrote a plan that thymos-run rejected
// (found by the compile fuzz target; test/fuzz-regressions/compile/). Here
// each state is 2^60 bytes: two reach the bound exactly, the third crosses
// it, and the error is at that state's type, once.
module @m
state @a : f32[536870912,536870912]
state @b : f32[536870912,536870912]
// CHECK: [[@LINE+1]]:12: error: state @c brings the module's state to more than 2^61 bytes
state @c : f32[536870912,536870912]
state @d : f32[536870912,536870912]
graph @f(%x: f32[1]) -> f32[1] {
  return %x
}
// CHECK-NOT: error:
