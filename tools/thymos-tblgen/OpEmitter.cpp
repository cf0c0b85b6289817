//===- OpEmitter.cpp - C++ for the ops of Ops.td ---------------------------===//
//
// Generates the OpKind enum, the OpInfo table that the parser, printer and
// verifier are driven by, and one typed adaptor class per op.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "Records.h"

#include "llvm/TableGen/Error.h"
#include "llvm/TableGen/TableGenBackend.h"

using namespace llvm;

namespace thymos::tblgen {

namespace {

std::string dtypeMask(const ConstraintRecord &c) {
  std::string mask;
  for (const std::string &d : c.dtypeEnumerators) {
    if (!mask.empty())
      mask += " | ";
    mask += "dtypeBit(DType::" + d + ")";
  }
  return mask.empty() ? "0u" : mask;
}

void emitOperandSpecs(raw_ostream &os, StringRef array,
                      const std::vector<OperandRecord> &operands) {
  if (operands.empty())
    return;
  os << "static const OperandSpec " << array << "[] = {\n";
  for (const OperandRecord &o : operands)
    os << "  {" << cppString(o.name) << ", " << dtypeMask(o.constraint) << ", "
       << cppString(o.constraint.description) << ", " << (o.variadic ? "true" : "false")
       << "},\n";
  os << "};\n";
}

void emitAttrSpecs(raw_ostream &os, StringRef array, const std::vector<AttrRecord> &attrs) {
  if (attrs.empty())
    return;
  os << "static const AttrSpec " << array << "[] = {\n";
  for (const AttrRecord &a : attrs) {
    // The default as a value of the attribute's kind; the literal stays for
    // the documentation.
    std::string def = a.required ? "" : a.defaultValue;
    bool isInteger = a.kind == "Integer", isFloat = a.kind == "Float", isBool = a.kind == "Bool";
    os << "  {" << cppString(a.name) << ", AttrKind::" << a.kind << ", "
       << cppString(a.description) << ", " << (a.required ? "true" : "false") << ", "
       << cppString(a.defaultValue) << ", " << (isInteger && !def.empty() ? def : "0") << ", "
       << (isFloat && !def.empty() ? def : "0.0") << ", "
       << (isBool && !def.empty() ? def : "false") << "},\n";
  }
  os << "};\n";
}

std::string arrayOrNull(const std::string &array, size_t count) {
  return count ? array : std::string("nullptr");
}

/// The C++ accessor an adaptor offers for an attribute of `kind`.
void emitAttrAccessor(raw_ostream &os, const AttrRecord &a) {
  std::string getter = camelCase(a.name);
  // Defaults come from the op table (AttrSpec), never from here.
  if (a.kind == "Integer")
    os << "  int64_t " << getter << "() const { return op.intAttr(\"" << a.name << "\"); }\n";
  else if (a.kind == "Float")
    os << "  double " << getter << "() const { return op.floatAttr(\"" << a.name << "\"); }\n";
  else if (a.kind == "Bool")
    os << "  bool " << getter << "() const { return op.boolAttr(\"" << a.name << "\"); }\n";
  else if (a.kind == "IntegerArray")
    os << "  llvm::SmallVector<int64_t, 4> " << getter << "() const { return op.intArrayAttr(\""
       << a.name << "\"); }\n";
  else if (a.kind == "String")
    os << "  llvm::StringRef " << getter << "() const { const Attribute *a = op.findAttr(\""
       << a.name << "\"); return a ? llvm::StringRef(a->asString()) : llvm::StringRef(); }\n";
  else if (a.kind == "Dense")
    os << "  const Attribute *" << getter << "() const { return op.findAttr(\"" << a.name
       << "\"); }\n";
  else
    PrintFatalError("unknown attribute kind '" + a.kind + "'");
}

} // namespace

bool emitOpEnum(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos op kinds and traits", os);
  std::vector<OpRecord> ops = readOps(records);
  os << "enum class OpKind : uint16_t {\n";
  for (const OpRecord &op : ops)
    os << "  " << op.enumerator << " = " << op.code << ", // " << op.name << "\n";
  os << "};\n\n";
  os << "inline constexpr unsigned kNumOpKinds = " << ops.size() << ";\n\n";
  os << "/// The op's name in .thy text, for messages where no op table is at hand.\n";
  os << "inline const char *opKindName(OpKind kind) {\n";
  os << "  static const char *const names[kNumOpKinds] = {";
  for (size_t i = 0; i < ops.size(); ++i)
    os << (i ? ", " : "") << cppString(ops[i].name);
  os << "};\n";
  os << "  unsigned index = static_cast<unsigned>(kind);\n";
  os << "  return index < kNumOpKinds ? names[index] : \"(unknown op)\";\n}\n\n";
  os << "/// The layout of a step's params in plan.bin (Ops.td `planParams`), for\n"
        "/// readers of plans.\n";
  os << "inline const char *opKindPlanParams(OpKind kind) {\n";
  os << "  static const char *const layouts[kNumOpKinds] = {";
  for (size_t i = 0; i < ops.size(); ++i)
    os << (i ? ", " : "") << cppString(ops[i].planParams);
  os << "};\n";
  os << "  unsigned index = static_cast<unsigned>(kind);\n";
  os << "  return index < kNumOpKinds ? layouts[index] : \"\";\n}\n\n";
  os << "enum OpTrait : uint32_t {\n";
  unsigned bit = 0;
  for (const Record *trait : records.getAllDerivedDefinitions("Trait"))
    os << "  " << trait->getValueAsString("name") << " = 1u << " << bit++ << ", // "
       << trait->getValueAsString("summary") << "\n";
  os << "};\n";
  return false;
}

bool emitOpTable(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos op table", os);
  std::vector<OpRecord> ops = readOps(records);
  for (const OpRecord &op : ops) {
    os << "// " << op.name << "\n";
    emitOperandSpecs(os, "k" + op.enumerator + "Operands", op.operands);
    emitAttrSpecs(os, "k" + op.enumerator + "Attrs", op.attrs);
    emitOperandSpecs(os, "k" + op.enumerator + "Results", op.results);
  }
  os << "\nstatic const OpInfo kOpInfos[] = {\n";
  for (const OpRecord &op : ops) {
    std::string traits;
    for (const std::string &t : op.traits)
      traits += (traits.empty() ? "" : " | ") + std::string("OpTrait::") + t;
    os << "  {OpKind::" << op.enumerator << ", " << cppString(op.name) << ", "
       << cppString(op.summary) << ",\n   "
       << arrayOrNull("k" + op.enumerator + "Operands", op.operands.size()) << ", "
       << op.operands.size() << ", "
       << arrayOrNull("k" + op.enumerator + "Attrs", op.attrs.size()) << ", "
       << op.attrs.size() << ", "
       << arrayOrNull("k" + op.enumerator + "Results", op.results.size()) << ", "
       << op.results.size() << ", " << (traits.empty() ? "0u" : traits) << ", &"
       << op.typeRule << "},\n";
  }
  os << "};\n\n";
  os << "std::optional<OpKind> lookupOpKind(llvm::StringRef name) {\n";
  os << "  return llvm::StringSwitch<std::optional<OpKind>>(name)\n";
  for (const OpRecord &op : ops)
    os << "      .Case(" << cppString(op.name) << ", OpKind::" << op.enumerator << ")\n";
  os << "      .Default(std::nullopt);\n}\n";
  return false;
}

bool emitOpAdaptors(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos op adaptors", os);
  std::vector<OpRecord> ops = readOps(records);
  for (const OpRecord &op : ops) {
    std::string cls = op.enumerator + "Adaptor";
    os << "/// `" << op.name << "`: " << op.summary << ".\n";
    os << "class " << cls << " {\n";
    os << "  const Operation &op;\n\npublic:\n";
    os << "  explicit " << cls << "(const Operation &operation) : op(operation) {\n";
    os << "    assert(operation.kind() == OpKind::" << op.enumerator << ");\n  }\n";
    for (size_t i = 0; i < op.operands.size(); ++i) {
      const OperandRecord &o = op.operands[i];
      if (o.variadic)
        os << "  llvm::ArrayRef<Value *> " << camelCase(o.name)
           << "() const { return op.operands().drop_front(" << i << "); }\n";
      else
        os << "  const Value &" << camelCase(o.name) << "() const { return *op.operand(" << i
           << "); }\n";
    }
    for (const AttrRecord &a : op.attrs)
      emitAttrAccessor(os, a);
    os << "};\n\n";
  }
  return false;
}

} // namespace thymos::tblgen
