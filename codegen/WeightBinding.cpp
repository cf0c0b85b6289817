//===- WeightBinding.cpp - Checking gguf_tensor ops against their files -----===//

#include "codegen/WeightBinding.h"

#include "ir/Ops.h"
#include "runtime/Fingerprint.h"
#include "runtime/gguf/File.h"
#include "runtime/gguf/GgmlType.h"

#include <fmt/format.h>

#include <optional>

namespace thymos::codegen {

namespace {

/// The IR element type stored as GGUF type `id`; nullopt for types the IR
/// does not have (Q4_1, Q2_K, the IQ types, ...).
std::optional<ir::DType> dtypeOfGgml(uint32_t id) {
  switch (static_cast<gguf::GgmlType>(id)) {
  case gguf::GgmlType::F32: return ir::DType::F32;
  case gguf::GgmlType::F16: return ir::DType::F16;
  case gguf::GgmlType::BF16: return ir::DType::BF16;
  case gguf::GgmlType::F64: return ir::DType::F64;
  case gguf::GgmlType::Q8_0: return ir::DType::Q8_0;
  case gguf::GgmlType::Q4_0: return ir::DType::Q4_0;
  case gguf::GgmlType::Q4_K: return ir::DType::Q4_K;
  case gguf::GgmlType::Q5_K: return ir::DType::Q5_K;
  case gguf::GgmlType::Q6_K: return ir::DType::Q6_K;
  case gguf::GgmlType::I8: return ir::DType::I8;
  case gguf::GgmlType::I32: return ir::DType::I32;
  default: return std::nullopt;
  }
}

/// GGUF dims (ne0 first) as an IR shape (outermost first).
std::string irShapeOf(const std::vector<uint64_t> &ne) {
  std::string text = "[";
  for (size_t i = ne.size(); i-- > 0;)
    text += std::to_string(ne[i]) + (i ? "," : "");
  return text + "]";
}

} // namespace

WeightBinder::WeightBinder(PlanModel &model, DiagnosticEngine &diag, std::string sourceDirectory,
                           bool fingerprints)
    : model_(model), diag_(diag), sourceDirectory_(std::move(sourceDirectory)),
      fingerprints_(fingerprints) {}

WeightBinder::~WeightBinder() = default;

const gguf::File *WeightBinder::open(const ir::Operation &op, const std::string &path) {
  auto found = files_.find(path);
  if (found != files_.end())
    return found->second.get();
  std::unique_ptr<gguf::File> file;
  if (rt::Status s = gguf::File::open(path, file); !s) {
    diag_.error(op.loc(), "'gguf_tensor' op: " + s.message());
    return nullptr;
  }
  return files_.emplace(path, std::move(file)).first->second.get();
}

bool WeightBinder::bind(const ir::Operation &op, uint64_t &index) {
  ir::GgufTensorAdaptor adaptor(op);
  std::string named = adaptor.file().str();
  // A "\x00" escape would cut the path where open(2) reads it: another file
  // than the one the module names (the plan loader refuses it as well).
  if (named.find('\0') != std::string::npos) {
    const ir::NamedAttribute *attr = op.findNamedAttr("file");
    diag_.error(attr ? attr->loc : op.loc(),
                "'gguf_tensor' op attribute 'file' contains a NUL byte, which a path cannot hold");
    return false;
  }
  std::string path = named[0] == '/' ? named : sourceDirectory_ + named;
  const gguf::File *file = open(op, path);
  if (!file)
    return false;
  std::string name = adaptor.name().str();
  const gguf::TensorInfo *info = file->findTensor(name);
  if (!info) {
    diag_.error(op.loc(), fmt::format("'gguf_tensor' op: {} has no tensor '{}' ({} tensors)",
                                      path, name, file->tensors().size()));
    return false;
  }
  const ir::TensorType &type = op.result()->type();
  const char *ggmlName = gguf::ggmlTypeInfo(info->type)->name;
  std::optional<ir::DType> dtype = dtypeOfGgml(info->type);
  std::string fileType = fmt::format("{}{}", ggmlName, irShapeOf(info->dims));
  if (!dtype) {
    diag_.error(op.loc(), fmt::format("'gguf_tensor' op: tensor '{}' is {}, a type Thymos "
                                      "does not support (supported: F32, F16, BF16, F64, "
                                      "Q8_0, Q4_0, Q4_K, Q5_K, Q6_K, I8, I32)",
                                      name, fileType));
    return false;
  }
  bool sameShape = info->dims.size() == type.rank();
  for (size_t i = 0; sameShape && i < info->dims.size(); ++i)
    sameShape = static_cast<uint64_t>(type.dim(type.rank() - 1 - i)) == info->dims[i];
  if (*dtype != type.dtype() || !sameShape) {
    diag_.error(op.loc(),
                fmt::format("'gguf_tensor' op: the codomain is {}, but tensor '{}' in {} is "
                            "{}[{}] ({}, dims innermost first {})",
                            type.str(), name, path, ir::dtypeName(*dtype).str(),
                            irShapeOf(info->dims).substr(1, irShapeOf(info->dims).size() - 2),
                            ggmlName, gguf::shapeText(info->dims)));
    return false;
  }
  if (auto it = bound_.find({named, name}); it != bound_.end()) {
    index = it->second;
    return true;
  }
  plan::WeightRecord record{};
  record.file = model_.addWeightFile(named);
  if (record.file == model_.weightChecks.size()) { // the file's first weight
    plan::WeightCheckRecord check{};
    check.fileBytes = file->size();
    check.headerFingerprint = rt::fingerprint64(file->data(), file->dataOffset());
    check.sampleFingerprint = rt::sampledFingerprint(file->data(), file->size(),
                                                     file->dataOffset());
    check.flags = fingerprints_ ? uint32_t(plan::kWeightFullFingerprints) : 0u;
    model_.weightChecks.push_back(check);
  }
  record.offset = info->offset;
  record.bytes = info->bytes;
  record.fingerprint =
      fingerprints_ ? rt::fingerprint64(file->tensorData(*info), info->bytes) : 0;
  index = model_.weights.size();
  model_.weights.push_back(record);
  bound_[{named, name}] = index;
  return true;
}

} // namespace thymos::codegen
