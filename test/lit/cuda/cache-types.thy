// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// f16 and q8_0 key/value caches on CUDA: cache_write rounds the new f32 rows
// to f16, or quantizes them one block of 32 per thread (ggml's reference:
// scale amax / 127 in f16, values rounded half away from zero); attention
// reads each element as the value the cache holds.
module @m

state @kh : f16[64,2,32]
state @kq : q8_0[64,2,32]

graph @step(%k: f32[1,2,32], %q: f32[1,4,32], %pos: i32[]) -> (f32[1,4,32], f32[1,4,32]) state(%h = @kh, %c = @kq) {
  %h2 = cache_write %h, %k, %pos : (f16[64,2,32], f32[1,2,32], i32[]) -> f16[64,2,32]
  %c2 = cache_write %c, %k, %pos : (q8_0[64,2,32], f32[1,2,32], i32[]) -> q8_0[64,2,32]
  %a = attention %q, %h2, %h2, %pos {scale = 0.25} : (f32[1,4,32], f16[64,2,32], f16[64,2,32], i32[]) -> f32[1,4,32]
  %b = attention %q, %c2, %c2, %pos {scale = 0.25} : (f32[1,4,32], q8_0[64,2,32], q8_0[64,2,32], i32[]) -> f32[1,4,32]
  update @kh = %h2
  update @kq = %c2
  return %a, %b
}

// CHECK-LABEL: // step 0: cache_write
// CHECK: (const unsigned short *in0, const float *in1, const int *in2, unsigned short *out, unsigned int *fault)
// CHECK: if (i < 64LL) out[(long long)pos * 64LL + i] = thy_f32_to_f16(in1[i]);
// CHECK-LABEL: // step 1: cache_write
// CHECK: (const unsigned char *in0, const float *in1, const int *in2, unsigned char *out, unsigned int *fault)
// Two blocks of 32 per row of 64 elements, 68 bytes.
// CHECK: if (i >= 2LL) return;
// CHECK: const float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
// CHECK: unsigned char *block = out + (long long)pos * 68LL + i * 34;
// CHECK: const float v = roundf(x[e] * id);
// CHECK-LABEL: // step 2: attention
// CHECK: dot += (double)query[e] * (double)thy_f16_to_f32(in1[j * 64LL + g * 32LL + e]);
// CHECK-LABEL: // step 3: attention
// CHECK: dot += (double)query[e] * ((double)thy_f16_to_f32((unsigned short)((in1 + j * 68LL + (g * 32LL + e) / 32 * 34)[0]
