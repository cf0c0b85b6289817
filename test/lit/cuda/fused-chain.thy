// RUN: thymosc %s --target=cuda --emit=cuda | FileCheck %s
// After fusion, add -> gelu -> mul (with two broadcast operands) is one
// kernel: one thread per output element, the output's coordinates computed
// once, each instruction an expression in a register, f32 math functions.
module @m

graph @chain(%x: f32[8,64], %b: f32[64], %s: f32[8,1]) -> f32[8,64] {
  %h = add %x, %b : (f32[8,64], f32[64]) -> f32[8,64]
  %g = gelu %h : (f32[8,64]) -> f32[8,64]
  %y = mul %g, %s : (f32[8,64], f32[8,1]) -> f32[8,64]
  return %y
}

// The prelude comes first, with no #include (NVRTC needs no header).
// CHECK-NOT: #include
// CHECK: __device__ __forceinline__ float thy_f16_to_f32(unsigned short h)
// CHECK: // step 0: fused
// CHECK-NEXT: extern "C" __global__ void thy_step0_fused(const float *in0, const float *in1, const float *in2, float *out) {
// CHECK-NEXT:   const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
// CHECK-NEXT:   if (i >= 512LL) return;
// CHECK-NEXT:   long long rest = i;
// CHECK-NEXT:   const long long c1 = rest % 64LL; rest /= 64LL;
// CHECK-NEXT:   const long long c0 = rest % 8LL; rest /= 8LL;
// CHECK-NEXT:   (void)rest;
// CHECK-NEXT:   const float r0 = (in0[i] + in1[c1 * 1LL]);
// CHECK-NEXT:   const float r1 = (0.5f * r0 * (1.0f + tanhf(0.797884583f * (r0 + 0.0447149985f * r0 * r0 * r0))));
// CHECK-NEXT:   const float r2 = (r1 * in2[c0 * 1LL]);
// CHECK-NEXT:   out[i] = r2;
// CHECK-NEXT: }
// CHECK-NOT: __global__
