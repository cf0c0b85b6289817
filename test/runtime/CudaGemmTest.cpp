//===- CudaGemmTest.cpp - cuBLAS GEMM steps, the cubin cache, cuBLAS loading -===//
//
// What of the CUDA backend's GEMM path and module loading runs without a
// GPU: which matmuls become GEMMs and the scratch they need, the loader's
// refusal of a GEMM record on any other step, the cache file's checks, and
// cuBLAS's entry points resolved from the toolkit's real library.
//
//===----------------------------------------------------------------------===//
#include "PlanFixtures.h"

#include "codegen/cuda/CudaEmitter.h"
#include "runtime/cuda/CudaModule.h"
#include "runtime/cuda/Cublas.h"
#include "runtime/cuda/GemmOperands.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace thymos;
using namespace thymos::plan;

namespace {

TensorRecord tensor(rt::DType type, std::initializer_list<int64_t> dims) {
  TensorRecord t{};
  t.dtype = static_cast<uint8_t>(type);
  t.rank = static_cast<uint8_t>(dims.size());
  unsigned i = 0;
  for (int64_t d : dims)
    t.dims[i++] = d;
  return t;
}

/// `text` compiled for the CPU, then given the CUDA sections thymosc
/// --target=cuda writes (the source image only: no NVRTC needed).
codegen::PlanModel cudaPlanOf(const std::string &text) {
  codegen::PlanModel model;
  REQUIRE(test::compileSource("gemm.thy", text, model));
  const codegen::cuda::CudaModule module = codegen::cuda::emitCuda(model);
  for (const codegen::cuda::KernelLaunch &k : module.kernels) {
    CudaKernelRecord r{};
    r.step = k.step;
    r.name = model.addString(k.name);
    r.flags = (k.faults ? uint32_t(kCudaKernelFaults) : 0u) |
              (k.gemm ? uint32_t(kCudaKernelGemm) : 0u);
    r.block = k.launch.block;
    r.gridY = k.launch.gridY;
    r.grid = k.launch.grid;
    model.cudaKernels.push_back(r);
  }
  model.cudaImages.push_back({uint32_t(CudaImageKind::Source), 0, 0, module.source.size()});
  model.cudaBlobs.assign(module.source.begin(), module.source.end());
  test::placeOnCudaDevice(model);
  return model;
}

std::string loadError(const codegen::PlanModel &model) {
  std::unique_ptr<rt::Plan> plan;
  rt::Status s = test::loadPlanModel(model, "gemm.plan", plan);
  return s.ok() ? "(loaded)" : s.message();
}

const char *const kPrefill = R"(module @m
graph @main(%x: f32[64,128], %w: q4_0[40,128], %b: f32[1,40]) -> f32[64,40] {
  %y = matmul %x, %w {transpose_b = true} : (f32[64,128], q4_0[40,128]) -> f32[64,40]
  %z = add %y, %b : (f32[64,40], f32[1,40]) -> f32[64,40]
  return %z
}
)";

} // namespace

TEST_CASE("which matmuls become cuBLAS GEMMs", "[cuda][gemm]") {
  using rt::DType;
  rt::cuda::GemmOperands g;
  const TensorRecord out64 = tensor(DType::F32, {64, 40});
  SECTION("Q4_0 weight rows: f16 operands in the scratch") {
    REQUIRE(rt::cuda::gemmOperands(tensor(DType::F32, {64, 128}), tensor(DType::Q4_0, {40, 128}),
                                   out64, true, g));
    CHECK(g.m == 64);
    CHECK(g.n == 40);
    CHECK(g.k == 128);
    CHECK(g.halfOperands);
    CHECK(g.scratchBytes == 2 * (40 * 128 + 64 * 128));
  }
  SECTION("leading dims of the activations are rows") {
    REQUIRE(rt::cuda::gemmOperands(tensor(DType::F32, {2, 16, 128}),
                                   tensor(DType::F16, {40, 128}), tensor(DType::F32, {2, 16, 40}),
                                   true, g));
    CHECK(g.m == 32);
  }
  SECTION("f32 weights either way round are read in place") {
    REQUIRE(rt::cuda::gemmOperands(tensor(DType::F32, {64, 128}), tensor(DType::F32, {128, 40}),
                                   out64, false, g));
    CHECK_FALSE(g.transposeB);
    CHECK_FALSE(g.halfOperands);
    CHECK(g.scratchBytes == 0);
    REQUIRE(rt::cuda::gemmOperands(tensor(DType::F32, {64, 128}), tensor(DType::F32, {40, 128}),
                                   out64, true, g));
    CHECK(g.transposeB);
  }
  SECTION("what stays with the emitted kernels") {
    // A decode step's single row, and one row short of the threshold.
    CHECK_FALSE(rt::cuda::gemmOperands(tensor(DType::F32, {1, 128}),
                                       tensor(DType::Q4_0, {40, 128}), tensor(DType::F32, {1, 40}),
                                       true, g));
    CHECK_FALSE(rt::cuda::gemmOperands(tensor(DType::F32, {31, 128}),
                                       tensor(DType::Q8_0, {40, 128}),
                                       tensor(DType::F32, {31, 40}), true, g));
    // Batched right-hand sides, f64, and shapes that do not agree.
    CHECK_FALSE(rt::cuda::gemmOperands(tensor(DType::F32, {2, 64, 128}),
                                       tensor(DType::F32, {2, 128, 40}),
                                       tensor(DType::F32, {2, 64, 40}), false, g));
    CHECK_FALSE(rt::cuda::gemmOperands(tensor(DType::F64, {64, 128}),
                                       tensor(DType::F64, {128, 40}),
                                       tensor(DType::F64, {64, 40}), false, g));
    CHECK_FALSE(rt::cuda::gemmOperands(tensor(DType::F32, {64, 128}),
                                       tensor(DType::F32, {128, 40}), out64, true, g));
  }
}

TEST_CASE("a plan's GEMM records are checked against their steps", "[cuda][gemm]") {
  codegen::PlanModel model = cudaPlanOf(kPrefill);
  REQUIRE(model.cudaKernels.size() == 2);
  CHECK(model.cudaKernels[0].flags == kCudaKernelGemm);
  CHECK(model.cudaKernels[1].flags == 0);
  CHECK(loadError(model) == "(loaded)");
  SECTION("a GEMM record on the add") {
    model.cudaKernels[1].flags = kCudaKernelGemm;
    CHECK(loadError(model) == "gemm.plan: CUDA kernel 1: is marked as a cuBLAS GEMM but its "
                              "step is not a matmul cuBLAS takes");
  }
  SECTION("a GEMM record that also takes fault words") {
    model.cudaKernels[0].flags = kCudaKernelGemm | kCudaKernelFaults;
    CHECK(loadError(model).find("is marked as a cuBLAS GEMM") != std::string::npos);
  }
}

TEST_CASE("the cubin cache is used only for its own source, device and driver",
          "[cuda][cache]") {
  const std::string path = "/tmp/thymos-cache-test-" + std::to_string(getpid()) + ".cubin";
  const std::string source = "extern \"C\" __global__ void k() {}";
  const std::vector<unsigned char> cubin = {0x7f, 'E', 'L', 'F', 1, 2, 3, 4, 5};
  REQUIRE(rt::cuda::writeCachedCubin(path, source.data(), source.size(), 87, 12060, cubin));
  CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 87, 12060) == cubin);
  // Another device, driver or source: not this cache's cubin.
  CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 90, 12060).empty());
  CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 87, 13000).empty());
  const std::string edited = source + " ";
  CHECK(rt::cuda::readCachedCubin(path, edited.data(), edited.size(), 87, 12060).empty());
  SECTION("a flipped byte of the cubin") {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(50);
    f.put('X');
    f.close();
    CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 87, 12060).empty());
  }
  SECTION("a truncated file") {
    REQUIRE(truncate(path.c_str(), 52) == 0);
    CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 87, 12060).empty());
    REQUIRE(truncate(path.c_str(), 10) == 0);
    CHECK(rt::cuda::readCachedCubin(path, source.data(), source.size(), 87, 12060).empty());
  }
  SECTION("an unwritable directory is not an error") {
    CHECK_FALSE(rt::cuda::writeCachedCubin("/nonexistent-dir/x.cubin", source.data(),
                                           source.size(), 87, 12060, cubin));
  }
  std::remove(path.c_str());
  CHECK(rt::cuda::cubinCachePath("models/m.plan", 87) == "models/m.plan.sm_87.cubin");
}

TEST_CASE("cuBLAS's entry points resolve from the toolkit's library", "[cuda][cublas]") {
  std::string why;
  const rt::cuda::CublasApi *api = rt::cuda::loadCublas(why);
  if (!api) {
    WARN("skipped: " << why);
    return;
  }
  CHECK(api->create != nullptr);
  CHECK(api->gemmEx != nullptr);
  CHECK(api->setWorkspace != nullptr);
}
