// RUN: not thymosc %s 2>&1 | FileCheck --strict-whitespace %s
// triangular_solve's a must be square.
module @m
graph @f(%a: f64[8,7], %b: f64[8,1]) -> f64[8,1] {
  // CHECK: [[@LINE+3]]:8: error: 'triangular_solve' op a must be square matrices [..., n, n], got f64[8,7]
  // CHECK-NEXT: {{^}}  %x = triangular_solve %a, %b : (f64[8,7], f64[8,1]) -> f64[8,1]{{$}}
  // CHECK-NEXT: {{^}}       ^{{$}}
  %x = triangular_solve %a, %b : (f64[8,7], f64[8,1]) -> f64[8,1]
  return %x
}
// CHECK-NOT: {{(error|note):}}
