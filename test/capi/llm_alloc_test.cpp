//===- llm_alloc_test.cpp - thymos_llm_next() allocates nothing ---------------===//
//
//   thymos-capi-llm-alloc-test MODEL.plan
//
// Counts the global operator new, which every allocation of the runtime's
// C++ goes through, while <thymos/thymos_llm.h> generates tokens after a
// prompt, greedy and sampled, on one thread and on two: the step loop must
// not allocate. Its pieces are short, so the piece buffer never grows.
//
//===----------------------------------------------------------------------===//
#include "thymos/thymos_llm.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

static std::atomic<long> allocations{0};

// Every form that pairs with the plain operator delete is replaced, so that
// a sanitizer's allocator never frees what malloc gave (or the reverse).
void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void *operator new(std::size_t size) {
  if (void *p = operator new(size, std::nothrow))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s MODEL.plan\n", argv[0]);
    return 2;
  }
  int failures = 0;
  const float temperatures[] = {0.0f, 0.8f};
  for (unsigned threads = 1; threads <= 2; ++threads)
    for (float temperature : temperatures) {
      ThymosLlmParams params = thymos_llm_default_params();
      params.threads = threads;
      params.temperature = temperature;
      params.repeat_penalty = 1.1f;
      char err[256];
      ThymosLlm *llm = nullptr;
      if (thymos_llm_load(argv[1], &params, &llm, err, sizeof err) != THYMOS_OK) {
        std::fprintf(stderr, "%s\n", err);
        return 1;
      }
      const long start = allocations.load();
      if (thymos_llm_prompt(llm, "Once upon a time", true) != THYMOS_OK) {
        std::fprintf(stderr, "%s\n", thymos_llm_error(llm));
        return 1;
      }
      const long before = allocations.load();
      // The counter counts: tokenizing the prompt allocates its ids.
      if (before == start) {
        std::fprintf(stderr, "operator new was not counted\n");
        return 1;
      }
      int tokens = 0;
      for (; tokens < 64; ++tokens) {
        int32_t token;
        const char *piece;
        if (thymos_llm_next(llm, &token, &piece) != THYMOS_OK) {
          std::fprintf(stderr, "%s\n", thymos_llm_error(llm));
          return 1;
        }
        if (token == thymos_llm_eos(llm))
          break;
      }
      const long during = allocations.load() - before;
      std::printf("threads %u, temperature %.1f: %d tokens, %ld allocations\n", threads,
                  double(temperature), tokens, during);
      if (during != 0)
        ++failures;
      thymos_llm_free(llm);
    }
  return failures ? 1 : 0;
}
