//===- PlanText.h - A plan as readable text (--emit=plan-text) -----------------===//
#pragma once

#include "codegen/PlanModel.h"

#include "llvm/Support/raw_ostream.h"

namespace thymos::codegen {

void printPlanText(const PlanModel &model, llvm::raw_ostream &os);

} // namespace thymos::codegen
