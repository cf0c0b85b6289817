// A one-number constant of a 4 TiB type: lowering materialised every element
// into the plan and thymosc died with "LLVM ERROR: out of memory". A plan
// constant now takes at most 256 MiB.
module @m
graph @f() -> f32[1048576,1048576] {
  %c = const {value = 1.0} : () -> f32[1048576,1048576]
  return %c
}
