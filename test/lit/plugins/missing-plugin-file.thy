// RUN: not thymosc %s --load-pass-plugin=%t.does-not-exist.so --passes=verify 2>&1 | FileCheck %s
// A plugin path that names no file: the message gives the path and the
// loader's reason.
module @m

graph @g(%x: f32[4]) -> f32[4] {
  return %x
}

// CHECK: cannot load pass plugin '{{.*}}.does-not-exist.so': {{.*}}No such file or directory
