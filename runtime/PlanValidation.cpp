//===- PlanValidation.cpp - Checking what a plan's records mean ----------------===//

#include "runtime/PlanValidation.h"

#include "runtime/CheckedSize.h"

#include <vector>

namespace thymos::rt {

using namespace plan;

namespace {

constexpr int64_t kMaxDim = int64_t(1) << 40;

std::string str(uint64_t v) { return std::to_string(v); }

bool rangeInside(uint64_t start, uint64_t count, uint64_t size) {
  uint64_t end;
  return checkedAdd(start, count, end) && end <= size;
}

class Validator {
public:
  Validator(const Plan &plan, uint64_t constantsBytes)
      : plan_(plan), constantsBytes_(constantsBytes) {}

  /// Entries before steps, so that a step's messages can name its entry.
  Status run(const Backend *&backend) {
    if (Status s = checkRegions(); !s)
      return s;
    if (Status s = checkWeights(); !s)
      return s;
    if (Status s = checkTensors(); !s)
      return s;
    if (Status s = checkEntries(); !s)
      return s;
    if (Status s = checkSteps(); !s)
      return s;
    // After the steps: a GEMM kernel record is checked against its step.
    if (Status s = validateCudaSections(plan_); !s)
      return s;
    backend = backend_;
    return Status::success();
  }

private:
  bool stringOk(StringRef32 ref, uint64_t stringBytes) const {
    return rangeInside(ref.offset, ref.length, stringBytes);
  }

  /// At most one record per region, each naming a known memory space; then
  /// the backend that addresses them all.
  Status checkRegions() {
    bool seen[4] = {};
    for (size_t i = 0; i < plan_.regions().size(); ++i) {
      const RegionRecord &r = plan_.regions()[i];
      std::string what = "region " + str(i) + ": ";
      if (r.storage >= 4)
        return Status::error(what + "unknown storage kind " + str(r.storage));
      if (seen[r.storage])
        return Status::error(what + "places storage kind " + str(r.storage) + " a second time");
      seen[r.storage] = true;
      if (r.memorySpace >= kNumMemorySpaces)
        return Status::error(what + "unknown memory space " + str(r.memorySpace));
    }
    return selectBackend(plan_, backend_);
  }

  Status checkWeights() {
    for (size_t i = 0; i < plan_.weightFiles().size(); ++i) {
      const WeightFileRecord &f = plan_.weightFiles()[i];
      if (!stringOk(f.path, plan_.strings().size()) || f.path.length == 0)
        return Status::error("weight file " + str(i) + ": the path is empty or lies outside the "
                             "strings section");
      // The path reaches open(2) as a C string: a NUL would silently cut it.
      if (plan_.string(f.path).find('\0') != std::string_view::npos)
        return Status::error("weight file " + str(i) + ": the path contains a NUL byte");
    }
    const auto &checks = plan_.weightChecks();
    if (!checks.empty() && checks.size() != plan_.weightFiles().size())
      return Status::error(str(checks.size()) + " weight check records for " +
                           str(plan_.weightFiles().size()) + " weight files");
    for (size_t i = 0; i < checks.size(); ++i)
      if ((checks[i].flags & ~uint32_t(kWeightFullFingerprints)) != 0 || checks[i].reserved != 0)
        return Status::error("weight check " + str(i) + ": unknown flags " +
                             str(checks[i].flags) + " or reserved bits set");
    for (size_t i = 0; i < plan_.weights().size(); ++i) {
      const WeightRecord &w = plan_.weights()[i];
      uint64_t end;
      if (w.file >= plan_.weightFiles().size())
        return Status::error("weight " + str(i) + ": file index " + str(w.file) + " is past the " +
                             str(plan_.weightFiles().size()) + " weight files");
      if (w.bytes == 0 || !checkedAdd(w.offset, w.bytes, end))
        return Status::error("weight " + str(i) + ": bytes [" + str(w.offset) + ", +" +
                             str(w.bytes) + ") are empty or overflow");
    }
    return Status::success();
  }

  Status checkTensors() {
    uint64_t stringBytes = plan_.strings().size();
    const FileHeader &h = plan_.header();
    for (size_t i = 0; i < plan_.tensors().size(); ++i) {
      const TensorRecord &t = plan_.tensors()[i];
      std::string what = "tensor " + str(i) + ": ";
      if (!stringOk(t.name, stringBytes))
        return Status::error(what + "name lies outside the strings section");
      if (t.dtype >= kNumDTypes)
        return Status::error(what + "unknown dtype code " + str(t.dtype));
      if (t.rank > kMaxRank)
        return Status::error(what + "rank " + str(t.rank) + " exceeds " + str(kMaxRank));
      for (uint32_t d = 0; d < kMaxRank; ++d) {
        bool used = d < t.rank;
        if (used && (t.dims[d] < 1 || t.dims[d] > kMaxDim))
          return Status::error(what + "dimension " + str(d) + " is " + std::to_string(t.dims[d]) +
                               ", outside [1, 2^40]");
        if (!used && t.dims[d] != 0)
          return Status::error(what + "unused dimension slot " + str(d) + " is not 0");
      }
      uint64_t bytes;
      if (!storageBytes(static_cast<DType>(t.dtype), t.dims, t.rank, bytes) || bytes != t.bytes)
        return Status::error(what + "records " + str(t.bytes) + " bytes, which does not match its " +
                             dtypeKindName(static_cast<DType>(t.dtype)) + " type");
      if (t.storage == uint8_t(Storage::Weight)) {
        if (t.offset >= plan_.weights().size())
          return Status::error(what + "weight index " + str(t.offset) + " is past the " +
                               str(plan_.weights().size()) + " weight records");
        if (plan_.weights()[t.offset].bytes != t.bytes)
          return Status::error(what + "records " + str(t.bytes) + " bytes but its weight record " +
                               str(plan_.weights()[t.offset].bytes));
        continue;
      }
      uint64_t region;
      switch (static_cast<Storage>(t.storage)) {
      case Storage::Arena: region = h.arenaBytes; break;
      case Storage::Constant: region = constantsBytes_; break;
      case Storage::State: region = h.stateBytes; break;
      case Storage::Weight:
      default: return Status::error(what + "unknown storage kind " + str(t.storage));
      }
      if (t.offset % kAlignment != 0 || !rangeInside(t.offset, t.bytes, region))
        return Status::error(what + "bytes [" + str(t.offset) + ", +" + str(t.bytes) +
                             ") are misaligned or outside its region of " + str(region) + " bytes");
    }
    return Status::success();
  }

  Status checkIndexRange(const std::string &what, uint32_t start, uint64_t count) const {
    if (!rangeInside(start, count, plan_.indices().size()))
      return Status::error(what + "index range [" + str(start) + ", +" + str(count) +
                           ") lies outside the indices section");
    for (uint64_t i = start; i < start + count; ++i)
      if (plan_.indices()[i] >= plan_.tensors().size())
        return Status::error(what + "refers to tensor " + str(plan_.indices()[i]) + ", but there are " +
                             str(plan_.tensors().size()));
    return Status::success();
  }

  /// Every step once: those of each entry under the entry's name and their
  /// index within it ("@decode step 3 (gather): ..."), then any step that no
  /// entry runs under its plan-wide index ("step 7 (add): ...").
  Status checkSteps() {
    std::vector<bool> checked(plan_.steps().size());
    for (const EntryRecord &e : plan_.entries()) {
      std::string entry = "@" + std::string(plan_.string(e.name)) + " step ";
      for (uint32_t k = 0; k < e.stepCount; ++k) {
        uint32_t i = e.stepStart + k;
        if (checked[i])
          continue;
        checked[i] = true;
        if (Status s = checkStep(i, entry + str(k)); !s)
          return s;
      }
    }
    for (uint32_t i = 0; i < plan_.steps().size(); ++i)
      if (!checked[i])
        if (Status s = checkStep(i, "step " + str(i)); !s)
          return s;
    return Status::success();
  }

  Status checkStep(uint32_t i, const std::string &label) {
    const StepRecord &s = plan_.steps()[i];
    if (s.opcode >= kNumOpKinds)
      return Status::error(label + ": unknown op code " + str(s.opcode));
    auto op = static_cast<OpKind>(s.opcode);
    std::string what = label + " (" + opKindName(op) + "): ";
    if (s.inputCount > kMaxStepInputs)
      return Status::error(what + str(s.inputCount) + " inputs, more than " + str(kMaxStepInputs));
    if (Status st = checkIndexRange(what + "inputs: ", s.inputStart, s.inputCount); !st)
      return st;
    if (s.output >= plan_.tensors().size())
      return Status::error(what + "output tensor " + str(s.output) + " does not exist");
    if (plan_.tensors()[s.output].storage != uint8_t(Storage::Arena) &&
        !writesStateInPlace(s))
      return Status::error(what + "writes tensor " + str(s.output) +
                           ", which is not in the arena (only a step that rewrites part of its "
                           "first input may write that input's state tensor)");
    if (!rangeInside(s.paramStart, s.paramCount, plan_.params().size()))
      return Status::error(what + "params lie outside the params section");
    TensorView inputs[kMaxStepInputs];
    for (uint32_t k = 0; k < s.inputCount; ++k)
      inputs[k] = plan_.typeOf(plan_.indices()[s.inputStart + k]);
    TensorView output = plan_.typeOf(s.output);
    KernelCall call{inputs, s.inputCount, &output,
                    s.paramCount ? &plan_.params()[s.paramStart] : nullptr, s.paramCount};
    if (Status st = backend_->checkStep(op, call); !st)
      return Status::error(what + st.message());
    return checkAliasing(s, what);
  }

  /// A step whose op rewrites part of its first input (UpdatesFirstOperand)
  /// may write that input's state tensor itself: a KV cache updated in place.
  bool writesStateInPlace(const StepRecord &s) const {
    return opKindHasTrait(static_cast<OpKind>(s.opcode), OpTrait::UpdatesFirstOperand) &&
           s.inputCount > 0 && plan_.indices()[s.inputStart] == s.output &&
           plan_.tensors()[s.output].storage == uint8_t(Storage::State);
  }

  /// A kernel reads its inputs while it writes its output: an output that
  /// shares bytes with an input would feed it values no check has seen (a
  /// gather's indices overwritten by the rows it copies). Only an InPlaceSafe
  /// op may write over an input, and only one at exactly the same bytes; an
  /// UpdatesFirstOperand op only over its first input.
  Status checkAliasing(const StepRecord &s, const std::string &what) const {
    const TensorRecord &out = plan_.tensors()[s.output];
    const auto op = static_cast<OpKind>(s.opcode);
    const bool inPlaceSafe = opKindHasTrait(op, OpTrait::InPlaceSafe);
    const bool updatesFirst = opKindHasTrait(op, OpTrait::UpdatesFirstOperand);
    for (uint32_t k = 0; k < s.inputCount; ++k) {
      uint32_t index = plan_.indices()[s.inputStart + k];
      const TensorRecord &in = plan_.tensors()[index];
      // Both ranges lie inside one region (checkTensors): no sum overflows.
      if (in.storage != out.storage || in.offset >= out.offset + out.bytes ||
          out.offset >= in.offset + in.bytes)
        continue;
      const bool sameBytes = in.offset == out.offset && in.bytes == out.bytes;
      if (sameBytes && (inPlaceSafe || (updatesFirst && k == 0)))
        continue;
      const std::string region = out.storage == uint8_t(Storage::State) ? "state" : "arena";
      return Status::error(what + "output tensor " + str(s.output) + " (" + region + " bytes [" +
                           str(out.offset) + ", +" + str(out.bytes) + ")) overlaps input " +
                           str(k) + " (tensor " + str(index) + ", " + region + " bytes [" +
                           str(in.offset) + ", +" + str(in.bytes) + "))" +
                           (inPlaceSafe    ? "; only an input at exactly the same bytes may share them"
                            : updatesFirst ? "; only its first input may share them"
                                           : "; this op cannot write its result over an input"));
    }
    return Status::success();
  }

  Status checkEntries() {
    uint64_t stringBytes = plan_.strings().size();
    const std::vector<uint32_t> &idx = plan_.indices();
    for (size_t i = 0; i < plan_.entries().size(); ++i) {
      const EntryRecord &e = plan_.entries()[i];
      std::string what = "entry " + str(i) + ": ";
      if (!stringOk(e.name, stringBytes))
        return Status::error(what + "name lies outside the strings section");
      if (!rangeInside(e.stepStart, e.stepCount, plan_.steps().size()))
        return Status::error(what + "steps lie outside the steps section");
      if (e.arenaBytes > plan_.header().arenaBytes)
        return Status::error(what + "needs " + str(e.arenaBytes) + " arena bytes, more than the " +
                             str(plan_.header().arenaBytes) + " the plan reserves");
      if (Status s = checkIndexRange(what + "inputs: ", e.inputStart, e.inputCount); !s)
        return s;
      if (Status s = checkIndexRange(what + "outputs: ", e.outputStart, e.outputCount); !s)
        return s;
      if (Status s = checkIndexRange(what + "updates: ", e.updateStart, uint64_t(e.updateCount) * 2); !s)
        return s;
      for (uint32_t k = 0; k < e.inputCount; ++k)
        if (plan_.tensors()[idx[e.inputStart + k]].storage != uint8_t(Storage::Arena))
          return Status::error(what + "input " + str(k) + " is not an arena tensor");
      for (uint32_t k = 0; k < e.updateCount; ++k) {
        const TensorRecord &state = plan_.tensors()[idx[e.updateStart + 2 * k]];
        const TensorRecord &value = plan_.tensors()[idx[e.updateStart + 2 * k + 1]];
        if (state.storage != uint8_t(Storage::State))
          return Status::error(what + "update " + str(k) + " does not write a state tensor");
        bool sameType = state.dtype == value.dtype && state.rank == value.rank &&
                        state.bytes == value.bytes;
        for (uint32_t d = 0; sameType && d < kMaxRank; ++d)
          sameType = state.dims[d] == value.dims[d];
        if (!sameType)
          return Status::error(what + "update " + str(k) + " writes a value of another type");
      }
    }
    return Status::success();
  }

  const Plan &plan_;
  uint64_t constantsBytes_;
  const Backend *backend_ = nullptr;
};

} // namespace

Status validatePlanRecords(const Plan &plan, uint64_t constantsBytes, const Backend *&backend) {
  return Validator(plan, constantsBytes).run(backend);
}

} // namespace thymos::rt
