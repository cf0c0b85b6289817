//===- PredictGraphs.cpp - Fitted models as .thy predict graphs --------------===//

#include "ml/PredictGraphs.h"

#include "ml/ThyWriter.h"

namespace thymos::ml {

namespace {

bool isIdentity(const Standardizer &s) {
  for (size_t j = 0; j < s.mean.size(); ++j)
    if (s.mean[j] != 0.0 || s.scale[j] != 1.0)
      return false;
  return s.yMean == 0.0 && s.yScale == 1.0;
}

/// Squared distances [B,m] between the rows of z [B,d] and c [m,d].
ThyValue squaredDistances(ThyGraph &g, const ThyValue &z, const ThyValue &c, int64_t limit) {
  const int64_t B = z.shape[0], m = c.shape[0], d = z.shape[1];
  if (B * m * d <= limit) {
    ThyValue zr = g.op("z_rows", "reshape", {z}, {B, 1, d});
    ThyValue cr = g.op("c_rows", "reshape", {c}, {1, m, d});
    ThyValue diff = g.op("diff", "sub", {zr, cr}, {B, m, d});
    ThyValue sq = g.op("diff_sq", "mul", {diff, diff}, {B, m, d});
    return g.op("dist2", "sum", {sq}, {B, m}, "axes = [2]");
  }
  g.comment("|z|² - 2 z·cᵀ + |c|², clamped at 0 against rounding");
  ThyValue zz = g.op("z_sq", "mul", {z, z}, {B, d});
  ThyValue zn = g.op("z_norm2", "sum", {zz}, {B, 1}, "axes = [1], keepdims = true");
  ThyValue cc = g.op("c_sq", "mul", {c, c}, {m, d});
  ThyValue cn = g.op("c_norm2", "sum", {cc}, {m}, "axes = [1]");
  ThyValue dot = g.op("dot", "matmul", {z, c}, {B, m}, "transpose_b = true");
  ThyValue minus2 = g.splat("minus_two", {}, -2.0);
  ThyValue cross = g.op("cross", "mul", {dot, minus2}, {B, m});
  ThyValue partial = g.op("partial", "add", {cross, zn}, {B, m});
  ThyValue full = g.op("dist2_raw", "add", {partial, cn}, {B, m});
  return g.op("dist2", "relu", {full}, {B, m});
}

/// Emits f(x) for the kernel expansion; returns the [B,1] prediction.
ThyValue kernelBody(ThyGraph &g, const ThyValue &x, const KernelExpansion &model,
                    int64_t limit) {
  const int64_t B = x.shape[0], d = model.features;
  const int64_t m = static_cast<int64_t>(model.coef.size());
  const bool scaled = !isIdentity(model.scaler);
  ThyValue z = x;
  if (scaled) {
    g.comment("Standardise with the training set's mean and population std.");
    ThyValue mean = g.constant("x_mean", {1, d}, model.scaler.mean);
    ThyValue scale = g.constant("x_scale", {1, d}, model.scaler.scale);
    ThyValue centred = g.op("x_centred", "sub", {x, mean}, {B, d});
    z = g.op("z", "div", {centred, scale}, {B, d});
  }
  g.comment("The " + std::to_string(m) + " support vectors (standardised space).");
  ThyValue c = g.constant("centers", {m, d}, model.centers);
  ThyValue k;
  switch (model.kernel.kind) {
  case KernelKind::Rbf: {
    g.comment("K(z, c) = exp(-gamma·|z - c|²)");
    ThyValue dist2 = squaredDistances(g, z, c, limit);
    ThyValue ng = g.splat("neg_gamma", {}, -model.kernel.gamma);
    ThyValue arg = g.op("rbf_arg", "mul", {dist2, ng}, {B, m});
    k = g.op("k", "exp", {arg}, {B, m});
    break;
  }
  case KernelKind::Linear:
    g.comment("K(z, c) = z·c");
    k = g.op("k", "matmul", {z, c}, {B, m}, "transpose_b = true");
    break;
  case KernelKind::Polynomial: {
    g.comment("K(z, c) = (gamma·z·c + coef0)^degree");
    ThyValue dot = g.op("dot", "matmul", {z, c}, {B, m}, "transpose_b = true");
    ThyValue gm = g.splat("gamma", {}, model.kernel.gamma);
    ThyValue scaledDot = g.op("dot_scaled", "mul", {dot, gm}, {B, m});
    ThyValue c0 = g.splat("coef0", {}, model.kernel.coef0);
    ThyValue base = g.op("base", "add", {scaledDot, c0}, {B, m});
    k = base;
    for (int i = 2; i <= model.kernel.degree; ++i)
      k = g.op("power" + std::to_string(i), "mul", {k, base}, {B, m});
    break;
  }
  }
  ThyValue coef = g.constant("coef", {m, 1}, model.coef);
  ThyValue f = g.op("f", "matmul", {k, coef}, {B, 1});
  ThyValue b = g.splat("bias", {}, model.bias);
  // The prediction is %y_hat either way.
  ThyValue fb = g.op(scaled ? "f_biased" : "y_hat", "add", {f, b}, {B, 1});
  if (!scaled)
    return fb;
  g.comment("Back to the target's units.");
  ThyValue ys = g.splat("target_scale", {}, model.scaler.yScale);
  ThyValue ym = g.splat("target_mean", {}, model.scaler.yMean);
  ThyValue yscaled = g.op("f_scaled", "mul", {fb, ys}, {B, 1});
  return g.op("y_hat", "add", {yscaled, ym}, {B, 1});
}

/// mse, r2 (1 - SSE/SST about the batch's mean) of y_hat against y.
void regressionMetrics(ThyGraph &g, const ThyValue &yHat, const ThyValue &y) {
  const int64_t B = y.shape[0];
  ThyValue res = g.op("residual", "sub", {yHat, y}, {B, 1});
  ThyValue res2 = g.op("residual_sq", "mul", {res, res}, {B, 1});
  ThyValue mse = g.op("mse", "mean", {res2}, {}, "axes = [0, 1]");
  ThyValue sse = g.op("sse", "sum", {res2}, {}, "axes = [0, 1]");
  ThyValue avg = g.op("y_avg", "mean", {y}, {1, 1}, "axes = [0, 1], keepdims = true");
  ThyValue dev = g.op("deviation", "sub", {y, avg}, {B, 1});
  ThyValue dev2 = g.op("deviation_sq", "mul", {dev, dev}, {B, 1});
  ThyValue sst = g.op("sst", "sum", {dev2}, {}, "axes = [0, 1]");
  ThyValue ratio = g.op("unexplained", "div", {sse, sst}, {});
  ThyValue one = g.splat("one", {}, 1.0);
  ThyValue r2 = g.op("r2", "sub", {one, ratio}, {});
  g.returns({mse, r2, yHat});
}

ThyValue nearestBody(ThyGraph &g, const ThyValue &x, const NearestNodeModel &model,
                     int64_t limit) {
  const int64_t B = x.shape[0], d = model.features;
  const int64_t n = static_cast<int64_t>(model.u.size());
  g.comment("The graph's " + std::to_string(n) + " nodes and the solved u on them.");
  ThyValue nodes = g.constant("nodes", {n, d}, model.nodes);
  ThyValue dist2 = squaredDistances(g, x, nodes, limit);
  g.comment("1 at the nearest node, 0 elsewhere (exact ties are averaged).");
  ThyValue closeness = g.op("closeness", "neg", {dist2}, {B, n});
  ThyValue best = g.op("best", "max", {closeness}, {B, 1}, "axes = [1], keepdims = true");
  ThyValue gap = g.op("gap", "sub", {closeness, best}, {B, n});
  ThyValue big = g.splat("sharpness", {}, 1e300);
  ThyValue sharp = g.op("gap_sharp", "mul", {gap, big}, {B, n});
  ThyValue hit = g.op("hit", "exp", {sharp}, {B, n});
  ThyValue hits = g.op("hits", "sum", {hit}, {B, 1}, "axes = [1], keepdims = true");
  ThyValue values = g.constant("u_nodes", {n, 1}, model.u);
  ThyValue picked = g.op("u_sum", "matmul", {hit, values}, {B, 1});
  return g.op("u", "div", {picked, hits}, {B, 1});
}

ThyValue signOf(ThyGraph &g, const ThyValue &u) {
  g.comment("sign(u) as tanh(1e300·u): exactly -1, 0 or 1.");
  ThyValue big = g.splat("sign_sharpness", {}, 1e300);
  ThyValue sharp = g.op("u_sharp", "mul", {u, big}, u.shape);
  return g.op("label", "tanh", {sharp}, u.shape);
}

} // namespace

std::string kernelExpansionModule(const std::string &name, const std::string &comment,
                                  const KernelExpansion &model, int64_t batch,
                                  int64_t broadcastLimit) {
  ThyGraph predict("predict");
  ThyValue x = predict.argument("x", {batch, model.features});
  predict.returns({kernelBody(predict, x, model, broadcastLimit)});

  ThyGraph evaluate("evaluate");
  ThyValue ex = evaluate.argument("x", {batch, model.features});
  ThyValue ey = evaluate.argument("y", {batch, 1});
  ThyValue yHat = kernelBody(evaluate, ex, model, broadcastLimit);
  regressionMetrics(evaluate, yHat, ey);
  return thyModule(name, comment, {predict, evaluate});
}

std::string nearestNodeModule(const std::string &name, const std::string &comment,
                              const NearestNodeModel &model, int64_t batch,
                              int64_t broadcastLimit) {
  ThyGraph predict("predict");
  ThyValue x = predict.argument("x", {batch, model.features});
  ThyValue u = nearestBody(predict, x, model, broadcastLimit);
  predict.returns({model.classify ? signOf(predict, u) : u});

  ThyGraph evaluate("evaluate");
  ThyValue ex = evaluate.argument("x", {batch, model.features});
  ThyValue ey = evaluate.argument("y", {batch, 1});
  ThyValue eu = nearestBody(evaluate, ex, model, broadcastLimit);
  if (!model.classify) {
    regressionMetrics(evaluate, eu, ey);
    return thyModule(name, comment, {predict, evaluate});
  }
  ThyValue label = signOf(evaluate, eu);
  evaluate.comment("Classes 0/1 as -1/+1; a correct sign scores 1, a wrong one 0.");
  ThyValue two = evaluate.splat("two", {}, 2.0);
  ThyValue one = evaluate.splat("one", {}, 1.0);
  ThyValue half = evaluate.splat("half", {}, 0.5);
  ThyValue y2 = evaluate.op("y_twice", "mul", {ey, two}, {batch, 1});
  ThyValue ys = evaluate.op("y_signed", "sub", {y2, one}, {batch, 1});
  ThyValue agree = evaluate.op("agree", "mul", {label, ys}, {batch, 1});
  ThyValue shifted = evaluate.op("agree_shifted", "add", {agree, one}, {batch, 1});
  ThyValue correct = evaluate.op("correct", "mul", {shifted, half}, {batch, 1});
  ThyValue accuracy = evaluate.op("accuracy", "mean", {correct}, {}, "axes = [0, 1]");
  evaluate.returns({accuracy, label});
  return thyModule(name, comment, {predict, evaluate});
}

double predictKernelExpansion(const KernelExpansion &model, const double *x) {
  const int64_t d = model.features;
  std::vector<double> z(static_cast<size_t>(d));
  for (int64_t j = 0; j < d; ++j)
    z[j] = (x[j] - model.scaler.mean[j]) / model.scaler.scale[j];
  double f = model.bias;
  for (size_t s = 0; s < model.coef.size(); ++s)
    f += model.coef[s] * model.kernel(z.data(), model.centers.data() + s * d, d);
  return model.scaler.unscaleTarget(f);
}

} // namespace thymos::ml
