// Ordinary least squares with an intercept on the diabetes data (353 training
// rows, 89 test rows, 10 features), fitted in the graph in f64 through the
// normal equations: with D = [1 X], solve (DᵀD)·β = Dᵀy by a Cholesky
// factorisation DᵀD = L·Lᵀ and two triangular solves.
//
//   @fit       β (intercept first), stored in @beta
//   @evaluate  test MSE, R² = 1 − SSE/SST, and the predictions
module @linreg

state @beta : f64[11,1]

graph @fit(%x: f64[353,10], %y: f64[353,1]) -> f64[11,1] {
  %ones = const {value = 1.0} : () -> f64[353,1]
  %d = concat %ones, %x {axis = 1} : (f64[353,1], f64[353,10]) -> f64[353,11]
  %dt = transpose %d {perm = [1, 0]} : (f64[353,11]) -> f64[11,353]
  %gram = matmul %dt, %d : (f64[11,353], f64[353,11]) -> f64[11,11]
  %rhs = matmul %dt, %y : (f64[11,353], f64[353,1]) -> f64[11,1]
  %l = cholesky %gram : (f64[11,11]) -> f64[11,11]
  %z = triangular_solve %l, %rhs : (f64[11,11], f64[11,1]) -> f64[11,1]
  %beta = triangular_solve %l, %z {transpose_a = true} : (f64[11,11], f64[11,1]) -> f64[11,1]
  update @beta = %beta
  return %beta
}

graph @evaluate(%x: f64[89,10], %y: f64[89,1]) -> (f64[], f64[], f64[89,1])
    state(%beta = @beta) {
  %ones = const {value = 1.0} : () -> f64[89,1]
  %d = concat %ones, %x {axis = 1} : (f64[89,1], f64[89,10]) -> f64[89,11]
  %y_hat = matmul %d, %beta : (f64[89,11], f64[11,1]) -> f64[89,1]
  %e = sub %y_hat, %y : (f64[89,1], f64[89,1]) -> f64[89,1]
  %e2 = mul %e, %e : (f64[89,1], f64[89,1]) -> f64[89,1]
  %mse = mean %e2 {axes = [0, 1]} : (f64[89,1]) -> f64[]
  %sse = sum %e2 {axes = [0, 1]} : (f64[89,1]) -> f64[]
  %y_mean = mean %y {axes = [0, 1]} : (f64[89,1]) -> f64[]
  %c = sub %y, %y_mean : (f64[89,1], f64[]) -> f64[89,1]
  %c2 = mul %c, %c : (f64[89,1], f64[89,1]) -> f64[89,1]
  %sst = sum %c2 {axes = [0, 1]} : (f64[89,1]) -> f64[]
  %unexplained = div %sse, %sst : (f64[], f64[]) -> f64[]
  %one = const {value = 1.0} : () -> f64[]
  %r2 = sub %one, %unexplained : (f64[], f64[]) -> f64[]
  return %mse, %r2, %y_hat
}
