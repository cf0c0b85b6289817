//===- Nvrtc.h - Compiling emitted CUDA C with NVRTC, loaded at run time ----===//
//
// The compiler finds NVRTC with dlopen (THYMOS_NVRTC alone when it is set;
// else libnvrtc.so.13, .12 and libnvrtc.so on the loader's path, then
// /usr/local/cuda/lib64), so
// thymosc builds and runs on hosts without the CUDA toolkit and says so only
// when asked to compile CUDA.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>
#include <vector>

namespace thymos::codegen::cuda {

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
  /// Compiles `source` for `arch` ("sm_90"): the cubin for sm_90 and the PTX
  /// for compute_90. False with NVRTC's log in `error` otherwise.
  bool compile(const std::string &source, const std::string &arch, NvrtcOutput &out,
               std::string &error) const;

  struct Api; // the entry points, resolved from the library
private:
  explicit Nvrtc(const Api *api) : api_(api) {}
  const Api *api_;
};

/// Splits "sm_87,sm_90" into architectures; false with `error` for a name
/// that is not sm_<digits>.
bool parseArchitectures(const std::string &list, std::vector<std::string> &archs,
                        std::string &error);

} // namespace thymos::codegen::cuda
