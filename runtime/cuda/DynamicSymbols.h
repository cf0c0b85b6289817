//===- DynamicSymbols.h - Entry points of a library opened with dlopen -------===//
#pragma once

#include <dlfcn.h>

namespace thymos::rt::cuda {

/// Sets `fn` to `name` in `library`; false where the library lacks it.
template <typename Fn> bool resolveSymbol(void *library, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, name));
  return fn != nullptr;
}

} // namespace thymos::rt::cuda
