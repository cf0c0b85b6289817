//===- KernelTestSupport.h - Building and calling CPU kernels in tests ------===//
//
// Tests own their tensors as Buffers (zeroed, 8-byte aligned storage plus a
// view); checkOp/runOp assemble a KernelCall the way the plan loader will:
// check() first, run() only after it passed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "runtime/cpu/Kernels.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace thymos::rt::test {

/// A view with no memory: enough for check(), which never reads data.
inline TensorView shapeOnly(DType dtype, std::vector<int64_t> dims) {
  TensorView v;
  v.dtype = dtype;
  v.rank = static_cast<uint32_t>(dims.size());
  for (size_t i = 0; i < dims.size() && i < kMaxRank; ++i)
    v.dims[i] = dims[i];
  return v;
}

struct Buffer {
  std::vector<uint64_t> storage;
  TensorView view;

  template <typename T> T *data() { return static_cast<T *>(view.data); }
  template <typename T> std::vector<T> values() const {
    std::vector<T> out(static_cast<size_t>(view.numElements()));
    std::memcpy(out.data(), view.data, out.size() * sizeof(T));
    return out;
  }
};

/// A zero-filled tensor.
inline Buffer zeros(DType dtype, std::vector<int64_t> dims) {
  Buffer b;
  b.view = shapeOnly(dtype, dims);
  size_t bytes = static_cast<size_t>(b.view.numElements()) * elementBytes(dtype);
  b.storage.assign(bytes / 8 + 1, 0);
  b.view.data = b.storage.data();
  return b;
}

/// A tensor holding `values` (T must match the dtype's element size).
template <typename T>
Buffer tensorOf(DType dtype, std::vector<int64_t> dims, const std::vector<T> &values) {
  Buffer b = zeros(dtype, dims);
  REQUIRE(static_cast<int64_t>(values.size()) == b.view.numElements());
  REQUIRE(sizeof(T) == elementBytes(dtype));
  std::memcpy(b.view.data, values.data(), values.size() * sizeof(T));
  return b;
}

inline Buffer f32(std::vector<int64_t> dims, const std::vector<float> &v) {
  return tensorOf(DType::F32, dims, v);
}
inline Buffer f64(std::vector<int64_t> dims, const std::vector<double> &v) {
  return tensorOf(DType::F64, dims, v);
}
inline Buffer i32(std::vector<int64_t> dims, const std::vector<int32_t> &v) {
  return tensorOf(DType::I32, dims, v);
}

inline Status checkViews(OpKind op, const std::vector<TensorView> &inputs,
                         const TensorView &output, const std::vector<int64_t> &params = {}) {
  const CpuKernel *kernel = findCpuKernel(op);
  REQUIRE(kernel != nullptr);
  KernelCall call{inputs.data(), static_cast<uint32_t>(inputs.size()), &output, params.data(),
                  static_cast<uint32_t>(params.size())};
  return kernel->check(call);
}

/// check() then, if it passed, run(); the first failure is returned.
inline Status runOp(OpKind op, const std::vector<const Buffer *> &inputs, Buffer &output,
                    const std::vector<int64_t> &params = {}, ThreadPool *threads = nullptr) {
  std::vector<TensorView> views;
  for (const Buffer *b : inputs)
    views.push_back(b->view);
  const CpuKernel *kernel = findCpuKernel(op);
  REQUIRE(kernel != nullptr);
  KernelCall call{views.data(), static_cast<uint32_t>(views.size()), &output.view,
                  params.data(), static_cast<uint32_t>(params.size())};
  if (Status s = kernel->check(call); !s)
    return s;
  return kernel->run(call, threads);
}

/// Runs and requires success (reporting the message otherwise).
inline void runOk(OpKind op, const std::vector<const Buffer *> &inputs, Buffer &output,
                  const std::vector<int64_t> &params = {}, ThreadPool *threads = nullptr) {
  Status s = runOp(op, inputs, output, params, threads);
  INFO(s.message());
  REQUIRE(s.ok());
}

/// The error message of a failing Status ("" when it succeeded).
inline std::string errorOf(const Status &s) { return s.ok() ? std::string() : s.message(); }

inline int64_t doubleBits(double v) {
  int64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

} // namespace thymos::rt::test
