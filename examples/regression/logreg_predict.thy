// Logistic regression on 30 standardised features: probabilities and the mean
// binary cross-entropy over a batch of 32 labelled rows.
module @logreg

graph @predict(%x: f32[32,30], %w: f32[30,1], %b: f32[1]) -> f32[32,1] {
  %z = matmul %x, %w : (f32[32,30], f32[30,1]) -> f32[32,1]
  %logit = add %z, %b : (f32[32,1], f32[1]) -> f32[32,1]
  %p = sigmoid %logit : (f32[32,1]) -> f32[32,1]
  return %p
}

// loss = -mean(y·log(p) + (1-y)·log(1-p))
graph @loss(%p: f32[32,1], %y: f32[32,1]) -> f32[] {
  %one = const {value = 1.0} : () -> f32[1]
  %log_p = log %p : (f32[32,1]) -> f32[32,1]
  %q = sub %one, %p : (f32[1], f32[32,1]) -> f32[32,1]
  %log_q = log %q : (f32[32,1]) -> f32[32,1]
  %not_y = sub %one, %y : (f32[1], f32[32,1]) -> f32[32,1]
  %a = mul %y, %log_p : (f32[32,1], f32[32,1]) -> f32[32,1]
  %c = mul %not_y, %log_q : (f32[32,1], f32[32,1]) -> f32[32,1]
  %ll = add %a, %c : (f32[32,1], f32[32,1]) -> f32[32,1]
  %mean = mean %ll {axes = [0, 1]} : (f32[32,1]) -> f32[]
  %loss = neg %mean : (f32[]) -> f32[]
  return %loss
}
