// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// A matmul of 64 rows (a prompt's tokens) against Q4_0 weight rows is a
// cuBLAS GEMM: its kernel is the prologue that writes the weights
// dequantized to f16 (ggml's layout: f16 scale, low nibbles elements 0..15,
// high ones 16..31, minus 8) and then the activations rounded to f16, into
// the GEMM scratch. f32 weights are read in place: the prologue is empty.
// One row short of 32 stays a matrix-vector kernel.
module @m

graph @main(%x: f32[64,128], %w: q4_0[40,128], %f: f32[128,40], %r: f32[31,128]) -> (f32[64,40], f32[64,40], f32[31,40]) {
  %y = matmul %x, %w {transpose_b = true} : (f32[64,128], q4_0[40,128]) -> f32[64,40]
  %z = matmul %x, %f : (f32[64,128], f32[128,40]) -> f32[64,40]
  %v = matmul %r, %w {transpose_b = true} : (f32[31,128], q4_0[40,128]) -> f32[31,40]
  return %y, %z, %v
}

// CHECK-LABEL: // step 0: matmul
// CHECK-NEXT: extern "C" __global__ void thy_step0_matmul(const float *in0, const unsigned char *in1, float *out, unsigned short *__restrict__ scratch) {
// CHECK-NEXT:   // cuBLAS GEMM 64 x 40 x 128: the prologue writes its operands
// 40 x 128 weights, then 64 x 128 activations.
// CHECK-NEXT:   for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < 13312LL;
// CHECK:          if (i >= 5120LL) {
// CHECK-NEXT:       scratch[i] = thy_f32_to_f16(in0[i - 5120LL]);
// A row is 4 blocks of 18 bytes.
// CHECK:          const unsigned char *block = in1 + (i / 128LL) * 72LL + e / 32 * 18LL;
// CHECK-NEXT:     scratch[i] = thy_f32_to_f16(thy_f16_to_f32((unsigned short)(block[0] | (block[1] << 8))) * (float)((e % 32 < 16 ? block[2 + e % 16] & 15 : block[2 + e % 16] >> 4) - 8));
// CHECK-LABEL: // step 1: matmul
// CHECK:        // (none: f32 operands are read in place)
// CHECK-NEXT: }
// CHECK-LABEL: // step 2: matmul
// CHECK-NEXT: extern "C" __global__ void thy_step2_matmul(const float *in0, const unsigned char *in1, float *out) {
// CHECK-NEXT:   const long long row = blockIdx.y;
