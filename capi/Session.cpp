//===- Session.cpp - Planning and running a C-built graph -------------------===//
//
// thymos_graph_plan() takes the same road as `thymosc` followed by
// `thymos-run`: the compile driver (verify, the CPU pipeline, lower, plan
// bytes), then the runtime's validating loader and an executor. The plan's
// bytes, its arena and its state are carved out of the context's arena; the
// loader's and executor's bookkeeping lives on the C++ heap, like the IR.
//
// The pipeline runs on a deep copy of the module (ir/Clone.h), so the
// caller's tensor handles stay valid whatever the passes rewrite, and the
// graph can keep growing after a run.
//
//===----------------------------------------------------------------------===//

#include "capi/Builder.h"

#include "codegen/Compiler.h"
#include "ir/Clone.h"
#include "runtime/PlanFormat.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <cctype>
#include <cstring>

using namespace thymos;
using capi::fail;

namespace {

constexpr size_t kAlignment = plan::kAlignment;

ThymosStatus failCode(ThymosCtx *ctx, ThymosStatus code, const std::string &message) {
  fail(ctx, code, message);
  return code;
}

/// Diagnostics written to a string, for the context's message.
struct CapturedDiagnostics {
  std::string text;
  llvm::raw_string_ostream os{text};
  llvm::SourceMgr sourceMgr;
  DiagnosticEngine diag{sourceMgr, os};

  std::string take() {
    os.flush();
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    return text;
  }
};

std::string describe(const ThymosTensor *tensor) {
  if (tensor->state)
    return "state @" + tensor->state->name;
  return "a " + tensor->value->type().str() + " tensor";
}

uint64_t storageBytes(const ThymosTensor *tensor) {
  // Every type the builders accept is well formed, so its size is known.
  return static_cast<uint64_t>(tensor->value->type().storageBytes().value_or(0));
}

/// The plan tensor holding `tensor` after a run, or null.
const rt::TensorView *runtimeView(ThymosCtx *ctx, const ThymosTensor *tensor) {
  if (!ctx->executor)
    return nullptr;
  const rt::Plan &plan = *ctx->plan;
  if (tensor->state) {
    for (uint32_t t = 0; t < plan.tensors().size(); ++t)
      if (plan.tensors()[t].storage == uint8_t(plan::Storage::State) &&
          plan.string(plan.tensors()[t].name) == tensor->state->name)
        return &ctx->executor->view(t);
    return nullptr;
  }
  if (!ctx->ran)
    return nullptr;
  llvm::ArrayRef<ir::Value *> returned = ctx->graph->returnValues();
  for (size_t k = 0; k < returned.size(); ++k)
    if (returned[k] == tensor->value)
      return &ctx->executor->view(ctx->executor->entryOutputs(0)[k]);
  return nullptr;
}

/// Plans `ctx`'s graph; the error code with the message set on failure.
ThymosStatus buildPlan(ThymosCtx *ctx) {
  ThymosStatus valid = thymos_graph_validate(ctx);
  if (valid != THYMOS_OK)
    return valid;

  // The pipeline rewrites the module it runs on: give it a copy, so that the
  // caller's tensor handles stay valid and the graph can keep growing.
  std::unique_ptr<ir::Module> copy = ir::cloneModule(*ctx->module);
  CapturedDiagnostics captured;
  codegen::CompileOptions options;
  options.verifyInput = false; // thymos_graph_validate() just did
  codegen::Compilation compiled;
  if (!codegen::compileModule(*copy, captured.diag, options, compiled))
    return failCode(ctx, THYMOS_ERROR_PLAN_FAILED, "plan: " + captured.take());
  std::vector<unsigned char> bytes = codegen::planBytes(compiled.model);

  // Arena layout: plan bytes (constants are used in place), arena, state.
  ThymosArena &arena = *ctx->arena;
  size_t start = arena.used;
  auto full = [&](const char *what, uint64_t size) {
    arena.used = start;
    return failCode(ctx, THYMOS_ERROR_ARENA_FULL,
                    fmt::format("plan: the arena is full: the {} needs {} bytes, {} of {} are "
                                "free",
                                what, size, arena.size - arena.used, arena.size));
  };
  auto *planBytes =
      static_cast<unsigned char *>(capi::arenaAllocate(arena, bytes.size(), kAlignment));
  if (!planBytes)
    return full("plan", bytes.size());
  std::memcpy(planBytes, bytes.data(), bytes.size());
  std::unique_ptr<rt::Plan> plan;
  if (rt::Status s = rt::Plan::loadBorrowed(planBytes, bytes.size(), "plan", plan); !s) {
    arena.used = start;
    return failCode(ctx, THYMOS_ERROR_PLAN_FAILED, s.message());
  }
  const plan::FileHeader &header = plan->header();
  // Zero-byte regions still need a distinct, aligned address.
  uint64_t arenaBytes = std::max<uint64_t>(header.arenaBytes, 1);
  uint64_t stateBytes = std::max<uint64_t>(header.stateBytes, 1);
  rt::Executor::Memory memory{};
  memory.arena = static_cast<unsigned char *>(capi::arenaAllocate(arena, arenaBytes, kAlignment));
  if (!memory.arena)
    return full("plan's working memory", arenaBytes);
  memory.state = static_cast<unsigned char *>(capi::arenaAllocate(arena, stateBytes, kAlignment));
  if (!memory.state)
    return full("plan's state", stateBytes);
  std::memset(memory.arena, 0, arenaBytes);
  std::memset(memory.state, 0, stateBytes);
  std::unique_ptr<rt::Executor> executor;
  if (rt::Status s = rt::Executor::create(*plan, nullptr, memory, executor); !s) {
    arena.used = start;
    return failCode(ctx, THYMOS_ERROR_PLAN_FAILED, "plan: " + s.message());
  }

  ctx->plan = std::move(plan);
  ctx->executor = std::move(executor);
  ctx->planStart = start;
  ctx->planEnd = arena.used;
  ctx->ran = false;
  // States start from the data set so far, zero otherwise.
  for (ThymosTensor *state : ctx->states)
    if (const rt::TensorView *view = runtimeView(ctx, state); view && state->data)
      std::memcpy(view->data, state->data, storageBytes(state));
  return THYMOS_OK;
}

bool validStateName(const char *name) {
  if (!name || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return false;
  for (const char *c = name; *c; ++c)
    if (!std::isalnum(static_cast<unsigned char>(*c)) && *c != '_' && *c != '.')
      return false;
  return true;
}

} // namespace

namespace thymos::capi {

void discardPlan(ThymosCtx *ctx) {
  ctx->executor.reset();
  ctx->plan.reset();
  ctx->ran = false;
  // The plan's arena bytes come back only when nothing was carved after them.
  if (ctx->planEnd != 0 && ctx->arena->used == ctx->planEnd)
    ctx->arena->used = ctx->planStart;
  ctx->planStart = ctx->planEnd = 0;
}

} // namespace thymos::capi

extern "C" {

ThymosTensor *thymos_state(ThymosCtx *ctx, const char *name, ThymosDType dtype,
                           const int *dims, int rank) {
  capi::WideDims wide(dims, rank);
  return thymos_state_ex(ctx, name, dtype, wide.data(), rank);
}

ThymosTensor *thymos_state_ex(ThymosCtx *ctx, const char *name, ThymosDType dtype,
                              const int64_t *dims, int rank) {
  return capi::guarded(ctx, "state", [&]() -> ThymosTensor * {
    if (!name)
      return fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "state: the name is NULL");
    if (!validStateName(name))
      return fail(ctx, THYMOS_ERROR_INVALID_GRAPH,
                  fmt::format("state: '{}' is not a valid name (letters, digits, '_' and '.', "
                              "not starting with a digit)",
                              name));
    if (ctx->module->lookupState(name))
      return fail(ctx, THYMOS_ERROR_INVALID_GRAPH,
                  fmt::format("state: @{} is already declared", name));
    std::optional<ir::TensorType> type =
        capi::makeType(ctx, fmt::format("state @{}", name), dtype, dims, rank);
    if (!type)
      return nullptr;
    ThymosTensor *handle = capi::newTensor(ctx, nullptr, "state");
    if (!handle)
      return nullptr;
    capi::discardPlan(ctx);
    const ir::StateDecl *decl = ctx->module->addState(name, *type);
    handle->state = decl;
    handle->value = ctx->graph->addStateRead(name, decl);
    ctx->states.push_back(handle);
    return handle;
  });
}

ThymosStatus thymos_state_update(ThymosCtx *ctx, ThymosTensor *state, ThymosTensor *value) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!state || !value) {
    if (ctx->code == THYMOS_OK)
      fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "update: the state or the value is NULL");
    return ctx->code;
  }
  if (state->ctx != ctx || value->ctx != ctx)
    return failCode(ctx, THYMOS_ERROR_FOREIGN, "update: a tensor belongs to another context");
  if (!state->state)
    return failCode(ctx, THYMOS_ERROR_INVALID_GRAPH,
                    "update: the first tensor is not a state (see thymos_state())");
  if (value->value->type() != state->state->type)
    return failCode(ctx, THYMOS_ERROR_SHAPE,
                    fmt::format("update: @{} is {}, the new value {}", state->state->name,
                                state->state->type.str(), value->value->type().str()));
  try {
    capi::discardPlan(ctx);
    ctx->graph->addUpdate(state->state, value->value);
    return THYMOS_OK;
  } catch (...) {
    return failCode(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "update: out of memory");
  }
}

size_t thymos_tensor_bytes(const ThymosTensor *tensor) {
  return tensor ? static_cast<size_t>(storageBytes(tensor)) : 0;
}

ThymosStatus thymos_tensor_set_data(ThymosCtx *ctx, ThymosTensor *tensor, const void *data,
                                    size_t bytes) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!tensor || !data)
    return failCode(ctx, THYMOS_ERROR_NULL_ARGUMENT, "set_data: the tensor or data is NULL");
  if (tensor->ctx != ctx)
    return failCode(ctx, THYMOS_ERROR_FOREIGN, "set_data: the tensor belongs to another context");
  bool isInput = tensor->value->isArgument();
  if (!isInput && !tensor->state)
    return failCode(ctx, THYMOS_ERROR_NO_DATA,
                    "set_data: only inputs and states take data; this is an op's result");
  uint64_t expected = storageBytes(tensor);
  if (bytes != expected)
    return failCode(ctx, THYMOS_ERROR_SIZE_MISMATCH,
                    fmt::format("set_data: {} holds {} bytes, got {}", describe(tensor), expected,
                                bytes));
  // One slot per tensor, reused by later calls, so that feeding batches in a
  // loop does not use up the arena.
  if (!tensor->data) {
    void *slot = capi::arenaAllocate(*ctx->arena, std::max<size_t>(bytes, 1), kAlignment);
    if (!slot)
      return failCode(ctx, THYMOS_ERROR_ARENA_FULL,
                      fmt::format("set_data: the arena is full: {} needs {} bytes, {} of {} are "
                                  "free",
                                  describe(tensor), bytes, ctx->arena->size - ctx->arena->used,
                                  ctx->arena->size));
    tensor->data = slot;
  }
  std::memcpy(const_cast<void *>(tensor->data), data, bytes);
  // A planned state takes the new contents at once.
  if (tensor->state)
    if (const rt::TensorView *view = runtimeView(ctx, tensor))
      std::memcpy(view->data, data, bytes);
  return THYMOS_OK;
}

ThymosStatus thymos_graph_plan(ThymosCtx *ctx) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  try {
    capi::discardPlan(ctx);
    return buildPlan(ctx);
  } catch (...) {
    capi::discardPlan(ctx);
    return failCode(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "plan: out of memory");
  }
}

ThymosStatus thymos_graph_run(ThymosCtx *ctx) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!ctx->executor)
    if (ThymosStatus code = thymos_graph_plan(ctx); code != THYMOS_OK)
      return code;
  for (size_t i = 0; i < ctx->inputs.size(); ++i)
    if (!ctx->inputs[i]->data)
      return failCode(ctx, THYMOS_ERROR_NO_DATA,
                      fmt::format("run: input #{} ({}) has no data; set it with "
                                  "thymos_tensor_set_data()",
                                  i, ctx->inputs[i]->value->type().str()));
  const uint32_t *inputs = ctx->executor->entryInputs(0);
  for (size_t i = 0; i < ctx->inputs.size(); ++i)
    std::memcpy(ctx->executor->view(inputs[i]).data, ctx->inputs[i]->data,
                storageBytes(ctx->inputs[i]));
  try {
    if (rt::Status s = ctx->executor->run(0); !s) {
      ctx->ran = false;
      return failCode(ctx, THYMOS_ERROR_RUN_FAILED, "run: " + s.message());
    }
  } catch (...) {
    return failCode(ctx, THYMOS_ERROR_OUT_OF_MEMORY, "run: out of memory");
  }
  ctx->ran = true;
  return THYMOS_OK;
}

const void *thymos_tensor_data(ThymosCtx *ctx, const ThymosTensor *tensor) {
  if (!ctx)
    return nullptr;
  if (!tensor) {
    fail(ctx, THYMOS_ERROR_NULL_ARGUMENT, "data: the tensor is NULL");
    return nullptr;
  }
  if (tensor->ctx != ctx) {
    fail(ctx, THYMOS_ERROR_FOREIGN, "data: the tensor belongs to another context");
    return nullptr;
  }
  if (const rt::TensorView *view = runtimeView(ctx, tensor))
    return view->data;
  if (tensor->data)
    return tensor->data;
  fail(ctx, THYMOS_ERROR_NO_DATA,
       fmt::format("data: {} has no data{}", describe(tensor),
                   tensor->state || tensor->value->isArgument()
                       ? ""
                       : ": only inputs, states and the graph's outputs after "
                         "thymos_graph_run() have data"));
  return nullptr;
}

ThymosStatus thymos_graph_write_plan(ThymosCtx *ctx, FILE *out) {
  if (!ctx)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (!out)
    return failCode(ctx, THYMOS_ERROR_NULL_ARGUMENT, "write_plan: the FILE is NULL");
  if (!ctx->plan)
    if (ThymosStatus code = thymos_graph_plan(ctx); code != THYMOS_OK)
      return code;
  const unsigned char *bytes = ctx->arena->base + ctx->planStart;
  // The plan's bytes are the first block carved at planStart (64-aligned).
  size_t shift = (kAlignment - reinterpret_cast<uintptr_t>(bytes) % kAlignment) % kAlignment;
  size_t size = ctx->plan->header().fileBytes;
  if (std::fwrite(bytes + shift, 1, size, out) != size || std::fflush(out) != 0)
    return failCode(ctx, THYMOS_ERROR_WRITE, "write_plan: writing the plan failed");
  return THYMOS_OK;
}

} // extern "C"
