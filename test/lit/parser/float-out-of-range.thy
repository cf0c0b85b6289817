// RUN: not thymosc %s 2>&1 | FileCheck %s
// A float literal beyond the largest double is an error, not infinity.
module @m

graph @f() -> f32[] {
  // CHECK: [[@LINE+3]]:23: error: number '1.0e999' is out of range for f64
  // CHECK-NEXT: {{^}}  %c = const {value = 1.0e999} : () -> f32[]{{$}}
  // CHECK-NEXT: {{^}}                      ^{{$}}
  %c = const {value = 1.0e999} : () -> f32[]
  return %c
}
