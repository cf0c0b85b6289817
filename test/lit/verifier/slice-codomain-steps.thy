// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// With steps [3, 1], rows 1, 4 and 7 of 8 are kept: the codomain says 2 rows.
module @m
graph @f(%x: f32[8,4]) -> f32[2,4] {
  // CHECK: [[@LINE+1]]:82: error: 'slice' op codomain is f32[2,4], but the domain (f32[8,4]) gives f32[3,4]
  %s = slice %x {starts = [1, 0], ends = [8, 4], steps = [3, 1]} : (f32[8,4]) -> f32[2,4]
  return %s
}
// CHECK-NOT: {{(error|note):}}
