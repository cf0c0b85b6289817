// A two-layer perceptron classifying 4 iris measurements into 3 classes:
// softmax(gelu(x·w1 + b1)·w2 + b2), with the class of highest probability.
module @mlp

graph @classify(%x: f32[16,4], %w1: f32[4,32], %b1: f32[32], %w2: f32[32,3],
                %b2: f32[3]) -> (f32[16,3], f32[16,1]) {
  %h0 = matmul %x, %w1 : (f32[16,4], f32[4,32]) -> f32[16,32]
  %h1 = add %h0, %b1 : (f32[16,32], f32[32]) -> f32[16,32]
  %h = gelu %h1 : (f32[16,32]) -> f32[16,32]
  %o0 = matmul %h, %w2 : (f32[16,32], f32[32,3]) -> f32[16,3]
  %logits = add %o0, %b2 : (f32[16,3], f32[3]) -> f32[16,3]
  %probs = softmax %logits {axis = -1} : (f32[16,3]) -> f32[16,3]
  %best = max %probs {axes = [1], keepdims = true} : (f32[16,3]) -> f32[16,1]
  return %probs, %best
}
