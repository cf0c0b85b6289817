// RUN: thymosc %s > %t.1 && thymosc %t.1 > %t.2 && diff %t.1 %t.2
// RUN: FileCheck %s < %t.1
// Floats print as the shortest text that reads back to the same double, fixed
// or scientific, whichever is shorter (an exponent keeps its sign and two
// digits), and always with a '.' or an exponent so that they stay floats.
module @m

// CHECK-LABEL: graph @f(
graph @f(%x: f32[4]) -> f32[4] {
  // CHECK: {epsilon = 1e-05}
  %a = rmsnorm %x, %x {epsilon = 0.0000100000} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 0.1}
  %b = rmsnorm %a, %x {epsilon = 0.1000000000000000055511151231257827} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 3.0}
  %c = rmsnorm %b, %x {epsilon = 3.000} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 123456789.125}
  %d = rmsnorm %c, %x {epsilon = 1.23456789125e8} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 1.5e+20}
  %e = rmsnorm %d, %x {epsilon = 150000000000000000000.0} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 0.30000000000000004}
  %f = rmsnorm %e, %x {epsilon = 0.30000000000000004} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 5e-324}
  %g = rmsnorm %f, %x {epsilon = 4.9406564584124654e-324} : (f32[4], f32[4]) -> f32[4]
  // The shortest digits that read back exactly can differ from the correctly
  // rounded ones of the same length (2^-1017 needs 16 digits, not 17).
  // CHECK: {epsilon = 7.120236347223045e-307}
  %h = rmsnorm %g, %x {epsilon = 7.1202363472230444e-307} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 0.00012}
  %i = rmsnorm %h, %x {epsilon = 1.2e-4} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 1e+05}
  %j = rmsnorm %i, %x {epsilon = 100000.0} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 1e+16}
  %k = rmsnorm %j, %x {epsilon = 10000000000000000.0} : (f32[4], f32[4]) -> f32[4]
  // CHECK: {epsilon = 100.0}
  %l = rmsnorm %k, %x {epsilon = 1e2} : (f32[4], f32[4]) -> f32[4]
  return %l
}
