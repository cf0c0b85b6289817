//===- Cublas.h - cuBLAS, loaded with dlopen, for the GEMM steps ------------===//
//
// Only plans with GEMM steps (GemmOperands.h: prefill) need cuBLAS; it is
// opened when such a plan is bound (THYMOS_CUBLAS alone when set, else
// libcublas.so.13, .12 or libcublas.so on the loader's path, then
// /usr/local/cuda/lib64), declared from cuBLAS's documented C signatures
// so that building needs no toolkit header.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/cuda/CudaDriver.h"
#include "runtime/cuda/GemmOperands.h"

#include <string>

namespace thymos::rt::cuda {

/// The workspace each handle gets: cuBLAS's recommendation for Hopper,
/// ample for the others.
inline constexpr size_t kCublasWorkspaceBytes = size_t(32) << 20;

struct CublasApi {
  using Handle = struct CublasOpaque *;
  int (*create)(Handle *);
  int (*destroy)(Handle);
  int (*setStream)(Handle, CUstream);
  int (*setWorkspace)(Handle, void *, size_t);
  int (*gemmEx)(Handle, int, int, int, int, int, const void *, const void *, int, int,
                const void *, int, int, const void *, void *, int, int, int, int);
  const char *(*statusName)(int); // may be null (older cuBLAS)
};

/// cuBLAS's entry points; null with `why` ("cuBLAS not found (tried ...)").
const CublasApi *loadCublas(std::string &why);

/// A cuBLAS handle on one stream, with its own workspace (so that a graph
/// capture never sees cuBLAS allocate).
class CublasGemm {
public:
  CublasGemm() = default;
  ~CublasGemm();
  CublasGemm(const CublasGemm &) = delete;
  CublasGemm &operator=(const CublasGemm &) = delete;

  Status create(const Driver &driver, CUstream stream);
  /// out = a · b as `g` describes, on the stream (`a` and `b` are the f16
  /// copies in the scratch buffer for halfOperands).
  Status run(const GemmOperands &g, CUdeviceptr a, CUdeviceptr b, CUdeviceptr out) const;

private:
  Status check(int status, const char *call) const;

  const Driver *driver_ = nullptr;
  const CublasApi *api_ = nullptr;
  CublasApi::Handle handle_ = nullptr;
  CUdeviceptr workspace_ = 0;
};

} // namespace thymos::rt::cuda
