//===- CApi.cpp - Contexts, inputs, constants and the graph, for C ---------===//
//
// The hand-written half of <thymos/thymos.h>; the op builders are generated
// (capi/Ops.cpp). Every entry point checks its pointers and reports through
// the context; no C++ exception crosses the C boundary.
//
//===----------------------------------------------------------------------===//

#include "capi/Builder.h"

#include "ir/Printer.h"
#include "ir/TypeRules.h"
#include "passes/Verifier.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

using namespace thymos;

namespace thymos::capi {

namespace {

// Room for one diagnostic with its op and types; longer text is truncated.
constexpr size_t kMessageBytes = 1024;

std::string opPrefix(ir::OpKind kind) {
  return std::string("'") + ir::getOpInfo(kind).name + "' op ";
}

/// A C-side dtype code as an ir::DType, or nullopt when out of range.
std::optional<ir::DType> toDType(int code) {
  if (code < 0 || code >= static_cast<int>(ir::kNumDTypes))
    return std::nullopt;
  return static_cast<ir::DType>(code);
}

/// Until thymos_graph_output() is called, the graph returns every op result
/// that nothing reads (no op, no state update), in creation order: a first
/// program runs and reads its last op without declaring it. Recomputed at
/// each validation and dump, because every new op changes the set. A graph
/// with no such result keeps no `return`, and the verifier says so.
void returnUnreadResults(ThymosCtx *ctx) {
  if (ctx->explicitOutputs)
    return;
  ir::Graph &graph = *ctx->graph;
  llvm::DenseSet<const ir::Value *> read;
  for (const auto &op : graph.ops())
    read.insert(op->operands().begin(), op->operands().end());
  for (const ir::Graph::StateUpdate &update : graph.updates())
    read.insert(update.value);
  std::vector<ir::Value *> returned;
  std::vector<ir::TensorType> types;
  for (const auto &op : graph.ops())
    for (ir::Value *result : op->results())
      if (!read.count(result)) {
        returned.push_back(result);
        types.push_back(result->type());
      }
  if (returned.empty() && !graph.hasReturn())
    return;
  graph.setReturn(std::move(returned));
  graph.setResultTypes(std::move(types));
}

} // namespace

std::optional<ir::TensorType> makeType(ThymosCtx *ctx, const std::string &what, int dtypeCode,
                                       const int64_t *dims, int rank) {
  std::optional<ir::DType> dtype = toDType(dtypeCode);
  if (!dtype) {
    fail(ctx, THYMOS_ERROR_SHAPE, fmt::format("{}: {} is not a ThymosDType", what, dtypeCode));
    return std::nullopt;
  }
  if (rank < 0 || rank > static_cast<int>(ir::kMaxRank)) {
    fail(ctx, THYMOS_ERROR_SHAPE,
         fmt::format("{}: rank {} is outside 0..{}", what, rank, ir::kMaxRank));
    return std::nullopt;
  }
  if (rank > 0 && !dims) {
    fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, what + ": dims is NULL");
    return std::nullopt;
  }
  ir::TensorType type(*dtype, llvm::ArrayRef<int64_t>(dims, static_cast<size_t>(rank)));
  std::string error = type.wellFormedError();
  if (!error.empty()) {
    fail(ctx, THYMOS_ERROR_SHAPE, what + ": " + error);
    return std::nullopt;
  }
  return type;
}

std::nullptr_t fail(ThymosCtx *ctx, ThymosStatus code, const std::string &message) {
  if (!ctx)
    return nullptr;
  ctx->code = code;
  size_t n = std::min(message.size(), ctx->messageCapacity - 1);
  std::memcpy(ctx->message, message.data(), n);
  ctx->message[n] = '\0';
  return nullptr;
}

ThymosTensor *newTensor(ThymosCtx *ctx, ir::Value *value, const char *what) {
  void *memory = arenaAllocate(*ctx->arena, sizeof(ThymosTensor), alignof(ThymosTensor));
  if (!memory)
    return fail(ctx, THYMOS_ERROR_ARENA_FULL,
                fmt::format("{}: the arena is full ({} of {} bytes used)", what,
                            ctx->arena->used, ctx->arena->size));
  return new (memory) ThymosTensor{ctx, value, nullptr, nullptr};
}

bool BuildRequest::addOperands(ThymosCtx *ctx, ThymosTensor *const *tensors, int count) {
  if (count < 1) {
    fail(ctx, THYMOS_ERROR_SHAPE, opPrefix(kind) + fmt::format("needs at least one operand, "
                                                               "got {}", count));
    return false;
  }
  if (!tensors) {
    fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, opPrefix(kind) + "operand array is NULL");
    return false;
  }
  operands.append(tensors, tensors + count);
  return true;
}

bool BuildRequest::checkArray(ThymosCtx *ctx, const char *name, const int64_t *values,
                              int count) {
  if (count < 0) {
    fail(ctx, THYMOS_ERROR_SHAPE,
         opPrefix(kind) + fmt::format("attribute '{}' has a negative count {}", name, count));
    return false;
  }
  if (count > 0 && !values) {
    fail(ctx, THYMOS_ERROR_NULL_ARGUMENT,
         opPrefix(kind) + fmt::format("attribute '{}' is NULL", name));
    return false;
  }
  return true;
}

ThymosTensor *buildOp(ThymosCtx *ctx, BuildRequest &request, const ir::TensorType *constType) {
  const ir::OpInfo &info = ir::getOpInfo(request.kind);
  std::string prefix = opPrefix(request.kind);
  llvm::SmallVector<ir::Value *, 4> values;
  llvm::SmallVector<ir::TensorType, 4> domain;
  for (unsigned i = 0; i < request.operands.size(); ++i) {
    ThymosTensor *t = request.operands[i];
    // A NULL operand is usually an earlier failed builder: keep its message.
    if (!t)
      return ctx->code != THYMOS_OK
                 ? nullptr
                 : fail(ctx, THYMOS_ERROR_NULL_ARGUMENT,
                        prefix + fmt::format("operand #{} is NULL", i));
    if (t->ctx != ctx)
      return fail(ctx, THYMOS_ERROR_FOREIGN,
                  prefix + fmt::format("operand #{} belongs to another context", i));
    const ir::TensorType &type = t->value->type();
    const ir::OperandSpec &spec = info.operandSpec(i);
    if (!spec.accepts(type.dtype()))
      return fail(ctx, THYMOS_ERROR_SHAPE,
                  prefix + fmt::format("operand #{} must be a {}, got {}", i, spec.constraint,
                                       type.str()));
    values.push_back(t->value);
    domain.push_back(type);
  }

  // The codomain the rule sees: the target for reshape, broadcast and cast;
  // for every other rule a placeholder it does not read.
  ir::TensorType codomain = constType ? *constType : domain.front();
  if (request.target == BuildRequest::Target::Dims) {
    std::optional<ir::TensorType> target =
        makeType(ctx, prefix + "target shape", static_cast<int>(codomain.dtype()), request.dims,
                 request.rank);
    if (!target)
      return nullptr;
    codomain = *target;
  } else if (request.target == BuildRequest::Target::DType) {
    std::optional<ir::DType> dtype = toDType(request.dtype);
    if (!dtype)
      return fail(ctx, THYMOS_ERROR_SHAPE,
                  prefix + fmt::format("{} is not a ThymosDType", static_cast<int>(request.dtype)));
    codomain = codomain.withDType(*dtype);
  }

  // Type rules read attributes through an Operation, which only a Graph can
  // make: build the op in a scratch graph, so a rejected op never reaches
  // the context's graph.
  ir::Graph scratch("scratch");
  ir::Operation *probe = scratch.addOp(request.kind, values, request.attrs, {codomain});
  llvm::Expected<ir::TensorType> derived = info.typeRule({*probe, probe->domain(), {codomain}});
  if (!derived)
    return fail(ctx, THYMOS_ERROR_SHAPE, prefix + llvm::toString(derived.takeError()));
  std::string error = derived->wellFormedError();
  if (error.empty() && !info.results()[0].accepts(derived->dtype()))
    error = fmt::format("result must be a {}, got {}", info.results()[0].constraint,
                        derived->str());
  if (!error.empty())
    return fail(ctx, THYMOS_ERROR_SHAPE, prefix + error);

  // The handle first: a full arena must not leave an op without one.
  ThymosTensor *handle = newTensor(ctx, nullptr, prefix.substr(0, prefix.size() - 1).c_str());
  if (!handle)
    return nullptr;
  discardPlan(ctx);
  ir::Operation *op =
      ctx->graph->addOp(request.kind, values, std::move(request.attrs), {*derived});
  handle->value = op->result(0);
  return handle;
}

} // namespace thymos::capi

using thymos::capi::fail;

extern "C" {

ThymosCtx *thymos_ctx_init(ThymosArena *arena) {
  if (!arena)
    return nullptr;
  if (arena->ctx)
    return arena->ctx;
  size_t mark = arena->used;
  void *memory = capi::arenaAllocate(*arena, sizeof(ThymosCtx), alignof(ThymosCtx));
  char *message = static_cast<char *>(capi::arenaAllocate(*arena, capi::kMessageBytes, 1));
  if (!memory || !message) {
    arena->used = mark; // nothing was created: give the bytes back
    return nullptr;
  }
  try {
    auto module = std::make_unique<ir::Module>("c_api");
    ir::Graph *graph = module->addGraph("main");
    auto *ctx = new (memory) ThymosCtx();
    ctx->arena = arena;
    ctx->module = std::move(module);
    ctx->graph = graph;
    ctx->message = message;
    ctx->messageCapacity = capi::kMessageBytes;
    ctx->message[0] = '\0';
    arena->ctx = ctx;
    return ctx;
  } catch (...) {
    arena->used = mark;
    return nullptr;
  }
}

ThymosStatus thymos_ctx_error_code(const ThymosCtx *ctx) {
  return ctx ? ctx->code : THYMOS_ERROR_NULL_ARGUMENT;
}

const char *thymos_ctx_error(const ThymosCtx *ctx) {
  return ctx ? ctx->message : "the context is NULL";
}

void thymos_ctx_clear_error(ThymosCtx *ctx) {
  if (!ctx)
    return;
  ctx->code = THYMOS_OK;
  ctx->message[0] = '\0';
}

ThymosTensor *thymos_tensor(ThymosCtx *ctx, ThymosDType dtype, const int *dims, int rank) {
  capi::WideDims wide(dims, rank);
  return thymos_tensor_ex(ctx, dtype, wide.data(), rank);
}

ThymosTensor *thymos_tensor_ex(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims,
                               int rank) {
  return capi::guarded(ctx, "tensor", [&]() -> ThymosTensor * {
    std::optional<ir::TensorType> type = capi::makeType(ctx, "input", dtype, dims, rank);
    if (!type)
      return nullptr;
    ThymosTensor *handle = capi::newTensor(ctx, nullptr, "input");
    if (!handle)
      return nullptr;
    capi::discardPlan(ctx);
    handle->value = ctx->graph->addArgument("", *type);
    ctx->inputs.push_back(handle);
    return handle;
  });
}

ThymosTensor *thymos_constant(ThymosCtx *ctx, ThymosDType dtype, const int *dims, int rank,
                              const double *values) {
  capi::WideDims wide(dims, rank);
  return thymos_constant_ex(ctx, dtype, wide.data(), rank, values);
}

ThymosTensor *thymos_constant_ex(ThymosCtx *ctx, ThymosDType dtype, const int64_t *dims,
                                 int rank, const double *values) {
  return capi::guarded(ctx, "const", [&]() -> ThymosTensor * {
    std::optional<ir::TensorType> type = capi::makeType(ctx, "'const' op", dtype, dims, rank);
    if (!type)
      return nullptr;
    if (!values)
      return fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "'const' op values is NULL");
    // Well-formed types have an element count that fits; its byte size may not.
    size_t count = static_cast<size_t>(*type->numElements());
    if (count > (SIZE_MAX / sizeof(double)))
      return fail(ctx, THYMOS_ERROR_ARENA_FULL, "'const' op: " + type->str() + " is too large");
    auto *copy = static_cast<double *>(
        capi::arenaAllocate(*ctx->arena, count * sizeof(double), alignof(double)));
    if (!copy)
      return fail(ctx, THYMOS_ERROR_ARENA_FULL,
                  fmt::format("'const' op: the arena is full: {} needs {} bytes, {} of {} are "
                              "free",
                              type->str(), count * sizeof(double),
                              ctx->arena->size - ctx->arena->used, ctx->arena->size));
    std::memcpy(copy, values, count * sizeof(double));
    bool integral = true;
    for (size_t i = 0; i < count; ++i)
      integral &= std::isfinite(copy[i]) && std::trunc(copy[i]) == copy[i];
    // A scalar is written as a number: `[]` would read back as shape [0].
    ir::Attribute value =
        rank > 0 ? ir::Attribute::array(type->dims(), std::vector<double>(copy, copy + count),
                                        integral)
        : integral && std::fabs(copy[0]) < 9.0e15
            ? ir::Attribute::integer(static_cast<int64_t>(copy[0]))
            : ir::Attribute::floating(copy[0]);
    capi::BuildRequest request(ir::OpKind::Const);
    request.addAttr("value", std::move(value));
    return capi::buildOp(ctx, request, &*type);
  });
}

ThymosDType thymos_tensor_dtype(const ThymosTensor *tensor) {
  return tensor ? static_cast<ThymosDType>(tensor->value->type().dtype()) : THYMOS_DTYPE_F32;
}

int thymos_tensor_rank(const ThymosTensor *tensor) {
  return tensor ? static_cast<int>(tensor->value->type().rank()) : -1;
}

int64_t thymos_tensor_dim(const ThymosTensor *tensor, int i) {
  if (!tensor || i < 0 || i >= static_cast<int>(tensor->value->type().rank()))
    return -1;
  return tensor->value->type().dim(static_cast<unsigned>(i));
}

ThymosStatus thymos_graph_output(ThymosCtx *ctx, ThymosTensor *tensor) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!tensor) {
    if (ctx->code == THYMOS_OK)
      fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "'return' value is NULL");
    return ctx->code;
  }
  if (tensor->ctx != ctx) {
    fail(ctx, THYMOS_ERROR_FOREIGN, "'return' value belongs to another context");
    return ctx->code;
  }
  try {
    ir::Graph &graph = *ctx->graph;
    std::vector<ir::Value *> returned;
    std::vector<ir::TensorType> types;
    // The first declared output replaces the implicit ones.
    if (ctx->explicitOutputs) {
      returned.assign(graph.returnValues().begin(), graph.returnValues().end());
      types.assign(graph.resultTypes().begin(), graph.resultTypes().end());
    }
    returned.push_back(tensor->value);
    types.push_back(tensor->value->type());
    capi::discardPlan(ctx);
    graph.setReturn(std::move(returned));
    graph.setResultTypes(std::move(types));
    ctx->explicitOutputs = true;
    return THYMOS_OK;
  } catch (...) {
    fail(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "'return': out of memory");
    return ctx->code;
  }
}

ThymosStatus thymos_graph_validate(ThymosCtx *ctx) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  try {
    capi::returnUnreadResults(ctx);
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::SourceMgr sourceMgr;
    DiagnosticEngine diag(sourceMgr, os);
    if (passes::verifyModule(*ctx->module, diag))
      return THYMOS_OK;
    os.flush();
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    fail(ctx, THYMOS_ERROR_INVALID_GRAPH, text);
  } catch (...) {
    fail(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "validate: out of memory");
  }
  return ctx->code;
}

ThymosStatus thymos_graph_dump(ThymosCtx *ctx, FILE *out) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!out) {
    fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "dump: the FILE is NULL");
    return ctx->code;
  }
  try {
    capi::returnUnreadResults(ctx);
    std::string text;
    llvm::raw_string_ostream os(text);
    ir::printModule(*ctx->module, os);
    os.flush();
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
      fail(ctx, THYMOS_ERROR_WRITE, "dump: writing the module failed");
      return ctx->code;
    }
    return THYMOS_OK;
  } catch (...) {
    fail(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "dump: out of memory");
    return ctx->code;
  }
}

} // extern "C"
