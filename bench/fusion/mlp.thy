// The MLP of examples/mlp.thy at a size where memory traffic shows:
// gelu(x·w1 + b1)·w2 + b2 on 256 rows with a hidden width of 4096.
module @mlp_large

graph @mlp(%x: f32[256,256], %w1: f32[256,4096], %b1: f32[4096], %w2: f32[4096,256],
           %b2: f32[256]) -> f32[256,256] {
  %h0 = matmul %x, %w1 : (f32[256,256], f32[256,4096]) -> f32[256,4096]
  %h1 = add %h0, %b1 : (f32[256,4096], f32[4096]) -> f32[256,4096]
  %h = gelu %h1 : (f32[256,4096]) -> f32[256,4096]
  %o = matmul %h, %w2 : (f32[256,4096], f32[4096,256]) -> f32[256,256]
  %y = add %o, %b2 : (f32[256,256], f32[256]) -> f32[256,256]
  return %y
}
