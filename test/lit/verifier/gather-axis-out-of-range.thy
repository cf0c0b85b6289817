// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// The gather axis is outside the data rank.
module @m
graph @f(%t: f32[100,16], %i: i32[8]) -> f32[8,16] {
  // CHECK: [[@LINE+3]]:8: error: 'gather' op axis 2 is out of range for data of rank 2
  // CHECK-NEXT: {{^}}  %e = gather %t, %i {axis = 2} : (f32[100,16], i32[8]) -> f32[8,16]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %e = gather %t, %i {axis = 2} : (f32[100,16], i32[8]) -> f32[8,16]
  return %e
}
// CHECK-NOT: {{(error|note):}}
