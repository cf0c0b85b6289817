//===- Arena.cpp - The one allocation behind a C API context ---------------===//

#include "capi/Arena.h"
#include "capi/Builder.h"

#include <cstdint>
#include <cstdlib>
#include <new>

namespace thymos::capi {

void *arenaAllocate(ThymosArena &arena, size_t bytes, size_t align) {
  uintptr_t start = reinterpret_cast<uintptr_t>(arena.base) + arena.used;
  size_t padding = (align - start % align) % align;
  // Written as subtractions so that a huge request cannot wrap around.
  size_t left = arena.size - arena.used;
  if (padding > left || bytes > left - padding)
    return nullptr;
  arena.used += padding + bytes;
  return reinterpret_cast<void *>(start + padding);
}

} // namespace thymos::capi

extern "C" {

ThymosArena *thymos_arena_create(size_t bytes) {
  if (bytes > SIZE_MAX - sizeof(ThymosArena))
    return nullptr;
  void *block = std::malloc(sizeof(ThymosArena) + bytes);
  if (!block)
    return nullptr;
  auto *arena = static_cast<ThymosArena *>(block);
  arena->base = static_cast<unsigned char *>(block) + sizeof(ThymosArena);
  arena->size = bytes;
  arena->used = 0;
  arena->ctx = nullptr;
  return arena;
}

void thymos_arena_destroy(ThymosArena *arena) {
  if (!arena)
    return;
  // The context lives in the arena, but its module is on the C++ heap.
  if (arena->ctx)
    arena->ctx->~ThymosCtx();
  std::free(arena);
}

size_t thymos_arena_used(const ThymosArena *arena) { return arena ? arena->used : 0; }
size_t thymos_arena_size(const ThymosArena *arena) { return arena ? arena->size : 0; }

} // extern "C"
