//===- Operation.cpp - Values and the ops that define them -----------------===//

#include "ir/Operation.h"

namespace thymos::ir {

namespace {
template <typename Vector> llvm::SMLoc locAt(const Vector &locs, unsigned i) {
  return i < locs.size() ? locs[i] : llvm::SMLoc();
}
} // namespace

llvm::SMLoc Operation::operandLoc(unsigned i) const { return locAt(operandLocs_, i); }
llvm::SMLoc Operation::domainLoc(unsigned i) const { return locAt(domainLocs_, i); }
llvm::SMLoc Operation::codomainLoc(unsigned i) const { return locAt(codomainLocs_, i); }

llvm::SmallVector<TensorType, 1> Operation::codomain() const {
  llvm::SmallVector<TensorType, 1> types;
  for (const Value *v : results_)
    types.push_back(v->type());
  return types;
}

const NamedAttribute *Operation::findNamedAttr(llvm::StringRef attrName) const {
  for (const NamedAttribute &a : attrs_)
    if (a.name == attrName)
      return &a;
  return nullptr;
}

const Attribute *Operation::findAttr(llvm::StringRef attrName) const {
  const NamedAttribute *a = findNamedAttr(attrName);
  return a ? &a->value : nullptr;
}

int64_t Operation::intAttr(llvm::StringRef attrName) const {
  if (const Attribute *a = findAttr(attrName))
    return a->form() == Attribute::Form::Integer ? a->asInteger() : 0;
  const AttrSpec *spec = info().findAttr(attrName);
  return spec ? spec->defaultInteger : 0;
}

double Operation::floatAttr(llvm::StringRef attrName) const {
  if (const Attribute *a = findAttr(attrName))
    return a->satisfies(AttrKind::Float) ? a->asFloat() : 0.0;
  const AttrSpec *spec = info().findAttr(attrName);
  return spec ? spec->defaultFloat : 0.0;
}

bool Operation::boolAttr(llvm::StringRef attrName) const {
  if (const Attribute *a = findAttr(attrName))
    return a->form() == Attribute::Form::Bool && a->asBool();
  const AttrSpec *spec = info().findAttr(attrName);
  return spec && spec->defaultBool;
}

llvm::SmallVector<int64_t, 4> Operation::intArrayAttr(llvm::StringRef attrName) const {
  llvm::SmallVector<int64_t, 4> values;
  const Attribute *a = findAttr(attrName);
  if (a && a->satisfies(AttrKind::IntegerArray))
    for (double v : a->arrayValues())
      values.push_back(static_cast<int64_t>(v));
  return values;
}

} // namespace thymos::ir
