// One llama-style transformer block for a sequence of 8 tokens: RMSNorm,
// multi-head causal self-attention (4 heads of 16), a SwiGLU feed-forward
// layer, both with residual connections. Weights are q4_0 matrices stored as
// [out, in] rows of blocks, so every projection uses transpose_b.
module @llama_block

graph @forward(%x: f32[8,64], %attn_norm: f32[64], %wq: q4_0[64,64], %wk: q4_0[64,64],
               %wv: q4_0[64,64], %wo: q4_0[64,64], %mask: f32[8,8], %ffn_norm: f32[64],
               %w_gate: q4_0[192,64], %w_up: q4_0[192,64], %w_down: q8_0[64,192])
    -> f32[8,64] {
  // Attention
  %n = rmsnorm %x, %attn_norm {epsilon = 1.0e-5} : (f32[8,64], f32[64]) -> f32[8,64]
  %q = matmul %n, %wq {transpose_b = true} : (f32[8,64], q4_0[64,64]) -> f32[8,64]
  %k = matmul %n, %wk {transpose_b = true} : (f32[8,64], q4_0[64,64]) -> f32[8,64]
  %v = matmul %n, %wv {transpose_b = true} : (f32[8,64], q4_0[64,64]) -> f32[8,64]
  %q3 = reshape %q : (f32[8,64]) -> f32[8,4,16]
  %k3 = reshape %k : (f32[8,64]) -> f32[8,4,16]
  %v3 = reshape %v : (f32[8,64]) -> f32[8,4,16]
  %qh = transpose %q3 {perm = [1, 0, 2]} : (f32[8,4,16]) -> f32[4,8,16]
  %kh = transpose %k3 {perm = [1, 2, 0]} : (f32[8,4,16]) -> f32[4,16,8]
  %vh = transpose %v3 {perm = [1, 0, 2]} : (f32[8,4,16]) -> f32[4,8,16]
  %scores = matmul %qh, %kh : (f32[4,8,16], f32[4,16,8]) -> f32[4,8,8]
  %scale = const {value = 0.25} : () -> f32[]
  %scaled = mul %scores, %scale : (f32[4,8,8], f32[]) -> f32[4,8,8]
  %masked = add %scaled, %mask : (f32[4,8,8], f32[8,8]) -> f32[4,8,8]
  %att = softmax %masked {axis = -1} : (f32[4,8,8]) -> f32[4,8,8]
  %ctx = matmul %att, %vh : (f32[4,8,8], f32[4,8,16]) -> f32[4,8,16]
  %ctx_t = transpose %ctx {perm = [1, 0, 2]} : (f32[4,8,16]) -> f32[8,4,16]
  %ctx2 = reshape %ctx_t : (f32[8,4,16]) -> f32[8,64]
  %attn_out = matmul %ctx2, %wo {transpose_b = true} : (f32[8,64], q4_0[64,64]) -> f32[8,64]
  %h = add %x, %attn_out : (f32[8,64], f32[8,64]) -> f32[8,64]

  // Feed-forward: w_down · (silu(w_gate · n) * (w_up · n))
  %m = rmsnorm %h, %ffn_norm {epsilon = 1.0e-5} : (f32[8,64], f32[64]) -> f32[8,64]
  %gate = matmul %m, %w_gate {transpose_b = true} : (f32[8,64], q4_0[192,64]) -> f32[8,192]
  %up = matmul %m, %w_up {transpose_b = true} : (f32[8,64], q4_0[192,64]) -> f32[8,192]
  %act = silu %gate : (f32[8,192]) -> f32[8,192]
  %gated = mul %act, %up : (f32[8,192], f32[8,192]) -> f32[8,192]
  %down = matmul %gated, %w_down {transpose_b = true} : (f32[8,192], q8_0[64,192]) -> f32[8,64]
  %out = add %h, %down : (f32[8,64], f32[8,64]) -> f32[8,64]
  return %out
}
