// RUN: thymosc %s | FileCheck %s
// RUN: thymosc %s | thymosc - | FileCheck %s
// cache_write into a state cache (f32, rank 3, one row) and into a graph
// argument (f64, rank 2, several rows); the text prints back unchanged.
module @m

// CHECK: state @kc : f32[16,2,8]
state @kc : f32[16,2,8]

// CHECK-LABEL: graph @write(%k: f32[1,2,8], %v: f64[3,4], %c: f64[6,4], %pos: i32[]) -> f64[6,4] state(%old = @kc) {
graph @write(%k: f32[1,2,8], %v: f64[3,4], %c: f64[6,4], %pos: i32[]) -> f64[6,4] state(%old = @kc) {
  // CHECK-NEXT: %kc = cache_write %old, %k, %pos : (f32[16,2,8], f32[1,2,8], i32[]) -> f32[16,2,8]
  %kc = cache_write %old, %k, %pos : (f32[16,2,8], f32[1,2,8], i32[]) -> f32[16,2,8]
  // CHECK-NEXT: %c2 = cache_write %c, %v, %pos : (f64[6,4], f64[3,4], i32[]) -> f64[6,4]
  %c2 = cache_write %c, %v, %pos : (f64[6,4], f64[3,4], i32[]) -> f64[6,4]
  // CHECK-NEXT: update @kc = %kc
  update @kc = %kc
  // CHECK-NEXT: return %c2
  return %c2
}
