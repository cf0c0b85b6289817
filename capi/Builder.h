//===- Builder.h - What the C API's op builders share ----------------------===//
//
// The context and tensor handles behind the opaque C types, error reporting,
// and buildOp(), which every generated builder (gen/capi/CApiOps.cpp.inc)
// ends in: check the operands, derive the result type with the op's type
// rule, append the op to the graph.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capi/Arena.h"
#include "thymos/thymos.h"

#include "ir/Module.h"
#include "runtime/Executor.h"
#include "runtime/Plan.h"

#include "llvm/ADT/SmallVector.h"

#include <array>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

struct ThymosCtx {
  ThymosArena *arena = nullptr;
  // The IR keeps its own C++ containers; they cannot live in the arena.
  std::unique_ptr<thymos::ir::Module> module;
  thymos::ir::Graph *graph = nullptr;
  ThymosStatus code = THYMOS_OK;
  // A fixed buffer reserved in the arena at init, so that reporting an error
  // never needs memory (in particular not when the arena is full).
  char *message = nullptr;
  size_t messageCapacity = 0;

  // Set by the first thymos_graph_output(); until then the graph returns
  // the results nothing reads (see returnUnreadResults in capi/CApi.cpp).
  bool explicitOutputs = false;
  // Inputs and states in creation order (argument and state order).
  std::vector<ThymosTensor *> inputs;
  std::vector<ThymosTensor *> states;
  // Made by thymos_graph_plan(); a change to the graph discards them. The
  // plan's bytes and its memory occupy arena bytes [planStart, planEnd).
  std::unique_ptr<thymos::rt::Plan> plan;
  std::unique_ptr<thymos::rt::Executor> executor;
  size_t planStart = 0;
  size_t planEnd = 0;
  bool ran = false;
};

struct ThymosTensor {
  ThymosCtx *ctx; // to reject tensors of another context
  thymos::ir::Value *value;
  // For states: the declaration (updates name it). Null otherwise.
  const thymos::ir::StateDecl *state = nullptr;
  // For inputs and states: the data set by thymos_tensor_set_data(), copied
  // into the arena. Null until then.
  const void *data = nullptr;
};

namespace thymos::capi {

/// Records the error in `ctx` (truncated to its buffer); returns null so that
/// builders can `return fail(...)`.
std::nullptr_t fail(ThymosCtx *ctx, ThymosStatus code, const std::string &message);

/// Checks the C description of a shape and builds the type; nullopt with the
/// error set otherwise. `what` starts the message.
std::optional<ir::TensorType> makeType(ThymosCtx *ctx, const std::string &what, int dtypeCode,
                                       const int64_t *dims, int rank);

/// A handle for `value`, carved out of the arena; null with ARENA_FULL set.
ThymosTensor *newTensor(ThymosCtx *ctx, ir::Value *value, const char *what);

/// A shape given as C `int`s (the short builders), widened to the IR's
/// int64_t. A rank outside 0..kMaxRank is passed on unread: makeType()
/// rejects it before reading any dimension.
class WideDims {
public:
  WideDims(const int *dims, int rank) : null_(!dims) {
    if (rank > static_cast<int>(ir::kMaxRank))
      return; // the caller's array may be shorter than the limit
    for (int i = 0; dims && i < rank; ++i)
      dims_[static_cast<size_t>(i)] = dims[i];
  }
  const int64_t *data() const { return null_ ? nullptr : dims_.data(); }

private:
  std::array<int64_t, ir::kMaxRank> dims_{};
  bool null_;
};

/// A builder's arguments, gathered by the generated code.
struct BuildRequest {
  explicit BuildRequest(ir::OpKind opKind) : kind(opKind) {}

  void addOperand(ThymosTensor *tensor) { operands.push_back(tensor); }
  /// A variadic operand list; false (error set) on a NULL array or count < 1.
  bool addOperands(ThymosCtx *ctx, ThymosTensor *const *tensors, int count);
  /// An integer array argument; false (error set) on NULL with count > 0, or
  /// a negative count.
  bool checkArray(ThymosCtx *ctx, const char *name, const int64_t *values, int count);
  void addAttr(const char *name, ir::Attribute value) {
    attrs.push_back({name, std::move(value), {}});
  }
  /// For rules that read the codomain (see tools/thymos-tblgen/CApiEmitter.cpp).
  void setTargetDims(const int64_t *targetDims, int targetRank) {
    target = Target::Dims, dims = targetDims, rank = targetRank;
  }
  void setTargetDType(ThymosDType targetDType) { target = Target::DType, dtype = targetDType; }

  enum class Target { None, Dims, DType };

  ir::OpKind kind;
  llvm::SmallVector<ThymosTensor *, 4> operands;
  std::vector<ir::NamedAttribute> attrs;
  Target target = Target::None;
  const int64_t *dims = nullptr;
  int rank = 0;
  ThymosDType dtype = THYMOS_DTYPE_F32;
};

/// Forgets the plan: the graph it was made from has changed.
void discardPlan(ThymosCtx *ctx);

/// Checks and appends the op; its result, or null with the error in `ctx`.
/// `constType` is the declared type of a `const` op (the only op whose result
/// type is not derived from operands).
ThymosTensor *buildOp(ThymosCtx *ctx, BuildRequest &request,
                      const ir::TensorType *constType = nullptr);

/// Runs `body` with a NULL-context check, turning C++ exceptions (only
/// std::bad_alloc from the IR's containers is expected) into errors: none may
/// cross the C boundary.
template <typename Body>
ThymosTensor *guarded(ThymosCtx *ctx, const char *opName, Body &&body) {
  if (!ctx)
    return nullptr;
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(ctx, THYMOS_ERROR_OUT_OF_MEMORY, std::string("'") + opName + "' op: out of memory");
  } catch (...) {
    return fail(ctx, THYMOS_ERROR_INTERNAL,
                std::string("'") + opName + "' op: unexpected C++ exception");
  }
}

} // namespace thymos::capi
