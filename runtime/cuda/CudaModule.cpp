//===- CudaModule.cpp - A plan's CUDA module, loaded on this device ---------===//

#include "runtime/cuda/CudaModule.h"

#include "runtime/Plan.h"
#include "runtime/cuda/Nvrtc.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace thymos::rt::cuda {

namespace {

using namespace plan;

/// The image of `kind` to load on a device of compute capability `cc`: the
/// cubin for exactly it, the newest PTX at or below it, the source (cc 0);
/// null when there is none.
const CudaImageRecord *chooseImage(const Plan &plan, int cc, CudaImageKind kind) {
  const CudaImageRecord *best = nullptr;
  for (const CudaImageRecord &image : plan.cudaImages()) {
    if (image.kind != static_cast<uint32_t>(kind))
      continue;
    const auto arch = static_cast<int>(image.arch);
    const bool fits = kind == CudaImageKind::Cubin ? arch == cc : arch <= cc;
    if (fits && (!best || arch > static_cast<int>(best->arch)))
      best = &image;
  }
  return best;
}

std::string architectures(const Plan &plan) {
  std::string list;
  for (const CudaImageRecord &image : plan.cudaImages())
    if (image.kind != static_cast<uint32_t>(CudaImageKind::Source))
      list += (list.empty() ? "" : ", ") +
              std::string(image.kind == uint32_t(CudaImageKind::Cubin) ? "sm_" : "compute_") +
              std::to_string(image.arch);
  return list.empty() ? "none" : list;
}

constexpr char kCacheMagic[8] = {'T', 'H', 'Y', 'C', 'U', 'B', 'I', 'N'};
constexpr uint32_t kCacheVersion = 1;
constexpr uint64_t kMaxCachedCubin = uint64_t(1) << 30;

struct CacheHeader {
  char magic[8];
  uint32_t version;
  uint32_t computeCapability;
  uint32_t driverVersion;
  uint32_t sourceCrc;
  uint64_t sourceBytes;
  uint64_t cubinBytes;
  uint32_t cubinCrc;
  uint32_t reserved;
};
static_assert(sizeof(CacheHeader) == 48);

CacheHeader cacheHeader(const void *source, size_t sourceBytes, int cc, int driverVersion) {
  CacheHeader h{};
  std::memcpy(h.magic, kCacheMagic, sizeof h.magic);
  h.version = kCacheVersion;
  h.computeCapability = static_cast<uint32_t>(cc);
  h.driverVersion = static_cast<uint32_t>(driverVersion);
  h.sourceCrc = crc32(source, sourceBytes);
  h.sourceBytes = sourceBytes;
  return h;
}

class ModuleLoader {
public:
  ModuleLoader(const Driver &d, const Plan &plan) : d_(d), plan_(plan) {}

  Status load(LoadedModule &out) {
    const int cc = d_.computeCapability;
    if (const CudaImageRecord *cubin = chooseImage(plan_, cc, CudaImageKind::Cubin))
      if (tryLoad(plan_.cudaBlobs() + cubin->offset, "cuModuleLoadData (cubin)", out,
                  "the plan's cubin for sm_" + std::to_string(cc)))
        return Status::success();
    if (const CudaImageRecord *ptx = chooseImage(plan_, cc, CudaImageKind::Ptx)) {
      // The driver reads PTX as a C string; the plan stores it without the NUL.
      const std::string text(reinterpret_cast<const char *>(plan_.cudaBlobs() + ptx->offset),
                             ptx->bytes);
      if (tryLoad(text.c_str(), "cuModuleLoadData (PTX)", out,
                  "the plan's PTX for compute_" + std::to_string(ptx->arch) +
                      ", compiled by the driver"))
        return Status::success();
    }
    if (const CudaImageRecord *source = chooseImage(plan_, 0, CudaImageKind::Source))
      if (fromSource(plan_.cudaBlobs() + source->offset, source->bytes, out))
        return Status::success();
    return Status::error(errors_ + "no image of the plan loads on " + d_.name + " (sm_" +
                         std::to_string(cc) + "; the plan has: " + architectures(plan_) + ")");
  }

private:
  /// Loads `image`, recording `origin` on success and the driver's error
  /// (for the final message) otherwise.
  bool tryLoad(const void *image, const char *call, LoadedModule &out, std::string origin) {
    Status s = d_.check(d_.api.moduleLoadData(&out.module, image), call);
    if (!s) {
      errors_ += s.message() + "; ";
      return false;
    }
    out.origin = std::move(origin);
    return true;
  }

  /// The cached cubin, else the source compiled here (and cached).
  bool fromSource(const unsigned char *source, size_t bytes, LoadedModule &out) {
    const int cc = d_.computeCapability;
    const std::string cachePath = plan_.path().empty() ? "" : cubinCachePath(plan_.path(), cc);
    if (!cachePath.empty()) {
      const std::vector<unsigned char> cached =
          readCachedCubin(cachePath, source, bytes, cc, d_.version);
      if (!cached.empty() && tryLoad(cached.data(), "cuModuleLoadData (cached cubin)", out,
                                     "the cubin this host compiled earlier (" + cachePath + ")"))
        return true;
    }
    std::string why;
    const Nvrtc *nvrtc = Nvrtc::load(why);
    NvrtcOutput compiled;
    if (!nvrtc || !nvrtc->compile(std::string(reinterpret_cast<const char *>(source), bytes),
                                  "sm_" + std::to_string(cc), compiled, why, /*ptx=*/false)) {
      errors_ += why + "; ";
      return false;
    }
    if (!tryLoad(compiled.cubin.data(), "cuModuleLoadData (cubin from this host's NVRTC)", out,
                 "the plan's source, compiled by this host's NVRTC " + nvrtc->version()))
      return false;
    if (!cachePath.empty())
      out.origin += writeCachedCubin(cachePath, source, bytes, cc, d_.version, compiled.cubin)
                        ? " (cached in " + cachePath + ")"
                        : " (" + cachePath + " could not be written)";
    return true;
  }

  const Driver &d_;
  const Plan &plan_;
  std::string errors_;
};

} // namespace

Status loadPlanModule(const Driver &driver, const Plan &plan, LoadedModule &out) {
  return ModuleLoader(driver, plan).load(out);
}

std::string cubinCachePath(const std::string &planPath, int cc) {
  return planPath + ".sm_" + std::to_string(cc) + ".cubin";
}

std::vector<unsigned char> readCachedCubin(const std::string &path, const void *source,
                                           size_t sourceBytes, int cc, int driverVersion) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  std::vector<unsigned char> file((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  CacheHeader h;
  if (file.size() < sizeof h)
    return {};
  std::memcpy(&h, file.data(), sizeof h);
  const CacheHeader expected = cacheHeader(source, sourceBytes, cc, driverVersion);
  if (std::memcmp(h.magic, expected.magic, sizeof h.magic) != 0 ||
      h.version != expected.version || h.computeCapability != expected.computeCapability ||
      h.driverVersion != expected.driverVersion || h.sourceCrc != expected.sourceCrc ||
      h.sourceBytes != expected.sourceBytes || h.cubinBytes == 0 ||
      h.cubinBytes > kMaxCachedCubin || h.cubinBytes != file.size() - sizeof h)
    return {};
  std::vector<unsigned char> cubin(file.begin() + sizeof h, file.end());
  if (crc32(cubin.data(), cubin.size()) != h.cubinCrc)
    return {};
  return cubin;
}

bool writeCachedCubin(const std::string &path, const void *source, size_t sourceBytes, int cc,
                      int driverVersion, const std::vector<unsigned char> &cubin) {
  CacheHeader h = cacheHeader(source, sourceBytes, cc, driverVersion);
  h.cubinBytes = cubin.size();
  h.cubinCrc = crc32(cubin.data(), cubin.size());
  const std::string temporary = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      return false;
    out.write(reinterpret_cast<const char *>(&h), sizeof h);
    out.write(reinterpret_cast<const char *>(cubin.data()),
              static_cast<std::streamsize>(cubin.size()));
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

} // namespace thymos::rt::cuda
