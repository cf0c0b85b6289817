// RUN: env LD_BIND_NOW=1 thymosc %s --load-pass-plugin=%plugin_symbols --passes=graph-json --emit=none | FileCheck %s
// A plugin may call any function of the Thymos IR and pass libraries and of
// LLVM Support, not only those thymosc itself uses: this one writes JSON with
// llvm::json::OStream. LD_BIND_NOW=1 makes the loader resolve every function
// symbol when the plugin loads, so a symbol thymosc lacks fails the test
// ("undefined symbol") instead of passing until its first call.
module @m

graph @g(%x: f32[2,3]) -> f32[3] {
  %t = sum %x {axes = [0]} : (f32[2,3]) -> f32[3]
  %e = exp %t : (f32[3]) -> f32[3]
  return %e
}

// CHECK:      "module": "m",
// CHECK:      "name": "g",
// CHECK-NEXT: "results": "(f32[3])",
// CHECK:      "op": "sum",
// CHECK-NEXT: "type": "f32[3]",
// CHECK-NEXT: "uses": 1,
// CHECK-NEXT: "dtype": "f32",
// CHECK-NEXT: "axes": "[0]"
// CHECK:      "op": "exp",
