//===- Arena.h - The one allocation behind a C API context -----------------===//
//
// A bump allocator over a single malloc'ed block: allocation moves a cursor,
// nothing is freed until thymos_arena_destroy() releases the block whole.
// Allocation fails (returns null) instead of growing, so a caller that sized
// its arena too small gets an error it can report, never an abort.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>

struct ThymosCtx;

struct ThymosArena {
  unsigned char *base; // `size` bytes, right after this header in the same block
  size_t size;
  size_t used;
  ThymosCtx *ctx; // created by thymos_ctx_init(); destroyed with the arena
};

namespace thymos::capi {

/// `bytes` aligned to `align` (a power of two), or null when they do not fit.
void *arenaAllocate(ThymosArena &arena, size_t bytes, size_t align);

} // namespace thymos::capi
