//===- PlanWeights.cpp - Mapping the weight files a plan references ---------===//
//
// A plan compiled from `gguf_tensor` ops names files and byte ranges in them,
// with a fingerprint of each range. Loading maps every file once, read-only,
// and checks that each range is inside it and still holds the bytes the
// compiler saw: a missing, truncated or replaced file is an error at load,
// never a wrong answer or a read past the mapping.
//
// Hashing every weight would read a multi-gigabyte model before the first
// token. So where the plan has a WeightCheckRecord per file, loading checks
// the file's size, a fingerprint of its header, metadata and tensor table,
// and one of sampled windows of its data (about 256 KiB read); every
// weight's own fingerprint is checked only with LoadOptions::verifyWeights
// (thymos-run --verify-weights). docs/security.md says what each catches.
//
// The plan is untrusted, and its paths could name any readable file. So a
// weight file must parse as GGUF, and every range must be exactly one of the
// file's tensors: a crafted plan cannot use the fingerprint check to probe
// arbitrary bytes of, say, /etc/shadow one guessed value at a time.
//
//===----------------------------------------------------------------------===//

#include "runtime/Fingerprint.h"
#include "runtime/MappedFile.h"
#include "runtime/Plan.h"
#include "runtime/gguf/File.h"

#include <sys/mman.h>
#include <unistd.h>

namespace thymos::rt {

using namespace plan;

namespace {

/// The cheap checks of a weight file against what the compiler saw.
Status checkWeightFile(const WeightCheckRecord &check, const gguf::File &file,
                       const std::string &path) {
  const std::string what = "weight file " + path + ": ";
  const char *changed = "; it changed since the plan was compiled: recompile the plan";
  if (file.size() != check.fileBytes)
    return Status::error(what + "is " + std::to_string(file.size()) + " bytes, not the " +
                         std::to_string(check.fileBytes) + " the plan was compiled against" +
                         changed);
  if (fingerprint64(file.data(), file.dataOffset()) != check.headerFingerprint)
    return Status::error(what + "its header, metadata or tensor table differs" + changed);
  if (sampledFingerprint(file.data(), file.size(), file.dataOffset()) != check.sampleFingerprint)
    return Status::error(what + "its tensor data differs (sampled windows)" + changed);
  return Status::success();
}

} // namespace

Status Plan::mapWeights(const std::string &weightsDirectory) {
  weightMappings_.clear();
  weightData_.clear();
  weightPaths_.clear();
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<gguf::File>> files;
  for (const WeightFileRecord &f : weightFiles_) {
    std::string path(string(f.path));
    if (path[0] != '/')
      path = weightsDirectory + path;
    std::unique_ptr<MappedFile> mapping;
    if (Status s = MappedFile::open(path, mapping); !s)
      return Status::error("weight file: " + s.message());
    std::unique_ptr<gguf::File> file;
    if (Status s = gguf::File::parse(mapping->data(), mapping->size(), file); !s)
      return Status::error("weight file " + path + " is not a valid GGUF file: " + s.message());
    if (!weightChecks_.empty())
      if (Status s = checkWeightFile(weightChecks_[files.size()], *file, path); !s)
        return s;
    files.push_back(std::move(file));
    weightMappings_.push_back(std::move(mapping));
    paths.push_back(std::move(path));
  }
  // Older plans record no file checks: their weights are hashed in full.
  const bool hashEveryWeight = options_.verifyWeights || weightChecks_.empty();

  // For messages: the tensor that uses each weight.
  std::vector<std::string_view> names(weights_.size());
  for (const TensorRecord &t : tensors_)
    if (t.storage == uint8_t(Storage::Weight))
      names[t.offset] = string(t.name); // validation checked the index

  for (size_t i = 0; i < weights_.size(); ++i) {
    const WeightRecord &w = weights_[i];
    const MappedFile &file = *weightMappings_[w.file];
    std::string what = "weight '" + std::string(names[i]) + "' in " + paths[w.file] + ": ";
    if (w.offset > file.size() || w.bytes > file.size() - w.offset)
      return Status::error(what + "bytes [" + std::to_string(w.offset) + ", +" +
                           std::to_string(w.bytes) + ") lie past the end of the file (" +
                           std::to_string(file.size()) +
                           " bytes): it changed since the plan was compiled");
    bool isTensor = false;
    for (const gguf::TensorInfo &t : files[w.file]->tensors())
      isTensor |= t.offset == w.offset && t.bytes == w.bytes;
    if (!isTensor)
      return Status::error(what + "bytes [" + std::to_string(w.offset) + ", +" +
                           std::to_string(w.bytes) + ") are not a tensor of the file: it "
                           "changed since the plan was compiled");
    const unsigned char *data = file.data() + w.offset;
    if (hashEveryWeight && !weightChecks_.empty() &&
        !(weightChecks_[w.file].flags & kWeightFullFingerprints))
      return Status::error(what + "the plan records no per-weight fingerprints to verify (it was "
                                  "compiled in process from the file); compile it with thymosc");
    if (hashEveryWeight && fingerprint64(data, w.bytes) != w.fingerprint)
      return Status::error(what + "the data differs from what the plan was compiled against "
                                  "(fingerprint mismatch): the file changed; recompile the plan");
    weightData_.push_back(data);
  }
  weightPaths_ = std::move(paths);
  return Status::success();
}

void Plan::releaseWeightPages(uint64_t index) const {
  // Private, read-only file mappings: MADV_DONTNEED drops the pages, and a
  // later access reads them from the file again. Only whole pages inside
  // the weight's range, so neighbours keep theirs.
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(weightData_[index]);
  const uintptr_t end = begin + weights_[index].bytes;
  const uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;
  if (last > first)
    madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
}

} // namespace thymos::rt
