//===- Dataset.h - Feature matrices and targets read from CSV ---------------===//
//
// The fitting tool reads the numeric CSV files of ../shared/data: one header
// row, features, the target in one column (the last by default). Reading goes
// through the runtime's CSV reader, so malformed files are reported as
// "file:line:col: message"; checks made here (a non-finite feature, a constant
// column) name the file and line of the offending row.
//
// Standardizer holds per-column mean and population standard deviation
// (ddof = 0) taken from a training set, the convention of the demos.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace thymos::ml {

using rt::Status;

struct Dataset {
  std::string path;
  int64_t rows = 0;
  int64_t features = 0;
  std::vector<double> x; ///< (rows, features), row-major
  std::vector<double> y; ///< (rows)
  int64_t headerLines = 0;

  const double *row(int64_t i) const { return x.data() + i * features; }
  /// The 1-based line of the file that holds data row `i`.
  int64_t lineOf(int64_t i) const { return i + 1 + headerLines; }
  /// "file:line" of data row `i`, for messages.
  std::string where(int64_t i) const;
};

/// Reads `path`; column `targetColumn` (negative counts from the end) is the
/// target, every other column a feature. Non-finite features are errors; a
/// non-finite target is kept (nan marks an unlabelled node for p-Laplacian
/// learning; the regressors reject it with requireFiniteTargets()).
Status readDataset(const std::string &path, int64_t targetColumn, Dataset &out);

/// Fails with "file:line: target is nan" for the first non-finite target.
Status requireFiniteTargets(const Dataset &data);

/// Keeps the first `rows` rows (for fits on growing subsets).
void truncateRows(Dataset &data, int64_t rows);

struct Standardizer {
  std::vector<double> mean;  ///< (features)
  std::vector<double> scale; ///< (features), population std
  double yMean = 0.0;
  double yScale = 1.0;

  /// The identity transform for `features` columns.
  static Standardizer identity(int64_t features);
  /// Mean and population std of every column of `data` and of its target.
  /// A constant column cannot be scaled: that is an error naming it.
  static Status fit(const Dataset &data, bool scaleTarget, Standardizer &out);

  /// (x - mean) / scale for every row, in place.
  void apply(Dataset &data) const;
  double unscaleTarget(double v) const { return v * yScale + yMean; }
};

} // namespace thymos::ml
