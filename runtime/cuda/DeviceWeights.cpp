//===- DeviceWeights.cpp - The constants and weights a device's steps read --===//

#include "runtime/cuda/DeviceWeights.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace thymos::rt::cuda {

namespace {

using namespace plan;

bool readOnlyStorage(uint8_t storage) {
  return storage == uint8_t(Storage::Constant) || storage == uint8_t(Storage::Weight);
}

bool copyAsked() {
  const char *choice = std::getenv("THYMOS_CUDA_WEIGHTS");
  return choice && std::strcmp(choice, "copy") == 0;
}

} // namespace

DeviceWeights::~DeviceWeights() {
  unregisterAll();
  if (buffer_)
    d_.api.memFree(buffer_);
}

void DeviceWeights::unregisterAll() {
  for (const Range &r : registered_)
    d_.api.memHostUnregister(reinterpret_cast<void *>(r.begin));
  registered_.clear();
}

Status DeviceWeights::place(const Plan &plan, const TensorView *views) {
  const auto &tensors = plan.tensors();
  addresses_.assign(tensors.size(), 0);
  std::vector<bool> read(tensors.size(), false);
  std::vector<uint32_t> placed;
  for (const StepRecord &step : plan.steps())
    for (uint32_t k = 0; k < step.inputCount; ++k) {
      const uint32_t t = plan.indices()[step.inputStart + k];
      if (readOnlyStorage(tensors[t].storage) && !read[t] && tensors[t].bytes > 0) {
        read[t] = true;
        placed.push_back(t);
      }
    }
  if (placed.empty())
    return Status::success();
  if (d_.integrated && d_.mapsHostMemory && !copyAsked() && map(plan, views, placed))
    return Status::success();
  return copy(plan, views, placed);
}

bool DeviceWeights::map(const Plan &plan, const TensorView *views,
                        const std::vector<uint32_t> &tensors) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  std::vector<Range> ranges;
  for (uint32_t t : tensors) {
    const auto begin = reinterpret_cast<uintptr_t>(views[t].data);
    ranges.push_back({begin / page * page,
                      (begin + plan.tensors()[t].bytes + page - 1) / page * page});
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const Range &a, const Range &b) { return a.begin < b.begin; });
  std::vector<Range> merged;
  for (const Range &r : ranges)
    if (!merged.empty() && r.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  // The weights are a read-only file mapping: ask for a read-only
  // registration first (it needs no write access to pin the pages).
  constexpr unsigned kReadOnly = 0x08;
  std::vector<CUdeviceptr> bases;
  for (const Range &r : merged) {
    void *start = reinterpret_cast<void *>(r.begin);
    const size_t bytes = r.end - r.begin;
    if (d_.api.memHostRegister(start, bytes, kHostRegisterDeviceMap | kReadOnly) != 0 &&
        d_.api.memHostRegister(start, bytes, kHostRegisterDeviceMap) != 0) {
      unregisterAll();
      return false;
    }
    registered_.push_back(r);
    CUdeviceptr base = 0;
    if (d_.api.memHostGetDevicePointer(&base, start, 0) != 0) {
      unregisterAll();
      return false;
    }
    bases.push_back(base);
  }
  for (uint32_t t : tensors) {
    const auto at = reinterpret_cast<uintptr_t>(views[t].data);
    const auto r = std::upper_bound(merged.begin(), merged.end(), at,
                                    [](uintptr_t a, const Range &m) { return a < m.begin; }) -
                   1;
    addresses_[t] = bases[static_cast<size_t>(r - merged.begin())] + (at - r->begin);
  }
  return true;
}

Status DeviceWeights::copy(const Plan &plan, const TensorView *views,
                           const std::vector<uint32_t> &tensors) {
  std::vector<uint64_t> at;
  uint64_t total = 0;
  for (uint32_t t : tensors) {
    at.push_back(total);
    total += (plan.tensors()[t].bytes + 255) / 256 * 256;
  }
  if (CUresult r = d_.api.memAlloc(&buffer_, total); r != 0) {
    buffer_ = 0;
    return d_.allocationFailed(r, "the constants and weights", total);
  }
  for (size_t i = 0; i < tensors.size(); ++i) {
    const uint32_t t = tensors[i];
    addresses_[t] = buffer_ + at[i];
    const TensorRecord &record = plan.tensors()[t];
    if (Status s = d_.check(d_.api.memcpyHtoD(addresses_[t], views[t].data, record.bytes),
                            "cuMemcpyHtoD (weights)");
        !s)
      return s;
    // The device holds the copy now: the file's pages need not stay resident.
    if (record.storage == uint8_t(Storage::Weight))
      plan.releaseWeightPages(record.offset);
  }
  return Status::success();
}

} // namespace thymos::rt::cuda
