// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// A scalar is a tensor of rank 0 and prints as 'f32[]'.
module @m

// CHECK-LABEL: graph @f(%s: f32[], %i: i32[]) -> f32[] {
graph @f(%s: f32[ ], %i: i32[]) -> f32[] {
  // CHECK-NEXT: %t = neg %s : (f32[]) -> f32[]
  %t = neg %s : (f32[ ]) -> f32[]
  return %t
}
