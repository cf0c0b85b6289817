//===- Dataset.cpp - Feature matrices and targets read from CSV -------------===//

#include "ml/Dataset.h"

#include "runtime/io/Csv.h"
#include "runtime/io/HostTensor.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace thymos::ml {

std::string Dataset::where(int64_t i) const {
  return path + ":" + std::to_string(lineOf(i));
}

namespace {

/// Lines in the file: the CSV reader rejects empty lines, so the difference
/// to the number of data rows is the header.
Status countLines(const std::string &path, int64_t &lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::error(path + ": cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  lines = 0;
  for (char c : s)
    lines += c == '\n';
  if (!s.empty() && s.back() != '\n')
    ++lines;
  return Status::success();
}

} // namespace

Status readDataset(const std::string &path, int64_t targetColumn, Dataset &out) {
  rt::HostTensor table;
  rt::CsvReadOptions options;
  if (Status s = rt::readCsv(path, options, table); !s)
    return s;
  const int64_t rows = table.view.dims[0], cols = table.view.dims[1];
  if (cols < 2)
    return Status::error(path + ": expected at least one feature column and a target, found " +
                         std::to_string(cols) + " column");
  int64_t target = targetColumn < 0 ? cols + targetColumn : targetColumn;
  if (target < 0 || target >= cols)
    return Status::error(path + ": target column " + std::to_string(targetColumn) +
                         " is outside the file's " + std::to_string(cols) + " columns");
  int64_t lines = 0;
  if (Status s = countLines(path, lines); !s)
    return s;

  Dataset d;
  d.path = path;
  d.rows = rows;
  d.features = cols - 1;
  d.headerLines = lines - rows;
  d.x.reserve(static_cast<size_t>(rows * d.features));
  d.y.reserve(static_cast<size_t>(rows));
  const double *v = table.view.as<double>();
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j) {
      double value = v[i * cols + j];
      if (j == target) {
        d.y.push_back(value);
        continue;
      }
      if (!std::isfinite(value))
        return Status::error(d.where(i) + ": feature column " + std::to_string(j) + " is " +
                             rt::formatShortest(value) + "; features must be finite");
      d.x.push_back(value);
    }
  }
  out = std::move(d);
  return Status::success();
}

Status requireFiniteTargets(const Dataset &data) {
  for (int64_t i = 0; i < data.rows; ++i)
    if (!std::isfinite(data.y[i]))
      return Status::error(data.where(i) + ": target is " + rt::formatShortest(data.y[i]) +
                           "; a regression target must be finite");
  return Status::success();
}

void truncateRows(Dataset &data, int64_t rows) {
  if (rows >= data.rows)
    return;
  data.rows = rows;
  data.x.resize(static_cast<size_t>(rows * data.features));
  data.y.resize(static_cast<size_t>(rows));
}

Standardizer Standardizer::identity(int64_t features) {
  Standardizer s;
  s.mean.assign(static_cast<size_t>(features), 0.0);
  s.scale.assign(static_cast<size_t>(features), 1.0);
  return s;
}

namespace {

/// Mean and population std of v[0], v[stride], ... (n values); two passes,
/// so the variance does not suffer from cancellation.
void meanStd(const double *v, int64_t n, int64_t stride, double &mean, double &std) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i)
    sum += v[i * stride];
  mean = sum / double(n);
  double ss = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double c = v[i * stride] - mean;
    ss += c * c;
  }
  std = std::sqrt(ss / double(n));
}

} // namespace

Status Standardizer::fit(const Dataset &data, bool scaleTarget, Standardizer &out) {
  if (data.rows < 2)
    return Status::error(data.path + ": standardising needs at least 2 rows");
  Standardizer s;
  s.mean.resize(static_cast<size_t>(data.features));
  s.scale.resize(static_cast<size_t>(data.features));
  for (int64_t j = 0; j < data.features; ++j) {
    meanStd(data.x.data() + j, data.rows, data.features, s.mean[j], s.scale[j]);
    if (!(s.scale[j] > 0.0))
      return Status::error(data.path + ": feature column " + std::to_string(j) +
                           " is constant and cannot be standardised");
  }
  if (scaleTarget) {
    meanStd(data.y.data(), data.rows, 1, s.yMean, s.yScale);
    if (!(s.yScale > 0.0))
      return Status::error(data.path + ": the target is constant and cannot be standardised");
  }
  out = std::move(s);
  return Status::success();
}

void Standardizer::apply(Dataset &data) const {
  for (int64_t i = 0; i < data.rows; ++i) {
    double *r = data.x.data() + i * data.features;
    for (int64_t j = 0; j < data.features; ++j)
      r[j] = (r[j] - mean[j]) / scale[j];
    data.y[i] = (data.y[i] - yMean) / yScale;
  }
}

} // namespace thymos::ml
