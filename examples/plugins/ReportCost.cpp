//===- ReportCost.cpp - Estimated FLOPs and bytes moved per op --------------===//
//
// The estimates are deliberately simple, meant for comparing pipelines rather
// than predicting run time:
//   matmul              2·m·n·k·batch   (2·k per result element)
//   cholesky            n³/3·batch
//   triangular_solve    n²·k·batch      (n² per column of the right side)
//   elementwise ops     one per result element (add, mul, exp, cast, ...)
//   reductions          one per input element (sum, mean, max, and the
//                       normalizations softmax, rmsnorm, layernorm)
//   data movement       none (const, transpose, reshape, slice, ...)
// Bytes moved are the storage bytes of every operand (the domain) plus every
// result (the codomain), as if nothing were fused or kept in cache.
//
//===----------------------------------------------------------------------===//

#include "ExamplePasses.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace thymos::examples {

namespace {

uint64_t elements(const ir::TensorType &type) {
  std::optional<int64_t> n = type.numElements();
  return n ? static_cast<uint64_t>(*n) : 0;
}

uint64_t mul(uint64_t a, uint64_t b) { return llvm::SaturatingMultiply(a, b); }
uint64_t add(uint64_t a, uint64_t b) { return llvm::SaturatingAdd(a, b); }

/// The product of all but the two innermost dimensions.
uint64_t batchOf(const ir::TensorType &type) {
  uint64_t batch = 1;
  for (unsigned i = 0; i + 2 < type.rank(); ++i)
    batch = mul(batch, static_cast<uint64_t>(type.dim(i)));
  return batch;
}

uint64_t flopsOf(const ir::Operation &op) {
  llvm::ArrayRef<ir::TensorType> domain = op.domain();
  const ir::TensorType &result = op.result()->type();
  switch (op.kind()) {
  case ir::OpKind::MatMul: {
    // [..., m, k] x [..., k, n] -> [..., m, n]: batch·m·n is the result size.
    int64_t k = domain[0].rank() ? domain[0].dim(domain[0].rank() - 1) : 1;
    return mul(mul(2, elements(result)), static_cast<uint64_t>(k));
  }
  case ir::OpKind::Cholesky: {
    uint64_t n = domain[0].rank() ? domain[0].dim(domain[0].rank() - 1) : 1;
    return mul(batchOf(domain[0]), mul(mul(n, n), n) / 3);
  }
  case ir::OpKind::TriangularSolve: {
    uint64_t n = domain[0].rank() ? domain[0].dim(domain[0].rank() - 1) : 1;
    // The result has b's shape [..., n, k]: n² per column, n per element.
    return mul(elements(result), n);
  }
  case ir::OpKind::Sum:
  case ir::OpKind::Mean:
  case ir::OpKind::Max:
  case ir::OpKind::Softmax:
  case ir::OpKind::RmsNorm:
  case ir::OpKind::LayerNorm:
    return elements(domain[0]);
  default:
    return op.info().hasTrait(ir::Elementwise) ? elements(result) : 0;
  }
}

uint64_t bytesOf(const ir::Operation &op) {
  uint64_t bytes = 0;
  for (const ir::TensorType &type : op.domain())
    bytes = add(bytes, static_cast<uint64_t>(type.storageBytes().value_or(0)));
  for (const ir::TensorType &type : op.codomain())
    bytes = add(bytes, static_cast<uint64_t>(type.storageBytes().value_or(0)));
  return bytes;
}

void printRow(llvm::raw_ostream &os, llvm::StringRef index, llvm::StringRef op,
              llvm::StringRef result, llvm::StringRef flops, llvm::StringRef bytes) {
  os << llvm::right_justify(index, 5) << "  " << llvm::left_justify(op, 16) << ' '
     << llvm::left_justify(result, 12) << ' ' << llvm::right_justify(flops, 14) << ' '
     << llvm::right_justify(bytes, 14) << '\n';
}

void reportGraph(const ir::Graph &graph, llvm::raw_ostream &os) {
  os << "report-cost @" << graph.name() << "\n";
  printRow(os, "#", "op", "result", "flops", "bytes");
  uint64_t totalFlops = 0, totalBytes = 0;
  for (const auto &op : graph.ops()) {
    uint64_t flops = flopsOf(*op), bytes = bytesOf(*op);
    totalFlops = add(totalFlops, flops);
    totalBytes = add(totalBytes, bytes);
    std::string result = op->numResults() && !op->result()->name().empty()
                             ? "%" + op->result()->name()
                             : "-";
    printRow(os, std::to_string(op->index()), op->name(), result, std::to_string(flops),
             std::to_string(bytes));
  }
  printRow(os, "", "total", "", std::to_string(totalFlops), std::to_string(totalBytes));
}

} // namespace

bool ReportCostPass::run(ir::Module &module, passes::PassContext &) {
  for (const auto &graph : module.graphs())
    reportGraph(*graph, llvm::errs());
  return true;
}

} // namespace thymos::examples
