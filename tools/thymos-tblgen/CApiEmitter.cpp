//===- CApiEmitter.cpp - The C graph-building API from Ops.td -------------===//
//
// -gen-c-dtype-header writes include/thymos/thymos_dtype.h: the ThymosDType
// enum that both C headers share, through <thymos/thymos_common.h>. It is
// committed, so that the runtime and its C API build without thymos-tblgen;
// the test c-dtype-header-up-to-date compares it with a fresh copy.
//
// It also writes short aliases (THYMOS_F32 for THYMOS_DTYPE_F32), the
// spellings a first program uses; both are current names.
//
// -gen-c-api-decls writes include/thymos/thymos_ops.h: the builders of each
// op, `ThymosTensor *thymos_<op>(ctx, operands..., attributes...)`.
// -gen-c-api-defs writes their C++ bodies, which collect the arguments and
// hand them to capi::buildOp (capi/Builder.h). Generating both from Ops.td
// keeps the C API from drifting from the IR.
//
// An op has two builders when the short one can leave something out: the
// short `thymos_<op>` omits the attributes that have defaults and takes a
// target shape as `const int *` (what a literal like (int[]){4, 4} is); the
// full `thymos_<op>_ex` takes every attribute and an int64_t shape. The short
// one calls the full one, so both build the same op.
//
// `const` (thymos_constant, which copies its data into the arena) and `fused`
// (created by a pass, not by users) are written by hand or left out.
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "Records.h"

#include "llvm/TableGen/Error.h"
#include "llvm/TableGen/TableGenBackend.h"

#include <cctype>

using namespace llvm;

namespace thymos::tblgen {

namespace {

bool hasBuilder(const OpRecord &op) {
  return op.name != "const" && op.name != "fused" && op.name != "gguf_tensor";
}

// Three type rules take their result shape or element type from the declared
// codomain, which a C caller has no way to write. Their builders take the
// target explicitly instead. They are recognised by rule name so that Ops.td
// needs no C-specific field; a new rule that reads the codomain must be added
// here, or its builder would pass a meaningless placeholder.
enum class Target { None, Dims, DType };

Target targetOf(const OpRecord &op) {
  if (op.typeRule == "inferReshape" || op.typeRule == "inferBroadcastTo")
    return Target::Dims;
  if (op.typeRule == "inferCast")
    return Target::DType;
  return Target::None;
}

std::string upper(StringRef s) {
  std::string out = s.str();
  for (char &c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The two spellings of a builder (see the file comment).
enum class Form { Short, Full };

bool hasDefaultedAttr(const OpRecord &op) {
  for (const AttrRecord &a : op.attrs)
    if (!a.required)
      return true;
  return false;
}

/// Whether the short builder differs from the full one, which is then `_ex`.
bool hasExForm(const OpRecord &op) {
  return hasDefaultedAttr(op) || targetOf(op) == Target::Dims;
}

std::string builderName(const OpRecord &op, Form form) {
  return "thymos_" + op.name + (form == Form::Full && hasExForm(op) ? "_ex" : "");
}

/// The C parameter list after `ThymosCtx *ctx`.
std::string parameters(const OpRecord &op, Form form) {
  std::string params;
  for (const OperandRecord &o : op.operands)
    params += o.variadic ? ", ThymosTensor *const *" + o.name + ", int n_" + o.name
                         : ", ThymosTensor *" + o.name;
  switch (targetOf(op)) {
  case Target::Dims:
    params += form == Form::Short ? ", const int *dims, int rank"
                                  : ", const int64_t *dims, int rank";
    break;
  case Target::DType: params += ", ThymosDType dtype"; break;
  case Target::None: break;
  }
  for (const AttrRecord &a : op.attrs) {
    if (form == Form::Short && !a.required)
      continue;
    if (a.kind == "Integer")
      params += ", int64_t " + a.name;
    else if (a.kind == "Float")
      params += ", double " + a.name;
    else if (a.kind == "Bool")
      params += ", bool " + a.name;
    else if (a.kind == "IntegerArray")
      params += ", const int64_t *" + a.name + ", int n_" + a.name;
    else
      PrintFatalError(op.def->getLoc(), "no C parameter for attribute kind '" + a.kind + "'");
  }
  return params;
}

std::string defaultText(const AttrRecord &a) {
  return a.kind == "IntegerArray" ? "empty (pass NULL, 0)" : a.defaultValue;
}

/// The doc comment above a declaration: summary, then what each defaulted
/// attribute's default is.
void emitDocComment(raw_ostream &os, const OpRecord &op, Form form) {
  os << "/* `" << op.name << "`: " << op.summary << ".";
  if (form == Form::Short && hasExForm(op)) {
    std::string fixed;
    for (const AttrRecord &a : op.attrs)
      if (!a.required)
        fixed += (fixed.empty() ? "" : ", ") + a.name + " = " +
                 (a.kind == "IntegerArray" ? "empty" : a.defaultValue);
    if (!fixed.empty())
      os << "\n * Uses the defaults " << fixed << "; " << builderName(op, Form::Full)
         << "() takes every attribute.";
    else
      os << "\n * " << builderName(op, Form::Full) << "() takes the shape as int64_t.";
  }
  for (const AttrRecord &a : op.attrs)
    if (form == Form::Full && !a.required)
      os << "\n * `" << a.name << "` defaults to " << defaultText(a)
         << "; passing the default gives the same op as leaving it out.";
  if (targetOf(op) == Target::Dims)
    os << "\n * The result shape is `dims` (rank values).";
  if (targetOf(op) == Target::DType)
    os << "\n * The result element type is `dtype`.";
  os << " */\n";
}

/// The C++ test "this attribute differs from its default"; defaulted
/// attributes equal to their default are left out, so the IR is the one the
/// parser builds from text that omits them.
std::string differsFromDefault(const OpRecord &op, const AttrRecord &a) {
  if (a.kind == "IntegerArray") {
    if (a.defaultValue != "{}")
      PrintFatalError(op.def->getLoc(), "array attribute '" + a.name +
                                            "' has a default other than {}");
    return "n_" + a.name + " != 0";
  }
  return a.name + " != " + a.defaultValue;
}

std::string attrValue(const AttrRecord &a) {
  if (a.kind == "Integer")
    return "ir::Attribute::integer(" + a.name + ")";
  if (a.kind == "Float")
    return "ir::Attribute::floating(" + a.name + ")";
  if (a.kind == "Bool")
    return "ir::Attribute::boolean(" + a.name + ")";
  return "ir::Attribute::integerArray({" + a.name + ", static_cast<size_t>(n_" + a.name +
         ")})";
}

/// The short builder: the full one with the defaults filled in and the shape
/// widened.
void emitShortDefinition(raw_ostream &os, const OpRecord &op) {
  os << "ThymosTensor *" << builderName(op, Form::Short) << "(ThymosCtx *ctx"
     << parameters(op, Form::Short) << ") {\n";
  std::string args = "ctx";
  for (const OperandRecord &o : op.operands)
    args += ", " + o.name + (o.variadic ? ", n_" + o.name : "");
  switch (targetOf(op)) {
  case Target::Dims:
    os << "  capi::WideDims wide(dims, rank);\n";
    args += ", wide.data(), rank";
    break;
  case Target::DType: args += ", dtype"; break;
  case Target::None: break;
  }
  for (const AttrRecord &a : op.attrs) {
    if (a.required)
      args += ", " + a.name + (a.kind == "IntegerArray" ? ", n_" + a.name : "");
    else
      args += a.kind == "IntegerArray" ? ", nullptr, 0" : ", " + a.defaultValue;
  }
  os << "  return " << builderName(op, Form::Full) << "(" << args << ");\n}\n\n";
}

void emitDefinition(raw_ostream &os, const OpRecord &op) {
  os << "ThymosTensor *" << builderName(op, Form::Full) << "(ThymosCtx *ctx"
     << parameters(op, Form::Full) << ") {\n";
  os << "  return capi::guarded(ctx, \"" << op.name << "\", [&]() -> ThymosTensor * {\n";
  os << "    capi::BuildRequest request(ir::OpKind::" << op.enumerator << ");\n";
  for (const OperandRecord &o : op.operands) {
    if (o.variadic)
      os << "    if (!request.addOperands(ctx, " << o.name << ", n_" << o.name
         << "))\n      return nullptr;\n";
    else
      os << "    request.addOperand(" << o.name << ");\n";
  }
  switch (targetOf(op)) {
  case Target::Dims: os << "    request.setTargetDims(dims, rank);\n"; break;
  case Target::DType: os << "    request.setTargetDType(dtype);\n"; break;
  case Target::None: break;
  }
  for (const AttrRecord &a : op.attrs) {
    std::string indent = "    ";
    if (a.kind == "IntegerArray")
      os << indent << "if (!request.checkArray(ctx, \"" << a.name << "\", " << a.name << ", n_"
         << a.name << "))\n" << indent << "  return nullptr;\n";
    if (!a.required) {
      os << indent << "if (" << differsFromDefault(op, a) << ")\n";
      indent += "  ";
    }
    os << indent << "request.addAttr(\"" << a.name << "\", " << attrValue(a) << ");\n";
  }
  os << "    return capi::buildOp(ctx, request);\n  });\n}\n\n";
}

} // namespace

bool emitCDTypeHeader(raw_ostream &os, RecordKeeper &records) {
  // Not emitSourceFileHeader(): a committed file says where it comes from and
  // how to refresh it.
  os << "/*===- thymos/thymos_dtype.h - Element types of the C APIs -----------------===*\n"
        " *\n"
        " * Generated by `thymos-tblgen -gen-c-dtype-header` from the DType records\n"
        " * of ir/OpBase.td, the one source of dtype codes, and committed so that\n"
        " * the runtime builds without LLVM. Do not edit: after changing the\n"
        " * records, run `cmake --build <dir> --target update-generated` (the test\n"
        " * c-dtype-header-up-to-date fails until then).\n"
        " *\n"
        " * Included by <thymos/thymos_common.h>, which both C headers include.\n"
        " *\n"
        " *===----------------------------------------------------------------------===*/\n";
  os << "#ifndef THYMOS_THYMOS_DTYPE_H\n#define THYMOS_THYMOS_DTYPE_H\n\n";
  os << "/* Element types. The codes are those of .thy and plan files: never renumbered. */\n";
  os << "typedef enum ThymosDType {\n";
  std::vector<DTypeRecord> dtypes = readDTypes(records);
  for (const DTypeRecord &d : dtypes) {
    if (StringRef(d.summary).contains("*/"))
      PrintFatalError(d.def->getLoc(), "a dtype summary must not contain '*/'");
    os << "  THYMOS_DTYPE_" << upper(d.name) << " = " << d.code << ", /* " << d.summary
       << " */\n";
  }
  // Without it, a caller's out-of-range code would be undefined behaviour in
  // the C++ implementation, which must be able to reject it.
  os << "  THYMOS_DTYPE_MAX_ENUM = 0x7FFFFFFF /* not a type: makes every int a valid value */\n";
  os << "} ThymosDType;\n\n";
  os << "/* The number of element types; their codes are 0 to THYMOS_NUM_DTYPES - 1. */\n";
  os << "#define THYMOS_NUM_DTYPES " << dtypes.size() << "\n\n";
  // Macros, not enumerators: the enum keeps one name per code, so a switch
  // over it is not tempted into duplicate cases.
  os << "/* Short spellings, equally current: THYMOS_F32 is THYMOS_DTYPE_F32. */\n";
  for (const DTypeRecord &d : dtypes)
    os << "#define THYMOS_" << upper(d.name) << " THYMOS_DTYPE_" << upper(d.name) << "\n";
  os << "\n#endif /* THYMOS_THYMOS_DTYPE_H */\n";
  return false;
}

bool emitCApiDecls(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos C API: op builders", os);
  os << "/* Included by <thymos/thymos.h>, inside its extern \"C\" block. */\n";
  os << "#ifndef THYMOS_THYMOS_H\n#error \"include <thymos/thymos.h> instead\"\n#endif\n\n";
  os << "/* The builders of each op of ir/Ops.td. Each returns a new tensor, or NULL\n"
        " * with the error in ctx (a NULL operand, a shape or type the op rejects, a\n"
        " * full arena). An integer array is a pointer and a count.\n"
        " * thymos_<op> leaves out the attributes that have defaults and takes a\n"
        " * shape as int; thymos_<op>_ex, where it exists, takes every attribute and\n"
        " * an int64_t shape. Both build the same op. */\n\n";
  for (const OpRecord &op : readOps(records)) {
    if (!hasBuilder(op))
      continue;
    emitDocComment(os, op, Form::Short);
    os << "ThymosTensor *" << builderName(op, Form::Short) << "(ThymosCtx *ctx"
       << parameters(op, Form::Short) << ");\n";
    if (hasExForm(op)) {
      emitDocComment(os, op, Form::Full);
      os << "ThymosTensor *" << builderName(op, Form::Full) << "(ThymosCtx *ctx"
         << parameters(op, Form::Full) << ");\n";
    }
    os << "\n";
  }
  return false;
}

bool emitCApiDefs(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos C API: op builder definitions", os);
  os << "// Included by capi/Ops.cpp after capi/Builder.h.\n\n";
  for (const OpRecord &op : readOps(records)) {
    if (!hasBuilder(op))
      continue;
    emitDefinition(os, op);
    if (hasExForm(op))
      emitShortDefinition(os, op);
  }
  return false;
}

} // namespace thymos::tblgen
