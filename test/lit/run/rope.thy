// rope against NumPy (Inputs/rope_case.py: Meta's complex-number form):
// f32 with every dimension rotated and positions up to 100000, f64 with half
// of each head rotated and another freq_base.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/rope_case.py inputs %t
// RUN: thymosc %s -o %t/rope.plan
// RUN: thymos-run %t/rope.plan --input x=%t/x.npy --input pos=%t/pos.npy \
// RUN:   --input xd=%t/xd.npy --input posd=%t/posd.npy --output y=%t/y.npy --output z=%t/z.npy
// RUN: %python %S/Inputs/rope_case.py check %t | FileCheck %s
// CHECK: y float32[5, 3, 8]: relative error
// CHECK-NEXT: z float64[2, 2, 6]: relative error
// CHECK-NEXT: ok
module @rope

graph @rope(%x: f32[5,3,8], %pos: i32[5], %xd: f64[2,2,6], %posd: i32[2]) -> (f32[5,3,8], f64[2,2,6]) {
  %y = rope %x, %pos {rotary_dims = 8} : (f32[5,3,8], i32[5]) -> f32[5,3,8]
  %z = rope %xd, %posd {freq_base = 500000.0, rotary_dims = 4} : (f64[2,2,6], i32[2]) -> f64[2,2,6]
  return %y, %z
}
