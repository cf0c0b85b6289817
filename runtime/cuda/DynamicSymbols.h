//===- DynamicSymbols.h - Libraries opened with dlopen and their entry points ===//
#pragma once

#include <cstdlib>
#include <dlfcn.h>
#include <initializer_list>
#include <string>

namespace thymos::rt::cuda {

/// Sets `fn` to `name` in `library`; false where the library lacks it.
template <typename Fn> bool resolveSymbol(void *library, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, name));
  return fn != nullptr;
}

/// The library the environment variable `override` names (that one only:
/// the user chose it), else the first of `names` that opens; null with the
/// names tried appended to `tried`.
inline void *openFirstLibrary(const char *override, std::initializer_list<const char *> names,
                              std::string &tried) {
  if (const char *path = std::getenv(override); path && *path) {
    if (void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL))
      return library;
    tried += path;
    return nullptr;
  }
  for (const char *name : names) {
    if (void *library = dlopen(name, RTLD_NOW | RTLD_LOCAL))
      return library;
    tried += (tried.empty() ? "" : ", ") + std::string(name);
  }
  return nullptr;
}

} // namespace thymos::rt::cuda
