//===- ThymosGenerate.cpp - Text generation with a llama model ----------------===//
//
//   thymos-generate -m model.gguf -p "Once upon a time" -n 64 --temp 0
//   thymos-generate --plan model.plan -p "..." --json
//
// Tokenize the prompt, evaluate it in prefill chunks, then sample, print and
// evaluate one token at a time (runtime/llm/LlamaSession.h). Every buffer the
// loop uses is sized before the first token.
//
//===----------------------------------------------------------------------===//

#include "GenerateOptions.h"
#include "ModelPlan.h"
#include "Profile.h"

#include "../thymos-run/Json.h"
#include "runtime/cpu/ThreadPool.h"
#include "runtime/io/File.h"
#include "runtime/io/Npy.h"
#include "runtime/llm/ChatTemplate.h"
#include "runtime/llm/LlamaSession.h"
#include "runtime/MemoryReport.h"
#include "runtime/llm/Sampler.h"
#include "runtime/quant/Quant.h"

#include "thymos/Version.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace thymos;
using Clock = std::chrono::steady_clock;

namespace {

int fail(const std::string &message) {
  std::fprintf(stderr, "thymos-generate: error: %s\n", message.c_str());
  return 1;
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string mib(uint64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f MiB", double(bytes) / (1024.0 * 1024.0));
  return buffer;
}

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", v);
  return buffer;
}

std::string idList(const std::vector<int32_t> &ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i)
    s += (i ? ", " : "") + std::to_string(ids[i]);
  return s + "]";
}

/// Rows of logits kept for --logits-out, in memory sized up front.
class LogitsLog {
public:
  void reserve(size_t rows, int32_t vocab) {
    vocab_ = vocab;
    data_.reserve(rows * static_cast<size_t>(vocab));
  }
  void add(const float *logits) {
    if (vocab_ && data_.size() + size_t(vocab_) <= data_.capacity())
      data_.insert(data_.end(), logits, logits + vocab_);
  }
  rt::Status save(const std::string &path) {
    rt::TensorView t;
    t.dtype = rt::DType::F32;
    t.rank = 2;
    t.dims[0] = vocab_ ? static_cast<int64_t>(data_.size() / size_t(vocab_)) : 0;
    t.dims[1] = vocab_;
    t.data = data_.data();
    return rt::writeNpy(path, t);
  }

private:
  int32_t vocab_ = 0;
  std::vector<float> data_;
};

} // namespace

int main(int argc, char **argv) {
  generate::GenerateOptions o;
  std::string error;
  if (!generate::parseGenerateOptions(argc, argv, o, error))
    return fail(error);
  if (o.help) {
    std::fputs(generate::kUsage, stdout);
    return 0;
  }
  if (o.version) {
    std::printf("thymos-generate (Thymos) %s\n", THYMOS_VERSION_STRING);
    return 0;
  }

  auto loadStart = Clock::now();
  generate::LoadedModel model;
  model.vocabulary.allowDefaultPreTokenizer = o.allowDefaultPreTokenizer;
  rt::LoadOptions loadOptions;
  loadOptions.verifyWeights = o.verifyWeights;
  generate::Budget budget;
  budget.bytes = o.memBudget;
  budget.threads = o.threads;
  if (rt::Status s = o.planPath.empty() ? generate::loadModel(o.modelPath, o.context, o.batch,
                                                              o.cacheType, o.cuda, budget, model)
                                        : generate::loadPlan(o.planPath, loadOptions, model);
      !s)
    return fail(s.message());
  // What the run will keep resident, before the weights are touched.
  uint64_t reported = 0;
  if (o.memReport || o.memBudget) {
    const rt::MemoryReport report = budget.report(*model.plan);
    reported = report.host() + report.device();
    if (o.memReport)
      std::fprintf(stderr, "memory this run will use:\n%s", report.table().c_str());
    if (model.chosenContext)
      std::fprintf(stderr, "context: %lld tokens, the largest that fits --mem-budget %s\n",
                   static_cast<long long>(model.chosenContext),
                   rt::formatBytes(o.memBudget).c_str());
    if (o.memBudget)
      if (rt::Status s = rt::checkBudget(report, o.memBudget); !s)
        return fail(s.message());
  }
  rt::ThreadPool threads(o.threads);
  std::unique_ptr<llm::LlamaSession> session;
  if (rt::Status s = llm::LlamaSession::create(*model.plan, &threads, session); !s)
    return fail((o.planPath.empty() ? o.modelPath : o.planPath) + ": " + s.message());
  const double loadMs = msSince(loadStart);
  if (o.profile)
    session->enableProfile();
  const llm::Tokenizer &tokenizer = *model.tokenizer;
  if (tokenizer.size() != session->vocabSize())
    return fail("the vocabulary has " + std::to_string(tokenizer.size()) +
                " tokens but the model's logits have " + std::to_string(session->vocabSize()));
  int64_t context = session->contextLength();
  if (!o.planPath.empty() && o.context > 0)
    context = std::min(context, o.context);

  // --chat: the prompt becomes a user turn in the model's format, whose
  // markers are control tokens.
  std::string promptText = o.prompt;
  if (o.chat) {
    llm::ChatFormat format;
    if (!o.chatTemplate.empty()) {
      llm::chatFormatNamed(o.chatTemplate, format);
    } else if (tokenizer.chatTemplate().empty()) {
      return fail("the model has no chat template (tokenizer.chat_template); name its format "
                  "with --chat-template " + llm::chatFormatNames());
    } else if (rt::Status s = llm::detectChatFormat(tokenizer.chatTemplate(), format); !s) {
      return fail(s.message());
    }
    std::vector<llm::ChatMessage> turns;
    if (o.haveSystem)
      turns.push_back({"system", o.system});
    turns.push_back({"user", o.prompt});
    promptText = llm::formatChat(format, turns, /*addAssistant=*/true);
  }
  std::vector<int32_t> prompt =
      o.havePromptIds ? o.promptIds
                      : tokenizer.tokenize(promptText, !o.noBos, o.special || o.chat);
  if (prompt.empty())
    return fail("the prompt has no tokens (an empty prompt needs BOS: drop --no-bos)");
  if (static_cast<int64_t>(prompt.size()) > context)
    return fail("the prompt is " + std::to_string(prompt.size()) +
                " tokens, more than the context of " + std::to_string(context) +
                " (raise -c, or shorten the prompt)");
  // The last generated token is never evaluated, so a full context holds
  // one more generated token than it has free rows.
  const int64_t room = context - static_cast<int64_t>(prompt.size()) + 1;
  const bool contextLimits = o.maxTokens < 0 || o.maxTokens > room;
  const int64_t wanted = contextLimits ? room : o.maxTokens;

  std::unique_ptr<llm::Sampler> sampler;
  if (rt::Status s = llm::Sampler::create(o.sampling, size_t(session->vocabSize()), sampler); !s)
    return fail(s.message());
  for (int32_t id : prompt)
    if (rt::Status s = sampler->accept(id); !s)
      return fail(s.message());
  LogitsLog logitsLog;
  if (!o.logitsOut.empty())
    logitsLog.reserve(prompt.size() + size_t(wanted), session->vocabSize());
  std::vector<int32_t> generated;
  generated.reserve(size_t(wanted));
  std::string text;
  llm::TokenStream stream(tokenizer, /*special=*/false, /*atTextStart=*/false);
  // Sized before the first token, so that the loop does not allocate for
  // pieces of ordinary length, nor for the text kept for --json.
  stream.reserve(256);
  std::string piece;
  piece.reserve(256);
  text.reserve(static_cast<size_t>(wanted) * 16);

  if (!o.json) {
    std::fputs(o.havePromptIds ? tokenizer.detokenize(prompt).c_str() : promptText.c_str(),
               stdout);
    std::fflush(stdout);
  }

  // The prompt: with --logits-out and -b 1, each token's logits are kept.
  auto promptStart = Clock::now();
  if (!o.logitsOut.empty() && o.batch == 1) {
    for (int32_t id : prompt) {
      if (rt::Status s = session->evaluate(&id, 1, 1); !s)
        return fail(s.message());
      logitsLog.add(session->logits());
    }
  } else {
    if (rt::Status s = session->evaluate(prompt.data(), prompt.size(), o.batch); !s)
      return fail(s.message());
    logitsLog.add(session->logits());
  }
  const double promptMs = msSince(promptStart);

  const char *stop = "length";
  auto decodeStart = Clock::now();
  while (static_cast<int64_t>(generated.size()) < wanted) {
    int32_t next;
    if (rt::Status s = sampler->sample(session->logits(), size_t(session->vocabSize()), next); !s)
      return fail(s.message());
    if (tokenizer.endsGeneration(next) && !o.ignoreEos) {
      stop = "eos";
      break;
    }
    generated.push_back(next);
    stream.push(next, piece);
    text += piece;
    if (!o.json) {
      std::fputs(piece.c_str(), stdout);
      std::fflush(stdout);
    }
    if (static_cast<int64_t>(generated.size()) == wanted) {
      stop = contextLimits ? "context" : "length";
      break;
    }
    if (rt::Status s = session->evaluate(&next, 1); !s)
      return fail(s.message());
    logitsLog.add(session->logits());
  }
  const double decodeMs = msSince(decodeStart);
  std::string rest = stream.finish();
  text += rest;

  const double promptTokS = promptMs > 0 ? 1000.0 * double(prompt.size()) / promptMs : 0;
  const double decodeTokS = decodeMs > 0 ? 1000.0 * double(generated.size()) / decodeMs : 0;
  if (o.json) {
    std::string out = "{\"prompt_ids\": " + idList(prompt) +
                      ", \"generated_ids\": " + idList(generated) +
                      ", \"text\": " + run::jsonString(text) + ", \"stop\": \"" + stop +
                      "\", \"timings\": {\"load_ms\": " + number(loadMs) +
                      ", \"import_ms\": " + number(model.importMs) +
                      ", \"compile_ms\": " + number(model.compileMs) +
                      ", \"prompt_tokens\": " + std::to_string(prompt.size()) +
                      ", \"prompt_ms\": " + number(promptMs) +
                      ", \"prompt_tok_s\": " + number(promptTokS) +
                      ", \"generated_tokens\": " + std::to_string(generated.size()) +
                      ", \"decode_ms\": " + number(decodeMs) +
                      ", \"decode_tok_s\": " + number(decodeTokS) +
                      "}, \"memory\": {\"weights_mapped_bytes\": " +
                      std::to_string(model.weightBytes) +
                      ", \"kv_cache_bytes\": " + std::to_string(session->stateBytes()) +
                      ", \"arena_bytes\": " + std::to_string(session->arenaBytes()) +
                      ", \"context\": " + std::to_string(context) +
                      ", \"peak_resident_bytes\": " + std::to_string(rt::peakResidentBytes()) +
                      ", \"reported_bytes\": " + std::to_string(reported) +
                      "}, \"quant_kernels\": \"" + quant::isaName(quant::activeIsa()) + "\"}\n";
    std::fputs(out.c_str(), stdout);
  } else {
    std::fputs(rest.c_str(), stdout);
    std::fputs("\n", stdout);
  }
  if (rt::Status s = rt::io::closeStandardOutput(); !s)
    return fail(s.message());
  if (!o.logitsOut.empty())
    if (rt::Status s = logitsLog.save(o.logitsOut); !s)
      return fail(s.message());

  if (o.profile) {
    generate::printProfile(stderr, *model.plan, session->prefillEntry(),
                           session->prefillStepNanos(), session->prefillRuns());
    generate::printProfile(stderr, *model.plan, session->decodeEntry(),
                           session->decodeStepNanos(), session->decodeRuns());
  }
  if (!o.json) {
    if (std::string(stop) == "context")
      std::fprintf(stderr, "thymos-generate: the context of %lld tokens is full: stopped after "
                           "%zu generated tokens\n",
                   static_cast<long long>(context), generated.size());
    char how[96];
    if (o.planPath.empty())
      std::snprintf(how, sizeof how, "import %.2f ms, compile %.2f ms", model.importMs,
                    model.compileMs);
    else
      std::snprintf(how, sizeof how, "plan file, weights mapped and checked");
    std::fprintf(stderr,
                 "\nprompt:    %5zu tokens in %9.2f ms (%9.2f tok/s)\n"
                 "generated: %5zu tokens in %9.2f ms (%9.2f tok/s), stop: %s\n"
                 "load:      %9.2f ms (%s)\n"
                 "memory:    weights %s mapped, KV cache %s (context %lld), arena %s\n"
                 "kernels:   %s (quantized matmuls)\n"
                 "resident:  peak %s of host memory%s\n",
                 prompt.size(), promptMs, promptTokS, generated.size(), decodeMs, decodeTokS,
                 stop, loadMs, how, mib(model.weightBytes).c_str(),
                 mib(session->stateBytes()).c_str(), static_cast<long long>(context),
                 mib(session->arenaBytes()).c_str(), quant::isaName(quant::activeIsa()),
                 mib(rt::peakResidentBytes()).c_str(),
                 reported ? (" (reported before loading: " + mib(reported) + ")").c_str() : "");
  }
  return 0;
}
