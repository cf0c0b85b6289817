// Token embedding and output head of a tiny language model: look up 4 token
// ids in a q8_0 table (dequantized to f32), mix in a learned position table,
// and produce next-token probabilities for the last position.
module @embedding

graph @next_token(%ids: i32[4], %table: q8_0[512,64], %pos: f32[16,64], %head: f32[64,512])
    -> f32[1,512] {
  %tok = gather %table, %ids {axis = 0} : (q8_0[512,64], i32[4]) -> f32[4,64]
  %p = slice %pos {starts = [0, 0], ends = [4, 64]} : (f32[16,64]) -> f32[4,64]
  %h = add %tok, %p : (f32[4,64], f32[4,64]) -> f32[4,64]
  %last = slice %h {starts = [3, 0], ends = [4, 64]} : (f32[4,64]) -> f32[1,64]
  %logits = matmul %last, %head : (f32[1,64], f32[64,512]) -> f32[1,512]
  %probs = softmax %logits : (f32[1,512]) -> f32[1,512]
  return %probs
}

// The same head in half precision, converting at the edges.
graph @next_token_f16(%last: f32[1,64], %head: f16[64,512]) -> f32[1,512] {
  %l16 = cast %last : (f32[1,64]) -> f16[1,64]
  %logits = matmul %l16, %head : (f16[1,64], f16[64,512]) -> f16[1,512]
  %probs = softmax %logits : (f16[1,512]) -> f16[1,512]
  %out = cast %probs : (f16[1,512]) -> f32[1,512]
  return %out
}
