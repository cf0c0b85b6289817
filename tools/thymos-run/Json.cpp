//===- Json.cpp - thymos-run's results and plan listing as JSON ---------------===//

#include "Json.h"
#include "TensorText.h"

#include "runtime/io/Csv.h"
#include "tools/JsonText.h"

#include <cmath>
#include <cstring>

namespace thymos::run {

using namespace rt;

namespace {


void appendValues(std::string &out, const TensorView &t, uint32_t axis, int64_t base,
                  int64_t stride) {
  if (axis == t.rank) {
    out += elementText(t, base, ElementStyle::Json);
    return;
  }
  int64_t inner = stride / t.dims[axis];
  out += '[';
  for (int64_t i = 0; i < t.dims[axis]; ++i) {
    if (i)
      out += ", ";
    appendValues(out, t, axis + 1, base + i * inner, inner);
  }
  out += ']';
}

std::string typeFields(const TensorView &t) {
  std::string text = "\"dtype\": \"" + std::string(dtypeKindName(t.dtype)) + "\", \"shape\": [";
  for (uint32_t i = 0; i < t.rank; ++i)
    text += (i ? ", " : "") + std::to_string(t.dims[i]);
  return text + "]";
}

std::string jsonType(const Plan &plan, uint32_t tensor) {
  return "{\"name\": " + jsonString(plan.string(plan.tensors()[tensor].name)) + ", " +
         typeFields(plan.typeOf(tensor)) + "}";
}

} // namespace

std::string jsonString(std::string_view text) { return tools::jsonQuoted(text); }

std::string jsonTensor(const std::string &name, const TensorView &t) {
  std::string out = "{\"name\": " + jsonString(name) + ", " + typeFields(t) + ", \"values\": ";
  bool printable = t.dtype == DType::F64 || t.dtype == DType::F32 || t.dtype == DType::I32 ||
                   t.dtype == DType::I8;
  int64_t count = t.numElements();
  if (!printable || count > kJsonMaxElements)
    return out + "null}";
  appendValues(out, t, 0, 0, count);
  return out + "}";
}

std::string jsonListing(const Plan &plan) {
  auto list = [&](uint32_t start, uint32_t count) {
    std::string text = "[";
    for (uint32_t k = 0; k < count; ++k)
      text += (k ? ", " : "") + jsonType(plan, plan.indices()[start + k]);
    return text + "]";
  };
  std::string out = "{\"entries\": [";
  for (size_t i = 0; i < plan.entries().size(); ++i) {
    const plan::EntryRecord &e = plan.entries()[i];
    out += i ? ",\n  " : "\n  ";
    out += "{\"name\": " + jsonString(plan.string(e.name)) +
           ", \"steps\": " + std::to_string(e.stepCount) +
           ", \"inputs\": " + list(e.inputStart, e.inputCount) +
           ", \"outputs\": " + list(e.outputStart, e.outputCount) + "}";
  }
  out += "],\n \"states\": [";
  bool first = true;
  for (uint32_t t = 0; t < plan.tensors().size(); ++t)
    if (plan.tensors()[t].storage == uint8_t(plan::Storage::State)) {
      out += first ? "\n  " : ",\n  ";
      out += jsonType(plan, t);
      first = false;
    }
  return out + "]}\n";
}

} // namespace thymos::run
