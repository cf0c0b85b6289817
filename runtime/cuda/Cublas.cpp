//===- Cublas.cpp - cuBLAS, loaded with dlopen, for the GEMM steps ----------===//

#include "runtime/cuda/Cublas.h"
#include "runtime/cuda/DynamicSymbols.h"

namespace thymos::rt::cuda {

namespace {

// cuBLAS and CUDA library enumerators (cublas_api.h, library_types.h).
constexpr int kOpN = 0, kOpT = 1;
constexpr int kR32F = 0, kR16F = 2;
constexpr int kCompute32F = 68;
constexpr int kGemmDefault = -1;

} // namespace

const CublasApi *loadCublas(std::string &why) {
  static CublasApi api;
  static std::string failure;
  static const bool loaded = [] {
    std::string tried;
    void *library = openFirstLibrary(
        "THYMOS_CUBLAS",
        {"libcublas.so.13", "libcublas.so.12", "libcublas.so",
         "/usr/local/cuda/lib64/libcublas.so.13", "/usr/local/cuda/lib64/libcublas.so.12",
         "/usr/local/cuda/lib64/libcublas.so"},
        tried);
    if (!library) {
      failure = "cuBLAS not found (tried " + tried + "); set THYMOS_CUBLAS to its path";
      return false;
    }
    if (!resolveSymbol(library, "cublasCreate_v2", api.create) ||
        !resolveSymbol(library, "cublasDestroy_v2", api.destroy) ||
        !resolveSymbol(library, "cublasSetStream_v2", api.setStream) ||
        !resolveSymbol(library, "cublasSetWorkspace_v2", api.setWorkspace) ||
        !resolveSymbol(library, "cublasGemmEx", api.gemmEx)) {
      failure = "the cuBLAS library found lacks an entry point the runtime needs (cuBLAS 12 or "
                "later)";
      return false;
    }
    if (!resolveSymbol(library, "cublasGetStatusName", api.statusName))
      api.statusName = nullptr;
    return true;
  }();
  if (!loaded) {
    why = failure;
    return nullptr;
  }
  return &api;
}

CublasGemm::~CublasGemm() {
  if (handle_)
    api_->destroy(handle_);
  if (workspace_)
    driver_->api.memFree(workspace_);
}

Status CublasGemm::check(int status, const char *call) const {
  if (status == 0)
    return Status::success();
  const char *name = api_->statusName ? api_->statusName(status) : nullptr;
  return Status::error(std::string(call) + ": " +
                       (name ? name : "cuBLAS status " + std::to_string(status)));
}

Status CublasGemm::create(const Driver &driver, CUstream stream) {
  driver_ = &driver;
  std::string why;
  api_ = loadCublas(why);
  if (!api_)
    return Status::error("this plan's GEMM steps need cuBLAS: " + why);
  if (Status s = check(api_->create(&handle_), "cublasCreate"); !s)
    return s;
  if (Status s = check(api_->setStream(handle_, stream), "cublasSetStream"); !s)
    return s;
  if (CUresult r = driver.api.memAlloc(&workspace_, kCublasWorkspaceBytes); r != 0) {
    workspace_ = 0;
    return driver.allocationFailed(r, "the cuBLAS workspace", kCublasWorkspaceBytes);
  }
  return check(api_->setWorkspace(handle_, reinterpret_cast<void *>(workspace_),
                                    kCublasWorkspaceBytes),
               "cublasSetWorkspace");
}

Status CublasGemm::run(const GemmOperands &g, CUdeviceptr a, CUdeviceptr b,
                       CUdeviceptr out) const {
  // cuBLAS is column-major: the row-major out[m, n] is the column-major
  // n × m matrix b' · a', with a' = a read as k × m and b' = b as n × k
  // (b's [n, k] rows transposed, or its [k, n] rows as they are).
  const float one = 1.0f, zero = 0.0f;
  const int type = g.halfOperands ? kR16F : kR32F;
  const auto m = static_cast<int>(g.m), n = static_cast<int>(g.n), k = static_cast<int>(g.k);
  return check(api_->gemmEx(handle_, g.transposeB ? kOpT : kOpN, kOpN, n, m, k, &one,
                            reinterpret_cast<const void *>(b), type, g.transposeB ? k : n,
                            reinterpret_cast<const void *>(a), type, k, &zero,
                            reinterpret_cast<void *>(out), kR32F, n, kCompute32F, kGemmDefault),
               "cublasGemmEx");
}

} // namespace thymos::rt::cuda
