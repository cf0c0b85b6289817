//===- TensorText.cpp - Tensors printed for people -----------------------------===//

#include "TensorText.h"

#include "runtime/io/Csv.h"

#include <cmath>
#include <cstring>

namespace thymos::run {

using namespace rt;

namespace {

/// Axes longer than this print their first and last kEdge entries only.
constexpr int64_t kFullAxis = 12, kEdge = 3;


void printAxis(std::string &out, const TensorView &t, uint32_t axis, int64_t base) {
  if (axis == t.rank) {
    out += elementText(t, base, ElementStyle::Text);
    return;
  }
  int64_t stride = 1;
  for (uint32_t d = axis + 1; d < t.rank; ++d)
    stride *= t.dims[d];
  const std::string separator =
      axis + 1 == t.rank ? ", " : ",\n" + std::string(axis + 1, ' ');
  out += '[';
  int64_t n = t.dims[axis];
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      out += separator;
    if (n > kFullAxis && i == kEdge) {
      out += "..." + separator;
      i = n - kEdge;
    }
    printAxis(out, t, axis + 1, base + i * stride);
  }
  out += ']';
}

} // namespace

namespace {

template <typename T> std::string realText(T v, ElementStyle style) {
  if (style == ElementStyle::Json && std::isnan(v))
    return "\"nan\"";
  if (style == ElementStyle::Json && std::isinf(v))
    return v < 0 ? "\"-inf\"" : "\"inf\"";
  return formatShortest(v);
}

} // namespace

std::string elementText(const TensorView &t, int64_t index, ElementStyle style) {
  const unsigned char *p = static_cast<const unsigned char *>(t.data);
  switch (t.dtype) {
  case DType::F64: {
    double v;
    std::memcpy(&v, p + index * 8, 8);
    return realText(v, style);
  }
  case DType::F32: {
    float v;
    std::memcpy(&v, p + index * 4, 4);
    return realText(v, style);
  }
  case DType::I32: {
    int32_t v;
    std::memcpy(&v, p + index * 4, 4);
    return std::to_string(v);
  }
  case DType::I8: return std::to_string(static_cast<int8_t>(p[index]));
  default: return style == ElementStyle::Json ? "null" : "?";
  }
}

std::string typeText(const TensorView &t) {
  std::string text = std::string(dtypeKindName(t.dtype)) + "[";
  for (uint32_t i = 0; i < t.rank; ++i)
    text += (i ? "," : "") + std::to_string(t.dims[i]);
  return text + "]";
}

void printTensor(std::FILE *out, const std::string &name, const TensorView &t) {
  std::string text = "%" + name + ": " + typeText(t) + " = ";
  if (elementBytes(t.dtype) == 0 || t.dtype == DType::F16 || t.dtype == DType::BF16) {
    text += "(not printable; write it with --output)";
  } else {
    std::string values;
    printAxis(values, t, 0, 0);
    text += values;
  }
  std::fprintf(out, "%s\n", text.c_str());
}

} // namespace thymos::run
