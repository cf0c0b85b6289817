//===- Nvrtc.h - Compiling emitted CUDA C with NVRTC, loaded at run time ----===//
//
// thymosc (embedding a plan's kernels) and the CUDA backend (compiling a
// plan's source where the driver cannot load its binaries) find NVRTC with
// dlopen (THYMOS_NVRTC alone when it is set;
// else libnvrtc.so.13, .12 and libnvrtc.so on the loader's path, then
// /usr/local/cuda/lib64), so
// neither needs the CUDA toolkit to build or run, and a missing NVRTC is an
// error only when CUDA must be compiled.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace thymos::rt::cuda {

struct NvrtcOutput {
  std::string ptx;                 ///< for compute_XX
  std::vector<unsigned char> cubin; ///< for sm_XX
};

class Nvrtc {
public:
  /// NVRTC if it can be loaded; null with `why` ("NVRTC not found: ...").
  static const Nvrtc *load(std::string &why);
  /// "13.0".
  std::string version() const;
  /// Compiles `source` for `arch` ("sm_90"): the cubin for sm_90 and, with
  /// `ptx`, the PTX for compute_90. False with NVRTC's log in `error`.
  bool compile(const std::string &source, const std::string &arch, NvrtcOutput &out,
               std::string &error, bool ptx = true) const;

  struct Api; // the entry points, resolved from the library
private:
  explicit Nvrtc(const Api *api) : api_(api) {}
  const Api *api_;
};

} // namespace thymos::rt::cuda
