// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// A matrix-vector product against Q4_0 weight rows ([n, k], transpose_b):
// one warp per output element, each lane dequantizing whole blocks of 32 in
// ggml's layout (f16 scale; low nibbles are elements 0..15, high ones
// 16..31; minus 8), then a warp sum.
module @m

graph @main(%x: f32[1,128], %w: q4_0[40,128]) -> f32[1,40] {
  %y = matmul %x, %w {transpose_b = true} : (f32[1,128], q4_0[40,128]) -> f32[1,40]
  return %y
}

// CHECK: // step 0: matmul
// CHECK-NEXT: extern "C" __global__ void thy_step0_matmul(const float *in0, const unsigned char *in1, float *out) {
// CHECK-NEXT:   const long long row = blockIdx.y;
// CHECK-NEXT:   const long long j = (long long)blockIdx.x * 8LL + threadIdx.x / 32;
// CHECK-NEXT:   const int lane = threadIdx.x % 32;
// CHECK-NEXT:   if (j >= 40LL) return;
// CHECK-NEXT:   const float *x = in0 + row * 128LL;
// CHECK-NEXT:   float sum = 0;
// A row is 4 blocks of 18 bytes.
// CHECK-NEXT:   const unsigned char *wr = in1 + j * 72LL;
// CHECK-NEXT:   for (long long b = lane; b < 4LL; b += 32) {
// CHECK-NEXT:     const unsigned char *block = wr + b * 18LL;
// CHECK-NEXT:     const float d = thy_f16_to_f32((unsigned short)(block[0] | (block[1] << 8)));
// CHECK:            dot += (float)((block[2 + e] & 15) - 8) * xb[e];
// CHECK-NEXT:       dot += (float)((block[2 + e] >> 4) - 8) * xb[e + 16];
// CHECK:          sum += __shfl_xor_sync(0xffffffffu, sum, offset);
// CHECK-NEXT:   if (lane == 0) out[row * 40LL + j] = sum;
