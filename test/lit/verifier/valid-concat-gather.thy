// RUN: thymosc %s | FileCheck %s
// concat with one and three inputs and negative axes; gather from float and quantized tables.
module @m

// CHECK-LABEL: graph @join(%a: f32[4,2], %b: f32[4,3], %c: f32[4,1], %t: f32[100,16], %q: q4_0[100,64], %i: i32[2,8]) -> f32[4,6] {
graph @join(%a: f32[4,2], %b: f32[4,3], %c: f32[4,1], %t: f32[100,16], %q: q4_0[100,64], %i: i32[2,8]) -> f32[4,6] {
  // CHECK-NEXT: %one = concat %a {axis = 0} : (f32[4,2]) -> f32[4,2]
  %one = concat %a {axis = 0} : (f32[4,2]) -> f32[4,2]
  // CHECK-NEXT: %abc = concat %a, %b, %c {axis = -1} : (f32[4,2], f32[4,3], f32[4,1]) -> f32[4,6]
  %abc = concat %a, %b, %c {axis = -1} : (f32[4,2], f32[4,3], f32[4,1]) -> f32[4,6]
  // CHECK-NEXT: %rows = gather %t, %i : (f32[100,16], i32[2,8]) -> f32[2,8,16]
  %rows = gather %t, %i : (f32[100,16], i32[2,8]) -> f32[2,8,16]
  // CHECK-NEXT: %cols = gather %t, %i {axis = -1} : (f32[100,16], i32[2,8]) -> f32[100,2,8]
  %cols = gather %t, %i {axis = -1} : (f32[100,16], i32[2,8]) -> f32[100,2,8]
  // CHECK-NEXT: %emb = gather %q, %i {axis = 0} : (q4_0[100,64], i32[2,8]) -> f32[2,8,64]
  %emb = gather %q, %i {axis = 0} : (q4_0[100,64], i32[2,8]) -> f32[2,8,64]
  // CHECK-NEXT: return %abc
  return %abc
}
