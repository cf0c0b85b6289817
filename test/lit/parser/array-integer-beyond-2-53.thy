// RUN: not thymosc %s 2>&1 | FileCheck %s --implicit-check-not=error:
// Array elements are held as doubles: 2^53 is exact and accepted, 2^53 + 1
// would silently become 2^53 and is rejected.
module @m

graph @f() -> f32[2] {
  // CHECK: [[@LINE+1]]:42: error: integer '9007199254740993' in an array literal is beyond 2^53 and would be rounded
  %c = const {value = [9007199254740992, 9007199254740993]} : () -> f32[2]
  // CHECK: [[@LINE+1]]:24: error: integer '-9007199254740993' in an array literal is beyond 2^53 and would be rounded
  %d = const {value = [-9007199254740993, -9007199254740992]} : () -> f32[2]
  return %c
}
