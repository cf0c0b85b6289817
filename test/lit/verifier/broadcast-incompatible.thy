// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// A dimension of 3 cannot broadcast to 4.
module @m
graph @f(%b: f32[3]) -> f32[64,4] {
  // CHECK: [[@LINE+3]]:8: error: 'broadcast' op f32[3] does not broadcast to shape [64,4]
  // CHECK-NEXT: {{^}}  %y = broadcast %b : (f32[3]) -> f32[64,4]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %y = broadcast %b : (f32[3]) -> f32[64,4]
  return %y
}
// CHECK-NOT: {{(error|note):}}
