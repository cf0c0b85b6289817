// LS-SVR (Suykens & Vandewalle) with the RBF kernel K(x,z) = exp(-|x-z|²/σ²),
// σ² = 10, in f64, for 6 training points of 2 features.
//   @fit solves [[0, 1ᵀ], [1, K + I/γ]]·[b; α] = [0; y] by the Schur complement:
//   with A = K + I/γ = L·Lᵀ, η = A⁻¹·1 and ν = A⁻¹·y, b = (1ᵀν)/(1ᵀη), α = ν - b·η.
//   @predict evaluates f(x) = Σ αᵢ K(x, xᵢ) + b.
module @lssvr

graph @fit(%x: f64[6,2], %y: f64[6,1], %reg: f64[6,6]) -> (f64[6,1], f64[]) {
  // Squared distances |xi - xj|² by broadcasting [6,1,2] against [1,6,2].
  %xi = reshape %x : (f64[6,2]) -> f64[6,1,2]
  %xj = reshape %x : (f64[6,2]) -> f64[1,6,2]
  %d = sub %xi, %xj : (f64[6,1,2], f64[1,6,2]) -> f64[6,6,2]
  %d2 = mul %d, %d : (f64[6,6,2], f64[6,6,2]) -> f64[6,6,2]
  %dist = sum %d2 {axes = [2]} : (f64[6,6,2]) -> f64[6,6]
  %inv_sigma2 = const {value = -0.1} : () -> f64[]
  %arg = mul %dist, %inv_sigma2 : (f64[6,6], f64[]) -> f64[6,6]
  %k = exp %arg : (f64[6,6]) -> f64[6,6]
  // %reg holds I/γ.
  %a = add %k, %reg : (f64[6,6], f64[6,6]) -> f64[6,6]
  %l = cholesky %a : (f64[6,6]) -> f64[6,6]
  %ones = const {value = 1.0} : () -> f64[6,1]
  %rhs = concat %ones, %y {axis = 1} : (f64[6,1], f64[6,1]) -> f64[6,2]
  %t = triangular_solve %l, %rhs : (f64[6,6], f64[6,2]) -> f64[6,2]
  %sol = triangular_solve %l, %t {transpose_a = true} : (f64[6,6], f64[6,2]) -> f64[6,2]
  %eta = slice %sol {starts = [0, 0], ends = [6, 1]} : (f64[6,2]) -> f64[6,1]
  %nu = slice %sol {starts = [0, 1], ends = [6, 2]} : (f64[6,2]) -> f64[6,1]
  %s_eta = sum %eta {axes = [0, 1]} : (f64[6,1]) -> f64[]
  %s_nu = sum %nu {axes = [0, 1]} : (f64[6,1]) -> f64[]
  %b = div %s_nu, %s_eta : (f64[], f64[]) -> f64[]
  %b_eta = mul %eta, %b : (f64[6,1], f64[]) -> f64[6,1]
  %alpha = sub %nu, %b_eta : (f64[6,1], f64[6,1]) -> f64[6,1]
  return %alpha, %b
}

graph @predict(%x: f64[3,2], %support: f64[6,2], %alpha: f64[6,1], %b: f64[])
    -> f64[3,1] {
  %xi = reshape %x : (f64[3,2]) -> f64[3,1,2]
  %sj = reshape %support : (f64[6,2]) -> f64[1,6,2]
  %d = sub %xi, %sj : (f64[3,1,2], f64[1,6,2]) -> f64[3,6,2]
  %d2 = mul %d, %d : (f64[3,6,2], f64[3,6,2]) -> f64[3,6,2]
  %dist = sum %d2 {axes = [-1]} : (f64[3,6,2]) -> f64[3,6]
  %inv_sigma2 = const {value = -0.1} : () -> f64[]
  %arg = mul %dist, %inv_sigma2 : (f64[3,6], f64[]) -> f64[3,6]
  %k = exp %arg : (f64[3,6]) -> f64[3,6]
  %f = matmul %k, %alpha : (f64[3,6], f64[6,1]) -> f64[3,1]
  %y = add %f, %b : (f64[3,1], f64[]) -> f64[3,1]
  return %y
}
