// REQUIRES: nvrtc
// K-quant weights on the CUDA target: the matrix-vector product (a warp per
// output, its lanes reading consecutive elements through the prelude's
// thy_q*_k_value), the GEMM prologue of a 64-row product (weights to f16),
// the embedding gather, and rope_scaled (the angle divided by the pair's
// factor). NVRTC compiles all of it.
// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// RUN: thymosc %s --target=cuda --emit=ptx --cuda-arch=sm_87 | FileCheck %s --check-prefix=PTX
module @m

graph @main(%x: f32[1,256], %xs: f32[64,256], %ids: i32[2], %w4: q4_k[40,256],
            %w5: q5_k[40,256], %w6: q6_k[40,256], %q: f32[1,2,8], %pos: i32[1],
            %f: f32[4])
    -> (f32[1,40], f32[1,40], f32[64,40], f32[2,256], f32[1,2,8]) {
  %a = matmul %x, %w4 {transpose_b = true} : (f32[1,256], q4_k[40,256]) -> f32[1,40]
  %b = matmul %x, %w5 {transpose_b = true} : (f32[1,256], q5_k[40,256]) -> f32[1,40]
  %c = matmul %xs, %w6 {transpose_b = true} : (f32[64,256], q6_k[40,256]) -> f32[64,40]
  %e = gather %w6, %ids {axis = 0} : (q6_k[40,256], i32[2]) -> f32[2,256]
  %r = rope_scaled %q, %pos, %f {freq_base = 500000.0, rotary_dims = 8} : (f32[1,2,8], i32[1], f32[4]) -> f32[1,2,8]
  return %a, %b, %c, %e, %r
}

// CHECK: __device__ float thy_q4_k_value(const unsigned char *row, long long e) {
// CHECK: __device__ float thy_q5_k_value(const unsigned char *row, long long e) {
// CHECK: __device__ float thy_q6_k_value(const unsigned char *row, long long e) {
// CHECK: // step 0: matmul
// A row of 256 is one super-block: 144 bytes.
// CHECK:   const unsigned char *wr = in1 + j * 144LL;
// CHECK-NEXT:   for (long long p = lane; p < 256LL; p += 32) sum += thy_q4_k_value(wr, p) * x[p];
// CHECK: // step 1: matmul
// CHECK:   const unsigned char *wr = in1 + j * 176LL;
// CHECK-NEXT:   for (long long p = lane; p < 256LL; p += 32) sum += thy_q5_k_value(wr, p) * x[p];
// CHECK: // step 2: matmul
// CHECK: // cuBLAS GEMM 64 x 40 x 256: the prologue writes its operands
// CHECK:     scratch[i] = thy_f32_to_f16(thy_q6_k_value(in1 + (i / 256LL) * 210LL, e));
// CHECK: // step 3: gather
// CHECK:   out[i] = thy_q6_k_value(in0 + (long long)index * 210LL, inner);
// CHECK: // step 4: rope_scaled
// CHECK: / (double)in2[pair];
// PTX: .visible .entry thy_step0_matmul(
// PTX: .visible .entry thy_step2_matmul(
// PTX: .visible .entry thy_step3_gather(
// PTX: .visible .entry thy_step4_rope_scaled(
