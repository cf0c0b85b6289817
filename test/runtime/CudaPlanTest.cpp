//===- CudaPlanTest.cpp - The CUDA sections of a plan, as the loader sees them ===//
//
// A plan whose arena and state are in CUDA device memory carries one launch
// record per step and its module's images. The loader picks the CUDA
// backend for it and refuses every malformed record with a message naming
// it; on a host without a driver, creating an executor says so before
// anything is allocated. (The records here are written by hand: NVRTC is not
// needed to check what the loader accepts.)
//
//===----------------------------------------------------------------------===//

#include "PlanFixtures.h"

#include "runtime/Executor.h"
#include "codegen/cuda/CudaEmitter.h"
#include "runtime/cuda/CudaBackend.h"
#include "runtime/cuda/Nvrtc.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace thymos;
using namespace thymos::plan;

namespace {

rt::Status loadModel(const codegen::PlanModel &model, std::unique_ptr<rt::Plan> &plan) {
  return test::loadPlanModel(model, "cuda.plan", plan);
}

void addImage(codegen::PlanModel &model, CudaImageKind kind, uint32_t arch,
              const std::string &bytes) {
  model.cudaImages.push_back({static_cast<uint32_t>(kind), arch, model.cudaBlobs.size(),
                              bytes.size()});
  model.cudaBlobs.insert(model.cudaBlobs.end(), bytes.begin(), bytes.end());
}

/// linreg.thy's plan, made into a well-formed plan for a CUDA device.
codegen::PlanModel cudaModel() {
  codegen::PlanModel model;
  REQUIRE(test::compileExample("linreg.thy", model));
  for (uint32_t i = 0; i < model.steps.size(); ++i) {
    CudaKernelRecord k{};
    k.step = i;
    k.name = model.addString("thy_step" + std::to_string(i));
    k.block = 256;
    k.gridY = 1;
    k.grid = 4;
    model.cudaKernels.push_back(k);
  }
  addImage(model, CudaImageKind::Source, 0, "extern \"C\" __global__ void thy_step0() {}");
  addImage(model, CudaImageKind::Ptx, 90, ".version 9.0");
  addImage(model, CudaImageKind::Cubin, 90, std::string("\x7f" "ELF\0\1", 6));
  test::placeOnCudaDevice(model);
  return model;
}

std::string loadError(const codegen::PlanModel &model) {
  std::unique_ptr<rt::Plan> plan;
  rt::Status s = loadModel(model, plan);
  return s.ok() ? "(loaded)" : s.message();
}

} // namespace

TEST_CASE("a plan in CUDA device memory runs on the CUDA backend", "[backend][cuda]") {
  std::unique_ptr<rt::Plan> plan;
  rt::Status s = loadModel(cudaModel(), plan);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(&plan->backend() == &rt::cudaBackend());
  CHECK(plan->cudaKernels().size() == plan->steps().size());
  CHECK(plan->cudaImages().size() == 3);
}

TEST_CASE("without a CUDA driver, an executor says so first", "[backend][cuda]") {
  std::unique_ptr<rt::Plan> plan;
  REQUIRE(loadModel(cudaModel(), plan).ok());
  // The driver is looked for once per process: this names one that is not
  // there, whatever the host has.
  setenv("THYMOS_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1);
  std::unique_ptr<rt::Executor> executor;
  rt::Status s = rt::Executor::create(*plan, nullptr, executor);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "no CUDA driver: /nonexistent/libcuda.so.1 not found");
  unsetenv("THYMOS_CUDA_DRIVER");
}

TEST_CASE("malformed CUDA sections are refused at load", "[backend][cuda]") {
  codegen::PlanModel model = cudaModel();
  SECTION("kernels without device regions") {
    model.regions.clear();
    CHECK(loadError(model) ==
          "cuda.plan: the plan has CUDA kernels but no region in CUDA device memory");
  }
  SECTION("device regions without kernels") {
    model.cudaKernels.clear();
    model.cudaImages.clear();
    model.cudaBlobs.clear();
    CHECK(loadError(model) ==
          "cuda.plan: the plan puts regions in CUDA device memory but has no CUDA kernels");
  }
  SECTION("a step without a launch record") {
    model.cudaKernels.pop_back();
    CHECK(loadError(model).find("CUDA kernel records for") != std::string::npos);
  }
  SECTION("records out of step order") {
    std::swap(model.cudaKernels[0].step, model.cudaKernels[1].step);
    CHECK(loadError(model) ==
          "cuda.plan: CUDA kernel 0: is for step 1; records go in step order");
  }
  SECTION("a name outside the strings") {
    model.cudaKernels[1].name.offset = 1u << 30;
    CHECK(loadError(model) == "cuda.plan: CUDA kernel 1: the name is empty or lies outside the "
                              "strings section");
  }
  SECTION("launch shapes no device accepts") {
    model.cudaKernels[0].block = 2048;
    CHECK(loadError(model) == "cuda.plan: CUDA kernel 0: blocks of 2048 threads (1 .. 1024)");
    model.cudaKernels[0].block = 256;
    model.cudaKernels[0].grid = 0;
    CHECK(loadError(model) ==
          "cuda.plan: CUDA kernel 0: a grid of 0 x 1 blocks is empty or too large");
    model.cudaKernels[0].grid = 1;
    model.cudaKernels[0].gridY = 70000;
    CHECK(loadError(model).find("is empty or too large") != std::string::npos);
    model.cudaKernels[0].gridY = 1;
    model.cudaKernels[0].sharedBytes = 1 << 20;
    CHECK(loadError(model) == "cuda.plan: CUDA kernel 0: 1048576 bytes of shared memory, more "
                              "than 49152");
    model.cudaKernels[0].sharedBytes = 0;
    model.cudaKernels[0].flags = 6;
    CHECK(loadError(model) == "cuda.plan: CUDA kernel 0: unknown flags 6");
  }
  SECTION("images") {
    model.cudaImages[1].offset = model.cudaBlobs.size();
    CHECK(loadError(model).find("CUDA image 1: bytes [") != std::string::npos);
    model.cudaImages[1].offset = 0;
    model.cudaImages[1].kind = 7;
    CHECK(loadError(model) == "cuda.plan: CUDA image 1: unknown kind 7");
    model.cudaImages[1].kind = static_cast<uint32_t>(CudaImageKind::Source);
    CHECK(loadError(model) == "cuda.plan: CUDA image 1: architecture 90 does not fit its kind");
    model.cudaImages[1].arch = 0;
    CHECK(loadError(model).find("hold 2 sources") != std::string::npos);
  }
  SECTION("source text with a NUL byte") {
    model.cudaBlobs[3] = 0;
    CHECK(loadError(model) == "cuda.plan: CUDA image 0: text contains a NUL byte");
  }
}

TEST_CASE("the runtime compiles a plan's CUDA source with the host's NVRTC", "[backend][cuda]") {
  // What the backend falls back to where the driver refuses the plan's
  // binaries: the source alone, to a cubin for the device's architecture.
  std::string why;
  const rt::cuda::Nvrtc *nvrtc = rt::cuda::Nvrtc::load(why);
  if (!nvrtc) {
    WARN("skipped: " << why);
    return;
  }
  codegen::PlanModel model;
  REQUIRE(test::compileExample("mlp.thy", model));
  const std::string source = codegen::cuda::emitCuda(model).source;
  rt::cuda::NvrtcOutput out;
  INFO(why);
  REQUIRE(nvrtc->compile(source, "sm_87", out, why, /*ptx=*/false));
  REQUIRE(out.cubin.size() > 4);
  CHECK(std::string(out.cubin.begin(), out.cubin.begin() + 4) == "\x7f" "ELF");
  CHECK(out.ptx.empty());
  // A source NVRTC rejects comes back with its log.
  CHECK_FALSE(nvrtc->compile("__global__ void broken( {", "sm_87", out, why, false));
  CHECK(why.find("could not compile for sm_87") != std::string::npos);
}
