//===- CApiGuard.h - What the runtime's C APIs share behind their headers ----===//
//
// <thymos/thymos_runtime.h> (CApi.cpp) and <thymos/thymos_llm.h>
// (llm/LlmCApi.cpp) follow the same rules: every entry point catches
// everything, because an exception (std::bad_alloc from a vector,
// std::system_error from starting a thread) unwinding into C code is
// undefined; messages go into the caller's buffer or a fixed array in the
// handle, so that reporting an error cannot itself fail.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "thymos/thymos_common.h"

#include <cstddef>
#include <cstdio>
#include <exception>
#include <new>

namespace thymos::rt {

/// Copies `message` into the caller's `err` buffer, truncated and
/// NUL-terminated; a NULL or empty buffer receives nothing.
inline void copyMessage(char *err, size_t errlen, const char *message) {
  if (!err || errlen == 0)
    return;
  std::snprintf(err, errlen, "%s", message);
}

/// Runs `body` with every exception turned into a status (and a message
/// through `report`, which must not throw).
template <typename Body, typename Report>
ThymosStatus guarded(Body body, Report report) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    report(THYMOS_ERROR_OUT_OF_MEMORY, "out of memory");
    return THYMOS_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception &e) {
    report(THYMOS_ERROR_INTERNAL, e.what());
    return THYMOS_ERROR_INTERNAL;
  } catch (...) {
    report(THYMOS_ERROR_INTERNAL, "unknown exception");
    return THYMOS_ERROR_INTERNAL;
  }
}

/// The code for a failed Plan::load(path), which reports both kinds in one
/// Status: THYMOS_ERROR_IO if the file cannot be opened, else
/// THYMOS_ERROR_INVALID_PLAN. Only on the error path, where the extra open
/// costs nothing.
inline ThymosStatus planLoadFailure(const char *path) {
  FILE *f = std::fopen(path, "rb");
  if (!f)
    return THYMOS_ERROR_IO;
  std::fclose(f);
  return THYMOS_ERROR_INVALID_PLAN;
}

} // namespace thymos::rt
