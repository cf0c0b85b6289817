//===- CApi.cpp - The C API of include/thymos/thymos_runtime.h ---------------===//
//
// Thin handles over rt::Plan and rt::Executor. Every entry point catches
// everything (CApiGuard.h). Session messages live in a fixed array so that
// reporting an error cannot itself fail.
//
//===----------------------------------------------------------------------===//

#include "thymos/thymos_runtime.h"

#include "runtime/CApiGuard.h"
#include "runtime/Executor.h"
#include "runtime/cpu/ThreadPool.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

using namespace thymos;
using namespace thymos::rt;

static_assert(THYMOS_MAX_RANK == kMaxRank);

struct ThymosPlan {
  std::unique_ptr<Plan> plan;
  // Names in the plan are not NUL-terminated; C callers get these copies.
  std::vector<std::string> entryNames;
  std::vector<std::string> tensorNames;
};

struct ThymosSession {
  const ThymosPlan *plan = nullptr;
  // Declared before the executor, which uses it, so it is destroyed after.
  std::unique_ptr<ThreadPool> threads;
  std::unique_ptr<Executor> executor;
  char error[512] = {};
};

namespace {

ThymosStatus fail(ThymosSession *s, ThymosStatus code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

ThymosStatus fail(ThymosSession *s, ThymosStatus code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(s->error, sizeof s->error, format, args);
  va_end(args);
  return code;
}

template <typename Body> ThymosStatus guardedSession(ThymosSession *s, Body body) noexcept {
  if (!s)
    return THYMOS_ERROR_NULL_ARGUMENT;
  s->error[0] = '\0';
  return guarded(body, [s](ThymosStatus code, const char *what) { fail(s, code, "%s", what); });
}

ThymosStatus checkEntry(ThymosSession *s, size_t entry) {
  size_t count = s->plan->plan->entries().size();
  if (entry >= count)
    return fail(s, THYMOS_ERROR_OUT_OF_RANGE, "entry %zu does not exist (the plan has %zu)", entry,
                count);
  return THYMOS_OK;
}

const char *entryName(const ThymosSession *s, size_t entry) {
  return s->plan->entryNames[entry].c_str();
}

void fillView(const ThymosSession *s, uint32_t tensor, ThymosTensorView *view) {
  const TensorView &t = s->executor->view(tensor);
  view->data = t.data;
  view->name = s->plan->tensorNames[tensor].c_str();
  view->dtype = static_cast<int>(t.dtype);
  view->rank = static_cast<int>(t.rank);
  for (uint32_t i = 0; i < kMaxRank; ++i)
    view->dims[i] = i < t.rank ? t.dims[i] : 0;
  view->bytes = static_cast<size_t>(s->plan->plan->tensors()[tensor].bytes);
}

/// Position of the input of `entry` named `name`, or -1.
long findInput(const ThymosSession *s, size_t entry, const char *name) {
  const plan::EntryRecord &e = s->plan->plan->entries()[entry];
  const uint32_t *inputs = s->executor->entryInputs(static_cast<uint32_t>(entry));
  for (uint32_t k = 0; k < e.inputCount; ++k)
    if (s->plan->tensorNames[inputs[k]] == name)
      return static_cast<long>(k);
  return -1;
}

ThymosStatus loadInto(std::unique_ptr<Plan> loaded, const Status &status,
                      ThymosStatus failure, ThymosPlan **out, char *err, size_t errlen) {
  if (!status) {
    copyMessage(err, errlen, status.message().c_str());
    return failure;
  }
  auto handle = std::make_unique<ThymosPlan>();
  const Plan &p = *loaded;
  for (const plan::EntryRecord &e : p.entries())
    handle->entryNames.emplace_back(p.string(e.name));
  for (const plan::TensorRecord &t : p.tensors())
    handle->tensorNames.emplace_back(p.string(t.name));
  handle->plan = std::move(loaded);
  *out = handle.release();
  copyMessage(err, errlen, "");
  return THYMOS_OK;
}

} // namespace

extern "C" {

//===--- Plans -------------------------------------------------------------===//

ThymosStatus thymos_plan_load(const char *path, ThymosPlan **plan, char *err, size_t errlen) {
  auto report = [&](ThymosStatus, const char *what) { copyMessage(err, errlen, what); };
  if (!path || !plan) {
    report(THYMOS_ERROR_NULL_ARGUMENT, "thymos_plan_load: path and plan must not be NULL");
    return THYMOS_ERROR_NULL_ARGUMENT;
  }
  return guarded(
      [&] {
        std::unique_ptr<Plan> loaded;
        Status status = Plan::load(path, loaded);
        ThymosStatus failure = status ? THYMOS_OK : planLoadFailure(path);
        return loadInto(std::move(loaded), status, failure, plan, err, errlen);
      },
      report);
}

ThymosStatus thymos_plan_load_memory(const void *bytes, size_t size, ThymosPlan **plan,
                                     char *err, size_t errlen) {
  auto report = [&](ThymosStatus, const char *what) { copyMessage(err, errlen, what); };
  if ((!bytes && size) || !plan) {
    report(THYMOS_ERROR_NULL_ARGUMENT,
           "thymos_plan_load_memory: bytes and plan must not be NULL");
    return THYMOS_ERROR_NULL_ARGUMENT;
  }
  return guarded(
      [&] {
        std::unique_ptr<Plan> loaded;
        Status status = Plan::loadFromMemory(bytes, size, "<memory>", loaded);
        return loadInto(std::move(loaded), status, THYMOS_ERROR_INVALID_PLAN, plan, err, errlen);
      },
      report);
}

void thymos_plan_free(ThymosPlan *plan) { delete plan; }

ThymosStatus thymos_plan_entry_count(const ThymosPlan *plan, size_t *count) {
  if (!plan || !count)
    return THYMOS_ERROR_NULL_ARGUMENT;
  *count = plan->entryNames.size();
  return THYMOS_OK;
}

ThymosStatus thymos_plan_entry_name(const ThymosPlan *plan, size_t entry, const char **name) {
  if (!plan || !name)
    return THYMOS_ERROR_NULL_ARGUMENT;
  if (entry >= plan->entryNames.size())
    return THYMOS_ERROR_OUT_OF_RANGE;
  *name = plan->entryNames[entry].c_str();
  return THYMOS_OK;
}

ThymosStatus thymos_plan_find_entry(const ThymosPlan *plan, const char *name, size_t *entry) {
  if (!plan || !name || !entry)
    return THYMOS_ERROR_NULL_ARGUMENT;
  for (size_t i = 0; i < plan->entryNames.size(); ++i)
    if (plan->entryNames[i] == name) {
      *entry = i;
      return THYMOS_OK;
    }
  return THYMOS_ERROR_NOT_FOUND;
}

//===--- Sessions ----------------------------------------------------------===//

ThymosStatus thymos_session_create(const ThymosPlan *plan, unsigned threads,
                                   ThymosSession **session, char *err, size_t errlen) {
  auto report = [&](ThymosStatus, const char *what) { copyMessage(err, errlen, what); };
  if (!plan || !session) {
    report(THYMOS_ERROR_NULL_ARGUMENT,
           "thymos_session_create: plan and session must not be NULL");
    return THYMOS_ERROR_NULL_ARGUMENT;
  }
  return guarded(
      [&] {
        auto handle = std::make_unique<ThymosSession>();
        handle->plan = plan;
        handle->threads = std::make_unique<ThreadPool>(threads);
        if (Status s = Executor::create(*plan->plan, handle->threads.get(), handle->executor); !s) {
          copyMessage(err, errlen, s.message().c_str());
          // Executor::create fails only to refuse or fail an allocation.
          return THYMOS_ERROR_OUT_OF_MEMORY;
        }
        *session = handle.release();
        copyMessage(err, errlen, "");
        return THYMOS_OK;
      },
      report);
}

void thymos_session_free(ThymosSession *session) { delete session; }

const char *thymos_session_error(const ThymosSession *session) {
  return session ? session->error : "thymos_session_error: session is NULL";
}

ThymosStatus thymos_session_input_count(ThymosSession *session, size_t entry, size_t *count) {
  return guardedSession(session, [&] {
    if (!count)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_session_input_count: count is NULL");
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    *count = session->plan->plan->entries()[entry].inputCount;
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_output_count(ThymosSession *session, size_t entry, size_t *count) {
  return guardedSession(session, [&] {
    if (!count)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_session_output_count: count is NULL");
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    *count = session->plan->plan->entries()[entry].outputCount;
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_input(ThymosSession *session, size_t entry, const char *name,
                                  ThymosTensorView *view) {
  return guardedSession(session, [&] {
    if (!name || !view)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_session_input: name and view must not be NULL");
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    long k = findInput(session, entry, name);
    if (k < 0)
      return fail(session, THYMOS_ERROR_NOT_FOUND, "entry @%s has no input %%%s",
                  entryName(session, entry), name);
    fillView(session, session->executor->entryInputs(uint32_t(entry))[k], view);
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_input_at(ThymosSession *session, size_t entry, size_t index,
                                     ThymosTensorView *view) {
  return guardedSession(session, [&] {
    if (!view)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT, "thymos_session_input_at: view is NULL");
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    uint32_t count = session->plan->plan->entries()[entry].inputCount;
    if (index >= count)
      return fail(session, THYMOS_ERROR_OUT_OF_RANGE, "entry @%s has %u inputs, not %zu",
                  entryName(session, entry), count, index + 1);
    fillView(session, session->executor->entryInputs(uint32_t(entry))[index], view);
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_set_input(ThymosSession *session, size_t entry, const char *name,
                                      const void *data, size_t bytes) {
  return guardedSession(session, [&] {
    if (!name || !data)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_session_set_input: name and data must not be NULL");
    ThymosTensorView view;
    if (ThymosStatus c = thymos_session_input(session, entry, name, &view))
      return c;
    if (bytes != view.bytes)
      return fail(session, THYMOS_ERROR_SIZE_MISMATCH,
                  "input %%%s of entry @%s is %s with %zu bytes; %zu bytes given", name,
                  entryName(session, entry), thymos_dtype_name(view.dtype), view.bytes, bytes);
    // memmove: the caller may pass a view of this session as the source.
    std::memmove(view.data, data, bytes);
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_run(ThymosSession *session, size_t entry) {
  return guardedSession(session, [&] {
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    Status s = session->executor->run(static_cast<uint32_t>(entry));
    if (!s)
      return fail(session, THYMOS_ERROR_RUN_FAILED, "entry @%s: %s", entryName(session, entry),
                  s.message().c_str());
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_output(ThymosSession *session, size_t entry, size_t index,
                                   ThymosTensorView *view) {
  return guardedSession(session, [&] {
    if (!view)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT, "thymos_session_output: view is NULL");
    if (ThymosStatus c = checkEntry(session, entry))
      return c;
    uint32_t count = session->plan->plan->entries()[entry].outputCount;
    if (index >= count)
      return fail(session, THYMOS_ERROR_OUT_OF_RANGE, "entry @%s has %u outputs, not %zu",
                  entryName(session, entry), count, index + 1);
    fillView(session, session->executor->entryOutputs(uint32_t(entry))[index], view);
    return THYMOS_OK;
  });
}

ThymosStatus thymos_session_state(ThymosSession *session, const char *name,
                                  ThymosTensorView *view) {
  return guardedSession(session, [&] {
    if (!name || !view)
      return fail(session, THYMOS_ERROR_NULL_ARGUMENT,
                  "thymos_session_state: name and view must not be NULL");
    const std::vector<plan::TensorRecord> &tensors = session->plan->plan->tensors();
    for (uint32_t t = 0; t < tensors.size(); ++t)
      if (tensors[t].storage == uint8_t(plan::Storage::State) &&
          session->plan->tensorNames[t] == name) {
        fillView(session, t, view);
        return THYMOS_OK;
      }
    return fail(session, THYMOS_ERROR_NOT_FOUND, "the plan has no state @%s", name);
  });
}

} // extern "C"
