// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// A decode step: the key and value rows written into the state caches, then
// attention over positions 0 .. pos. The position is device data (in3), so
// the launches are the same for every token; a position outside the cache
// records a fault (code 3, RowsOutsideCache) instead of writing.
module @kv

state @kc : f32[1024,2,8]
state @vc : f32[1024,2,8]

graph @decode(%q: f32[1,8,8], %k: f32[1,2,8], %v: f32[1,2,8], %pos: i32[]) -> f32[1,8,8] state(%kc = @kc, %vc = @vc) {
  %kc2 = cache_write %kc, %k, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %vc2 = cache_write %vc, %v, %pos : (f32[1024,2,8], f32[1,2,8], i32[]) -> f32[1024,2,8]
  %a = attention %q, %kc2, %vc2, %pos {scale = 0.35355339059327373} : (f32[1,8,8], f32[1024,2,8], f32[1024,2,8], i32[]) -> f32[1,8,8]
  update @kc = %kc2
  update @vc = %vc2
  return %a
}

// CHECK: // step 0: cache_write
// CHECK-NEXT: extern "C" __global__ void thy_step0_cache_write(const float *in0, const float *in1, const int *in2, float *out, unsigned int *fault) {
// CHECK:        const int pos = *in2;
// CHECK-NEXT:   if (pos < 0 || (long long)pos + 1LL > 1024LL) {
// CHECK-NEXT:     if (i == 0) thy_fault(fault, 3u, 0u, (unsigned int)(pos));
// In place (the state's own buffer) only the new rows are written.
// CHECK:        if ((const void *)out != (const void *)in0)
// CHECK:        if (i < 16LL) out[(long long)pos * 16LL + i] = in1[i];
// CHECK: // step 2: attention
// CHECK-NEXT: extern "C" __global__ void thy_step2_attention(const float *in0, const float *in1, const float *in2, const int *in3, float *out, unsigned int *fault) {
// CHECK-NEXT:   __shared__ double scores[1024];
// Eight query heads share two key/value heads.
// CHECK:        const long long g = head / 4LL;
// CHECK:        const long long keys = (long long)pos + t + 1;
// CHECK:        scores[j] = dot * 0.35355339059327373;
// CHECK:        top = thy_block_max(top, partial);
// CHECK:        sum = thy_block_sum(sum, partial);
// CHECK:        out[(t * 8LL + head) * 8LL + e] = (float)(acc / sum);
