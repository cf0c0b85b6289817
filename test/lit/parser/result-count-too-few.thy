// RUN: not thymosc %s 2>&1 | FileCheck %s
// One result name for a codomain of two types.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: [[@LINE+1]]:3: error: 1 result name but the codomain lists 2 types{{$}}
  %a = exp %x : (f32[4]) -> (f32[4], f32[4])
  return %a
}
