//===- LlamaSession.cpp - Running an imported llama plan token by token -------===//

#include "runtime/llm/LlamaSession.h"

#include <string>

namespace thymos::llm {

using rt::Status;
namespace plan = thymos::plan;

namespace {

bool isType(const rt::TensorView &t, rt::DType dtype, std::initializer_list<int64_t> dims) {
  if (t.dtype != dtype || t.rank != dims.size())
    return false;
  uint32_t d = 0;
  for (int64_t n : dims)
    if (n >= 0 && t.dims[d++] != n)
      return false;
  return true;
}

} // namespace

Status LlamaSession::create(const rt::Plan &plan, rt::ThreadPool *threads,
                            std::unique_ptr<LlamaSession> &out) {
  std::unique_ptr<LlamaSession> s(new LlamaSession(plan));
  s->decode_ = plan.findEntry("decode");
  s->prefill_ = plan.findEntry("prefill");
  if (s->decode_ < 0)
    return Status::error("the plan has no entry @decode: it was not made by thymos-gguf import");
  // The context: the K/V caches' rows, the same for every state tensor.
  for (const plan::TensorRecord &t : plan.tensors()) {
    if (t.storage != uint8_t(plan::Storage::State))
      continue;
    if (t.rank != 3 || (s->context_ && t.dims[0] != s->context_))
      return Status::error("the plan's state is not a set of K/V caches [context, heads, dim]");
    s->context_ = t.dims[0];
  }
  if (s->context_ == 0)
    return Status::error("the plan has no K/V cache state");
  if (rt::Status st = rt::Executor::create(plan, threads, s->executor_); !st)
    return st;

  const rt::Executor &ex = *s->executor_;
  auto entryShape = [&](int entry, unsigned inputs) {
    const plan::EntryRecord &e = plan.entries()[static_cast<size_t>(entry)];
    return e.inputCount == inputs && e.outputCount == 1;
  };
  if (!entryShape(s->decode_, 2))
    return Status::error("@decode must take (token, pos) and return the logits");
  const rt::TensorView &token = ex.view(ex.entryInputs(uint32_t(s->decode_))[0]);
  const rt::TensorView &pos = ex.view(ex.entryInputs(uint32_t(s->decode_))[1]);
  const rt::TensorView &logits = ex.view(ex.entryOutputs(uint32_t(s->decode_))[0]);
  if (!isType(token, rt::DType::I32, {1}) || !isType(pos, rt::DType::I32, {}) ||
      !isType(logits, rt::DType::F32, {1, -1}))
    return Status::error("@decode must be (i32[1], i32[]) -> f32[1,vocab]");
  s->vocab_ = static_cast<int32_t>(logits.dims[1]);
  s->decodeToken_ = token.as<int32_t>();
  s->decodePos_ = pos.as<int32_t>();
  s->decodeLogits_ = logits.as<const float>();

  if (s->prefill_ >= 0) {
    if (!entryShape(s->prefill_, 3))
      return Status::error("@prefill must take (tokens, pos, last) and return the logits");
    const uint32_t *in = ex.entryInputs(uint32_t(s->prefill_));
    const rt::TensorView &tokens = ex.view(in[0]);
    const rt::TensorView &logitsP = ex.view(ex.entryOutputs(uint32_t(s->prefill_))[0]);
    if (!isType(tokens, rt::DType::I32, {-1}) || !isType(ex.view(in[1]), rt::DType::I32, {}) ||
        !isType(ex.view(in[2]), rt::DType::I32, {1}) ||
        !isType(logitsP, rt::DType::F32, {1, s->vocab_}))
      return Status::error("@prefill must be (i32[T], i32[], i32[1]) -> f32[1," +
                           std::to_string(s->vocab_) + "]");
    s->chunk_ = tokens.dims[0];
    s->prefillTokens_ = tokens.as<int32_t>();
    s->prefillPos_ = ex.view(in[1]).as<int32_t>();
    s->prefillLast_ = ex.view(in[2]).as<int32_t>();
    s->prefillLogits_ = logitsP.as<const float>();
  }
  out = std::move(s);
  return Status::success();
}

void LlamaSession::enableProfile() {
  decodeNanos_.assign(plan_.entries()[size_t(decode_)].stepCount, 0);
  if (prefill_ >= 0)
    prefillNanos_.assign(plan_.entries()[size_t(prefill_)].stepCount, 0);
}

Status LlamaSession::runDecode(int32_t id) {
  *decodeToken_ = id;
  *decodePos_ = static_cast<int32_t>(position_);
  if (Status s = executor_->run(uint32_t(decode_),
                                decodeNanos_.empty() ? nullptr : decodeNanos_.data());
      !s)
    return s;
  ++decodeRuns_;
  ++position_;
  logits_ = decodeLogits_;
  return Status::success();
}

Status LlamaSession::runChunk(const int32_t *ids, int64_t count) {
  // A short chunk is padded with its last token; the padded rows land in
  // cache rows past the real ones, which nothing attends to before later
  // tokens overwrite them.
  for (int64_t i = 0; i < chunk_; ++i)
    prefillTokens_[i] = ids[i < count ? i : count - 1];
  *prefillPos_ = static_cast<int32_t>(position_);
  *prefillLast_ = static_cast<int32_t>(count - 1);
  if (Status s = executor_->run(uint32_t(prefill_),
                                prefillNanos_.empty() ? nullptr : prefillNanos_.data());
      !s)
    return s;
  ++prefillRuns_;
  position_ += count;
  logits_ = prefillLogits_;
  return Status::success();
}

Status LlamaSession::evaluate(const int32_t *ids, size_t count, int64_t batch) {
  for (size_t i = 0; i < count; ++i)
    if (ids[i] < 0 || ids[i] >= vocab_)
      return Status::error("token id " + std::to_string(ids[i]) +
                           " is outside the vocabulary of " + std::to_string(vocab_));
  if (static_cast<int64_t>(count) > context_ - position_)
    return Status::error(std::to_string(count) + " more tokens do not fit: " +
                         std::to_string(position_) + " of the context's " +
                         std::to_string(context_) + " positions are used");
  if (batch <= 0 || batch > chunk_)
    batch = chunk_;
  size_t done = 0;
  while (done < count) {
    const int64_t left = static_cast<int64_t>(count - done);
    // A padded chunk writes chunk_ cache rows; near the context's end, or
    // for a remainder too short to pay for the padding, decode one by one.
    const bool chunked = batch > 1 && left >= 2 && position_ + chunk_ <= context_ &&
                         (left >= batch || left * 4 >= chunk_);
    if (!chunked) {
      if (Status s = runDecode(ids[done]); !s)
        return s;
      ++done;
      continue;
    }
    const int64_t n = left < batch ? left : batch;
    if (Status s = runChunk(ids + done, n); !s)
      return s;
    done += static_cast<size_t>(n);
  }
  return Status::success();
}

} // namespace thymos::llm
