//===- LssvrGraph.cpp - LS-SVR training as a .thy graph ----------------------===//

#include "ml/LssvrGraph.h"

#include "ml/ThyWriter.h"

namespace thymos::ml {

namespace {

/// Emits mean and population std over axis 0 of v [n,c] and the
/// standardised (v - mean)/std; `prefix` names the values.
ThyValue standardise(ThyGraph &g, const ThyValue &v, const std::string &prefix,
                     std::vector<ThyValue> &stats) {
  const int64_t n = v.shape[0], c = v.shape[1];
  ThyValue mean = g.op(prefix + "_mean", "mean", {v}, {1, c}, "axes = [0], keepdims = true");
  ThyValue centred = g.op(prefix + "_centred", "sub", {v, mean}, {n, c});
  ThyValue sq = g.op(prefix + "_centred_sq", "mul", {centred, centred}, {n, c});
  ThyValue var = g.op(prefix + "_var", "mean", {sq}, {1, c}, "axes = [0], keepdims = true");
  ThyValue scale = g.op(prefix + "_scale", "sqrt", {var}, {1, c});
  stats.push_back(mean);
  stats.push_back(scale);
  return g.op(prefix + "_std", "div", {centred, scale}, {n, c});
}

} // namespace

std::string lssvrFitModule(int64_t n, int64_t d, const LssvrParams &params) {
  ThyGraph g("fit");
  ThyValue x = g.argument("x", {n, d});
  ThyValue y = g.argument("y", {n, 1});
  std::vector<ThyValue> stats;
  ThyValue z = x, t = y;
  if (params.standardize) {
    g.comment("Standardise X and y with their mean and population std.");
    z = standardise(g, x, "x", stats);
    t = standardise(g, y, "y", stats);
  }

  g.comment("K_ij = exp(-|z_i - z_j|²/σ²), distances by broadcasting [n,1,d] - [1,n,d].");
  ThyValue zi = g.op("z_i", "reshape", {z}, {n, 1, d});
  ThyValue zj = g.op("z_j", "reshape", {z}, {1, n, d});
  ThyValue diff = g.op("diff", "sub", {zi, zj}, {n, n, d});
  ThyValue sq = g.op("diff_sq", "mul", {diff, diff}, {n, n, d});
  ThyValue dist2 = g.op("dist2", "sum", {sq}, {n, n}, "axes = [2]");
  ThyValue inv = g.splat("neg_inv_sigma2", {}, -1.0 / params.sigma2);
  ThyValue arg = g.op("rbf_arg", "mul", {dist2, inv}, {n, n});
  ThyValue k = g.op("k", "exp", {arg}, {n, n});

  g.comment("I/γ: the row (1, 0, ..., 0) of n+1 entries, n times; the first n² are I.");
  ThyValue oneCell = g.splat("one_cell", {1, 1}, 1.0);
  ThyValue zeros = g.splat("zero_cells", {1, n}, 0.0);
  ThyValue pattern = g.op("eye_pattern", "concat", {oneCell, zeros}, {1, n + 1}, "axis = 1");
  ThyValue tiled = g.op("eye_tiled", "broadcast", {pattern}, {n, n + 1});
  ThyValue flat = g.op("eye_flat", "reshape", {tiled}, {n * (n + 1)});
  ThyValue head = g.op("eye_head", "slice", {flat}, {n * n},
                       "starts = [0], ends = [" + std::to_string(n * n) + "]");
  ThyValue eye = g.op("eye", "reshape", {head}, {n, n});
  ThyValue invGamma = g.splat("inv_gamma", {}, 1.0 / params.gamma);
  ThyValue reg = g.op("reg", "mul", {eye, invGamma}, {n, n});
  ThyValue a = g.op("a", "add", {k, reg}, {n, n});

  g.comment("A = LLᵀ; [η, ν] = A⁻¹[1, y] by two triangular solves.");
  ThyValue l = g.op("l", "cholesky", {a}, {n, n});
  ThyValue ones = g.splat("ones", {n, 1}, 1.0);
  ThyValue rhs = g.op("rhs", "concat", {ones, t}, {n, 2}, "axis = 1");
  ThyValue fw = g.op("forward", "triangular_solve", {l, rhs}, {n, 2});
  ThyValue sol = g.op("sol", "triangular_solve", {l, fw}, {n, 2}, "transpose_a = true");
  ThyValue eta = g.op("eta", "slice", {sol}, {n, 1},
                      "starts = [0, 0], ends = [" + std::to_string(n) + ", 1]");
  ThyValue nu = g.op("nu", "slice", {sol}, {n, 1},
                     "starts = [0, 1], ends = [" + std::to_string(n) + ", 2]");

  g.comment("b = 1ᵀν / 1ᵀη, α = ν - bη.");
  ThyValue sEta = g.op("sum_eta", "sum", {eta}, {}, "axes = [0, 1]");
  ThyValue sNu = g.op("sum_nu", "sum", {nu}, {}, "axes = [0, 1]");
  ThyValue b = g.op("b", "div", {sNu, sEta}, {});
  ThyValue bEta = g.op("b_eta", "mul", {eta, b}, {n, 1});
  ThyValue alpha = g.op("alpha", "sub", {nu, bEta}, {n, 1});

  std::vector<ThyValue> results{alpha, b};
  if (params.standardize) {
    results.insert(results.end(), stats.begin(), stats.end());
    results.push_back(z);
  }
  g.returns(results);
  std::string comment =
      "LS-SVR training (Suykens & Vandewalle): solves the KKT system\n"
      "[[0, 1ᵀ], [1, K + I/γ]]·[b; α] = [0; y] in f64 by the Schur complement,\n"
      "with K(x, z) = exp(-|x - z|²/σ²), γ = " + thyNumber(params.gamma) +
      ", σ² = " + thyNumber(params.sigma2) + ", for " + std::to_string(n) + " rows of " +
      std::to_string(d) + " features" + (params.standardize ? " (standardised)." : ".") +
      "\nWritten by thymos-fit lssvr.";
  return thyModule("lssvr_fit", comment, {g});
}

} // namespace thymos::ml
