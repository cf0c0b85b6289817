// Logistic regression on the breast-cancer data (455 training rows, 114 test
// rows, 30 features), trained in the graph by full-batch gradient descent.
//
//   @fit_scaler  stores the training features' mean and population std
//   @train_step  one update: dw = Xᵀ(σ(Xw+b) − y)/n, db = mean(σ(Xw+b) − y),
//                w -= 0.1·dw, b -= 0.1·db; returns the loss before the update
//   @loss        mean cross-entropy of the current weights on labelled rows
//   @evaluate    accuracy and mean cross-entropy on the test rows
//
// Run by examples/demos.sh: thymos-run --entry train_step --repeat 1000 ...
module @logreg

state @mu : f64[30]
state @sigma : f64[30]
state @w : f64[30,1]
state @b : f64[1]

graph @fit_scaler(%x: f64[455,30]) -> (f64[30], f64[30]) {
  %mu = mean %x {axes = [0]} : (f64[455,30]) -> f64[30]
  %d = sub %x, %mu : (f64[455,30], f64[30]) -> f64[455,30]
  %d2 = mul %d, %d : (f64[455,30], f64[455,30]) -> f64[455,30]
  %var = mean %d2 {axes = [0]} : (f64[455,30]) -> f64[30]
  %sigma = sqrt %var : (f64[30]) -> f64[30]
  update @mu = %mu
  update @sigma = %sigma
  return %mu, %sigma
}

graph @train_step(%x: f64[455,30], %y: f64[455,1]) -> f64[]
    state(%mu = @mu, %sigma = @sigma, %w = @w, %b = @b) {
  %xc = sub %x, %mu : (f64[455,30], f64[30]) -> f64[455,30]
  %xs = div %xc, %sigma : (f64[455,30], f64[30]) -> f64[455,30]
  %z = matmul %xs, %w : (f64[455,30], f64[30,1]) -> f64[455,1]
  %logit = add %z, %b : (f64[455,1], f64[1]) -> f64[455,1]
  %p = sigmoid %logit : (f64[455,1]) -> f64[455,1]
  // Gradient of the mean cross-entropy.
  %r = sub %p, %y : (f64[455,1], f64[455,1]) -> f64[455,1]
  %xt = transpose %xs {perm = [1, 0]} : (f64[455,30]) -> f64[30,455]
  %g = matmul %xt, %r : (f64[30,455], f64[455,1]) -> f64[30,1]
  %inv_n = const {value = 0.002197802197802198} : () -> f64[]
  %dw = mul %g, %inv_n : (f64[30,1], f64[]) -> f64[30,1]
  %db = mean %r {axes = [0]} : (f64[455,1]) -> f64[1]
  %lr = const {value = 0.1} : () -> f64[]
  %step_w = mul %dw, %lr : (f64[30,1], f64[]) -> f64[30,1]
  %step_b = mul %db, %lr : (f64[1], f64[]) -> f64[1]
  %w_next = sub %w, %step_w : (f64[30,1], f64[30,1]) -> f64[30,1]
  %b_next = sub %b, %step_b : (f64[1], f64[1]) -> f64[1]
  // The loss at the weights this step started from.
  %one = const {value = 1.0} : () -> f64[]
  %log_p = log %p : (f64[455,1]) -> f64[455,1]
  %q = sub %one, %p : (f64[], f64[455,1]) -> f64[455,1]
  %log_q = log %q : (f64[455,1]) -> f64[455,1]
  %not_y = sub %one, %y : (f64[], f64[455,1]) -> f64[455,1]
  %a = mul %y, %log_p : (f64[455,1], f64[455,1]) -> f64[455,1]
  %c = mul %not_y, %log_q : (f64[455,1], f64[455,1]) -> f64[455,1]
  %ll = add %a, %c : (f64[455,1], f64[455,1]) -> f64[455,1]
  %mean_ll = mean %ll {axes = [0, 1]} : (f64[455,1]) -> f64[]
  %loss = neg %mean_ll : (f64[]) -> f64[]
  update @w = %w_next
  update @b = %b_next
  return %loss
}

graph @loss(%x: f64[455,30], %y: f64[455,1]) -> f64[]
    state(%mu = @mu, %sigma = @sigma, %w = @w, %b = @b) {
  %xc = sub %x, %mu : (f64[455,30], f64[30]) -> f64[455,30]
  %xs = div %xc, %sigma : (f64[455,30], f64[30]) -> f64[455,30]
  %z = matmul %xs, %w : (f64[455,30], f64[30,1]) -> f64[455,1]
  %logit = add %z, %b : (f64[455,1], f64[1]) -> f64[455,1]
  %p = sigmoid %logit : (f64[455,1]) -> f64[455,1]
  %one = const {value = 1.0} : () -> f64[]
  %log_p = log %p : (f64[455,1]) -> f64[455,1]
  %q = sub %one, %p : (f64[], f64[455,1]) -> f64[455,1]
  %log_q = log %q : (f64[455,1]) -> f64[455,1]
  %not_y = sub %one, %y : (f64[], f64[455,1]) -> f64[455,1]
  %a = mul %y, %log_p : (f64[455,1], f64[455,1]) -> f64[455,1]
  %c = mul %not_y, %log_q : (f64[455,1], f64[455,1]) -> f64[455,1]
  %ll = add %a, %c : (f64[455,1], f64[455,1]) -> f64[455,1]
  %mean_ll = mean %ll {axes = [0, 1]} : (f64[455,1]) -> f64[]
  %loss = neg %mean_ll : (f64[]) -> f64[]
  return %loss
}

graph @evaluate(%x: f64[114,30], %y: f64[114,1]) -> (f64[], f64[], f64[114,1])
    state(%mu = @mu, %sigma = @sigma, %w = @w, %b = @b) {
  %xc = sub %x, %mu : (f64[114,30], f64[30]) -> f64[114,30]
  %xs = div %xc, %sigma : (f64[114,30], f64[30]) -> f64[114,30]
  %z = matmul %xs, %w : (f64[114,30], f64[30,1]) -> f64[114,1]
  %logit = add %z, %b : (f64[114,1], f64[1]) -> f64[114,1]
  %p = sigmoid %logit : (f64[114,1]) -> f64[114,1]
  // Accuracy: the class is round(p) = trunc(p + 0.5) for p in [0, 1], and a
  // prediction is wrong exactly when (class - y)² = 1.
  %half = const {value = 0.5} : () -> f64[]
  %shifted = add %p, %half : (f64[114,1], f64[]) -> f64[114,1]
  %class_i = cast %shifted : (f64[114,1]) -> i32[114,1]
  %class = cast %class_i : (i32[114,1]) -> f64[114,1]
  %miss = sub %class, %y : (f64[114,1], f64[114,1]) -> f64[114,1]
  %miss2 = mul %miss, %miss : (f64[114,1], f64[114,1]) -> f64[114,1]
  %error_rate = mean %miss2 {axes = [0, 1]} : (f64[114,1]) -> f64[]
  %one = const {value = 1.0} : () -> f64[]
  %accuracy = sub %one, %error_rate : (f64[], f64[]) -> f64[]
  // Log-loss.
  %log_p = log %p : (f64[114,1]) -> f64[114,1]
  %q = sub %one, %p : (f64[], f64[114,1]) -> f64[114,1]
  %log_q = log %q : (f64[114,1]) -> f64[114,1]
  %not_y = sub %one, %y : (f64[], f64[114,1]) -> f64[114,1]
  %a = mul %y, %log_p : (f64[114,1], f64[114,1]) -> f64[114,1]
  %c = mul %not_y, %log_q : (f64[114,1], f64[114,1]) -> f64[114,1]
  %ll = add %a, %c : (f64[114,1], f64[114,1]) -> f64[114,1]
  %mean_ll = mean %ll {axes = [0, 1]} : (f64[114,1]) -> f64[]
  %log_loss = neg %mean_ll : (f64[]) -> f64[]
  return %accuracy, %log_loss, %p
}
