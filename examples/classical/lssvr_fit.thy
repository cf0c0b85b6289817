// LS-SVR training (Suykens & Vandewalle): solves the KKT system
// [[0, 1ᵀ], [1, K + I/γ]]·[b; α] = [0; y] in f64 by the Schur complement,
// with K(x, z) = exp(-|x - z|²/σ²), γ = 10, σ² = 10, for 353 rows of 10 features (standardised).
// Written by `thymos-fit lssvr --train ../shared/data/diabetes.train.csv --standardize
// --gamma 10 --sigma2 10 --emit-fit-graph FILE` (test/lit/fit checks that it still is);
// thymos-fit runs it in-process and embeds α and b in the predict module. By hand:
//   thymosc examples/classical/lssvr_fit.thy -o fit.plan
//   thymos-run fit.plan --entry fit --input x=../shared/data/diabetes.train.csv#0:-1 \
//     --input y=../shared/data/diabetes.train.csv#-1 --output alpha=alpha.csv
module @lssvr_fit

graph @fit(%x: f64[353,10], %y: f64[353,1]) -> (f64[353,1], f64[], f64[1,10], f64[1,10], f64[1,1], f64[1,1], f64[353,10]) {
  // Standardise X and y with their mean and population std.
  %x_mean = mean %x {axes = [0], keepdims = true} : (f64[353,10]) -> f64[1,10]
  %x_centred = sub %x, %x_mean : (f64[353,10], f64[1,10]) -> f64[353,10]
  %x_centred_sq = mul %x_centred, %x_centred : (f64[353,10], f64[353,10]) -> f64[353,10]
  %x_var = mean %x_centred_sq {axes = [0], keepdims = true} : (f64[353,10]) -> f64[1,10]
  %x_scale = sqrt %x_var : (f64[1,10]) -> f64[1,10]
  %x_std = div %x_centred, %x_scale : (f64[353,10], f64[1,10]) -> f64[353,10]
  %y_mean = mean %y {axes = [0], keepdims = true} : (f64[353,1]) -> f64[1,1]
  %y_centred = sub %y, %y_mean : (f64[353,1], f64[1,1]) -> f64[353,1]
  %y_centred_sq = mul %y_centred, %y_centred : (f64[353,1], f64[353,1]) -> f64[353,1]
  %y_var = mean %y_centred_sq {axes = [0], keepdims = true} : (f64[353,1]) -> f64[1,1]
  %y_scale = sqrt %y_var : (f64[1,1]) -> f64[1,1]
  %y_std = div %y_centred, %y_scale : (f64[353,1], f64[1,1]) -> f64[353,1]
  // K_ij = exp(-|z_i - z_j|²/σ²), distances by broadcasting [n,1,d] - [1,n,d].
  %z_i = reshape %x_std : (f64[353,10]) -> f64[353,1,10]
  %z_j = reshape %x_std : (f64[353,10]) -> f64[1,353,10]
  %diff = sub %z_i, %z_j : (f64[353,1,10], f64[1,353,10]) -> f64[353,353,10]
  %diff_sq = mul %diff, %diff : (f64[353,353,10], f64[353,353,10]) -> f64[353,353,10]
  %dist2 = sum %diff_sq {axes = [2]} : (f64[353,353,10]) -> f64[353,353]
  %neg_inv_sigma2 = const {value = -0.1} : () -> f64[]
  %rbf_arg = mul %dist2, %neg_inv_sigma2 : (f64[353,353], f64[]) -> f64[353,353]
  %k = exp %rbf_arg : (f64[353,353]) -> f64[353,353]
  // I/γ: the row (1, 0, ..., 0) of n+1 entries, n times; the first n² are I.
  %one_cell = const {value = 1} : () -> f64[1,1]
  %zero_cells = const {value = 0} : () -> f64[1,353]
  %eye_pattern = concat %one_cell, %zero_cells {axis = 1} : (f64[1,1], f64[1,353]) -> f64[1,354]
  %eye_tiled = broadcast %eye_pattern : (f64[1,354]) -> f64[353,354]
  %eye_flat = reshape %eye_tiled : (f64[353,354]) -> f64[124962]
  %eye_head = slice %eye_flat {starts = [0], ends = [124609]} : (f64[124962]) -> f64[124609]
  %eye = reshape %eye_head : (f64[124609]) -> f64[353,353]
  %inv_gamma = const {value = 0.1} : () -> f64[]
  %reg = mul %eye, %inv_gamma : (f64[353,353], f64[]) -> f64[353,353]
  %a = add %k, %reg : (f64[353,353], f64[353,353]) -> f64[353,353]
  // A = LLᵀ; [η, ν] = A⁻¹[1, y] by two triangular solves.
  %l = cholesky %a : (f64[353,353]) -> f64[353,353]
  %ones = const {value = 1} : () -> f64[353,1]
  %rhs = concat %ones, %y_std {axis = 1} : (f64[353,1], f64[353,1]) -> f64[353,2]
  %forward = triangular_solve %l, %rhs : (f64[353,353], f64[353,2]) -> f64[353,2]
  %sol = triangular_solve %l, %forward {transpose_a = true} : (f64[353,353], f64[353,2]) -> f64[353,2]
  %eta = slice %sol {starts = [0, 0], ends = [353, 1]} : (f64[353,2]) -> f64[353,1]
  %nu = slice %sol {starts = [0, 1], ends = [353, 2]} : (f64[353,2]) -> f64[353,1]
  // b = 1ᵀν / 1ᵀη, α = ν - bη.
  %sum_eta = sum %eta {axes = [0, 1]} : (f64[353,1]) -> f64[]
  %sum_nu = sum %nu {axes = [0, 1]} : (f64[353,1]) -> f64[]
  %b = div %sum_nu, %sum_eta : (f64[], f64[]) -> f64[]
  %b_eta = mul %eta, %b : (f64[353,1], f64[]) -> f64[353,1]
  %alpha = sub %nu, %b_eta : (f64[353,1], f64[353,1]) -> f64[353,1]
  return %alpha, %b, %x_mean, %x_scale, %y_mean, %y_scale, %x_std
}
