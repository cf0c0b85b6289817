//===- PlapCommand.cpp - thymos-fit plap: p-Laplacian semi-supervised learning -===//
//
// Which nodes are labelled: by default every row whose target is finite
// (nan marks an unlabelled row); --labelled-per-class K takes the first K
// rows of each target value in file order and --labelled-first K the first
// K rows, the other rows' targets then serving only to measure accuracy.
// With --classify the targets are classes 0/1, labelled as -1/+1, and the
// prediction is sign(u).
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"

#include "ml/Dataset.h"
#include "ml/GraphRunner.h"
#include "ml/KnnGraph.h"
#include "ml/PLaplacian.h"
#include "ml/PredictGraphs.h"
#include "ml/ThyWriter.h"
#include "runtime/io/Csv.h"
#include "runtime/io/HostTensor.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace thymos::fit {

using namespace ml;

namespace {

/// The labelled mask; false with a message when the choice is impossible.
bool chooseLabelled(const Dataset &data, int64_t perClass, int64_t firstRows,
                    std::vector<char> &labelled, std::string &error) {
  labelled.assign(static_cast<size_t>(data.rows), 0);
  std::map<double, int64_t> taken;
  for (int64_t i = 0; i < data.rows; ++i) {
    const double t = data.y[i];
    if (perClass > 0) {
      if (!std::isfinite(t)) {
        error = data.where(i) + ": target is " + rt::formatShortest(t) +
                "; --labelled-per-class needs a class in every row";
        return false;
      }
      if (taken[t] < perClass) {
        ++taken[t];
        labelled[i] = 1;
      }
    } else if (firstRows > 0) {
      if (i < firstRows && !std::isfinite(t)) {
        error = data.where(i) + ": target is " + rt::formatShortest(t) +
                ", but --labelled-first makes this row labelled";
        return false;
      }
      labelled[i] = i < firstRows;
    } else {
      labelled[i] = std::isfinite(t);
    }
  }
  int64_t count = 0;
  for (char l : labelled)
    count += l;
  if (count == 0) {
    error = data.path + ": no labelled rows (give finite targets, --labelled-per-class "
                        "or --labelled-first)";
    return false;
  }
  return true;
}

} // namespace

int plapMain(int argc, char **argv) {
  std::string dataPath, output, valuesPath, target = "-1", k = "10", p = "2", perClass, first,
                                            continuation = "0", tol = "1e-10",
                                            maxIter = "200", batch;
  bool classify = false, quiet = false;
  OptionParser parser(
      "thymos-fit plap",
      "thymos-fit plap --data FILE.csv [options] [-o MODEL.thy]",
      "Semi-supervised regression on the k-nearest-neighbour graph of the rows:\n"
      "minimises E(u) = sum_i sum_j w_ij |u_i - u_j|^p with u fixed on labelled rows,\n"
      "w_ij = exp(-4|x_i - x_j|²/d_k(i)²) symmetrised as (W + Wᵀ)/2. p = 2 is Laplace\n"
      "learning (one linear solve); p > 2 runs Newton's method with a line search from\n"
      "the p = 2 solution, printing the energy and gradient norm of every iterate.\n"
      "The module's @predict gives new points the u of their nearest node.");
  parser.value("data", "FILE.csv", "the points and their targets (nan: unlabelled)", dataPath);
  parser.value("target", "COLUMN", "the target column, negative from the end", target);
  parser.value("k", "K", "neighbours per node", k);
  parser.value("p", "P", "the exponent, >= 2", p);
  parser.value("labelled-per-class", "K", "label the first K rows of each target value",
               perClass);
  parser.value("labelled-first", "K", "label the first K rows", first);
  parser.flag("classify", "targets are classes 0/1: label as -1/+1, predict sign(u), "
                          "report accuracy",
              classify);
  parser.value("continuation", "STEP", "solve at p = 2, 2 + STEP, ... before P (0: only 2)",
               continuation);
  parser.value("tol", "TOL", "stop when the gradient norm on unlabelled nodes is below TOL",
               tol);
  parser.value("max-iter", "N", "Newton iterations per value of p", maxIter);
  parser.value("batch", "N", "rows per call of the emitted graphs (default: all rows)", batch);
  parser.value("values", "FILE.csv", "write every node's coordinates, u and labelled flag",
               valuesPath);
  parser.value("o", "MODEL.thy", "write the model as a .thy module", output);
  parser.flag("quiet", "no per-iteration output", quiet);
  if (int status = parseCommandLine(parser, argc, argv); status >= 0)
    return status;
  if (dataPath.empty())
    return fail("plap: --data FILE.csv is required");
  if (parser.seen("labelled-per-class") && parser.seen("labelled-first"))
    return fail("plap: give --labelled-per-class or --labelled-first, not both");

  std::string error;
  PLaplacianOptions options;
  double step = 0.0;
  int64_t targetColumn = 0, kValue = 0, perClassValue = 0, firstValue = 0, batchRows = 0,
          maxIterValue = 0;
  if (!parseInteger("--target", target, INT64_MIN + 1, targetColumn, error) ||
      !parseInteger("--k", k, 1, kValue, error) ||
      !parseNumber("--p", p, options.p, error) ||
      !parseNonNegative("--continuation", continuation, step, error) ||
      !parsePositive("--tol", tol, options.tolerance, error) ||
      !parseInteger("--max-iter", maxIter, 1, maxIterValue, error) ||
      (!perClass.empty() && !parseInteger("--labelled-per-class", perClass, 1, perClassValue,
                                          error)) ||
      (!first.empty() && !parseInteger("--labelled-first", first, 1, firstValue, error)) ||
      (!batch.empty() && !parseInteger("--batch", batch, 1, batchRows, error)))
    return fail(error);
  if (options.p < 2.0)
    return fail("--p: expected a number >= 2, got '" + p + "'");
  options.maxIterations = static_cast<int>(std::min<int64_t>(maxIterValue, 1 << 30));

  Dataset data;
  if (rt::Status s = readDataset(dataPath, targetColumn, data); !s)
    return fail(s.message());
  std::vector<char> labelled;
  if (!chooseLabelled(data, perClassValue, firstValue, labelled, error))
    return fail(error);
  if (classify)
    for (int64_t i = 0; i < data.rows; ++i)
      if (std::isfinite(data.y[i]) && data.y[i] != 0.0 && data.y[i] != 1.0)
        return fail(data.where(i) + ": --classify needs classes 0 and 1, found " +
                    rt::formatShortest(data.y[i]));

  Stopwatch graphClock;
  SparseMatrix w;
  if (rt::Status s = buildKnnGraph(data.x.data(), data.rows, data.features,
                                   static_cast<int>(std::min<int64_t>(kValue, INT32_MAX)), w);
      !s)
    return fail(dataPath + ": " + s.message());
  const double graphSeconds = graphClock.seconds();

  std::vector<double> u(static_cast<size_t>(data.rows), 0.0);
  int64_t labelledCount = 0;
  for (int64_t i = 0; i < data.rows; ++i)
    if (labelled[i]) {
      u[i] = classify ? 2.0 * data.y[i] - 1.0 : data.y[i];
      ++labelledCount;
    }
  // Continuation: p = 2, then 2 + step, ..., then the requested p.
  std::vector<double> schedule{2.0};
  if (step > 0.0)
    for (double q = 2.0 + step; q < options.p - 1e-12; q += step)
      schedule.push_back(q);
  if (options.p > 2.0)
    schedule.push_back(options.p);

  Stopwatch solveClock;
  PLaplacianResult result;
  int64_t totalIterations = 0;
  for (double q : schedule) {
    PLaplacianOptions stage = options;
    stage.p = q;
    auto progress = [&](const NewtonIterate &it) {
      if (!quiet)
        std::fprintf(stderr, "p = %g  newton %3d: energy = %.15e  |grad| = %.6e  step = %g%s\n",
                     q, it.iteration, it.energy, it.gradientNorm, it.step,
                     it.shift > 0.0 ? "  (shifted)" : "");
    };
    result = solvePLaplacian(w, labelled, u, stage, progress);
    totalIterations += static_cast<int64_t>(result.history.size()) - 1;
    u = result.u;
    if (!result.converged && !quiet)
      std::fprintf(stderr, "plap: p = %g did not reach |grad| < %g\n", q, options.tolerance);
  }
  const double solveSeconds = solveClock.seconds();
  const NewtonIterate &last = result.history.back();

  int64_t unlabelled = 0, scored = 0, correct = 0;
  double sum = 0.0, sumSq = 0.0, lo = INFINITY, hi = -INFINITY;
  for (int64_t i = 0; i < data.rows; ++i) {
    if (labelled[i])
      continue;
    ++unlabelled;
    sum += u[i];
    sumSq += u[i] * u[i];
    lo = std::min(lo, u[i]);
    hi = std::max(hi, u[i]);
    if (classify && std::isfinite(data.y[i])) {
      ++scored;
      correct += (u[i] > 0.0) == (data.y[i] == 1.0) && u[i] != 0.0;
    }
  }
  printResult("nodes", data.rows);
  printResult("labelled", labelledCount);
  printResult("edges", w.nonZeros() / 2);
  printResult("p", options.p);
  printResult("iterations", static_cast<int64_t>(result.history.size()) - 1);
  printResult("total_iterations", totalIterations);
  printResult("converged", result.converged ? "true" : "false");
  printResult("energy", last.energy);
  printResult("grad_norm", last.gradientNorm);
  if (classify && scored > 0)
    printResult("accuracy", double(correct) / double(scored));
  if (unlabelled > 0) {
    const double mean = sum / double(unlabelled);
    printResult("u_mean", mean);
    printResult("u_std", std::sqrt(std::max(0.0, sumSq / double(unlabelled) - mean * mean)));
    printResult("u_min", lo);
    printResult("u_max", hi);
  }
  printResult("envelope", result.envelopeSize);
  printResult("graph_seconds", graphSeconds);
  printResult("solve_seconds", solveSeconds);

  if (!valuesPath.empty()) {
    const int64_t cols = data.features + 2;
    const int64_t dims[2] = {data.rows, cols};
    rt::HostTensor table;
    if (rt::Status s = rt::HostTensor::create(rt::DType::F64, 2, dims, table); !s)
      return fail(s.message());
    double *v = table.view.as<double>();
    std::vector<std::string> header;
    for (int64_t j = 0; j < data.features; ++j)
      header.push_back("x" + std::to_string(j));
    header.push_back("u");
    header.push_back("labelled");
    for (int64_t i = 0; i < data.rows; ++i) {
      for (int64_t j = 0; j < data.features; ++j)
        v[i * cols + j] = data.row(i)[j];
      v[i * cols + data.features] = u[i];
      v[i * cols + data.features + 1] = labelled[i];
    }
    if (rt::Status s = rt::writeCsv(valuesPath, table.view, header); !s)
      return fail(s.message());
  }
  if (!output.empty()) {
    NearestNodeModel model;
    model.features = data.features;
    model.nodes = data.x;
    model.u = u;
    model.classify = classify;
    char comment[768];
    std::snprintf(comment, sizeof comment,
                  "p-Laplacian learning fitted by thymos-fit plap on %s: %lld nodes, %lld "
                  "labelled,\nk = %lld nearest neighbours, p = %s, energy %s, gradient norm "
                  "%s.\nNew points take the u of their nearest node%s.",
                  dataPath.c_str(), static_cast<long long>(data.rows),
                  static_cast<long long>(labelledCount), static_cast<long long>(kValue),
                  thyNumber(options.p).c_str(), thyNumber(last.energy).c_str(),
                  thyNumber(last.gradientNorm).c_str(),
                  classify ? "; the label is sign(u)" : "");
    std::string text =
        nearestNodeModule("plap", comment, model, batchRows > 0 ? batchRows : data.rows);
    if (rt::Status s = verifyModuleText(text, output); !s)
      return fail("internal error: the emitted module does not verify:\n" + s.message());
    if (!writeTextFile(output, text, error))
      return fail(error);
  }
  if (!result.converged)
    return fail("Newton's method stopped with |grad| = " + rt::formatShortest(last.gradientNorm) +
                ", above --tol " + tol);
  return 0;
}

} // namespace thymos::fit
