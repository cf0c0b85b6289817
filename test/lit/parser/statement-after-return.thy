// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// 'return' must be the graph's last statement.
module @m

graph @f(%x: f32[4]) -> f32[4] {
  return %x
  // CHECK: [[@LINE+3]]:3: error: expected '}' after 'return': it must be the graph's last statement, found '%y'
  // CHECK-NEXT: {{^}}  %y = exp %x : (f32[4]) -> f32[4]{{$}}
  // CHECK-NEXT: {{^}}  ^{{$}}
  %y = exp %x : (f32[4]) -> f32[4]
}
