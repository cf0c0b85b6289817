//===- PlanModel.cpp - A plan in memory, before it is written ------------------===//

#include "codegen/PlanModel.h"

namespace thymos::codegen {

plan::StringRef32 PlanModel::addString(const std::string &text) {
  plan::StringRef32 ref{static_cast<uint32_t>(strings.size()), static_cast<uint32_t>(text.size())};
  strings += text;
  return ref;
}

uint64_t PlanModel::addConstantData(const std::vector<unsigned char> &bytes) {
  uint64_t offset = (constants.size() + plan::kAlignment - 1) / plan::kAlignment * plan::kAlignment;
  constants.resize(offset);
  constants.insert(constants.end(), bytes.begin(), bytes.end());
  return offset;
}

} // namespace thymos::codegen
