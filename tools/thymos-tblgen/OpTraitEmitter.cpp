//===- OpTraitEmitter.cpp - Each op's traits as a plain table --------------===//
//
// The runtime cannot use the compiler's OpInfo table (it links no LLVM), but
// some traits are facts it must enforce too: the plan loader lets a step
// write over an input only when the op is InPlaceSafe, the same trait the
// memory planner asks. This emits the traits of every op as plain constants,
// next to the OpKind and OpTrait enums (OpKinds.h.inc, included first).
//
//===----------------------------------------------------------------------===//

#include "Emitters.h"
#include "Records.h"

#include "llvm/TableGen/TableGenBackend.h"

using namespace llvm;

namespace thymos::tblgen {

bool emitOpTraitTable(raw_ostream &os, RecordKeeper &records) {
  emitSourceFileHeader("Thymos op traits, indexed by OpKind", os);
  std::vector<OpRecord> ops = readOps(records);
  os << "/// OpTrait bits of each op, indexed by OpKind.\n";
  os << "inline constexpr uint32_t kOpKindTraits[kNumOpKinds] = {\n";
  for (const OpRecord &op : ops) {
    std::string traits;
    for (const std::string &t : op.traits)
      traits += (traits.empty() ? "" : " | ") + std::string("OpTrait::") + t;
    os << "  " << (traits.empty() ? "0u" : traits) << ", // " << op.name << "\n";
  }
  os << "};\n\n";
  os << "/// Whether `kind` has `trait`; false for a code that is no op.\n";
  os << "inline bool opKindHasTrait(OpKind kind, OpTrait trait) {\n";
  os << "  auto index = static_cast<unsigned>(kind);\n";
  os << "  return index < kNumOpKinds && (kOpKindTraits[index] & trait) != 0;\n}\n";
  return false;
}

} // namespace thymos::tblgen
