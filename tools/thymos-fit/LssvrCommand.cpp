//===- LssvrCommand.cpp - thymos-fit lssvr: LS-SVR solved in a graph ---------===//
//
// The fit itself is a Thymos graph: the command writes the training module
// (ml/LssvrGraph.h), compiles it, runs it on the training data, and embeds
// the α, b (and standardisation) that the graph returned into the predict
// module. --emit-fit-graph keeps the training module, which thymosc and
// thymos-run run just as well by hand.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"

#include "ml/Dataset.h"
#include "ml/GraphRunner.h"
#include "ml/LssvrGraph.h"
#include "ml/PredictGraphs.h"
#include "ml/ThyWriter.h"

#include <cstdio>
#include <cmath>
#include <map>

namespace thymos::fit {

using namespace ml;

int lssvrMain(int argc, char **argv) {
  std::string train, output, fitGraph, target = "-1", gamma = "10", sigma2 = "10", rows, batch,
                                       threads = "1";
  bool standardize = false;
  OptionParser parser(
      "thymos-fit lssvr",
      "thymos-fit lssvr --train FILE.csv [options] [-o MODEL.thy]",
      "Fits LS-SVR with the kernel K(x, z) = exp(-|x - z|²/σ²) by solving the KKT\n"
      "system [[0, 1ᵀ], [1, K + I/γ]]·[b; α] = [0; y] in a Thymos graph (f64,\n"
      "cholesky and triangular_solve), then writes a module whose @predict graph\n"
      "holds the training points, α and b.");
  parser.value("train", "FILE.csv", "training data: numeric CSV, header optional", train);
  parser.value("target", "COLUMN", "the target column, negative from the end", target);
  parser.value("gamma", "GAMMA", "regularisation γ > 0", gamma);
  parser.value("sigma2", "S2", "kernel width σ² > 0", sigma2);
  parser.value("rows", "N", "use only the first N rows of the training file", rows);
  parser.flag("standardize", "standardise features and target in the graph", standardize);
  parser.value("batch", "N", "rows per call of the emitted graphs (default: training rows)",
               batch);
  parser.value("threads", "N", "threads for the training graph's kernels", threads);
  parser.value("emit-fit-graph", "FIT.thy", "also write the training module", fitGraph);
  parser.value("o", "MODEL.thy", "write the model as a .thy module", output);
  if (int status = parseCommandLine(parser, argc, argv); status >= 0)
    return status;
  if (train.empty())
    return fail("lssvr: --train FILE.csv is required");

  std::string error;
  LssvrParams params;
  params.standardize = standardize;
  int64_t targetColumn = 0, rowLimit = 0, batchRows = 0, threadCount = 1;
  if (!parseInteger("--target", target, INT64_MIN + 1, targetColumn, error) ||
      !parsePositive("--gamma", gamma, params.gamma, error) ||
      !parsePositive("--sigma2", sigma2, params.sigma2, error) ||
      !parseInteger("--threads", threads, 0, threadCount, error) ||
      (!rows.empty() && !parseInteger("--rows", rows, 2, rowLimit, error)) ||
      (!batch.empty() && !parseInteger("--batch", batch, 1, batchRows, error)))
    return fail(error);

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
  const int64_t n = data.rows, d = data.features;
  if (standardize) { // the graph would divide by zero; say which column
    Standardizer check;
    if (rt::Status s = Standardizer::fit(data, true, check); !s)
      return fail(s.message());
  }

  std::string fitText = lssvrFitModule(n, d, params);
  if (!fitGraph.empty() && !writeTextFile(fitGraph, fitText, error))
    return fail(error);
  Stopwatch clock;
  std::vector<unsigned char> plan;
  if (rt::Status s = compileModuleText(fitText, "lssvr_fit.thy", plan); !s)
    return fail("internal error: the training module does not compile:\n" + s.message());
  const double compileSeconds = clock.seconds();
  NamedTensors outputs;
  if (rt::Status s = runEntry(plan, "fit",
                              {{"x", {{n, d}, data.x}}, {"y", {{n, 1}, data.y}}}, outputs,
                              static_cast<unsigned>(threadCount));
      !s)
    return fail("the training graph failed: " + s.message());
  const double seconds = clock.seconds();
  std::map<std::string, const std::vector<double> *> result;
  for (const auto &[name, tensor] : outputs)
    result[name] = &tensor.data;

  KernelExpansion model;
  model.kernel.kind = KernelKind::Rbf;
  model.kernel.gamma = 1.0 / params.sigma2;
  model.features = d;
  model.coef = *result.at("alpha");
  model.bias = result.at("b")->at(0);
  model.scaler = Standardizer::identity(d);
  model.centers = data.x;
  if (standardize) {
    model.scaler.mean = *result.at("x_mean");
    model.scaler.scale = *result.at("x_scale");
    model.scaler.yMean = result.at("y_mean")->at(0);
    model.scaler.yScale = result.at("y_scale")->at(0);
    model.centers = *result.at("x_std");
  }

  // The first KKT row says 1ᵀα = 0; the graph's residual shows the solve's accuracy.
  double alphaSum = 0.0, alphaAbs = 0.0, sse = 0.0, sst = 0.0, mean = 0.0;
  for (double a : model.coef) {
    alphaSum += a;
    alphaAbs += std::fabs(a);
  }
  for (int64_t i = 0; i < n; ++i)
    mean += data.y[i] / double(n);
  for (int64_t i = 0; i < n; ++i) {
    double r = predictKernelExpansion(model, data.row(i)) - data.y[i];
    sse += r * r;
    sst += (data.y[i] - mean) * (data.y[i] - mean);
  }
  printResult("rows", n);
  printResult("features", d);
  printResult("b", model.bias);
  if (standardize)
    printResult("b_target_units", model.scaler.unscaleTarget(model.bias));
  printResult("alpha_sum_relative", std::fabs(alphaSum) / alphaAbs);
  printResult("train_r2", 1.0 - sse / sst);
  printResult("compile_seconds", compileSeconds);
  printResult("fit_seconds", seconds);

  if (!output.empty()) {
    std::string comment = "LS-SVR fitted by thymos-fit lssvr on " + train + " (" +
                          std::to_string(n) + " rows" + (standardize ? ", standardised" : "") +
                          "); α and b solved in the graph @lssvr_fit.\n"
                          "K(x, z) = exp(-|x - z|²/σ²), γ = " + thyNumber(params.gamma) +
                          ", σ² = " + thyNumber(params.sigma2) + ", b = " +
                          thyNumber(model.bias) + ".";
    std::string text =
        kernelExpansionModule("lssvr", comment, model, batchRows > 0 ? batchRows : n);
    if (rt::Status s = verifyModuleText(text, output); !s)
      return fail("internal error: the emitted module does not verify:\n" + s.message());
    if (!writeTextFile(output, text, error))
      return fail(error);
  }
  return 0;
}

} // namespace thymos::fit
