// cache_write and attention against NumPy (Inputs/attention_case.py, with
// repeated key/value heads and a masked score matrix): an f32 prefill of 4
// tokens at position 5 with 8 query heads over 2 key/value heads, and an f64
// decode step at position 3 with one key/value head per query head. The
// caches start with rows before the position from --state-in and NaN after
// the last row written; --state-out shows the new rows landed and nothing
// else changed, and the NaN rows did not reach the result.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/attention_case.py inputs %t
// RUN: thymosc %s -o %t/attention.plan
// RUN: thymos-run %t/attention.plan --entry prefill --input q=%t/prefill_q.npy \
// RUN:   --input k=%t/prefill_k.npy --input v=%t/prefill_v.npy --input pos=%t/prefill_pos.npy \
// RUN:   --state-in kc=%t/prefill_kc.npy --state-in vc=%t/prefill_vc.npy \
// RUN:   --state-out kc=%t/prefill_kc_after.npy --state-out vc=%t/prefill_vc_after.npy \
// RUN:   --output a=%t/prefill_y.npy
// RUN: thymos-run %t/attention.plan --entry decode --input q=%t/decode_q.npy \
// RUN:   --input k=%t/decode_k.npy --input v=%t/decode_v.npy --input pos=%t/decode_pos.npy \
// RUN:   --state-in kd=%t/decode_kc.npy --state-in vd=%t/decode_vc.npy \
// RUN:   --state-out kd=%t/decode_kc_after.npy --state-out vd=%t/decode_vc_after.npy \
// RUN:   --output a=%t/decode_y.npy
// RUN: %python %S/Inputs/attention_case.py check %t | FileCheck %s
// CHECK: prefill float32[4, 8, 8]: caches as written, relative error
// CHECK-NEXT: decode float64[1, 2, 4]: caches as written, relative error
// CHECK-NEXT: ok
module @attention

state @kc : f32[16,2,8]
state @vc : f32[16,2,8]
state @kd : f64[6,2,4]
state @vd : f64[6,2,4]

graph @prefill(%q: f32[4,8,8], %k: f32[4,2,8], %v: f32[4,2,8], %pos: i32[]) -> f32[4,8,8] state(%kc = @kc, %vc = @vc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[16,2,8], f32[4,2,8], i32[]) -> f32[16,2,8]
  %vc2 = cache_write %vc, %v, %pos : (f32[16,2,8], f32[4,2,8], i32[]) -> f32[16,2,8]
  %a = attention %q, %kc2, %vc2, %pos {scale = 0.35355339059327373} : (f32[4,8,8], f32[16,2,8], f32[16,2,8], i32[]) -> f32[4,8,8]
  update @kc = %kc2
  update @vc = %vc2
  return %a
}

graph @decode(%q: f64[1,2,4], %k: f64[1,2,4], %v: f64[1,2,4], %pos: i32[]) -> f64[1,2,4] state(%kd = @kd, %vd = @vd) {
  %kd2 = cache_write %kd, %k, %pos : (f64[6,2,4], f64[1,2,4], i32[]) -> f64[6,2,4]
  %vd2 = cache_write %vd, %v, %pos : (f64[6,2,4], f64[1,2,4], i32[]) -> f64[6,2,4]
  %a = attention %q, %kd2, %vd2, %pos {scale = 0.5} : (f64[1,2,4], f64[6,2,4], f64[6,2,4], i32[]) -> f64[1,2,4]
  update @kd = %kd2
  update @vd = %vd2
  return %a
}
