//===- SvrCommand.cpp - thymos-fit svr: epsilon-SVR by SMO --------------------===//

#include "CommandSupport.h"

#include "ml/Dataset.h"
#include "ml/GraphRunner.h"
#include "ml/PredictGraphs.h"
#include "ml/SvrSmo.h"
#include "ml/ThyWriter.h"

#include <algorithm>
#include <cstdio>

namespace thymos::fit {

using namespace ml;

int svrMain(int argc, char **argv) {
  std::string train, output, target = "-1", kernel = "rbf", C = "1", epsilon = "0.1",
                             gamma, degree = "3", coef0 = "0", tol = "0.001", maxIter,
                             cacheMb = "256", rows, batch;
  bool standardize = false, quiet = false, noShrinking = false;
  OptionParser parser(
      "thymos-fit svr",
      "thymos-fit svr --train FILE.csv [options] [-o MODEL.thy]",
      "Fits epsilon-SVR by SMO on the dual (second-order working-set selection; stops\n"
      "when the maximal KKT violation m - M falls below --tol) and writes a module\n"
      "whose @predict graph holds the support vectors and their coefficients.");
  parser.value("train", "FILE.csv", "training data: numeric CSV, header optional", train);
  parser.value("target", "COLUMN", "the target column, negative from the end", target);
  parser.value("kernel", "KIND", "linear, rbf or poly", kernel);
  parser.value("C", "C", "box constraint C > 0", C);
  parser.value("epsilon", "EPS", "width of the insensitive tube, >= 0", epsilon);
  parser.value("gamma", "GAMMA", "rbf/poly gamma > 0 (default: 1 / features)", gamma);
  parser.value("degree", "N", "poly degree >= 1", degree);
  parser.value("coef0", "R", "poly constant term", coef0);
  parser.value("tol", "TOL", "stopping tolerance on m - M", tol);
  parser.value("max-iter", "N", "iteration limit (default: max(10^7, 100 rows))", maxIter);
  parser.value("cache-mb", "MB", "memory for cached kernel rows", cacheMb);
  parser.flag("no-shrinking", "keep every variable active (same optimum, slower)", noShrinking);
  parser.value("rows", "N", "use only the first N rows of the training file", rows);
  parser.flag("standardize", "standardise features and target (train mean, population std)",
              standardize);
  parser.value("batch", "N", "rows per call of the emitted graphs (default: training rows)",
               batch);
  parser.value("o", "MODEL.thy", "write the model as a .thy module", output);
  parser.flag("quiet", "no progress output", quiet);
  if (int status = parseCommandLine(parser, argc, argv); status >= 0)
    return status;
  if (train.empty())
    return fail("svr: --train FILE.csv is required");

  std::string error;
  SvrParams params;
  double cacheMbValue = 0.0;
  int64_t targetColumn = 0, rowLimit = 0, batchRows = 0, degreeInt = 0;
  if (!parseInteger("--target", target, INT64_MIN + 1, targetColumn, error) ||
      !parsePositive("--C", C, params.C, error) ||
      !parseNonNegative("--epsilon", epsilon, params.epsilon, error) ||
      !parsePositive("--tol", tol, params.tol, error) ||
      !parseInteger("--degree", degree, 1, degreeInt, error) ||
      !parseNumber("--coef0", coef0, params.kernel.coef0, error) ||
      !parsePositive("--cache-mb", cacheMb, cacheMbValue, error) ||
      (!maxIter.empty() && !parseInteger("--max-iter", maxIter, 1, params.maxIterations, error)) ||
      (!rows.empty() && !parseInteger("--rows", rows, 2, rowLimit, error)) ||
      (!batch.empty() && !parseInteger("--batch", batch, 1, batchRows, error)))
    return fail(error);
  params.kernel.degree = static_cast<int>(std::min<int64_t>(degreeInt, 64));
  params.cacheBytes = cacheMbValue * 1e6;
  params.shrinking = !noShrinking;
  if (kernel == "linear")
    params.kernel.kind = KernelKind::Linear;
  else if (kernel == "rbf")
    params.kernel.kind = KernelKind::Rbf;
  else if (kernel == "poly")
    params.kernel.kind = KernelKind::Polynomial;
  else
    return fail("--kernel: expected linear, rbf or poly, got '" + kernel + "'");

  Dataset data;
  if (rt::Status s = readDataset(train, targetColumn, data); !s)
    return fail(s.message());
  if (rt::Status s = requireFiniteTargets(data); !s)
    return fail(s.message());
  if (rowLimit > 0) {
    if (rowLimit > data.rows)
      return fail("--rows " + rows + ": " + train + " has only " + std::to_string(data.rows) +
                  " rows");
    truncateRows(data, rowLimit);
  }
  params.kernel.gamma = 1.0 / double(data.features);
  if (!gamma.empty() && !parsePositive("--gamma", gamma, params.kernel.gamma, error))
    return fail(error);
  const Dataset raw = data;
  Standardizer scaler = Standardizer::identity(data.features);
  if (standardize) {
    if (rt::Status s = Standardizer::fit(data, /*scaleTarget=*/true, scaler); !s)
      return fail(s.message());
    scaler.apply(data);
  }

  if (!quiet)
    std::fprintf(stderr, "svr: %lld rows, %lld features, kernel %s, C = %g, epsilon = %g, "
                         "tol = %g\n",
                 static_cast<long long>(data.rows), static_cast<long long>(data.features),
                 params.kernel.describe().c_str(), params.C, params.epsilon, params.tol);
  SvrProgress progress;
  if (!quiet)
    progress = [](int64_t iteration, double gap, double objective) {
      std::fprintf(stderr, "smo: iteration %lld: m - M = %.6g, objective = %.12g\n",
                   static_cast<long long>(iteration), gap, objective);
    };
  Stopwatch clock;
  SvrResult fit = trainSvr(data.x.data(), data.y.data(), data.rows, data.features, params,
                           progress);
  const double seconds = clock.seconds();
  if (!quiet)
    std::fprintf(stderr, "smo: %s after %lld iterations (m - M = %.6g), %.3f s\n",
                 fit.converged ? "converged" : "stopped at the iteration limit",
                 static_cast<long long>(fit.iterations), fit.gap, seconds);

  KernelExpansion model;
  model.kernel = params.kernel;
  model.features = data.features;
  model.bias = fit.b;
  model.scaler = scaler;
  for (int64_t s = 0; s < data.rows; ++s) {
    if (fit.beta[s] == 0.0)
      continue;
    model.coef.push_back(fit.beta[s]);
    model.centers.insert(model.centers.end(), data.row(s), data.row(s) + data.features);
  }
  double sse = 0.0, sst = 0.0, mean = 0.0;
  for (int64_t i = 0; i < raw.rows; ++i)
    mean += raw.y[i] / double(raw.rows);
  for (int64_t i = 0; i < raw.rows; ++i) {
    double r = predictKernelExpansion(model, raw.row(i)) - raw.y[i];
    sse += r * r;
    sst += (raw.y[i] - mean) * (raw.y[i] - mean);
  }

  printResult("rows", data.rows);
  printResult("features", data.features);
  printResult("kernel", params.kernel.describe());
  printResult("shrinking", params.shrinking ? "true" : "false");
  printResult("iterations", fit.iterations);
  printResult("converged", fit.converged ? "true" : "false");
  printResult("support_vectors", fit.supportVectors);
  printResult("bounded_support_vectors", fit.boundedSupportVectors);
  printResult("b", fit.b);
  if (standardize)
    printResult("b_target_units", scaler.unscaleTarget(fit.b));
  printResult("dual_objective", fit.objective);
  printResult("train_r2", 1.0 - sse / sst);
  printResult("kernel_evaluations", fit.kernelEvaluations);
  printResult("fit_seconds", seconds);

  if (!output.empty()) {
    char comment[1024];
    std::snprintf(comment, sizeof comment,
                  "epsilon-SVR fitted by thymos-fit svr on %s (%lld rows%s).\n"
                  "Kernel %s, C = %s, epsilon = %s, tol = %s: %lld support vectors, b = %s.\n"
                  "f(x) = sum_s coef_s K(z, c_s) + b on standardised z%s.",
                  train.c_str(), static_cast<long long>(data.rows),
                  standardize ? ", standardised" : "", params.kernel.describe().c_str(),
                  thyNumber(params.C).c_str(), thyNumber(params.epsilon).c_str(),
                  thyNumber(params.tol).c_str(), static_cast<long long>(fit.supportVectors),
                  thyNumber(fit.b).c_str(),
                  standardize ? ", mapped back to the target's units" : " (z = x)");
    std::string text = kernelExpansionModule("svr", comment, model,
                                             batchRows > 0 ? batchRows : data.rows);
    if (rt::Status s = verifyModuleText(text, output); !s)
      return fail("internal error: the emitted module does not verify:\n" + s.message());
    if (!writeTextFile(output, text, error))
      return fail(error);
  }
  if (!fit.converged)
    return fail("SMO stopped at the iteration limit before m - M < tol");
  return 0;
}

} // namespace thymos::fit
