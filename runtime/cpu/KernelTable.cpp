//===- KernelTable.cpp - OpKind -> CPU kernel ---------------------------------===//

#include "runtime/cpu/KernelSupport.h"

namespace thymos::rt {

namespace {

/// Indexed by OpKind; a null entry means the CPU backend cannot run that op
/// (const has none: constants are plan data).
struct KernelTable {
  KernelEntries entries = {};
};

const KernelTable &kernelTable() {
  static const KernelTable table = [] {
    KernelTable t;
    registerMatMulKernels(t.entries);
    registerLinalgKernels(t.entries);
    registerElementwiseKernels(t.entries);
    registerCastKernels(t.entries);
    registerReduceKernels(t.entries);
    registerNormKernels(t.entries);
    registerMovementKernels(t.entries);
    registerFusedKernels(t.entries);
    registerRopeKernels(t.entries);
    registerAttentionKernels(t.entries);
    return t;
  }();
  return table;
}

} // namespace

const CpuKernel *findCpuKernel(OpKind op) {
  auto index = static_cast<unsigned>(op);
  if (index >= kNumOpKinds)
    return nullptr;
  const CpuKernel &k = kernelTable().entries[index];
  return k.run ? &k : nullptr;
}

} // namespace thymos::rt
