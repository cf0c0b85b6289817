//===- PlanModel.cpp - A plan in memory, before it is written ------------------===//

#include "codegen/PlanModel.h"

#include "runtime/CheckedSize.h"

namespace thymos::codegen {

plan::StringRef32 PlanModel::addString(const std::string &text) {
  plan::StringRef32 ref{static_cast<uint32_t>(strings.size()), static_cast<uint32_t>(text.size())};
  strings += text;
  return ref;
}

uint64_t PlanModel::addConstantData(const std::vector<unsigned char> &bytes) {
  uint64_t offset = alignUp<uint64_t>(constants.size(), plan::kAlignment);
  constants.resize(offset);
  constants.insert(constants.end(), bytes.begin(), bytes.end());
  return offset;
}

uint32_t PlanModel::addWeightFile(const std::string &path) {
  for (uint32_t i = 0; i < weightFiles.size(); ++i)
    if (stringAt(weightFiles[i].path) == path)
      return i;
  weightFiles.push_back({addString(path), 0});
  return static_cast<uint32_t>(weightFiles.size() - 1);
}

} // namespace thymos::codegen
