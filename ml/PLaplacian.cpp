//===- PLaplacian.cpp - p-Laplacian semi-supervised learning on a graph ------===//

#include "ml/PLaplacian.h"

#include "ml/EnvelopeCholesky.h"

#include <algorithm>
#include <cmath>

namespace thymos::ml {

namespace {

/// |t|^q for q >= 0, the common integer exponents as products (pow is
/// slow). q = 0 gives 1 even for t = 0: at p = 2 a flat edge still weighs.
inline double absPow(double t, double q) {
  double a = std::fabs(t);
  if (q == 0.0)
    return 1.0;
  if (q == 1.0)
    return a;
  if (q == 2.0)
    return a * a;
  if (q == 3.0)
    return a * a * a;
  if (q == 4.0)
    return (a * a) * (a * a);
  return std::pow(a, q);
}

long double energyLong(const SparseMatrix &w, const std::vector<double> &u, double p) {
  long double sum = 0.0L;
  for (int64_t i = 0; i < w.n; ++i) {
    long double row = 0.0L;
    for (int64_t e = w.rowStart[i]; e < w.rowStart[i + 1]; ++e) {
      long double d = static_cast<long double>(u[i]) - static_cast<long double>(u[w.col[e]]);
      long double a = d < 0 ? -d : d;
      long double t = p == 2.0 ? a * a
                      : p == 3.0 ? a * a * a
                      : p == 4.0 ? (a * a) * (a * a)
                                 : std::pow(a, static_cast<long double>(p));
      row += static_cast<long double>(w.val[e]) * t;
    }
    sum += row;
  }
  return sum;
}

double norm2(const std::vector<double> &v) {
  double s = 0.0;
  for (double x : v)
    s += x * x;
  return std::sqrt(s);
}

/// The Hessian's pattern on the unlabelled nodes: the diagonal and the
/// edges between unlabelled nodes, in the compressed rows of SparseMatrix.
struct ReducedPattern {
  SparseMatrix h;
  std::vector<int32_t> node;     // reduced index -> node
  std::vector<int64_t> edgeOf;   // h entry -> w entry (-1 on the diagonal)
};

ReducedPattern reducePattern(const SparseMatrix &w, const std::vector<char> &labelled) {
  ReducedPattern r;
  std::vector<int32_t> index(static_cast<size_t>(w.n), -1);
  for (int64_t i = 0; i < w.n; ++i)
    if (!labelled[i]) {
      index[i] = static_cast<int32_t>(r.node.size());
      r.node.push_back(static_cast<int32_t>(i));
    }
  r.h.n = static_cast<int64_t>(r.node.size());
  r.h.rowStart.push_back(0);
  for (int32_t i : r.node) {
    bool diagonalDone = false;
    for (int64_t e = w.rowStart[i]; e <= w.rowStart[i + 1]; ++e) {
      // Columns are sorted: the diagonal goes in before the first larger one.
      int32_t j = e < w.rowStart[i + 1] ? w.col[e] : INT32_MAX;
      if (!diagonalDone && j > i) {
        r.h.col.push_back(index[i]);
        r.edgeOf.push_back(-1);
        diagonalDone = true;
      }
      if (j != INT32_MAX && j != i && !labelled[j]) {
        r.h.col.push_back(index[j]);
        r.edgeOf.push_back(e);
      }
    }
    r.h.rowStart.push_back(static_cast<int64_t>(r.h.col.size()));
  }
  r.h.val.assign(r.h.col.size(), 0.0);
  return r;
}

/// Fills the Hessian's values at u.
void assembleHessian(const SparseMatrix &w, const std::vector<double> &u, double p,
                     ReducedPattern &r) {
  const double scale = 2.0 * p * (p - 1.0);
  for (int64_t k = 0; k < r.h.n; ++k) {
    const int32_t i = r.node[k];
    double diagonal = 0.0;
    for (int64_t e = w.rowStart[i]; e < w.rowStart[i + 1]; ++e)
      diagonal += scale * w.val[e] * absPow(u[i] - u[w.col[e]], p - 2.0);
    for (int64_t q = r.h.rowStart[k]; q < r.h.rowStart[k + 1]; ++q) {
      const int64_t e = r.edgeOf[q];
      r.h.val[q] = e < 0 ? diagonal : -scale * w.val[e] * absPow(u[i] - u[w.col[e]], p - 2.0);
    }
  }
}

} // namespace

double pEnergy(const SparseMatrix &w, const std::vector<double> &u, double p) {
  return static_cast<double>(energyLong(w, u, p));
}

void pGradient(const SparseMatrix &w, const std::vector<double> &u, double p,
               const std::vector<char> &labelled, std::vector<double> &g) {
  g.assign(static_cast<size_t>(w.n), 0.0);
  for (int64_t i = 0; i < w.n; ++i) {
    if (labelled[i])
      continue;
    double s = 0.0;
    for (int64_t e = w.rowStart[i]; e < w.rowStart[i + 1]; ++e) {
      double d = u[i] - u[w.col[e]];
      s += w.val[e] * absPow(d, p - 2.0) * d;
    }
    g[i] = 2.0 * p * s;
  }
}

PLaplacianResult solvePLaplacian(const SparseMatrix &w, const std::vector<char> &labelled,
                                 std::vector<double> u0, const PLaplacianOptions &options,
                                 const std::function<void(const NewtonIterate &)> &progress) {
  const double p = options.p;
  PLaplacianResult result;
  ReducedPattern r = reducePattern(w, labelled);
  EnvelopeCholesky cholesky;
  cholesky.analyse(r.h);
  result.envelopeSize = cholesky.envelopeSize();

  std::vector<double> u = std::move(u0), g, gReduced(static_cast<size_t>(r.h.n)), trial;
  long double energy = energyLong(w, u, p);
  pGradient(w, u, p, labelled, g);
  NewtonIterate it;
  it.energy = static_cast<double>(energy);
  it.gradientNorm = norm2(g);
  auto record = [&] {
    result.history.push_back(it);
    if (progress)
      progress(it);
  };
  record();

  for (int iteration = 1; iteration <= options.maxIterations; ++iteration) {
    if (it.gradientNorm < options.tolerance || r.h.n == 0) {
      result.converged = true;
      break;
    }
    assembleHessian(w, u, p, r);
    // A flat edge (u_i = u_j) has no curvature when p > 2; if that leaves
    // the Hessian singular, shift the diagonal until the factor exists.
    double maxDiagonal = 0.0;
    for (int64_t k = 0; k < r.h.n; ++k)
      for (int64_t q = r.h.rowStart[k]; q < r.h.rowStart[k + 1]; ++q)
        if (r.edgeOf[q] < 0)
          maxDiagonal = std::max(maxDiagonal, r.h.val[q]);
    double shift = 0.0;
    while (!cholesky.factor(r.h, shift)) {
      shift = shift == 0.0 ? 1e-12 * std::max(maxDiagonal, 1e-300) : shift * 100.0;
      if (!std::isfinite(shift))
        break;
    }
    if (!std::isfinite(shift))
      break;
    for (int64_t k = 0; k < r.h.n; ++k)
      gReduced[k] = -g[r.node[k]];
    cholesky.solve(gReduced); // the Newton direction d = -H⁻¹g
    double slope = 0.0;
    for (int64_t k = 0; k < r.h.n; ++k)
      slope += g[r.node[k]] * gReduced[k];

    // Backtracking: accept the largest t = 2^-s with Armijo's decrease.
    double t = 1.0;
    bool accepted = false;
    long double trialEnergy = energy;
    for (int halvings = 0; halvings < 60; ++halvings, t *= 0.5) {
      trial = u;
      for (int64_t k = 0; k < r.h.n; ++k)
        trial[r.node[k]] += t * gReduced[k];
      trialEnergy = energyLong(w, trial, p);
      if (trialEnergy <= energy + 1e-4L * static_cast<long double>(t * slope)) {
        accepted = true;
        break;
      }
    }
    if (!accepted) // no decrease is measurable any more: u is as good as it gets
      break;
    u.swap(trial);
    energy = trialEnergy;
    pGradient(w, u, p, labelled, g);
    it.iteration = iteration;
    it.energy = static_cast<double>(energy);
    it.gradientNorm = norm2(g);
    it.step = t;
    it.shift = shift;
    record();
  }
  if (it.gradientNorm < options.tolerance)
    result.converged = true;
  result.u = std::move(u);
  return result;
}

} // namespace thymos::ml
