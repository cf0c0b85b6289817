// RUN: thymosc %s | FileCheck %s
// Every broadcasting binary op and every unary op, on the element types each accepts.
module @m

// CHECK-LABEL: graph @binary(%a: f32[64,1], %b: f32[1], %i: i32[2,3], %j: i32[3], %k: f64[4,1,2], %l: f64[3,1]) -> f32[64,1] {
graph @binary(%a: f32[64,1], %b: f32[1], %i: i32[2,3], %j: i32[3], %k: f64[4,1,2], %l: f64[3,1]) -> f32[64,1] {
  // CHECK-NEXT: %s = add %a, %b : (f32[64,1], f32[1]) -> f32[64,1]
  %s = add %a, %b : (f32[64,1], f32[1]) -> f32[64,1]
  // CHECK-NEXT: %d = sub %j, %i : (i32[3], i32[2,3]) -> i32[2,3]
  %d = sub %j, %i : (i32[3], i32[2,3]) -> i32[2,3]
  // CHECK-NEXT: %m = mul %k, %l : (f64[4,1,2], f64[3,1]) -> f64[4,3,2]
  %m = mul %k, %l : (f64[4,1,2], f64[3,1]) -> f64[4,3,2]
  // CHECK-NEXT: %q = div %s, %s : (f32[64,1], f32[64,1]) -> f32[64,1]
  %q = div %s, %s : (f32[64,1], f32[64,1]) -> f32[64,1]
  // CHECK-NEXT: return %q
  return %q
}

// CHECK-LABEL: graph @unary(%x: f32[4,8], %h: f64[2], %n: i32[5]) -> f32[4,8] {
graph @unary(%x: f32[4,8], %h: f64[2], %n: i32[5]) -> f32[4,8] {
  // CHECK-NEXT: %0 = neg %n : (i32[5]) -> i32[5]
  %0 = neg %n : (i32[5]) -> i32[5]
  // CHECK-NEXT: %1 = relu %n : (i32[5]) -> i32[5]
  %1 = relu %n : (i32[5]) -> i32[5]
  // CHECK-NEXT: %2 = exp %x : (f32[4,8]) -> f32[4,8]
  %2 = exp %x : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %3 = log %2 : (f32[4,8]) -> f32[4,8]
  %3 = log %2 : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %4 = sqrt %2 : (f32[4,8]) -> f32[4,8]
  %4 = sqrt %2 : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %5 = rsqrt %h : (f64[2]) -> f64[2]
  %5 = rsqrt %h : (f64[2]) -> f64[2]
  // CHECK-NEXT: %6 = sigmoid %x : (f32[4,8]) -> f32[4,8]
  %6 = sigmoid %x : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %7 = tanh %6 : (f32[4,8]) -> f32[4,8]
  %7 = tanh %6 : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %8 = gelu %7 : (f32[4,8]) -> f32[4,8]
  %8 = gelu %7 : (f32[4,8]) -> f32[4,8]
  // CHECK-NEXT: %9 = silu %h : (f64[2]) -> f64[2]
  %9 = silu %h : (f64[2]) -> f64[2]
  // CHECK-NEXT: return %8
  return %8
}
