//===- Nvrtc.cpp - Compiling emitted CUDA C with NVRTC, loaded at run time --===//

#include "runtime/cuda/Nvrtc.h"
#include "runtime/cuda/DynamicSymbols.h"

#include <cstdlib>

namespace thymos::rt::cuda {

namespace {

// NVRTC's C interface, declared here from its documented signatures so that
// building needs no toolkit header.
using Result = int; // nvrtcResult: 0 is NVRTC_SUCCESS
using Program = struct ProgramOpaque *;

} // namespace

struct Nvrtc::Api {
  Result (*version)(int *, int *);
  Result (*createProgram)(Program *, const char *, const char *, int, const char *const *,
                          const char *const *);
  Result (*compileProgram)(Program, int, const char *const *);
  Result (*getProgramLogSize)(Program, size_t *);
  Result (*getProgramLog)(Program, char *);
  Result (*getPTXSize)(Program, size_t *);
  Result (*getPTX)(Program, char *);
  Result (*getCUBINSize)(Program, size_t *);
  Result (*getCUBIN)(Program, char *);
  Result (*destroyProgram)(Program *);
  const char *(*getErrorString)(Result);
};

namespace {

const Nvrtc::Api *loadApi(std::string &why) {
  std::string tried;
  void *library = openFirstLibrary(
      "THYMOS_NVRTC",
      {"libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so", "/usr/local/cuda/lib64/libnvrtc.so.13",
       "/usr/local/cuda/lib64/libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so"},
      tried);
  if (!library) {
    why = "NVRTC not found (tried " + tried + "); set THYMOS_NVRTC to its path";
    return nullptr;
  }
  static Nvrtc::Api api;
  const bool ok = resolveSymbol(library, "nvrtcVersion", api.version) &&
                  resolveSymbol(library, "nvrtcCreateProgram", api.createProgram) &&
                  resolveSymbol(library, "nvrtcCompileProgram", api.compileProgram) &&
                  resolveSymbol(library, "nvrtcGetProgramLogSize", api.getProgramLogSize) &&
                  resolveSymbol(library, "nvrtcGetProgramLog", api.getProgramLog) &&
                  resolveSymbol(library, "nvrtcGetPTXSize", api.getPTXSize) &&
                  resolveSymbol(library, "nvrtcGetPTX", api.getPTX) &&
                  resolveSymbol(library, "nvrtcGetCUBINSize", api.getCUBINSize) &&
                  resolveSymbol(library, "nvrtcGetCUBIN", api.getCUBIN) &&
                  resolveSymbol(library, "nvrtcDestroyProgram", api.destroyProgram) &&
                  resolveSymbol(library, "nvrtcGetErrorString", api.getErrorString);
  if (!ok) {
    why = "the NVRTC library found lacks an entry point thymosc needs (NVRTC 12 or later)";
    return nullptr;
  }
  return &api;
}

} // namespace

const Nvrtc *Nvrtc::load(std::string &why) {
  static std::string loadError;
  static const Api *api = loadApi(loadError);
  static const Nvrtc nvrtc(api);
  if (!api) {
    why = loadError;
    return nullptr;
  }
  return &nvrtc;
}

std::string Nvrtc::version() const {
  int major = 0, minor = 0;
  api_->version(&major, &minor);
  return std::to_string(major) + "." + std::to_string(minor);
}

bool Nvrtc::compile(const std::string &source, const std::string &arch, NvrtcOutput &out,
                    std::string &error, bool ptx) const {
  const std::string number = arch.substr(3); // "sm_90" -> "90"
  for (bool binary : {true, false}) {
    if (!binary && !ptx)
      break;
    Program program = nullptr;
    Result r = api_->createProgram(&program, source.c_str(), "thymos.cu", 0, nullptr, nullptr);
    if (r != 0) {
      error = std::string("nvrtcCreateProgram: ") + api_->getErrorString(r);
      return false;
    }
    const std::string target =
        std::string("--gpu-architecture=") + (binary ? "sm_" : "compute_") + number;
    const char *options[] = {target.c_str(), "--std=c++17", "-default-device"};
    r = api_->compileProgram(program, 3, options);
    bool ok = r == 0;
    if (!ok) {
      size_t size = 0;
      api_->getProgramLogSize(program, &size);
      std::string log(size, '\0');
      if (size)
        api_->getProgramLog(program, log.data());
      while (!log.empty() && (log.back() == '\0' || log.back() == '\n'))
        log.pop_back();
      error = "NVRTC " + version() + " could not compile for " + (binary ? "sm_" : "compute_") +
              number + " (" + api_->getErrorString(r) + "):\n" + log;
    } else if (binary) {
      size_t size = 0;
      api_->getCUBINSize(program, &size);
      out.cubin.resize(size);
      api_->getCUBIN(program, reinterpret_cast<char *>(out.cubin.data()));
    } else {
      size_t size = 0;
      api_->getPTXSize(program, &size);
      out.ptx.assign(size, '\0');
      api_->getPTX(program, out.ptx.data());
      while (!out.ptx.empty() && out.ptx.back() == '\0')
        out.ptx.pop_back();
    }
    api_->destroyProgram(&program);
    if (!ok)
      return false;
  }
  return true;
}

} // namespace thymos::rt::cuda
