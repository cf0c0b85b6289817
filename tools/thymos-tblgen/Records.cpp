//===- Records.cpp - Reading and checking the records of ir/Ops.td --------===//

#include "Records.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TableGen/Error.h"

#include <algorithm>

using namespace llvm;

namespace thymos::tblgen {

namespace {

/// Codes reach file formats, so they must be unique and leave no holes.
template <typename T>
void checkDenseCodes(std::vector<T> &items, StringRef what) {
  std::sort(items.begin(), items.end(),
            [](const T &a, const T &b) { return a.code < b.code; });
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].code != static_cast<int64_t>(i))
      PrintFatalError(items[i].def->getLoc(),
                      Twine(what) + " codes must be 0..N-1 without gaps or repeats; '" +
                          items[i].name + "' has code " + Twine(items[i].code) +
                          ", expected " + Twine(i));
  }
}

ConstraintRecord readConstraint(const Record *def) {
  ConstraintRecord c;
  for (const Record *t : def->getValueAsListOfDefs("types"))
    c.dtypeEnumerators.push_back(t->getName().str());
  c.description = def->getValueAsString("description").str();
  return c;
}

void readArguments(const Record *op, OpRecord &out) {
  const DagInit *args = op->getValueAsDag("arguments");
  StringSet<> names;
  for (unsigned i = 0, e = args->getNumArgs(); i < e; ++i) {
    StringRef name = args->getArgNameStr(i);
    if (name.empty())
      PrintFatalError(op->getLoc(), "argument #" + Twine(i) + " of '" + out.name +
                                        "' has no $name");
    if (!names.insert(name).second)
      PrintFatalError(op->getLoc(), "duplicate argument name '" + name + "'");
    const auto *defInit = dyn_cast<DefInit>(args->getArg(i));
    if (!defInit)
      PrintFatalError(op->getLoc(), "argument '" + name + "' is not a record");
    const Record *arg = defInit->getDef();

    if (arg->isSubClassOf("TensorOf") || arg->isSubClassOf("Variadic")) {
      if (!out.attrs.empty())
        PrintFatalError(op->getLoc(), "operand '" + name + "' follows an attribute");
      if (!out.operands.empty() && out.operands.back().variadic)
        PrintFatalError(op->getLoc(), "only the last operand may be variadic");
      OperandRecord operand;
      operand.name = name.str();
      operand.variadic = arg->isSubClassOf("Variadic");
      operand.constraint = readConstraint(
          operand.variadic ? arg->getValueAsDef("constraint") : arg);
      out.operands.push_back(std::move(operand));
      continue;
    }

    AttrRecord attr;
    attr.name = name.str();
    const Record *base = arg;
    if (arg->isSubClassOf("DefaultValued")) {
      base = arg->getValueAsDef("base");
      attr.required = false;
      attr.defaultValue = arg->getValueAsString("defaultValue").str();
    }
    if (!base->isSubClassOf("Attr"))
      PrintFatalError(op->getLoc(), "argument '" + name +
                                        "' is neither a tensor constraint nor an attribute");
    attr.kind = base->getValueAsString("kind").str();
    attr.description = base->getValueAsString("description").str();
    out.attrs.push_back(std::move(attr));
  }
}

void readResults(const Record *op, OpRecord &out) {
  const DagInit *results = op->getValueAsDag("results");
  if (results->getNumArgs() == 0)
    PrintFatalError(op->getLoc(), "op '" + out.name + "' has no results");
  for (unsigned i = 0, e = results->getNumArgs(); i < e; ++i) {
    const auto *defInit = dyn_cast<DefInit>(results->getArg(i));
    if (!defInit || !defInit->getDef()->isSubClassOf("TensorOf"))
      PrintFatalError(op->getLoc(), "result #" + Twine(i) + " of '" + out.name +
                                        "' is not a tensor constraint");
    OperandRecord result;
    result.name = results->getArgNameStr(i).str();
    result.constraint = readConstraint(defInit->getDef());
    out.results.push_back(std::move(result));
  }
}

} // namespace

std::vector<DTypeRecord> readDTypes(const RecordKeeper &records) {
  std::vector<DTypeRecord> dtypes;
  for (const Record *def : records.getAllDerivedDefinitions("DType")) {
    DTypeRecord d;
    d.def = def;
    d.enumerator = def->getName().str();
    d.name = def->getValueAsString("name").str();
    d.code = def->getValueAsInt("encoding");
    d.blockElems = def->getValueAsInt("blockElems");
    d.blockBytes = def->getValueAsInt("blockBytes");
    d.isFloat = def->getValueAsBit("isFloat");
    d.isQuantized = def->getValueAsBit("isQuantized");
    d.summary = def->getValueAsString("summary").str();
    if (d.blockElems < 1 || d.blockBytes < 1)
      PrintFatalError(def->getLoc(), "block sizes must be positive");
    dtypes.push_back(std::move(d));
  }
  checkDenseCodes(dtypes, "dtype");
  return dtypes;
}

std::vector<OpRecord> readOps(const RecordKeeper &records) {
  std::vector<OpRecord> ops;
  StringSet<> names;
  for (const Record *def : records.getAllDerivedDefinitions("Thymos_Op")) {
    OpRecord op;
    op.def = def;
    op.enumerator = def->getName().str();
    if (StringRef(op.enumerator).endswith("Op"))
      op.enumerator.resize(op.enumerator.size() - 2);
    op.name = def->getValueAsString("name").str();
    if (!names.insert(op.name).second)
      PrintFatalError(def->getLoc(), "op name '" + op.name + "' is defined twice");
    op.code = def->getValueAsInt("encoding");
    op.summary = def->getValueAsString("summary").str();
    op.description = def->getValueAsString("description").str();
    op.typeRule = def->getValueAsString("typeRule").str();
    op.planParams = def->getValueAsString("planParams").str();
    if (op.summary.empty() || op.typeRule.empty())
      PrintFatalError(def->getLoc(), "op '" + op.name + "' needs a summary and a typeRule");
    for (const Record *trait : def->getValueAsListOfDefs("traits"))
      op.traits.push_back(trait->getValueAsString("name").str());
    readArguments(def, op);
    readResults(def, op);
    ops.push_back(std::move(op));
  }
  checkDenseCodes(ops, "op");
  return ops;
}

std::string camelCase(StringRef snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string cppString(StringRef text) {
  std::string out = "\"";
  raw_string_ostream os(out);
  os.write_escaped(text);
  os.flush();
  out += '"';
  return out;
}

} // namespace thymos::tblgen
